// Linux command lines judged with the targeted release's own derived table (server/data/linux/
// params-<v>.json, from mainline trees of 3.1 … 5.15 and Debian's 6.1/6.12): for every derived
// release a parameter that only it registers is accepted there and called unknown by every other
// release; a version between two derived ones reports only what both agree on; tables load lazily.
// 3.2's tree has no Documentation/: its documentation facts are the entries that 3.1's and 3.10's
// kernel-parameters.txt share, recorded as such (docsFrom and origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, service } from './helpers';
import { curated } from '../src/linux/curated';
import { KNOWN_TABLES, loadedTables, normName, releaseTable, tablesFor, type TableVersion } from '../src/linux/tables';
import { commonDocEntries, type DocEntry } from '../../scripts/derive-linux/paramsDoc';

const direct = (args: string, version: string) =>
  `title y\n root (hd0,0)\n kernel /boot/vmlinuz-${version}-xen ${args}\n`;

function linuxCodes(text: string, arch: 'x86_64' | 'arm64' = 'x86_64'): string[] {
  return service({ arch })
    .diagnose(doc(text, 'menu-lst'))
    .filter((d) => d.code.startsWith('linux/'))
    .map((d) => d.code);
}

const UNKNOWN = [
  'linux/unknown-parameter',
  'linux/unknown-module-parameter',
  'linux/not-in-version',
  'linux/other-architecture',
];
const said = (codes: string[]) => codes.some((c) => UNKNOWN.includes(c));

interface Raw {
  version: string;
  release: string;
  origin: string;
  source?: { repository?: string; commit?: string };
  docsFrom?: { rule: string; files: Array<{ release: string; file: string; repository: string; commit: string }> };
  params: Array<Array<string | number>>;
  docs: Array<Array<string | number>>;
}
const rawOf = (v: string): Raw =>
  JSON.parse(readFileSync(path.resolve(__dirname, `../data/linux/params-${v}.json`), 'utf8')) as Raw;

/** A value the registered type accepts. */
function valueFor(type: string | undefined): string | undefined {
  if (!type) return undefined;
  if (/^(bool|invbool)$/.test(type)) return '1';
  if (/^(array of )?(u?int|u?short|u?long|ullong|byte|hexint)$/.test(type)) return '1';
  if (/^(charp|string)$/.test(type)) return 'x';
  return undefined;
}

/**
 * A word for an x86_64 parameter that this release registers and no other derived release does,
 * and that the curated facts do not know: a __setup/early_param name when there is one, else a
 * core or module parameter of a plain type (with a value of that type).
 */
function onlyIn(v: TableVersion): string | undefined {
  const others = KNOWN_TABLES.filter((o) => o !== v).map((o) => releaseTable(o));
  let fallback: string | undefined;
  for (const r of rawOf(v).params) {
    const [name, kind, , , arch, , type] = r as [string, string, number, number, string?, number?, string?];
    if (!'secm'.includes(kind) || (arch && arch !== 'x') || !/^[a-z][a-z0-9_.]{3,}=?$/.test(name)) continue;
    const key = normName(name);
    if (curated(key) || others.some((t) => t.byName.has(key))) continue;
    if (kind === 's' || kind === 'e') return name.endsWith('=') ? `${name}1` : name;
    const value = valueFor(type);
    if (value !== undefined) fallback ??= `${name}=${value}`;
  }
  return fallback;
}

test('tables load only when a command line targets their release', () => {
  // Nothing in this file has judged a line yet: no table is decoded.
  assert.deepEqual(loadedTables(), []);
  linuxCodes(direct('quiet', '4.19.0'));
  assert.deepEqual(loadedTables(), ['4.19']);
});

test('every mainline table names its repository, commit and version', () => {
  for (const v of KNOWN_TABLES) {
    const raw = rawOf(v);
    assert.equal(raw.version, v);
    assert.ok(raw.release.startsWith(`${v}.`), `${v}: release ${raw.release}`);
    if (v === '6.1' || v === '6.12') continue;
    assert.match(raw.source?.repository ?? '', /^[^/]+\/[^/]+$/, `${v} names its repository`);
    assert.match(raw.source?.commit ?? '', /^[0-9a-f]{40}$/, `${v} names its commit`);
    assert.ok(
      raw.origin.includes(raw.source!.repository!) &&
        raw.origin.includes(raw.source!.commit!) &&
        raw.origin.includes(`Linux ${raw.release}`),
    );
    // Only 3.2, whose tree lacks Documentation/, borrows documentation facts.
    assert.equal(raw.docsFrom !== undefined, v === '3.2', `${v}: docsFrom`);
  }
});

test('3.2: documentation facts are the entries 3.1 and 3.10 both document, and the table says so', () => {
  const raw = rawOf('3.2');
  const [r31, r310] = [rawOf('3.1'), rawOf('3.10')];
  assert.equal(raw.docsFrom?.rule, 'common-entries');
  // The files named are those of the 3.1 and 3.10 tables' own snapshots, and the origin names them.
  assert.deepEqual(
    raw.docsFrom?.files.map((f) => [f.release, f.repository, f.commit]),
    [r31, r310].map((r) => [r.release, r.source?.repository, r.source?.commit]),
  );
  for (const f of raw.docsFrom!.files)
    assert.ok(raw.origin.includes(f.repository) && raw.origin.includes(f.commit) && raw.origin.includes(f.file));
  assert.match(raw.origin, /intersection of the kernel-parameters\.txt of Linux 3\.1\.\d+ and Linux 3\.10\.\d+/);
  const fold = (n: unknown) => String(n).replace(/-/g, '_');
  const docNames = (r: Raw) => new Set(r.docs.map((d) => fold(d[0])));
  const both = [...docNames(r31)].filter((n) => docNames(r310).has(n));
  assert.deepEqual([...docNames(raw)].sort(), both.sort());
  assert.ok(both.length > 500, `${both.length} entries in common`);
  // A fact is kept only where both files agree: a deprecation that both carry is there.
  const dep = (r: Raw) => new Set(r.docs.filter((d) => d[5] === 'deprecated').map((d) => fold(d[0])));
  assert.deepEqual([...dep(raw)].sort(), [...dep(r31)].filter((n) => dep(r310).has(n)).sort());
});

for (const v of KNOWN_TABLES) {
  test(`Linux ${v}: a parameter only its own table has is accepted there and unknown in every other release`, () => {
    const word = onlyIn(v);
    assert.ok(word, `a parameter only ${v} registers`);
    assert.ok(!said(linuxCodes(direct(word, `${v}.0`))), `${word} is a parameter of ${v}`);
    for (const o of KNOWN_TABLES) {
      if (o === v) continue;
      assert.ok(said(linuxCodes(direct(word, `${o}.0`))), `${word} is unknown to ${o}`);
    }
  });
}

test('named examples: parameters that only the old releases know', () => {
  // The words are picked from the tables themselves, so the test follows a regeneration.
  const cases: Array<[TableVersion, string, string]> = [];
  for (const v of ['3.1', '4.19', '5.15'] as const) {
    const w = onlyIn(v);
    if (w) cases.push([v, w, `${v}.0`]);
  }
  assert.equal(cases.length, 3);
  for (const [v, w] of cases) {
    const hover = service()
      .diagnose(doc(direct(`${w} bogus_word_xyz`, `${v}.10`), 'menu-lst'))
      .filter((d) => UNKNOWN.includes(d.code));
    // Only the made-up word is unknown to its own release, and the message names the exact release.
    assert.equal(hover.length, 1, JSON.stringify(hover));
    assert.match(hover[0].message, new RegExp(`Linux ${releaseTable(v).release.replace(/\./g, '\\.')}`));
  }
});

test('a version between two derived releases reports only what both agree on', () => {
  assert.deepEqual(tablesFor([4, 20]), { around: ['4.19', '5.4'] });
  assert.deepEqual(tablesFor([4, 19]), { exact: '4.19', around: ['4.19'] });
  assert.deepEqual(tablesFor([2, 6, 32]).around, ['3.1']);
  assert.deepEqual(tablesFor([7, 0]).around, [KNOWN_TABLES[KNOWN_TABLES.length - 1]]);
  const w419 = onlyIn('4.19')!;
  const w54 = onlyIn('5.4')!;
  // Known to one side only: not called unknown in between.
  assert.ok(!said(linuxCodes(direct(w419, '4.20.0'))), w419);
  assert.ok(!said(linuxCodes(direct(w54, '4.20.0'))), w54);
  // Known to neither side: unknown.
  assert.ok(said(linuxCodes(direct('bogus_word_xyz', '4.20.0'))));
  const detail = service().symbols(doc(direct('quiet', '4.20.0'), 'menu-lst'))[0].detail ?? '';
  assert.match(detail, /sources of Linux 4\.19 and 5\.4/);
});

test('the exact release decides for 3.1: xen-pciback and the PV spinlock switch', () => {
  // xen_nopvspin came with 3.x PV spinlocks (not in 3.1); xen-pciback.hide was there from 3.1.
  assert.ok(said(linuxCodes(direct('xen_nopvspin', '3.1.10'))));
  assert.ok(!said(linuxCodes(direct('xen_nopvspin', '4.19.0'))));
  assert.ok(!said(linuxCodes(direct('xen-pciback.hide=(0000:03:00.0)', '3.1.10'))));
});

test('a 3.2.x target is judged by the 3.2.4 source, no longer by 3.1 and 3.10', () => {
  assert.deepEqual(tablesFor([3, 2, 54]), { exact: '3.2', around: ['3.2'] });
  // A parameter only 3.2 registers: accepted on Debian's 3.2, unknown to 3.1 and 3.10.
  const w32 = onlyIn('3.2')!;
  assert.ok(w32, 'a parameter only 3.2 registers');
  assert.ok(!said(linuxCodes(direct(w32, '3.2.0-4-amd64'))), w32);
  assert.ok(said(linuxCodes(direct(w32, '3.1.10'))) && said(linuxCodes(direct(w32, '3.10.0'))), w32);
  // A parameter only 3.1 registers was accepted while 3.2 was judged by 3.1 and 3.10; not now.
  const w31 = onlyIn('3.1')!;
  assert.ok(said(linuxCodes(direct(w31, '3.2.0-4-amd64'))), w31);
  const detail = service().symbols(doc(direct('quiet', '3.2.0-4-amd64'), 'menu-lst'))[0].detail ?? '';
  assert.match(detail, /Linux 3\.2\.4 source/);
  const msgs = service()
    .diagnose(doc(direct('bogus_word_xyz', '3.2.54'), 'menu-lst'))
    .filter((d) => UNKNOWN.includes(d.code));
  assert.equal(msgs.length, 1);
  assert.match(msgs[0].message, /Linux 3\.2\.4/);
});

test('3.2: a deprecation both neighbours document is reported, naming whose documentation says so', () => {
  // A name 3.2 registers for x86_64 that its borrowed documentation marks deprecated without a successor.
  const t = releaseTable('3.2');
  const name = [...t.byName.values()].find(
    (f) =>
      f.docs.some((d) => d.deprecated && !d.successor) &&
      f.defs.some((d) => d.arches.includes('x86_64')) &&
      !curated(normName(f.name)),
  )?.name;
  assert.ok(name, 'a deprecated name');
  const ds = service()
    .diagnose(doc(direct(`${name}=1`, '3.2.54'), 'menu-lst'))
    .filter((d) => d.code === 'linux/obsolete-parameter');
  assert.equal(ds.length, 1, name);
  assert.match(ds[0].message, /of 3\.1\.\d+ and 3\.10\.\d+ marks/);
});

test('the common-entries rule: an entry every file has, with only the facts all agree on', () => {
  const e = (name: string, over: Partial<DocEntry> = {}): DocEntry => ({
    name,
    takesValue: true,
    line: 1,
    tags: ['KNL'],
    ...over,
  });
  const older = [
    e('foo', { line: 7, tags: ['KNL', 'X86'], format: '<int>', deprecated: true, successor: 'bar' }),
    e('only_older'),
    e('dash-name', { takesValue: false }),
  ];
  const newer = [
    e('foo', { line: 90, tags: ['X86'], format: '{ on | off }', deprecated: true, successor: 'bar' }),
    e('dash_name'),
  ];
  assert.deepEqual(commonDocEntries([older, newer]), [
    { name: 'foo', takesValue: true, line: 7, tags: ['X86'], deprecated: true, successor: 'bar' },
    { name: 'dash-name', takesValue: false, line: 1, tags: ['KNL'] },
  ]);
  assert.deepEqual(commonDocEntries([newer, [e('dash_name', { deprecated: true })]]), [
    { name: 'dash_name', takesValue: true, line: 1, tags: ['KNL'] },
  ]);
});
