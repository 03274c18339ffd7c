// What each GRUB legacy menu entry boots, decided by its `kernel` image the way GRUB 0.97 loads it,
// and the command lines it hands to Xen and Linux. Never throws.
import { lineSegment, type CmdlineSegment } from '../cmdline/segment';
import type { LegacyCommand, LegacyEntry, LegacyMenu } from './legacyParse';
import { legacyCommands } from './legacyCommands';
import { classifyImage, imageVersion, isTbootImage, isTbootSideFile } from './bootImage';

/** xen: Xen hypervisor; linux: a Linux kernel; multiboot: another Multiboot kernel; bsd: a BSD kernel. */
export type LegacyBootKind = 'xen' | 'linux' | 'multiboot' | 'bsd' | 'other' | 'chainload' | 'configfile' | 'none';

export interface LegacyBootEntry {
  entry: LegacyEntry;
  /** The entry's number as `default`/`fallback` count it, or undefined when GRUB drops the entry (no known command). */
  number?: number;
  kind: LegacyBootKind;
  kernel?: LegacyCommand;
  /** The kernel image path as written. */
  image?: string;
  /**
   * `module`/`modulenounzip` lines, in order. Behind tboot: only those after the hypervisor's
   * module, without tboot's own files (SINIT, policy data), so the first is the dom0 kernel.
   */
  modules: LegacyCommand[];
  /** The `kernel` line when it loads tboot (Intel TXT), which then starts `hypervisor`. */
  tboot?: LegacyCommand;
  /** Behind tboot: the `module` line that loads Xen. */
  hypervisor?: LegacyCommand;
  initrds: LegacyCommand[];
  segments: CmdlineSegment[];
}

export interface LegacyBootMenu {
  entries: LegacyBootEntry[];
  /** How many entries GRUB shows. */
  count: number;
  segments: CmdlineSegment[];
}

const isModule = (c: LegacyCommand): boolean => c.name === 'module' || c.name === 'modulenounzip';

/** Where the file word of a kernel/module/initrd line starts: after GRUB's own `--` options. */
export function fileWordIndex(cmd: LegacyCommand): number {
  let i = 0;
  while (i < cmd.words.length && cmd.words[i].text.startsWith('--')) i++;
  return i;
}

function kernelType(cmd: LegacyCommand): string | undefined {
  for (const w of cmd.words) {
    if (!w.text.startsWith('--')) break;
    if (w.text.startsWith('--type=')) return w.text.slice(7);
  }
  return undefined;
}

/** A kernel/module line as a command line: GRUB legacy passes the image path as its first word. */
export function imageSegment(
  cmd: LegacyCommand,
  kind: 'xen' | 'linux',
  origin: string,
  extra: Partial<CmdlineSegment> = {},
): CmdlineSegment | undefined {
  const wi = fileWordIndex(cmd);
  const file = cmd.words[wi];
  if (!file) return undefined;
  const lastEnd = cmd.words[cmd.words.length - 1].end;
  const text = cmd.args.slice(file.start - cmd.argsStart, lastEnd - cmd.argsStart);
  const version = imageVersion(file.text);
  return lineSegment(kind, cmd.line, file.start, text, origin, {
    image: { path: file.text, start: 0, end: file.text.length },
    ...(version ? { versionHint: { version, source: 'the image name' } } : {}),
    ...extra,
  });
}

export function analyseLegacyEntry(entry: LegacyEntry): Omit<LegacyBootEntry, 'number'> {
  const out: Omit<LegacyBootEntry, 'number'> = { entry, kind: 'none', modules: [], initrds: [], segments: [] };
  let hasChain = false;
  let hasConfig = false;
  for (const cmd of entry.commands) {
    if (cmd.name === 'kernel') {
      // A second kernel line replaces the first: GRUB loads them in turn and boots the last.
      out.kernel = cmd;
      out.modules = [];
      out.initrds = [];
      const file = cmd.words[fileWordIndex(cmd)];
      out.image = file?.text;
      const type = kernelType(cmd);
      const byName = file ? classifyImage(file.text) : 'other';
      if (type === 'netbsd' || type === 'freebsd' || type === 'openbsd') out.kind = 'bsd';
      else if (type === 'linux' || type === 'biglinux') out.kind = 'linux';
      else if (type === 'multiboot') out.kind = byName === 'xen' ? 'xen' : 'multiboot';
      else out.kind = byName;
    } else if (isModule(cmd)) {
      out.modules.push(cmd);
    } else if (cmd.name === 'initrd') {
      out.initrds.push(cmd);
    } else if (cmd.name === 'chainloader') {
      hasChain = true;
    } else if (cmd.name === 'configfile') {
      hasConfig = true;
    }
  }
  if (out.kind === 'other' && out.modules.length > 0) out.kind = 'multiboot';
  if (!out.kernel) out.kind = hasChain ? 'chainload' : hasConfig ? 'configfile' : 'none';
  if (out.kernel && out.image && isTbootImage(out.image)) {
    tbootChain(out);
  } else if (out.kernel) {
    if (out.kind === 'xen') {
      const xen = imageSegment(out.kernel, 'xen', 'GRUB legacy kernel line (Xen)');
      if (xen) out.segments.push(xen);
      const dom0 = out.modules[0];
      const seg =
        dom0 && imageSegment(dom0, 'linux', 'GRUB legacy module line (dom0 kernel)', { bootPath: 'xen-dom0' });
      if (seg) out.segments.push(seg);
    } else if (out.kind === 'linux') {
      const seg = imageSegment(out.kernel, 'linux', 'GRUB legacy kernel line', { bootPath: 'direct' });
      if (seg) out.segments.push(seg);
    }
  }
  return out;
}

const moduleFile = (c: LegacyCommand): string | undefined => c.words[fileWordIndex(c)]?.text;

/**
 * `kernel /tboot.gz …` then `module /xen.gz …` then `module /vmlinuz …`: tboot starts the first
 * module and hands it that module's command line, so the Xen line is judged as if GRUB loaded Xen.
 */
function tbootChain(out: Omit<LegacyBootEntry, 'number'>): void {
  const all = out.modules;
  out.tboot = out.kernel;
  out.kind = 'multiboot';
  // tboot starts the first module it is given (past its own files).
  const h = all.findIndex((c) => {
    const f = moduleFile(c);
    return f === undefined || !isTbootSideFile(f);
  });
  const hf = h >= 0 ? moduleFile(all[h]) : undefined;
  if (hf !== undefined && classifyImage(hf) === 'xen') {
    const hv = all[h];
    out.kind = 'xen';
    out.hypervisor = hv;
    out.image = hf;
    out.modules = all.slice(h + 1).filter((c) => {
      const f = moduleFile(c);
      return f === undefined || !isTbootSideFile(f);
    });
    const xen = imageSegment(hv, 'xen', 'GRUB legacy module line (Xen, started by tboot)');
    if (xen) out.segments.push(xen);
    const dom0 = out.modules[0];
    const seg = dom0 && imageSegment(dom0, 'linux', 'GRUB legacy module line (dom0 kernel)', { bootPath: 'xen-dom0' });
    if (seg) out.segments.push(seg);
    return;
  }
  // tboot can also start Linux itself: the first module is then the kernel and its command line.
  if (hf !== undefined && classifyImage(hf) === 'linux') {
    const seg = imageSegment(all[h], 'linux', 'GRUB legacy module line (Linux, started by tboot)', {
      bootPath: 'direct',
    });
    if (seg) out.segments.push(seg);
  }
}

export function analyseLegacyMenu(menu: LegacyMenu): LegacyBootMenu {
  const entries: LegacyBootEntry[] = [];
  const segments: CmdlineSegment[] = [];
  let count = 0;
  for (const entry of menu.entries) {
    const e: LegacyBootEntry = analyseLegacyEntry(entry);
    // GRUB 0.97 drops unknown lines while reading the menu, and a title with nothing after it.
    if (entry.commands.some((c) => legacyCommands[c.name] !== undefined)) e.number = count++;
    entries.push(e);
    for (const s of e.segments) segments.push(s);
  }
  return { entries, count, segments };
}
