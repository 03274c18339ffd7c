// End to end with the real Xen and Linux engines: a clearly unknown parameter on a boot line is
// flagged by the right engine at its column in the GRUB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, service } from './helpers';
import type { Diagnostic } from '../src/core/types';

const root = path.resolve(__dirname, '../..');

function expectAt(text: string, languageId: string, prefix: 'xen/' | 'linux/', needle: string): void {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  const ds = service().diagnose(doc(text, languageId));
  const column = lines[line].indexOf(needle);
  const d = ds.find(
    (x: Diagnostic) => x.code.startsWith(prefix) && x.range.start.line === line && x.range.start.character === column,
  );
  assert.ok(
    d,
    `a ${prefix} diagnostic at ${line + 1}:${column + 1}; got ${JSON.stringify(ds.map((x) => [x.code, x.range.start.line, x.range.start.character]))}`,
  );
}

test('menu.lst: bogus_param_xyz on a Xen kernel line gets a xen/ code at its column', () => {
  expectAt(
    readFileSync(path.join(root, 'examples/boot/grub-legacy-mixed/menu.lst'), 'utf8'),
    'menu-lst',
    'xen/',
    'bogus_param_xyz',
  );
});

test('grub.cfg: bogus_param_xyz on the multiboot2 line gets a xen/ code at its column', () => {
  expectAt(
    readFileSync(path.join(root, 'examples/boot/grub2/grub.cfg'), 'utf8'),
    'grub-cfg',
    'xen/',
    'bogus_param_xyz',
  );
});

test('grub.d/xen.cfg: bogus_param_xyz in GRUB_CMDLINE_XEN_DEFAULT gets a xen/ code at its column', () => {
  expectAt(
    'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2048M,max:2048M dom0_max_vcpus=2 bogus_param_xyz=1"\n',
    'grub-default',
    'xen/',
    'bogus_param_xyz',
  );
});

test('menu.lst: bogus_param_xyz on the dom0 module line gets a linux/ code at its column', () => {
  expectAt(
    'title Xen\n  root (hd0,0)\n  kernel /xen-4.17.gz dom0_mem=1G,max:1G\n  module /vmlinuz-6.1 root=/dev/sda1 ro bogus_param_xyz=1\n',
    'menu-lst',
    'linux/',
    'bogus_param_xyz',
  );
});

test('grub.cfg: bogus_param_xyz on a linux line gets a linux/ code at its column', () => {
  expectAt(
    "menuentry 'L' {\n\tlinux /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda2 ro bogus_param_xyz=1\n}\n",
    'grub-cfg',
    'linux/',
    'bogus_param_xyz',
  );
});

test('/etc/default/grub: bogus_param_xyz in GRUB_CMDLINE_LINUX gets a linux/ code at its column', () => {
  expectAt('GRUB_CMDLINE_LINUX="console=tty0 bogus_param_xyz=1"\n', 'grub-default', 'linux/', 'bogus_param_xyz');
});

test('seed menu.lst: Xen findings only on the kernel line, Linux findings only on the dom0 module line', () => {
  const text = readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8');
  const ds = service().diagnose(doc(text, 'menu-lst'));
  const xen = ds.filter((d) => d.code.startsWith('xen/'));
  const linux = ds.filter((d) => d.code.startsWith('linux/'));
  assert.ok(xen.length > 0 && linux.length > 0, JSON.stringify(ds.map((d) => d.code)));
  assert.deepEqual([...new Set(xen.map((d) => d.range.start.line))], [3]);
  assert.deepEqual([...new Set(linux.map((d) => d.range.start.line))], [4]);
  // Nothing lands on the image path GRUB legacy puts first on each line.
  for (const d of [...xen, ...linux])
    assert.ok(d.range.start.character > text.split('\n')[d.range.start.line].indexOf(' /') + 1);
  assert.ok(ds.some((d) => d.code === 'grub/missing-space' && d.range.start.line === 2));
});
