/**
 * What the modes of the boot files that host command lines without a menu engine of their own
 * share (iPXE scripts, SYSLINUX configurations, Xen's EFI configuration): the file's analysis
 * read once per document version and kept in the asking service's caches (core/cache.ts), a hover
 * or a completion inside a hosted command line answered by that line's engine before the file's
 * own, and the inlay hints, status and semantic tokens of the hosted lines.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CacheKey } from '../core/cache';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Hover, Position } from '../core/types';
import { range } from '../core/text';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from './editorAids';
import { completeSegments, hoverSegments } from './host';
import type { CmdlineSegment } from './segment';

/** What a hosting file's analysis holds at least: its command lines. */
export interface HostingAnalysis {
  segments: CmdlineSegment[];
}

/** An analysis read once per document version, kept in the asking service's caches (ctx.caches). */
export type CachedAnalysis<A> = (doc: TextDocument, ctx: ModeContext) => A;

export function cachedAnalysis<A>(name: string, read: (doc: TextDocument) => A): CachedAnalysis<A> {
  const key = new CacheKey<A>(name);
  return (doc, ctx) => ctx.caches.of(key).get(doc.uri, doc.version, () => read(doc));
}

/** Where a completion is asked outside the hosted command lines: its line and the text before the cursor. */
export interface CompletionPlace {
  lineText: string;
  before: string;
}

/** The file's own answers, for positions outside its hosted command lines. */
export interface HostingParts {
  diagnose: LanguageMode['diagnose'];
  hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null;
  complete(doc: TextDocument, pos: Position, ctx: ModeContext, at: CompletionPlace): CompletionItem[];
  symbols: LanguageMode['symbols'];
  folding: NonNullable<LanguageMode['folding']>;
}

/** The mode of a hosting file: its own parts, with the hosted command lines routed to their engines. */
export function hostingMode<A extends HostingAnalysis>(analyse: CachedAnalysis<A>, own: HostingParts): LanguageMode {
  return {
    diagnose: own.diagnose,
    hover: (doc, pos, ctx) => hoverSegments(analyse(doc, ctx).segments, pos, ctx) ?? own.hover(doc, pos, ctx),
    complete: (doc, pos, ctx) => {
      const lineText = lineTextOf(doc, pos.line);
      const inCmdline = completeSegments(analyse(doc, ctx).segments, pos, ctx, lineText);
      if (inCmdline) return inCmdline;
      return own.complete(doc, pos, ctx, { lineText, before: lineText.slice(0, pos.character) });
    },
    symbols: own.symbols,
    folding: own.folding,
    inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analyse(doc, ctx).segments, r, ctx),
    status: (doc, ctx) => segmentStatus(analyse(doc, ctx).segments, ctx),
    semanticTokens: (doc, ctx) => hostSemanticTokens(analyse(doc, ctx).segments, ctx),
  };
}

/** The text of one line of a document, without its line break. */
export function lineTextOf(doc: TextDocument, line: number): string {
  return doc.getText(range(line, 0, 0, line + 1)).replace(/\r?\n$/, '');
}
