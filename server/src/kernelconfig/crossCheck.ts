// Cross-checks between boot lines and the booted kernel's configuration: `console=hvc0` needs
// CONFIG_HVC_XEN, `earlyprintk=xen` needs CONFIG_XEN, a Xen entry's dom0 kernel needs
// CONFIG_XEN_DOM0, … The configuration is found beside the image: `/boot/config-<version>` for
// `/boot/vmlinuz-<version>`, looked up relative to the menu file first, then as written.
//
// The command-line host runs `crossCheckSegment` on each Linux segment: the service wires it in as
// cmdline/host.ts's CROSS_CHECK, so the host never imports this area. It calls
// `crossCheckLinuxLine(seg, ctx)` (with the dom0 check when `seg.bootPath === 'xen-dom0'`), or
// `crossCheckXenEntry` when the image is not part of the segment (GRUB 2 `module2`/`linux` lines).
import * as nodePath from 'node:path';
import type { CmdlineContext } from '../cmdline/engine';
import { segmentRange, type CmdlineSegment } from '../cmdline/segment';
import { splitWords } from '../cmdline/words';
import type { ReadOnlyFs } from '../core/mode';
import type { Diagnostic, Range, ResolvedSettings } from '../core/types';
import { parseConfig, type ParsedConfig } from './configParse';
import { availability, describeTarget, targetOf } from './knowledge';

export interface ImageConfig extends ParsedConfig {
  /** The file the configuration was read from. */
  path: string;
}

/** The version part of a kernel image name: `vmlinuz-6.1.0-18-amd64` → `6.1.0-18-amd64`. */
export function imageVersionOf(imagePath: string): string | undefined {
  const p = imagePath.replace(/^\([^)]*\)/, '');
  const base = p.slice(p.lastIndexOf('/') + 1);
  const m = /^(?:vmlinuz|vmlinux|bzImage|linux|kernel|Image)-(.+?)(?:\.(?:gz|efi))?$/.exec(base);
  return m?.[1];
}

/** Candidate paths of the configuration of a kernel image, best first. */
export function configCandidates(imagePath: string, documentPath: string | undefined): string[] {
  const version = imageVersionOf(imagePath);
  if (!version) return [];
  const p = imagePath.replace(/^\([^)]*\)/, '');
  const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
  const rel = `${dir}config-${version}`; // as written, e.g. /boot/config-6.1.0-18-amd64
  const out: string[] = [];
  const add = (c: string): void => {
    const n = nodePath.normalize(c);
    if (!out.includes(n)) out.push(n);
  };
  if (documentPath) {
    const docDir = nodePath.dirname(documentPath);
    // Walk up to the `boot` directory holding the menu (…/boot/grub/menu.lst): its parent stands
    // for the root file system, and the directory itself for a separate /boot partition.
    let d = docDir;
    for (let i = 0; i < 6; i++) {
      if (nodePath.basename(d) === 'boot') {
        add(nodePath.join(nodePath.dirname(d), rel));
        add(nodePath.join(d, rel));
        break;
      }
      const up = nodePath.dirname(d);
      if (up === d) break;
      d = up;
    }
    add(nodePath.join(docDir, rel));
  }
  if (rel.startsWith('/')) add(rel);
  return out;
}

/** Largest configuration read beside a boot image (characters). */
export const MAX_IMAGE_CONFIG = 4 * 1024 * 1024;

const parsedCache = new Map<string, { text: string; cfg: ImageConfig }>();

/** The configuration of the kernel an entry boots, when a `config-<version>` file sits beside it. */
export function configForImage(
  imagePath: string,
  documentPath: string | undefined,
  fs: ReadOnlyFs,
  _settings?: ResolvedSettings,
): ImageConfig | undefined {
  for (const c of configCandidates(imagePath, documentPath)) {
    // the file access reads regular files only (no pipe or device stalls it); a kernel's
    // configuration is a few hundred KB, so anything larger is not one
    const text = fs.readFile(c);
    if (text === undefined || text.length > MAX_IMAGE_CONFIG) continue;
    const hit = parsedCache.get(c);
    if (hit && hit.text === text) return hit.cfg;
    const cfg: ImageConfig = { ...parseConfig(text), path: c };
    parsedCache.set(c, { text, cfg });
    if (parsedCache.size > 32) parsedCache.delete(parsedCache.keys().next().value as string);
    return cfg;
  }
  return undefined;
}

/** The symbol's value in the configuration (the last assignment wins); 'n' when absent. */
export function configValue(cfg: ParsedConfig, symbol: string): string {
  for (let i = cfg.assignments.length - 1; i >= 0; i--) {
    const a = cfg.assignments[i];
    if (a.name === symbol) return a.notSet ? 'n' : a.value;
  }
  return 'n';
}

export function isBuiltIn(cfg: ParsedConfig, symbol: string): boolean {
  return configValue(cfg, symbol) === 'y';
}

export function isEnabled(cfg: ParsedConfig, symbol: string): boolean {
  const v = configValue(cfg, symbol);
  return v === 'y' || v === 'm';
}

export interface ParamCheck {
  /** Linux parameter name (as written before `=`). */
  param: string;
  /** When given, only values matching it are checked. */
  value?: RegExp;
  /** Any of these symbols satisfies the check. */
  symbols: string[];
  /** 'y': must be built in (needed before modules load); 'ym': built in or a module. */
  need: 'y' | 'ym';
  why: string;
}

/** The (Linux parameter → gating configuration symbol) checks. */
export const LINUX_PARAM_CHECKS: readonly ParamCheck[] = [
  {
    param: 'console',
    value: /^hvc\d*(,|$)/,
    symbols: ['HVC_XEN'],
    need: 'y',
    why: 'hvc0 is the Xen console device, provided only by the built-in Xen console driver',
  },
  {
    param: 'console',
    value: /^ttyS\d*(,|$)/,
    symbols: ['SERIAL_8250_CONSOLE'],
    need: 'y',
    why: 'a console on ttyS needs the 8250 serial console built in',
  },
  {
    param: 'console',
    value: /^tty\d*(,|$)/,
    symbols: ['VT_CONSOLE'],
    need: 'y',
    why: 'a console on the virtual terminals needs VT console support',
  },
  {
    param: 'earlyprintk',
    value: /^xen(,|$)/,
    symbols: ['XEN'],
    need: 'y',
    why: 'early output through the Xen console exists only in a kernel with Xen support',
  },
  {
    param: 'earlycon',
    value: /^xenboot(,|$)/,
    symbols: ['HVC_XEN'],
    need: 'y',
    why: 'the xenboot early console is part of the Xen console driver',
  },
  {
    param: 'pcie_aspm',
    symbols: ['PCIEASPM'],
    need: 'y',
    why: 'the parameter is read by PCIe ASPM support, which this kernel does not have',
  },
  { param: 'xen_emul_unplug', symbols: ['XEN_PVHVM'], need: 'y', why: 'read by the PVHVM support code' },
  { param: 'xen_nopv', symbols: ['XEN_PVHVM'], need: 'y', why: 'read by the PVHVM support code' },
  {
    param: 'xen_nopvspin',
    symbols: ['PARAVIRT_SPINLOCKS'],
    need: 'y',
    why: 'read by the Xen paravirtual spinlock code (arch/x86/xen/spinlock.c, built only with it)',
  },
  { param: 'xen_scrub_pages', symbols: ['XEN'], need: 'y', why: 'read by the Xen memory-reservation code' },
  { param: 'xen_timer_slop', symbols: ['XEN'], need: 'y', why: 'read by the Xen timer code' },
  {
    param: 'root',
    value: /^\/dev\/xvd/,
    symbols: ['XEN_BLKDEV_FRONTEND'],
    need: 'ym',
    why: '/dev/xvd* disks come from the Xen block frontend (as a module it must be in the initramfs)',
  },
  { param: 'hugepages', symbols: ['HUGETLBFS'], need: 'y', why: 'huge pages reserved at boot need hugetlbfs support' },
  {
    param: 'selinux',
    symbols: ['SECURITY_SELINUX'],
    need: 'y',
    why: 'read by SELinux, which this kernel does not have',
  },
  {
    param: 'apparmor',
    symbols: ['SECURITY_APPARMOR'],
    need: 'y',
    why: 'read by AppArmor, which this kernel does not have',
  },
];

function describeValue(v: string): string {
  return v === 'n' ? 'is not enabled' : v === 'm' ? 'is only a module (=m)' : `is ${v}`;
}

/** Cross-check diagnostics for one Linux command line against the booted kernel's .config. */
export function crossCheckLinuxLine(
  seg: CmdlineSegment,
  ctx: CmdlineContext,
  imagePath = seg.image?.path,
): Diagnostic[] {
  if (seg.kind !== 'linux' || !imagePath) return [];
  const cfg = configForImage(imagePath, ctx.documentPath, ctx.fs, ctx.settings);
  if (!cfg) return [];
  const out: Diagnostic[] = [];
  if (seg.bootPath === 'xen-dom0' && seg.image)
    out.push(...dom0Check(cfg, imagePath, segmentRange(seg, seg.image.start, seg.image.end), ctx));
  const target = targetOf(cfg.header, cfg.path, ctx.settings, cfg.directives);
  for (const w of splitWords(seg.text)) {
    if (seg.image && w.start === seg.image.start) continue;
    for (const c of LINUX_PARAM_CHECKS) {
      if (c.param !== w.name) continue;
      if (c.value && !(w.value !== undefined && c.value.test(w.value))) continue;
      // Only symbols that exist for the kernel's version can be demanded.
      const syms = c.symbols.filter((s) => availability(s, target).state !== 'absent');
      if (!syms.length) continue;
      const ok = syms.some((s) => (c.need === 'y' ? isBuiltIn(cfg, s) : isEnabled(cfg, s)));
      if (ok) continue;
      const s = syms[0];
      out.push({
        range: segmentRange(seg, w.start, w.end),
        severity: 'warning',
        code: 'kconfig/cmdline-needs-config',
        message: `${w.raw} has no effect with this kernel: ${c.why}, but CONFIG_${s} ${describeValue(configValue(cfg, s))} in ${cfg.path} (${describeTarget(target)}). It needs CONFIG_${s}=${c.need === 'y' ? 'y' : 'y or m'}.`,
      });
    }
  }
  return out;
}

function dom0Check(cfg: ImageConfig, imagePath: string, at: Range, ctx: CmdlineContext): Diagnostic[] {
  const target = targetOf(cfg.header, cfg.path, ctx.settings, cfg.directives);
  const missing = ['XEN', 'XEN_DOM0'].filter((s) => !isBuiltIn(cfg, s));
  // The classic XenLinux kernels (2.6.18-xen and the distributions' kernel-xen) have no XEN_DOM0:
  // XEN_PRIVILEGED_GUEST makes them a dom0.
  if (missing.length === 1 && missing[0] === 'XEN_DOM0' && isBuiltIn(cfg, 'XEN_PRIVILEGED_GUEST')) return [];
  if (!missing.length) return [];
  return [
    {
      range: at,
      severity: 'error',
      code: 'kconfig/kernel-lacks-dom0',
      message: `This Xen entry boots ${imagePath} as dom0, but its configuration ${cfg.path} (${describeTarget(target)}) has ${missing.map((s) => `CONFIG_${s} ${describeValue(configValue(cfg, s))}`).join(' and ')}: the kernel cannot run as dom0 and the boot stops after Xen starts it.`,
    },
  ];
}

/**
 * "Xen entry booting a kernel without dom0 support": `kernelImage` is the dom0 kernel the entry
 * hands to Xen (its first `module`), `imageRange` where to report.
 */
export function crossCheckXenEntry(kernelImage: string, imageRange: Range, ctx: CmdlineContext): Diagnostic[] {
  const cfg = configForImage(kernelImage, ctx.documentPath, ctx.fs, ctx.settings);
  return cfg ? dom0Check(cfg, kernelImage, imageRange, ctx) : [];
}

/**
 * The cross-checks of one Linux command line, for the command-line host (wired in by the service
 * as cmdline/host.ts's CROSS_CHECK): the line against the configuration of the kernel it boots,
 * and, for dom0 under Xen, that kernel's dom0 support.
 */
export function crossCheckSegment(seg: CmdlineSegment, cctx: CmdlineContext): Diagnostic[] {
  const image = seg.image?.path ?? seg.bootFile?.path;
  if (!image) return [];
  const out = crossCheckLinuxLine(seg, cctx, image);
  // crossCheckLinuxLine checks dom0 support only when the image is on the line itself.
  if (seg.bootPath === 'xen-dom0' && !seg.image && seg.bootFile)
    out.push(...crossCheckXenEntry(image, seg.bootFile.range, cctx));
  return out;
}
