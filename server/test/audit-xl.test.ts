// Regression tests from the audit of real xl configurations (issue 24's fresh audit, area C): each
// test is a form seen in public domain configurations, written here in our own words and values.
// 1. Options xl reads only to print that it ignores them (vncviewer from 4.5, vif2, device_model):
//    derived from xl's parser source, reported once as having no effect, their values not judged.
// 2. extra= is judged against the guest kernel that kernel= names (vmlinuz-3.16.0-4-amd64), not
//    against the newest Linux.
// 3. An address written without quotes (ip = 10.0.0.17) is a bare value, not Python.
// Where Debian's libxlutil (libxen-dev) and gcc are installed, the syntax fixtures are also read by
// xl's own library (the oracle harness), so "xl refuses this file" is checked against the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../src/core/types';
import { bsdKernel, guestKernelVersion } from '../src/xl/analysis';
import { diagnoseXl } from './xl-helpers';

const ROOT = path.resolve(__dirname, '../..');
const DERIVE = path.join(ROOT, 'scripts/derive-xl-cfg.ts');
const XEN_GIT = path.join(ROOT, '.cache/xen.git');

const on = (ds: Diagnostic[], line: number) => ds.filter((d) => d.range.start.line === line);

// A small HVM guest; the line under test is appended as line 5.
const HVM = [
  'name = "lab-win"',
  'type = "hvm"',
  'memory = 2048',
  "disk = [ 'format=raw, vdev=hda, target=/srv/lab.img' ]",
];
const withLine = (line: string) => [...HVM, line, ''].join('\n');

test('vncviewer: a working option up to Xen 4.4, read only to be ignored from 4.5 on', () => {
  const text = withLine('vncviewer = 1');
  const d417 = on(diagnoseXl(text, { xenVersion: '4.17.3' }), 4);
  assert.deepEqual(
    d417.map((d) => d.code),
    ['xl/key-not-in-release'],
  );
  assert.match(d417[0].message, /no effect.*Xen 4\.4/);
  assert.equal(d417[0].severity, 'warning');
  // Nothing said when no version is set either: the newest xl ignores it too (assumption named).
  const dNone = on(diagnoseXl(text), 4);
  assert.equal(dNone.length, 1);
  assert.match(dNone[0].message, /assuming Xen/);
  // Xen 4.4's xl starts a viewer with it: no finding (4.4 knows the guest type by builder=).
  const builder = text.replace('type = "hvm"', 'builder = "hvm"');
  assert.deepEqual(on(diagnoseXl(builder, { xenVersion: '4.4.4' }), 4), []);
  // With type= alone, 4.4's xl builds a PV guest: then the finding says why.
  const pv = on(diagnoseXl(text, { xenVersion: '4.4.4' }), 4);
  assert.deepEqual(
    pv.map((d) => d.code),
    ['xl/wrong-guest-type'],
  );
  assert.match(pv[0].message, /does not read type=/);
});

test('vif2 as a list (the form xl asks for) is one "no effect" warning, not a wrong-type error', () => {
  const ds = on(diagnoseXl(withLine("vif2 = [ 'bridge=xenbr0' ]"), { xenVersion: '4.17.3' }), 4);
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity]),
    [['xl/unknown-key', 'warning']],
  );
  assert.match(ds[0].message, /no effect/);
});

test('device_model: one warning that xl ignores it, with the rename to device_model_override', () => {
  const ds = on(diagnoseXl(withLine("device_model = '/usr/lib/xen/bin/qemu-dm'"), { xenVersion: '4.11.4' }), 4);
  assert.deepEqual(
    ds.map((d) => d.code),
    ['xl/unknown-key'],
  );
  assert.match(ds[0].message, /ignores it.*device_model_override/);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, 'device_model_override');
});

test('the derive script finds options xl asks for only to warn that it ignores them', () => {
  // A one-release Xen tree of our own: a manual and a parser with three kinds of reads.
  const dir = mkdtempSync(path.join(tmpdir(), 'xl-ignored-'));
  const repo = path.join(dir, 'xen');
  mkdirSync(path.join(repo, 'docs/man'), { recursive: true });
  mkdirSync(path.join(repo, 'tools/xl'), { recursive: true });
  const item = (k: string, v: string) => [`=item B<${k}=${v}>`, '', 'Made-up text.', ''];
  writeFileSync(
    path.join(repo, 'docs/man/xl.cfg.5.pod.in'),
    [
      '=head1 OPTIONS',
      '',
      '=head2 General Options',
      '',
      '=over 4',
      '',
      ...item('oldviewer', 'BOOLEAN'),
      ...item('oldnet', '[ "SPEC", ... ]'),
      ...item('bootfile', '"PATH"'),
      ...item('memory', 'MBYTES'),
      '=back',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(repo, 'tools/xl/xl_parse.c'),
    [
      'void parse(XLU_Config *config, long l, const char *buf) {',
      '    if (!xlu_cfg_get_long(config, "oldviewer", &l, 0))',
      '        fprintf(stderr, "WARNING: ignoring \\"oldviewer\\"; use a flag (a; b)\\n");',
      '    if (!xlu_cfg_get_list(config, "oldnet", NULL, 0, 0)) {',
      '        fprintf(stderr, "WARNING: oldnet is not supported\\n");',
      '    }',
      '    switch (type) {',
      '    case HVM:',
      '        if (!xlu_cfg_get_string(config, "bootfile", &buf, 0))',
      '            fprintf(stderr, "WARNING: ignoring bootfile for this guest\\n");',
      '        break;',
      '    default:',
      '        xlu_cfg_replace_string(config, "bootfile", &info->bootfile, 0);',
      '    }',
      '    if (!xlu_cfg_get_long(config, "memory", &l, 0)) {',
      '        if (l < 1) fprintf(stderr, "ignoring a memory size below 1\\n");',
      '        info->memory = l;',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'r');
  git('tag', 'RELEASE-4.9.0');
  const out = path.join(dir, 'keys.json');
  execFileSync(process.execPath, ['--import', 'tsx', DERIVE, '--git', repo, '--out', out], { stdio: 'pipe' });
  const d = JSON.parse(readFileSync(out, 'utf8'));
  const ignored = Object.entries(d.keys as Record<string, { ignored?: string; read?: string }>)
    .filter(([, f]) => f.ignored)
    .map(([k, f]) => `${k} ${f.ignored}`)
    .sort();
  // oldviewer and oldnet only warn; bootfile is read for other guests; memory is used.
  assert.deepEqual(ignored, ['oldnet 4.9', 'oldviewer 4.9']);
  assert.equal(d.keys.bootfile.read, '4.9');
  assert.equal(d.keys.memory.read, '4.9');
});

test(
  'the shipped xl-cfg-keys.json is what the derive script makes of the Xen tree',
  { skip: !existsSync(XEN_GIT) && 'no .cache/xen.git' },
  () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'xl-derive-')), 'keys.json');
    execFileSync(process.execPath, ['--import', 'tsx', DERIVE, '--git', XEN_GIT, '--out', out], { stdio: 'pipe' });
    const fresh = JSON.parse(readFileSync(out, 'utf8'));
    const shipped = JSON.parse(readFileSync(path.join(ROOT, 'server/data/xl/xl-cfg-keys.json'), 'utf8'));
    assert.deepEqual(shipped, fresh);
    // and the audit's finding is in it: xl 4.5+ only warns about vncviewer; 4.4 still used it.
    assert.equal(fresh.keys.vncviewer.ignored, '4.5-4.22');
  },
);

test('extra= is judged against the guest kernel that kernel= names', () => {
  const guest = (kernel: string) =>
    [
      'name = "db01"',
      `kernel = "/boot/${kernel}"`,
      'extra = "elevator=noop"',
      'root = "/dev/xvda2 ro"',
      'memory = 512',
      '',
    ].join('\n');
  const codes = (kernel: string) => on(diagnoseXl(guest(kernel)), 2).map((d) => d.code);
  // elevator= stopped choosing the I/O scheduler in Linux 5.0; a 3.16 guest kernel still uses it.
  assert.deepEqual(codes('vmlinuz-3.16.0-4-amd64'), []);
  assert.ok(codes('vmlinuz-6.1.0-18-amd64').includes('linux/obsolete-parameter'));
  assert.equal(guestKernelVersion('/boot/vmlinuz-3.16.0-4-amd64'), '3.16.0');
  assert.equal(guestKernelVersion('/vmlinux-2.6.30'), '2.6.30');
  assert.equal(guestKernelVersion('/var/lib/xen/boot/vmlinuz-virt'), undefined);
  assert.equal(guestKernelVersion('/data/kernels/netbsd-XEN3_DOMU.gz'), undefined);
  assert.equal(guestKernelVersion(undefined), undefined);
});

test("a BSD guest kernel's command line is not judged as Linux parameters", () => {
  const guest = (kernel: string) =>
    [
      'name = "bsd1"',
      'type = "pvh"',
      `kernel = "${kernel}"`,
      'cmdline = "vfs.root.mountfrom=ufs:/dev/ada0p3"',
      '',
    ].join('\n');
  const linux = (kernel: string) => diagnoseXl(guest(kernel)).filter((d) => d.code.startsWith('linux/'));
  assert.deepEqual(linux('/srv/bsd1/boot/kernel/kernel'), []);
  // The same line for a Linux kernel: the dotted name is a module option Linux sets aside.
  assert.ok(linux('/boot/vmlinuz-6.1.0-18-amd64').length > 0);
  assert.ok(bsdKernel('/data/kernels/netbsd-XEN3_DOMU.gz'));
  assert.ok(!bsdKernel('/boot/vmlinuz-6.1.0-18-amd64'));
  assert.ok(!bsdKernel(undefined));
});

// Fixtures for the syntax cases; `refused` is what xl's library does with each.
// Each is a whole PV guest (booted by pygrub), so a syntax error is the only thing wrong.
const SYNTAX: Array<{ name: string; text: string; refused: boolean }> = [
  { name: 'bare address', text: 'name = "web"\nip = 10.0.0.17\nbootloader = "pygrub"\n', refused: true },
  {
    name: 'list item missing its opening quote',
    text: 'name = "web"\nbootloader = "pygrub"\nvif = [ \'mac=00:16:3e:00:00:01,bridge=br0\', mac=00:16:3e:00:00:02,bridge=br1\' ]\n',
    refused: true,
  },
  { name: 'real Python', text: 'import os\nname = "web"\nbootloader = "pygrub"\n', refused: true },
  {
    name: 'Python concatenation',
    text: 'name = "web"\nkernel = \'/srv/\' + \'vmlinuz\'\nbootloader = "pygrub"\n',
    refused: true,
  },
  { name: 'quoted address', text: 'name = "web"\nvif = [ "ip=10.0.0.17" ]\nbootloader = "pygrub"\n', refused: false },
];

test('a bare address is an unquoted value with a quick fix, not an xm Python file', () => {
  const ds = diagnoseXl(SYNTAX[0].text);
  assert.deepEqual(
    ds.filter((d) => d.severity === 'error').map((d) => d.code),
    ['xl/unquoted-value'],
  );
  const d = ds.find((x) => x.code === 'xl/unquoted-value')!;
  assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [1, 5, 14]);
  assert.match(d.message, /stops at "\.0\.0\.17".*"10\.0\.0\.17"/);
  assert.equal(d.fixes?.[0].edits[0].newText, '"10.0.0.17"');
  // The option name on that line is judged too (xl ignores "ip").
  assert.ok(ds.some((x) => x.code === 'xl/unknown-key' && x.range.start.line === 1));

  // The missing quote: the bare word where xl's parser stops, and the lexical error it also prints,
  // not a cascade of "expected" findings for the rest of the list.
  const mac = diagnoseXl(SYNTAX[1].text).filter((x) => x.severity === 'error');
  assert.deepEqual(
    mac.map((x) => [x.code, x.range.start.line, x.range.start.character]),
    [
      ['xl/unquoted-value', 2, 44],
      ['xl/syntax-error', 2, 50],
    ],
  );
  assert.match(mac[0].message, /"mac"/);
  assert.match(mac[1].message, /lexical error/);
  // A list cut short at the end of a line says so in words.
  const cut = diagnoseXl('name = "web"\nbootloader = "pygrub"\nvif = [ "bridge=br0" "bridge=br1" ]\n');
  const expected = cut.filter((x) => x.severity === 'error');
  assert.equal(expected.length, 1);
  assert.doesNotMatch(expected[0].message, /\n/);

  for (const py of [SYNTAX[2], SYNTAX[3]])
    assert.deepEqual(
      diagnoseXl(py.text)
        .filter((x) => x.severity === 'error')
        .map((x) => x.code),
      ['xl/python-config'],
      py.name,
    );
  assert.deepEqual(
    diagnoseXl(SYNTAX[4].text).filter((x) => x.severity === 'error'),
    [],
  );
});

/** Debian's libxlutil through the oracle harness, or why it cannot run here. */
function libxlutil(): { refuses?: (text: string) => boolean; why?: string } {
  if (!existsSync('/usr/include/libxlutil.h')) return { why: 'libxlutil.h is not installed (libxen-dev)' };
  const exe = path.join(mkdtempSync(path.join(tmpdir(), 'xl-audit-')), 'harness');
  const src = path.join(__dirname, 'oracle/xl-harness.c');
  const r = spawnSync('gcc', ['-O1', '-o', exe, src, '-lxlutil', '-lxenlight'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { why: `the harness does not build: ${r.error?.message ?? r.stderr}` };
  return {
    refuses: (text: string) => {
      // One record: an empty line of keys to look up, then the file.
      const out = spawnSync(exe, ['cfg'], { input: `\n${text}` });
      return (JSON.parse(out.stdout.toString()) as { rc: number }).rc !== 0;
    },
  };
}

const lib = libxlutil();
test("xl's own library refuses exactly the syntax fixtures we report errors for", { skip: lib.why }, () => {
  for (const f of SYNTAX) {
    assert.equal(lib.refuses!(f.text), f.refused, `libxlutil on ${f.name}`);
    const errors = diagnoseXl(f.text).filter((d) => d.severity === 'error');
    assert.equal(errors.length > 0, f.refused, `our errors on ${f.name}`);
  }
});
