// SYSLINUX/EXTLINUX/PXELINUX with mboot.c32: directives read as SYSLINUX 6 reads them, APPEND
// split into files at words that are exactly "---" (as mboot.c32 does), the Xen part routed to the
// Xen engine and the dom0 part to Linux at exact columns, the format's own checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { parseSyslinux } from '../src/syslinux/syslinuxParse';
import { languageForPath } from '../src/core/languages';
import { innermostScopes } from './grammarHarness';

const root = path.resolve(__dirname, '../..');
const EXAMPLE = 'examples/boot/pxelinux/pxelinux.cfg/default';
const codes = (text: string) =>
  service()
    .diagnose(doc(text, 'syslinux-cfg'))
    .map((d) => d.code)
    .sort();
const HEAD = 'DEFAULT xen\n\nLABEL xen\n  KERNEL mboot.c32\n';

test('file names', () => {
  for (const f of [
    '/boot/syslinux/syslinux.cfg',
    '/boot/extlinux/extlinux.conf',
    '/isolinux/isolinux.cfg',
    '/srv/tftp/pxelinux.cfg/default',
    '/srv/tftp/pxelinux.cfg/01-52-54-00-12-34-56',
  ]) {
    assert.equal(languageForPath(f), 'syslinux-cfg', f);
  }
});

test('reader: keywords in any case, labels, MENU sub-keywords, TEXT HELP blocks', () => {
  const c = parseSyslinux(
    'default xen\nLabel xen\n  menu label Xen\n  text help\n  not a directive\n  endtext\n  Kernel mboot.c32\n\nlabel b\n',
  );
  assert.deepEqual(
    c.labels.map((l) => [l.name, l.line, l.endLine]),
    [
      ['xen', 1, 6],
      ['b', 8, 8],
    ],
  );
  assert.deepEqual(
    c.lines.map((l) => l.keyword),
    ['default', 'label', 'menu', 'text', 'kernel', 'label'],
  );
  assert.equal(c.lines[2].sub, 'label');
  assert.ok(c.textLines.has(4));
  for (const t of ['', '\r', 'label', 'APPEND ---', 'text\n', 'x'.repeat(5000)]) parseSyslinux(t);
});

test('the example: the Xen mistake and the dom0 mistake at their columns, nothing from SYSLINUX', () => {
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const lines = text.split('\n');
  const ds = service().diagnose(doc(text, 'syslinux-cfg'));
  assert.deepEqual(
    ds.filter((d) => d.code.startsWith('syslinux/')),
    [],
  );
  const al = lines.findIndex((l) => l.includes('APPEND xen-4.17.3.gz'));
  const xen = ds.find((d) => d.code === 'xen/unknown-parameter')!;
  assert.deepEqual(xen.range.start, { line: al, character: lines[al].indexOf('dom0_max_vcpu=') });
  assert.match(xen.message, /Xen 4\.17\.3/, 'the version comes from the image name');
  const linux = ds.find((d) => d.code === 'linux/unexpected-value')!;
  assert.deepEqual(linux.range.start, { line: al, character: lines[al].indexOf('nomodeset=1') + 'nomodeset='.length });
});

test("the format's checks", () => {
  const ok = `${HEAD}  APPEND xen.gz dom0_mem=2048M,max:2048M --- vmlinuz root=/dev/sda1 --- initrd.img\n`;
  assert.deepEqual(codes(ok), []);
  assert.deepEqual(codes(ok.replace('APPEND', 'APEND')), ['syslinux/unknown-keyword']);
  // The glued separator also makes the dom0 words part of Xen's line, which the Xen engine reports.
  assert.deepEqual(
    codes(ok.replace('--- vmlinuz', '---vmlinuz')).filter((c) => c.startsWith('syslinux/')),
    ['syslinux/mboot-separator'],
  );
  assert.deepEqual(codes(`${HEAD}  APPEND xen.gz dom0_mem=2048M,max:2048M\n`), ['syslinux/xen-without-dom0']);
  assert.deepEqual(codes(ok.replace('  APPEND', '  INITRD initrd.img\n  APPEND')), ['syslinux/initrd-with-mboot']);
  assert.deepEqual(codes(ok.replace('DEFAULT xen', 'DEFAULT xne')), ['syslinux/default-names-no-label']);
  // A global APPEND serves labels without one; "APPEND -" means none.
  assert.deepEqual(
    codes('APPEND xen.gz dom0_mem=1G,max:1G --- vmlinuz root=/dev/sda1\nDEFAULT xen\nLABEL xen\n  KERNEL mboot.c32\n'),
    [],
  );
  assert.deepEqual(codes(`${HEAD}  APPEND -\n`), []);
  assert.deepEqual(codes(`${HEAD}  APPEND -aout xen.gz dom0_mem=1G,max:1G --- vmlinuz root=/dev/sda1\n`), []);
  const fix = service()
    .diagnose(doc(ok.replace('--- vmlinuz', '---vmlinuz'), 'syslinux-cfg'))
    .find((d) => d.code === 'syslinux/mboot-separator')!.fixes![0].edits[0];
  assert.equal(fix.newText, '--- vmlinuz');
});

test('hover on a Xen parameter and a dom0 parameter; completion of Xen parameters; outline and folding', () => {
  const s = service();
  const hov = (t: string) => {
    const c = docAtCursor(t, 'syslinux-cfg');
    return s.hover(c.doc, c.pos)?.markdown ?? '';
  };
  assert.match(hov(`${HEAD}  APPEND xen.gz dom0_m|em=2G --- vmlinuz root=/dev/sda1\n`), /dom0_mem/);
  assert.match(hov(`${HEAD}  APPEND xen.gz dom0_mem=2G --- vmlinuz no|modeset\n`), /nomodeset/);
  assert.match(hov(`${HEAD}  APP|END xen.gz --- vmlinuz\n`), /mboot\.c32/);
  const c = docAtCursor(`${HEAD}  APPEND xen.gz console=com1 dom0_ma| --- vmlinuz root=/dev/sda1\n`, 'syslinux-cfg');
  assert.ok(s.complete(c.doc, c.pos).some((i) => i.label === 'dom0_max_vcpus'));
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const d = doc(text, 'syslinux-cfg');
  const sy = s.symbols(d);
  assert.deepEqual(
    sy.filter((x) => x.kind === 'entry').map((x) => [x.name, x.detail]),
    [
      ['xen', 'Xen xen-4.17.3.gz through mboot.c32, dom0 kernel vmlinuz-6.1.0-18-amd64'],
      ['rescue', 'runs vmlinuz-6.1.0-18-amd64'],
    ],
  );
  assert.deepEqual(
    s.folding(d).map((f) => [f.startLine, f.endLine]),
    [
      [7, 10],
      [12, 16],
    ],
  );
});

test('grammar: keywords, labels, paths, separators, parameters', async () => {
  const t = await innermostScopes(
    'source.syslinux-cfg',
    '# c\nLABEL xen\n  KERNEL mboot.c32\n  APPEND /xen.gz dom0_mem=2G --- /vmlinuz root=/dev/sda1\n',
  );
  const scope = (text: string) => t.find(([s]) => s === text)?.[1] ?? `missing ${text}: ${JSON.stringify(t)}`;
  assert.match(scope('# c'), /^comment/);
  assert.match(scope('xen'), /^entity\.name\.section/);
  assert.match(scope('mboot.c32'), /^string\.unquoted\.path/);
  assert.match(scope('---'), /^punctuation\.separator/);
  assert.match(scope('/vmlinuz'), /^string\.unquoted\.path/);
  assert.match(scope('dom0_mem'), /^variable\.parameter/);
});
