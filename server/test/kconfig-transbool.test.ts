// conf's expr_trans_bool (ParseOptions.transBool): until 6.10 (and stable releases before the
// removal was backported) menu_finalize read `X != n` as `X` in the conditions of a bool symbol's
// properties, so a bool inside `if BT != n` with BT=m selects its targets as m. Found by the 3.1
// oracle on Qubes' 3.2.7 configuration (net/bluetooth/Kconfig: BT_L2CAP selects CRC16 and
// CRYPTO_AES). The engine does as the tree's own scripts/kconfig/menu.c does.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tree, olddef } from './kconfig-helpers';

const KCONFIG = `config MODULES
	def_bool y
	option modules
config BT
	tristate "bt"
if BT != n
config L2CAP
	bool "l2cap"
	default y
	select C
	select D if BT != n
endif
config E
	def_bool y
	select F if BT != n
config C
	tristate
config D
	tristate
config F
	tristate
`;

// A few lines in the shape of the old menu.c, written here (only the call matters to the engine).
const OLD_MENU_C = '\t\t\t\tif (menu->sym && menu->sym->type != S_TRISTATE)\n\t\t\t\t\tdep = expr_trans_bool(dep);\n';

test('a tree whose menu.c calls expr_trans_bool: a bool under BT != n (BT=m) selects m', () => {
  const { tree: t } = tree({ Kconfig: KCONFIG, 'scripts/kconfig/menu.c': OLD_MENU_C }, { semantics: 'legacy' });
  const out = olddef(t, 'CONFIG_BT=m\n');
  assert.ok(out.includes('CONFIG_L2CAP=y'), out.join('\n'));
  assert.ok(out.includes('CONFIG_C=m'), out.join('\n'));
  assert.ok(out.includes('CONFIG_D=m'), out.join('\n'));
  // the rule is about bool symbols' own conditions: E (bool, not under the if) too
  assert.ok(out.includes('CONFIG_F=m'), out.join('\n'));
});

test('without the call (6.10 on, Debian 6.1.192, no menu.c): BT != n is y and the selects give y', () => {
  for (const files of <Array<Record<string, string>>>[
    { Kconfig: KCONFIG, 'scripts/kconfig/menu.c': 'dep = expr_eliminate_dups(dep);\n' },
    { Kconfig: KCONFIG },
  ]) {
    const { tree: t } = tree(files, { semantics: 'legacy' });
    const out = olddef(t, 'CONFIG_BT=m\n');
    for (const s of ['C', 'D', 'F']) assert.ok(out.includes(`CONFIG_${s}=y`), `${s}: ${out.join('\n')}`);
  }
});
