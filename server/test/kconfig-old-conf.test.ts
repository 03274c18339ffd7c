// The older conf generations the engine follows within 'legacy' (chosen from the tree's Makefile
// version), on small in-memory trees. Each case mirrors a difference found against the real
// conf of 3.1, 3.18, 4.4 or 5.4 (server/test/oracle-trees/kconfig-old-trees.test.ts runs those trees).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tree, olddef } from './kconfig-helpers';

const mk = (v: number, p: number): string => `VERSION = ${v}\nPATCHLEVEL = ${p}\nSUBLEVEL = 0\nEXTRAVERSION =\n`;

test('3.x: unquoted source paths and prompts, --- help ---, MODULES without option modules, env symbols not written', () => {
  const files = {
    Makefile: mk(3, 1),
    Kconfig: `mainmenu "Linux/$ARCH Kernel Configuration"
config ARCH
	string
	option env="ARCH"
menuconfig MODULES
	bool "Modules"
	default y
source sub/Kconfig.more
`,
    'sub/Kconfig.more': `config T
	tristate word
	default m
	--- help ---
	  Old help.
config D
	bool
	default n
`,
  };
  const { tree: t, errors } = tree(files, { semantics: 'legacy' });
  assert.deepEqual(
    errors.filter((e) => e.severity === 'error'),
    [],
  );
  assert.equal(t.symbol('T')!.menus[0].help, 'Old help.\n');
  assert.equal(t.parsed.modulesSym?.name, 'MODULES');
  const out = olddef(t, '');
  assert.ok(out.includes('CONFIG_T=m'), out.join('\n'));
  assert.ok(!out.some((l) => l.startsWith('CONFIG_ARCH=')));
  // before 4.17 a symbol with an active default is written even when it is n
  assert.ok(out.includes('# CONFIG_D is not set'));
});

test('4.19: default-n symbols and the defconfig_list symbol are not written', () => {
  const { tree: t } = tree(
    {
      Makefile: mk(4, 19),
      Kconfig: `config DEFCONFIG_LIST
	string
	option defconfig_list
	default "/etc/kernel-config"
config D
	bool
	default n
`,
    },
    { semantics: 'legacy' },
  );
  assert.deepEqual(olddef(t, ''), []);
});

test('before 6.11: an entry of a choice that depends on the member before it is no choice value', () => {
  const { tree: t } = tree(
    {
      Makefile: mk(3, 1),
      Kconfig: `config MODULES
	bool "m"
	default y
choice
	tristate "gadget"
config G_A
	tristate "a"
config G_A_OPT
	bool "a option"
	depends on G_A
	default y
config G_B
	tristate "b"
endchoice
`,
    },
    { semantics: 'legacy' },
  );
  assert.equal(t.symbol('G_A_OPT')!.choice, undefined);
  const out = olddef(t, 'CONFIG_MODULES=y\nCONFIG_G_A=m\nCONFIG_G_B=m\n');
  assert.ok(out.includes('CONFIG_G_A_OPT=y'), out.join('\n'));
});

test('before 5.6: imply counts only while the direct dependency is not n, and an implied y lifts m', () => {
  const kconfig = `config MODULES
	bool "m"
	default y
	option modules
config A
	bool "a"
	default y
	imply T
	imply U
config DEP
	tristate "dep"
	default m
config T
	tristate "t"
	depends on DEP
config U
	tristate "u"
	depends on NOPE
`;
  const old = tree({ Makefile: mk(5, 4), Kconfig: kconfig }, { semantics: 'legacy' }).tree;
  const cur = tree({ Makefile: mk(5, 10), Kconfig: kconfig }, { semantics: 'legacy' }).tree;
  assert.ok(olddef(old, '').includes('CONFIG_T=y'));
  assert.ok(!olddef(old, '').some((l) => l.includes('CONFIG_U')));
  assert.ok(olddef(cur, '').includes('CONFIG_T=m'));
});
