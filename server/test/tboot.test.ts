// tboot (Intel TXT) chains in GRUB legacy and GRUB 2: tboot is the Multiboot kernel, Xen the first
// module, the dom0 kernel the next. The Xen line must be judged exactly as when GRUB loads Xen itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { parseLegacyMenu } from '../src/grub/legacyParse';
import { analyseLegacyMenu } from '../src/grub/legacyEntries';
import type { Diagnostic } from '../src/core/types';

const root = path.resolve(__dirname, '../..');
const XEN_LINE = '/boot/xen-4.8.0.gz smt=off dom0_mem=2048M,max:2048M loglvl=all';
const DOM0_LINE = '/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda2 ro quiet';

/** Diagnostics of one line, as [code, severity, message, start offset from `from`, end offset]. */
function lineFindings(
  ds: Diagnostic[],
  line: number,
  from: number,
  area: string,
): Array<[string, string, string, number, number]> {
  return ds
    .filter((d) => d.range.start.line === line && d.code.startsWith(area))
    .map(
      (d) =>
        [d.code, d.severity, d.message, d.range.start.character - from, d.range.end.character - from] as [
          string,
          string,
          string,
          number,
          number,
        ],
    )
    .sort((a, b) => a[3] - b[3] || a[0].localeCompare(b[0]));
}

test('GRUB legacy: the Xen module behind tboot is judged exactly as the kernel line of a direct Xen entry', () => {
  const direct = ['title Xen', '  root (hd0,0)', `  kernel ${XEN_LINE}`, `  module ${DOM0_LINE}`, ''].join('\n');
  const tboot = [
    'title Xen (TXT)',
    '  root (hd0,0)',
    '  kernel /boot/tboot.gz logging=serial,memory',
    `  module ${XEN_LINE}`,
    `  module ${DOM0_LINE}`,
    '  module /boot/GM45_GS45_PM45_SINIT_21.BIN',
    '',
  ].join('\n');
  const s = service();
  const a = s.diagnose(doc(direct, 'menu-lst'));
  const b = s.diagnose(doc(tboot, 'menu-lst'));
  const xa = lineFindings(a, 2, 9, 'xen/');
  const xb = lineFindings(b, 3, 9, 'xen/');
  assert.ok(
    xa.some(([c]) => c === 'xen/unknown-parameter' || c === 'xen/not-in-release' || c.startsWith('xen/')),
    JSON.stringify(xa),
  );
  assert.ok(
    xa.some(([, , m]) => /smt/.test(m)),
    `smt=off on Xen 4.8 is reported: ${JSON.stringify(xa)}`,
  );
  assert.deepEqual(xb, xa);
  assert.deepEqual(lineFindings(b, 4, 9, 'linux/'), lineFindings(a, 3, 9, 'linux/'));
  assert.deepEqual(
    b.filter((d) => d.code.startsWith('grub/')),
    [],
    JSON.stringify(b.filter((d) => d.code.startsWith('grub/'))),
  );
  const boot = analyseLegacyMenu(parseLegacyMenu(tboot));
  assert.equal(boot.entries[0].kind, 'xen');
  assert.equal(boot.entries[0].tboot?.line, 2);
  assert.equal(boot.entries[0].hypervisor?.line, 3);
  assert.deepEqual(
    boot.segments.map((x) => [x.kind, x.bootPath ?? '', x.positionAt(0).line]),
    [
      ['xen', '', 3],
      ['linux', 'xen-dom0', 4],
    ],
  );
  assert.deepEqual(boot.segments[0].versionHint, { version: '4.8.0', source: 'the image name' });
});

test('GRUB 2: module2 /xen.gz behind multiboot2 /tboot.gz is judged exactly as multiboot2 /xen.gz', () => {
  const direct = ["menuentry 'Xen' {", `\tmultiboot2 ${XEN_LINE}`, `\tmodule2 ${DOM0_LINE}`, '}', ''].join('\n');
  const tboot = [
    "menuentry 'Xen (TXT)' {",
    '\tmultiboot2 /boot/tboot.gz logging=serial,memory',
    `\tmodule2 ${XEN_LINE}`,
    `\tmodule2 ${DOM0_LINE}`,
    '\tmodule2 /boot/list.data',
    '}',
    '',
  ].join('\n');
  const s = service();
  const a = s.diagnose(doc(direct, 'grub-cfg'));
  const b = s.diagnose(doc(tboot, 'grub-cfg'));
  const xa = lineFindings(a, 1, '\tmultiboot2 '.length, 'xen/');
  const xb = lineFindings(b, 2, '\tmodule2 '.length, 'xen/');
  assert.ok(
    xa.some(([, , m]) => /smt/.test(m)),
    JSON.stringify(xa),
  );
  assert.deepEqual(xb, xa);
  assert.deepEqual(
    lineFindings(b, 3, '\tmodule2 '.length, 'linux/'),
    lineFindings(a, 2, '\tmodule2 '.length, 'linux/'),
  );
  assert.deepEqual(
    b.filter((d) => d.code.startsWith('grub/')),
    [],
  );
});

test('tboot: a Xen module with no dom0 kernel after it is reported; tboot starting Linux routes the Linux line', () => {
  const s = service();
  const noDom0 = [
    'title TXT',
    '  kernel /tboot.gz',
    '  module /xen-4.17.gz dom0_mem=4G',
    '  module /sinit.bin',
    '',
  ].join('\n');
  assert.deepEqual(
    s
      .diagnose(doc(noDom0, 'menu-lst'))
      .filter((d) => d.code.startsWith('grub/'))
      .map((d) => d.code),
    ['grub/xen-without-dom0'],
  );
  const g2 = ["menuentry 'TXT' {", '\tmultiboot2 /tboot.gz', '\tmodule2 /xen-4.17.gz dom0_mem=4G', '}', ''].join('\n');
  assert.deepEqual(
    s
      .diagnose(doc(g2, 'grub-cfg'))
      .filter((d) => d.code.startsWith('grub/'))
      .map((d) => d.code),
    ['grub/xen-without-dom0'],
  );
  const linux = [
    'title TXT Linux',
    '  kernel /tboot.gz',
    '  module /vmlinuz-6.1.0 root=/dev/sda1 bogus_linux_word_x',
    '  module /initrd.img-6.1.0',
    '',
  ].join('\n');
  const boot = analyseLegacyMenu(parseLegacyMenu(linux));
  assert.deepEqual(
    boot.segments.map((x) => [x.kind, x.bootPath]),
    [['linux', 'direct']],
  );
});

test('tboot: hover and completion on the Xen line behind tboot', () => {
  const s = service();
  const h = docAtCursor(
    'title TXT\n  kernel /tboot.gz\n  module /xen-4.17.gz dom0_m|em=4G\n  module /vmlinuz-6.1 root=/dev/sda1\n',
    'menu-lst',
  );
  assert.match(s.hover(h.doc, h.pos)?.markdown ?? '', /dom0_mem/);
  const c = docAtCursor(
    "menuentry 'TXT' {\n\tmultiboot2 /tboot.gz\n\tmodule2 /xen-4.17.gz console=com1 dom0_ma|\n\tmodule2 /vmlinuz-6.1 root=/dev/sda1\n}\n",
    'grub-cfg',
  );
  assert.ok(s.complete(c.doc, c.pos).some((i) => i.label.startsWith('dom0_max_vcpus')));
});

test('the tboot examples report the Xen and dom0 mistakes', () => {
  const s = service();
  for (const [file, lang] of [
    ['examples/boot/tboot/menu.lst', 'menu-lst'],
    ['examples/boot/tboot/grub.cfg', 'grub-cfg'],
  ]) {
    const ds = s.diagnose(doc(readFileSync(path.join(root, file), 'utf8'), lang));
    assert.ok(
      ds.some((d) => d.code.startsWith('xen/')),
      `${file}: ${JSON.stringify(ds.map((d) => d.code))}`,
    );
    assert.ok(
      ds.some((d) => d.code.startsWith('linux/')),
      `${file}: ${JSON.stringify(ds.map((d) => d.code))}`,
    );
  }
});
