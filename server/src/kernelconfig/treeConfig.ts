// Kernel configurations judged with a real Kconfig tree (`kernelSourcePath`): diagnostics from a
// per-document ConfigDocumentSession (incremental: an edit re-diagnoses only what it touches),
// hovers, completion, definitions and inlay hints from the engine. kernelConfigMode.ts calls these
// when the tree is ready and falls back to the bundled knowledge otherwise.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentKey, type CacheScope } from '../core/cache';
import type { CompletionItem, Diagnostic, Fix, Hover, InlayHint, Range } from '../core/types';
import { range } from '../core/text';
import {
  completionItems,
  ConfigDocumentSession,
  definitionOf,
  hoverMarkdown,
  type CompletionEntry,
  type ConfigDiagnostic,
  type KconfigTree,
  type ResolveResult,
} from '../kconfig/index';
import type { ConfigAssignment, ParsedConfig } from './configParse';
import { capText, mdCode, mdText } from '../core/markdown';
import { mdPlain } from '../kconfig/assist';

interface SessionEntry {
  tree: KconfigTree;
  session: ConfigDocumentSession;
  version: number;
  text: string;
  diags: ConfigDiagnostic[];
}
/** The editing sessions on a tree, by document, kept in the asking service's caches (ctx.caches). */
const SESSIONS = new DocumentKey<SessionEntry>('kernel-config tree sessions');

/** The document's session on the tree, brought up to the document's text. */
function sessionFor(doc: TextDocument, tree: KconfigTree, caches: CacheScope): SessionEntry {
  const sessions = caches.documents(SESSIONS);
  let e = sessions.get(doc.uri);
  if (!e || e.tree !== tree) {
    e = { tree, session: new ConfigDocumentSession(tree), version: -1, text: '', diags: [] };
    sessions.set(doc.uri, e);
  }
  if (e.version !== doc.version) {
    const text = doc.getText();
    if (text !== e.text || e.version < 0) e.diags = e.session.update(text);
    e.text = text;
    e.version = doc.version;
  }
  return e;
}

/** What olddefconfig makes of the document on the tree (the session's, kept current by its edits). */
export function treeResolved(doc: TextDocument, tree: KconfigTree, caches: CacheScope): ResolveResult | undefined {
  return sessionFor(doc, tree, caches).session.resolved;
}

export function toServiceDiagnostic(d: ConfigDiagnostic): Diagnostic {
  // a message may quote a value from the document or the tree: capped
  const out: Diagnostic = {
    range: range(d.line, d.startCol, d.endCol),
    severity: d.severity,
    code: d.code,
    message: capText(d.message),
  };
  const fixes: Fix[] = [];
  for (const f of [...(d.moreFixes ?? []), ...(d.fix ? [d.fix] : [])]) {
    fixes.push({
      title: f.title,
      edits: f.edits.map((e) => ({ range: range(e.line, e.startCol, e.endCol), newText: e.newText })),
    });
  }
  if (fixes.length) out.fixes = fixes;
  if (d.code === 'kconfig/n-assignment-style' || (d.code === 'kconfig/repeated-assignment' && d.severity !== 'error'))
    out.tags = ['unnecessary'];
  return out;
}

/**
 * The engine's diagnostics for the document. `bad` lists the lines the bundled parser already
 * reports as malformed (with its reason): the engine's malformed-line is dropped there.
 */
export function treeDiagnostics(
  doc: TextDocument,
  tree: KconfigTree,
  cfg: ParsedConfig,
  caches: CacheScope,
): Diagnostic[] {
  const e = sessionFor(doc, tree, caches);
  const bad = new Set<number>();
  for (const i of cfg.items) if (i.kind === 'bad') bad.add(i.line);
  const out: Diagnostic[] = [];
  for (const d of e.diags) {
    if (d.code === 'kconfig/malformed-line' && bad.has(d.line)) continue;
    out.push(toServiceDiagnostic(d));
  }
  return out;
}

const written = (a: ConfigAssignment): string => (a.notSet ? 'n' : a.value);

export function treeHover(doc: TextDocument, tree: KconfigTree, a: ConfigAssignment, caches: CacheScope): Hover | null {
  const e = sessionFor(doc, tree, caches);
  const md = hoverMarkdown(tree, a.name, e.session.resolved, written(a));
  const r = range(a.line, a.nameStart, a.nameEnd);
  if (!md)
    return {
      markdown: `**CONFIG_${mdPlain(a.name, 200)}**\n\nNo Kconfig file of ${mdText(tree.srcDir, 300)} (${mdText(tree.arch, 40)}) defines this symbol; ${mdCode('make olddefconfig')} drops the line.`,
      range: r,
    };
  return { markdown: md, range: r };
}

export function treeDefinition(tree: KconfigTree, name: string): { path: string; line: number } | null {
  const d = definitionOf(tree, name)[0];
  return d ? { path: d.file, line: d.line } : null;
}

const entriesCache = new WeakMap<KconfigTree, CompletionEntry[]>();
function entries(tree: KconfigTree): CompletionEntry[] {
  let l = entriesCache.get(tree);
  if (!l) entriesCache.set(tree, (l = completionItems(tree)));
  return l;
}

/** Symbol names starting with `typed` (without CONFIG_), as completion items replacing `r`. */
export function treeNameCompletions(tree: KconfigTree, typed: string, r: Range, notSetForm: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const c of entries(tree)) {
    if (typed && !c.name.startsWith(typed)) continue;
    out.push({
      // the prompt is the tree's text: data, never Markdown
      label: `CONFIG_${c.name}`,
      kind: 'property',
      detail: c.detail,
      documentation: c.prompt === undefined ? undefined : mdText(c.prompt, 300),
      range: r,
      insertText: notSetForm ? `CONFIG_${c.name} is not set` : `CONFIG_${c.name}=`,
      // prompted symbols first: they are the ones a .config can set
      sortText: `${c.prompt ? 0 : 1}${c.name}`,
    });
  }
  return out;
}

export function treeValueCompletions(tree: KconfigTree, name: string, r: Range): CompletionItem[] {
  const sym = tree.symbol(name);
  if (!sym) return [];
  const vals = entries(tree).find((c) => c.name === sym.name)?.values ?? [];
  const what: Record<string, string> = {
    y: 'built in / enabled',
    m: 'built as a module',
    n: 'disabled',
    '""': 'a string value',
  };
  return vals.map((v, i) => ({
    label: v.slice(0, 200),
    kind: 'value' as const,
    detail: what[v] ?? `${sym.type} value`,
    range: r,
    sortText: String(i),
  }));
}

/** Strips the quotes of a string value and normalises int/hex spelling the way values compare. */
function sameValue(writtenValue: string, resolved: string): boolean {
  if (writtenValue === resolved) return true;
  const unq = /^"(.*)"$/.exec(writtenValue)?.[1]?.replace(/\\(.)/g, '$1');
  return unq !== undefined && unq === resolved;
}

/**
 * Inlay hints: where a line's symbol will end up with another value than the one written, the
 * value olddefconfig gives it and, when a select forces it, what selects it. Nothing elsewhere, and
 * nothing where the value hangs on a toolchain probe that was not run.
 */
export function treeInlayHints(
  doc: TextDocument,
  tree: KconfigTree,
  cfg: ParsedConfig,
  within: Range,
  lineEnd: (line: number) => number,
  isCancelled: () => boolean,
  caches: CacheScope,
): InlayHint[] {
  const e = sessionFor(doc, tree, caches);
  const res = e.session.resolved;
  if (!res) return [];
  const last = new Map<string, number>();
  for (const a of cfg.assignments) last.set(a.name, a.line);
  const out: InlayHint[] = [];
  let n = 0;
  for (const a of cfg.assignments) {
    if (a.line < within.start.line || a.line > within.end.line) continue;
    if ((++n & 255) === 0 && isCancelled()) break;
    if (last.get(a.name) !== a.line) continue; // an overridden line: repeated-assignment says so
    const sym = tree.symbol(a.name);
    if (!sym || !sym.menus.length) continue;
    const v = res.value(a.name);
    if (v === undefined || sameValue(written(a), v)) continue;
    const ex = res.explain(a.name);
    if (ex?.dependsOnUnknownShell) continue; // a guess: kconfig/depends-on-shell says so on the line
    const sel = ex?.selectedBy.filter((s) => s.value !== 'n').map((s) => s.name) ?? [];
    const shownV = v.length > 80 ? `${v.slice(0, 80)}…` : v;
    const label = `→ ${v === '' ? '""' : shownV}${sel.length ? ` (selected by ${sel.slice(0, 2).join(', ')}${sel.length > 2 ? ', …' : ''})` : ''}`;
    const tooltip = capText(
      ex?.reasons.length ? ex.reasons.slice(0, 20).join('\n') : `make olddefconfig writes ${v} for CONFIG_${a.name}.`,
      2000,
    );
    out.push({ position: { line: a.line, character: a.notSet ? lineEnd(a.line) : a.valueEnd }, label, tooltip });
  }
  return out;
}
