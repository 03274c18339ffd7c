// Language mode for xl configuration files: Xen domain configurations (xl.cfg(5)) and xl.conf(5).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../service/mode';
import type { CompletionItem, Diagnostic, DocumentStatus, DocumentSymbol, FoldingRange, Hover, Position, SemanticToken } from '../service/types';
import { range } from '../service/text';
import { VersionCache } from '../service/cache';
import { completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { hostSemanticTokens, segmentInlayHints } from '../cmdline/editorAids';
import { GUEST_NAMES, RELEASES } from './knowledge';
import { parseXl, type XlFile } from './parse';
import { analyse, type XlAnalysis } from './analysis';
import { checkXl } from './check';
import { completeXl, hoverXl, symbolsXl } from './features';

const cache = new VersionCache<XlFile>();

function analysisOf(doc: TextDocument, ctx: ModeContext): XlAnalysis {
  const file = cache.get(doc.uri, doc.version, () => parseXl(doc.getText()));
  return analyse(file, ctx.path ?? doc.uri, ctx.settings);
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analysisOf(doc, ctx);
  return [...checkXl(a), ...diagnoseSegments(a.segments, ctx)];
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

function folding(doc: TextDocument): FoldingRange[] {
  const file = cache.get(doc.uri, doc.version, () => parseXl(doc.getText()));
  return file.settings.filter((s) => s.endLine > s.line).map((s) => ({ startLine: s.line, endLine: s.endLine }));
}

function status(doc: TextDocument, ctx: ModeContext): DocumentStatus {
  const a = analysisOf(doc, ctx);
  const targets = [`Xen ${a.release} (${a.releaseSource})`];
  if (a.kind === 'domain') targets.push(`${GUEST_NAMES[a.guest]} guest (${a.guestFrom.replace(/^there is /, '')})`);
  else targets.push('xl.conf');
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
  forget: (uri) => cache.forget(uri),
};
