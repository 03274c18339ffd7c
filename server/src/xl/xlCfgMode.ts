// Language mode for xl configuration files: Xen domain configurations (xl.cfg(5)) and xl.conf(5).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type {
  CompletionItem,
  Diagnostic,
  DocumentStatus,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  SemanticToken,
} from '../core/types';
import { range } from '../core/text';
import { CacheKey } from '../core/cache';
import { completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { hostSemanticTokens, segmentInlayHints } from '../cmdline/editorAids';
import { GUEST_NAMES, RELEASES, inReleases } from './knowledge';
import { parseXl, type XlFile } from './parse';
import { analyse, type XlAnalysis } from './analysis';
import { checkXl, releaseIndependent, relevantWhere } from './check';
import { completeXl, hoverXl, symbolsXl } from './features';

/** The parse per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<XlFile>('xl-cfg');

function analysisOf(doc: TextDocument, ctx: ModeContext): XlAnalysis {
  const file = ctx.caches.of(CACHE).get(doc.uri, doc.version, () => parseXl(doc.getText()));
  return analyse(file, ctx.path ?? doc.uri, ctx.settings);
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analysisOf(doc, ctx);
  return [...archAssumed(a, certainOnly(a, checkXl(a), ctx), ctx), ...diagnoseSegments(a.segments, ctx)];
}

/**
 * A file judged as an Arm guest by its own signs (no architecture set) gets no error that x86's xl
 * would not give too: such an error becomes a warning that says what was assumed.
 */
function archAssumed(a: XlAnalysis, ds: Diagnostic[], ctx: ModeContext): Diagnostic[] {
  if (!a.archFrom || !ds.some((d) => d.severity === 'error')) return ds;
  const x86 = analyse(a.file, ctx.path, ctx.settings, false);
  const x86Errors = new Set(
    checkXl(x86)
      .filter((d) => d.severity === 'error')
      .map(rangeKey),
  );
  return ds.map((d) =>
    d.severity !== 'error' || x86Errors.has(rangeKey(d))
      ? d
      : {
          ...d,
          severity: 'warning',
          message: `${d.message} (Judged as an Arm guest because of ${a.archFrom}; set the architecture to be sure.)`,
        },
  );
}

const rangeKey = (d: Diagnostic) =>
  `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

/** "4.2","4.3","4.5" → "4.2–4.3 and 4.5". */
function spans(rels: string[]): string {
  const idx = rels.map((r) => RELEASES.indexOf(r)).sort((x, y) => x - y);
  const out: string[] = [];
  for (let i = 0; i < idx.length; i++) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    out.push(i === j ? RELEASES[idx[i]] : `${RELEASES[idx[i]]}–${RELEASES[idx[j]]}`);
    i = j;
  }
  return out.length > 1 ? `${out.slice(0, -1).join(', ')} and ${out[out.length - 1]}` : out[0];
}

/**
 * An error is certain only for the release the file really targets. When the release is assumed
 * (no version set, or one not described here), an error stays an error only if xl of every
 * release the finding concerns would fail the same way; otherwise it becomes a warning that says
 * what was assumed and which releases accept the line.
 */
function certainOnly(a: XlAnalysis, ds: Diagnostic[], ctx: ModeContext): Diagnostic[] {
  const judged = (d: Diagnostic) => d.severity === 'error' && !releaseIndependent.has(d);
  if (a.exact || !ds.some(judged)) return ds;
  const others = RELEASES.filter((r) => r !== a.release).map((r) => {
    const other = analyse(a.file, ctx.path, { ...ctx.settings, xenVersion: r });
    return {
      r,
      errors: new Set(
        checkXl(other, false)
          .filter((d) => d.severity === 'error')
          .map(rangeKey),
      ),
    };
  });
  return ds.map((d) => {
    if (!judged(d)) return d;
    const only = relevantWhere.get(d);
    const fine = others.filter((o) => (!only || inReleases(only, o.r)) && !o.errors.has(rangeKey(d))).map((o) => o.r);
    if (!fine.length) return d;
    const assumed = /assuming Xen/.test(d.message) ? '' : `Assuming Xen ${a.release} (${a.releaseSource}): `;
    return {
      ...d,
      severity: 'warning',
      message: `${assumed}${d.message} Xen ${spans(fine)} ${fine.length > 1 ? 'accept' : 'accepts'} this; set the Xen version to be sure.`,
    };
  });
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analysisOf(doc, ctx);
  return hoverSegments(a.segments, pos, ctx) ?? hoverXl(a, pos);
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analysisOf(doc, ctx);
  const inCmdline = completeSegments(a.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  return completeXl(a, doc.getText(range(pos.line, 0, 100000)), pos);
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  return symbolsXl(analysisOf(doc, ctx));
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const file = ctx.caches.of(CACHE).get(doc.uri, doc.version, () => parseXl(doc.getText()));
  return file.settings.filter((s) => s.endLine > s.line).map((s) => ({ startLine: s.line, endLine: s.endLine }));
}

function status(doc: TextDocument, ctx: ModeContext): DocumentStatus {
  const a = analysisOf(doc, ctx);
  const targets = [`Xen ${a.release} (${a.releaseSource})`];
  if (a.kind === 'domain') targets.push(`${GUEST_NAMES[a.guest]} guest (${a.guestFrom.replace(/^there is /, '')})`);
  else targets.push('xl.conf');
  if (a.archFrom) targets.push(`Arm (assumed because of ${a.archFrom})`);
  return { targets, knowledge: `xl.cfg(5) and xl.conf(5) of Xen ${RELEASES[0]}–${RELEASES[RELEASES.length - 1]}` };
}

function semanticTokens(doc: TextDocument, ctx: ModeContext): SemanticToken[] {
  return hostSemanticTokens(analysisOf(doc, ctx).segments, ctx);
}

export const xlCfgMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding,
  status,
  semanticTokens,
  inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analysisOf(doc, ctx).segments, r, ctx),
};
