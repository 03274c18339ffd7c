// Conversions between the language service's plain types and LSP's.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  SymbolKind,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
  type Hover as LspHover,
} from 'vscode-languageserver/node';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover } from '../core/types';

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/**
 * The folder of the code pages on this machine: `dist/docs/codes` beside the bundled server (the
 * build copies them there, the .vsix ships them), else `docs/codes` of a clone. Links point there,
 * so they work offline and never name an address the project does not have.
 */
const DOCS_DIRS = [path.join(__dirname, 'docs', 'codes'), path.join(__dirname, '..', 'docs', 'codes')];
let docsDir: string | null | undefined;
const pages = new Map<string, string | undefined>();

/** The page documenting a code as a `file:` URI (`grub/load-order` → …/codes/grub-load-order.md), or
 *  undefined when the pages are not installed. */
export function codeDocUrl(code: string): string | undefined {
  if (pages.has(code)) return pages.get(code);
  if (docsDir === undefined) docsDir = DOCS_DIRS.find((d) => existsSync(d)) ?? null;
  let href: string | undefined;
  if (docsDir && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(code)) {
    const page = path.join(docsDir, `${code.replace('/', '-')}.md`);
    if (existsSync(page)) href = pathToFileURL(page).href;
  }
  if (pages.size < 10_000) pages.set(code, href);
  return href;
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const href = codeDocUrl(d.code);
  return {
    range: d.range,
    severity: severities[d.severity],
    code: d.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'xen-config',
    message: d.message,
    tags: d.tags?.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated)),
  };
}

export function toLspHover(h: Hover): LspHover {
  return { contents: { kind: 'markdown', value: h.markdown }, range: h.range };
}

const completionKinds = {
  keyword: CompletionItemKind.Keyword,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  file: CompletionItemKind.File,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
  module: CompletionItemKind.Module,
} as const;

export function toLspCompletion(c: CompletionItem): LspCompletionItem {
  return {
    label: c.label,
    kind: completionKinds[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
    sortText: c.sortText,
    tags: c.deprecated ? [1] : undefined,
    ...(c.range ? { textEdit: { range: c.range, newText: c.insertText ?? c.label } } : { insertText: c.insertText }),
  };
}

const symbolKinds = {
  entry: SymbolKind.Module,
  setting: SymbolKind.Property,
  section: SymbolKind.Namespace,
  option: SymbolKind.Field,
  menu: SymbolKind.Package,
} as const;

export function toLspSymbol(s: DocumentSymbol): LspDocumentSymbol {
  return {
    name: s.name || ' ',
    detail: s.detail,
    kind: symbolKinds[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children?.map(toLspSymbol),
  };
}
