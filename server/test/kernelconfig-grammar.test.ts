// The TextMate grammars for kernel .config files and Kconfig, run through the engine VS Code uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { debianTree, treesRequired } from '../../scripts/kernel-trees';
import { innermostScopes } from './grammarHarness';

const root = path.resolve(__dirname, '../..');

test('kernel-config: assignments, values, not-set lines, directives, header, bad lines', async () => {
  const t = await innermostScopes(
    'source.kernel-config',
    [
      '# Linux/x86 6.1.0 Kernel Configuration',
      '# xen-config: role=dom0',
      'CONFIG_XEN=y',
      'CONFIG_XEN_BLKDEV_BACKEND=m',
      '# CONFIG_XEN_PVH is not set',
      'CONFIG_NR_CPUS=64',
      'CONFIG_PHYSICAL_START=0x1000000',
      'CONFIG_LOCALVERSION="-xen\\"x"',
      'CONFIG_BAD=maybe',
      'XEN=y',
    ].join('\n'),
  );
  const find = (text: string) => t.find(([s]) => s === text)?.[1];
  assert.equal(find('Linux/x86 6.1.0 Kernel Configuration'), 'markup.heading.kernel-config');
  assert.equal(find('xen-config'), 'keyword.other.directive.kernel-config');
  assert.equal(find('dom0'), 'string.unquoted.directive.kernel-config');
  assert.equal(find('CONFIG_XEN'), 'variable.other.constant.symbol.kernel-config');
  assert.equal(find('='), 'keyword.operator.assignment.kernel-config');
  assert.equal(find('y'), 'constant.language.tristate.kernel-config');
  assert.equal(find('m'), 'constant.language.tristate.kernel-config');
  assert.equal(find('CONFIG_XEN_PVH'), 'variable.other.constant.symbol.kernel-config');
  assert.equal(find('is not set'), 'constant.language.not-set.kernel-config');
  assert.equal(find('64'), 'constant.numeric.decimal.kernel-config');
  assert.equal(find('0x1000000'), 'constant.numeric.hex.kernel-config');
  assert.equal(find('\\"'), 'constant.character.escape.kernel-config');
  assert.equal(find('maybe'), 'invalid.illegal.value.kernel-config');
  assert.equal(find('XEN=y'), 'invalid.illegal.line.kernel-config');
});

test('kernel-config: the examples and a Debian config tokenize without illegal scopes', async () => {
  for (const f of ['dom0.config', 'domU.config', 'pvh-guest-6.1.config']) {
    const bad = (
      await innermostScopes('source.kernel-config', readFileSync(path.join(root, 'examples/kernel', f), 'utf8'))
    ).filter(([, s]) => s.startsWith('invalid'));
    assert.deepEqual(bad, [], f);
  }
});

test('kconfig: entries, types, properties, expressions, macros and help text', async () => {
  const text = [
    'source "arch/$(SRCARCH)/Kconfig"',
    'menu "Xen driver support"',
    '\tdepends on XEN',
    '',
    'config XEN_BALLOON',
    '\tbool "Xen memory balloon driver"',
    '\tdefault y if XEN_PV && !COMPILE_TEST',
    '\tselect MEMORY_BALLOON',
    '\thelp',
    '\t  config FAKE in the help text',
    '',
    '\t  still help',
    '',
    'config XEN_MEMORY_HOTPLUG_LIMIT',
    '\tint "Limit"',
    '\trange 0 512',
    'endmenu',
  ].join('\n');
  const t = await innermostScopes('source.kconfig', text);
  const find = (s: string) => t.find(([x]) => x === s)?.[1];
  assert.equal(find('source'), 'keyword.control.import.kconfig');
  assert.equal(find('SRCARCH'), 'variable.other.macro.kconfig');
  assert.equal(find('menu'), 'keyword.control.kconfig');
  assert.equal(find('depends on'), 'keyword.other.property.kconfig');
  assert.equal(find('config'), 'keyword.other.entry.kconfig');
  assert.equal(find('XEN_BALLOON'), 'entity.name.type.symbol.kconfig');
  assert.equal(find('bool'), 'storage.type.kconfig');
  assert.equal(find('&&'), 'keyword.operator.kconfig');
  assert.equal(find('XEN_PV'), 'variable.other.constant.symbol.kconfig');
  assert.equal(find('help'), 'keyword.other.help.kconfig');
  assert.equal(find('\t  config FAKE in the help text'), 'comment.block.documentation.help.kconfig');
  assert.equal(find('\t  still help'), 'comment.block.documentation.help.kconfig');
  assert.equal(find('int'), 'storage.type.kconfig');
  assert.equal(find('512'), 'constant.numeric.kconfig');
  assert.equal(find('endmenu'), 'keyword.control.kconfig');
});

test('kconfig: the Xen Kconfig files of the trees tokenize (when present)', async (t) => {
  const file = path.join(debianTree('6.12'), 'drivers/xen/Kconfig');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    if (treesRequired()) assert.fail(`${file} missing: run scripts/prepare-kernel-trees.sh`);
    t.skip('tree not present (scripts/prepare-kernel-trees.sh prepares it)');
    return;
  }
  const toks = await innermostScopes('source.kconfig', text);
  const entries = toks.filter(([, s]) => s === 'entity.name.type.symbol.kconfig').map(([x]) => x);
  assert.ok(entries.includes('XEN_BALLOON') && entries.includes('XEN_SCRUB_PAGES_DEFAULT'));
  // Nothing inside help texts is taken for an entry.
  const configs = (text.match(/^(?:menu)?config\s/gm) ?? []).length;
  assert.equal(entries.length, configs);
});
