// The regeneration check of derived data (npm run check:data) survives Debian point releases and
// still catches a broken derivation. These run on the committed tables, no kernel tree needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareDerived } from '../../scripts/check-data';
import { linuxParamFacts } from '../../scripts/data-drift';
import { deriveLinuxParams, serializeTable } from '../../scripts/derive-linux-params';

const file = path.resolve(__dirname, '../data/linux/params-6.1.json');
const committed = readFileSync(file, 'utf8');
const facts = (t: string) => linuxParamFacts(JSON.parse(t));
const recorded = { package: 'linux-source-6.1', version: '6.1.100-1', sha256: 'a'.repeat(64) };
const other = { ...recorded, version: '6.1.101-1', sha256: 'b'.repeat(64) };

/** The committed table as a later point release would give it: every line moved, a new release string. */
function shifted(text: string): string {
  const t = JSON.parse(text);
  t.release = '6.1.999';
  for (const r of [...t.params, ...t.boot]) r[3] = Number(r[3]) + 7;
  for (const r of t.docs) r[1] = Number(r[1]) + 3;
  return JSON.stringify(t);
}

test('the committed Linux table has thousands of facts', () => {
  assert.ok(facts(committed).length > 5000);
});

test('same tarball: byte-identical or a failure naming the change', () => {
  assert.equal(compareDerived('p', committed, committed, recorded, recorded, facts).failure, undefined);
  const r = compareDerived('p', committed, shifted(committed), recorded, recorded, facts);
  assert.match(r.failure ?? '', /does not regenerate identically/);
});

test('another point release: moved lines and release strings are no drift', () => {
  const r = compareDerived('p', committed, shifted(committed), recorded, other, facts);
  assert.equal(r.failure, undefined);
  assert.match(r.report, /none moved/);
  assert.match(r.report, /6\.1\.101-1 installed/);
});

test('another point release: a few facts moved are printed, not failed', () => {
  const t = JSON.parse(shifted(committed));
  t.params.splice(0, 3);
  t.params.push(['brand_new_param', 's', 0, 1]);
  const r = compareDerived('p', committed, JSON.stringify(t), recorded, other, facts);
  assert.equal(r.failure, undefined);
  assert.match(r.report, /3 gone .*1 new/);
  assert.match(r.report, /\+ param brand_new_param/);
});

test('a derivation that loses a large share of the facts fails', () => {
  const t = JSON.parse(committed);
  t.params = t.params.slice(0, Math.floor(t.params.length / 2));
  const r = compareDerived('p', committed, JSON.stringify(t), recorded, other, facts);
  assert.match(r.failure ?? '', /lost \d+ of \d+ committed facts/);
});

test('the real derivation on an empty tree yields nothing, and that fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xc-empty-tree-'));
  try {
    writeFileSync(path.join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 5\n');
    const fresh = serializeTable(deriveLinuxParams(dir));
    const r = compareDerived('p', committed, fresh, recorded, other, facts);
    assert.ok(r.failure, 'an empty derivation must fail');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
