// The contract every language mode implements. A mode owns one language id: it parses the
// document (cached by version), and answers the features from that parse.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionItem,
  Diagnostic,
  DocumentStatus,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Position,
  Range,
  ResolvedSettings,
  SemanticToken,
} from './types';
import type { CacheScope } from './cache';
import type { Provided } from './provide';
import type {
  ConfigMenuAnswer,
  ConfigMenuRequest,
  ConfigSetAnswer,
  ConfigSetRequest,
  LazyAction,
  ResolvedAction,
} from './solverTypes';

/** Read-only file access the modes may use (kernel trees, configs beside a boot image). */
export interface ReadOnlyFs {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
}

export interface ModeContext {
  settings: ResolvedSettings;
  fs: ReadOnlyFs;
  /** Returns true once the caller no longer wants the answer (a newer edit arrived). */
  isCancelled(): boolean;
  /** Diagnostics beyond this many are not shown: a mode may stop collecting there. */
  maxDiagnostics: number;
  /** Absolute path of the document when it is a file, for finding files beside it. */
  path?: string;
  /** This service's per-document caches (`caches.of(KEY)`): a mode keeps none of its own. */
  caches: CacheScope;
  /** What the service wires in from other areas (e.g. the kernel cross-checks of command lines). */
  provided: Provided;
}

export interface LanguageMode {
  diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[];
  hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null;
  complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[];
  symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[];
  folding?(doc: TextDocument, ctx: ModeContext): FoldingRange[];
  definition?(doc: TextDocument, pos: Position, ctx: ModeContext): { path: string; line: number } | null;
  inlayHints?(doc: TextDocument, range: Range, ctx: ModeContext): InlayHint[];
  semanticTokens?(doc: TextDocument, ctx: ModeContext): SemanticToken[];
  /** With `pos`: the targets of the boot entry around it, where the file has entries. */
  status?(doc: TextDocument, ctx: ModeContext, pos?: Position): DocumentStatus;
  forget?(uri: string): void;
  /** Actions whose edits are worked out only when chosen (`resolveAction`): cheap to list. */
  lazyActions?(doc: TextDocument, range: Range, ctx: ModeContext): LazyAction[];
  resolveAction?(doc: TextDocument, data: unknown, ctx: ModeContext): Promise<ResolvedAction | null>;
  /** More for a hover that takes a while to work out (Markdown appended to `hover`'s), or null. */
  hoverMore?(doc: TextDocument, pos: Position, ctx: ModeContext): Promise<string | null>;
  /** The configurator view (kernel configurations with a tree): menus, and setting a symbol. */
  configMenu?(doc: TextDocument, req: ConfigMenuRequest, ctx: ModeContext): ConfigMenuAnswer | null;
  configSet?(doc: TextDocument, req: ConfigSetRequest, ctx: ModeContext): Promise<ConfigSetAnswer | null>;
}

/** A mode that knows nothing yet: no answers, never errors. */
export const emptyMode: LanguageMode = {
  diagnose: () => [],
  hover: () => null,
  complete: () => [],
  symbols: () => [],
};
