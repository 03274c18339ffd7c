// TextMate grammars of the GRUB languages, tokenized with the same engine VS Code uses
// (vscode-textmate on vscode-oniguruma), asserting the scopes of tokens on sample lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineTokens } from './grammarHarness';

const tokenize = lineTokens;

/** The scopes of the first token on `line` whose text is `text`. */
function scopesOf(tokens: Array<Array<[string, string[]]>>, line: number, text: string): string[] {
  const hit = tokens[line].find(([t]) => t === text);
  assert.ok(hit, `token "${text}" on line ${line}: got ${JSON.stringify(tokens[line].map(([t]) => t))}`);
  return hit[1];
}

const has = (scopes: string[], prefix: string) =>
  assert.ok(
    scopes.some((s) => s.startsWith(prefix)),
    `expected ${prefix} in ${scopes.join(' ')}`,
  );
const hasNot = (scopes: string[], prefix: string) =>
  assert.ok(!scopes.some((s) => s.startsWith(prefix)), `did not expect ${prefix} in ${scopes.join(' ')}`);

test('menu-lst: commands, comments, devices, options and parameters', async () => {
  const t = await tokenize(
    'source.menu-lst',
    [
      '# [3] X/LAPP Xen',
      'title [3] X/LAPP Xen',
      '        root (hd0,0)',
      '        kernel --type=multiboot /xen-4.2.5.gz dom0_mem=2048M',
      'default 0',
      'timeout=5 # not a comment in GRUB legacy',
      'root(hd0,0)',
    ].join('\n'),
  );
  has(scopesOf(t, 0, '#'), 'comment.line.number-sign');
  has(scopesOf(t, 0, ' [3] X/LAPP Xen'), 'comment.line.number-sign');
  has(scopesOf(t, 1, 'title'), 'keyword.control');
  has(scopesOf(t, 1, '[3] X/LAPP Xen'), 'entity.name.section');
  has(scopesOf(t, 2, 'root'), 'keyword.other.command');
  has(scopesOf(t, 2, '(hd0,0)'), 'constant.other.device');
  has(scopesOf(t, 3, 'kernel'), 'keyword.control');
  has(scopesOf(t, 3, '--type'), 'variable.parameter.option');
  has(scopesOf(t, 3, '/xen-4.2.5.gz'), 'string.unquoted.path');
  has(scopesOf(t, 3, 'dom0_mem'), 'variable.parameter');
  has(scopesOf(t, 4, 'default'), 'keyword.other.command');
  has(scopesOf(t, 4, '0'), 'constant.numeric');
  has(scopesOf(t, 5, 'timeout'), 'keyword.other.command');
  for (const [, scopes] of t[5]) hasNot(scopes, 'comment');
  has(scopesOf(t, 6, 'root(hd0,0)'), 'invalid.illegal');
});

test('grub-cfg: keywords, menu entries, loaders, strings, variables, devices', async () => {
  const t = await tokenize(
    'source.grub-cfg',
    [
      "menuentry 'Debian GNU/Linux, with Xen hypervisor' --class xen $menuentry_id_option 'xen-gnulinux-simple' {",
      "\tset root='hd0,gpt2'",
      '\tif [ "$grub_platform" = "pc" ]; then xen_rm_opts=; fi',
      '\tmultiboot2\t/boot/xen-4.17-amd64.gz placeholder dom0_mem=1024M ${xen_rm_opts}',
      '\tmodule2 --nounzip /boot/initrd.img-6.1.0-18-amd64',
      '\tsearch --no-floppy --fs-uuid --set=root (hd0,gpt2) # trailing comment',
      '}',
    ].join('\n'),
  );
  has(scopesOf(t, 0, 'menuentry'), 'storage.type.menu');
  has(scopesOf(t, 0, 'Debian GNU/Linux, with Xen hypervisor'), 'string.quoted.single');
  has(scopesOf(t, 0, '--class'), 'variable.parameter.option');
  has(scopesOf(t, 0, '$menuentry_id_option'), 'variable.other');
  has(scopesOf(t, 0, '{'), 'punctuation.section.block');
  has(scopesOf(t, 1, 'set'), 'support.function.builtin');
  has(scopesOf(t, 1, 'root'), 'variable.other.assignment');
  has(scopesOf(t, 2, 'if'), 'keyword.control');
  has(scopesOf(t, 2, 'then'), 'keyword.control');
  has(scopesOf(t, 2, 'fi'), 'keyword.control');
  has(scopesOf(t, 2, '$grub_platform'), 'variable.other');
  has(scopesOf(t, 2, '$grub_platform'), 'string.quoted.double');
  has(scopesOf(t, 3, 'multiboot2'), 'keyword.control.loader');
  has(scopesOf(t, 3, '${xen_rm_opts}'), 'variable.other');
  has(scopesOf(t, 4, 'module2'), 'keyword.control.loader');
  has(scopesOf(t, 4, '--nounzip'), 'variable.parameter.option');
  has(scopesOf(t, 5, '(hd0,gpt2)'), 'constant.other.device');
  has(scopesOf(t, 5, '#'), 'comment.line.number-sign');
  has(scopesOf(t, 6, '}'), 'punctuation.section.block');
});

test('grub-default: assignments, quotes, expansions, comments', async () => {
  const t = await tokenize(
    'source.grub-default',
    [
      '# The Xen hypervisor itself can be given parameters',
      'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2048M,max:2048M dom0_max_vcpus=2"',
      'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT console=hvc0"',
      'export GRUB_TIMEOUT=5',
      'MY_OWN=1',
      'if [ "$XEN_OVERRIDE_GRUB_DEFAULT" = "1" ]; then',
      'GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`',
    ].join('\n'),
  );
  has(scopesOf(t, 0, '#'), 'comment.line.number-sign');
  has(scopesOf(t, 1, 'GRUB_CMDLINE_XEN_DEFAULT'), 'support.variable');
  has(scopesOf(t, 1, '='), 'keyword.operator.assignment');
  has(scopesOf(t, 1, 'dom0_mem=2048M,max:2048M dom0_max_vcpus=2'), 'string.quoted.double');
  has(scopesOf(t, 2, '$GRUB_CMDLINE_LINUX_DEFAULT'), 'variable.other');
  has(scopesOf(t, 3, 'export'), 'storage.modifier');
  has(scopesOf(t, 3, 'GRUB_TIMEOUT'), 'support.variable');
  has(scopesOf(t, 4, 'MY_OWN'), 'variable.other');
  has(scopesOf(t, 5, 'if'), 'keyword.control');
  has(scopesOf(t, 5, 'then'), 'keyword.control');
  has(scopesOf(t, 6, 'lsb_release -i -s 2> /dev/null || echo Debian'), 'string.interpolated');
});
