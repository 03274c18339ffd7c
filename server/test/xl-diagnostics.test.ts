// Diagnostics on realistic PV, PVH and HVM guests: the examples are clean, and each seeded mistake
// gives exactly its code at exactly its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../src/service/types';
import { brief, diagnoseXl, example, fmt, seeded } from './xl-helpers';

const PV = example('pv-guest.cfg');
const PVH = example('pvh-guest.cfg');
const HVM = example('hvm-guest.cfg');

for (const [name, text] of [['pv-guest.cfg', PV], ['pvh-guest.cfg', PVH], ['hvm-guest.cfg', HVM]] as const) {
  for (const xenVersion of [undefined, '4.17.3', '4.12']) {
    test(`${name} has no diagnostics (Xen ${xenVersion ?? 'newest'})`, () => {
      assert.deepEqual(brief(diagnoseXl(text, { xenVersion })), []);
    });
  }
}

function expectOnly(base: string, find: string | RegExp, replacement: string, code: string, opts: { xenVersion?: string; arch?: 'x86_64' | 'arm64'; file?: string } = {}): Diagnostic {
  const { text, range } = seeded(base, find, replacement);
  const ds = diagnoseXl(text, { xenVersion: opts.xenVersion, arch: opts.arch }, opts.file);
  assert.ok(range, 'the replacement marks the expected range');
  assert.deepEqual(brief(ds), [[code, fmt(range!)]]);
  return ds[0];
}

test('unknown key, with a did-you-mean fix', () => {
  const d = expectOnly(PV, 'memory = 1024', '«memmory» = 1024\nmemory = 1024', 'xl/unknown-key');
  assert.match(d.message, /Did you mean "memory"\?/);
  assert.equal(d.fixes?.[0].edits[0].newText, 'memory');
});

test('xm-only options say so, with the xl replacement', () => {
  const d = expectOnly(PV, 'cpu_weight = 512', '«cpu_cap» = 50', 'xl/unknown-key');
  assert.match(d.message, /xm \(xend\) option/);
  assert.equal(d.fixes?.[0].edits[0].newText, 'cap');
});

test('old disk prefixes are hints with a removal fix', () => {
  const d = expectOnly(PVH, "'/dev/vg0/dns01,raw,xvda,w'", "'«phy:»/dev/vg0/dns01,xvda,w'", 'xl/deprecated-spec-syntax');
  assert.equal(d.severity, 'hint');
  assert.equal(d.fixes?.[0].edits[0].newText, '');
});

test('an xl.conf setting in a domain file', () => {
  const d = expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«autoballoon» = "off"', 'xl/unknown-key');
  assert.match(d.message, /xl\.conf/);
});

test('wrong type: a word for a number, a list for a string, a string for a list', () => {
  expectOnly(PV, 'memory = 1024', 'memory = «"lots"»', 'xl/wrong-type');
  expectOnly(PV, 'name = "web01"', 'name = «[ "web01" ]»', 'xl/wrong-type');
  const d = expectOnly(PVH, /vif = \[.*\]/, "vif = «'bridge=xenbr1'»", 'xl/wrong-type');
  assert.equal(d.fixes?.[0].edits[0].newText, "[ 'bridge=xenbr1' ]");
  const b = expectOnly(HVM, 'localtime = 1', 'localtime = «"yes"»', 'xl/wrong-type');
  assert.equal(b.fixes?.[0].edits[0].newText, '1');
});

test('a bare word is a syntax error with a quoting fix', () => {
  const d = expectOnly(PV, 'on_crash = "restart"', 'on_crash = «restart»', 'xl/unquoted-value');
  assert.equal(d.fixes?.[0].edits[0].newText, '"restart"');
});

test('value not allowed, with the nearest value as fix', () => {
  const d = expectOnly(PV, 'on_crash = "restart"', 'on_crash = «"restrat"»', 'xl/value-not-allowed');
  assert.equal(d.fixes?.[0].edits[0].newText, '"restart"');
  expectOnly(HVM, 'hdtype = "ahci"', 'hdtype = «"sata"»', 'xl/value-not-allowed');
  expectOnly(HVM, 'boot = "dc"', 'boot = «"hd"»', 'xl/value-not-allowed');
  expectOnly(HVM, 'viridian = [ "defaults" ]', 'viridian = [ "defaults", «"turbo"» ]', 'xl/value-not-allowed');
});

test('keys that do not apply to the guest type', () => {
  expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«boot» = "c"', 'xl/wrong-guest-type');
  expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\n«bootloader» = "pygrub"', 'xl/wrong-guest-type');
  expectOnly(PVH, 'vcpus = 1', 'vcpus = 1\n«viridian» = 1', 'xl/wrong-guest-type');
  // A value that belongs to another guest type.
  expectOnly(HVM, 'firmware = "uefi"', 'firmware = «"pvgrub64"»', 'xl/wrong-guest-type');
});

test('no type= means PV on x86: HVM-only keys are flagged with that reason', () => {
  const d = expectOnly(PV.replace('type = "pv"\n', ''), 'vcpus = 2', 'vcpus = 2\n«usb» = 1', 'xl/wrong-guest-type');
  assert.match(d.message, /no type= line, so xl builds a PV guest/);
  // On Arm the default is PVH.
  const arm = diagnoseXl(PVH.replace('type = "pvh"\n', ''), { arch: 'arm64' });
  assert.deepEqual(brief(arm), []);
});

test('deprecated keys, with a fix to the successor', () => {
  const d = expectOnly(HVM, 'type = "hvm"', '«builder» = "hvm"', 'xl/deprecated-key');
  assert.deepEqual(d.tags, ['deprecated']);
  assert.equal(d.fixes?.[0].edits[0].newText, 'type = "hvm"');
  assert.equal(fmt(d.fixes![0].edits[0].range), '2:0-2:15');
  const s = expectOnly(HVM, 'vga = "stdvga"', '«stdvga» = 1', 'xl/deprecated-key');
  assert.equal(s.fixes?.[0].edits[0].newText, 'vga = "stdvga"');
});

test('builder= is only deprecated where type= exists', () => {
  const { text } = seeded(PV, 'type = "pv"', 'builder = "generic"');
  assert.deepEqual(brief(diagnoseXl(text, { xenVersion: '4.9' })), []);
  const d = diagnoseXl(text, { xenVersion: '4.10' });
  assert.deepEqual(brief(d).map((x) => x[0]), ['xl/deprecated-key']);
  assert.equal(d[0].fixes?.[0].edits[0].newText, 'type = "pv"');
});

test('Python expressions and constants in values point at xm, once', () => {
  expectOnly(PV, 'memory = 1024', '«memory = 512 * 2»', 'xl/python-config');
  const d = expectOnly(HVM, 'localtime = 1', '«localtime = True»', 'xl/python-config');
  assert.match(d.message, /"True" is Python/);
});

test('deprecated and removed values', () => {
  expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\ntsc_mode = «"native_paravirt"»', 'xl/deprecated-value');
  expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\ndevice_model_version = «"qemu-xen-traditional"»', 'xl/value-not-in-release');
  assert.deepEqual(brief(diagnoseXl(seeded(HVM, 'vcpus = 4', 'vcpus = 4\ndevice_model_version = "qemu-xen-traditional"').text, { xenVersion: '4.17' })), []);
});

test('keys outside the target release', () => {
  expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\n«vmtrace_buf_kb» = 64', 'xl/key-not-in-release', { xenVersion: '4.14.6' });
  const d = expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«extratime» = 1', 'xl/key-not-in-release');
  assert.match(d.message, /after Xen 4\.5/);
});

test('missing name (reported at the start of the file)', () => {
  const ds = diagnoseXl(PV.replace('name = "web01"\n', ''));
  assert.deepEqual(brief(ds), [['xl/missing-name', '0:0-0:0']]);
});

test('maxmem below memory', () => {
  const d = expectOnly(PV, 'maxmem = 2048', 'maxmem = «512»', 'xl/maxmem-below-memory');
  assert.equal(d.fixes?.[0].edits[0].newText, '1024');
});

test('maxvcpus below vcpus, a malformed uuid, kernel = hvmloader on HVM', () => {
  expectOnly(PV, 'maxvcpus = 4', 'maxvcpus = «1»', 'xl/maxvcpus-below-vcpus');
  expectOnly(PVH, 'uuid = "3f0c2a6e-6d7b-4c1e-9a2f-0b6a4d1e2c31"', 'uuid = «"3f0c2a6e-6d7b-4c1e-9a2f"»', 'xl/value-not-allowed');
  expectOnly(HVM, 'firmware = "uefi"', '«kernel = "/usr/lib/xen/boot/hvmloader"»', 'xl/deprecated-value');
});

test('vif rate syntax', () => {
  expectOnly(PVH, 'rate=100Mb/s', 'rate=«100Mbit»', 'xl/bad-spec-value');
  assert.deepEqual(brief(diagnoseXl(PVH.replace('rate=100Mb/s', 'rate=10MB/s@20ms'))), []);
});

test('a PV guest with neither kernel nor bootloader', () => {
  const noKernel = PV.replace(/^kernel = .*\n/m, '').replace(/^ramdisk = .*\n/m, '');
  const d = expectOnly(noKernel, 'type = "pv"', '«type = "pv"»', 'xl/pv-without-kernel');
  assert.match(d.message, /bootloader/);
  // A boot loader (or PV GRUB firmware) is enough.
  assert.deepEqual(brief(diagnoseXl(noKernel.replace('type = "pv"', 'type = "pv"\nbootloader = "pygrub"'))), []);
  assert.deepEqual(brief(diagnoseXl(noKernel.replace('type = "pv"', 'type = "pv"\nfirmware = "pvgrub64"'))), []);
});

test('disk spec errors: unknown field, bad access, format taken for vdev, missing vdev', () => {
  const d1 = expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,raw,xvdb,rw,«colour»=red'", 'xl/unknown-spec-field');
  assert.equal(d1.severity, 'error');
  expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,raw,xvdb,«rx»'", 'xl/bad-spec-value');
  expectOnly(PV, 'access=rw, target', 'access=«wr», target', 'xl/bad-spec-value');
  const d2 = expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,«xvdb»,w'", 'xl/bad-spec-value');
  assert.equal(d2.fixes?.[0].edits[0].newText, ',');
  expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "«'/dev/vg0/web01-swap,raw'»".replace("«'", "'«").replace("'»", "»'"), 'xl/missing-spec-field');
  expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,raw,xvdb,rw,«specification»=virtio'", 'xl/unknown-spec-field', { xenVersion: '4.16' });
});

test('vif spec errors: bad MAC addresses and unknown fields', () => {
  const d = expectOnly(PV, 'mac=00:16:3e:5a:01:01', 'mac=«00:16:3e:5a:01»', 'xl/bad-mac-address');
  assert.match(d.message, /six two-digit hex numbers/);
  expectOnly(PV, 'mac=00:16:3e:5a:01:01', 'mac=«01»:16:3e:5a:01:01', 'xl/bad-mac-address');
  const u = expectOnly(PV, 'bridge=xenbr0', '«brige»=xenbr0', 'xl/unknown-spec-field');
  assert.equal(u.severity, 'warning');
  assert.equal(u.fixes?.[0].edits[0].newText, 'bridge');
});

test('pci spec errors', () => {
  expectOnly(HVM, "'0000:03:00.0,permissive=1'", "'«0000:03:00»,permissive=1'", 'xl/bad-spec-value');
  expectOnly(HVM, "'0000:03:00.0,permissive=1'", "'0000:03:00.0,«permisive»=1'", 'xl/unknown-spec-field');
});

test('channel spec needs a name and a connection', () => {
  expectOnly(PV, "'connection=pty,name=org.qemu.guest_agent.0'", "'«connection=pty»'", 'xl/missing-spec-field');
  expectOnly(PV, "'connection=pty,name=org.qemu.guest_agent.0'", "'connection=«tcp»,name=x'", 'xl/bad-spec-value');
});

test('mistakes inside quoted strings with escapes land on the right columns', () => {
  expectOnly(PV, 'bridge=xenbr0', 'bridge=xen\\x62r0,«colour»=red', 'xl/unknown-spec-field');
});

test('a key set twice, and += of different kinds', () => {
  expectOnly(PV, 'vcpus = 2', '«vcpus» = 1\nvcpus = 2', 'xl/duplicate-key');
  const { text } = seeded(PV, 'vcpus = 2', 'vcpus = 2\nextra += [ "a" ]');
  assert.deepEqual(brief(diagnoseXl(text)), [['xl/wrong-type', '10:9-10:16'], ['xl/append-type-mismatch', '10:0-10:16']]);
});

test('syntax errors are reported where xl stops', () => {
  expectOnly(PV, 'memory = 1024', 'memory = «1024M»', 'xl/syntax-error');
  expectOnly(PV, 'memory = 1024', '«Memory» = 1024\nmemory = 1024', 'xl/syntax-error');
});

test('an old xm configuration gets one clear error, not a cascade', () => {
  const xm = `«import os, re»\narch = os.uname()[4]\nif re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'\nname = "old"\nkernel = "/boot/vmlinuz"\nmemory = 512\n`;
  const { text, range } = seeded(xm, xm, xm);
  const ds = diagnoseXl(text);
  assert.deepEqual(brief(ds), [['xl/python-config', fmt(range!)]]);
  assert.match(ds[0].message, /old xm configuration/);
});

test('architecture-specific keys', () => {
  expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«gic_version» = "v3"', 'xl/wrong-arch');
});

test('xl.conf: autoballoon on/auto gets the dom0_mem advice, off is quiet', () => {
  const conf = example('xl.conf');
  assert.deepEqual(brief(diagnoseXl(conf, {}, 'xl.conf')), []);
  const d = expectOnly(conf, 'autoballoon = "off"', 'autoballoon = «"auto"»', 'xl/autoballoon', { file: 'xl.conf' });
  assert.equal(d.severity, 'hint');
  assert.match(d.message, /dom0_mem/);
  assert.equal(d.fixes?.[0].edits[0].newText, '"off"');
  expectOnly(conf, 'autoballoon = "off"', 'autoballoon = «"maybe"»', 'xl/value-not-allowed', { file: 'xl.conf' });
  expectOnly(conf, 'lockfile', '«lockfiel»', 'xl/unknown-key', { file: 'xl.conf' });
});
