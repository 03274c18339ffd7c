// iPXE scripts that boot Xen: lines, continuations, labels, words and ${…} read as iPXE reads
// them; the first image command of a Xen file is Xen with its command line, the first module
// after it dom0's kernel; both routed to the engines at exact columns; the script's own checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { parseIpxe, settingRefs } from '../src/ipxe/ipxeParse';
import { languageForFile, languageForPath } from '../src/core/languages';
import { innermostScopes } from './grammarHarness';

const root = path.resolve(__dirname, '../..');
const EXAMPLE = 'examples/boot/ipxe/xen.ipxe';
const diags = (text: string) => service().diagnose(doc(text, 'ipxe'));
const codes = (text: string) =>
  diags(text)
    .map((d) => d.code)
    .sort();
const OK =
  '#!ipxe\nkernel xen.gz dom0_mem=2048M,max:2048M console=com1\nmodule vmlinuz root=/dev/sda1\nmodule initrd.img\nboot\n';

test('file names and the #!ipxe first line', () => {
  assert.equal(languageForPath('/srv/tftp/boot.ipxe'), 'ipxe');
  assert.equal(
    languageForFile('/srv/http/boot', () => '#!ipxe\nchain x\n'),
    'ipxe',
  );
  assert.equal(
    languageForFile('/srv/http/boot', () => '#!gpxe\r\nchain x\n'),
    'ipxe',
  );
  assert.equal(
    languageForFile('/srv/http/boot', () => '#!ipxeish\n'),
    undefined,
  );
});

test('reader: continuations, labels with commands, comments, operators, never throws', () => {
  const s = parseIpxe('#!ipxe\r\n:start echo hi # note || x\nkernel a \\\n  b c || goto start ; echo ok\n');
  assert.equal(s.signature, true);
  assert.deepEqual([...s.labels.keys()], ['start']);
  assert.deepEqual(
    s.commands.map((c) => [c.words.map((w) => w.text).join(' '), c.after ?? '']),
    [
      ['echo hi', ''],
      ['kernel a b c', ''],
      ['goto start', '||'],
      ['echo ok', ';'],
    ],
  );
  const k = s.commands[1];
  assert.deepEqual(
    k.line.positions[k.words[2].start],
    { line: 3, character: 2 },
    'the continued line maps back to its own line',
  );
  assert.deepEqual(settingRefs('${a}/${net0/mac:hexhyp}${${x}}'), [
    { name: 'a', start: 2, end: 3 },
    { name: 'net0/mac', start: 7, end: 15 },
    { name: 'x', start: 27, end: 28 },
  ]);
  for (const t of ['', '\\', ':', '#', '||', 'kernel --name', 'kernel -n', '${', 'x\\\n', '\r\n\r\n', 'x'.repeat(5000)])
    parseIpxe(t);
});

test('the example: the Xen mistake and the dom0 mistake at their columns, version from the image name', () => {
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const lines = text.split('\n');
  const ds = service().diagnose(doc(text, 'ipxe'));
  assert.deepEqual(
    ds.filter((d) => d.code.startsWith('ipxe/')).map((d) => d.code),
    [],
  );
  const kl = lines.findIndex((l) => l.includes('xen-4.17.3.gz'));
  const xen = ds.find((d) => d.code === 'xen/unknown-parameter')!;
  assert.deepEqual(xen.range.start, { line: kl, character: lines[kl].indexOf('dom0_max_vcpu=') });
  assert.match(xen.message, /Xen 4\.17\.3/);
  const ml = lines.findIndex((l) => l.includes('nomodeset=1'));
  const linux = ds.find((d) => d.code === 'linux/unexpected-value')!;
  assert.equal(linux.range.start.line, ml);
  assert.ok(linux.range.start.character >= lines[ml].indexOf('nomodeset=1'));
  assert.equal(ds.length, 2, JSON.stringify(ds.map((d) => d.code)));
});

test('options before the file, chain, imgargs, ${var} set once', () => {
  assert.deepEqual(codes(OK), []);
  // --name/--timeout values are not the file; -n takes the next word.
  const opt = diags('#!ipxe\nkernel -n x --timeout 5000 xen.gz dom0_max_vcpu=2\nmodule vmlinuz root=/dev/sda1\nboot\n');
  assert.deepEqual(
    opt.map((d) => [d.code, d.range.start.character]),
    [['xen/unknown-parameter', 34]],
  );
  // chain boots at once: the modules come before it.
  assert.deepEqual(codes('#!ipxe\nmodule vmlinuz root=/dev/sda1\nchain xen.gz dom0_mem=1G,max:1G\n'), []);
  assert.deepEqual(codes('#!ipxe\nchain xen.gz dom0_mem=1G,max:1G\nmodule vmlinuz root=/dev/sda1\n'), [
    'ipxe/xen-without-dom0',
  ]);
  // imgargs replaces a command line: judged too, by the image's name.
  const ia = diags(`${OK}imgargs xen.gz smt=maybe\n`.replace('boot\n', '') + 'boot\n');
  assert.ok(
    ia.some((d) => d.code === 'xen/invalid-value' && d.range.start.line === 4 && d.range.start.character === 19),
    JSON.stringify(ia),
  );
  // A setting set once is read with its value, at the column of the reference.
  const v = diags('#!ipxe\nset xo dom0_max_vcpu=2\nkernel xen.gz ${xo}\nmodule vmlinuz root=/dev/sda1\nboot\n');
  assert.deepEqual(
    v.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['xen/unknown-parameter', 2, 14]],
  );
});

test("the script's checks", () => {
  assert.deepEqual(codes(OK.replace('boot\n', 'bot\n')), ['ipxe/no-boot', 'ipxe/unknown-command']);
  const fix = diags(OK.replace('boot\n', 'bot\n')).find((d) => d.code === 'ipxe/unknown-command')!.fixes![0].edits[0];
  assert.equal(fix.newText, 'boot');
  assert.deepEqual(codes('#!ipxe\nkernel xen.gz dom0_mem=1G,max:1G\nboot\n'), ['ipxe/xen-without-dom0']);
  assert.deepEqual(
    codes('#!ipxe\nmodule initrd.img\nkernel xen.gz dom0_mem=1G,max:1G\nmodule vmlinuz root=/dev/sda1\nboot\n'),
    ['ipxe/module-before-kernel'],
  );
  assert.deepEqual(codes('#!ipxe\nkernel xen.gz dom0_mem=1G,max:1G\nmodule vmlinuz root=/dev/sda1\n'), [
    'ipxe/no-boot',
  ]);
  assert.deepEqual(codes(`${OK}goto nowhere\n`), ['ipxe/unknown-label']);
  // ${var}: info only for plain names the script never sets and iPXE does not provide.
  assert.deepEqual(
    codes('#!ipxe\necho ${mystery} ${net0/mac} ${mac:hexhyp} ${209:string} ${hostname}\nisset ${maybe} || echo none\n'),
    ['ipxe/unset-variable'],
  );
  assert.deepEqual(codes('#!ipxe\nread who\necho ${who}\nchoose --default a t && goto ${t}\n:a\n'), []);
  // A Linux-only script is not Xen's business.
  assert.deepEqual(codes('#!ipxe\nkernel vmlinuz root=/dev/sda1\ninitrd initrd.img\nboot\n'), []);
});

test('hover on a Xen and a dom0 parameter and on commands; completion of Xen parameters, commands, labels; outline', () => {
  const s = service();
  const hov = (t: string) => {
    const c = docAtCursor(t, 'ipxe');
    return s.hover(c.doc, c.pos)?.markdown ?? '';
  };
  assert.match(hov('#!ipxe\nkernel xen.gz dom0_m|em=2G\nmodule vmlinuz root=/dev/sda1\nboot\n'), /dom0_mem/);
  assert.match(hov('#!ipxe\nkernel xen.gz dom0_mem=2G\nmodule vmlinuz no|modeset\nboot\n'), /nomodeset/);
  assert.match(hov('#!ipxe\nkernel xen.gz dom0_mem=2G\nmod|ule vmlinuz root=/dev/sda1\nboot\n'), /dom0's kernel/);
  const c = docAtCursor('#!ipxe\nkernel xen.gz console=com1 dom0_ma|\nmodule vmlinuz root=/dev/sda1\nboot\n', 'ipxe');
  assert.ok(s.complete(c.doc, c.pos).some((i) => i.label === 'dom0_max_vcpus'));
  const k = docAtCursor('#!ipxe\nimgar|\n', 'ipxe');
  assert.ok(s.complete(k.doc, k.pos).some((i) => i.label === 'imgargs'));
  const g = docAtCursor('#!ipxe\n:xen\nboot && goto |\n', 'ipxe');
  assert.deepEqual(
    s.complete(g.doc, g.pos).map((i) => i.label),
    ['xen'],
  );
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const sy = s.symbols(doc(text, 'ipxe'));
  assert.deepEqual(
    sy.map((x) => [x.name, x.children?.length]),
    [
      [':xen', 3],
      [':rescue', 2],
      [':failed', 0],
    ],
  );
});

test('grammar: shebang, comments, labels, commands, options, paths, parameters, settings', async () => {
  const t = await innermostScopes(
    'source.ipxe',
    '#!ipxe\n# c\n:xen\nkernel --name x http://s/xen.gz dom0_mem=2G || goto ${fail}\n',
  );
  const scope = (text: string) => t.find(([s]) => s === text)?.[1] ?? `missing ${text}: ${JSON.stringify(t)}`;
  assert.match(scope('#!ipxe'), /^comment/);
  assert.match(scope('# c'), /^comment/);
  assert.match(scope('xen'), /^entity\.name\.label/);
  assert.match(scope('kernel'), /^keyword\.control/);
  assert.match(scope('--name'), /^variable\.parameter\.option/);
  assert.match(scope('http://s/xen.gz'), /^string\.unquoted\.path/);
  assert.match(scope('dom0_mem'), /^variable\.parameter/);
  assert.match(scope('||'), /^keyword\.operator/);
  assert.match(scope('fail'), /^variable\.other\.setting/);
});
