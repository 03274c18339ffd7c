// What each GRUB 2 menu entry boots, and the command lines it hands to Xen and Linux. GRUB 2's
// loaders pass the words after the file (not the file itself) as the command line, joined by one
// space, a word with a blank put in double quotes, `\ ' "` escaped with `\` (grub_create_loader_cmdline).
// Words holding a variable reference (`${xen_rm_opts}`) are only known at boot, so they are left
// out of the segment. Never throws.
import type { Position } from '../core/types';
import { mappedSegment, type CmdlineKind, type CmdlineSegment } from '../cmdline/segment';
import type { G2Block, G2Command, G2Script } from './grub2Parse';
import type { G2Word } from './grub2Lex';
import { grub2Commands, type Grub2Loader } from './grub2Commands';
import { classifyImage, imageBase, imageVersion, isTbootImage, isTbootSideFile } from './bootImage';

export type G2BootKind = 'xen' | 'linux' | 'multiboot' | 'bsd' | 'other' | 'chainload' | 'configfile' | 'none';

export interface G2BootEntry {
  block: G2Block;
  title: string;
  id?: string;
  kind: G2BootKind;
  /** The command that loads the kernel (multiboot/multiboot2/xen_hypervisor/linux/…). */
  kernel?: G2Command;
  image?: string;
  multiboot?: 1 | 2 | 'arm';
  /**
   * Modules for the hypervisor, in order. Behind tboot: only those after Xen's module, without
   * tboot's own files (SINIT, policy data), so the first is the dom0 kernel.
   */
  modules: G2Command[];
  /** The multiboot/multiboot2 line when it loads tboot (Intel TXT), which then starts `hypervisor`. */
  tboot?: G2Command;
  /** Behind tboot: the module line that loads Xen. */
  hypervisor?: G2Command;
  initrds: G2Command[];
  segments: CmdlineSegment[];
}

export const loaderOf = (c: G2Command): Grub2Loader | undefined => grub2Commands[c.name]?.loader;

/** Index of the file word: the first word after the command name that is not one of its options. */
export function fileWordIndex(cmd: G2Command): number {
  let i = 1;
  const opts = grub2Commands[cmd.name]?.options ?? {};
  while (i < cmd.words.length && cmd.words[i].value.startsWith('--') && opts[cmd.words[i].value] !== undefined) i++;
  return i;
}

export function menuTitle(cmd: G2Command): { title: string; word?: G2Word; id?: string; classes: string[] } {
  let title: G2Word | undefined;
  let id: string | undefined;
  const classes: string[] = [];
  const w = cmd.words;
  for (let i = 1; i < w.length; i++) {
    const v = w[i].value;
    if (v === '--id' || v === '$menuentry_id_option' || v === '${menuentry_id_option}') {
      id = w[i + 1]?.value;
      i++;
      continue;
    }
    if (v.startsWith('--id=')) {
      id = v.slice(5);
      continue;
    }
    if (v === '--class' || v === '--users' || v === '--hotkey') {
      if (v === '--class' && w[i + 1]) classes.push(w[i + 1].value);
      i++;
      continue;
    }
    if (v.startsWith('--class=')) {
      classes.push(v.slice(8));
      continue;
    }
    if (v.startsWith('--')) continue;
    if (!title) title = w[i];
  }
  return { title: title?.value ?? '', word: title, id, classes };
}

/** The command line GRUB builds from `words`, with the document offset of each character. */
export function loaderCmdline(words: G2Word[]): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let first = true;
  for (const w of words) {
    if (w.hasVar) continue;
    if (!first) {
      text += ' ';
      offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : w.start);
    }
    first = false;
    const space = w.value.includes(' ');
    if (space) {
      text += '"';
      offsets.push(w.start);
    }
    for (let k = 0; k < w.value.length; k++) {
      const ch = w.value[k];
      if (ch === '\\' || ch === "'" || ch === '"') {
        text += '\\';
        offsets.push(w.offsets[k]);
      }
      text += ch;
      offsets.push(w.offsets[k]);
    }
    if (space) {
      text += '"';
      offsets.push(Math.max(w.end - 1, w.offsets[w.value.length - 1] ?? w.start));
    }
  }
  const kept = words.filter((w) => !w.hasVar);
  offsets.push(kept.length ? kept[kept.length - 1].end : words.length ? words[0].start : 0);
  // Keep offsets non-decreasing for position searches.
  for (let k = 1; k < offsets.length; k++) if (offsets[k] < offsets[k - 1]) offsets[k] = offsets[k - 1];
  return { text, offsets };
}

export function wordsSegment(
  kind: CmdlineKind,
  words: G2Word[],
  positionAt: (offset: number) => Position,
  origin: string,
  extra: Partial<CmdlineSegment> = {},
): CmdlineSegment {
  const { text, offsets } = loaderCmdline(words);
  const positions = offsets.map((o) => positionAt(o));
  if (positions.every((p) => p.line === positions[0].line))
    return mappedSegment(
      kind,
      positions[0].line,
      text,
      positions.map((p) => p.character),
      origin,
      extra,
    );
  return { kind, text, origin, positionAt: (o) => positions[Math.max(0, Math.min(o, positions.length - 1))], ...extra };
}

function loaderSegment(
  cmd: G2Command,
  kind: CmdlineKind,
  positionAt: (o: number) => Position,
  origin: string,
  extra: Partial<CmdlineSegment> = {},
): CmdlineSegment | undefined {
  const fi = fileWordIndex(cmd);
  const file = cmd.words[fi];
  if (!file) return undefined;
  const version = file.hasVar ? undefined : imageVersion(file.value);
  const bootFile = file.hasVar
    ? undefined
    : { path: file.value, range: { start: positionAt(file.start), end: positionAt(file.end) } };
  // grub-mkconfig's Xen entries put `placeholder` first: older Xen and the EFI path drop the
  // first word of a multiboot command line as the image name. It is no parameter of Xen or Linux.
  const args = cmd.words.slice(fi + 1);
  if (args[0]?.value === 'placeholder' && !args[0].hasVar) args.shift();
  return wordsSegment(kind, args, positionAt, origin, {
    ...(version ? { versionHint: { version, source: 'the image name' } } : {}),
    ...(bootFile ? { bootFile } : {}),
    ...extra,
  });
}

export function analyseGrub2Entries(script: G2Script, positionAt: (offset: number) => Position): G2BootEntry[] {
  const out: G2BootEntry[] = [];
  const byEntry = commandsByEntry(script);
  for (const block of script.blocks) {
    if (block.kind !== 'menuentry' || !block.head) continue;
    const t = menuTitle(block.head);
    const e: G2BootEntry = { block, title: t.title, id: t.id, kind: 'none', modules: [], initrds: [], segments: [] };
    const cmds = (byEntry.get(block) ?? []).filter((c) => c !== block.head);
    for (const c of cmds) {
      const loader = loaderOf(c);
      if (!loader) continue;
      const file = c.words[fileWordIndex(c)];
      const path = file && !file.hasVar ? file.value : undefined;
      if (loader === 'multiboot' || loader === 'multiboot2' || loader === 'xen_hypervisor') {
        const isXen = loader === 'xen_hypervisor' || (path !== undefined && classifyImage(path) === 'xen');
        if (e.kind === 'none') {
          e.kind = isXen ? 'xen' : 'multiboot';
          e.kernel = c;
          e.image = path;
          e.multiboot = loader === 'multiboot' ? 1 : loader === 'multiboot2' ? 2 : 'arm';
          if (!isXen && path !== undefined && isTbootImage(path)) e.tboot = c;
        }
        if (isXen) {
          const seg = loaderSegment(c, 'xen', positionAt, `GRUB 2 ${c.name} line (Xen)`);
          if (seg) e.segments.push(seg);
        }
      } else if ((loader === 'module' || loader === 'module2') && e.tboot) {
        tbootModule(e, c, path, positionAt);
      } else if (loader === 'module' || loader === 'module2' || loader === 'xen_module') {
        e.modules.push(c);
        if (e.kind === 'xen' && e.modules.length === 1) {
          const seg = loaderSegment(c, 'linux', positionAt, `GRUB 2 ${c.name} line (dom0 kernel)`, {
            bootPath: 'xen-dom0',
          });
          if (seg) e.segments.push(seg);
        }
      } else if (loader === 'linux') {
        // linux16 also starts memtest86+ and iPXE images, which are not Linux.
        if (path && /memtest|ipxe|\.lkrn$/i.test(imageBase(path))) {
          if (e.kind === 'none') {
            e.kind = 'other';
            e.kernel = c;
            e.image = path;
          }
          continue;
        }
        if (e.kind === 'none') {
          e.kind = 'linux';
          e.kernel = c;
          e.image = path;
        }
        const seg = loaderSegment(c, 'linux', positionAt, `GRUB 2 ${c.name} line`, { bootPath: 'direct' });
        if (seg) e.segments.push(seg);
      } else if (loader === 'initrd') {
        e.initrds.push(c);
      } else if (e.kind === 'none') {
        e.kind =
          loader === 'chainloader'
            ? 'chainload'
            : loader === 'configfile'
              ? 'configfile'
              : loader === 'bsd'
                ? 'bsd'
                : 'other';
        e.kernel = c;
        e.image = path;
      }
    }
    out.push(e);
  }
  return out;
}

/**
 * A module line of a tboot entry (`multiboot2 /tboot.gz` then `module2 /xen.gz …` then
 * `module2 /vmlinuz …`): tboot starts the first module with that module's command line, so the
 * Xen line is judged as if GRUB loaded Xen itself.
 */
function tbootModule(
  e: G2BootEntry,
  c: G2Command,
  path: string | undefined,
  positionAt: (o: number) => Position,
): void {
  if (path !== undefined && isTbootSideFile(path)) return;
  if (!e.hypervisor) {
    // tboot starts the first module it is given (past its own files).
    if (e.modules.length === 0 && path !== undefined && classifyImage(path) === 'xen') {
      e.kind = 'xen';
      e.hypervisor = c;
      e.image = path;
      const seg = loaderSegment(c, 'xen', positionAt, `GRUB 2 ${c.name} line (Xen, started by tboot)`);
      if (seg) e.segments.push(seg);
      return;
    }
    // tboot can also start Linux itself: the first module is then the kernel.
    if (e.modules.length === 0 && path !== undefined && classifyImage(path) === 'linux') {
      const seg = loaderSegment(c, 'linux', positionAt, `GRUB 2 ${c.name} line (Linux, started by tboot)`, {
        bootPath: 'direct',
      });
      if (seg) e.segments.push(seg);
    }
    e.modules.push(c);
    return;
  }
  e.modules.push(c);
  if (e.modules.length === 1) {
    const seg = loaderSegment(c, 'linux', positionAt, `GRUB 2 ${c.name} line (dom0 kernel)`, { bootPath: 'xen-dom0' });
    if (seg) e.segments.push(seg);
  }
}

/** The commands of each menu entry (innermost menuentry/submenu), in order. */
export function commandsByEntry(script: G2Script): Map<G2Block, G2Command[]> {
  const m = new Map<G2Block, G2Command[]>();
  for (const c of script.commands) {
    if (!c.entry) continue;
    const list = m.get(c.entry);
    if (list) list.push(c);
    else m.set(c.entry, [c]);
  }
  return m;
}
