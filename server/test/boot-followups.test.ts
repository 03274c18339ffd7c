// Follow-ups of the audit of real boot files: Xen's EFI file kept outside an EFI folder, overlays
// named *.dtso, Linux words written on Xen's line, GRUB_CMDLINE_LINUX on a Xen host, and Linux
// findings that say which release they assumed. Fixtures are short, in our own words and values, in
// forms seen in the audited files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { languageForFile, languageForPath, looksLikeXenEfiCfg } from '../src/core/languages';
import { doc, service } from './helpers';
import { run as cli } from '../src/cli/main';
import { servedLanguage } from '../src/lsp/server';
import type { Diagnostic } from '../src/core/types';

const run = (text: string, lang: string, uri?: string): Diagnostic[] => service().diagnose(doc(text, lang, uri));
const show = (ds: Diagnostic[]): string => ds.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');
const having = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

const EFI_SECTIONS =
  '# boot settings for xen.efi\n[global]\ndefault=deb\n\n[deb]\noptions=console=vga loglvl=all\nkernel=vmlinuz root=/dev/sda2 ro\nramdisk=initrd.img\n';
const EFI_FLAT =
  'options=console=dtuart dom0_mem=768M\nkernel=Image console=hvc0 root=/dev/mmcblk0p3 rw\ndtb=board.dtb\n';
const XL = 'name = "web"\nmemory = 1024\nvcpus = 2\nvif = [ "bridge=xenbr0" ]\nkernel = "/boot/vmlinuz"\n';
const INI = '[section]\nkey=value\n[other]\nname=x\n';

test('recognition: xen.cfg outside an EFI folder is Xen EFI file by its content, an xl file stays xl', () => {
  assert.ok(looksLikeXenEfiCfg(EFI_SECTIONS));
  assert.ok(looksLikeXenEfiCfg(EFI_FLAT));
  assert.ok(!looksLikeXenEfiCfg(XL));
  assert.ok(!looksLikeXenEfiCfg(INI));
  // Sections without [global] default= are not enough.
  assert.ok(!looksLikeXenEfiCfg('[deb]\noptions=loglvl=all\nkernel=vmlinuz\n'));
  for (const where of ['xen.cfg', 'boot/xen.cfg', 'efi-files/xen.cfg', 'xen/xen.cfg', 'board/xen-4.19.cfg']) {
    assert.equal(
      languageForFile(`/repo/${where}`, () => EFI_SECTIONS),
      'xen-efi-cfg',
      where,
    );
    assert.equal(
      languageForFile(`/repo/${where}`, () => EFI_FLAT),
      'xen-efi-cfg',
      where,
    );
    assert.equal(
      languageForFile(`/repo/${where}`, () => XL),
      'xl-cfg',
      where,
    );
  }
  // /etc/xen keeps xl's files whatever they hold; /etc/default/grub.d/xen.cfg is GRUB's.
  assert.equal(
    languageForFile('/etc/xen/xen.cfg', () => EFI_SECTIONS),
    'xl-cfg',
  );
  assert.equal(
    languageForFile('/etc/default/grub.d/xen.cfg', () => 'GRUB_CMDLINE_XEN="dom0_mem=1G"\n'),
    'grub-default',
  );
  assert.equal(
    languageForFile('/srv/debian/default/grub.d/xen.cfg', () => 'GRUB_CMDLINE_XEN="x"\n'),
    'grub-default',
  );
  // Other .cfg names are not claimed by content alone.
  assert.equal(
    languageForFile('/repo/hikey.cfg', () => EFI_FLAT),
    undefined,
  );
  assert.equal(
    languageForFile('/repo/xen/web.cfg', () => XL),
    'xl-cfg',
  );
});

test('recognition: any *.cfg beside a xen*.efi image is read by content', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xc-followups-'));
  mkdirSync(path.join(dir, 'esp'));
  writeFileSync(path.join(dir, 'esp', 'xen-4.19.efi'), '');
  writeFileSync(path.join(dir, 'esp', 'hikey.cfg'), EFI_FLAT);
  writeFileSync(path.join(dir, 'esp', 'guest.cfg'), XL);
  writeFileSync(path.join(dir, 'hikey.cfg'), EFI_FLAT);
  const read = (p: string) => () => readFileSync(p, 'utf8');
  assert.equal(
    languageForFile(path.join(dir, 'esp', 'hikey.cfg'), read(path.join(dir, 'esp', 'hikey.cfg'))),
    'xen-efi-cfg',
  );
  assert.equal(
    languageForFile(path.join(dir, 'esp', 'guest.cfg'), read(path.join(dir, 'esp', 'guest.cfg'))),
    undefined,
  );
  // xen.efi renamed: it reads the .cfg of its own name.
  mkdirSync(path.join(dir, 'gentoo'));
  writeFileSync(path.join(dir, 'gentoo', 'test0528.efi'), '');
  writeFileSync(path.join(dir, 'gentoo', 'test0528.cfg'), EFI_SECTIONS);
  writeFileSync(path.join(dir, 'gentoo', 'other.cfg'), EFI_SECTIONS);
  const g = (n: string) => path.join(dir, 'gentoo', n);
  assert.equal(languageForFile(g('test0528.cfg'), read(g('test0528.cfg'))), 'xen-efi-cfg');
  assert.equal(languageForFile(g('other.cfg'), read(g('other.cfg'))), undefined);
  // Without the image beside it, the same content in another .cfg is not claimed.
  assert.equal(languageForFile(path.join(dir, 'hikey.cfg'), read(path.join(dir, 'hikey.cfg'))), undefined);
});

test('recognition: device-tree overlays named *.dtso are device-tree sources', () => {
  assert.equal(languageForPath('arch/arm64/boot/dts/ti/k3-am62x-sk-csi2-ov5640.dtso'), 'dts');
  assert.equal(
    languageForFile('/repo/xen-chosen.dtso', () => '/dts-v1/;\n/plugin/;\n'),
    'dts',
  );
  assert.equal(
    languageForFile('/repo/sound.dtso', () => 'DTS\0\0\x01'),
    undefined,
  );
});

test('recognition: the CLI finds xen.cfg at the top of a folder and in xen/, and judges it as Xen reads it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xc-followups-cli-'));
  mkdirSync(path.join(dir, 'xen'));
  mkdirSync(path.join(dir, 'guests'));
  writeFileSync(path.join(dir, 'xen.cfg'), EFI_SECTIONS);
  writeFileSync(path.join(dir, 'xen', 'xen.cfg'), EFI_FLAT);
  writeFileSync(path.join(dir, 'guests', 'xen-web.cfg'), XL);
  writeFileSync(
    path.join(dir, 'overlay.dtso'),
    '/dts-v1/;\n/plugin/;\n&{/chosen} {\n\txen,xen-bootargs = "loglvl=all";\n};\n',
  );
  const out: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: () => undefined, cwd: dir };
  assert.equal(await cli(['check', '--format', 'json', '.'], io), 0);
  const files = JSON.parse(out.join(''))
    .files.map((f: { path: string; language: string }) => `${f.path.split(path.sep).join('/')}:${f.language}`)
    .sort();
  assert.deepEqual(files, [
    'guests/xen-web.cfg:xl-cfg',
    'overlay.dtso:dts',
    'xen.cfg:xen-efi-cfg',
    'xen/xen.cfg:xen-efi-cfg',
  ]);
});

test('a *.dtso overlay opened in an editor that names no language (Neovim, Helix) is served and checked', () => {
  const ov =
    '/dts-v1/;\n/plugin/;\n\n&{/chosen} {\n\txen,xen-bootargs = "console=dtuart dtuart=serial0 no_such_knob=1";\n};\n';
  const lang = servedLanguage('file:///board/xen-chosen.dtso', 'plaintext', () => ov);
  assert.equal(lang, 'dts');
  const ds = run(ov, lang!, 'file:///board/xen-chosen.dtso');
  assert.equal(having(ds, 'xen/unknown-parameter').length, 1, show(ds));
  // Same for a xen.cfg kept at the top of a repository.
  assert.equal(
    servedLanguage('file:///repo/xen.cfg', 'cfg', () => EFI_SECTIONS),
    'xen-efi-cfg',
  );
  assert.equal(
    servedLanguage('file:///repo/xen.cfg', 'cfg', () => XL),
    'xl-cfg',
  );
});

test("Linux words on Xen's line are told as Linux's from the Linux release's own parameters", () => {
  const boot = (xen: string) =>
    `setenv xen_bootargs "console=dtuart dtuart=serial0 dom0_mem=512M ${xen}"\nfdt set /chosen xen,xen-bootargs "\${xen_bootargs}"\nbooti 0x42000000 - 0x44000000\n`;
  const ds = run(boot('root=/dev/mmcblk0p2 rootwait rw'), 'uboot-script');
  const linux = having(ds, 'xen/linux-parameter');
  assert.deepEqual(
    linux.map((d) => /"([^"]+)"/.exec(d.message)?.[1]),
    ['root', 'rootwait', 'rw'],
    show(ds),
  );
  // No Linux version set: the message names the release assumed.
  assert.match(linux[1].message, /Linux 6\.12\.\d+ has it \(the newest Linux checked, assumed as no Linux version/);
  assert.deepEqual(having(ds, 'xen/unknown-parameter'), [], show(ds));

  // The release set for dom0 decides: cachepolicy= is Linux 3.10's (arch/arm64/mm/mmu.c, removed later), not 6.12's;
  // accept_memory= is 6.12's, not 3.10's. A word neither has stays an unknown Xen parameter.
  const menu = (x: string) =>
    `title Xen\n  root (hd0,0)\n  kernel /xen-4.17.0.gz ${x}\n  module /vmlinuz root=/dev/sda1\n`;
  const at = (v: string | undefined, word: string) =>
    service(v ? { linuxVersion: v } : undefined)
      .diagnose(doc(menu(word), 'menu-lst'))
      .filter((d) => d.code.startsWith('xen/'))
      .map((d) => d.code);
  assert.deepEqual(at('3.10', 'cachepolicy=writeback'), ['xen/linux-parameter']);
  assert.deepEqual(at('6.12', 'cachepolicy=writeback'), ['xen/unknown-parameter']);
  assert.deepEqual(at('6.12', 'accept_memory=lazy'), ['xen/linux-parameter']);
  assert.deepEqual(at('3.10', 'accept_memory=lazy'), ['xen/unknown-parameter']);
  assert.deepEqual(at(undefined, 'no_such_word_at_all=1'), ['xen/unknown-parameter']);
  // A module's parameter (i915.modeset) is Linux's when the release has the module.
  assert.deepEqual(at(undefined, 'i915.modeset=0'), ['xen/linux-parameter']);
  // Words dom0's own system reads (initramfs, udev, splash) are said to be for dom0's system.
  const sys = service().diagnose(doc(menu('splash rd.lvm.lv=vg/root'), 'menu-lst'));
  assert.equal(having(sys, 'xen/linux-parameter').length, 2, show(sys));
  assert.match(show(sys), /"splash" is a word for dom0's Linux system/);
  // console=tty0 on Xen's line: Xen's own console word, and where dom0's goes.
  const tty = service().diagnose(doc(menu('console=tty0'), 'menu-lst'));
  assert.match(
    show(tty),
    /"tty0" is how Linux names a console.*"console=vga".*dom0's console, put it on the dom0 kernel's "module" line/,
  );
  // In xen.cfg the place named is the kernel= line.
  const cfg = run('[global]\ndefault=a\n[a]\noptions=loglvl=all quiet\nkernel=vmlinuz root=/dev/sda2\n', 'xen-efi-cfg');
  assert.match(show(cfg), /"quiet" is a Linux kernel parameter .*"kernel=" line/);
});

test('/etc/default/grub on a Xen host: GRUB_CMDLINE_LINUX* reach the native entries and the dom0 kernel line', () => {
  const grub = (lines: string, settings?: Record<string, string>) =>
    service(settings).diagnose(doc(`GRUB_DEFAULT=0\n${lines}`, 'grub-default', 'file:///etc/default/grub'));
  const xen = 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2G,max:2G loglvl=all"\n';
  // Without any Xen variable (and no dom0 role) the file is a plain host: the entry starts Linux directly.
  const plain = grub('GRUB_CMDLINE_LINUX_DEFAULT="quiet earlyprintk=xen console=hvc0"\n');
  assert.match(show(plain), /This entry starts the kernel directly/);
  // With GRUB_CMDLINE_XEN*, the same words reach dom0 as well: said so, with the variable that keeps them to Xen.
  const host = grub(`GRUB_CMDLINE_LINUX_DEFAULT="quiet earlyprintk=xen console=hvc0"\n${xen}`);
  assert.doesNotMatch(show(host), /starts the kernel directly|started directly/);
  const notes = having(host, 'linux/no-effect-in-boot-path');
  assert.equal(notes.length, 2, show(host));
  for (const n of notes) {
    assert.equal(n.severity, 'info');
    assert.match(n.message, /native entries .*dom0 kernel's line of the Xen entries/);
    assert.match(n.message, /GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT/);
  }
  // The role setting makes it a Xen host too.
  assert.equal(
    having(
      grub('GRUB_CMDLINE_LINUX="console=hvc0"\n', { role: 'dom0' }),
      'linux/no-effect-in-boot-path',
    )[0]?.message.match(/GRUB_CMDLINE_LINUX_XEN_REPLACE\b/)?.length,
    1,
  );
  // With GRUB_CMDLINE_LINUX_XEN_REPLACE set, GRUB_CMDLINE_LINUX reaches the native entries only.
  const replaced = grub(`GRUB_CMDLINE_LINUX="console=hvc0"\nGRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"\n${xen}`);
  assert.match(show(replaced), /A kernel started directly on hardware has none/);
  // An empty replacement replaces nothing (20_linux_xen tests the value is non-empty).
  const empty = grub(`GRUB_CMDLINE_LINUX="console=hvc0"\nGRUB_CMDLINE_LINUX_XEN_REPLACE=""\n${xen}`);
  assert.match(show(empty), /console Xen gives dom0, right in the Xen entries/);
  // A hypervisor option in GRUB_CMDLINE_LINUX: moved to GRUB_CMDLINE_XEN_DEFAULT, in neither entry read by Linux.
  const opt = grub(`GRUB_CMDLINE_LINUX="dom0_mem=1G"\n${xen}`);
  assert.match(
    show(opt),
    /xen-option-on-linux-line: `dom0_mem` .*native entries and to the dom0 kernel .*GRUB_CMDLINE_XEN_DEFAULT/,
  );
  // vga= works natively; in the Xen entries no boot loader acts on it: an info, not a removal.
  const vga = having(grub(`GRUB_CMDLINE_LINUX_DEFAULT="vga=791"\n${xen}`), 'linux/no-effect-in-boot-path');
  assert.equal(vga.length, 1);
  assert.equal(vga[0].severity, 'info');
  assert.equal(vga[0].fixes, undefined);
  // A Linux word on Xen's line is told to go to GRUB_CMDLINE_LINUX_DEFAULT, with where that leads.
  assert.match(
    show(grub('GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2G,max:2G rootwait"\n')),
    /"rootwait" .*GRUB_CMDLINE_LINUX_DEFAULT \(grub-mkconfig puts it on the dom0 kernel's line of the Xen entries, and on the native entries' line too/,
  );
});

test('Linux findings on a line naming no Linux version say which release was assumed', () => {
  const menu = (image: string, words: string) =>
    `title Board\n  root (hd0,0)\n  kernel /${image} root=/dev/mmcblk0p2 ${words}\n`;
  const arm = service({ arch: 'arm64' });
  const ds = arm.diagnose(doc(menu('Image', 'earlyprintk=serial i915.alpha_support=1 no_such_word=1'), 'menu-lst'));
  for (const code of ['linux/other-architecture', 'linux/unknown-module-parameter', 'linux/unknown-parameter']) {
    const d = having(ds, code);
    assert.equal(d.length, 1, `${code}\n${show(ds)}`);
    assert.match(
      d[0].message,
      /\(Linux 6\.12 assumed: neither the image name nor the settings name a version\.\)$/,
      code,
    );
  }
  // Named by the image, the version is not "assumed".
  const named = arm.diagnose(doc(menu('vmlinuz-6.1.0', 'earlyprintk=serial'), 'menu-lst'));
  assert.equal(having(named, 'linux/other-architecture').length, 1, show(named));
  assert.doesNotMatch(show(named), /assumed/);
  // Linux 3.10's arm64 read earlyprintk= itself (arch/arm64/kernel/early_printk.c): no other-architecture warning.
  const old = arm.diagnose(doc(menu('vmlinuz-3.10.0', 'earlyprintk=serial'), 'menu-lst'));
  assert.deepEqual(having(old, 'linux/other-architecture'), [], show(old));
});

test('a module parameter a release lacks: said for a module built in or loaded, not as "built-in"', () => {
  const ds = service().diagnose(
    doc('title L\n  root (hd0,0)\n  kernel /vmlinuz-5.15.0 root=/dev/sda1 i915.alpha_support=1\n', 'menu-lst'),
  );
  const [d] = having(ds, 'linux/unknown-module-parameter');
  assert.ok(d, show(ds));
  assert.doesNotMatch(d.message, /built-in module/);
  assert.match(
    d.message,
    /When it is built into the kernel.*when it is loaded as a module.*"unknown parameter 'alpha_support' ignored"/,
  );
});

test('xen.cfg: a line ending in "\\" continues nothing (xen.efi reads every line alone): told once, and each lost line', () => {
  const cfg =
    '[global]\ndefault=board\n\n[board]\noptions=console=dtuart dtuart=serial0 \\\n        dom0_mem=1024M dom0_max_vcpus=2 \\\n        loglvl=all\nkernel=Image console=hvc0 \\\n       root=/dev/mmcblk0p2 rootwait\nramdisk=initrd\n';
  const ds = run(cfg, 'xen-efi-cfg');
  const heads = having(ds, 'efi/invalid-value').filter((d) => /joins no lines/.test(d.message));
  assert.equal(heads.length, 2, show(ds));
  assert.match(
    heads[0].message,
    /\("dom0_mem=…", "loglvl=…"\) are each read alone, so their words never reach "options="/,
  );
  assert.equal(heads[0].range.start.line, 4);
  const lost = having(ds, 'efi/unknown-key');
  assert.deepEqual(
    lost.map((d) => d.range.start.line),
    [5, 6, 8],
  );
  for (const d of lost) assert.match(d.message, /meant to continue "(options|kernel)=" on line (5|8)/);
  assert.ok(lost.every((d) => !d.fixes?.length));
  // The "\" itself is not judged again as a Xen or Linux word.
  assert.deepEqual(
    ds.filter((d) => /^(xen|linux)\//.test(d.code) && /"\\"|`\\`/.test(d.message)),
    [],
    show(ds),
  );
});

test('xen.cfg: kernel= naming a Xen image, and keys meant as ramdisk= or dtb=', () => {
  const cfg = (k: string) => `[global]\ndefault=x\n\n[x]\noptions=loglvl=all\nkernel=${k} root=/dev/sda4\n`;
  assert.match(show(run(cfg('test0528_xen.gz'), 'xen-efi-cfg')), /"test0528_xen.gz" reads as a Xen hypervisor image/);
  assert.match(show(run(cfg('xen-4.19.0.gz'), 'xen-efi-cfg')), /reads as a Xen hypervisor image/);
  // A Linux kernel built for Xen (XCP-ng's vmlinuz-4.19-xen) is a Linux kernel.
  assert.doesNotMatch(show(run(cfg('vmlinuz-4.19-xen'), 'xen-efi-cfg')), /hypervisor image/);
  const keys = run(
    '[global]\ndefault=x\n\n[x]\noptions=loglvl=all\nkernel=Image\ninitramfs=initrd.img\ndevice_tree=board.dtb\n',
    'xen-efi-cfg',
    'file:///x/xen.cfg',
  );
  assert.match(show(keys), /no key "initramfs=" .*Did you mean "ramdisk"\?/);
  assert.match(show(keys), /no key "device_tree=" .*Did you mean "dtb"\?/);
});

test('Linux console= with a board serial driver name: derived (Tegra ttyTCU0), else a note, not a warning', () => {
  const line = (c: string) =>
    service().diagnose(
      doc(`title L\n  root (hd0,0)\n  kernel /vmlinuz-6.1.0 root=/dev/sda1 console=${c}\n`, 'menu-lst'),
    );
  // drivers/tty/serial/tegra-tcu.c names its console ttyTCU when it starts (6.1's derived table has it)
  assert.deepEqual(having(line('ttyTCU0'), 'linux/invalid-value'), []);
  // a name no driver of 6.1 registers may come from a vendor's driver: told, not warned about
  const other = having(line('ttyVENDOR0'), 'linux/invalid-value');
  assert.equal(other.length, 1);
  assert.equal(other[0].severity, 'info');
  // Not a device name at all: still a warning.
  assert.equal(having(line('serial-port'), 'linux/invalid-value')[0]?.severity, 'warning');
});

test('/etc/default/grub hover: on a Xen host GRUB_CMDLINE_LINUX_DEFAULT says it also reaches the dom0 line', () => {
  const text = 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2G,max:2G"\n';
  const h = service().hover(doc(text, 'grub-default'), { line: 0, character: 3 });
  assert.match(h?.markdown ?? '', /dom0 kernel's line of the Xen entries .*GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT/);
  const plain = service().hover(doc('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'grub-default'), { line: 0, character: 3 });
  assert.doesNotMatch(plain?.markdown ?? '', /Xen entries/);
});

test('check DIR: a .cfg of any name beside an .efi image is read by its content (hikey.cfg beside xen.efi)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'efiwalk-'));
  mkdirSync(path.join(dir, 'boot'));
  writeFileSync(path.join(dir, 'boot', 'xen-4.17.efi'), '');
  writeFileSync(
    path.join(dir, 'boot', 'hikey.cfg'),
    '[global]\ndefault=hikey\n\n[hikey]\noptions=console=dtuart dom0_mem=512M\nkernel=Image root=/dev/sda2\ndtb=hikey.dtb\n',
  );
  writeFileSync(path.join(dir, 'boot', 'other.cfg'), 'foo=bar\n');
  // the same pair without an .efi beside them: neither is claimed
  mkdirSync(path.join(dir, 'plain'));
  writeFileSync(path.join(dir, 'plain', 'hikey.cfg'), readFileSync(path.join(dir, 'boot', 'hikey.cfg')));
  let out = '';
  await cli(['check', '--format', 'json', dir], { stdout: (s) => (out += s), stderr: () => undefined, cwd: dir });
  const files = (JSON.parse(out) as { files: Array<{ path: string; language: string }> }).files;
  assert.deepEqual(
    files.map((f) => [path.relative(dir, f.path), f.language]),
    [['boot/hikey.cfg', 'xen-efi-cfg']],
  );
});
