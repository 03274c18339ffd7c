// Plain data types of the language service. They mirror the LSP shapes (0-based lines,
// UTF-16 columns) so the LSP layer passes them through, but nothing here imports an editor API.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable `<area>/<kebab-name>` code, registered in codes.ts. */
  code: string;
  message: string;
  /** Marks the text as unused or deprecated for editors that can render it. */
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** Edits that would fix the problem, for quick fixes. */
  fixes?: Fix[];
}

export interface TextEdit {
  range: Range;
  newText: string;
}
/**
 * `deletes`: the fix deletes words or lines the user wrote (not only blanks), so it may lose what
 * the user meant; offered one at a time, never applied unseen (service/fixes.ts `safeFixes`).
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
  deletes?: boolean;
}

export interface Hover {
  markdown: string;
  range?: Range;
}

export type CompletionKind = 'keyword' | 'property' | 'value' | 'enum' | 'file' | 'variable' | 'snippet' | 'module';
export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  insertText?: string;
  /** Text range the item replaces; defaults to the word at the cursor. */
  range?: Range;
  sortText?: string;
  deprecated?: boolean;
}

export type SymbolKind = 'entry' | 'setting' | 'section' | 'option' | 'menu';
export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

/** A short label shown inline after a position (resolved values, targeted versions). */
export interface InlayHint {
  position: Position;
  label: string;
  tooltip?: string;
  /** Drawn before text (a gap after it), rather than after text (a gap before it). */
  paddingRight?: boolean;
}

/** Semantic token types the service emits; the LSP layer builds its legend from this list. */
export const SEMANTIC_TOKEN_TYPES = ['parameter', 'value', 'subOption', 'unknownParameter', 'image'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
/** One token on one line; tokens never span lines. */
export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: SemanticTokenType;
}

/** What knowledge a document is judged with, for the status item. */
export interface DocumentStatus {
  targets: string[];
  knowledge: string;
  /** The title of the boot entry the cursor is in, when the targets are that entry's. */
  entry?: string;
}

export type Arch = 'x86_64' | 'arm64';
export type Role = 'none' | 'dom0' | 'domU';

/** What the user configured; every field may be absent, the service fills defaults. */
export interface Settings {
  xenVersion?: string;
  linuxVersion?: string;
  arch?: Arch;
  role?: Role;
  kernelSourcePath?: string;
  /** Run the kernel tree's `$(shell,…)` toolchain probes (trusted workspaces only; the client restricts it). */
  allowKconfigShell?: boolean;
  /** Hovers also give history and source details (how a release reads a word, where it is registered). */
  hoverDetails?: boolean;
}

export interface ResolvedSettings {
  xenVersion: string | undefined;
  linuxVersion: string | undefined;
  arch: Arch;
  /** The user named the architecture (else x86_64 is only the default, and a file's own signs may say otherwise). */
  archSet: boolean;
  role: Role;
  kernelSourcePath: string | undefined;
  allowKconfigShell: boolean;
  hoverDetails: boolean;
}

export function resolveSettings(s: Settings | undefined): ResolvedSettings {
  const arch = s?.arch === 'arm64' ? 'arm64' : 'x86_64';
  const role = s?.role === 'dom0' || s?.role === 'domU' ? s.role : 'none';
  const nonEmpty = (v: unknown): string | undefined =>
    typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  return {
    xenVersion: nonEmpty(s?.xenVersion),
    linuxVersion: nonEmpty(s?.linuxVersion),
    arch,
    archSet: s?.arch === 'x86_64' || s?.arch === 'arm64',
    role,
    kernelSourcePath: nonEmpty(s?.kernelSourcePath),
    allowKconfigShell: s?.allowKconfigShell === true,
    hoverDetails: s?.hoverDetails === true,
  };
}
