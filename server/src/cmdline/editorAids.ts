// Inlay hints and semantic tokens for hosts that embed command lines (GRUB menus, xl extra=):
// a short label on each Xen or Linux line naming the version it is judged against (placed where
// parameters are not typed), and tokens for the words of the line.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModeContext } from '../core/mode';
import type { Diagnostic, DocumentStatus, InlayHint, Position, Range, SemanticToken } from '../core/types';
import { cmdlineContext, segmentTokens } from './host';
import { engines } from './engines';
import { append, isSpace } from '../core/text';
import type { CmdlineSegment } from './segment';

/** What the line is, when the version alone does not say: "dom0 kernel", "guest kernel". */
function roleOf(seg: CmdlineSegment): string | undefined {
  if (seg.kind === 'xen') return undefined;
  if (seg.bootPath === 'xen-dom0') return 'dom0 kernel';
  if (seg.bootPath === 'xl-guest') return 'guest kernel';
  if (seg.bootPath === 'direct-and-dom0') return 'native and dom0 kernel';
  return undefined;
}

/**
 * The short form of an engine's target line: "Xen 4.2.5", "Linux 6.1", "Linux 3.1 (nearest: 6.1 table)".
 * The full sentence stays in the tooltip.
 */
export function shortTarget(target: string): string {
  const head = target.split(' (')[0].trim();
  const table = nearestTable(target);
  return table ? `${head} (judged as ${table})` : head;
}

/**
 * What /the (\S+) source table[^.;]*nearest/ finds, in linear time: the target may carry a file's
 * path, and that expression retries every "the " of it against the rest of the text.
 */
function nearestTable(target: string): string | undefined {
  const MARK = ' source table';
  let stop = -1;
  let near = -1;
  for (let at = target.indexOf(MARK); at >= 0; at = target.indexOf(MARK, at + 1)) {
    let w = at;
    while (w > 0 && !isSpace(target[w - 1])) w--;
    if (w === at || w < 4 || !target.startsWith('the', w - 4) || target[w - 1] !== ' ') continue;
    const after = at + MARK.length;
    if (stop < after) {
      stop = after;
      while (stop < target.length && target[stop] !== '.' && target[stop] !== ';') stop++;
    }
    if (near < after) near = target.indexOf('nearest', after);
    if (near >= 0 && near + 'nearest'.length <= stop) return target.slice(w, at);
    if (near < 0) return undefined;
  }
  return undefined;
}

/**
 * Where a command line's hint goes, out of the way of typing: before the image path when the line
 * names one (`kernel ‹Xen 4.2.5› /xen.gz dom0_mem=…`, parameters are typed at the end); at the
 * end of the line when something follows the parameters there (a closing quote); else before the
 * line's first word (`‹Xen 4.17› options=…`). `before`: the hint is drawn before text.
 */
function hintPlace(doc: TextDocument, seg: CmdlineSegment): { position: Position; before: boolean } | undefined {
  if (seg.image) return { position: seg.positionAt(seg.image.start), before: true };
  if (seg.bootFile) return { position: seg.bootFile.range.start, before: true };
  const end = seg.positionAt(seg.text.length);
  if (typeof end.line !== 'number') return undefined;
  const lineText = doc.getText({ start: { line: end.line, character: 0 }, end: { line: end.line + 1, character: 0 } });
  const last = lineText.trimEnd().length;
  if (end.character < last) return { position: { line: end.line, character: last }, before: false };
  const first = lineText.length - lineText.trimStart().length;
  return { position: { line: end.line, character: Math.min(first, last) }, before: true };
}

/** One hint per command line (see `hintPlace`), for lines inside `within`. */
export function segmentInlayHints(
  doc: TextDocument,
  segments: CmdlineSegment[],
  within: Range,
  ctx: ModeContext,
): InlayHint[] {
  const out: InlayHint[] = [];
  const cctx = cmdlineContext(ctx);
  const seen = new Set<string>();
  for (const seg of segments) {
    if (ctx.isCancelled()) break;
    const place = hintPlace(doc, seg);
    if (!place) continue;
    const { line, character } = place.position;
    const key = `${line}:${character}`;
    if (line < within.start.line || line > within.end.line || seen.has(key)) continue;
    seen.add(key);
    const target = engines[seg.kind].target(seg, cctx);
    const role = roleOf(seg);
    out.push({
      position: place.position,
      label: `${role ? `${role} · ` : ''}${shortTarget(target)}`,
      tooltip: `${seg.origin}: ${target}`,
      ...(place.before ? { paddingRight: true } : {}),
    });
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

/**
 * Semantic tokens of command lines: the engines' words (unknown names marked from their own
 * verdicts) plus the boot file of GRUB 2 loader lines, which is not part of the line's text.
 */
export function hostSemanticTokens(segments: CmdlineSegment[], ctx: ModeContext): SemanticToken[] {
  // Only the engines' own verdicts matter here (unknown names), not the cross-checks that read
  // kernel configurations from disk.
  const cctx = cmdlineContext(ctx);
  const verdicts: Diagnostic[] = [];
  for (const seg of segments) {
    if (ctx.isCancelled()) break;
    append(verdicts, engines[seg.kind].diagnose(seg, cctx));
  }
  const out = segmentTokens(segments, verdicts);
  for (const seg of segments) {
    const r = seg.bootFile?.range;
    if (!seg.image && r && r.start.line === r.end.line && r.end.character > r.start.character) {
      out.push({
        line: r.start.line,
        character: r.start.character,
        length: r.end.character - r.start.character,
        type: 'image',
      });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** A boot entry of a host file (a GRUB menu entry): its lines and the command lines it boots. */
export interface StatusEntry {
  title: string;
  /** 0-based, inclusive */
  startLine: number;
  endLine: number;
  segments: CmdlineSegment[];
}

/**
 * The versions a host file's command lines are judged against, for the editor's status item.
 * With `entries` and a cursor line inside one of them: that entry's versions ("Xen 4.1.2",
 * "Linux 3.1") and its title. Otherwise a summary, one item per kind: "Xen 4.1.2, 4.17.7".
 */
export function segmentStatus(
  segments: CmdlineSegment[],
  ctx: ModeContext,
  at?: { entries: StatusEntry[]; line?: number },
): DocumentStatus {
  const cctx = cmdlineContext(ctx);
  const knowledge = 'bundled Xen and Linux knowledge';
  const targetsOf = (segs: CmdlineSegment[]): string[] => {
    const out: string[] = [];
    for (const seg of segs) {
      const t = shortTarget(engines[seg.kind].target(seg, cctx));
      if (!out.includes(t)) out.push(t);
    }
    return out;
  };
  const line = at?.line;
  const entry = line === undefined ? undefined : at?.entries.find((e) => e.startLine <= line && line <= e.endLine);
  if (entry) return { targets: targetsOf(entry.segments).slice(0, 4), knowledge, entry: entry.title };
  return { targets: summarise(targetsOf(segments)), knowledge };
}

/** "Xen 4.1.2", "Xen 4.17.7", "Linux 3.1" → "Xen 4.1.2, 4.17.7", "Linux 3.1" (at most 3 versions each). */
function summarise(targets: string[]): string[] {
  const byKind = new Map<string, string[]>();
  for (const t of targets) {
    const sp = t.indexOf(' ');
    const kind = sp > 0 ? t.slice(0, sp) : t;
    const list = byKind.get(kind) ?? [];
    list.push(sp > 0 ? t.slice(sp + 1) : '');
    byKind.set(kind, list);
  }
  return [...byKind].map(([kind, versions]) => {
    const shown = versions.filter(Boolean);
    const more = shown.length > 3 ? ` +${shown.length - 3}` : '';
    return shown.length ? `${kind} ${shown.slice(0, 3).join(', ')}${more}` : kind;
  });
}
