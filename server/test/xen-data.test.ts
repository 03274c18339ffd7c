// The bundled Xen knowledge: schemas, agreement of the release ranges with the per-release
// existence fixture (generated from params-by-release.tsv by scripts/derive-xen-params.ts),
// descriptions of our own for every parameter, and the derive scripts' behaviour on small inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allNames, registrationsOf, registrationsAt, namesAt } from '../src/xen/registry';
import { RELEASES, releaseIndex, inRanges } from '../src/xen/releases';
import { describe, describedNames } from '../src/xen/paramDocs';
import { build, rowsFromTsv } from '../../scripts/derive-xen-params';
import { expandBraces, headingNames, parseDoc, subOptionsOf } from '../../scripts/derive-xen-docs';
import { compareWords, functionBody, initialiser } from '../../scripts/derive-xen-suboptions';

const dataDir = path.resolve(__dirname, '../data/xen');
const read = (f: string) => JSON.parse(readFileSync(path.join(dataDir, f), 'utf8'));
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, 'fixtures/xen-param-existence.json'), 'utf8')) as {
  releases: string[];
  rows: Record<string, string>;
};

test('the release list is the 133 tags 4.0.0 … 4.22.0 in order', () => {
  assert.equal(RELEASES.length, 133);
  assert.equal(RELEASES[0], '4.0.0');
  assert.equal(RELEASES[RELEASES.length - 1], '4.22.0');
  assert.deepEqual(fixture.releases, RELEASES);
});

// The fixture labels architectures as the TSV does: x86, arm, riscv, ia64 (the IA-64 sources of
// 4.0/4.1), or common for everything else.
const tsvLabel = (arch: string) => arch;

test('every (release, name, architecture) exists in the data exactly when the TSV-derived fixture says so', () => {
  const labels = ['x86', 'arm', 'riscv', 'ia64', 'common'];
  const names = new Set([...allNames(), ...Object.keys(fixture.rows).map((k) => k.split('\t')[0])]);
  const compiledOut = read('params.json').compiledOut as Record<string, Array<{ arch: string; releases: string }>>;
  let checked = 0;
  let present = 0;
  for (const name of names) {
    for (const label of labels) {
      const mask = fixture.rows[`${name}\t${label}`];
      const regs = registrationsOf(name).filter((r) => tsvLabel(r.arch) === label);
      const cfg = (compiledOut[name] ?? []).filter((c) => c.arch === label);
      for (let i = 0; i < RELEASES.length; i++) {
        const expected = mask !== undefined && ((parseInt(mask[i >> 2], 16) >> (i & 3)) & 1) === 1;
        const actual =
          regs.some((r) => inRanges(r.ranges, i)) ||
          cfg.some((c) =>
            c.releases.split(',').some((p) => {
              const [a, b] = p.split('..');
              return i >= releaseIndex(a) && i <= releaseIndex(b ?? a);
            }),
          );
        assert.equal(actual, expected, `${RELEASES[i]} ${name} ${label}`);
        checked++;
        if (expected) present++;
      }
    }
  }
  assert.ok(checked > 100_000 && present > 24_000, `${checked} checks, ${present} present`);
});

test('the engine view: IA-64-only parameters are not x86 ones, common ones are everywhere', () => {
  const i = releaseIndex('4.0.0');
  assert.equal(registrationsAt('contig_mem', i, 'x86_64').length, 0);
  assert.ok(registrationsAt('dom0_mem', i, 'x86_64').length > 0);
  assert.ok(registrationsAt('console', releaseIndex('4.22.0'), 'arm64').length > 0);
  assert.ok(
    !namesAt(releaseIndex('4.22.0'), 'x86_64').includes('dtuart') ||
      registrationsOf('dtuart').some((r) => r.arch === 'common'),
  );
});

test('every parameter name of every release has a description of our own (1–3 sentences)', () => {
  for (const name of allNames()) {
    const d = describe(name);
    assert.ok(d, `no description for ${name}`);
    const sentences = d.text.split(/(?<=[.!?])\s+(?=[A-Z`])/).length;
    assert.ok(sentences >= 1 && sentences <= 4, `${name}: ${sentences} sentences`);
  }
  for (const n of describedNames()) assert.ok(registrationsOf(n).length, `description for unknown name ${n}`);
});

test('derive-xen-params: TSV rows become ranges, the fixture keeps the TSV labels', () => {
  const tsv = [
    'release\tname\tmacro\tarch\tfile',
    '4.0.0\tfoo\tboolean\tx86\txen/arch/x86/a.c',
    '4.0.1\tfoo\tboolean\tx86\txen/arch/x86/a.c',
    '4.1.0\tfoo\tboolean\tx86\txen/arch/x86/b.c',
    '4.0.0\tbar\tinteger\tcommon\txen/arch/ia64/x.c',
    '4.1.0\tAMD_IOMMU\tno_config\tcommon\txen/drivers/passthrough/iommu.c',
  ].join('\n');
  const { data, fixture: fx } = build(rowsFromTsv(tsv), 'test');
  assert.deepEqual(data.releases, ['4.0.0', '4.0.1', '4.1.0']);
  assert.deepEqual(data.params.foo, [
    { kind: 'boolean', arch: 'x86', releases: '4.0.0..4.0.1', file: 'xen/arch/x86/a.c' },
    { kind: 'boolean', arch: 'x86', releases: '4.1.0', file: 'xen/arch/x86/b.c' },
  ]);
  assert.equal(data.params.bar[0].arch, 'ia64');
  assert.equal(data.compiledOut.AMD_IOMMU[0].param, 'iommu');
  assert.equal(fx.rows['bar\tcommon'], '1');
  assert.equal(fx.rows['foo\tx86'], '7');
});

test('derive-xen-docs: headings, brace expansion, grammar and defaults', () => {
  assert.deepEqual(expandBraces('cpuid_mask_{{,ext_}ecx,edx}'), [
    'cpuid_mask_ecx',
    'cpuid_mask_ext_ecx',
    'cpuid_mask_edx',
  ]);
  assert.deepEqual(headingNames('com1,com2'), { names: ['com1', 'com2'], note: undefined });
  assert.deepEqual(headingNames('ivrs\\_hpet[`<hpet>`] (AMD)'), { names: ['ivrs_hpet['], note: 'AMD' });
  const subs = subOptionsOf(
    '= List of [ <bool>, force, quarantine=<bool>|scratch-page, dom0-{passthrough,strict}, bti-thunk=retpoline|lfence ]',
  );
  assert.deepEqual(subs.subOptions, ['force', 'quarantine=', 'dom0-passthrough', 'dom0-strict', 'bti-thunk=']);
  assert.deepEqual(subs.values, { quarantine: ['scratch-page'], 'bti-thunk': ['retpoline', 'lfence'] });
  const secs = parseDoc(
    '## Parameter details\n\n### msi (x86)\n> `= <boolean>`\n\n> Default: `true`\n\nProse.\n### com1\n### com2\n> `= <baud>`\n\nMore.\n',
  );
  assert.deepEqual(
    secs.map((s) => [s.names, s.note, s.syntax, s.default, s.anchor]),
    [
      [['msi'], 'x86', '= <boolean>', 'true', 'msi-x86'],
      [['com1'], undefined, '= <baud>', undefined, 'com1'],
      [['com2'], undefined, '= <baud>', undefined, 'com2'],
    ],
  );
});

test('derive-xen-suboptions: handler bodies, compared words and initialisers', () => {
  const src =
    'static bool __initdata opt_x = true;\nboolean_param("x", opt_x);\nstatic unsigned int t __read_mostly = 50000;\ninteger_param("t", t);\n' +
    'static int __init cf_check parse_p(const char *s)\n{\n    if ( !strcmp(s, "force") ) a = 1;\n    else if ( (val = parse_boolean("snoop", s, ss)) >= 0 ) b = val;\n    else if ( !strncmp(s, "max:", 4) ) c = 1;\n    return 0;\n}\ncustom_param("p", parse_p);\n';
  assert.deepEqual(compareWords(functionBody(src, 'parse_p')!), ['force', 'snoop', 'max:']);
  assert.equal(initialiser(src, 'x'), 'true');
  assert.equal(initialiser(src, 't'), '50000');
});

test('data sizes stay compact', () => {
  for (const f of [
    'params.json',
    'doc-syntax.json',
    'suboptions.json',
    'source-defaults.json',
    'descriptions.json',
    'advice.json',
  ]) {
    assert.ok(readFileSync(path.join(dataDir, f)).length < 120_000, f);
  }
});
