// Shared plumbing for host languages that embed command lines: run the right engine over each
// segment, and find the segment under a cursor.
import type { CompletionItem, Diagnostic, Hover, Position } from '../service/types';
import type { ModeContext } from '../service/mode';
import type { CmdlineContext } from './engine';
import { engines } from './engines';
import type { CmdlineSegment } from './segment';

export function cmdlineContext(ctx: ModeContext): CmdlineContext {
  return { settings: ctx.settings, fs: ctx.fs, documentPath: ctx.path };
}

export function diagnoseSegments(segments: CmdlineSegment[], ctx: ModeContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cctx = cmdlineContext(ctx);
  for (const seg of segments) {
    if (ctx.isCancelled()) break;
    out.push(...engines[seg.kind].diagnose(seg, cctx));
  }
  return out;
}

/** The offset in `seg.text` of a document position, or -1 when the position is outside it. */
export function offsetInSegment(seg: CmdlineSegment, pos: Position): number {
  const start = seg.positionAt(0);
  const end = seg.positionAt(seg.text.length);
  if (pos.line !== start.line || pos.character < start.character || pos.character > end.character) return -1;
  // Positions are monotonic in offset; a binary search keeps mapped segments exact.
  let lo = 0;
  let hi = seg.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seg.positionAt(mid).character < pos.character) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function segmentAt(segments: CmdlineSegment[], pos: Position): { seg: CmdlineSegment; offset: number } | undefined {
  for (const seg of segments) {
    const offset = offsetInSegment(seg, pos);
    if (offset >= 0) return { seg, offset };
  }
  return undefined;
}

export function hoverSegments(segments: CmdlineSegment[], pos: Position, ctx: ModeContext): Hover | null {
  const at = segmentAt(segments, pos);
  return at ? engines[at.seg.kind].hover(at.seg, at.offset, cmdlineContext(ctx)) : null;
}

export function completeSegments(segments: CmdlineSegment[], pos: Position, ctx: ModeContext): CompletionItem[] | undefined {
  const at = segmentAt(segments, pos);
  return at ? engines[at.seg.kind].complete(at.seg, at.offset, cmdlineContext(ctx)) : undefined;
}
