// Language mode for U-Boot boot scripts that start Xen on Arm: the device tree the script builds
// with `fdt` commands is judged like a device tree source, and the command lines it sets
// (xen,xen-bootargs, xen,dom0-bootargs, module bootargs, setenv bootargs) go to the Xen and Linux
// engines at the columns where the script writes them.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from '../core/types';
import { CacheKey } from '../core/cache';
import type { CmdlineSegment } from '../cmdline/segment';
import { completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from '../cmdline/editorAids';
import { parseUboot, plain, type UbootScript } from './ubootParse';
import { xenBoot, type XenBoot } from './boot';
import { checkTree, type DtTarget } from './check';
import { armContext, dtTarget, lineSegment, versionHints, type VersionHints } from './common';
import { lineDetail, nodeRole, propertyCompletions, propertyHover } from './features';
import { nodeAt } from './tree';

interface Parsed {
  script: UbootScript;
  hints: VersionHints;
}
interface Analysis extends Parsed {
  target: DtTarget;
  boot: XenBoot;
  segments: CmdlineSegment[];
}

/** The parse per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Parsed>('uboot-script');

function parsed(doc: TextDocument, ctx: ModeContext): Parsed {
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => {
    const text = doc.getText();
    const script = parseUboot(text);
    return { script, hints: versionHints(script.comments.map((c) => text.slice(c.start, c.end))) };
  });
}

function analyse(doc: TextDocument, ctx: ModeContext): Analysis {
  const p = parsed(doc, ctx);
  const target = dtTarget(p.hints, ctx);
  const boot = xenBoot(p.script.root, target.series);
  const segments = boot.lines
    .filter((l) => l.str.text.length > 0)
    .map((l) => lineSegment(doc, l, p.hints, `${l.prop.name} (${lineDetail(l)})`));
  return { ...p, target, boot, segments };
}

const rangeOf =
  (doc: TextDocument) =>
  (s: number, e: number): Range => ({ start: doc.positionAt(s), end: doc.positionAt(Math.max(s, e)) });

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const r = rangeOf(doc);
  const out: Diagnostic[] = a.script.problems.map((p) => ({
    range: r(p.start, p.end),
    severity: 'error' as const,
    code: `devicetree/${p.code}`,
    message: p.message,
  }));
  const created = a.script.created;
  for (const d of checkTree(a.script.root, a.boot, a.target, { partial: (n) => !created.has(n) })) {
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

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const h = hoverSegments(a.segments, pos, armContext(ctx));
  if (h) return h;
  const off = doc.offsetAt(pos);
  for (const f of a.script.fdtCommands) {
    if (f.sub !== 'set' || !f.node) continue;
    const w = f.cmd.words[3];
    if (!w || off < w.start || off > w.end) continue;
    const md = propertyHover(plain(w), f.node, a.boot, a.target);
    return md ? { markdown: md, range: rangeOf(doc)(w.start, w.end) } : null;
  }
  return null;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc, ctx);
  const lineText = doc
    .getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
  const inCmdline = completeSegments(a.segments, pos, armContext(ctx), lineText);
  if (inCmdline) return inCmdline;
  // `fdt set <path> <property>`: property names for that node.
  const m = /^(\s*fdt\s+set\s+(\S+)\s+)([A-Za-z0-9,._+#-]*)$/.exec(lineText.slice(0, pos.character));
  if (!m) return [];
  const node = m[2].startsWith('/') ? nodeAt(a.script.root, m[2]) : undefined;
  return propertyCompletions(node, a.boot, a.target, { start: { line: pos.line, character: m[1].length }, end: pos });
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const r = rangeOf(doc);
  const out: DocumentSymbol[] = [];
  for (const f of a.script.fdtCommands) {
    if (!f.node || out.length > 5000) continue;
    const prop = f.sub === 'set' ? plain(f.cmd.words[3]) : undefined;
    const line = prop
      ? a.boot.lines.find((l) => l.prop === f.node!.props.get(prop) && l.prop.start === f.cmd.start)
      : undefined;
    out.push({
      name: prop ? `${f.node.path} ${prop}` : `${f.node.path} (new node)`,
      detail: line ? lineDetail(line) : nodeRole(f.node, a.boot),
      kind: f.sub === 'set' ? 'setting' : 'entry',
      range: r(f.cmd.start, f.cmd.end),
      selectionRange: r(f.cmd.words[0].start, f.cmd.words[Math.min(3, f.cmd.words.length - 1)].end),
    });
  }
  for (const l of a.boot.lines) {
    if (
      l.prop.name === 'bootargs' &&
      l.prop.nameStart !== undefined &&
      !out.some((s) => s.range.start.line === r(l.prop.start, l.prop.end).start.line)
    ) {
      out.push({
        name: 'setenv bootargs',
        detail: lineDetail(l),
        kind: 'setting',
        range: r(l.prop.start, l.prop.end),
        selectionRange: r(l.prop.nameStart, l.prop.nameEnd),
      });
    }
  }
  return out.sort((x, y) => x.range.start.line - y.range.start.line);
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const p = parsed(doc, ctx);
  const out: FoldingRange[] = [];
  for (const c of p.script.commands) {
    const s = doc.positionAt(c.start).line;
    const e = doc.positionAt(c.end).line;
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  let start = -1;
  let last = -2;
  for (const c of p.script.comments) {
    const l = doc.positionAt(c.start).line;
    if (l === last + 1 && start >= 0) {
      last = l;
      continue;
    }
    if (start >= 0 && last > start) out.push({ startLine: start, endLine: last });
    start = l;
    last = l;
  }
  if (start >= 0 && last > start) out.push({ startLine: start, endLine: last });
  return out;
}

export const ubootScriptMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding,
  status: (doc, ctx) => {
    const a = analyse(doc, ctx);
    const s = segmentStatus(a.segments, armContext(ctx));
    return {
      targets: s.targets.some((t) => t.startsWith('Xen'))
        ? s.targets
        : [`Xen ${a.target.release} on Arm`, ...s.targets],
      knowledge: `${s.knowledge}; Xen's Arm device tree bindings per release`,
    };
  },
  semanticTokens: (doc, ctx) => hostSemanticTokens(analyse(doc, ctx).segments, armContext(ctx)),
  inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analyse(doc, ctx).segments, r, armContext(ctx)),
};
