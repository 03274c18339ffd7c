// The contract of a command-line engine (Xen hypervisor or Linux kernel). Host languages (GRUB
// menus, /etc/default/grub, xl domain configs) find segments; engines judge them.
import type { CompletionItem, Diagnostic, Hover, ResolvedSettings } from '../core/types';
import type { ReadOnlyFs } from '../core/mode';
import type { CmdlineSegment } from './segment';

export interface CmdlineContext {
  settings: ResolvedSettings;
  fs: ReadOnlyFs;
  /** Absolute path of the document holding the segment, when it is a file. */
  documentPath?: string;
  /**
   * Set by the host: whether Linux registers a word, in the release set for the kernel (the newest
   * one known when none is set). The Xen engine tells a Linux word written on Xen's line by it.
   */
  linuxRegisters?: (name: string) => RegisteredBy | undefined;
}

/** The Linux release that registers a word: "Linux 6.12.118", and how it was chosen when not set (or ''). */
export interface RegisteredBy {
  release: string;
  note: string;
}

export interface CmdlineEngine {
  diagnose(seg: CmdlineSegment, ctx: CmdlineContext): Diagnostic[];
  /** `offset` is a position in `seg.text`. */
  hover(seg: CmdlineSegment, offset: number, ctx: CmdlineContext): Hover | null;
  complete(seg: CmdlineSegment, offset: number, ctx: CmdlineContext): CompletionItem[];
  /** One line naming the version the segment is judged against and why, e.g. "Xen 4.2.5 (from the image name)". */
  target(seg: CmdlineSegment, ctx: CmdlineContext): string;
  /** Versions the engine has knowledge of, oldest first (for the editor's version picker). */
  knownVersions?(): string[];
  /** Whether the engine's release (`version`, else the newest known) registers `name` as a parameter. */
  registers?(name: string, version: string | undefined): RegisteredBy | undefined;
}
