// How Linux reads its command line, and what the engine makes of it: name spelling, quotes,
// `--`, module.param, words for init, length limits, the targeted version, boot paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';
import type { Settings } from '../src/core/types';

const direct = (args: string, image = '/boot/vmlinuz-6.1.0-18-amd64') =>
  `title y\n root (hd0,0)\n kernel ${image} ${args}\n initrd /boot/initrd.img\n`;
const dom0 = (args: string, image = '/boot/vmlinuz-6.1.0-18-amd64') =>
  `title x\n root (hd0,0)\n kernel /xen-4.17.gz dom0_mem=4G\n module ${image} ${args}\n module /boot/initrd.img\n`;

function diags(text: string, settings?: Settings) {
  return service(settings)
    .diagnose(doc(text, 'menu-lst'))
    .filter((d) => d.code.startsWith('linux/'));
}
function wordOf(text: string, d: { range: { start: { line: number; character: number } } }): string {
  const line = text.split('\n')[d.range.start.line];
  let s = d.range.start.character;
  while (s > 0 && line[s - 1] !== ' ') s--;
  return /^\S+/.exec(line.slice(s))?.[0] ?? '';
}
function codesByWord(text: string, settings?: Settings): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of diags(text, settings)) (out[wordOf(text, d)] ??= []).push(d.code);
  return out;
}
function hover(text: string, word: string, settings?: Settings): string {
  const at = text.indexOf(` ${word}`) + 2;
  const { doc: d, pos } = docAtCursor(`${text.slice(0, at)}|${text.slice(at)}`, 'menu-lst');
  return service(settings).hover(d, pos)?.markdown ?? '';
}

test('dashes and underscores are the same in names, not in values', () => {
  assert.deepEqual(codesByWord(direct('pcie-aspm=off xen-pciback.hide=(0000:03:00.0) intel-iommu=on')), {});
  const text = direct('pcie_aspm=of-f');
  assert.deepEqual(codesByWord(text), { 'pcie_aspm=of-f': ['linux/invalid-value'] });
});

test('double quotes group blanks and are not part of the value', () => {
  assert.deepEqual(codesByWord(direct('"console=ttyS0,115200n8" init="/sbin/init"')), {});
  const md = hover(direct('rootflags="subvol=@ ,noatime"'), 'rootflags=');
  assert.match(md, /= `subvol=@ ,noatime`/);
});

test('-- ends the kernel part: the words after it go to init untouched', () => {
  const text = direct('quiet -- single frobnicate foo=bar');
  assert.deepEqual(codesByWord(text), {});
  assert.match(hover(text, 'frobnicate'), /After `--`: the kernel does not look at it/);
  assert.match(hover(text, '--'), /ends the kernel's parameters/);
});

test("a second -- ends init's words too: it and the rest reach nobody (found by the command-line oracle)", () => {
  const text = direct('quiet -- single -- emergency');
  assert.deepEqual(codesByWord(text), { '--': ['linux/dropped-after-second-dashdash'] });
  assert.match(hover(text, 'emergency'), /neither the kernel nor init receives it/);
  // Before 3.15 `--` meant nothing to Linux.
  assert.ok(
    !codesByWord(direct('quiet -- single -- emergency', '/boot/vmlinuz-3.10.0'))['--'].includes(
      'linux/dropped-after-second-dashdash',
    ),
  );
});

test('module.param: built-in modules are checked, others are set aside for modprobe', () => {
  const text = direct('usbcore.autosuspend=1 usbcore.autosuspendd=1 nosuchmod.opt=1 printk.time=1');
  const ds = diags(text);
  const typo = ds.find((d) => wordOf(text, d) === 'usbcore.autosuspendd=1');
  assert.equal(typo?.code, 'linux/unknown-module-parameter');
  assert.equal(typo?.fixes?.[0].edits[0].newText, 'usbcore.autosuspend');
  const other = ds.find((d) => wordOf(text, d) === 'nosuchmod.opt=1');
  assert.equal(other?.code, 'linux/unknown-parameter');
  assert.match(other?.message ?? '', /sets it aside \(modprobe applies it/);
  assert.equal(ds.filter((d) => ['usbcore.autosuspend=1', 'printk.time=1'].includes(wordOf(text, d))).length, 0);
  assert.match(hover(text, 'usbcore.autosuspend=1', { hoverDetails: true }), /module_param of built-in code/);
});

test('init gets unknown words; dotted names of init systems are read from /proc/cmdline', () => {
  const text = direct('single systemd.unit=rescue.target rd.break splash');
  assert.deepEqual(codesByWord(text), {});
  assert.match(hover(text, 'systemd.unit=rescue.target'), /systemd reads it/);
  assert.match(hover(text, 'single'), /single-user/);
});

test("command-line length: COMMAND_LINE_SIZE directly, Xen's 1024 for dom0", () => {
  const long = (n: number) => Array.from({ length: n }, (_, i) => `x${i}=1`).join(' ');
  const d1 = diags(direct(long(400))).filter((d) => d.code === 'linux/cmdline-too-long');
  assert.equal(d1.length, 1);
  assert.match(d1[0].message, /COMMAND_LINE_SIZE on x86_64 is 2048 \(arch\/x86\/include\/asm\/setup\.h:\d+/);
  const d2 = diags(dom0(long(200))).filter((d) => d.code === 'linux/cmdline-too-long');
  assert.equal(d2.length, 1);
  assert.match(d2[0].message, /1024/);
  assert.equal(diags(direct(long(100))).filter((d) => d.code === 'linux/cmdline-too-long').length, 0);
});

test('too many words for init', () => {
  const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  assert.ok(diags(direct(many)).some((d) => d.code === 'linux/too-many-init-words'));
});

test('target version: image name, then the setting, then the newest table', () => {
  const target = (text: string, settings?: Settings) =>
    service(settings).symbols(doc(text, 'menu-lst'))[0].detail ?? '';
  assert.match(
    target(direct('quiet')),
    /Linux 6\.1 \(from the image name \/boot\/vmlinuz-6\.1\.0-18-amd64\), judged with what the Linux 6\.1\.\d+ source registers/,
  );
  assert.match(
    target(direct('quiet', '/vmlinuz-3.1-lfs-7.0')),
    /Linux 3\.1 \(from the image name \/vmlinuz-3\.1-lfs-7\.0\), judged with what the Linux 3\.1\.\d+ source registers/,
  );
  assert.match(
    target(direct('quiet', '/vmlinuz-2.6.32-5-xen-amd64')),
    /Linux 2\.6 .*recorded history of older kernels; the source of Linux 3\.1 fills in, the oldest we can check/,
  );
  assert.match(
    target(direct('quiet', '/boot/vmlinuz'), { linuxVersion: '5.10' }),
    /Linux 5\.10 \(from the linuxVersion setting\), judged with what the Linux 5\.10\.\d+ source registers/,
  );
  assert.match(
    target(direct('quiet', '/boot/vmlinuz'), { linuxVersion: '6.6' }),
    /Linux 6\.6 \(from the linuxVersion setting\), judged with what the Linux 6\.6\.\d+ source registers/,
  );
  assert.match(
    target(direct('quiet', '/boot/vmlinuz'), { linuxVersion: '6.8' }),
    /Linux 6\.8 \(from the linuxVersion setting\), judged with the sources of Linux 6\.6 and 6\.12/,
  );
  assert.match(target(direct('quiet', '/boot/vmlinuz-6.12.9-amd64')), /Linux 6\.12 .*Linux 6\.12\.\d+ source/);
  assert.match(target(direct('quiet', '/boot/vmlinuz')), /Linux 6\.12 \(assumed: the newest version we can check/);
});

test('version history: nopv did not exist in 2.6 or 3.1; xen_nopv is deprecated only from 5.3', () => {
  // Older than every derived table: the project's history facts decide.
  const old = direct('nopv xen_nopv', '/vmlinuz-2.6.32-5-xen-amd64');
  const byWord = codesByWord(old);
  assert.deepEqual(byWord, { nopv: ['linux/not-in-version'], xen_nopv: ['linux/not-in-version'] });
  assert.match(
    diags(old)[0].message,
    /arrived in Linux 5\.3; 2\.6 does not know it, so the kernel passes it to init as the argument `nopv`/,
  );
  // 3.1 has its own table: neither word is registered there.
  assert.deepEqual(codesByWord(direct('nopv xen_nopv', '/vmlinuz-3.1-lfs-7.0')), {
    nopv: ['linux/not-in-version'],
    xen_nopv: ['linux/not-in-version'],
  });
  assert.match(diags(old)[1].message, /arrived in Linux 3\.14 \(approximately\)/);
  // Between its arrival and nopv, xen_nopv is the current spelling.
  assert.deepEqual(codesByWord(direct('xen_nopv', '/boot/vmlinuz'), { linuxVersion: '4.19' }), {});
  const cur = direct('xen_nopv');
  const d = diags(cur).find((x) => x.code === 'linux/obsolete-parameter');
  assert.ok(d);
  assert.match(d.message, /use `nopv`/);
  assert.equal(d.fixes?.[0].edits[0].newText, 'nopv');
  assert.deepEqual(d.tags, ['deprecated']);
});

test('dom0 line: Xen options, serial console, no-effect words, Xen advice', () => {
  const text = dom0(
    'root=/dev/sda1 dom0_mem=2G console=ttyS0,115200n8 xen_emul_unplug=all mem=4G vga=0x317 initrd=/boot/initrd.img',
  );
  const by = codesByWord(text);
  assert.deepEqual(by['dom0_mem=2G'], ['linux/xen-option-on-linux-line']);
  assert.deepEqual(by['console=ttyS0,115200n8'], ['linux/xen-advice']);
  assert.deepEqual(by['xen_emul_unplug=all'], ['linux/no-effect-in-boot-path']);
  assert.deepEqual(by['mem=4G'], ['linux/xen-advice']);
  assert.deepEqual(by['vga=0x317'], ['linux/no-effect-in-boot-path']);
  assert.deepEqual(by['initrd=/boot/initrd.img'], ['linux/no-effect-in-boot-path']);
  const serial = diags(text).find((d) => d.code === 'linux/xen-advice' && /hvc0/.test(d.message));
  assert.equal(serial?.fixes?.[0].edits[0].newText, 'hvc0');
  assert.equal(codesByWord(dom0('console=hvc0 console=ttyS0'))['console=ttyS0'], undefined);
});

test('earlyprintk=xen: fine on Xen, useless when booted directly, unless the role says guest', () => {
  assert.deepEqual(codesByWord(dom0('earlyprintk=xen')), {});
  assert.deepEqual(codesByWord(direct('earlyprintk=xen')), { 'earlyprintk=xen': ['linux/no-effect-in-boot-path'] });
  assert.deepEqual(codesByWord(direct('earlyprintk=xen'), { role: 'domU' }), {});
  assert.deepEqual(codesByWord(direct('earlyprintk=efi', '/vmlinuz-3.1-lfs-7.0')), {
    'earlyprintk=efi': ['linux/invalid-value'],
  });
});

test('architecture: x86-only parameters on arm64', () => {
  assert.deepEqual(
    codesByWord(direct('earlyprintk=serial xen_emul_unplug=all intel_idle.max_cstate=1 console=ttyAMA0'), {
      arch: 'arm64',
    }),
    {
      'earlyprintk=serial': ['linux/other-architecture'],
      'xen_emul_unplug=all': ['linux/other-architecture'],
      'intel_idle.max_cstate=1': ['linux/other-architecture'],
    },
  );
  // Kconfig narrows what the Makefiles reach: intel_idle is x86 only, arm64's earlyprintk is an i.MX clock option.
  assert.match(
    hover(direct('intel_idle.max_cstate=1'), 'intel_idle.max_cstate=1', { hoverDetails: true }),
    /x86_64 only, built when CONFIG_INTEL_IDLE/,
  );
  const early = diags(direct('earlyprintk=serial'), { arch: 'arm64' })[0];
  assert.match(
    early.message,
    /only registered by `drivers\/clk\/imx\/clk\.c`, built with CONFIG_MXC_CLK, for another purpose\)\. On arm64 use earlycon=/,
  );
});

test('older kernels: a __setup name written with dashes may not match', () => {
  const text = direct('pcie-aspm=off xen-pciback.hide=(0000:03:00.0)', '/vmlinuz-3.1-lfs-7.0');
  const ds = diags(text);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  assert.equal(ds[0].code, 'linux/name-spelling');
  assert.equal(ds[0].fixes?.[0].edits[0].newText, 'pcie_aspm');
  assert.deepEqual(codesByWord(direct('pcie-aspm=off')), {});
});

test('nousb is a real parameter of 2.6/3.x kernels; 6.x takes only usbcore.nousb', () => {
  const ls = (args: string, image: string) =>
    service()
      .diagnose(doc(direct(args, image), 'menu-lst'))
      .filter((d) => d.code.startsWith('linux/'));
  for (const image of [
    '/vmlinuz-2.6.32-5-xen-amd64',
    '/boot/vmlinuz-3.2.0-4-amd64',
    '/boot/vmlinuz-4.4.0-210-generic',
  ]) {
    assert.deepEqual(
      ls('root=/dev/sda1 ro nousb', image).filter((d) => /nousb/.test(d.message)),
      [],
      image,
    );
  }
  assert.ok(ls('root=/dev/sda1 ro nousb', '/boot/vmlinuz-6.1.0-18-amd64').some((d) => /nousb/.test(d.message)));
});
