// A command line found inside some file (a GRUB `kernel` line, a GRUB_CMDLINE_* value, an xl
// `extra=`), handed to the Xen or Linux command-line engine. Engines work on the segment's own
// text with 0-based offsets; the segment maps those back to document positions.
import type { Position, Range } from '../core/types';

export type CmdlineKind = 'xen' | 'linux';

export interface CmdlineSegment {
  kind: CmdlineKind;
  /** The command line as the consumer (Xen or Linux) will read it, quotes already removed by the host syntax. */
  text: string;
  /** Maps an offset in `text` (0..text.length) to a document position. */
  positionAt(offset: number): Position;
  /**
   * The image path when the boot loader passes it as the first word of the command line
   * (GRUB legacy's `kernel`/`module` lines do). `imageEnd` is the offset in `text` after it.
   */
  image?: { path: string; start: number; end: number };
  /**
   * The kernel image the line boots, when it is not part of `text` (GRUB 2's `linux`/`module2`
   * lines): used to find the kernel's configuration for cross-checks.
   */
  bootFile?: { path: string; range: Range };
  /** Version hint from the surrounding file (for example the image name), before settings. */
  versionHint?: { version: string; source: string };
  /**
   * How this kernel is started: directly by the boot loader, or as Xen's dom0 `module`;
   * `direct-and-dom0`: both, one line feeding two kinds of entries (GRUB_CMDLINE_LINUX on a Xen
   * host reaches the native entries and the dom0 kernel of the Xen entries).
   */
  bootPath?: 'direct' | 'xen-dom0' | 'xl-guest' | 'direct-and-dom0';
  /** Where the segment came from, for messages ("GRUB legacy kernel line", "GRUB_CMDLINE_XEN"). */
  origin: string;
}

export function segmentRange(seg: CmdlineSegment, start: number, end: number): Range {
  return { start: seg.positionAt(start), end: seg.positionAt(end) };
}

/** A segment whose text sits verbatim on one document line starting at `column`. */
export function lineSegment(
  kind: CmdlineKind,
  line: number,
  column: number,
  text: string,
  origin: string,
  extra: Partial<Pick<CmdlineSegment, 'image' | 'versionHint' | 'bootPath' | 'bootFile'>> = {},
): CmdlineSegment {
  return { kind, text, origin, positionAt: (o) => ({ line, character: column + o }), ...extra };
}

/**
 * A segment made from a host-syntax string whose characters do not map one to one (shell quotes,
 * escapes): `columns[i]` is the document column of text[i], and columns[text.length] the end.
 */
export function mappedSegment(
  kind: CmdlineKind,
  line: number,
  text: string,
  columns: number[],
  origin: string,
  extra: Partial<Pick<CmdlineSegment, 'image' | 'versionHint' | 'bootPath' | 'bootFile'>> = {},
): CmdlineSegment {
  return {
    kind,
    text,
    origin,
    positionAt: (o) => ({ line, character: columns[Math.max(0, Math.min(o, columns.length - 1))] ?? 0 }),
    ...extra,
  };
}
