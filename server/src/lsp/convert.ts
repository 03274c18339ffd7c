// Conversions between the language service's plain types and LSP's.
import {
  CompletionItemKind, DiagnosticSeverity, DiagnosticTag, SymbolKind,
  type CompletionItem as LspCompletionItem, type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol, type Hover as LspHover,
} from 'vscode-languageserver/node';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover } from '../service/types';

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** The docs folder; each code has its page at `${DOCS_BASE}/codes/<area>-<name>.md`. */
export const DOCS_BASE = 'https://github.com/xen-config/xen-config/blob/main/docs';

/** The page documenting a code: `grub/load-order` → …/docs/codes/grub-load-order.md. */
export function codeDocUrl(code: string): string {
  return `${DOCS_BASE}/codes/${code.replace(/\//g, '-')}.md`;
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: codeDocUrl(d.code) },
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
