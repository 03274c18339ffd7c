// Regression tests from the second precision audit of kernel configurations (real files of Arch,
// Arch Linux ARM and Raspberry Pi, Manjaro, Chromium OS boards, RHEL rebuilds, XCP-ng, Yocto
// fragments, 2.6.36 to 7.0; the list of files is in the audit's report, the files are not kept
// here). The fixtures are our own, in the forms those files use. Each case is a false or misleading
// finding the audit met, and the true finding next to it that must stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { doc, service } from './helpers';
import { prepared, runConf, configLines } from './kconfigTreesHarness';
import { kernelEnv } from '../src/kconfig/env';
import { looseReading } from '../src/kernelconfig/symbolChecks';
import { BUNDLED_VERSIONS } from '../src/kernelconfig/knowledge';
import type { Diagnostic, Settings } from '../src/core/types';

const diagnose = (text: string, settings: Settings = {}): Diagnostic[] =>
  service(settings).diagnose(doc(text, 'kernel-config'));
const at = (ds: Diagnostic[], line: number): Diagnostic[] => ds.filter((d) => d.range.start.line === line);
const has = (v: string): boolean => BUNDLED_VERSIONS.includes(v);

function confWritten(arch: string, version: string, body: string[]): string {
  return [
    '#',
    '# Automatically generated file; DO NOT EDIT.',
    `# Linux/${arch} ${version} Kernel Configuration`,
    '#',
    'CONFIG_CC_VERSION_TEXT="gcc (GCC) 14.1.0"',
    'CONFIG_CC_IS_GCC=y',
    '',
    ...body,
    '',
  ].join('\n');
}

// Yocto's kernel cache writes fragments such as `CONFIG_VIRTIO_BLK=y # OVERRIDE:...`; conf reads a
// bool or tristate by its first letter (confdata.c, conf_set_sym_val) and says nothing.
const FRAGMENT = [
  '# virtual disks for a small guest',
  'CONFIG_VIRTIO_BLK=y # keep built in',
  'CONFIG_XEN_BLKDEV_FRONTEND=yes',
  'CONFIG_XEN_NETDEV_FRONTEND=m  # module',
  'CONFIG_DEFAULT_HOSTNAME="guest" # shown by uname -n',
  'CONFIG_NR_CPUS=64 # plenty',
  'CONFIG_XEN_PVHVM=1',
  'CONFIG_XEN=m # not possible',
].join('\n');

test('values conf reads by their first letter are an info, not an error; refused values stay errors', () => {
  const ds = diagnose(`# xen-config: linux=6.12\n${FRAGMENT}\n`);
  for (const line of [2, 3, 4, 5]) {
    const f = at(ds, line).filter((d) => d.code === 'kconfig/invalid-value');
    assert.equal(f.length, 1, `line ${line}: ${JSON.stringify(at(ds, line))}`);
    assert.equal(f[0].severity, 'info', f[0].message);
    assert.match(f[0].message, /read this value (by its first letter|up to the closing quote)/);
  }
  assert.match(at(ds, 2)[0].message, /sets CONFIG_VIRTIO_BLK to y and the rest \("# keep built in"\) is ignored/);
  assert.deepEqual(
    at(ds, 4).find((d) => d.code === 'kconfig/invalid-value')?.fixes?.[0].edits[0].newText,
    'm',
    'the fix writes what conf reads',
  );
  assert.match(at(ds, 5).find((d) => d.code === 'kconfig/invalid-value')!.message, /to "guest"/);
  // An int with a note after it, a number for a bool, m for a bool: conf refuses them ("symbol
  // value … invalid") and keeps the default.
  for (const line of [6, 7, 8]) {
    const e = at(ds, line).filter((d) => d.code === 'kconfig/invalid-value');
    assert.equal(e[0]?.severity, 'error', `line ${line}: ${JSON.stringify(at(ds, line))}`);
  }
  // The same reading when the file names no release (types of every known release agree).
  const loose = diagnose(`${FRAGMENT}\n`).filter((d) => d.code === 'kconfig/invalid-value');
  assert.ok(loose.filter((d) => d.range.start.line <= 4).every((d) => d.severity === 'info'));
  assert.equal(looseReading('bool', 'm # x'), undefined, 'a bool is never m');
  assert.equal(looseReading('int', '64 # x'), undefined);
  assert.deepEqual(looseReading('string', '"a\\"b" tail'), { read: '"a\\"b"', rest: ' tail' });
  assert.equal(looseReading('tristate', 'y'), undefined, 'a plain value is not loose');
});

const p612 = prepared('6.12');
test(
  "Linux 6.12's own conf reads the fragment as the info says",
  { skip: typeof p612 === 'string' ? p612 : false, timeout: 300_000 },
  () => {
    if (typeof p612 === 'string') return;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-kconfig-'));
    try {
      const input = path.join(tmp, 'fragment.config');
      // What the fragment's options depend on; XEN=y here, so a refused value later leaves it y.
      const base = [
        'MODULES',
        'HYPERVISOR_GUEST',
        'PARAVIRT',
        'XEN',
        'NET',
        'NETDEVICES',
        'BLK_DEV',
        'PCI',
        'VIRTIO_MENU',
      ]
        .map((n) => `CONFIG_${n}=y`)
        .concat(['CONFIG_VIRTIO_PCI=y # the bus', '']);
      fs.writeFileSync(input, base.join('\n') + FRAGMENT + '\n');
      const env = kernelEnv({ srcDir: p612.dir, arch: 'x86_64', base: process.env as Record<string, string> });
      const out = configLines(runConf(p612, env, [input], tmp));
      const read = [
        'CONFIG_VIRTIO_PCI=y',
        'CONFIG_VIRTIO_BLK=y',
        'CONFIG_XEN_BLKDEV_FRONTEND=y',
        'CONFIG_XEN_NETDEV_FRONTEND=m',
        'CONFIG_DEFAULT_HOSTNAME="guest"',
        'CONFIG_XEN=y',
      ];
      for (const l of read) assert.ok(out.includes(l), `${l} missing from conf's output`);
      assert.ok(!out.includes('CONFIG_NR_CPUS=64'), 'conf refuses "64 # plenty" and keeps the default');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
);

test('a removed symbol in a file that names no release says which release was assumed', () => {
  // A RHEL-style list (no header, no version) still setting options later releases dropped.
  const ds = diagnose('# x86_64\nCONFIG_CLEANCACHE=y\nCONFIG_XEN_MAX_DOMAIN_MEMORY=500\n');
  const removed = ds.filter((d) => d.code === 'kconfig/removed-symbol');
  assert.equal(removed.length, 2, JSON.stringify(ds));
  for (const d of removed) {
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /assuming Linux [\d.]+, as the file names no kernel version/);
  }
  // Named exactly: the same finding, certain, without the assumption.
  if (has('6.12')) {
    const exact = diagnose('# xen-config: linux=6.12\nCONFIG_CLEANCACHE=y\n').find(
      (d) => d.code === 'kconfig/removed-symbol',
    );
    assert.ok(exact && !/assuming/.test(exact.message), JSON.stringify(exact));
  }
});

test("a conf-written file's symbol of the other architecture is not said to be dropped", () => {
  // ARCH_HAS_FILTER_PGPROT is selected by x86 only in mainline; an arm64 configuration conf wrote
  // with it comes from a kernel that has it (a distribution's patch).
  if (has('5.15')) {
    const ds = diagnose(confWritten('arm64', '5.15.13', ['CONFIG_ARM64=y', 'CONFIG_ARCH_HAS_FILTER_PGPROT=y']));
    const d = ds.find((x) => x.message.includes('ARCH_HAS_FILTER_PGPROT'));
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d.severity, 'info');
    assert.equal(d.code, 'kconfig/unverified-symbol');
    assert.doesNotMatch(d.message, /drop this line|Linux 5\.15\.13 has it only/);
    assert.match(d.message, /is only for x86_64 in Linux [\d., and]+, not for arm64/);
  }
  // Newer than every known release (6.18 when 6.12 is the newest): nothing is known of it, so
  // nothing is said, where the audit found "Linux 6.18.9 has it only for x86_64".
  const newer = diagnose(confWritten('arm64', '99.1.0', ['CONFIG_ARM64=y', 'CONFIG_HAVE_LIVEPATCH=y']));
  assert.deepEqual(
    newer.filter((d) => d.message.includes('HAVE_LIVEPATCH')),
    [],
  );
  // Not written by conf and named exactly: still a warning that holds.
  if (has('6.12')) {
    const hand = diagnose('# xen-config: linux=6.12\n# xen-config: arch=arm64\nCONFIG_IO_DELAY_0X80=y\n');
    const d = hand.find((x) => x.message.includes('IO_DELAY_0X80'));
    assert.equal(d?.severity, 'warning', JSON.stringify(hand));
    assert.match(d!.message, /does not exist for arm64 in Linux 6\.12: Linux 6\.12 has it only for x86_64/);
  }
});

test('a file that names no release lists only the releases that have the symbol for the other architecture', () => {
  // RHEL's lists carry every architecture's options; ARM64_AMU_EXTN appeared long after 3.1.
  const ds = diagnose('# x86_64\nCONFIG_ARM64_AMU_EXTN=y\n');
  const d = ds.find((x) => x.message.includes('ARM64_AMU_EXTN'));
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d.severity, 'info');
  assert.doesNotMatch(d.message, /Linux 3\.1,/);
  assert.match(d.message, /is only for arm64 in Linux/);
});

test('a conf-written configuration for an architecture the extension does not know gets no symbol notes', () => {
  // A 32-bit arm configuration: CONFIG_ARM and its SoC options exist, only not for x86_64 or arm64.
  const ds = diagnose(
    confWritten('arm', '6.12.7', ['CONFIG_ARM=y', 'CONFIG_ARCH_BCM2835=y', 'CONFIG_KUSER_HELPERS=y', 'CONFIG_XEN=y']),
  );
  assert.deepEqual(
    ds.filter((d) => /unverified-symbol|unknown-symbol/.test(d.code)),
    [],
    JSON.stringify(ds),
  );
});

test('lists of releases read as English', () => {
  // A symbol many older releases had, in a file that names a newer one.
  if (!has('6.12')) return;
  const ds = diagnose('# xen-config: linux=6.12\nCONFIG_SLOB=y\n');
  const d = ds.find((x) => x.message.includes('CONFIG_SLOB'));
  assert.ok(d, JSON.stringify(ds));
  assert.doesNotMatch(d.message, / and [\d.]+ and /, d.message);
  assert.match(d.message, /Linux ([\d.]+, )+[\d.]+ and [\d.]+ have it/);
});

test("a late stable update's symbols are not put down to a distribution patch alone", () => {
  // Void's 5.10.259 has the mitigation options that stable updates brought after the known 5.10.
  if (!has('5.10')) return;
  const ds = diagnose(confWritten('x86_64', '5.10.259', ['CONFIG_X86_64=y', 'CONFIG_CPU_MITIGATIONS=y']));
  const d = ds.find((x) => x.message.includes('CPU_MITIGATIONS'));
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d.severity, 'info');
  assert.match(d.message, /a stable update of 5\.10 other than the one this extension knows, or a distribution patch/);
  // A release between two series is not a stable update of a known one.
  const between = diagnose(confWritten('x86_64', '5.11.2', ['CONFIG_X86_64=y', 'CONFIG_MNATIVE=y']));
  assert.match(between.find((x) => x.message.includes('MNATIVE'))?.message ?? '', /perhaps from a distribution patch;/);
});

test('prompts in single quotes count as prompts (net/netfilter/Kconfig writes them so)', () => {
  // `bool 'Connection tracking security mark support'`: Alpine's and Arch's netfilter lines
  // were all called "no prompt, ignored" before the derivation read single-quoted prompts.
  const lines = ['CONFIG_NF_CONNTRACK_SECMARK=y', 'CONFIG_NETFILTER_XT_TARGET_CLASSIFY=m'];
  for (const v of ['3.10', '4.19', '5.15', '6.1', '6.12'].filter(has)) {
    const ds = diagnose(`# xen-config: linux=${v}\n${lines.join('\n')}\n`);
    assert.deepEqual(
      ds.filter((d) => d.code === 'kconfig/promptless-symbol'),
      [],
      `${v}: ${JSON.stringify(ds)}`,
    );
  }
  // A symbol without a prompt still gets the hint.
  const hint = diagnose('# xen-config: linux=6.12\nCONFIG_XEN_ACPI=y\n');
  assert.ok(hint.some((d) => d.code === 'kconfig/promptless-symbol'));
  // The form is the tree's own, when the 6.12 tree is here.
  const tree = typeof p612 === 'string' ? undefined : p612.dir;
  if (tree) {
    const k = fs.readFileSync(path.join(tree, 'net/netfilter/Kconfig'), 'utf8');
    assert.match(k, /config NF_CONNTRACK_SECMARK\n\tbool\s+'/);
  }
});

test('a role report on a release older than every known one says its options may not exist yet', () => {
  // Arch's 2.6.38 configuration: the dom0 backends came with 2.6.39-3.1, after that release.
  const old = [
    '#',
    "# Automatically generated make config: don't edit",
    '# Linux/x86_64 2.6.38 Kernel Configuration',
    '#',
    'CONFIG_64BIT=y',
    'CONFIG_X86_64=y',
    'CONFIG_PARAVIRT=y',
    'CONFIG_XEN=y',
    'CONFIG_XEN_DOM0=y',
    '',
  ].join('\n');
  const ds = diagnose(old, { role: 'dom0' }).filter((d) => d.code.startsWith('kconfig/role-'));
  assert.ok(ds.length > 0, 'the report is still given');
  for (const d of ds.filter((x) => x.code !== 'kconfig/role-pointless'))
    assert.match(d.message, /this extension knows Linux [\d.]+ and later; an option listed may not exist yet in 2\.6/);
  // A known release: no such words.
  const known = diagnose(old.replace('2.6.38', BUNDLED_VERSIONS[0]), { role: 'dom0' });
  assert.ok(known.every((d) => !/may not exist yet/.test(d.message)));
});

test('a "no prompt" hint on a fragment that names no release says which release was assumed', () => {
  // kernel/configs/xen.config of 4.19 names no release; its promptless lines are judged by the newest.
  const ds = diagnose('CONFIG_XEN=y\nCONFIG_XEN_SAVE_RESTORE=y\n');
  const d = ds.find((x) => x.code === 'kconfig/promptless-symbol');
  assert.ok(d, JSON.stringify(ds));
  assert.match(d.message, /\(assuming Linux [\d.]+, as the file names no kernel version/);
});
