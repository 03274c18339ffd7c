// Language mode for device tree sources (.dts, .dtsi) as Xen on Arm reads them once compiled:
// the /chosen command lines routed to the Xen and Linux engines (Arm), dom0less domains and boot
// modules checked, the tree as an outline.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentStatus, FoldingRange, Hover, Position, Range } from '../core/types';
import { CacheKey } from '../core/cache';
import type { CmdlineSegment } from '../cmdline/segment';
import { completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from '../cmdline/editorAids';
import { parseDts, type DtsFile } from './dtsParse';
import { xenBoot, type XenBoot } from './boot';
import { checkTree, type DtTarget } from './check';
import { armContext, dtTarget, lineSegment, versionHints, type VersionHints } from './common';
import { lineDetail, propertyCompletions, propertyHover, treeSymbols } from './features';
import { walk, type DtNode } from './tree';

interface Parsed {
  file: DtsFile;
  hints: VersionHints;
}
interface Analysis extends Parsed {
  target: DtTarget;
  boot: XenBoot;
  segments: CmdlineSegment[];
}

/** The parse per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Parsed>('dts');

function parsed(doc: TextDocument, ctx: ModeContext): Parsed {
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => {
    const text = doc.getText();
    const file = parseDts(text);
    return { file, hints: versionHints(file.comments.map((c) => text.slice(c.start, c.end))) };
  });
}

function analyse(doc: TextDocument, ctx: ModeContext): Analysis {
  const p = parsed(doc, ctx);
  const target = dtTarget(p.hints, ctx);
  const boot = xenBoot(p.file.root, target.series);
  const segments = boot.lines
    .filter((l) => !l.str.dynamic)
    .map((l) => lineSegment(doc, l, p.hints, `${l.prop.name} (${lineDetail(l)})`));
  return { ...p, target, boot, segments };
}

const rangeOf =
  (doc: TextDocument) =>
  (s: number, e: number): Range => ({ start: doc.positionAt(s), end: doc.positionAt(Math.max(s, e)) });

/** Does the file say anything Xen reads (so an unread include may hide part of it)? */
function hasXenContent(a: Analysis): boolean {
  if (a.boot.chosen) return true;
  let found = false;
  walk(a.file.root, (n) => {
    if (!found)
      for (const k of n.props.keys())
        if (k.startsWith('xen,')) {
          found = true;
          break;
        }
  });
  return found;
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const r = rangeOf(doc);
  const out: Diagnostic[] = [];
  // A .dtsi is built only as part of the file that includes it (after the one defining its labels),
  // and an overlay's references are resolved when it is applied: neither is missing a label.
  const partialFile = /\.dtsi$/i.test(doc.uri) || a.file.plugin === true;
  for (const p of a.file.problems) {
    if (p.code === 'unknown-label' && partialFile) continue;
    out.push({
      range: r(p.start, p.end),
      severity: 'error',
      code: p.code === 'unknown-label' ? 'devicetree/unknown-label' : 'devicetree/syntax',
      message: p.message,
    });
  }
  if (hasXenContent(a)) {
    for (const inc of a.file.includes) {
      out.push({
        range: r(inc.start, inc.end),
        severity: 'info',
        code: 'devicetree/include-not-followed',
        message: `${inc.file || 'The included file'} is not read here: anything it adds to /chosen or to the domains is not checked, and the checks below assume this file shows all of them.`,
      });
    }
  }
  const detached = new Set<DtNode>();
  for (const d of a.file.detached) walk(d, (n) => detached.add(n));
  for (const d of checkTree(a.file.root, a.boot, a.target, { partial: (n) => detached.has(n) })) {
    out.push({
      range: r(d.start, d.end),
      severity: d.severity,
      code: d.code,
      message: d.message,
      fixes: d.fix
        ? [{ title: d.fix.title, edits: [{ range: r(d.fix.start, d.fix.end), newText: d.fix.newText }] }]
        : undefined,
    });
  }
  for (const d of diagnoseSegments(a.segments, armContext(ctx))) out.push(d);
  return out;
}

/** The innermost node whose block holds an offset. */
function nodeAtOffset(file: DtsFile, off: number): DtNode | undefined {
  let best: { node: DtNode; size: number } | undefined;
  for (const b of file.blocks) {
    if (off > b.start && off < b.end && (!best || b.end - b.start < best.size))
      best = { node: b.node, size: b.end - b.start };
  }
  // An unclosed block (being typed): the last one opened before the offset.
  if (!best) {
    let open: DtNode | undefined;
    walk(file.root, (n) => {
      for (const s of n.spans) if (s.start < off && n.end <= s.start) open = n;
    });
    return open;
  }
  return best.node;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const h = hoverSegments(a.segments, pos, armContext(ctx));
  if (h) return h;
  const off = doc.offsetAt(pos);
  let hit: Hover | null = null;
  walk(a.file.root, (n) => {
    if (hit) return;
    for (const p of n.props.values()) {
      if (off >= p.nameStart && off <= p.nameEnd) {
        const md = propertyHover(p.name, n, a.boot, a.target);
        if (md) hit = { markdown: md, range: rangeOf(doc)(p.nameStart, p.nameEnd) };
        return;
      }
    }
  });
  return hit;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc, ctx);
  const lineText = doc
    .getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
  const inCmdline = completeSegments(a.segments, pos, armContext(ctx), lineText);
  if (inCmdline) return inCmdline;
  const before = lineText.slice(0, pos.character);
  const m = /^(\s*)([A-Za-z0-9,._+#-]*)$/.exec(before);
  if (!m) return [];
  const node = nodeAtOffset(a.file, doc.offsetAt(pos));
  return propertyCompletions(node, a.boot, a.target, { start: { line: pos.line, character: m[1].length }, end: pos });
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const p = parsed(doc, ctx);
  const out: FoldingRange[] = [];
  for (const b of p.file.blocks) {
    const s = doc.positionAt(b.start).line;
    const e = doc.positionAt(b.end).line;
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  for (const c of p.file.comments) {
    const s = doc.positionAt(c.start).line;
    const e = doc.positionAt(c.end).line;
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  return out;
}

function status(doc: TextDocument, ctx: ModeContext): DocumentStatus {
  const a = analyse(doc, ctx);
  const s = segmentStatus(a.segments, armContext(ctx));
  const xen = `Xen ${a.target.release} on Arm`;
  return {
    targets: s.targets.some((t) => t.startsWith('Xen')) ? s.targets : [xen, ...s.targets],
    knowledge: `${s.knowledge}; Xen's Arm device tree bindings per release`,
  };
}

export const dtsMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  folding,
  status,
  symbols: (doc, ctx) => {
    const a = analyse(doc, ctx);
    const syms =
      a.file.root.spans.length || a.file.root.children.length ? treeSymbols(a.file.root, a.boot, rangeOf(doc)) : [];
    for (const d of a.file.detached) syms.push(...treeSymbols(d, a.boot, rangeOf(doc)));
    return syms;
  },
  semanticTokens: (doc, ctx) => hostSemanticTokens(analyse(doc, ctx).segments, armContext(ctx)),
  inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analyse(doc, ctx).segments, r, armContext(ctx)),
};
