// The words of a Linux command line as the kernel splits them (kernel/params.c next_arg): blanks
// separate words, double quotes group blanks, `name=value` splits at the first `=`, a bare `--`
// ends the kernel's part (the rest goes to init), and the boot loader's image word is no
// parameter at all.
import { splitWords, type Word } from '../cmdline/words';
import type { CmdlineSegment } from '../cmdline/segment';
import { normName } from './tables';

export interface LinuxWord {
  w: Word;
  name: string;
  /** Name with '-' folded to '_' (the kernel compares names that way). */
  norm: string;
  value?: string;
  isImage: boolean;
  /** The `--` word itself. */
  isDashDash: boolean;
  /** After a `--`: handed to init untouched. */
  afterDashDash: boolean;
  /** A second bare `--` and everything after it: init's own parse stops there, so these reach nobody. */
  dropped: boolean;
}

export function linuxWords(seg: CmdlineSegment): LinuxWord[] {
  const out: LinuxWord[] = [];
  let after = false;
  let dropped = false;
  for (const w of splitWords(seg.text)) {
    const isImage = !!seg.image && w.start === seg.image.start && out.length === 0;
    const bare = !isImage && w.raw === '--' && w.value === undefined;
    const isDashDash = bare && !after;
    if (bare && after) dropped = true;
    out.push({
      w,
      name: w.name,
      norm: normName(w.name),
      value: w.value,
      isImage,
      isDashDash,
      afterDashDash: after,
      dropped,
    });
    if (isDashDash) after = true;
  }
  return out;
}

/** The command line Linux receives: the words after the image, joined as written. */
export function kernelLineLength(seg: CmdlineSegment, words: LinuxWord[]): number {
  const first = words.find((x) => !x.isImage);
  if (!first) return 0;
  return seg.text.length - first.w.start;
}
