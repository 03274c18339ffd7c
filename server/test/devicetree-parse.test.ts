// The device tree source reader and the U-Boot script reader on their own: what they build, the
// document offset of every decoded character, and inputs that must not break them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDts } from '../src/devicetree/dtsParse';
import { parseUboot } from '../src/devicetree/ubootParse';
import { nodeAt, stringsOf, cellsOf } from '../src/devicetree/tree';
import { xenBoot } from '../src/devicetree/boot';
import { SERIES } from '../src/devicetree/knowledge';

const NEWEST = SERIES.length - 1;

test('dts: escapes decode to one character each and keep their document offsets', () => {
  const text = '/ { chosen { bootargs = "a\\tb\\x41\\101\\"c"; }; };';
  const f = parseDts(text);
  const s = stringsOf(nodeAt(f.root, '/chosen')!.props.get('bootargs'))![0];
  assert.equal(s.text, 'a\tbAA"c');
  assert.deepEqual(
    s.offsets.slice(0, -1).map((o) => text[o]),
    ['a', '\\', 'b', '\\', '\\', '\\', 'c'],
  );
  assert.equal(text[s.offsets[s.text.length]], '"');
});

test('dts: labels, &label and &{/path} extensions, later properties win, /delete-node/ and /delete-property/', () => {
  const text = [
    '/dts-v1/;',
    '/ { c: chosen { bootargs = "one"; old; }; soc { x: serial@1 { }; }; };',
    '&c { bootargs = "two"; /delete-property/ old; };',
    '&{/chosen} { extra = /bits/ 64 <0x1 2>, <&x>; bytes = [00 11 2233]; };',
    '/delete-node/ &x;',
  ].join('\n');
  const f = parseDts(text);
  assert.deepEqual(f.problems, []);
  const chosen = nodeAt(f.root, '/chosen')!;
  assert.equal(stringsOf(chosen.props.get('bootargs'))![0].text, 'two');
  assert.ok(!chosen.props.has('old'));
  const extra = chosen.props.get('extra')!;
  assert.equal(extra.values[0].kind === 'cells' && extra.values[0].bits, 64);
  assert.equal(cellsOf(chosen.props.get('bytes')), undefined);
  assert.equal(nodeAt(f.root, '/soc/serial@1'), undefined);
  assert.equal(f.labels.has('x'), false);
});

test('dts: preprocessor lines and macros in cells are not errors', () => {
  const f = parseDts(
    '#include <dt-bindings/gpio/gpio.h>\n#define FOO 1\n/ { n { gpios = <&gpio 5 GPIO_ACTIVE_HIGH>; v = <(1 << 3)>; m = FOO; }; };\n',
  );
  assert.deepEqual(f.problems, []);
  assert.equal(f.includes.length, 1);
  assert.equal(f.preprocessor.length, 1);
});

test('dts: deep nesting and unbalanced input do not throw or overflow', () => {
  const deep = `/ {${' a {'.repeat(50000)}${' };'.repeat(50000)} };`;
  const f = parseDts(deep);
  assert.deepEqual(f.problems, []);
  for (const bad of [
    '}',
    '/ {',
    '/ { a = <1 2',
    '/ { a = "x',
    '&',
    '&{',
    '/bits/',
    '/ { /delete-node/ ; };',
    '"\\',
    "'",
  ]) {
    const r = parseDts(bad);
    assert.ok(Array.isArray(r.problems));
    xenBoot(r.root, NEWEST);
  }
});

test('U-Boot: quoting, the \\"${var}\\" idiom maps to the setenv value, unknown variables leave words out', () => {
  const text = [
    'setenv dom0_args "console=hvc0 root=/dev/sda1"',
    'fdt set /chosen xen,dom0-bootargs \\"${dom0_args}\\"',
    'fdt set /chosen xen,xen-bootargs "dom0_mem=${mem} loglvl=all"',
    'fdt set /chosen/module@0 compatible \'multiboot,kernel\' "multiboot,module"',
    'fdt set /chosen/module@0 reg <0x4a000000 ${size}>',
  ].join('\n');
  const s = parseUboot(text);
  const chosen = nodeAt(s.root, '/chosen')!;
  const dom0 = stringsOf(chosen.props.get('xen,dom0-bootargs'))!;
  assert.equal(dom0.length, 1);
  assert.equal(dom0[0].text, 'console=hvc0 root=/dev/sda1');
  assert.equal(text[dom0[0].offsets[0]], 'c');
  assert.ok(dom0[0].offsets[0] < text.indexOf('\n'), 'the characters sit on the setenv line');
  const xen = stringsOf(chosen.props.get('xen,xen-bootargs'))![0];
  assert.equal(xen.text, 'loglvl=all');
  assert.equal(xen.dynamic, true);
  const mod = nodeAt(s.root, '/chosen/module@0')!;
  assert.deepEqual(
    stringsOf(mod.props.get('compatible'))!.map((x) => x.text),
    ['multiboot,kernel', 'multiboot,module'],
  );
  const reg = cellsOf(mod.props.get('reg'))!;
  assert.deepEqual(
    reg.map((c) => c.kind),
    ['number', 'other'],
  );
  const boot = xenBoot(s.root, NEWEST);
  assert.deepEqual(boot.lines.map((l) => l.reader).sort(), ['dom0', 'xen']);
});

test('U-Boot: fdt sub-commands by prefix, unclosed quotes reported, nothing throws', () => {
  const s = parseUboot('fdt mknode /chosen dom0\nfdt mk /chosen/dom0 m\nfdt se /chosen x "y"\necho "open\n');
  assert.ok(nodeAt(s.root, '/chosen/dom0/m'));
  assert.ok(nodeAt(s.root, '/chosen')!.props.has('x'));
  assert.equal(s.problems.filter((p) => p.code === 'uboot-syntax').length, 1);
  for (const bad of [
    '"',
    "'",
    '\\',
    '${',
    'fdt',
    'fdt set',
    'fdt set /chosen',
    'fdt mknod',
    'fdt set / a <',
    'setenv',
    'booti',
  ])
    parseUboot(bad);
});
