// Inlay hints through the front door: the targeted version at the end of boot-menu kernel lines,
// and the sparse knowledge hints of kernel configurations. `|` marks where a hint is expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';
import type { Range } from '../src/core/types';
import { shortTarget } from '../src/cmdline/editorAids';

const ALL: Range = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
const lines = (from: number, to: number): Range => ({
  start: { line: from, character: 0 },
  end: { line: to, character: 0 },
});

/** Every `|` in `text` marks one expected hint position; returns the document and the positions. */
function marked(text: string, languageId: string) {
  const positions = [];
  let rest = text;
  for (;;) {
    const at = rest.indexOf('|');
    if (at < 0) break;
    const { pos } = docAtCursor(rest, languageId);
    positions.push(pos);
    rest = rest.slice(0, at) + rest.slice(at + 1);
  }
  return { doc: doc(rest, languageId), positions };
}

test('menu.lst: Xen and dom0 kernel lines name the targeted version and the role before the image path', () => {
  const { doc: d, positions } = marked(
    [
      'default 0',
      'title Xen',
      '    root (hd0,0)',
      '    kernel |/boot/xen-4.2.5.gz dom0_mem=1024M,max:1024M',
      '    module |/boot/vmlinuz-3.1.0 root=/dev/sda1 ro',
      '    module /boot/initrd.img-3.1.0',
      'title Linux',
      '    kernel |/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro quiet   ',
      '',
    ].join('\n'),
    'menu-lst',
  );
  const hints = service().inlayHints(d, ALL);
  assert.deepEqual(
    hints.map((h) => h.position),
    positions,
  );
  assert.deepEqual(
    hints.map((h) => h.label),
    ['Xen 4.2.5', 'dom0 kernel · Linux 3.1', 'Linux 6.1'],
  );
  // The tooltip keeps the whole sentence: where the line comes from and why this version.
  assert.match(hints[0].tooltip ?? '', /GRUB legacy kernel line.*from the image name \/boot\/xen-4\.2\.5\.gz/);
  assert.match(hints[1].tooltip ?? '', /judged with what the Linux 3\.1\.\d+ source registers/);
});

test('menu.lst: only lines inside the requested range get hints', () => {
  const text =
    'title Xen\n kernel /boot/xen-4.17.gz dom0_mem=4G,max:4G\n module /boot/vmlinuz-6.1.0 root=/dev/sda1 ro\n';
  const d = doc(text, 'menu-lst');
  assert.deepEqual(
    service()
      .inlayHints(d, lines(2, 2))
      .map((h) => h.position.line),
    [2],
  );
  assert.deepEqual(service().inlayHints(d, lines(0, 0)), []);
});

test('menu.lst: the settings decide when the image name says nothing', () => {
  const d = doc(
    'title Xen\n kernel /boot/xen.gz dom0_mem=4G,max:4G\n module /boot/vmlinuz root=/dev/sda1\n',
    'menu-lst',
  );
  const labels = service({ xenVersion: '4.17', linuxVersion: '6.12' })
    .inlayHints(d, ALL)
    .map((h) => h.label);
  assert.equal(labels[0].startsWith('Xen 4.17'), true, labels[0]);
  assert.equal(labels[1], 'dom0 kernel · Linux 6.12');
});

test('grub.cfg: multiboot2 and module2 lines, and a Linux entry without arguments', () => {
  const { doc: d, positions } = marked(
    [
      "menuentry 'Xen' {",
      '  multiboot2 |/boot/xen-4.17.gz dom0_mem=2G,max:2G',
      '  module2 |/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro',
      '  module2 --nounzip /boot/initrd.img-6.1.0-18-amd64',
      '}',
      "menuentry 'Linux' {",
      '  linux |/boot/vmlinuz-6.12.0',
      '}',
      '',
    ].join('\n'),
    'grub-cfg',
  );
  const hints = service().inlayHints(d, ALL);
  assert.deepEqual(
    hints.map((h) => h.position),
    positions,
  );
  assert.match(hints[0].label, /^Xen 4\.17/);
  assert.equal(hints[1].label, 'dom0 kernel · Linux 6.1');
  assert.equal(hints[2].label, 'Linux 6.12');
});

test('shortTarget keeps the version and names the nearest table', () => {
  assert.equal(shortTarget('Xen 4.2.5 (from the image name /xen-4.2.5.gz)'), 'Xen 4.2.5');
  assert.equal(
    shortTarget('Linux 5.4 (from the linuxVersion setting), judged with the 6.1 source table, the nearest we have'),
    'Linux 5.4 (judged as 6.1)',
  );
});

test('kernel config: renamed, removed, added later and computed symbols; nothing for ordinary ones', () => {
  const { doc: d, positions } = marked(
    [
      '# xen-config: linux=6.1',
      'CONFIG_XEN=y',
      'CONFIG_XEN_SCRUB_PAGES=y|',
      'CONFIG_XEN_TMEM=m|',
      '# CONFIG_XEN_SELFBALLOONING is not set|',
      'CONFIG_HVC_DRIVER=y|',
      'CONFIG_XEN_PRIVCMD_EVENTFD=y|',
      'CONFIG_XEN_BLKDEV_FRONTEND=y',
      '',
    ].join('\n'),
    'kernel-config',
  );
  const hints = service().inlayHints(d, ALL);
  assert.deepEqual(
    hints.map((h) => h.position),
    positions,
  );
  assert.deepEqual(
    hints.map((h) => h.label),
    [
      '→ renamed: XEN_SCRUB_PAGES_DEFAULT',
      '→ removed before 5.4',
      '→ removed before 5.4',
      '(no prompt: computed)',
      '→ added after 6.6',
    ],
  );
  assert.match(hints[0].tooltip ?? '', /renamed after 4\.14, by 4\.19/);
});

test('kernel config: a generated configuration gets no "computed" hints (they are normal there)', () => {
  const d = doc(
    '# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_HVC_DRIVER=y\nCONFIG_XEN_TMEM=m\n',
    'kernel-config',
  );
  assert.deepEqual(
    service()
      .inlayHints(d, ALL)
      .map((h) => h.label),
    ['→ removed before 5.4'],
  );
});

test('kernel config: 10,000 lines, one screen requested: only that screen, quickly', () => {
  const body = Array.from({ length: 10_000 }, (_, i) =>
    i % 50 === 7 ? 'CONFIG_XEN_TMEM=m' : `CONFIG_XEN_SCRUB_PAGES_DEFAULT=${i % 2 ? 'y' : 'n'}`,
  );
  const d = doc(`# xen-config: linux=6.1\n${body.join('\n')}\n`, 'kernel-config');
  const svc = service();
  svc.inlayHints(d, lines(0, 1)); // parse once; the hint pass is what is timed
  const t0 = performance.now();
  const hints = svc.inlayHints(d, lines(5000, 5060));
  const ms = performance.now() - t0;
  assert.ok(hints.length > 0 && hints.every((h) => h.position.line >= 5000 && h.position.line <= 5060));
  assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
  const t1 = performance.now();
  const all = svc.inlayHints(d, ALL);
  assert.equal(all.length, 200);
  assert.ok(performance.now() - t1 < 1000);
});

test('/etc/default/grub and xl extra=: the version each command line is judged against', () => {
  const { doc: d, positions } = marked(
    'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=4G,max:4G"|\nGRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT="console=hvc0"|\nGRUB_TIMEOUT=5\n',
    'grub-default',
  );
  const hints = service({ xenVersion: '4.17' }).inlayHints(d, ALL);
  assert.deepEqual(
    hints.map((h) => h.position),
    positions,
  );
  assert.match(hints[0].label, /^Xen 4\.17/);
  assert.equal(hints[1].label, 'dom0 kernel · Linux 6.12');
  const xl = marked(
    'name = "web01"\ntype = "pv"\nkernel = "/boot/vmlinuz"\nextra = "console=hvc0 quiet"|\nmemory = 1024\n',
    'xl-cfg',
  );
  const xh = service({ linuxVersion: '6.1' }).inlayHints(xl.doc, ALL);
  assert.deepEqual(
    xh.map((h) => [h.position, h.label]),
    [[xl.positions[0], 'guest kernel · Linux 6.1']],
  );
});

test('languages without hints answer empty, and odd input never throws', () => {
  assert.deepEqual(service().inlayHints(doc('# nothing\n', 'kconfig'), ALL), []);
  for (const [text, lang] of [
    ['title\nkernel\nmodule', 'menu-lst'],
    ['menuentry {', 'grub-cfg'],
    ['CONFIG_=\n#', 'kernel-config'],
  ]) {
    assert.doesNotThrow(() => service().inlayHints(doc(text, lang), ALL));
  }
});
