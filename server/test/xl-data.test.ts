// The bundled xl knowledge: schemas, coverage by descriptions of our own, size, and the derive
// script's behaviour on a small made-up manual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { allKeys, keyInfo, specs, targetRelease, inReleases } from '../src/xl/knowledge';

const dataDir = path.resolve(__dirname, '../data/xl');
const read = (f: string) => JSON.parse(readFileSync(path.join(dataDir, f), 'utf8'));

test('every option of every release has a description of our own, and notes name real options', () => {
  const notes = read('xl-notes.json');
  for (const kind of ['domain', 'xl.conf'] as const) {
    for (const k of allKeys(kind)) assert.ok(keyInfo(kind, k)?.note?.summary, `${kind} ${k}`);
  }
  for (const k of Object.keys(notes.keys)) assert.ok(keyInfo('domain', k), k);
  for (const k of Object.keys(notes.confKeys)) assert.ok(keyInfo('xl.conf', k), k);
  for (const k of Object.keys(notes.guestOverrides)) assert.ok(keyInfo('domain', k), k);
  for (const [k, n] of Object.entries(notes.keys) as Array<
    [string, { valuesLike?: string; successor?: string; spec?: string }]
  >) {
    if (n.valuesLike) assert.ok(keyInfo('domain', n.valuesLike), `${k} → ${n.valuesLike}`);
    if (n.successor) assert.ok(keyInfo('domain', n.successor), `${k} → ${n.successor}`);
    if (n.spec) assert.ok(specs[n.spec], `${k} spec ${n.spec}`);
  }
});

test('facts the checks rely on', () => {
  const type = keyInfo('domain', 'type')!.fact;
  assert.equal(type.releases, '4.10-4.22');
  assert.deepEqual(Object.keys(type.values!), ['pv', 'pvh', 'hvm']);
  assert.ok(keyInfo('domain', 'builder')!.fact.deprecated);
  const dmv = keyInfo('domain', 'device_model_version')!.fact.values!;
  assert.ok(!inReleases(dmv['qemu-xen-traditional'].releases, '4.21'));
  assert.ok(inReleases(dmv['qemu-xen-traditional'].releases, '4.20'));
  assert.deepEqual(keyInfo('domain', 'boot')!.guests, ['hvm']);
  assert.deepEqual(keyInfo('domain', 'bootloader')!.guests, ['pv', 'pvh']);
  assert.equal(keyInfo('domain', 'gic_version')!.fact.arch, 'arm');
  assert.deepEqual(Object.keys(keyInfo('xl.conf', 'autoballoon')!.fact.values!), ['off', 'on', 'auto']);
  assert.deepEqual(targetRelease('4.17.3'), { release: '4.17', source: 'from settings' });
  assert.equal(targetRelease('5.0').release, '4.22');
  assert.equal(targetRelease(undefined).release, '4.22');
});

test('shipped xl data stays small (≤ 200 KB)', () => {
  const total = readdirSync(dataDir).reduce((n, f) => n + statSync(path.join(dataDir, f)).size, 0);
  assert.ok(total <= 200 * 1024, `xl data is ${total} bytes`);
});

test('the derive script reads manuals into facts: releases, values, guests, deprecations', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'xl-derive-')), 'keys.json');
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve(__dirname, '../../scripts/derive-xl-cfg.ts'),
      path.join(__dirname, 'fixtures/xl'),
      '--out',
      out,
    ],
    { stdio: 'pipe' },
  );
  const d = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(d.releases, ['4.8', '4.9']);
  assert.equal(d.keys.name.releases, '4.8-4.9');
  assert.equal(d.keys.memory.releases, '4.8');
  assert.deepEqual(d.keys.memory.types, ['number']);
  assert.equal(d.keys.memory.default, '128');
  assert.deepEqual(d.keys.on_crash.values, { destroy: { releases: '4.8-4.9' }, restart: { releases: '4.8' } });
  assert.deepEqual(d.keys.disk.types, ['list']);
  assert.deepEqual(d.keys.vga.guests, ['hvm']);
  assert.equal(d.keys.tsc_mode.arch, 'x86');
  assert.deepEqual(d.keys.bootloader.guests, ['pv']);
  assert.equal(d.keys.oldkey.deprecated, true);
  assert.equal(d.keys.oldkey.successor, 'newkey');
  assert.equal(d.keys.name.origin, 'xl.cfg-4.9.0.pod:7');
});
