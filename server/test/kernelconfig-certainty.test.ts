// The certainty policy (ARCHITECTURE.md, "Certainty") on kernel configurations: errors only for
// the file's own bundled release; neighbours must agree before a warning; conf-written files get
// no type findings off their release; assumptions are said in the message. The fixtures are
// written here in the forms the kernel's `conf` uses (headers of many releases and architectures,
// compiler lines, "is not set" lines); each false positive met on real files is a case below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, service } from './helpers';
import { neighboursOf, parseRelease } from '../src/kernelconfig/certainty';
import { BUNDLED_VERSIONS } from '../src/kernelconfig/knowledge';
import type { Diagnostic, Settings } from '../src/core/types';

const diagnose = (text: string, settings: Settings = {}, uri?: string): Diagnostic[] =>
  service(settings).diagnose(doc(text, 'kernel-config', uri));
const bySeverity = (ds: Diagnostic[], s: string): Diagnostic[] => ds.filter((d) => d.severity === s);

/** A configuration as conf writes it: marker, header, compiler lines, then the body. */
function confWritten(
  arch: string,
  version: string,
  body: string[],
  opts: { marker?: boolean; compiler?: boolean } = {},
): string {
  const lines = ['#'];
  if (opts.marker !== false) lines.push('# Automatically generated file; DO NOT EDIT.');
  lines.push(`# Linux/${arch} ${version} Kernel Configuration`, '#');
  if (opts.compiler !== false) {
    lines.push(
      'CONFIG_CC_VERSION_TEXT="gcc (GCC) 13.2.1 20230801"',
      'CONFIG_CC_IS_GCC=y',
      'CONFIG_GCC_VERSION=130201',
      'CONFIG_CLANG_VERSION=0',
    );
  }
  lines.push('', '#', '# General setup', '#', ...body, '');
  return lines.join('\n');
}

test('versions: releases and the bundled neighbours around them', () => {
  assert.deepEqual(parseRelease('6.12.5-arch1-1'), [6, 12, 5]);
  assert.deepEqual(parseRelease('v5.4'), [5, 4]);
  assert.equal(parseRelease('linux'), undefined);
  const newest = BUNDLED_VERSIONS[BUNDLED_VERSIONS.length - 1];
  assert.equal(neighboursOf(newest)?.level, 'exact', 'naming the series alone is the bundled release');
  assert.equal(neighboursOf('99.1')?.level, 'one-side');
  assert.equal(neighboursOf('2.6.32')?.level, 'one-side');
  if (BUNDLED_VERSIONS.includes('6.1') && BUNDLED_VERSIONS.includes('6.12')) {
    // The release inside the 6.12 series that the knowledge holds is not 6.12.5.
    assert.equal(neighboursOf('6.12.5')?.level, 'neighbours');
    assert.ok((neighboursOf('6.12.5')?.judges.length ?? 0) >= 2);
    // 6.11 lies between the 6.6 and 6.12 lines.
    assert.equal(neighboursOf('6.11')?.level, 'neighbours');
  }
});

test('conf-written configurations of other releases get no error (4.19, 5.4, 6.1.1, 6.11, 6.12.5, 6.17)', () => {
  const cases: Array<[string, string, string[]]> = [
    // ACPI_HED was a tristate before the 6.1 stable series made it a bool.
    ['x86', '4.19.0', ['CONFIG_ACPI_HED=m', 'CONFIG_XEN=y', '# CONFIG_XEN_PVH is not set', 'CONFIG_BASE_SMALL=0']],
    ['x86_64', '3.18.0', ['CONFIG_ACPI_HED=m', 'CONFIG_XEN=y', 'CONFIG_XEN_TMEM=m']],
    // KASAN_STACK was an int in 5.4.
    ['x86', '5.4.0', ['CONFIG_KASAN_STACK=1', 'CONFIG_ACPI_HED=m']],
    ['x86', '6.1.1', ['CONFIG_ACPI_HED=m']],
    ['x86', '6.11.0', ['CONFIG_ACPI_HED=m', 'CONFIG_BASE_SMALL=0']],
    ['x86', '6.12.5', ['CONFIG_BASE_SMALL=0', 'CONFIG_ACPI_HED=m']],
    ['x86', '6.17.0', ['CONFIG_ACPI_HED=m', 'CONFIG_BASE_SMALL=y', 'CONFIG_SOMETHING_NEW_IN_6_17=y']],
    ['arm64', '6.6.0', ['CONFIG_ARM64=y', 'CONFIG_ACPI_HED=m', 'CONFIG_XEN=y']],
  ];
  for (const [arch, v, body] of cases) {
    const ds = diagnose(confWritten(arch, v, body));
    assert.deepEqual(
      bySeverity(ds, 'error').map((d) => d.message),
      [],
      `${arch} ${v}`,
    );
    assert.deepEqual(
      bySeverity(ds, 'warning').map((d) => d.message),
      [],
      `${arch} ${v}`,
    );
  }
  // The older marker and header of 2.6-era files.
  const old =
    "#\n# Automatically generated make config: don't edit\n# Linux kernel version: 2.6.32\n#\nCONFIG_ACPI_HED=m\nCONFIG_XEN=y\n";
  assert.deepEqual(
    diagnose(old).filter((d) => d.severity === 'error' || d.severity === 'warning'),
    [],
  );
});

test('a header without the marker still says conf wrote the file', () => {
  const ds = diagnose(confWritten('x86', '5.4.0', ['CONFIG_KASAN_STACK=1'], { marker: false }));
  assert.deepEqual(
    ds.filter((d) => d.severity !== 'hint'),
    [],
  );
});

test('other architectures: no finding claims certainty (32-bit x86, arm, powerpc)', () => {
  const x86_32 = confWritten('x86', '6.1.0', [
    'CONFIG_X86_32=y',
    '# CONFIG_64BIT is not set',
    'CONFIG_HIGHMEM4G=y',
    'CONFIG_ACPI_HED=m',
  ]);
  assert.deepEqual(
    diagnose(x86_32).filter((d) => d.severity === 'error' || d.severity === 'warning'),
    [],
  );
  for (const arch of ['arm', 'powerpc', 'riscv', 'mips']) {
    const ds = diagnose(confWritten(arch, '6.1.0', ['CONFIG_ARM_LPAE=y', 'CONFIG_PPC64=y', 'CONFIG_ACPI_HED=m']));
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
      arch,
    );
  }
  // A hand-written 32-bit fragment: still not certain.
  const frag = diagnose('# xen-config: linux=6.1\nCONFIG_X86_32=y\nCONFIG_ACPI_HED=m\n');
  assert.deepEqual(bySeverity(frag, 'error'), []);
});

test('true findings stay: a hand-written fragment for a bundled release with a wrong type is an error', () => {
  const ds = diagnose('# xen-config: linux=6.1\nCONFIG_XEN=m\nCONFIG_ACPI_HED=m\n');
  assert.deepEqual(
    bySeverity(ds, 'error').map((d) => d.range.start.line),
    [1, 2],
  );
  assert.match(ds[0].message, /bool/);
  // The setting names the release too.
  assert.equal(bySeverity(diagnose('CONFIG_XEN=m\n', { linuxVersion: '6.12' }), 'error').length, 1);
  // A value no type accepts is wrong in every release, whatever the file names.
  for (const text of [
    'CONFIG_XEN_MEMORY_HOTPLUG_LIMIT=lots\n',
    '# xen-config: linux=5.15\nCONFIG_CMDLINE=console=hvc0\n',
  ]) {
    assert.equal(bySeverity(diagnose(text), 'error').length, 1, text);
  }
});

test('a release between bundled ones: neighbours must agree, and the message says what was assumed', () => {
  // BASE_SMALL: an int in 6.1, a bool in 6.12: on 6.12.5 nothing is certain.
  assert.deepEqual(diagnose('# xen-config: linux=6.12.5\nCONFIG_BASE_SMALL=0\n'), []);
  assert.equal(bySeverity(diagnose('# xen-config: linux=6.12\nCONFIG_BASE_SMALL=0\n'), 'error').length, 1);
  // XEN is a bool in every known release: a warning, not an error, naming the assumption.
  const ds = diagnose('# xen-config: linux=6.11\nCONFIG_XEN=m\n');
  assert.deepEqual(
    ds.map((d) => d.severity),
    ['warning'],
  );
  assert.match(ds[0].message, /6\.11/);
  assert.doesNotMatch(ds[0].message, /table|facts|recalled|nearest|confidence/i);
});

test('no version named: at most a warning that says which release was assumed', () => {
  const ds = diagnose('CONFIG_XEN=m\nCONFIG_XEN_BLKDEV_FRONTED=y\n');
  assert.deepEqual(bySeverity(ds, 'error'), []);
  const w = bySeverity(ds, 'warning');
  assert.equal(w.length, 2);
  for (const d of w) assert.match(d.message, /assuming Linux \S+, as the file names no kernel version/);
  assert.match(w[1].message, /Did you mean CONFIG_XEN_BLKDEV_FRONTEND/);
});

test("symbols Debian's source removes are not unknown: an info at most", () => {
  for (const text of [
    '# xen-config: linux=6.1\nCONFIG_FB_NVIDIA=m\nCONFIG_FB_NVIDIA_I2C=y\nCONFIG_FB_RIVA=m\n',
    confWritten('x86', '6.1.0', [
      'CONFIG_FB_NVIDIA=m',
      'CONFIG_FB_NVIDIA_I2C=y',
      'CONFIG_FB_NVIDIA_BACKLIGHT=y',
      'CONFIG_FB_RIVA=m',
      '# CONFIG_FB_RIVA_DEBUG is not set',
    ]),
  ]) {
    const ds = diagnose(text);
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
    );
    for (const d of ds) assert.match(d.message, /Debian/);
  }
});

test('conf-written files: symbols from distribution patches and other releases are at most infos', () => {
  const ds = diagnose(
    confWritten('x86', '6.1.150', ['CONFIG_PREEMPT_LAZY=y', 'CONFIG_HAVE_ATOMIC_CONSOLE=y', 'CONFIG_XEN=y']),
  );
  assert.deepEqual(
    ds.filter((d) => d.severity === 'error' || d.severity === 'warning'),
    [],
  );
  // A hand-written fragment for the same release: the typo is still a warning.
  const frag = diagnose('# xen-config: linux=6.1\nCONFIG_XEN_BLKDEV_FRONTED=y\n');
  assert.deepEqual(
    frag.map((d) => `${d.severity} ${d.code}`),
    ['warning kconfig/unknown-symbol'],
  );
});

test('messages use plain words', () => {
  const texts = [
    '# xen-config: linux=3.1\nCONFIG_SOME_OLD_DRIVER=y\nCONFIG_XEN_SCRUB_PAGES_DEFAULT=y\n',
    '# xen-config: linux=6.15\nCONFIG_SOMETHING_FROM_6_15=y\nCONFIG_FRONTSWAP=y\n',
    '# xen-config: linux=6.1\nCONFIG_XEN_SCRUB_PAGES=y\nCONFIG_XEN_PV=y\n',
    'CONFIG_XEN_TMEM=y\nCONFIG_XEN=m\n',
  ];
  for (const t of texts) {
    for (const d of diagnose(t))
      assert.doesNotMatch(d.message, /\btable\b|facts|recalled|nearest|confidence/i, d.message);
  }
});
