// Value checks and completion for Linux parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';

const direct = (args: string, image = '/boot/vmlinuz-6.1.0-18-amd64') =>
  `title y\n root (hd0,0)\n kernel ${image} ${args}\n`;

function valueDiags(args: string, image?: string) {
  const text = direct(args, image);
  return service()
    .diagnose(doc(text, 'menu-lst'))
    .filter((d) => d.code.startsWith('linux/'))
    .map((d) => ({ code: d.code, severity: d.severity, message: d.message, fix: d.fixes?.[0]?.edits[0]?.newText }));
}

test('valid values draw nothing', () => {
  const ok = [
    'console=ttyS0,115200n8',
    'console=tty1',
    'console=ttyAMA0,115200',
    'console=uart8250,io,0x3f8,115200',
    'root=/dev/sda5',
    'root=UUID=2a4c-11ee',
    'root=LABEL=root',
    'root=PARTUUID=5e2a1c3b-01',
    'root=PARTUUID=0ec3c2c0-7d3a-4c1e-9a36-8b4fd2a1e0c1/PARTNROFF=1',
    'root=PARTLABEL=rootfs',
    'root=08:01',
    'earlyprintk=vga',
    'earlyprintk=serial,ttyS0,115200',
    'earlyprintk=ttyS1,9600,keep',
    'earlyprintk=efi',
    'earlyprintk=dbgp',
    'pcie_aspm=off',
    'pcie_aspm=force',
    'raid=noautodetect',
    'raid=noautodetect,partitionable',
    'video=vesafb:off',
    'video=HDMI-A-1:1920x1080@60',
    'mem=2048M',
    'memmap=64M$0x10000000',
    'hugepagesz=1G',
    'hugepages=4',
    'crashkernel=256M',
    'crashkernel=1G-4G:192M,4G-:256M',
    'crashkernel=512M,high',
    'mitigations=off',
    'mitigations=auto,nosmt',
    'nosmt',
    'nosmt=force',
    'intel_iommu=on,igfx_off',
    'amd_iommu=off',
    'iommu=pt',
    'loglevel=7',
    'panic=-1',
    'maxcpus=2',
    'swiotlb=65536',
    'swiotlb=force',
    'xen.fifo_events=0',
    'xen_emul_unplug=nics,ide-disks',
    'xen-pciback.hide=(0000:03:00.0)(0000:04:00.1)',
    'rootfstype=ext4,xfs',
    'init=/bin/bash',
    'xen_scrub_pages=1',
    'acpi=off',
    'pci=noacpi',
    'quiet',
    'debug',
  ];
  for (const w of ok) assert.deepEqual(valueDiags(w), [], w);
});

test('invalid values are errors or warnings with our reasons', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['console=ttyS0,115200x8', 'linux/invalid-value', /<baud>\[<parity n\|o\|e>/],
    ['console=/dev/ttyS0', 'linux/invalid-value', /without \/dev\//],
    ['console=com1', 'linux/invalid-value', /how Xen names serial ports/],
    ['root=sda1', 'linux/invalid-value', /root=\/dev\/sda1/],
    ['earlyprintk=serail', 'linux/invalid-value', /not an earlyprintk choice/],
    ['pcie_aspm=on', 'linux/invalid-value', /not one of `off`, `force`/],
    ['raid=noauto,bogus', 'linux/invalid-value', /"noauto" is not one of/],
    ['mem=lots', 'linux/invalid-value', /not a size/],
    ['memmap=64M', 'linux/invalid-value', /memmap= takes/],
    ['crashkernel=auto', 'linux/invalid-value', /extension of Red Hat kernels/],
    ['crashkernel=lots', 'linux/invalid-value', /crashkernel= takes/],
    ['loglevel=loud', 'linux/invalid-value', /not an integer/],
    ['xen.fifo_events=maybe', 'linux/invalid-value', /yes\/no value/],
    ['xen_emul_unplug=disks', 'linux/invalid-value', /not one of/],
    ['xen-pciback.hide=0000:03:00.0', 'linux/invalid-value', /in parentheses/],
    ['root', 'linux/missing-value', /needs a value/],
    ['quiet=1', 'linux/unexpected-value', /takes no value/],
    ['vga=huge', 'linux/invalid-value', /not a vga= mode/],
  ];
  for (const [w, code, msg] of cases) {
    const ds = valueDiags(w);
    assert.equal(ds.length, 1, `${w}: ${JSON.stringify(ds)}`);
    assert.equal(ds[0].code, code, w);
    assert.match(ds[0].message, msg, w);
  }
  assert.equal(valueDiags('console=/dev/ttyS0')[0].fix, 'ttyS0');
  assert.equal(valueDiags('console=com1')[0].fix, 'ttyS0');
});

test('value history: root=PARTLABEL= and earlyprintk=efi are newer than 3.1', () => {
  const a = valueDiags('root=PARTLABEL=rootfs earlyprintk=efi', '/vmlinuz-3.1-lfs-7.0');
  assert.equal(a.length, 2);
  assert.match(a[0].message, /from Linux 5\.0 \(approximately\)/);
  assert.match(a[1].message, /earlyprintk=efi arrived in Linux 3\.13/);
});

test('obsolete names with their successor and a fix', () => {
  const ds = valueDiags('xen_nopvspin xencons=tty');
  assert.equal(ds[0].code, 'linux/obsolete-parameter');
  assert.equal(ds[0].fix, 'nopvspin');
  assert.equal(ds[1].code, 'linux/unknown-parameter');
  assert.equal(ds[1].fix, 'console=hvc0');
});

function complete(text: string) {
  const { doc: d, pos } = docAtCursor(text, 'menu-lst');
  return service().complete(d, pos);
}

test('completion of values', () => {
  const aspm = complete('title y\n kernel /boot/vmlinuz-6.1.0-18-amd64 pcie_aspm=|\n').map((i) => i.label);
  assert.deepEqual(aspm.slice(0, 2), ['off', 'force']);
  const early31 = complete('title y\n kernel /vmlinuz-3.1-lfs-7.0 earlyprintk=|\n').map((i) => i.label);
  assert.ok(early31.includes('xen') && early31.includes('vga'));
  assert.ok(!early31.includes('efi'), 'efi came after 3.1');
  const acpi = complete('title y\n kernel /boot/vmlinuz-6.1.0-18-amd64 acpi_sleep=|\n').map((i) => i.label);
  assert.ok(acpi.includes('s3_bios'), `documented choices: ${acpi.join(',')}`);
});

test('completion of names: version- and architecture-aware, Xen names included', () => {
  const xen = complete('title y\n kernel /boot/vmlinuz-6.1.0-18-amd64 xen_|\n');
  const labels = xen.map((i) => i.label);
  for (const n of ['xen_emul_unplug', 'xen_nopv', 'xen_timer_slop', 'xen_scrub_pages'])
    assert.ok(labels.includes(n), n);
  assert.equal(xen.find((i) => i.label === 'xen_emul_unplug')?.insertText, 'xen_emul_unplug=');
  assert.equal(xen.find((i) => i.label === 'xen_nopv')?.deprecated, true);
  const old = complete('title y\n kernel /vmlinuz-3.1-lfs-7.0 no|\n').map((i) => i.label);
  assert.ok(old.includes('nomodeset'));
  assert.ok(!old.includes('nopv'), 'nopv came in 5.3');
  const all = complete('title y\n kernel /boot/vmlinuz-6.1.0-18-amd64 | quiet\n').map((i) => i.label);
  assert.ok(all.includes('root') && all.includes('console') && all.includes('pcie_aspm'));
  assert.ok(!all.includes('nofb'), 'not-a-parameter entries are not offered');
});

test('crashkernel=auto: Red Hat .el6/.el7/.el8 kernels accept it; elsewhere a warning, never an error', () => {
  // CentOS 6 / RHEL 6 menu.lst and RHEL 7/8 grub entries as anaconda writes them.
  for (const image of [
    '/vmlinuz-2.6.32-754.35.1.el6.x86_64',
    '/boot/vmlinuz-3.10.0-1160.el7.x86_64',
    '/vmlinuz-4.18.0-513.5.1.el8_9.x86_64',
  ]) {
    assert.deepEqual(
      valueDiags('ro root=/dev/mapper/vg-root rd_NO_LUKS crashkernel=auto rhgb quiet', image).filter((d) =>
        /crashkernel/.test(d.message),
      ),
      [],
      image,
    );
  }
  const deb = valueDiags('crashkernel=auto', '/boot/vmlinuz-6.1.0-18-amd64');
  assert.equal(deb.length, 1);
  assert.equal(deb[0].severity, 'warning');
});

test('certainty: a line naming no kernel version gets no errors, and says what was assumed', () => {
  const ds = valueDiags('root=/dev/sda1 mem=lots console=/dev/ttyS0', '/vmlinuz');
  assert.ok(ds.length >= 2);
  for (const d of ds) assert.notEqual(d.severity, 'error', d.message);
  assert.match(ds.map((d) => d.message).join('\n'), /Assuming Linux \d+\.\d+, the newest version checked/);
  // The same values on an exactly known kernel stay errors.
  assert.equal(valueDiags('mem=lots').find((d) => /not a size/.test(d.message))?.severity, 'error');
});
