// Xen's EFI configuration file (xen.cfg beside xen.efi): the reader follows Xen's pre_parse and
// get_value, the section Xen boots, options= routed to the Xen engine and kernel= to Linux at
// exact columns, the format's own checks, hovers, completion, outline and folding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { parseEfiCfg } from '../src/xenefi/efiCfgParse';
import { languageForPath } from '../src/core/languages';
import { innermostScopes } from './grammarHarness';

const root = path.resolve(__dirname, '../..');
const EXAMPLE = 'examples/boot/xen-efi/EFI/xen/xen-4.17-amd64.cfg';
let n = 0;
const uriOf = () => `file:///boot/efi/EFI/xen${n++}/xen.cfg`;
const codes = (text: string, u = uriOf()) =>
  service()
    .diagnose(doc(text, 'xen-efi-cfg', u))
    .map((d) => d.code)
    .sort();

test('file names: xen.cfg and xen-<version>.cfg on an EFI partition; /etc/xen and grub.d stay as they were', () => {
  assert.equal(languageForPath('/boot/efi/EFI/xen/xen.cfg'), 'xen-efi-cfg');
  assert.equal(languageForPath('/boot/efi/EFI/debian/xen-4.17-amd64.cfg'), 'xen-efi-cfg');
  assert.equal(languageForPath('/etc/xen/xen.cfg'), 'xl-cfg');
  assert.equal(languageForPath('/etc/default/grub.d/xen.cfg'), 'grub-default');
  assert.equal(languageForPath('/boot/efi/EFI/debian/grub.cfg'), 'grub-cfg');
});

test('reader: comments, tabs, blanks before "=", headers, the last line without a newline', () => {
  const c = parseEfiCfg(
    '; top\n[global]  # c\n  default=xen # trailing\n[xen]\noptions=a b\tkernel=k\nkernel =x\nnoequals\n# x\tramdisk=r\nvideo=gfx-800',
  );
  assert.deepEqual(
    c.sections.map((s) => [s.name, s.line, s.endLine]),
    [
      ['global', 1, 2],
      ['xen', 3, 7],
    ],
  );
  assert.deepEqual(
    c.settings.map((s) => [s.key, s.value, s.line, s.keyStart, s.valueStart]),
    [
      ['default', 'xen ', 2, 2, 10],
      ['options', 'a b', 4, 0, 8],
      ['kernel', 'k', 4, 12, 19],
      ['ramdisk', 'r', 7, 4, 12],
    ],
  );
  assert.deepEqual(
    c.problems.map((p) => [p.kind, p.line]).sort(),
    [
      ['blank-before-equals', 5],
      ['malformed', 6],
      ['no-final-newline', 8],
      ['tab-split', 4],
      ['tab-split', 7],
    ].sort(),
  );
  // Never throws on anything.
  for (const t of ['', '[', ']', '=', '\0\0', '[a\n=b\n', 'x'.repeat(10000), '\uFEFF[global]\n']) parseEfiCfg(t);
});

test('the example: the Xen mistake and the dom0 mistake at their columns, nothing from the format', () => {
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const lines = text.split('\n');
  const ds = service().diagnose(doc(text, 'xen-efi-cfg', `file:///${EXAMPLE}`));
  assert.deepEqual(
    ds.filter((d) => d.code.startsWith('efi/')),
    [],
  );
  const xen = ds.find((d) => d.code === 'xen/unknown-parameter')!;
  assert.ok(xen, JSON.stringify(ds.map((d) => d.code)));
  const xl = lines.findIndex((l) => l.startsWith('options=') && l.includes('dom0_max_vcpu='));
  assert.deepEqual(xen.range.start, { line: xl, character: lines[xl].indexOf('dom0_max_vcpu=') });
  assert.match(xen.message, /Xen 4\.17/, 'the version comes from the file name');
  const linux = ds.find((d) => d.code === 'linux/unexpected-value')!;
  assert.ok(linux);
  const kl = lines.findIndex((l) => l.startsWith('kernel=') && l.includes('nomodeset=1'));
  assert.equal(linux.range.start.line, kl);
  assert.equal(linux.range.start.character, lines[kl].indexOf('nomodeset=1') + 'nomodeset='.length);
});

test("the format's checks", () => {
  const head = '[global]\ndefault=xen\n\n[xen]\n';
  const k = 'kernel=vmlinuz-6.1.0 root=/dev/sda2 ro\n';
  assert.deepEqual(codes(`${head}${k}`), []);
  assert.deepEqual(codes('[global]\ndefault=xne\n\n[xen]\n' + k), ['efi/default-names-no-section']);
  assert.deepEqual(codes('[global]\ndefault=xen \n\n[xen]\n' + k), ['efi/default-names-no-section']);
  assert.deepEqual(codes(`${head}options=console=vga\n`), ['efi/no-dom0-kernel']);
  assert.deepEqual(codes(`[global]\n\n[a]\n${k}[b]\n${k}`), ['efi/no-default']);
  assert.deepEqual(codes(`${head}${k}kernal=x\n`), ['efi/unknown-key']);
  assert.deepEqual(codes(`[global]\ndefault=xen\noptions=console=vga\n[xen]\n${k}`), ['efi/misplaced-key']);
  assert.deepEqual(codes(`${head}${k}chain=other.cfg\n`), ['efi/misplaced-key']);
  assert.deepEqual(codes(`${head}${k}${k}`), ['efi/repeated-setting']);
  assert.deepEqual(codes(`${head}${k}[xen]\n${k}`), ['efi/repeated-setting']);
  assert.deepEqual(codes(`${head}${k}options =console=vga\n`), ['efi/malformed-line']);
  assert.deepEqual(codes(`${head}${k}ramdisk=initrd.img`), ['efi/no-final-newline']);
  assert.deepEqual(codes(`${head}kernel=vmlinuz-6.1.0\troot=/dev/sda2\n`), ['efi/tab-splits-line', 'efi/unknown-key']);
  assert.deepEqual(codes(`${head}${k}video=1024x768\n`), ['efi/invalid-value']);
  // dtb= is read on Arm only; ucode= on x86 only.
  assert.deepEqual(codes(`${head}${k}dtb=board.dtb\n`), ['efi/unknown-key']);
  assert.deepEqual(
    service({ arch: 'arm64' })
      .diagnose(doc(`${head}${k}dtb=board.dtb\n`, 'xen-efi-cfg', uriOf()))
      .map((d) => d.code),
    [],
  );
  // chain= exists from Xen 4.3: a 4.2 file (by its name) is told so.
  const d42 = service().diagnose(
    doc(`[global]\ndefault=xen\nchain=b.cfg\n[xen]\n${k}`, 'xen-efi-cfg', 'file:///boot/efi/EFI/xen/xen-4.2.5.cfg'),
  );
  assert.deepEqual(
    d42.map((d) => d.code),
    ['efi/unknown-key'],
  );
  assert.match(d42[0].message, /Xen 4\.2 does not read "chain=" from its configuration file; Xen 4\.3–4\.22 do/);
});

test('quick fixes: the nearest section name, blanks before "=", the final newline', () => {
  const s = service();
  const fix = (text: string, code: string) =>
    s.diagnose(doc(text, 'xen-efi-cfg', uriOf())).find((d) => d.code === code)?.fixes?.[0]?.edits[0];
  assert.equal(
    fix('[global]\ndefault=debain\n[debian]\nkernel=v\n', 'efi/default-names-no-section')?.newText,
    'debian',
  );
  assert.deepEqual(fix('[global]\ndefault=a\n[a]\nkernel=v\noptions  =x\n', 'efi/malformed-line'), {
    range: { start: { line: 4, character: 7 }, end: { line: 4, character: 9 } },
    newText: '',
  });
  assert.deepEqual(fix('[global]\ndefault=a\n[a]\nkernel=v', 'efi/no-final-newline')?.newText, '\n');
});

test('hover on a Xen parameter in options=, on keys and sections; completion of Xen parameters, keys and sections', () => {
  const s = service();
  const hov = (t: string) => {
    const c = docAtCursor(t, 'xen-efi-cfg', uriOf());
    return s.hover(c.doc, c.pos)?.markdown ?? '';
  };
  assert.match(hov('[global]\ndefault=xen\n[xen]\noptions=console=vga dom0_m|em=4G\nkernel=v r\n'), /dom0_mem/);
  assert.match(
    hov('[global]\ndefault=xen\n[xen]\nopt|ions=console=vga\nkernel=v r\n'),
    /hypervisor's own command line/,
  );
  assert.match(hov('[global]\ndefault=x|en\n[xen]\nkernel=vmlinuz r\n'), /vmlinuz/);
  assert.match(hov('[global]\ndefault=xen\n[xen]\nkernel=vmlinuz root=/dev/sda1 no|modeset\n'), /nomodeset/);
  const labels = (t: string) => {
    const c = docAtCursor(t, 'xen-efi-cfg', uriOf());
    return s.complete(c.doc, c.pos).map((i) => i.label);
  };
  assert.ok(
    labels('[global]\ndefault=xen\n[xen]\noptions=console=vga dom0_ma|\nkernel=v r\n').includes('dom0_max_vcpus'),
  );
  assert.ok(labels('[global]\ndefault=xen\n[xen]\noptions=|\nkernel=v r\n').includes('dom0_mem'));
  assert.deepEqual(labels('[global]\ndefault=|\n[xen]\nkernel=v\n[rescue]\nkernel=v\n'), ['xen', 'rescue']);
  const keys = labels('[global]\ndefault=xen\n[xen]\nkernel=v\nra|\n');
  assert.ok(
    keys.includes('ramdisk') && keys.includes('options') && !keys.includes('default') && !keys.includes('dtb'),
    JSON.stringify(keys),
  );
  assert.ok(labels('[global]\nc|\n[xen]\nkernel=v\n').includes('chain'));
});

test('outline and folding', () => {
  const s = service();
  const text = readFileSync(path.join(root, EXAMPLE), 'utf8');
  const d = doc(text, 'xen-efi-cfg', `file:///${EXAMPLE}`);
  const sy = s.symbols(d);
  assert.deepEqual(
    sy.map((x) => x.name),
    ['[global]', '[debian]', '[rescue]'],
  );
  assert.match(sy[1].detail ?? '', /vmlinuz-6\.1\.0-18-amd64.*booted by default/);
  assert.deepEqual(
    sy[1].children?.map((c) => c.name),
    ['options', 'kernel', 'ramdisk', 'ucode'],
  );
  assert.deepEqual(
    s.folding(d).map((f) => [f.startLine, f.endLine]),
    [
      [1, 3],
      [4, 9],
      [10, 13],
    ],
  );
});

test('grammar: sections, keys, command-line words, comments', async () => {
  const t = await innermostScopes(
    'source.xen-efi-cfg',
    '[global]\ndefault=xen # c\n; note\n[xen]\noptions=console=vga dom0_mem=4G\nkernel=vmlinuz root=/dev/sda1 ro\n',
  );
  const scope = (text: string) => t.find(([s]) => s === text)?.[1] ?? `missing ${text}: ${JSON.stringify(t)}`;
  assert.match(scope('global'), /^entity\.name\.section/);
  assert.match(scope('default'), /^variable\.other\.property/);
  assert.match(scope('# c'), /^comment\.line/);
  assert.match(scope('; note'), /^comment\.line/);
  assert.match(scope('dom0_mem'), /^variable\.parameter/);
  assert.match(scope('vmlinuz'), /^string\.unquoted\.path/);
  assert.match(scope('root'), /^variable\.parameter/);
});
