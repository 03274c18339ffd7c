// Command lines inside host files: completion in the blanks after a line's last word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAtCursor, service } from './helpers';

test("completion after the Xen image and a trailing blank offers the release's parameters", () => {
  const { doc, pos } = docAtCursor(
    'title x\n root (hd0,0)\n kernel /xen-4.17-amd64.gz |\n module /vmlinuz-6.1.0-18-amd64 root=/dev/sda1\n',
    'menu-lst',
  );
  const labels = service()
    .complete(doc, pos)
    .map((i) => i.label);
  assert.ok(labels.includes('dom0_mem'));
  assert.ok(!labels.includes('tmem'), 'tmem was removed before 4.17');
});

test("completion after a GRUB 2 multiboot2 line's last word and a blank", () => {
  const text =
    'menuentry "Xen" {\n\tmultiboot2 /boot/xen-4.17-amd64.gz placeholder dom0_mem=1G |\n\tmodule2 /boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/sda1\n}\n';
  const { doc, pos } = docAtCursor(text, 'grub-cfg');
  const labels = service()
    .complete(doc, pos)
    .map((i) => i.label);
  assert.ok(labels.includes('dom0_max_vcpus'), `got ${labels.slice(0, 10).join(', ')}`);
});

test('no command-line completion when something else stands between the line and the cursor', () => {
  const { doc, pos } = docAtCursor('title x\n kernel /xen-4.17-amd64.gz dom0_mem=1G\n root |\n', 'menu-lst');
  const labels = service()
    .complete(doc, pos)
    .map((i) => i.label);
  assert.ok(!labels.includes('dom0_max_vcpus'));
});

test('status names the versions a boot menu and a kernel configuration are judged against', () => {
  const s = service();
  const menu = s.status(
    docAtCursor('title x\n kernel /xen-4.2.5.gz dom0_mem=1G|\n module /vmlinuz-3.1 root=/dev/sda1\n', 'menu-lst').doc,
  );
  assert.equal(menu.targets[0], 'Xen 4.2.5');
  assert.match(menu.targets[1], /^Linux 3\.1/);
  const cfg = s.status(
    docAtCursor('# xen-config: role=dom0\n# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_XEN=y|\n', 'kernel-config')
      .doc,
  );
  assert.deepEqual(cfg.targets, ['Linux 6.1 x86_64', 'Xen dom0']);
});

test("grub-mkconfig's `placeholder` word on Xen entries is no unknown parameter", () => {
  const { doc } = docAtCursor(
    'menuentry "Xen" {\n\tmultiboot2 /boot/xen-4.17-amd64.gz placeholder dom0_mem=1G,max:1G|\n\tmodule2 /boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/sda1 ro quiet\n\tmodule2 --nounzip /boot/initrd.img-6.1.0-18-amd64\n}\n',
    'grub-cfg',
  );
  assert.deepEqual(
    service()
      .diagnose(doc)
      .map((d) => d.code),
    [],
  );
});

test('a lone carriage return ends a line for every range (fuzz finding)', () => {
  const { doc } = docAtCursor(
    '# xen-config: role=pv\rh-domU\n# xen-config: linux=6.1\nCONFIG_XEN=y|\n',
    'kernel-config',
  );
  for (const d of service().diagnose(doc)) {
    const line = doc
      .getText({ start: { line: d.range.end.line, character: 0 }, end: { line: d.range.end.line + 1, character: 0 } })
      .replace(/(\r\n|\r|\n)$/, '');
    assert.ok(
      d.range.end.character <= line.length,
      `${d.code} ends at ${d.range.end.character} on a ${line.length}-character line`,
    );
  }
});
