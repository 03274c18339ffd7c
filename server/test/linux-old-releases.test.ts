// Linux command lines judged with the targeted release's own derived table (server/data/linux/
// params-<v>.json, from mainline trees of 3.1 … 5.15 and Debian's 6.1/6.12): for every derived
// release a parameter that only it registers is accepted there and called unknown by every other
// release; a version between two derived ones reports only what both agree on; tables load lazily.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, service } from './helpers';
import { curated } from '../src/linux/curated';
import { KNOWN_TABLES, loadedTables, normName, releaseTable, tablesFor, type TableVersion } from '../src/linux/tables';

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
  params: Array<Array<string | number>>;
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
  }
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
  // The seed's neighbour: Debian's 3.2 sits between 3.1 and the next derived release.
  const w31 = onlyIn('3.1')!;
  assert.ok(!said(linuxCodes(direct(w31, '3.2.0'))), w31);
  const detail = service().symbols(doc(direct('quiet', '4.20.0'), 'menu-lst'))[0].detail ?? '';
  assert.match(detail, /sources of Linux 4\.19 and 5\.4/);
});

test('the exact release decides for 3.1: xen-pciback and the PV spinlock switch', () => {
  // xen_nopvspin came with 3.x PV spinlocks (not in 3.1); xen-pciback.hide was there from 3.1.
  assert.ok(said(linuxCodes(direct('xen_nopvspin', '3.1.10'))));
  assert.ok(!said(linuxCodes(direct('xen_nopvspin', '4.19.0'))));
  assert.ok(!said(linuxCodes(direct('xen-pciback.hide=(0000:03:00.0)', '3.1.10'))));
});
