// TextMate grammars of the device tree source and U-Boot script languages, tokenized with the
// engine VS Code uses, asserting the scopes of tokens on sample lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineTokens } from './grammarHarness';

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

test('dts: directives, includes, labels, nodes, Xen properties, strings, cells and references', async () => {
  const t = await lineTokens(
    'source.xen-dts',
    [
      '/dts-v1/;',
      '#include "zynqmp.dtsi"',
      '/* xen-config: xen=4.17 */',
      'chosen: chosen {',
      '\txen,xen-bootargs = "console=dtuart\\n";',
      '\treg = <0x0 0x4a000000 &gic>;',
      '\tstatus = "okay"; // on',
      '\tmodule@4a000000 {',
    ].join('\n'),
  );
  has(scopesOf(t, 0, '/dts-v1/'), 'keyword.control.directive');
  has(scopesOf(t, 1, '#include'), 'keyword.control.directive.include');
  has(scopesOf(t, 1, '"zynqmp.dtsi"'), 'string.quoted.other.include');
  has(scopesOf(t, 2, '/*'), 'comment.block');
  has(scopesOf(t, 3, 'chosen'), 'entity.name.label');
  has(scopesOf(t, 4, 'xen,xen-bootargs'), 'support.type.property-name.xen');
  has(scopesOf(t, 4, 'console=dtuart'), 'string.quoted.double');
  has(scopesOf(t, 4, '\\n'), 'constant.character.escape');
  has(scopesOf(t, 5, 'reg'), 'variable.other.property');
  has(scopesOf(t, 5, '0x4a000000'), 'constant.numeric');
  has(scopesOf(t, 5, '&gic'), 'variable.other.reference');
  has(scopesOf(t, 6, '// on'), 'comment.line.double-slash');
  has(scopesOf(t, 7, 'module@4a000000'), 'entity.name.tag.node');
});

test('uboot-script: commands, fdt sub-commands, paths, Xen property names, strings and variables', async () => {
  const t = await lineTokens(
    'source.uboot-script',
    [
      '# boot Xen',
      'setenv dom0_bootargs "console=hvc0 root=${rootdev}"',
      'fdt set /chosen xen,xen-bootargs "dom0_mem=1G"',
      'fdt set /chosen/dom0 reg <${kernel_addr_r} 0x${filesize}>',
      'booti ${xen_addr_r} - ${fdt_addr}',
    ].join('\n'),
  );
  has(scopesOf(t, 0, '# boot Xen'), 'comment.line.number-sign');
  has(scopesOf(t, 1, 'setenv'), 'keyword.other.command');
  has(scopesOf(t, 1, 'console=hvc0 root='), 'string.quoted.double');
  has(scopesOf(t, 1, '${rootdev}'), 'variable.other');
  has(scopesOf(t, 2, 'fdt'), 'keyword.other.command');
  has(scopesOf(t, 2, 'set'), 'entity.name.function.subcommand');
  has(scopesOf(t, 2, '/chosen'), 'string.unquoted.path');
  has(scopesOf(t, 2, 'xen,xen-bootargs'), 'support.type.property-name.xen');
  has(scopesOf(t, 2, 'dom0_mem=1G'), 'string.quoted.double');
  has(scopesOf(t, 4, 'booti'), 'keyword.other.command');
  has(scopesOf(t, 4, '${xen_addr_r}'), 'variable.other');
});
