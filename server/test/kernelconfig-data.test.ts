// Bundled kernel data: schemas, coverage of the Xen symbols and the seed, size, and that the
// derive script reproduces the shipped symbols.json from the trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { derive } from '../../scripts/derive-kernel-symbols';
import { SEED_DOM0, SEED_DOMU } from './kernelconfig-seed-lists';
import { availability, makeTarget, symbolInfo, xenInfo, xenSymbolNames, allSymbolNames } from '../src/kernelconfig/knowledge';

const dataDir = path.resolve(__dirname, '../data/kernel');
const TREES = process.env.XEN_CONFIG_TREES ?? '/work/trees';
const requireTrees = process.env.XEN_CONFIG_REQUIRE_TREES === '1';
const haveTrees = existsSync(path.join(TREES, 'linux-source-6.1/Kconfig')) && existsSync(path.join(TREES, 'linux-source-6.12/Kconfig'));

test('shipped kernel data stays compact (≤ 3 MB in all)', () => {
  const total = readdirSync(dataDir).reduce((n, f) => n + statSync(path.join(dataDir, f)).size, 0);
  assert.ok(total <= 3 * 1024 * 1024, `kernel data is ${total} bytes`);
});

test('every seed symbol and every XEN symbol of 6.1/6.12 has a description of our own', () => {
  for (const s of [...SEED_DOMU, ...SEED_DOM0]) assert.ok(xenInfo(s)?.description, `seed symbol ${s} has a description`);
  const treeXen = allSymbolNames().filter((n) => /(^|_)XEN(_|$)|^XENFS$/.test(n) && !/^KVM_/.test(n));
  for (const s of treeXen) assert.ok(xenInfo(s)?.description, `${s} has a description`);
});

test('history is consistent with the trees: renames point at existing symbols, removed ones are absent', () => {
  const t61 = makeTarget('6.1', 'x86_64', 'test');
  for (const name of xenSymbolNames()) {
    for (const e of xenInfo(name)!.history) {
      assert.ok(e.source.length > 10, `${name}: source given`);
      if (e.kind === 'renamed' || e.kind === 'replaced') assert.ok(symbolInfo((e.to ?? e.by)!) || xenInfo((e.to ?? e.by)!), `${name} → ${e.to ?? e.by} is known`);
      const gone = e.kind === 'removed' || e.kind === 'renamed' || e.kind === 'replaced';
      const when = e.version ?? e.before;
      if (gone && when && Number(when.split('.')[0]) < 6) assert.notEqual(availability(name, t61).state, 'present', `${name} removed in ${when} is not in 6.1`);
    }
  }
});

test('derive-kernel-symbols reproduces the shipped symbols.json', { skip: !haveTrees && !requireTrees ? 'kernel trees not present' : false }, () => {
  const shipped = JSON.parse(readFileSync(path.join(dataDir, 'symbols.json'), 'utf8'));
  const fresh = derive(TREES);
  assert.deepEqual(fresh.symbols, shipped.symbols);
  assert.deepEqual(fresh.files, shipped.files);
  assert.deepEqual(derive(TREES).symbols, fresh.symbols, 'deterministic');
});
