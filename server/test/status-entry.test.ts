// The status item follows the boot entry the cursor is in (issue 19): with a position inside a
// GRUB entry the service names that entry's Xen and Linux versions and its title; outside any
// entry (or without a position) one short summary item per kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, service } from './helpers';

const MENU_LST = [
  'default 0', // 0
  'title Old Xen', // 1
  ' kernel /xen-4.1.2.gz dom0_mem=1G', // 2
  ' module /vmlinuz-3.1.0-1-amd64 root=/dev/sda1 ro', // 3
  '', // 4
  'title New Xen', // 5
  ' kernel /xen-4.17.3.gz dom0_mem=2G', // 6
  ' module /vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro', // 7
  '',
].join('\n');

const GRUB_CFG = [
  'set timeout=5', // 0
  "menuentry 'Old Xen' {", // 1
  '\tmultiboot /boot/xen-4.1.2.gz placeholder dom0_mem=1G', // 2
  '\tmodule /boot/vmlinuz-3.1.0-1-amd64 placeholder root=/dev/sda1 ro', // 3
  '}', // 4
  "submenu 'More' {", // 5
  "\tmenuentry 'New Xen' {", // 6
  '\t\tmultiboot2 /boot/xen-4.17.3.gz placeholder dom0_mem=2G', // 7
  '\t\tmodule2 /boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/sda1 ro', // 8
  '\t}', // 9
  '}', // 10
  '',
].join('\n');

const at = (line: number) => ({ line, character: 3 });

for (const [name, text, languageId, lines] of [
  ['GRUB legacy', MENU_LST, 'menu-lst', { old: [1, 2, 3], new: [5, 6, 7], outside: 0 }],
  ['GRUB 2', GRUB_CFG, 'grub-cfg', { old: [1, 2, 4], new: [6, 8, 9], outside: 0 }],
] as const) {
  test(`${name}: the status names the versions of the entry under the cursor`, () => {
    const s = service();
    const d = doc(text, languageId);
    for (const line of lines.old) {
      const st = s.status(d, undefined, at(line));
      assert.equal(st.entry, 'Old Xen', `line ${line}`);
      assert.deepEqual(
        st.targets.map((t) => t.split(' (')[0]),
        ['Xen 4.1.2', 'Linux 3.1'],
        `line ${line}: ${st.targets.join(' · ')}`,
      );
    }
    for (const line of lines.new) {
      const st = s.status(d, undefined, at(line));
      assert.equal(st.entry, 'New Xen', `line ${line}`);
      assert.deepEqual(
        st.targets.map((t) => t.split(' (')[0]),
        ['Xen 4.17.3', 'Linux 6.1'],
        `line ${line}: ${st.targets.join(' · ')}`,
      );
    }
  });

  test(`${name}: outside any entry, and without a position, the status is one short summary`, () => {
    const s = service();
    const d = doc(text, languageId);
    const outside = s.status(d, undefined, at(lines.outside));
    const none = s.status(d);
    assert.equal(outside.entry, undefined);
    assert.deepEqual(outside, none);
    assert.equal(none.targets.length, 2, none.targets.join(' · '));
    assert.match(none.targets[0], /^Xen 4\.1\.2, 4\.17\.3$/);
    assert.match(none.targets[1], /^Linux 3\.1\b.*, 6\.1\b/);
    // short enough for a status bar
    assert.ok(none.targets.join(' · ').length <= 60, none.targets.join(' · '));
  });
}

test('a file without entries keeps its status whatever the position', () => {
  const s = service({ xenVersion: '4.17.2' });
  const d = doc('name = "guest"\nkernel = "/boot/vmlinuz"\nextra = "console=hvc0"\n', 'xl-cfg');
  assert.deepEqual(s.status(d, undefined, at(1)), s.status(d));
});

test('a position past the end or negative is no entry and throws nothing', () => {
  const s = service();
  const d = doc(MENU_LST, 'menu-lst');
  assert.equal(s.status(d, undefined, { line: 10_000, character: 0 }).entry, undefined);
  assert.equal(s.status(d, undefined, { line: -1, character: -5 }).entry, undefined);
});
