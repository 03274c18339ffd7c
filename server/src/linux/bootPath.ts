// Who reads a word depends on how the kernel is started. Loaded directly by the boot loader, the
// x86 boot protocol lets the loader act on `vga=`; loaded by Xen as dom0 (the first multiboot
// module), the boot loader hands everything to Xen, which strips the image name and gives the rest
// to Linux, so boot-loader words are dead and hypervisor matters (memory, CPUs, IOMMU, serial
// port) are set on Xen's line. Also: `earlyprintk=xen` only prints when running on Xen.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { CuratedParam } from './curated';
import type { ParamFacts } from './tables';
import type { Finding } from './check';
import type { Target } from './version';
import type { LinuxWord } from './words';

/** Parameters whose job Xen does for dom0; their advice is worth a hint on a dom0 line. */
const XEN_OWNED = new Set([
  'mem',
  'maxcpus',
  'iommu',
  'intel_iommu',
  'amd_iommu',
  'crashkernel',
  'nosmt',
  'memmap',
  'mitigations',
]);

/**
 * For a line that feeds both the native entries and the dom0 kernel of the Xen entries (GRUB_CMDLINE_LINUX
 * on a Xen host): the variable that replaces it on the dom0 line alone, for advice.
 */
function xenOnlyVariable(origin: string): string {
  return /_DEFAULT$/.test(origin) ? 'GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT' : 'GRUB_CMDLINE_LINUX_XEN_REPLACE';
}

/** What a line feeding both kinds of entries does, in one sentence (origin: the variable's name). */
function bothEntries(origin: string): string {
  return `grub-mkconfig puts ${origin} on the kernel line of the native entries and also on the dom0 kernel's line of the Xen entries (where ${xenOnlyVariable(origin)}, when set, takes its place)`;
}

export function underXen(seg: CmdlineSegment, ctx: CmdlineContext): boolean {
  return (
    seg.bootPath === 'xen-dom0' ||
    seg.bootPath === 'xl-guest' ||
    ctx.settings.role === 'dom0' ||
    ctx.settings.role === 'domU'
  );
}

const BLANK = /[ \t]/;

/**
 * The span that removes the word at [start, end) with the blanks on one side of it: the blanks
 * after it when more words follow, else the blanks before it, so no double, leading or trailing
 * blank is left behind.
 */
export function removalSpan(text: string, start: number, end: number): { start: number; end: number } {
  let after = end;
  while (after < text.length && BLANK.test(text[after])) after++;
  if (after > end && after < text.length) return { start, end: after };
  let before = start;
  while (before > 0 && BLANK.test(text[before - 1])) before--;
  return { start: before, end: after };
}

export function bootPathFindings(
  lw: LinuxWord,
  seg: CmdlineSegment,
  ctx: CmdlineContext,
  t: Target,
  cur: CuratedParam | undefined,
  facts: ParamFacts | undefined,
): Finding[] {
  const out: Finding[] = [];
  const nameSpan = { start: lw.w.nameStart, end: lw.w.nameEnd };
  const wordSpan = { start: lw.w.start, end: lw.w.end };
  const path = seg.bootPath ?? 'direct';
  const both = path === 'direct-and-dom0';
  void facts;

  if (cur?.reader === 'boot-loader' && cur.key !== 'BOOT_IMAGE' && both) {
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'info',
      ...wordSpan,
      message: `\`${lw.w.raw}\` works in the native entries, where the boot loader starts Linux and acts on it. But ${bothEntries(seg.origin)}; there the boot loader starts Xen and no boot loader acts on it, and Linux passes it on to init.${lw.norm === 'vga' ? " For the Xen entries, choose the console mode with Xen's own `vga=` in GRUB_CMDLINE_XEN_DEFAULT (for example `vga=gfx-1024x768x32` or `vga=current`)." : ''}`,
    });
  } else if (cur?.reader === 'boot-loader' && cur.key !== 'BOOT_IMAGE' && path !== 'direct') {
    const who =
      path === 'xen-dom0'
        ? 'the boot loader starts Xen, not Linux, and hands this line to Xen as a module string, so no boot loader acts on it'
        : 'a guest started by the Xen toolstack has no boot loader that acts on it';
    const linuxSide =
      lw.value !== undefined
        ? "Linux does not read it either and passes it on to init's environment"
        : 'Linux does not read it either and passes it on to init';
    const instead =
      lw.norm === 'vga' && path === 'xen-dom0'
        ? " Choose the console mode with Xen's own `vga=` on the hypervisor's `kernel` line instead (for example `vga=text-80x25`, `vga=gfx-1024x768x32` or `vga=current`); dom0 keeps the mode Xen set."
        : '';
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'warning',
      ...wordSpan,
      tags: ['unnecessary'],
      message: `\`${lw.w.raw}\` has no effect here: ${who}; ${linuxSide}.${instead}`,
      fix: {
        title: `Remove "${lw.w.raw}"`,
        ...removalSpan(seg.text, lw.w.start, lw.w.end),
        newText: '',
        deletes: true,
      },
    });
  }

  if (cur?.roles?.includes('hvm-guest') && path === 'xen-dom0') {
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'info',
      ...nameSpan,
      tags: ['unnecessary'],
      message: `\`${lw.name}\` only matters in a Xen HVM guest; dom0 never runs as an HVM guest, so it does nothing here.`,
    });
  }

  if (path === 'xen-dom0' && XEN_OWNED.has(lw.norm) && cur?.xen) {
    out.push({ code: 'linux/xen-advice', severity: 'hint', ...nameSpan, message: cur.xen });
  } else if (both && XEN_OWNED.has(lw.norm) && cur?.xen) {
    out.push({
      code: 'linux/xen-advice',
      severity: 'hint',
      ...nameSpan,
      message: `${cur.xen} (This is for the Xen entries: ${bothEntries(seg.origin)}.)`,
    });
  }

  if (lw.norm === 'console' && lw.value && /^ttyS\d/.test(lw.value) && both) {
    if (!/(^|\s)console=hvc0(\s|$)/.test(seg.text))
      out.push({
        code: 'linux/xen-advice',
        severity: 'hint',
        start: lw.w.valueStart ?? lw.w.start,
        end: lw.w.valueEnd ?? lw.w.end,
        message: `${lw.value.split(',')[0]} is right for the native entries. But ${bothEntries(seg.origin)}, and under Xen the serial port normally belongs to the hypervisor (com1= on Xen's line): dom0's messages reach it through the Xen console, console=hvc0. Give the Xen entries their own dom0 line with console=hvc0 in ${xenOnlyVariable(seg.origin)}.`,
      });
  } else if (lw.norm === 'console' && lw.value && /^ttyS\d/.test(lw.value) && path === 'xen-dom0') {
    const hasHvc = /(^|\s)console=hvc0(\s|$)/.test(seg.text);
    if (!hasHvc)
      out.push({
        code: 'linux/xen-advice',
        severity: 'hint',
        start: lw.w.valueStart ?? lw.w.start,
        end: lw.w.valueEnd ?? lw.w.end,
        message:
          "Under Xen the serial port normally belongs to the hypervisor (com1= on Xen's line); dom0 reaches it through the Xen console. Use console=hvc0 for dom0's messages to appear there.",
        fix: {
          title: 'Use console=hvc0',
          start: lw.w.valueStart ?? lw.w.start,
          end: lw.w.valueEnd ?? lw.w.end,
          newText: 'hvc0',
        },
      });
  }

  if (lw.norm === 'console' && lw.value && /^hvc\d/.test(lw.value) && both) {
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'info',
      start: lw.w.valueStart ?? lw.w.start,
      end: lw.w.valueEnd ?? lw.w.end,
      message: `${lw.value} is the console Xen gives dom0, right in the Xen entries. But ${bothEntries(seg.origin)}: in the native entries the kernel runs on the hardware, has no ${lw.value}, and messages sent there go nowhere. To keep it to the Xen entries, give it in ${xenOnlyVariable(seg.origin)} instead.`,
    });
  } else if (lw.norm === 'console' && lw.value && /^hvc\d/.test(lw.value) && !underXen(seg, ctx)) {
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'info',
      start: lw.w.valueStart ?? lw.w.start,
      end: lw.w.valueEnd ?? lw.w.end,
      message:
        'hvc0 is a hypervisor console (Xen, KVM virtio-console, POWER). A kernel started directly on hardware has none, so messages sent there go nowhere; it is right for dom0 and Xen guests.',
    });
  }

  if (lw.norm === 'earlyprintk' && lw.value && /^xen\b/.test(lw.value)) {
    if (both) {
      out.push({
        code: 'linux/no-effect-in-boot-path',
        severity: 'info',
        start: lw.w.valueStart ?? lw.w.start,
        end: lw.w.valueEnd ?? lw.w.end,
        message: `earlyprintk=xen only prints when the kernel runs on Xen: right in the Xen entries. But ${bothEntries(seg.origin)}: in the native entries it prints nothing. To keep it to the Xen entries, give it in ${xenOnlyVariable(seg.origin)} instead.`,
      });
    } else if (!underXen(seg, ctx)) {
      out.push({
        code: 'linux/no-effect-in-boot-path',
        severity: 'info',
        start: lw.w.valueStart ?? lw.w.start,
        end: lw.w.valueEnd ?? lw.w.end,
        message:
          "earlyprintk=xen only prints when the kernel runs on Xen (through the console hypercall, or in an HVM guest Xen's debug port). This entry starts the kernel directly; on bare metal it prints nothing — use earlyprintk=vga or earlyprintk=serial,ttyS0,115200 there. Set the role to domU if this menu belongs to a Xen guest.",
      });
    } else if (ctx.settings.arch === 'arm64') {
      out.push({
        code: 'linux/other-architecture',
        severity: 'warning',
        start: lw.w.valueStart ?? lw.w.start,
        end: lw.w.valueEnd ?? lw.w.end,
        message: 'earlyprintk is x86 only; on arm64 Xen guests and dom0 use earlycon=xenboot.',
      });
    }
  }

  if (lw.norm === 'initrd' && path === 'xen-dom0') {
    out.push({
      code: 'linux/no-effect-in-boot-path',
      severity: 'warning',
      ...wordSpan,
      message:
        "initrd= is read by the EFI stub when UEFI starts the kernel directly. As Xen's dom0 the kernel gets its initrd as the next multiboot module (a `module` line after this one).",
    });
  }

  void t;
  return out;
}
