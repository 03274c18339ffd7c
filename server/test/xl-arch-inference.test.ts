// Follow-ups of the audit of real xl configurations (audit-xl.test.ts): forms seen in public files,
// written here in our own words and values.
// 1. A guest with no architecture set is judged as Arm when its only signs are Arm's: options only
//    Arm's toolstack acts on (derived from xl's parser and libxl at the release tags) or an arm64
//    kernel image ("/boot/Image"). What was assumed is said, and nothing is an error because of it.
// 2. dtb= (the device tree's name in xen.cfg and boot loaders) points to device_tree; iommu= gets
//    advice about where the IOMMU is set, not "did you mean iomem".
// 3. Xen's own boot options in xl.conf (dom0_mem=, dom0_max_vcpus=) are told to go on the Xen line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../src/core/types';
import { archSigns, kernelArch } from '../src/xl/analysis';
import { parseXl } from '../src/xl/parse';
import { doc, service } from './helpers';
import { diagnoseXl } from './xl-helpers';

const ROOT = path.resolve(__dirname, '../..');
const DERIVE = path.join(ROOT, 'scripts/derive-xl-cfg.ts');
const XEN_GIT = path.join(ROOT, '.cache/xen.git');
const SHIPPED = path.join(ROOT, 'server/data/xl/xl-cfg-keys.json');

const on = (ds: Diagnostic[], line: number) => ds.filter((d) => d.range.start.line === line);
const lines = (...l: string[]) => [...l, ''].join('\n');

// An Arm guest with a device passed through, as board vendors' guides write it (no type= line).
const ARM_PASSTHROUGH = lines(
  'name = "rt-guest"',
  'kernel = "/boot/Image"',
  'memory = 512',
  'device_tree = "/boot/passthrough-eth.dtb"',
  'dtdev = [ "/soc/ethernet@ff0c0000" ]',
  'iomem = [ "0xff0c0,1" ]',
  'irqs = [ 88 ]',
);

test(
  'derivation: the options only one architecture acts on come from xl_parse.c and libxl at the tags',
  {
    skip: !existsSync(XEN_GIT) && 'no Xen git mirror in .cache/xen.git',
  },
  () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'xl-arch-')), 'keys.json');
    execFileSync(process.execPath, ['--import', 'tsx', DERIVE, '--git', XEN_GIT, '--out', out], { stdio: 'pipe' });
    const derived = JSON.parse(readFileSync(out, 'utf8')) as {
      keys: Record<string, { parserArch?: string; parserArchOrigin?: string }>;
    };
    const arch = (k: string) => derived.keys[k]?.parserArch;
    // Stored in b_info->arch_arm / arch_x86 by xl.
    for (const k of ['gic_version', 'vuart', 'sve', 'nr_spis']) assert.equal(arch(k), 'arm', k);
    assert.equal(arch('msr_relaxed'), 'x86');
    // Stored in a plain field that only libxl_arm.c uses (the partial device tree).
    assert.equal(arch('device_tree'), 'arm');
    // Both architectures use these: no architecture recorded.
    for (const k of ['memory', 'iomem', 'irqs', 'kernel', 'vcpus', 'disk', 'extra'])
      assert.equal(arch(k), undefined, k);
    assert.match(derived.keys.device_tree.parserArchOrigin ?? '', /^RELEASE-4\.\d+\.\d+:tools\/xl\/xl_parse\.c$/);
    // The shipped data is this derivation's output.
    const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as typeof derived;
    for (const [k, v] of Object.entries(derived.keys)) assert.equal(shipped.keys[k]?.parserArch, v.parserArch, k);
  },
);

test('derivation rule on a tree of our own: arch_arm/arch_x86 fields, fields only one libxl arch file uses', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xl-arch-tree-'));
  const repo = path.join(dir, 'xen');
  for (const d of ['docs/man', 'tools/xl', 'tools/libs/light']) mkdirSync(path.join(repo, d), { recursive: true });
  const item = (k: string, v: string) => [`=item B<${k}=${v}>`, '', 'Made-up text.', ''];
  const keys = ['armint', 'x86flag', 'armtree', 'shared', 'both', 'plain'];
  writeFileSync(
    path.join(repo, 'docs/man/xl.cfg.5.pod.in'),
    [
      '=head1 OPTIONS',
      '',
      '=head2 General Options',
      '',
      '=over 4',
      '',
      ...keys.flatMap((k) => item(k, '"X"')),
      '=back',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(repo, 'tools/xl/xl_parse.c'),
    [
      'void parse(XLU_Config *config, libxl_domain_build_info *b_info, long l, const char *buf) {',
      '    if (!xlu_cfg_get_long(config, "armint", &l, 0))',
      '        b_info->arch_arm.armint = l;',
      '    xlu_cfg_get_defbool(config, "x86flag", &b_info->arch_x86.x86flag, 0);',
      '    xlu_cfg_replace_string(config, "armtree", &b_info->armtree, 0);',
      '    xlu_cfg_replace_string(config, "shared", &b_info->shared, 0);',
      '    if (!xlu_cfg_get_string(config, "both", &buf, 0)) {',
      '        b_info->arch_arm.b = 1;',
      '        b_info->arch_x86.b = 1;',
      '    }',
      '    if (!xlu_cfg_get_long(config, "plain", &l, 0))',
      '        b_info->plain = l;',
      '}',
      '',
    ].join('\n'),
  );
  // armtree is used by libxl_arm.c only; shared by libxl_arm.c and libxl_create.c; plain by nobody.
  writeFileSync(
    path.join(repo, 'tools/libs/light/libxl_arm.c'),
    'int f(x *info) { return !!info->armtree + !!info->shared; }\n',
  );
  writeFileSync(path.join(repo, 'tools/libs/light/libxl_create.c'), 'int g(x *info) { return !!info->shared; }\n');
  writeFileSync(path.join(repo, 'tools/libs/light/libxl_x86.c'), 'int h(void) { return 0; }\n');
  const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'r');
  git('tag', 'RELEASE-4.19.0');
  const out = path.join(dir, 'keys.json');
  execFileSync(process.execPath, ['--import', 'tsx', DERIVE, '--git', repo, '--out', out], { stdio: 'pipe' });
  const d = JSON.parse(readFileSync(out, 'utf8')) as { keys: Record<string, { parserArch?: string }> };
  assert.deepEqual(Object.fromEntries(keys.map((k) => [k, d.keys[k]?.parserArch ?? null])), {
    armint: 'arm',
    x86flag: 'x86',
    armtree: 'arm',
    shared: null,
    both: null,
    plain: null,
  });
});

test("the file's own signs: Arm options and the kernel image's name", () => {
  assert.equal(kernelArch('/boot/Image'), 'arm');
  assert.equal(kernelArch('/media/Image.gz'), 'arm');
  assert.equal(kernelArch('/boot/vmlinuz-6.1.0-18-arm64'), 'arm');
  assert.equal(kernelArch('/var/lib/xen/vmlinuz-6.1.0-18-amd64'), 'x86');
  assert.equal(kernelArch('/boot/vmlinuz'), undefined);
  assert.equal(kernelArch('/srv/Images/bzImage'), 'x86');
  const signs = archSigns(new Map(parseXl(ARM_PASSTHROUGH).settings.map((s) => [s.key, s])));
  assert.deepEqual(signs.x86, []);
  assert.ok(signs.arm.includes('device_tree='));
  assert.ok(signs.arm.includes('kernel="/boot/Image"'));
});

test('an Arm guest without an architecture set is judged as Arm and says so', () => {
  const svc = service({});
  const d = doc(ARM_PASSTHROUGH, 'xl-cfg', 'file:///etc/xen/arm1/rt-guest.cfg');
  assert.deepEqual(svc.diagnose(d), []);
  const status = svc.status(d);
  assert.ok(status, 'status');
  const targets = status.targets.join(' | ');
  assert.match(targets, /PVH guest/);
  assert.match(targets, /Arm \(assumed because of device_tree= and kernel="\/boot\/Image"\)/);
  // The same options with an x86 kernel named: x86 (the default) and no Arm assumption.
  const x86 = ARM_PASSTHROUGH.replace('/boot/Image', '/boot/vmlinuz-6.1.0-18-amd64');
  const s2 = service({}).status(doc(x86, 'xl-cfg', 'file:///etc/xen/arm2/g.cfg'));
  assert.doesNotMatch(s2.targets.join(' | '), /Arm/);
  // An architecture the user set is taken as it is, x86_64 included: the file's signs do not override it.
  const s3 = service({ arch: 'x86_64' }).status(d);
  assert.doesNotMatch(s3.targets.join(' | '), /Arm|assumed/);
  assert.ok(
    service({ arch: 'x86_64' })
      .diagnose(d)
      .some((x) => /device_tree/.test(x.message)),
    'an Arm-only option on a file set to x86_64 is a finding',
  );
});

test('Arm-only options on a file judged as Arm: no wrong-architecture finding (x86 was assumed before)', () => {
  const text = lines(
    'name = "gic3"',
    'kernel = "/boot/Image"',
    'memory = 256',
    'gic_version = "v3"',
    'vuart = "sbsa_uart"',
    'device_tree = "/boot/guest.dtb"',
  );
  assert.deepEqual(diagnoseXl(text), []);
  // Told as Arm's when the settings say x86 is wrong? The settings saying arm64 agree.
  assert.deepEqual(diagnoseXl(text, { arch: 'arm64' }), []);
  // With an x86 kernel named, the signs disagree: x86 stays (the default) and the Arm options are told.
  const mixed = text.replace('/boot/Image', '/boot/vmlinuz-5.10.0-20-amd64');
  const ds = diagnoseXl(mixed);
  assert.deepEqual(
    ds.map((d) => [d.code, d.range.start.line]),
    [
      ['xl/wrong-arch', 3],
      ['xl/wrong-arch', 4],
      ['xl/wrong-arch', 5],
    ],
  );
  assert.match(ds[0].message, /works only on Arm hosts; the file is checked for x86_64, the default/);
});

test('an x86-only option on a file judged as Arm is a warning naming the assumption', () => {
  const text = ARM_PASSTHROUGH + 'msr_relaxed = 1\n';
  const ds = diagnoseXl(text);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].code, 'xl/wrong-arch');
  assert.equal(ds[0].severity, 'warning');
  assert.match(ds[0].message, /"msr_relaxed" works only on x86 hosts; this file is judged as an Arm guest because of/);
  assert.match(ds[0].message, /device_tree=/);
  // The architecture set: the same option is still a finding, naming the setting.
  const set = diagnoseXl(text, { arch: 'arm64' });
  assert.deepEqual(
    set.map((d) => d.code),
    ['xl/wrong-arch'],
  );
  assert.match(set[0].message, /the settings say arm64/);
});

test('an inferred architecture never raises an error; errors of every architecture stay', () => {
  // No kernel, boot loader or firmware: xl refuses this guest on Arm and on x86 alike.
  const text = lines('name = "empty-arm"', 'memory = 256', 'device_tree = "/boot/g.dtb"', 'gic_version = "v2"');
  const ds = diagnoseXl(text);
  const errors = ds.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => d.code),
    ['xl/pv-without-kernel'],
  );
  assert.match(errors[0].message, /This PVH guest has nothing to boot/);
  // Every other finding on the Arm-judged file is a warning at most.
  for (const d of ds) if (d.code !== 'xl/pv-without-kernel') assert.notEqual(d.severity, 'error', d.message);
});

test('dtb= is told to be device_tree, with the rename as a quick fix', () => {
  const text = lines('name = "domd"', 'kernel = "/boot/Image"', 'memory = 2048', 'dtb = "/boot/domd.dtb"');
  const d = on(diagnoseXl(text), 3);
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'xl/unknown-key');
  assert.match(d[0].message, /Use "device_tree"/);
  assert.equal(d[0].fixes?.[0].edits[0].newText, 'device_tree');
  assert.equal(d[0].fixes?.[0].preferred, true);
});

test('iommu= in a guest: where the IOMMU is set, not "did you mean iomem"', () => {
  const text = lines('name = "domd"', 'kernel = "/boot/Image"', 'memory = 2048', 'iommu = 1');
  const d = on(diagnoseXl(text), 3);
  assert.equal(d.length, 1);
  assert.doesNotMatch(d[0].message, /iomem/);
  assert.match(d[0].message, /Xen's own iommu= boot option/);
  assert.match(d[0].message, /passthrough=/);
  assert.equal(d[0].fixes, undefined);
});

test("xl.conf holding Xen's boot options: said where they go", () => {
  const conf = lines('autoballoon = "off"', 'dom0_mem = "2048M,max:2048M"', 'dom0_max_vcpus = 2', 'iommu = "verbose"');
  const ds = diagnoseXl(conf, {}, 'xl.conf');
  assert.deepEqual(
    ds.map((d) => [d.code, d.range.start.line]),
    [
      ['xl/unknown-key', 1],
      ['xl/unknown-key', 2],
      ['xl/unknown-key', 3],
    ],
  );
  for (const d of ds) {
    assert.match(d.message, /is an option of Xen itself/);
    assert.match(d.message, /Xen line in GRUB \(GRUB_CMDLINE_XEN_DEFAULT/);
    assert.doesNotMatch(d.message, /Did you mean/);
  }
  // A misspelt xl.conf option is still a misspelling.
  const typo = diagnoseXl(lines('lockfiel = "/var/lock/xl"'), {}, 'xl.conf');
  assert.match(typo[0].message, /Did you mean "lockfile"/);
  // Written as on Xen's line, such a line breaks the file: one error per line says so and what to do
  // (no advice to quote the value, no "xm Python" for 1-4 or no-igfx, no second warning).
  for (const [line, key] of [
    ['dom0_vcpus_pin = true', 'dom0_vcpus_pin'],
    ['dom0_mem=1024M,max:1024M', 'dom0_mem'],
    ['dom0_max_vcpus=1-4', 'dom0_max_vcpus'],
    ['iommu=no-igfx', 'iommu'],
  ]) {
    const bare = diagnoseXl(lines('autoballoon = "off"', line), {}, 'xl.conf');
    assert.equal(bare.length, 1, line);
    assert.equal(bare[0].severity, 'error');
    assert.equal(bare[0].range.start.line, 1);
    assert.match(
      bare[0].message,
      new RegExp(`xl refuses the whole file.*${key}= is an option of Xen itself.*Xen line in GRUB`),
    );
    assert.equal(bare[0].fixes?.[0].title, `Delete the ${key} line`);
  }
  // The same forms in a guest's file that is not about dom0 stay xl's own findings.
  const py = diagnoseXl(lines('name = "g"', 'kernel = "/boot/vmlinuz"', 'cpus = 1-4'));
  assert.equal(py[0].code, 'xl/python-config');
  // In a guest's file, only dom0's options are told so (console= is no Xen advice there).
  const guest = diagnoseXl(lines('name = "g"', 'kernel = "/boot/vmlinuz"', 'dom0_mem = "1024M"', 'console = "ttyS0"'));
  assert.match(on(guest, 2)[0].message, /option of Xen itself/);
  assert.doesNotMatch(on(guest, 3)[0].message, /Xen itself/);
});

test('signs that disagree: the kernel name decides, else the options that outnumber; a tie stays x86', () => {
  const judged = (...l: string[]) => service({}).status(doc(lines('name = "g"', 'memory = 256', ...l), 'xl-cfg'));
  const arm = (...l: string[]) => /Arm \(assumed/.test(judged(...l).targets.join(' | '));
  assert.equal(arm('gic_version = "v3"', 'vuart = "sbsa_uart"', 'msr_relaxed = 1'), true);
  assert.equal(arm('gic_version = "v3"', 'msr_relaxed = 1'), false);
  assert.equal(arm('gic_version = "v3"', 'kernel = "/boot/vmlinuz-6.1.0-18-amd64"'), false);
  assert.equal(arm('msr_relaxed = 1', 'kernel = "/boot/Image"'), true);
  assert.equal(arm('memory = 512'), false);
});

test('hover: an option only Arm acts on says so (derived, not only from the manual)', () => {
  const d = doc(ARM_PASSTHROUGH, 'xl-cfg', 'file:///etc/xen/arm3/rt-guest.cfg');
  const h = service({}).hover(d, { line: 3, character: 3 });
  assert.ok(h);
  assert.match(h.markdown, /\*\*device_tree\*\*/);
  assert.match(h.markdown, /guests on Arm/);
  const mem = service({}).hover(d, { line: 2, character: 2 });
  assert.ok(mem);
  assert.doesNotMatch(mem.markdown, /guests on (?:Arm|x86)/);
});
