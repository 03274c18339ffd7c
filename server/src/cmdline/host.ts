// Shared plumbing for host languages that embed command lines: run the right engine over each
// segment, and find the segment under a cursor.
import type { CompletionItem, Diagnostic, Hover, Position, SemanticToken } from '../core/types';
import { splitWords } from './words';
import { append } from '../core/text';
import { Slot } from '../core/provide';
import type { ModeContext } from '../core/mode';
import type { CmdlineContext } from './engine';
import { engines } from './engines';
import type { CmdlineSegment } from './segment';

export function cmdlineContext(ctx: ModeContext): CmdlineContext {
  const linuxVersion = ctx.settings.linuxVersion;
  return {
    settings: ctx.settings,
    fs: ctx.fs,
    documentPath: ctx.path,
    linuxRegisters: (name) => engines.linux.registers?.(name, linuxVersion),
  };
}

export function diagnoseSegments(segments: CmdlineSegment[], ctx: ModeContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cctx = cmdlineContext(ctx);
  for (const seg of segments) {
    if (ctx.isCancelled()) break;
    append(out, engines[seg.kind].diagnose(seg, cctx));
    const crossCheck = ctx.provided.get(CROSS_CHECK);
    if (seg.kind === 'linux' && crossCheck) append(out, crossCheck(seg, cctx));
  }
  return out;
}

/**
 * Checks of a Linux line against the configuration of the kernel it boots (kernelconfig/crossCheck.ts),
 * wired in by the service: the kernel-configuration area sits beside the engines, not below the host.
 */
export type CrossCheck = (seg: CmdlineSegment, cctx: CmdlineContext) => Diagnostic[];
export const CROSS_CHECK = new Slot<CrossCheck>('kernel cross-checks of Linux command lines');

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

export function segmentAt(
  segments: CmdlineSegment[],
  pos: Position,
): { seg: CmdlineSegment; offset: number } | undefined {
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

export function completeSegments(
  segments: CmdlineSegment[],
  pos: Position,
  ctx: ModeContext,
  lineText?: string,
): CompletionItem[] | undefined {
  let at = segmentAt(segments, pos);
  if (!at && lineText !== undefined) {
    // The cursor sits in blanks after the end of a command line (hosts trim trailing blanks):
    // complete as if those blanks were part of it, so a new word is offered.
    for (const seg of segments) {
      const end = seg.positionAt(seg.text.length);
      if (end.line !== pos.line || pos.character <= end.character) continue;
      const gap = lineText.slice(end.character, pos.character);
      if (!/^[ \t]+$/.test(gap)) continue;
      const text = seg.text + gap;
      const n = seg.text.length;
      const extended: CmdlineSegment = {
        ...seg,
        text,
        positionAt: (o) => (o <= n ? seg.positionAt(o) : { line: end.line, character: end.character + (o - n) }),
      };
      at = { seg: extended, offset: text.length };
      break;
    }
  }
  return at ? engines[at.seg.kind].complete(at.seg, at.offset, cmdlineContext(ctx)) : undefined;
}

/**
 * Semantic tokens for command lines: the image, parameter names (unknown ones marked from the
 * engine's own verdicts), sub-option keys and values.
 */
export function segmentTokens(segments: CmdlineSegment[], diagnostics: Diagnostic[]): SemanticToken[] {
  const unknown = new Set<string>();
  for (const d of diagnostics) {
    if (d.code.endsWith('/unknown-parameter')) unknown.add(`${d.range.start.line}:${d.range.start.character}`);
  }
  const out: SemanticToken[] = [];
  for (const seg of segments) {
    const push = (start: number, end: number, type: SemanticToken['type']) => {
      if (end <= start) return;
      const a = seg.positionAt(start);
      const b = seg.positionAt(end);
      if (a.line === b.line && b.character > a.character)
        out.push({ line: a.line, character: a.character, length: b.character - a.character, type });
    };
    for (const w of splitWords(seg.text)) {
      if (seg.image && w.start === seg.image.start) {
        push(w.start, w.end, 'image');
        continue;
      }
      const s = seg.positionAt(w.nameStart);
      push(w.nameStart, w.nameEnd, unknown.has(`${s.line}:${s.character}`) ? 'unknownParameter' : 'parameter');
      if (w.value === undefined || w.valueStart === undefined) continue;
      // Sub-options: `key:value` and `key=value` items in a comma-separated value.
      let i = w.valueStart;
      const end = w.valueEnd ?? w.end;
      while (i < end) {
        let j = i;
        while (j < end && seg.text[j] !== ',') j++;
        const item = seg.text.slice(i, j);
        const sep = item.search(/[:=]/);
        if (sep > 0 && /^[A-Za-z][\w-]*$/.test(item.slice(0, sep))) {
          push(i, i + sep, 'subOption');
          push(i + sep + 1, j, 'value');
        } else push(i, j, 'value');
        i = j + 1;
      }
    }
  }
  return out;
}
