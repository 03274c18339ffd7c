// Diagnostics on realistic PV, PVH and HVM guests: the examples are clean, and each seeded mistake
// gives exactly its code at exactly its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../src/core/types';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { brief, diagnoseXl, example, fmt, seeded } from './xl-helpers';

const PV = example('pv-guest.cfg');
const PVH = example('pvh-guest.cfg');
const HVM = example('hvm-guest.cfg');

for (const [name, text] of [
  ['pv-guest.cfg', PV],
  ['pvh-guest.cfg', PVH],
  ['hvm-guest.cfg', HVM],
] as const) {
  for (const xenVersion of [undefined, '4.17.3', '4.12']) {
    test(`${name} has no diagnostics (Xen ${xenVersion ?? 'newest'})`, () => {
      assert.deepEqual(brief(diagnoseXl(text, { xenVersion })), []);
    });
  }
}

function expectOnly(
  base: string,
  find: string | RegExp,
  replacement: string,
  code: string,
  opts: { xenVersion?: string; arch?: 'x86_64' | 'arm64'; file?: string } = {},
): Diagnostic {
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
  const d = expectOnly(
    PVH,
    "'/dev/vg0/dns01,raw,xvda,w'",
    "'«phy:»/dev/vg0/dns01,xvda,w'",
    'xl/deprecated-spec-syntax',
  );
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
  assert.deepEqual(
    brief(d).map((x) => x[0]),
    ['xl/deprecated-key'],
  );
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
  assert.deepEqual(
    brief(
      diagnoseXl(seeded(HVM, 'vcpus = 4', 'vcpus = 4\ndevice_model_version = "qemu-xen-traditional"').text, {
        xenVersion: '4.17',
      }),
    ),
    [],
  );
});

test('keys outside the target release', () => {
  expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\n«vmtrace_buf_kb» = 64', 'xl/key-not-in-release', { xenVersion: '4.14.6' });
  // pvh= was read by xl 4.4–4.8 only (type= replaced it in 4.10).
  const d = expectOnly(PV.replace('type = "pv"\n', ''), 'vcpus = 2', 'vcpus = 2\n«pvh» = 1', 'xl/key-not-in-release', {
    xenVersion: '4.9',
  });
  assert.match(d.message, /after Xen 4\.8 \(checking against Xen 4\.9\)/);
  // extratime left the manual after 4.5, but xl_parse.c still reads it (RTDS uses it): no finding.
  assert.deepEqual(brief(diagnoseXl(seeded(PV, 'vcpus = 2', 'vcpus = 2\nextratime = 1').text)), []);
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
  expectOnly(
    PVH,
    'uuid = "3f0c2a6e-6d7b-4c1e-9a2f-0b6a4d1e2c31"',
    'uuid = «"3f0c2a6e-6d7b-4c1e-9a2f"»',
    'xl/value-not-allowed',
  );
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
  const d1 = expectOnly(
    PV,
    "'/dev/vg0/web01-swap,raw,xvdb,rw'",
    "'/dev/vg0/web01-swap,raw,xvdb,rw,«colour»=red'",
    'xl/unknown-spec-field',
  );
  assert.equal(d1.severity, 'error');
  expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,raw,xvdb,«rx»'", 'xl/bad-spec-value');
  expectOnly(PV, 'access=rw, target', 'access=«wr», target', 'xl/bad-spec-value');
  const d2 = expectOnly(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,«xvdb»,w'", 'xl/bad-spec-value');
  assert.equal(d2.fixes?.[0].edits[0].newText, ',');
  expectOnly(
    PV,
    "'/dev/vg0/web01-swap,raw,xvdb,rw'",
    "«'/dev/vg0/web01-swap,raw'»".replace("«'", "'«").replace("'»", "»'"),
    'xl/missing-spec-field',
  );
  expectOnly(
    PV,
    "'/dev/vg0/web01-swap,raw,xvdb,rw'",
    "'/dev/vg0/web01-swap,raw,xvdb,rw,«specification»=virtio'",
    'xl/unknown-spec-field',
    { xenVersion: '4.16' },
  );
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
  expectOnly(PV, 'bridge=xenbr0', 'bridge=xen\\"br0,«colour»=red', 'xl/unknown-spec-field');
});

test('a key set twice, and += of different kinds', () => {
  expectOnly(PV, 'vcpus = 2', '«vcpus» = 1\nvcpus = 2', 'xl/duplicate-key');
  const { text } = seeded(PV, 'vcpus = 2', 'vcpus = 2\nextra += [ "a" ]');
  assert.deepEqual(brief(diagnoseXl(text)), [
    ['xl/wrong-type', '10:9-10:16'],
    ['xl/append-type-mismatch', '10:0-10:16'],
  ]);
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

// Regressions from real-world files (issue 14): each was a false error or a missed refusal.

test('opengl is still read by xl 4.21+ though its manual dropped it', () => {
  assert.deepEqual(
    brief(diagnoseXl(seeded(HVM, 'vcpus = 4', 'vcpus = 4\nopengl = 0').text, { xenVersion: '4.22' })),
    [],
  );
});

test('numeric tsc_mode and timer_mode: one deprecation warning with a fix to the name, no error', () => {
  const d = expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\ntsc_mode = «0»', 'xl/deprecated-value');
  assert.equal(d.severity, 'warning');
  assert.equal(d.fixes?.[0].edits[0].newText, '"default"');
  const t = expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\ntimer_mode = «1»', 'xl/deprecated-value');
  assert.equal(t.fixes?.[0].edits[0].newText, '"no_delay_for_missed_ticks"');
  // tsc_mode applies to PV guests too.
  expectOnly(PV, 'vcpus = 2', 'vcpus = 2\ntsc_mode = «2»', 'xl/deprecated-value');
  // Out of range: xl refuses.
  const e = expectOnly(HVM, 'vcpus = 4', 'vcpus = 4\ntsc_mode = «7»', 'xl/value-not-allowed', { xenVersion: '4.17' });
  assert.equal(e.severity, 'error');
});

test('builder contradicting type is an error from 4.10 on, fixed by deleting the builder line', () => {
  const { text, range } = seeded(PV, 'type = "pv"', 'type = "pv"\n«builder» = "hvm"');
  for (const xenVersion of ['4.10', '4.17.3', undefined]) {
    const ds = diagnoseXl(text, { xenVersion });
    assert.deepEqual(brief(ds), [['xl/conflicting-settings', fmt(range!)]], String(xenVersion));
    assert.equal(ds[0].severity, 'error');
    assert.match(ds[0].message, /refuses to start/);
    assert.equal(ds[0].fixes?.[0].edits[0].newText, '');
    assert.equal(fmt(ds[0].fixes![0].edits[0].range), '3:0-4:0');
    // The fix leaves exactly one guest type: the PV one.
    const fixed = text
      .split('\n')
      .filter((_, i) => i !== 3)
      .join('\n');
    assert.deepEqual(brief(diagnoseXl(fixed, { xenVersion })), []);
  }
  // Before 4.10 xl ignores type= and builds what builder says: no contradiction to report.
  assert.ok(!diagnoseXl(text, { xenVersion: '4.9' }).some((d) => d.code === 'xl/conflicting-settings'));
  // xl compares by prefix: builder = "hvm" with type = "hvm" is only redundant.
  assert.ok(
    !diagnoseXl(seeded(HVM, 'type = "hvm"', 'type = "hvm"\nbuilder = "hvm"').text).some(
      (d) => d.code === 'xl/conflicting-settings',
    ),
  );
});

test('other combinations xl refuses: timer_mode on PV, kernel and firmware together, VNC display twice', () => {
  expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«timer_mode» = "no_missed_ticks_pending"', 'xl/conflicting-settings', {
    xenVersion: '4.17',
  });
  expectOnly(PV, 'vcpus = 2', 'vcpus = 2\n«firmware» = "pvgrub64"', 'xl/conflicting-settings', { xenVersion: '4.17' });
  expectOnly(HVM, 'vnclisten = "0.0.0.0"', 'vnclisten = "0.0.0.0:3"\n«vncdisplay» = 2', 'xl/conflicting-settings', {
    xenVersion: '4.17',
  });
});

test('no version set: settings valid in older releases are warnings that say what was assumed', () => {
  const { text } = seeded(HVM, 'vcpus = 4', 'vcpus = 4\ndevice_model_version = "qemu-xen-traditional"');
  const [d] = diagnoseXl(text);
  assert.equal(d.code, 'xl/value-not-in-release');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /assuming Xen 4\.22: no Xen version is set/);
  assert.match(d.message, /Xen 4\.2–4\.20 accept this/);
  assert.doesNotMatch(d.message, /table|knowledge|confidence|nearest|newest known/);
  // With the version set, it is certain.
  assert.equal(diagnoseXl(text, { xenVersion: '4.21' })[0].severity, 'error');
  // builder= without type=: advice only, since releases before 4.10 know only builder.
  const b = diagnoseXl(seeded(HVM, 'type = "hvm"', 'builder = "hvm"').text);
  assert.deepEqual(
    b.map((x) => [x.code, x.severity]),
    [['xl/deprecated-key', 'info']],
  );
});

test('legacy disk forms xl accepts get no error: phy:hda3, ioemu: on the device, an empty CD-ROM', () => {
  for (const spec of [
    'phy:hda3,hda3,w',
    'phy:/dev/vg0/x,ioemu:hda,w',
    '/dev/vg0/x,ioemu:hda,w',
    ',hdc:cdrom,r',
    'file:/srv/a.iso,ioemu:hdc:cdrom,r',
  ]) {
    const ds = diagnoseXl(seeded(HVM, /disk = \[[^\]]*\]/, `disk = [ '${spec}' ]`).text);
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.message),
      [],
      spec,
    );
  }
  // Removing an ignored prefix keeps the meaning: the format position is filled in.
  const d = diagnoseXl(seeded(HVM, /disk = \[[^\]]*\]/, "disk = [ '/dev/vg0/x,ioemu:hda,w' ]").text).find(
    (x) => x.code === 'xl/deprecated-spec-syntax',
  )!;
  assert.deepEqual(
    d.fixes?.[0].edits.map((e) => e.newText),
    ['', ','],
  );
});

test('trusted in a disk spec: xl 4.17–4.18 as released refuse it (warning), 4.19+ accept, 4.16 refuse (error)', () => {
  const text = seeded(PV, "'/dev/vg0/web01-swap,raw,xvdb,rw'", "'/dev/vg0/web01-swap,raw,xvdb,rw,trusted'").text;
  assert.deepEqual(
    diagnoseXl(text, { xenVersion: '4.19' }).map((d) => d.code),
    [],
  );
  assert.deepEqual(
    diagnoseXl(text, { xenVersion: '4.17' }).map((d) => [d.code, d.severity]),
    [['xl/unknown-spec-field', 'warning']],
  );
  assert.deepEqual(
    diagnoseXl(text, { xenVersion: '4.16' }).map((d) => [d.code, d.severity]),
    [['xl/unknown-spec-field', 'error']],
  );
});

test('the fixture configurations written in real-world forms get no error, with or without a version', () => {
  const dir = path.join(__dirname, 'fixtures/xl/configs');
  for (const f of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const xenVersion of [undefined, '4.17']) {
      const errors = diagnoseXl(text, { xenVersion }).filter((d) => d.severity === 'error' && d.code.startsWith('xl/'));
      assert.deepEqual(
        errors.map((d) => d.message),
        [],
        `${f} (${xenVersion ?? 'no version'})`,
      );
    }
  }
});
