// Xen on Arm through the language service: device tree sources and U-Boot scripts, with the
// Xen and dom0 (and dom0less domain) command lines judged at their exact columns, hovers and
// completion inside them, the tree's own checks, version inference and the Arm architecture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../src/service/service';
import { languageForFile, languageForPath } from '../src/core/languages';
import type { Diagnostic, Settings } from '../src/core/types';

const root = path.resolve(__dirname, '../..');
const example = (f: string) => readFileSync(path.join(root, 'examples/arm', f), 'utf8');

let n = 0;
function run(
  text: string,
  language: 'dts' | 'uboot-script',
  settings: Settings = {},
  uri = `file:///boot/x${n++}.${language === 'dts' ? 'dts' : 'cmd'}`,
) {
  const svc = createLanguageService({ settings });
  const doc = TextDocument.create(uri, language, 1, text);
  return { svc, doc, diags: svc.diagnose(doc) };
}

/** Line and column (0-based) of the first occurrence of `needle` (plus `delta` characters). */
function at(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" is in the text`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

const find = (ds: Diagnostic[], code: string, line?: number) =>
  ds.filter((d) => d.code === code && (line === undefined || d.range.start.line === line));

test('file names: .dts/.dtsi are device tree sources, boot.cmd/boot.source U-Boot scripts', () => {
  assert.equal(languageForPath('/src/arch/arm64/boot/dts/xilinx/zynqmp-zcu102-rev1.0.dts'), 'dts');
  assert.equal(languageForPath('/src/board.dtsi'), 'dts');
  assert.equal(languageForPath('/boot/boot.cmd'), 'uboot-script');
  assert.equal(languageForPath('/imagebuilder/boot.source'), 'uboot-script');
  assert.equal(languageForPath('/src/types.d.ts'), undefined);
  assert.equal(
    languageForFile('/music/track.dts', () => 'DTS\0\0\x01binary'),
    undefined,
    'DTS audio is not a device tree',
  );
  assert.equal(
    languageForFile('/win/boot.cmd', () => '@echo off\r\nbcdedit /enum\r\n'),
    undefined,
    'a Windows batch file named boot.cmd is left alone',
  );
});

test('dts example: the Xen mistake and the dom0less domain mistake at their columns, judged as Arm', () => {
  const text = example('xen-dom0less.dts');
  const { diags } = run(text, 'dts');
  const xen = find(diags, 'xen/unknown-parameter');
  assert.equal(xen.length, 1, JSON.stringify(diags.map((d) => d.code)));
  assert.deepEqual(xen[0].range.start, at(text, 'dom0_max_vcpu='));
  assert.deepEqual(xen[0].range.end, at(text, 'dom0_max_vcpu=', 'dom0_max_vcpu'.length));
  assert.match(xen[0].message, /Xen 4\.17/);
  assert.match(xen[0].message, /Arm/);
  const domU = find(diags, 'linux/unknown-parameter');
  assert.equal(domU.length, 1);
  assert.deepEqual(domU[0].range.start, at(text, 'loglevl=3'));
  // dom0's line is Linux on arm64: earlyprintk is x86's.
  const arm = find(diags, 'linux/other-architecture');
  assert.equal(arm.length, 1);
  assert.deepEqual(arm[0].range.start, at(text, 'earlyprintk=xen'));
  assert.ok(
    !diags.some((d) => d.code.startsWith('devicetree/')),
    `no tree finding: ${JSON.stringify(diags.filter((d) => d.code.startsWith('devicetree/')))}`,
  );
});

test('U-Boot example: the Xen mistake on the fdt set line, the dom0 mistake inside setenv, at their columns', () => {
  const text = example('boot.cmd');
  const { diags } = run(text, 'uboot-script');
  const xen = find(diags, 'xen/unknown-parameter');
  assert.equal(xen.length, 1, JSON.stringify(diags.map((d) => [d.code, d.message])));
  assert.deepEqual(xen[0].range.start, at(text, 'sync_consle'));
  const dom0 = find(diags, 'linux/unknown-parameter');
  assert.equal(dom0.length, 1);
  assert.deepEqual(dom0[0].range.start, at(text, 'rootfstyp='));
  assert.match(dom0[0].message, /rootfstype/);
});

test('hover on a Xen parameter and completion inside the strings, in both formats', () => {
  for (const [file, lang, word] of [
    ['xen-dom0less.dts', 'dts', 'dom0_mem'],
    ['boot.cmd', 'uboot-script', 'dom0_mem'],
  ] as const) {
    const text = example(file);
    const { svc, doc } = run(text, lang);
    const h = svc.hover(doc, at(text, word, 2));
    assert.ok(h, `${file}: hover on ${word}`);
    assert.match(h.markdown, /dom0/);
    assert.match(h.markdown, /memory/i);
    // Completion right after "dtuart=serial0 " / inside Xen's string offers Xen parameters.
    const pos = at(text, 'console=dtuart ', 'console=dtuart '.length);
    const items = svc.complete(doc, pos);
    assert.ok(
      items.some((i) => i.label === 'dom0_mem'),
      `${file}: completion offers dom0_mem, got ${items.slice(0, 5).map((i) => i.label)}`,
    );
    // And Linux parameters inside dom0's string.
    const dpos = at(text, 'console=hvc0 ', 'console=hvc0 '.length);
    const dItems = svc.complete(doc, dpos);
    assert.ok(
      dItems.some((i) => i.label === 'root' || i.label === 'rootwait'),
      `${file}: dom0 completion offers Linux parameters`,
    );
  }
});

test('Arm-only and x86-only Xen parameters follow the Arm architecture, whatever the arch setting', () => {
  const text = '/ {\n\tchosen {\n\t\txen,xen-bootargs = "dom0_mem=1G vwfi=native x2apic_phys=1";\n\t};\n};\n';
  const { diags } = run(text, 'dts', { arch: 'x86_64', xenVersion: '4.17.0' });
  const x86 = find(diags, 'xen/unknown-parameter');
  assert.ok(
    x86.some((d) => d.range.start.character === text.split('\n')[2].indexOf('x2apic_phys')),
    JSON.stringify(diags.map((d) => [d.code, d.message])),
  );
  assert.ok(
    !diags.some((d) => d.range.start.character === text.split('\n')[2].indexOf('vwfi')),
    'vwfi (Arm only) is known',
  );
});

test("which string is whose: module bootargs make /chosen bootargs Xen's; xen,dom0-bootargs wins over the module", () => {
  const text = [
    '/dts-v1/;',
    '/ {',
    '\tchosen {',
    '\t\tbootargs = "dom0_mem=512M loglvl=all";',
    '\t\tmodule@0 {',
    '\t\t\tcompatible = "multiboot,kernel", "multiboot,module";',
    '\t\t\treg = <0x0 0x80000000 0x0 0x1000000>;',
    '\t\t\tbootargs = "console=hvc0 root=/dev/sda2 rootwai";',
    '\t\t};',
    '\t};',
    '};',
  ].join('\n');
  const { svc, doc, diags } = run(text, 'dts', { xenVersion: '4.19.0' });
  // bootargs is Xen's: a hover on loglvl is Xen's.
  const h = svc.hover(doc, at(text, 'loglvl', 2));
  assert.ok(h && /Xen/.test(h.markdown), h?.markdown);
  assert.ok(
    find(diags, 'linux/unknown-parameter').some((d) => d.range.start.line === 7),
    "the module line is Linux's",
  );
  // With xen,dom0-bootargs the module's bootargs is never used.
  const t2 = text.replace(
    '\t\tbootargs = "dom0_mem',
    '\t\txen,dom0-bootargs = "console=hvc0";\n\t\tbootargs = "dom0_mem',
  );
  const d2 = run(t2, 'dts', { xenVersion: '4.19.0' }).diags;
  const unused = find(d2, 'devicetree/bootargs-unused');
  assert.equal(unused.length, 1);
  assert.equal(unused[0].range.start.line, 8);
});

test('dom0less checks: no kernel, memory as one cell, cpus missing, reg against the cells, generic compatible missing', () => {
  const text = [
    '/ {',
    '\tchosen {',
    '\t\t#address-cells = <1>;',
    '\t\t#size-cells = <1>;',
    '\t\tdomU1 {',
    '\t\t\tcompatible = "xen,domain";',
    '\t\t\tmemory = <131072>;',
    '\t\t\tmodule@1 {',
    '\t\t\t\tcompatible = "multiboot,ramdisk", "multiboot,module";',
    '\t\t\t\treg = <0x0 0x4b000000 0xffffff>;',
    '\t\t\t};',
    '\t\t\tmodule@2 {',
    '\t\t\t\tcompatible = "multiboot,kernel";',
    '\t\t\t\treg = <0x4c000000 0xffffff>;',
    '\t\t\t};',
    '\t\t};',
    '\t};',
    '};',
  ].join('\n');
  const { svc, doc, diags } = run(text, 'dts', { xenVersion: '4.18.0' });
  assert.equal(find(diags, 'devicetree/domain-without-kernel', 4).length, 1);
  const mem = find(diags, 'devicetree/domain-memory', 6);
  assert.equal(mem.length, 1);
  assert.equal(mem[0].severity, 'error');
  assert.equal(mem[0].fixes?.[0].edits[0].newText, '0x0 ');
  assert.equal(find(diags, 'devicetree/domain-cpus', 4).length, 1);
  assert.equal(find(diags, 'devicetree/missing-cells', 4).length, 1);
  // 3 cells with 1+1 (inherited from /chosen): not a multiple.
  assert.equal(find(diags, 'devicetree/module-reg', 9).length, 1);
  assert.equal(find(diags, 'devicetree/module-not-multiboot', 12).length, 1);
  assert.ok(svc.symbols(doc).length > 0);
  assert.ok((svc.folding(doc) ?? []).some((f) => f.startLine === 4));
});

test('unknown xen,* names per release; an assumed release gives no warning for names of other releases', () => {
  const text =
    '/ {\n\tchosen {\n\t\txen,static-heap = <0x0 0x30000000 0x0 0x40000000>;\n\t\txen,xen-bootarg = "loglvl=all";\n\t};\n};\n';
  const exact = run(text, 'dts', { xenVersion: '4.16.0' }).diags;
  const heap = find(exact, 'devicetree/unknown-xen-property', 2);
  assert.equal(heap.length, 1);
  assert.equal(heap[0].severity, 'warning');
  assert.match(heap[0].message, /4\.17/);
  const typo = find(exact, 'devicetree/unknown-xen-property', 3);
  assert.equal(typo.length, 1);
  assert.match(typo[0].message, /xen,xen-bootargs/);
  assert.equal(typo[0].fixes?.[0].edits[0].newText, 'xen,xen-bootargs');
  // The comment names the release.
  const byComment = run(`/* xen-config: xen=4.16 */\n${text}`, 'dts').diags;
  assert.equal(find(byComment, 'devicetree/unknown-xen-property', 3).length, 1);
  // Nothing names it: the newest is assumed, and xen,static-heap is fine there.
  const assumed = run(text, 'dts').diags;
  assert.equal(find(assumed, 'devicetree/unknown-xen-property', 2).length, 0);
  // A domain property newer than the release: sve is read from 4.18.
  const sve =
    '/ {\n\tchosen {\n\t\td1 {\n\t\t\tcompatible = "xen,domain";\n\t\t\tmemory = <0 65536>;\n\t\t\tcpus = <1>;\n\t\t\tsve;\n\t\t};\n\t};\n};\n';
  const s = find(run(sve, 'dts', { xenVersion: '4.17.0' }).diags, 'devicetree/domain-property-not-read');
  assert.equal(s.length, 1);
  assert.equal(s[0].range.start.line, 6);
});

test('several strings, a cell list and an escape in command lines', () => {
  const text =
    '/ {\n\tchosen {\n\t\txen,xen-bootargs = "dom0_mem=1G", "loglvl=all";\n\t\txen,dom0-bootargs = "console=hvc0\\tearlycon=xen rootwait";\n\t\tbootargs = <1 2>;\n\t};\n};\n';
  const { diags } = run(text, 'dts', { xenVersion: '4.19.0' });
  assert.equal(find(diags, 'devicetree/string-list', 2).length, 1);
  assert.equal(find(diags, 'devicetree/bootargs-not-string', 4).length, 1);
  // "\t" is one character for Linux but two in the document: columns after it stay exact.
  const lines = text.split('\n');
  for (const d of diags.filter((x) => x.range.start.line === 3)) {
    assert.ok(d.range.start.character >= lines[3].indexOf('"') + 1, JSON.stringify(d));
  }
});

test('U-Boot: unquoted bootargs split into strings, fdt usage, setenv bootargs reaches /chosen at booti', () => {
  const text = [
    'fdt addr ${fdt_addr_r}',
    'fdt set /chosen xen,xen-bootargs console=dtuart dom0_mem=512M',
    'fdt frobnicate /chosen',
    'setenv bootargs "console=hvc0 root=/dev/mmcblk0p2 rootwiat"',
    'fdt mknod /chosen domU1',
    'fdt set /chosen/domU1 compatible "xen,domain"',
    'fdt set /chosen/domU1 memory <0x0 0x20000>',
    'booti ${xen_addr_r} - ${fdt_addr_r}',
  ].join('\n');
  const { diags } = run(text, 'uboot-script', { xenVersion: '4.17.0' });
  const split = find(diags, 'devicetree/string-list', 1);
  assert.equal(split.length, 1, JSON.stringify(diags.map((d) => [d.code, d.range.start.line])));
  assert.deepEqual(split[0].range.start, at(text, 'dom0_mem=512M'));
  assert.equal(find(diags, 'devicetree/uboot-fdt-usage', 2).length, 1);
  // With xen,xen-bootargs and no xen,dom0-bootargs, /chosen bootargs is dom0's.
  assert.ok(
    find(diags, 'linux/unknown-parameter', 3).length === 1,
    JSON.stringify(diags.map((d) => [d.code, d.range.start.line])),
  );
  assert.equal(find(diags, 'devicetree/domain-without-kernel', 4).length, 1);
  assert.equal(find(diags, 'devicetree/domain-cpus', 4).length, 1);
  assert.equal(find(diags, 'devicetree/domain-memory').length, 0);
});

test('U-Boot: fdt set property-name completion and hover on xen,xen-bootargs', () => {
  const text =
    'fdt mknod /chosen domU1\nfdt set /chosen/domU1 compatible "xen,domain"\nfdt set /chosen/domU1 \nfdt set /chosen xen,xen-bootargs "loglvl=all"\n';
  const { svc, doc } = run(text, 'uboot-script');
  const items = svc.complete(doc, { line: 2, character: 22 });
  assert.ok(
    items.some((i) => i.label === 'memory') && items.some((i) => i.label === 'cpus'),
    items.map((i) => i.label).join(','),
  );
  const h = svc.hover(doc, { line: 3, character: 20 });
  assert.ok(h && /hypervisor/.test(h.markdown), h?.markdown);
});

test('includes are reported as not followed; labels and references resolve', () => {
  const text =
    '#include "zynqmp.dtsi"\n/include/ "xen.dtsi"\n/ {\n\tchosen: chosen {\n\t};\n};\n&chosen {\n\txen,xen-bootargs = "loglvl=al";\n};\n&nolabel {\n\tstatus = "okay";\n};\n';
  const { diags } = run(text, 'dts', { xenVersion: '4.17.0' });
  assert.equal(find(diags, 'devicetree/include-not-followed').length, 2);
  assert.equal(find(diags, 'devicetree/unknown-label').length, 0, 'an include may define the label');
  assert.ok(
    diags.some((d) => d.range.start.line === 7 && d.code.startsWith('xen/')),
    'the &chosen extension is /chosen',
  );
  const noInc = run(text.split('\n').slice(2).join('\n'), 'dts').diags;
  assert.equal(find(noInc, 'devicetree/unknown-label').length, 1);
});

test('a Linux board file without Xen content: no include notes, no findings', () => {
  const text =
    '// SPDX-License-Identifier: GPL-2.0\n#include <dt-bindings/interrupt-controller/arm-gic.h>\n#include "bcm2711.dtsi"\n/ {\n\tmodel = "Raspberry Pi 4";\n\tsoc {\n\t\tfoo: serial@7e215040 {\n\t\t\tinterrupts = <GIC_SPI 93 IRQ_TYPE_LEVEL_HIGH>;\n\t\t\tclocks = <&clocks 19>, <&aux 0>;\n\t\t\treg = /bits/ 64 <0x7e215040>;\n\t\t\tlocal-mac-address = [ 00 00 00 00 00 00 ];\n\t\t\tstatus = "okay";\n\t\t};\n\t};\n};\n&foo { status = "disabled"; };\n/delete-node/ &foo;\n';
  const { diags } = run(text, 'dts');
  assert.deepEqual(diags, []);
});

test('syntax errors are reported and never throw', () => {
  const bad = ['/ {', '\tchosen {', '\t\tbootargs = "unterminated', '\t\tfoo bar;', '\t};'].join('\n');
  const { diags, svc, doc } = run(bad, 'dts');
  assert.ok(find(diags, 'devicetree/syntax').length >= 2);
  for (let i = 0; i < bad.length; i += 3) {
    const cut = TextDocument.create(`file:///cut${i}.dts`, 'dts', 1, bad.slice(0, i));
    svc.diagnose(cut);
    svc.symbols(cut);
    svc.folding(cut);
    svc.complete(cut, { line: 0, character: 0 });
  }
  void doc;
});
