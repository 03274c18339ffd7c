// Kconfig parser: language, source handling, macro language, safety.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKconfigTree, exprToString, diagnoseConfigDocument, resolveConfig } from '../src/kconfig/index';
import { tree, olddef } from './kconfig-helpers';
import { memoryTreeFs } from '../src/kconfig/fs';

test('config entries: types, prompts, defaults, deps, selects, locations', () => {
  const { tree: t, errors } = tree(`
mainmenu "Test menu"

config A
	bool "Option A"
	default y
	help
	  First line of help.
	    Indented line.

	  After a blank line.

config B
	tristate "Option B" if A
	depends on A && !C
	select D if A
	imply E

config C
	def_bool n

config D
	bool

config E
	tristate "E"

config N
	int "A number"
	range 1 10
	default 5

config H
	hex
	default 0x10

config S
	string "A string"
	default "hello"
`);
  assert.deepEqual(errors, []);
  const a = t.symbol('A')!;
  assert.equal(a.type, 'bool');
  assert.deepEqual(t.definitions('A'), [{ file: 'Kconfig', line: 4 }]);
  assert.equal(a.menus[0].help, 'First line of help.\n  Indented line.\n\nAfter a blank line.\n');
  const b = t.symbol('B')!;
  assert.equal(b.type, 'tristate');
  assert.equal(exprToString(b.menus[0].depWritten), 'A && !C');
  assert.deepEqual(
    t.symbol('D')!.selectedBy.map((p) => p.menu.sym!.name),
    ['B'],
  );
  assert.deepEqual(
    t.symbol('E')!.impliedBy.map((p) => p.menu.sym!.name),
    ['B'],
  );
  assert.equal(t.symbol('N')!.type, 'int');
  assert.equal(t.symbol('CONFIG_S')!.type, 'string');
  assert.equal(t.parsed.root.prompt?.text, 'Test menu');
  assert.equal(t.symbols().length, 8);
  const b0 = b.props.find((p) => p.kind === 'select')!;
  assert.deepEqual({ file: b0.file, line: b0.line }, { file: 'Kconfig', line: 16 });
});

test('menus, if blocks, comments, menuconfig and visible if', () => {
  const { tree: t, errors } = tree(`
menu "Outer"
	depends on X
	visible if Y
config IN_MENU
	bool "in menu"
endmenu
if Z
comment "a comment"
config IN_IF
	bool "in if"
endif
menuconfig M
	bool "menuconfig"
config X
	def_bool y
config Y
	def_bool n
config Z
	def_bool y
`);
  assert.deepEqual(errors, []);
  const inMenu = t.symbol('IN_MENU')!;
  assert.equal(exprToString(inMenu.dirDep), 'X');
  assert.equal(exprToString(inMenu.props[0].visible), 'X && Y');
  assert.equal(exprToString(t.symbol('IN_IF')!.dirDep), 'Z');
  assert.equal(t.symbol('M')!.menus[0].kind, 'menuconfig');
});

test('syntax errors are reported with file and line, parsing goes on', () => {
  const { tree: t, errors } = tree(`
config A
	bool "a"
	bogus line here
config B
	bool "b" if (
endmenu
config C
	bool "c"
`);
  assert.ok(errors.length >= 3, JSON.stringify(errors));
  assert.ok(errors.some((e) => e.line === 4 && /unknown statement|invalid/.test(e.message)));
  assert.ok(errors.some((e) => e.line === 6));
  assert.ok(errors.some((e) => e.line === 7 && /endmenu/.test(e.message)));
  assert.ok(t.symbol('C'));
});

test('source: variables in paths, missing files, optional source, loops, outside the tree', () => {
  const { tree: t, errors } = tree({
    Kconfig:
      'source "arch/$(SRCARCH)/Kconfig"\nsource "missing/Kconfig"\nosource "missing/Kconfig.opt"\nsource "loop/Kconfig"\nsource "../outside/Kconfig"\nsource "/etc/passwd"\nrsource "sub/Kconfig.rel"\n',
    'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n',
    'loop/Kconfig': 'config LOOP\n\tbool\nsource "loop/Kconfig"\n',
    'sub/Kconfig.rel': 'config REL\n\tbool\n',
    '../outside/Kconfig': 'config OUTSIDE\n\tbool\n',
  });
  assert.ok(t.symbol('X86'));
  assert.ok(t.symbol('LOOP'));
  assert.ok(t.symbol('REL'));
  assert.equal(t.symbol('OUTSIDE'), undefined);
  const msgs = errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
  assert.ok(
    msgs.some((m) => /Kconfig:2: can't open file "missing\/Kconfig"/.test(m)),
    msgs.join('\n'),
  );
  assert.ok(!msgs.some((m) => /Kconfig\.opt/.test(m)));
  assert.ok(msgs.some((m) => /recursive inclusion/.test(m)));
  assert.ok(msgs.some((m) => /outside the source tree/.test(m) && /\.\.\/outside/.test(m)));
  assert.ok(msgs.some((m) => /outside the source tree/.test(m) && /\/etc\/passwd/.test(m)));
});

test('symlink loops and symlinks out of the tree are bounded and refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-sym-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'Kconfig'),
      'config TOP\n\tbool\nsource "a/Kconfig"\nsource "out/Kconfig"\nsource "self/x"\n',
    );
    fs.symlinkSync('.', path.join(dir, 'a'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-out-'));
    fs.writeFileSync(path.join(outside, 'Kconfig'), 'config EVIL\n\tbool\n');
    fs.symlinkSync(outside, path.join(dir, 'out'));
    fs.symlinkSync('self', path.join(dir, 'self'));
    const t0 = Date.now();
    const { tree: t, errors } = loadKconfigTree({ srcDir: dir, env: {} });
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(t.symbol('TOP'));
    assert.equal(t.symbol('EVIL'), undefined);
    assert.ok(
      errors.some((e) => /recursive inclusion/.test(e.message)),
      JSON.stringify(errors),
    );
    assert.ok(errors.some((e) => /outside the source tree/.test(e.message)));
    assert.ok(errors.some((e) => /can't open file "self\/x"/.test(e.message)));
    fs.rmSync(outside, { recursive: true, force: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('macro language: recursive and simple variables, +=, functions, built-ins', () => {
  const { tree: t, errors } = tree(
    `
greeting = hello $(who)
who := world
simple := $(greeting)
who := nobody
list = a
list += b
pick = $(2)-$(1)
comma := ,
$(info,info message)
$(warning-if,y,a warning)
$(warning-if,n,not shown)
config A
	string
	default "$(greeting)|$(simple)|$(list)|$(pick,x,y)|$(filename):$(lineno)|$(UNDEFINED_VAR)|$(ENV_V)"
config $(who)_SYM
	bool
`,
    { env: { ENV_V: 'from-env' } },
  );
  assert.equal(
    olddef(t, '').find((l) => l.startsWith('CONFIG_A=')),
    'CONFIG_A="hello nobody|hello world|a b|y-x|Kconfig:15|from-env"'.replace('|from-env', '||from-env'),
  );
  assert.ok(t.symbol('nobody_SYM'));
  assert.ok(errors.some((e) => e.severity === 'info' && e.message === 'info message'));
  assert.ok(errors.some((e) => e.severity === 'warning' && e.message === 'a warning'));
  assert.ok(!errors.some((e) => e.message === 'not shown'));
});

test('macro errors: error-if, self-reference, unterminated, runaway expansion are bounded', () => {
  const { errors } = tree(`
$(error-if,y,stop here)
X = $(X)
config A
	string
	default "$(X)"
Y = $(Y)$(Y)
B = $(A1)$(A1)
A1 = $(A2)$(A2)
A2 = $(A3)$(A3)
A3 = $(A4)$(A4)
A4 = $(A5)$(A5)
A5 = $(A6)$(A6)
A6 = $(A7)$(A7)
A7 = $(A8)$(A8)
A8 = $(A9)$(A9)
A9 = $(A10)$(A10)
A10 = $(A11)$(A11)
A11 = $(A12)$(A12)
A12 = $(A13)$(A13)
A13 = $(A14)$(A14)
A14 = $(A15)$(A15)
A15 = $(A16)$(A16)
A16 = $(A17)$(A17)
A17 = $(A18)$(A18)
A18 = $(A19)$(A19)
A19 = $(A20)$(A20)
A20 = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
config C
	string
	default "$(B)"
config D
	string
	default "$(unterminated"
`);
  assert.ok(errors.some((e) => e.message === 'stop here' && e.severity === 'error'));
  assert.ok(errors.some((e) => /references itself/.test(e.message)));
  assert.ok(errors.some((e) => /too large|too deep/i.test(e.message)));
  assert.ok(errors.some((e) => /unterminated/.test(e.message)));
});

test('$(shell,...) does not run without the opt-in', () => {
  const marker = path.join(os.tmpdir(), `kconfig-shell-marker-${process.pid}-${Date.now()}`);
  const k = `config A\n\tdef_bool $(shell,touch ${marker} && echo y)\nconfig B\n\tbool "b"\n\tdepends on A\n`;
  const { tree: t } = tree(k);
  assert.equal(fs.existsSync(marker), false, 'shell command ran without allowShell');
  assert.ok(t.hasUnknownShell());
  assert.deepEqual(
    t.shellCalls().map((c) => c.source),
    ['unknown'],
  );
  assert.ok(t.symbol('A')!.props.some((p) => p.shellUnknown));
  // with a toolchain fact the value is known, still nothing runs
  const { tree: t2 } = tree(k, { toolchainFacts: { [`touch ${marker} && echo y`]: 'y' } });
  assert.equal(fs.existsSync(marker), false);
  assert.deepEqual(olddef(t2, ''), ['CONFIG_A=y', '# CONFIG_B is not set']);
  // with the opt-in it runs
  const { tree: t3 } = tree(k, { allowShell: true });
  try {
    assert.equal(fs.existsSync(marker), true);
    assert.deepEqual(olddef(t3, ''), ['CONFIG_A=y', '# CONFIG_B is not set']);
  } finally {
    fs.rmSync(marker, { force: true });
  }
});

test('old syntax: option env, defconfig_list, option modules, allnoconfig_y, ---help---, boolean, optional choice', () => {
  const { tree: t, errors } = tree(
    `
config SRCARCH
	string
	option env="SRCARCH"
config DEFCONFIG_LIST
	string
	option defconfig_list
	default "arch/$SRCARCH/defconfig"
config MODULES
	boolean "Modules"
	option modules
	default y
config EMBEDDED
	bool "Embedded"
	option allnoconfig_y
	---help---
	  Old style help.
choice
	prompt "Optional"
	optional
config C1
	bool "c1"
endchoice
source "arch/$SRCARCH/Kconfig"
`.replace('source "arch/$SRCARCH/Kconfig"', 'source "arch/$SRCARCH/Kconfig"'),
    {
      semantics: 'legacy',
    },
  );
  assert.deepEqual(
    errors.filter((e) => e.severity === 'error').map((e) => e.message),
    ['can\'t open file "arch/x86/Kconfig"'],
  );
  assert.equal(t.symbol('SRCARCH')!.envVar, 'SRCARCH');
  assert.equal(t.symbol('DEFCONFIG_LIST')!.defconfigList, true);
  assert.equal(t.parsed.modulesSym?.name, 'MODULES');
  assert.equal(t.symbol('EMBEDDED')!.allnoconfigY, true);
  assert.equal(t.symbol('EMBEDDED')!.menus[0].help, 'Old style help.\n');
  assert.equal(t.symbol('C1')!.choice?.optional, true);
  const out = olddef(t, '');
  // conf marks `option env` symbols SYMBOL_AUTO: they have the value but are never written (3.1's conf)
  assert.equal(resolveConfig(t, [{ path: '.config', text: '' }]).value('SRCARCH'), 'x86');
  assert.ok(!out.includes('CONFIG_SRCARCH='));
  assert.ok(out.includes('CONFIG_MODULES=y'));
});

test('the parser never throws on garbage', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const words = [
    'config',
    'menu',
    'endmenu',
    'choice',
    'endchoice',
    'if',
    'endif',
    'source',
    '"x"',
    'A',
    'B',
    '&&',
    '||',
    '!',
    '(',
    ')',
    '=',
    'help',
    '\n',
    '\t',
    '$(',
    ')',
    'default',
    'select',
    'depends',
    'on',
    'bool',
    'tristate',
    'range',
    '#',
    '\\\n',
    "'",
    '"',
    '$(shell,x)',
    'X := $(X)',
    'menuconfig',
  ];
  for (let i = 0; i < 200; i++) {
    let s = '';
    for (let j = 0; j < 60; j++) s += words[rnd(words.length)] + (rnd(3) ? ' ' : '\n');
    const { tree: t, errors } = tree({ Kconfig: s, x: s.slice(0, 50) });
    // loadKconfigTree catches a throwing parser and reports "internal error: …": that must not happen
    const internal = errors.filter((e) => e.message.startsWith('internal error'));
    assert.deepEqual(internal, [], s);
    olddef(t, 'CONFIG_A=y\nCONFIG_B=m\n');
  }
});

test('macro language corner cases (after the kernel preprocess tests): escapes, flavors, arguments', () => {
  const k =
    [
      'say = $(warning-if,y,$(1))', // 1
      'comma := ,', // 2
      '$(say,one$(comma) two)', // 3
      '$(say,$)', // 4
      '$(say,$$)', // 5
      '$ := dollar-named', // 6
      '$(say,$($))', // 7
      'dollar := $', // 8
      '$(say,$(dollar)(NOT_EXPANDED))', // 9
      'V := 1', // 10
      'SIMPLE := $(V)', // 11
      'REC = $(V)', // 12
      'V := 2', // 13
      '$(say,$(SIMPLE) $(REC))', // 14
      'W := 3', // 15
      'SIMPLE += $(W)', // 16
      'REC += $(W)', // 17
      'NEWVAR += $(W)', // 18
      'W := 4', // 19
      '$(say,$(SIMPLE)|$(REC)|$(NEWVAR))', // 20
      'P := A', // 21
      'Q := B', // 22
      '$(P)$(Q) := joined', // 23
      '$(say,$(AB))', // 24
      'greet = $(1) and $(2).', // 25
      '$(say,$(greet,x,y))', // 26
      '$(say,$(greet,x))', // 27
      '$(say,$(greet,x,y,z))', // 28
      'X = $(Y)', // 29
      'Y = $(X)', // 30
      '$(say,$(X))', // 31
      "$(say,$(shell,printf 'a\\nb\\n\\n\\n'))", // 32
    ].join('\n') + '\n';
  const { errors } = tree(k, { toolchainFacts: {}, allowShell: true });
  const warnings = errors.filter((e) => e.severity === 'warning').map((e) => `${e.line}:${e.message}`);
  assert.deepEqual(warnings, [
    '3:one, two',
    '4:$',
    '5:$$',
    '7:dollar-named',
    '9:$(NOT_EXPANDED)',
    '14:1 2',
    '20:1 3|2 4|4',
    '24:joined',
    '26:x and y.',
    '27:x and .',
    '28:x and y.',
    '31:',
    '32:a b',
  ]);
  assert.ok(errors.some((e) => e.line === 31 && /references itself/.test(e.message)));
});

test('unknown shell results taint what is built from them, through variables and function arguments', () => {
  const k =
    [
      'info := $(shell,probe-tool --info)',
      'name := $(shell,set -- $(info) && echo $1)',
      'if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")',
      'success = $(if-success,$(1),y,n)',
      'config IS_GCC',
      '\tdef_bool $(success,test "$(name)" = GCC)',
      'config PLAIN',
      '\tdef_bool $(success,true)',
      'config OTHER',
      '\tbool "other"',
      '\tdepends on IS_GCC',
    ].join('\n') + '\n';
  const { tree: t } = tree(k);
  const calls = t.shellCalls();
  assert.deepEqual(
    calls.map((c) => [c.command.slice(0, 24), !!c.argsUnknown]),
    [
      ['probe-tool --info', false],
      ['set --  && echo $1', true],
      ['{ test "" = GCC; } >/dev', true],
      ['{ true; } >/dev/null 2>&', false],
    ],
  );
  assert.ok(t.symbol('IS_GCC')!.props.some((p) => p.shellUnknown));
  assert.ok(t.symbol('PLAIN')!.props.some((p) => p.shellUnknown));
  const d = diagnoseConfigDocument(t, 'CONFIG_OTHER=y\n');
  assert.deepEqual(
    d.map((x) => x.code),
    ['kconfig/depends-on-shell'],
  );
});

test('dependency cycles are reported like the kernel refuses them; choices are not cycles', () => {
  const { errors } = tree(
    'config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\nchoice\n\tprompt "c"\nconfig M1\n\tbool "m1"\nconfig M2\n\tbool "m2"\n\tdepends on M1\nendchoice\n',
    { semantics: 'legacy' },
  );
  const rec = errors.filter((e) => /recursive dependency/.test(e.message));
  assert.equal(rec.length, 1, JSON.stringify(errors));
  assert.match(rec[0].message, /A -> B -> A/);
  assert.deepEqual([rec[0].file, rec[0].line], ['Kconfig', 1]);
});

test('help texts passed over (help: false) leave the same tree: entries, properties, lines, messages', () => {
  // the ways a help text ends that we saw in real trees, and some that only a hostile file has
  const files = {
    Kconfig: [
      'config A',
      '\tbool "a"',
      '\thelp',
      '\t  First.',
      '\t    Deeper.',
      '',
      '\t  After a blank line.',
      '',
      'config B',
      '\tbool "b"',
      '\thelp',
      '\t  Ends at a line less indented, which is read as a statement.',
      '\tdepends on A',
      'config C',
      '\ttristate "c"',
      '\t---help---',
      '  \t mixed blanks',
      '\t\ttabs',
      '   ',
      '\t\tafter a line of blanks',
      'config D',
      '\tbool',
      '\thelp',
      'config E',
      '\tbool "e"',
      '\thelp',
      '\t  CRLF\r',
      '\r',
      '\t  still help\r',
      'source "sub/Kconfig"',
      'config F',
      '\tbool "f"',
      '\tdefault y',
      '\thelp',
      '\t  at the end of the file, no newline',
    ].join('\n'),
    'sub/Kconfig': 'config G\n\tbool "g"\n\thelp\n\t  text\n\n\nconfig H\n\tbool "h"\n\tselect G\n',
  };
  const load = (help: boolean) =>
    loadKconfigTree({
      srcDir: '/t',
      fs: memoryTreeFs(files, '/t'),
      env: { SRCARCH: 'x86', ARCH: 'x86_64', srctree: '/t' },
      semantics: 'modern',
      help,
    });
  const dump = (r: ReturnType<typeof load>) => ({
    errors: r.errors,
    symbols: r.tree.symbols().map((s) => ({
      name: s.name,
      type: s.type,
      dep: exprToString(s.dirDep),
      props: s.props.map((p) => [p.kind, p.file, p.line, p.text, exprToString(p.visible)]),
      menus: s.menus.map((m) => [m.kind, m.file, m.line]),
    })),
    out: resolveConfig(r.tree, [{ path: 'in', text: 'CONFIG_H=y\n' }]).output,
  });
  const kept = load(true);
  const passed = load(false);
  assert.deepEqual(dump(passed), dump(kept));
  assert.equal(kept.tree.symbol('A')!.menus[0]!.help, 'First.\n  Deeper.\n\nAfter a blank line.\n');
  assert.equal(exprToString(kept.tree.symbol('B')!.dirDep), 'A');
  assert.ok(kept.tree.symbols().filter((s) => s.menus[0]?.help).length >= 5);
  assert.ok(passed.tree.symbols().every((s) => !s.menus[0]?.help));
});
