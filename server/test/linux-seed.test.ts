// Acceptance: the seed's Xen entry. Its dom0 `module` line names a Linux 3.1 kernel; every word
// gets the right verdict, hovers say which knowledge backs it, and a word that is no kernel
// parameter is reported as passed to init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';

const SEED =
  'title x\n root (hd0,0)\n kernel /xen-4.2.5.gz dom0_mem=2048M\n module /vmlinuz-3.1-lfs-7.0 root=/dev/sda5 raid=noautodetect console=tty0 earlyprintk=xen nomodeset vga=normal nofb video=vesafb:off pcie_aspm=off\n';
const MODULE_LINE = 3;

function linuxDiags(text: string, settings?: Parameters<typeof service>[0]) {
  return service(settings)
    .diagnose(doc(text, 'menu-lst'))
    .filter((d) => d.code.startsWith('linux/'));
}

function wordAtDiag(text: string, d: { range: { start: { line: number; character: number } } }): string {
  const line = text.split('\n')[d.range.start.line];
  return /^\S+/.exec(line.slice(d.range.start.character))?.[0] ?? '';
}

/** `details`: the hoverDetails setting (where the kernel registers the word, the whole description). */
function hoverOn(word: string, text = SEED, details = false) {
  const at = text.indexOf(` ${word}`) + 1 + Math.min(2, word.length - 1);
  const marked = `${text.slice(0, at)}|${text.slice(at)}`;
  const { doc: d, pos } = docAtCursor(marked, 'menu-lst');
  const h = service({ hoverDetails: details }).hover(d, pos);
  assert.ok(h, `hover on ${word}`);
  return h.markdown;
}

test('seed module line (Linux 3.1): only vga= and nofb draw Linux diagnostics', () => {
  const diags = linuxDiags(SEED);
  const byWord = new Map(diags.map((d) => [wordAtDiag(SEED, d), d]));
  assert.deepEqual(
    [...byWord.keys()].sort(),
    ['nofb', 'vga=normal'],
    diags.map((d) => `${d.code}: ${d.message}`).join('\n'),
  );
  for (const d of diags) assert.equal(d.range.start.line, MODULE_LINE);

  const vga = byWord.get('vga=normal')!;
  assert.equal(vga.code, 'linux/no-effect-in-boot-path');
  assert.equal(vga.severity, 'warning');
  assert.match(vga.message, /starts Xen, not Linux/);
  assert.match(vga.message, /Xen's own `vga=`/);
  assert.deepEqual(vga.tags, ['unnecessary']);
  assert.equal(vga.fixes?.[0].edits[0].newText, '');

  const nofb = byWord.get('nofb')!;
  assert.equal(nofb.code, 'linux/unknown-parameter');
  assert.equal(nofb.severity, 'info');
  assert.match(nofb.message, /passes it to init as the argument `nofb`/);
});

test('seed module line: every word is read by the kernel, judged with the table of Linux 3.1', () => {
  const kernelWords: Array<[string, RegExp]> = [
    ['root=/dev/sda5', /root file system/],
    ['raid=noautodetect', /MD \(software RAID\)/],
    ['console=tty0', /virtual terminal/],
    ['earlyprintk=xen', /Xen's console/],
    ['nomodeset', /mode setting/],
    ['video=vesafb:off', /VESA framebuffer/],
    ['pcie_aspm=off', /Active State Power Management/],
  ];
  for (const [word, what] of kernelWords) {
    const md = hoverOn(word);
    assert.match(md, what, word);
    assert.match(md, /\*\*Here:\*\* Read by the kernel\./, word);
    // The image name is the file's text: a code span in the hover's Markdown.
    assert.match(md, /Judged as Linux 3\.1 \(from the image name `\/vmlinuz-3\.1-lfs-7\.0`\)/, word);
    assert.match(md, /Present since \d/, word);
  }
  // Where our history is approximate, the hover says so.
  assert.match(hoverOn('pcie_aspm=off'), /since 2\.6\.26 \(approx\.\)/);
  // nomodeset lived in the VGA console code in 3.x, not where the 6.1 table has it.
  assert.match(hoverOn('nomodeset', SEED, true), /vgacon\.c/);
  assert.match(hoverOn('nomodeset', SEED, true), /in Linux 3\.1\.\d+ \(/);
  // The value's own history: earlyprintk=xen existed long before 3.1.
  assert.match(hoverOn('earlyprintk=xen'), /\*\*`xen`\*\*: .*\(this value since 2\.6\.26/);
});

test('seed module line: vga= and nofb hovers explain who (does not) read them', () => {
  const vga = hoverOn('vga=normal');
  assert.match(vga, /Nothing reads it on this line/);
  assert.match(vga, /the boot loader starts the hypervisor, not Linux/);
  assert.match(hoverOn('vga=normal', SEED, true), /boot loader reads this word/);
  const nofb = hoverOn('nofb');
  assert.match(nofb, /Not a Linux kernel parameter/);
  assert.match(nofb, /passes it to init as the argument `nofb`/);
  assert.match(nofb, /video=vesafb:off/);
});

test('seed: the image word is no parameter, and the entry outline names the Linux target', () => {
  const img = hoverOn('/vmlinuz-3.1-lfs-7.0');
  assert.match(img, /kernel image/);
  const symbols = service().symbols(doc(SEED, 'menu-lst'));
  assert.match(symbols[0].detail ?? '', /Linux 3\.1 \(from the image name/);
});

test('a word that is no kernel parameter goes to init: as argument, or as environment with =', () => {
  const text = SEED.replace('pcie_aspm=off', 'pcie_aspm=off frobnicate lang=de_DE');
  const diags = linuxDiags(text);
  const frob = diags.find((d) => wordAtDiag(text, d) === 'frobnicate');
  assert.ok(frob);
  assert.equal(frob.code, 'linux/unknown-parameter');
  assert.match(frob.message, /passes it to init as the argument `frobnicate`/);
  assert.match(frob.message, /no parameter of Linux 3\.1\.\d+/);
  const lang = diags.find((d) => wordAtDiag(text, d) === 'lang=de_DE');
  assert.ok(lang);
  assert.match(lang.message, /environment variable `lang=de_DE`/);
});

test('a parameter only known from the nearest table is flagged thin for a kernel older than every table', () => {
  const text = SEED.replace('/vmlinuz-3.1-lfs-7.0', '/vmlinuz-2.6.32-5-xen-amd64').replace(
    'pcie_aspm=off',
    'pcie_aspm=off acpi_osi=Linux',
  );
  assert.equal(linuxDiags(text).filter((d) => wordAtDiag(text, d) === 'acpi_osi=Linux').length, 0);
  const md = hoverOn('acpi_osi=Linux', text);
  assert.match(
    md,
    /Less certain: known from the 3\.1 source; the project has no history for it, so whether Linux 2\.6 has it is not checked/,
  );
});

test('the same words on the plain 6.1 Linux entry are judged with the exact 6.1 table', () => {
  const text =
    'title y\n root (hd0,0)\n kernel /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro quiet raid=noautodetect console=tty0 nomodeset video=vesafb:off pcie_aspm=off vga=normal\n initrd /boot/initrd.img-6.1.0-18-amd64\n';
  assert.deepEqual(
    linuxDiags(text).map((d) => `${d.code} ${d.message}`),
    [],
  );
  const md = hoverOn('quiet', text, true);
  assert.match(md, /Judged as Linux 6\.1 \(from the image name `\/boot\/vmlinuz-6\.1\.0-18-amd64`\)\./);
  assert.match(md, /in Linux 6\.1\.\d+ \(/);
  assert.match(hoverOn('vga=normal', text), /Read by the boot loader/);
});
