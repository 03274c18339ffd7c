// Regression tests from the audit of real boot menus and loader files (GRUB, SYSLINUX, xen.cfg,
// device trees): each fixture is short, in our own words and values, in a form seen in the audited
// files; each test fails without its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, service } from './helpers';
import type { Diagnostic } from '../src/core/types';

const run = (text: string, lang: string, uri?: string): Diagnostic[] => service().diagnose(doc(text, lang, uri));
const show = (ds: Diagnostic[]): string => ds.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');
const having = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

test('SYSLINUX: DEFAULT naming a .c32 module starts that module (the menu), it is no missing label', () => {
  const cfg = (def: string) =>
    `default ${def}\ntimeout 100\nmenu title Installer\nlabel install\n  kernel mboot.c32\n  append xen.gz --- vmlinuz quiet --- initrd.img\n`;
  assert.deepEqual(having(run(cfg('vesamenu.c32'), 'syslinux-cfg'), 'syslinux/default-names-no-label'), []);
  assert.deepEqual(having(run(cfg('menu.c32'), 'syslinux-cfg'), 'syslinux/default-names-no-label'), []);
  // A name that is neither a label nor a module is still reported, with the near label.
  assert.match(
    show(run(cfg('instal'), 'syslinux-cfg')),
    /default-names-no-label: No LABEL is named "instal".*"install"/,
  );
});

test('xen.cfg with dtb= or a dtuart console is Xen on Arm: dtb= is read there', () => {
  const arm =
    '[global]\ndefault=board\n\n[board]\noptions=console=dtuart dom0_mem=256M\nkernel=Image root=/dev/mmcblk0p2 rw\ndtb=board.dtb\n';
  assert.deepEqual(having(run(arm, 'xen-efi-cfg'), 'efi/unknown-key'), [], show(run(arm, 'xen-efi-cfg')));
  // Without a dtuart console, the file is checked for the default x86 and the message says so.
  const dtbOnly = 'options=dom0_mem=512M\nkernel=Image console=hvc0\ndtb=soc.dtb\n';
  assert.match(show(run(dtbOnly, 'xen-efi-cfg')), /unknown-key: .*checked for x86, the default.*arm64/);
  // The same file with an x86 console and no dtb= keeps the x86 reading (no Arm-only key there).
  const x86 = arm.replace('console=dtuart', 'console=com1').replace('dtb=board.dtb\n', '');
  assert.deepEqual(having(run(x86, 'xen-efi-cfg'), 'efi/unknown-key'), []);
});

test('repeated custom parameters: lone sub-option words combine (psr=cmt psr=cat), whole values override', () => {
  const menu = (x: string) =>
    `title Xen\n  root (hd0,0)\n  kernel /xen-4.7.0.gz ${x}\n  module /vmlinuz-4.4.0 root=/dev/sda1\n`;
  // Xen's psr parser sets each feature it names (xen/arch/x86/psr.c, parse_psr_bool, RELEASE-4.7.0).
  assert.deepEqual(having(run(menu('psr=cmt psr=cat'), 'menu-lst'), 'xen/repeated-parameter'), []);
  // The same feature twice: the first has no lasting effect.
  assert.equal(having(run(menu('psr=cmt psr=cmt'), 'menu-lst'), 'xen/repeated-parameter').length, 1);
  // A whole value given twice (dom0_mem, loglvl) still overrides.
  assert.equal(having(run(menu('dom0_mem=512M dom0_mem=512M'), 'menu-lst'), 'xen/repeated-parameter').length, 1);
  assert.equal(having(run(menu('loglvl=all loglvl=info'), 'menu-lst'), 'xen/repeated-parameter').length, 1);
});

test('device tree: an overlay fragment aimed at /chosen carries Xen boot settings, and they are checked', () => {
  const byPath = `/dts-v1/;\n/plugin/;\n\n/ {\n\tcompatible = "vendor,board";\n\n\tfragment@0 {\n\t\ttarget-path = "/chosen";\n\t\t__overlay__ {\n\t\t\t#address-cells = <0x1>;\n\t\t\t#size-cells = <0x1>;\n\t\t\txen,xen-bootargs = "console=dtuart dtuart=serial0 dom0_mem=256M dom0_mem=256M no_such_knob=1";\n\n\t\t\tdom0 {\n\t\t\t\tcompatible = "xen,linux-zimage", "xen,multiboot-module";\n\t\t\t\treg = <0x00480000 0x01000000>;\n\t\t\t};\n\t\t};\n\t};\n};\n`;
  const ds = run(byPath, 'dts');
  assert.match(show(ds), /xen\/unknown-parameter: .*"no_such_knob"/);
  assert.equal(having(ds, 'xen/repeated-parameter').length, 1, show(ds));
  // The same with `target = <&chosen>`.
  const byLabel = byPath.replace('target-path = "/chosen";', 'target = <&chosen>;');
  assert.match(show(run(byLabel, 'dts')), /xen\/unknown-parameter: .*"no_such_knob"/);
  // A fragment aimed elsewhere is no boot setting.
  const elsewhere = byPath.replace('target-path = "/chosen";', 'target-path = "/soc/serial@7e215040";');
  assert.doesNotMatch(show(run(elsewhere, 'dts')), /no_such_knob/);
});

test('a Xen parameter that came in a later update of the same branch is an info, not a certain warning', () => {
  // smt= came in 4.8.5 (XSA-273); Qubes' 4.8.4 builds carried it as a patch.
  const entry = (img: string) =>
    `menuentry 'Xen' {\n  multiboot2 /${img} placeholder dom0_mem=min:1024M dom0_mem=max:4096M smt=off\n  module2 /vmlinuz-4.14.74 placeholder root=/dev/sda1 ro\n}\n`;
  const d = having(run(entry('xen-4.8.4.gz'), 'grub-cfg'), 'xen/unknown-parameter');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'info');
  assert.match(d[0].message, /came in Xen 4\.8\.5, a later update of the same 4\.8 branch/);
  // A release of an older branch than the one that brought it: still a warning.
  const old = having(run(entry('xen-4.7.0.gz'), 'grub-cfg'), 'xen/unknown-parameter');
  assert.equal(old.length, 1);
  assert.equal(old[0].severity, 'warning');
});

test('a name no checked release has says which releases were checked (Xen 3.0.2 had lowmem_emergency_pool)', () => {
  const m = `title XenServer\n   kernel /boot/xen-4.1.2.gz dom0_mem=752M lowmem_emergency_pool=16M\n   module /boot/vmlinuz-2.6.32 root=LABEL=root ro\n`;
  const d = having(run(m, 'menu-lst'), 'xen/unknown-parameter');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /no Xen release from 4\.0\.0 to 4\.\d+\.\d+ registers it/);
});

test("a Linux word on Xen's line: the advice names the place of the file it is in", () => {
  const said = (ds: Diagnostic[]) => having(ds, 'xen/linux-parameter')[0]?.message ?? '';
  const uboot = `fdt addr \${fdt_addr}\nfdt mknod /chosen module@0\nfdt set /chosen/module@0 compatible "xen,linux-zimage" "xen,multiboot-module"\nfdt set /chosen/module@0 bootargs "console=hvc0 root=/dev/mmcblk0p2"\nsetenv bootargs "console=dtuart dtuart=serial0 dom0_mem=128M root=/dev/mmcblk0p2"\nbooti \${xen_addr} - \${fdt_addr}\n`;
  assert.match(said(run(uboot, 'uboot-script')), /xen,dom0-bootargs/);
  const efi = '[global]\ndefault=a\n\n[a]\noptions=console=vga root=/dev/sda2\nkernel=vmlinuz ro\n';
  assert.match(said(run(efi, 'xen-efi-cfg')), /"kernel=" line/);
  const def = 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2G,max:2G root=/dev/sda2"\n';
  assert.match(said(run(def, 'grub-default', 'file:///etc/default/grub')), /GRUB_CMDLINE_LINUX/);
  const legacy = 'title Xen\n  kernel /xen.gz dom0_mem=1G root=/dev/sda2\n  module /vmlinuz ro\n';
  assert.match(said(run(legacy, 'menu-lst')), /"module" line/);
});

test('dom0_mem with other parameters joined by commas: one finding that says what is lost, and no max: advice', () => {
  const conf = (img: string) =>
    `title CentOS\n        root (hd0,0)\n        kernel /${img} dom0_mem=1024M,cpufreq=xen,dom0_max_vcpus=2,dom0_vcpus_pin\n        module /vmlinuz-4.9.127 ro root=/dev/sda2\n`;
  // Xen 4.8 (parse_dom0_mem/parse_amt in xen/arch/x86/domain_build.c): the word reads as 0 and the loop ends.
  const old = run(conf('xen-4.8.5.gz'), 'menu-lst');
  const bad = having(old, 'xen/invalid-value');
  assert.equal(bad.length, 1, show(old));
  assert.match(
    bad[0].message,
    /"cpufreq=xen" is not an amount.*amount of 0.*"cpufreq=xen,dom0_max_vcpus=2,dom0_vcpus_pin" is never applied.*space/,
  );
  assert.deepEqual(having(old, 'xen/dom0-mem-without-max'), []);
  // From 4.12 parse_amt refuses a non-digit: the value is rejected from there.
  assert.match(
    having(run(conf('xen-4.17.0.gz'), 'menu-lst'), 'xen/invalid-value')[0].message,
    /rejects dom0_mem's value/,
  );
  // A plain amount keeps its advice.
  assert.equal(
    having(run(conf('xen-4.17.0.gz').replace(/,cpufreq.*pin/, ''), 'menu-lst'), 'xen/dom0-mem-without-max').length,
    1,
  );
});

test('device tree: a .dtsi or an overlay extending labels it does not define is no error', () => {
  // Board .dtsi files extend SoC labels that the including .dts brings in first (Linux's
  // arch/arm64/boot/dts/renesas/cat875.dtsi is included by r8a774c0-ek874.dts after the SoC file).
  const part =
    '// add-on board\n\n&can1 {\n\tstatus = "okay";\n};\n\n&pfc {\n\tcan1_pins: can1 {\n\t\tgroups = "can1_data";\n\t};\n};\n';
  assert.deepEqual(having(run(part, 'dts', 'file:///work/board-addon.dtsi'), 'devicetree/unknown-label'), []);
  // The same text as a whole .dts, with nothing included: dtc stops, an error.
  assert.equal(having(run(part, 'dts', 'file:///work/board.dts'), 'devicetree/unknown-label').length, 2);
  // An overlay (/plugin/) is resolved against the base tree when applied.
  const overlay = `/dts-v1/;\n/plugin/;\n\n&uart1 {\n\tstatus = "okay";\n};\n`;
  assert.deepEqual(having(run(overlay, 'dts', 'file:///work/uart1.dts'), 'devicetree/unknown-label'), []);
});

test('/etc/default/grub: a menu title written in a command-line variable is reported', () => {
  const uri = 'file:///etc/default/grub';
  const file = (v: string) =>
    `GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="${v}"\nGRUB_CMDLINE_XEN="dom0_mem=1024M,max:1024M"\n`;
  const d = having(run(file('Xen 4.1-amd64'), 'grub-default', uri), 'grub/invalid-value');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /title of a menu entry.*GRUB_DEFAULT/);
  assert.equal(
    having(run(file('Debian GNU/Linux, with Xen hypervisor'), 'grub-default', uri), 'grub/invalid-value').length,
    1,
  );
  // Ordinary kernel words are not titles.
  assert.deepEqual(having(run(file('quiet splash'), 'grub-default', uri), 'grub/invalid-value'), []);
  assert.deepEqual(having(run(file('console=hvc0 earlyprintk=xen'), 'grub-default', uri), 'grub/invalid-value'), []);
});

test('xen.cfg: shell syntax in options= or kernel= is reported, since xen.efi reads the file as plain text', () => {
  const cfg = (k: string) =>
    `[global]\ndefault=l\n\n[l]\noptions=console=vga loglvl=all\nkernel=${k}\nramdisk=initramfs-linux.img\n`;
  const d = having(run(cfg('vmlinuz-linux $(cat /etc/kernel/cmdline) quiet'), 'xen-efi-cfg'), 'efi/invalid-value');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /plain text.*"\$\(cat \/etc\/kernel\/cmdline\)" is passed on as these characters to dom0/);
  assert.equal(having(run(cfg('vmlinuz-linux root=${ROOTDEV} ro'), 'xen-efi-cfg'), 'efi/invalid-value').length, 1);
  // A "$" that is no shell syntax stays quiet.
  assert.deepEqual(having(run(cfg('vmlinuz-linux root=/dev/sda2 ro'), 'xen-efi-cfg'), 'efi/invalid-value'), []);
});
