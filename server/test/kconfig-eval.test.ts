// Kconfig evaluator: olddefconfig semantics (checked against the kernel's conf),
// explanations, diagnostics, the editor session.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  resolveConfig,
  diagnoseConfigDocument,
  ConfigDocumentSession,
  hoverMarkdown,
  completionItems,
  definitionOf,
  KCONFIG_ENGINE_CODES,
} from '../src/kconfig/index';
import { tree, olddef } from './kconfig-helpers';
import { SEMANTICS_CASES } from './kconfig-cases';

for (const c of SEMANTICS_CASES) {
  for (const sem of ['legacy', 'modern'] as const) {
    const expected = c[sem];
    if (expected === undefined) continue;
    test(`olddefconfig semantics (${sem}): ${c.name}`, () => {
      const { tree: t } = tree(c.kconfig, { semantics: sem });
      const r = resolveConfig(t, [{ path: '.config', text: c.config ?? '' }]);
      assert.equal(r.output, expected);
    });
  }
}

test('fragments merge in order: later assignments win, "is not set" means n', () => {
  const { tree: t } = tree('config A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdefault y\nconfig C\n\tint "c"\n');
  assert.deepEqual(
    olddef(t, 'CONFIG_A=y\nCONFIG_C=1\n', '# CONFIG_A is not set\nCONFIG_C=2\n', '# CONFIG_B is not set\n'),
    ['# CONFIG_A is not set', '# CONFIG_B is not set', 'CONFIG_C=2'],
  );
});

const DIAG_TREE = `
config MODULES
	bool "modules"
	modules
	default y
config PCI
	bool "PCI"
config NET
	bool "Networking"
config DRV
	tristate "A driver"
	depends on PCI && NET
config LIB
	tristate "A library"
config USER
	tristate "Uses LIB"
	select LIB
config HIDDEN
	bool
	default y
config NUM
	int "number"
	range 1 8
	default 2
choice
	prompt "pick"
config P1
	bool "p1"
config P2
	bool "p2"
endchoice
config PROBE
	def_bool $(shell,probe-cmd)
config NEEDS_PROBE
	bool "needs probe"
	depends on PROBE
`;

test('diagnostics: codes, messages with failing dependencies, fixes', () => {
  const { tree: t } = tree(DIAG_TREE);
  const doc = [
    'CONFIG_NOPE=y', // 0 unknown
    'CONFIG_PCI=maybe', // 1 invalid
    'CONFIG_NET=y', // 2
    '# CONFIG_PCI is not set', // 3
    'CONFIG_DRV=y', // 4 unmet dep: PCI=n
    'CONFIG_USER=y', // 5
    'CONFIG_LIB=n', // 6 forced by select + n style
    'CONFIG_HIDDEN=n', // 7 no prompt
    'CONFIG_NUM=20', // 8 out of range
    'CONFIG_NET=n', // 9 repeated (different value): line 2 overridden
    'CONFIG_P1=y', // 10
    'CONFIG_P2=y', // 11 choice conflict on 10 (P2 wins)
    'CONFIG_NEEDS_PROBE=y', // 12 depends on shell
    'garbage line', // 13
  ].join('\n');
  const d = diagnoseConfigDocument(t, doc);
  const byLine = (l: number): string[] => d.filter((x) => x.line === l).map((x) => x.code);
  assert.deepEqual(byLine(0), ['kconfig/unknown-symbol']);
  assert.deepEqual(byLine(1), ['kconfig/repeated-assignment']);
  assert.deepEqual(byLine(2), ['kconfig/repeated-assignment']);
  assert.deepEqual(byLine(4), ['kconfig/unmet-dependency']);
  const unmet = d.find((x) => x.line === 4)!;
  assert.match(unmet.message, /PCI/);
  assert.match(unmet.message, /PCI=n/);
  assert.equal(unmet.fix?.edits[0].newText, '# CONFIG_DRV is not set');
  assert.deepEqual(byLine(6).sort(), ['kconfig/forced-by-select', 'kconfig/n-assignment-style']);
  assert.match(d.find((x) => x.code === 'kconfig/forced-by-select')!.message, /USER/);
  assert.deepEqual(byLine(7).sort(), ['kconfig/n-assignment-style', 'kconfig/no-prompt']);
  assert.deepEqual(byLine(8), ['kconfig/out-of-range']);
  assert.match(d.find((x) => x.line === 8)!.message, /1\.\.8/);
  assert.deepEqual(byLine(10), ['kconfig/choice-conflict']);
  assert.deepEqual(byLine(12), ['kconfig/depends-on-shell']);
  assert.equal(d.find((x) => x.line === 12)!.severity, 'info');
  assert.deepEqual(byLine(13), ['kconfig/malformed-line']);
  for (const x of d) assert.ok(x.code in KCONFIG_ENGINE_CODES, `${x.code} is listed in KCONFIG_ENGINE_CODES`);
  const inv = diagnoseConfigDocument(t, 'CONFIG_PCI=maybe\n');
  assert.deepEqual(
    inv.map((x) => [x.code, x.severity]),
    [['kconfig/invalid-value', 'error']],
  );
  assert.equal(inv[0].startCol, 'CONFIG_PCI='.length);
  const style = d.find((x) => x.line === 6 && x.code === 'kconfig/n-assignment-style')!;
  assert.equal(style.fix?.edits[0].newText, '# CONFIG_LIB is not set');
});

test('errors alone: the same as the diagnostics of error severity, asked first or after', () => {
  const { tree: t } = tree(DIAG_TREE);
  const doc = [
    'CONFIG_NOPE=y',
    'CONFIG_PCI=maybe',
    'CONFIG_DRV=y',
    'CONFIG_LIB=n',
    'CONFIG_NUM=20',
    'CONFIG_P1=y',
    'CONFIG_P2=y',
  ].join('\n');
  const inputs = [
    { path: 'a.config', text: doc },
    // (conf reads a bool's value by its first letter: `yes` is y, `q` nothing)
    { path: 'b.config', text: 'CONFIG_NET=yes\nCONFIG_USER=q\n' },
  ];
  const first = resolveConfig(t, inputs);
  const errorsFirst = first.errors;
  const after = resolveConfig(t, inputs);
  const all = after.diagnostics;
  const expected = all.filter((d) => d.severity === 'error');
  assert.ok(all.length > expected.length, 'warnings besides the errors');
  assert.deepEqual(
    expected.map((d) => [d.path, d.line, d.code]),
    [
      ['a.config', 1, 'kconfig/invalid-value'],
      ['b.config', 1, 'kconfig/invalid-value'],
    ],
  );
  assert.deepEqual(errorsFirst, expected);
  assert.deepEqual(after.errors, expected);
  assert.deepEqual(first.diagnostics, all);
});

test('explain: why a symbol has its value', () => {
  const { tree: t } = tree(DIAG_TREE);
  const r = resolveConfig(t, [{ path: 'x.config', text: 'CONFIG_DRV=y\nCONFIG_USER=m\nCONFIG_NET=y\n' }]);
  const drv = r.explain('DRV')!;
  assert.equal(drv.value, 'n');
  assert.equal(drv.visible, 'n');
  assert.deepEqual(drv.failingDeps, ['`PCI` (PCI=n)']);
  assert.equal(drv.user?.line, 1);
  const lib = r.explain('CONFIG_LIB')!;
  assert.equal(lib.value, 'm');
  assert.deepEqual(
    lib.selectedBy.map((s) => [s.name, s.value]),
    [['USER', 'm']],
  );
  const hidden = r.explain('HIDDEN')!;
  assert.equal(hidden.hasPrompt, false);
  assert.match(hidden.defaultFrom!.at, /^Kconfig:\d+$/);
  assert.equal(r.explain('NO_SUCH'), undefined);
  assert.equal(r.value('NUM'), '2');
  assert.equal(r.values.get('LIB')?.value, 'm');
});

test('hover, completion and definitions', () => {
  const { tree: t } = tree(DIAG_TREE);
  const r = resolveConfig(t, [{ path: '', text: 'CONFIG_DRV=y\n' }]);
  const h = hoverMarkdown(t, 'DRV', r, 'y')!;
  assert.match(h, /\*\*CONFIG_DRV\*\* — `tristate` — A driver/);
  assert.match(h, /written: `y` · after olddefconfig: `n`/);
  assert.match(h, /\*\*depends on:\*\* `PCI && NET`/);
  assert.match(h, /\*\*defined at:\*\* Kconfig:10/);
  assert.match(hoverMarkdown(t, 'LIB')!, /\*\*selected by:\*\* `USER`/);
  const items = completionItems(t, 'CONFIG_N');
  assert.deepEqual(
    items.map((i) => i.name),
    ['NEEDS_PROBE', 'NET', 'NUM'],
  );
  assert.deepEqual(items.find((i) => i.name === 'NUM')!.values, ['2', '1', '8']);
  assert.deepEqual(definitionOf(t, 'PCI'), [{ file: '/t/Kconfig', line: 6 }]);
});

test('editor session: incremental updates give the same results as a full evaluation', () => {
  const { tree: t } = tree(DIAG_TREE);
  const s = new ConfigDocumentSession(t);
  const lines = ['CONFIG_PCI=y', 'CONFIG_NET=y', 'CONFIG_DRV=m', 'CONFIG_USER=y', 'CONFIG_NUM=3', 'CONFIG_P1=y'];
  s.update(lines.join('\n'));
  const edits: Array<[number, string]> = [
    [0, '# CONFIG_PCI is not set'],
    [3, 'CONFIG_USER=m'],
    [5, 'CONFIG_P2=y'],
    [4, 'CONFIG_NUM=99'],
    [0, 'CONFIG_PCI=y'],
    [1, 'CONFIG_NET=n'],
    [2, 'garbage'],
    [2, 'CONFIG_DRV=y'],
  ];
  for (const [i, l] of edits) {
    lines[i] = l;
    const text = lines.join('\n');
    const inc = s.update(text);
    assert.equal(s.lastUpdate.full, false);
    assert.deepEqual(inc, diagnoseConfigDocument(t, text), `after editing line ${i}`);
    assert.equal(s.resolved!.output, resolveConfig(t, [{ path: '', text }]).output);
  }
  // inserting and deleting lines shifts the diagnostics
  lines.splice(0, 0, 'CONFIG_NOPE=y');
  let text = lines.join('\n');
  assert.deepEqual(s.update(text), diagnoseConfigDocument(t, text));
  lines.splice(0, 2);
  text = lines.join('\n');
  assert.deepEqual(s.update(text), diagnoseConfigDocument(t, text));
});

test('recursive dependencies do not hang', () => {
  const { tree: t } = tree(
    'config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\nconfig C\n\tbool\n\tselect C\n\tdefault y\n',
  );
  const r = resolveConfig(t, [{ path: '', text: 'CONFIG_A=y\nCONFIG_B=y\n' }]);
  assert.ok(r.output.includes('CONFIG_C=y'));
  assert.ok(r.loops.length > 0);
});

test('transitional symbols are read but not written', () => {
  const { tree: t } = tree(
    'config OLD_NAME\n\tbool\n\ttransitional\nconfig NEW_NAME\n\tbool "new"\n\tdefault OLD_NAME\n',
  );
  assert.deepEqual(olddef(t, 'CONFIG_OLD_NAME=y\n'), ['CONFIG_NEW_NAME=y']);
});
