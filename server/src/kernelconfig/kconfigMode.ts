// Language mode for Kconfig files themselves (`Kconfig`, `Kconfig.*`). The open file is parsed on
// its own by the engine's parser, over an in-memory file system holding just this file: `source`
// lines are not followed (what they name is checked when the whole tree loads), nothing runs
// (`$(shell,…)` stays unknown). Syntax errors, an outline of config/menuconfig/menu/choice,
// folding of blocks and help texts, hovers, keyword and symbol completion; with a loaded kernel
// tree (`kernelSourcePath`) hovers, completion and go-to-definition also use the whole tree.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from '../core/types';
import { range, splitLines } from '../core/text';
import { CacheKey } from '../core/cache';
import { treeFor } from './kernelTree';
import { nodeFs } from '../kconfig/nodeFs';
import { mdCode, mdText } from '../core/markdown';
import {
  loadKconfigTree,
  memoryTreeFs,
  hoverMarkdown,
  readInsideTree,
  type KconfigTree,
  type KconfigError,
  type KSymbol,
  type MenuNode,
} from '../kconfig/index';
import { exprToString, mdPlain, promptOf } from '../kconfig/assist';

/** Where the document is placed in the in-memory file system its parse sees. */
const ROOT = '/kconfig-document';
const FILE = 'document/Kconfig';
const INCLUDE = 'scripts/Kconfig.include';
/** The parse's top file: the macro definitions every kernel Kconfig file can use, then the document. */
const TOP = `source "${INCLUDE}"\nsource "${FILE}"\n`;

/**
 * Stand-in for the kernel's scripts/Kconfig.include when no tree is loaded: the same macro names
 * (Linux 5.x-6.x), each an unknown `$(shell,…)` result (never run: this parse has no shell), so
 * `def_bool $(cc-option,…)` reads as "depends on a probe" instead of an empty, broken expression.
 */
const INCLUDE_STUB =
  [
    'comma := ,',
    'quote := "',
    "squote := '",
    'empty :=',
    'space := $(empty) $(empty)',
    'dollar := $',
    'right_paren := )',
    'left_paren := (',
    'if-success = $(shell,$(1))',
    'success = $(if-success,$(1),y,n)',
    'failure = $(if-success,$(1),n,y)',
    ...['cc-option', 'ld-option', 'as-instr', 'as-instr64', 'as-option', 'rustc-option', 'cc-option-bit'].map(
      (m) => `${m} = $(success,${m} $(1))`,
    ),
    ...[
      'cc-info',
      'cc-name',
      'cc-version',
      'as-info',
      'as-name',
      'as-version',
      'ld-info',
      'ld-name',
      'ld-version',
      'rustc-version',
      'rustc-llvm-version',
      'm32-flag',
      'm64-flag',
    ].map((v) => `${v} := $(shell,${v})`),
  ].join('\n') + '\n';

interface Parsed {
  tree: KconfigTree;
  errors: KconfigError[];
  lines: string[];
  /** The settings the parse depended on: a change re-parses the same version. */
  key: string;
  /** Set when a limit stopped the analysis. */
  limit?: string;
}

/** The parse per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Parsed>('kconfig', 16);

function parse(doc: TextDocument, ctx: ModeContext): Parsed {
  const src = ctx.settings.kernelSourcePath;
  const key = `${src ?? ''}\u0000${ctx.settings.arch}`;
  const hit = ctx.caches.of(CACHE).get(doc.uri, doc.version, () => parseNow(doc, ctx, key));
  if (hit.key === key) return hit;
  ctx.caches.of(CACHE).forget(doc.uri);
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => parseNow(doc, ctx, key));
}

/**
 * What one Kconfig document's analysis may cost (it runs on the request path, so far less than a
 * tree load): past a limit the parse stops with one error, shown once at the top of the file.
 */
export const DOCUMENT_LIMITS = {
  maxParsedBytes: 8 * 1024 * 1024,
  maxMacroSteps: 2_000_000,
  maxMacroOutput: 8 * 1024 * 1024,
  maxTimeMs: 1_500,
  maxHeapGrowth: 512 * 1024 * 1024,
};

/** The tree's scripts/Kconfig.include: inside the tree, a regular file of at most 2 MB, or nothing. */
function treeInclude(src: string, ctx: ModeContext): string | undefined {
  if (ctx.fs === nodeFs) {
    const r = readInsideTree(src, INCLUDE);
    return 'text' in r ? r.text : undefined;
  }
  return ctx.fs.readFile(`${src.replace(/\/+$/, '')}/${INCLUDE}`);
}

function parseNow(doc: TextDocument, ctx: ModeContext, key: string): Parsed {
  const text = doc.getText();
  // The tree's own macro definitions when one is configured (read, never run), else the stand-in.
  const src = ctx.settings.kernelSourcePath;
  const include = (src && treeInclude(src, ctx)) || INCLUDE_STUB;
  const { tree, errors } = loadKconfigTree({
    srcDir: ROOT,
    fs: memoryTreeFs({ Kconfig: TOP, [INCLUDE]: include, [FILE]: text }, ROOT),
    arch: ctx.settings.arch,
    env: { ARCH: ctx.settings.arch, SRCARCH: ctx.settings.arch === 'arm64' ? 'arm64' : 'x86', srctree: ROOT },
    allowShell: false,
    parallelShell: false,
    semantics: 'modern',
    limits: DOCUMENT_LIMITS,
  });
  const mine = errors.filter((e) => e.file === FILE);
  // a limit met while reading the include stands for the document too
  if (tree.limitExceeded && !mine.some((e) => e.message === tree.limitExceeded)) {
    mine.unshift({ file: FILE, line: 1, message: tree.limitExceeded, severity: 'error' });
  }
  return { tree, errors: mine, lines: splitLines(text).map((l) => l.text), key, limit: tree.limitExceeded };
}

function readyTree(ctx: ModeContext): KconfigTree | undefined {
  const st = treeFor(ctx.settings, ctx.fs);
  return st?.state === 'ready' ? st.tree : undefined;
}

/** Errors that only mean something for the whole tree, not for one file read alone. */
function treeOnly(e: KconfigError, whole: KconfigTree | undefined): boolean {
  if (/^can't open file|^source path .* depends on an unknown shell result/.test(e.message)) return true;
  const m = /^config symbol '([A-Za-z0-9_]+)' defined without type/.exec(e.message);
  if (m) {
    // Entries may add properties to a symbol typed in another file; only the tree can tell.
    const s = whole?.symbol(m[1]);
    return !s || s.type !== 'unknown';
  }
  return false;
}

function lineRange(p: Parsed, line: number): Range {
  const l = Math.min(Math.max(0, line), Math.max(0, p.lines.length - 1));
  const t = p.lines[l] ?? '';
  const start = t.length - t.trimStart().length;
  const end = t.trimEnd().length;
  return range(l, end > start ? start : 0, end > start ? end : t.length);
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const p = parse(doc, ctx);
  const whole = readyTree(ctx);
  const out: Diagnostic[] = [];
  if (p.limit) {
    // one clear diagnostic; what was read before the limit is not judged
    return [
      {
        range: lineRange(p, 0),
        severity: 'warning',
        code: 'kconfig/analysis-limit',
        message: `This file is not checked: ${p.limit.replace(/; the rest (of the tree )?is not read$/, '')} (a safety limit of the editor).`,
      },
    ];
  }
  for (const e of p.errors) {
    if (e.severity === 'info' || treeOnly(e, whole)) continue;
    out.push({
      range: lineRange(p, e.line - 1),
      severity: e.severity === 'error' ? 'error' : 'warning',
      code: 'kconfig/syntax-error',
      message: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`.replace(/\.\.$/, '.'),
    });
  }
  return out;
}

// ------------------------------------------------------------------ structure

/** Every menu node of the file in source order (depth first). */
function nodes(root: MenuNode): MenuNode[] {
  const out: MenuNode[] = [];
  const walk = (n: MenuNode): void => {
    for (const c of n.children) {
      if (c.file !== FILE) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Last line (0-based) of an entry: its block end, or the line before the next statement, blank lines trimmed. */
function entryEnd(p: Parsed, n: MenuNode, next: MenuNode | undefined, parentEnd: number): number {
  if (n.endLoc) return n.endLoc.line - 1;
  let end = next ? next.line - 2 : parentEnd;
  while (end > n.line - 1 && (p.lines[end] ?? '').trim() === '') end--;
  return end;
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const p = parse(doc, ctx);
  const all = nodes(p.tree.parsed.root);
  const order = new Map(all.map((n, i) => [n, i]));
  const last = Math.max(0, p.lines.length - 1);
  const build = (parent: MenuNode, parentEnd: number): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const n of parent.children) {
      if (n.file !== FILE) continue;
      const next = all[(order.get(n) ?? 0) + 1];
      const end = Math.min(last, Math.max(n.line - 1, entryEnd(p, n, next, parentEnd)));
      const kids = build(n, end);
      if (n.kind === 'if' || n.kind === 'comment') {
        out.push(...kids);
        continue;
      }
      const start = Math.min(last, n.line - 1);
      const name =
        n.kind === 'config' || n.kind === 'menuconfig'
          ? (n.sym?.name ?? '?')
          : n.kind === 'choice'
            ? (n.prompt?.text ?? n.sym?.name ?? 'choice')
            : (n.prompt?.text ?? n.kind);
      const kidsEnd = kids.reduce((m, k) => Math.max(m, k.range.end.line), end);
      const sel = lineRange(p, start);
      out.push({
        name: name || n.kind,
        detail:
          n.kind === 'config' || n.kind === 'menuconfig'
            ? [n.sym?.type, n.prompt?.text].filter(Boolean).join(' — ')
            : n.kind,
        kind: n.kind === 'menu' || n.kind === 'menuconfig' ? 'menu' : n.kind === 'choice' ? 'section' : 'setting',
        range: range(start, 0, (p.lines[kidsEnd] ?? '').length, kidsEnd),
        selectionRange: sel,
        children: kids.length ? kids : undefined,
      });
    }
    return out;
  };
  return build(p.tree.parsed.root, last);
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const p = parse(doc, ctx);
  const out: FoldingRange[] = [];
  for (const n of nodes(p.tree.parsed.root)) {
    if (n.endLoc && (n.kind === 'menu' || n.kind === 'choice' || n.kind === 'if')) {
      const s = n.line - 1;
      const e = n.endLoc.line - 2; // keep the end keyword visible
      if (e > s) out.push({ startLine: s, endLine: e });
    }
  }
  // Help texts: from `help` to the last line indented deeper than it.
  for (let i = 0; i < p.lines.length; i++) {
    const m = /^([ \t]*)(help|---help---)[ \t]*$/.exec(p.lines[i]);
    if (!m) continue;
    const indent = m[1].replace(/\t/g, '        ').length;
    let last = i;
    for (let j = i + 1; j < p.lines.length; j++) {
      const t = p.lines[j];
      if (t.trim() === '') continue;
      if (t.replace(/\t/g, '        ').search(/\S/) <= indent) break;
      last = j;
    }
    if (last > i) out.push({ startLine: i, endLine: last });
    i = last;
  }
  return out;
}

// ------------------------------------------------------------------ words

const WORD = /[A-Za-z0-9_]+/g;

function wordAt(p: Parsed, pos: Position): { word: string; start: number; end: number } | undefined {
  const t = p.lines[pos.line];
  if (t === undefined) return undefined;
  if (/^\s*(help|---help---)\s*$/.test(t)) return undefined;
  for (const m of t.matchAll(WORD)) {
    const start = m.index;
    const end = start + m[0].length;
    if (pos.character >= start && pos.character <= end) return { word: m[0], start, end };
  }
  return undefined;
}

/** Whether the line lies inside a help text (its words are prose, not symbols). */
function inHelp(p: Parsed, line: number): boolean {
  const indentOf = (t: string): number => t.replace(/\t/g, '        ').search(/\S/);
  const own = p.lines[line] ?? '';
  if (own.trim() === '' || /^\s*(help|---help---)\s*$/.test(own)) return false;
  let min = indentOf(own);
  for (let i = line - 1; i >= 0 && i >= line - 2000; i--) {
    const t = p.lines[i];
    if (t.trim() === '') continue;
    const m = /^([ \t]*)(help|---help---)[ \t]*$/.exec(t);
    if (m) return min > indentOf(t);
    const ind = indentOf(t);
    if (ind === 0) return false;
    min = Math.min(min, ind);
  }
  return false;
}

function localMarkdown(sym: KSymbol): string {
  const lines: string[] = [];
  const prompt = promptOf(sym, ['prompt']);
  lines.push(
    `**${mdPlain(sym.name, 200)}** — ${mdCode(sym.type)}${prompt ? ` — ${mdText(prompt.replace(/[\r\n]+/g, ' '), 300)}` : ' (no prompt)'}`,
  );
  const help = sym.menus.map((m) => m.help).find((h) => h && h.trim());
  if (help) lines.push('', mdText(help.trim(), 4000));
  const deps = sym.menus.map((m) => m.depWritten).filter((d) => d);
  if (deps.length)
    lines.push(
      '',
      `**depends on:** ${mdCode(
        deps
          .slice(0, 10)
          .map((d) => exprToString(d))
          .join(' || '),
        600,
      )}`,
    );
  lines.push(
    '',
    `**defined in this file at line${sym.menus.length > 1 ? 's' : ''}:** ${sym.menus
      .slice(0, 20)
      .map((m) => m.line)
      .join(', ')}`,
  );
  return lines.join('\n');
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const p = parse(doc, ctx);
  const w = wordAt(p, pos);
  if (!w || !/[A-Za-z]/.test(w.word) || inHelp(p, pos.line)) return null;
  const r = range(pos.line, w.start, w.end);
  const whole = readyTree(ctx);
  const md = whole ? hoverMarkdown(whole, w.word) : undefined;
  if (md) return { markdown: md, range: r };
  const local = p.tree.symbol(w.word);
  if (local && local.menus.length) return { markdown: localMarkdown(local), range: r };
  return null;
}

function definition(doc: TextDocument, pos: Position, ctx: ModeContext): { path: string; line: number } | null {
  const p = parse(doc, ctx);
  const w = wordAt(p, pos);
  if (!w || inHelp(p, pos.line)) return null;
  const whole = readyTree(ctx);
  const defs = whole?.definitions(w.word) ?? [];
  if (defs.length) {
    // Prefer a definition in another file than this one (this one is where the cursor is).
    const abs = defs.map((d) => ({ path: whole!.absPath(d.file), line: d.line }));
    return abs.find((d) => d.path !== ctx.path || d.line !== pos.line + 1) ?? abs[0];
  }
  const local = p.tree.symbol(w.word);
  if (local && local.menus.length && ctx.path) return { path: ctx.path, line: local.menus[0].line };
  return null;
}

// ------------------------------------------------------------------ completion

const ENTRY_KEYWORDS: Array<[string, string]> = [
  ['config', 'a configuration symbol'],
  ['menuconfig', 'a symbol that opens a menu'],
  ['choice', 'a group of exclusive options'],
  ['endchoice', 'end of a choice'],
  ['menu', 'a menu'],
  ['endmenu', 'end of a menu'],
  ['if', 'a condition for the entries up to endif'],
  ['endif', 'end of an if block'],
  ['source', 'read another Kconfig file'],
  ['rsource', 'source relative to this file'],
  ['osource', 'source, if it exists'],
  ['orsource', 'rsource, if it exists'],
  ['comment', 'a comment shown in the menu'],
  ['mainmenu', 'the title'],
];
const PROPERTY_KEYWORDS: Array<[string, string]> = [
  ['bool', 'type: y or n'],
  ['tristate', 'type: y, m or n'],
  ['int', 'type: decimal number'],
  ['hex', 'type: hexadecimal number'],
  ['string', 'type: text'],
  ['def_bool', 'bool with a default'],
  ['def_tristate', 'tristate with a default'],
  ['prompt', 'the text shown'],
  ['default', 'a default value'],
  ['depends on', 'a dependency'],
  ['select', 'force another symbol on'],
  ['imply', 'suggest another symbol'],
  ['range', 'limits of an int or hex'],
  ['visible if', 'when a menu is shown'],
  ['help', 'the help text'],
  ['optional', 'a choice may be left empty'],
  ['modules', 'this symbol enables modules'],
  ['transitional', 'read from old configs, never written'],
];

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const p = parse(doc, ctx);
  const t = (p.lines[pos.line] ?? '').slice(0, pos.character);
  if (inHelp(p, pos.line)) return [];
  const kw = /^([ \t]*)([a-z_-]*)$/.exec(t);
  if (kw) {
    const r = range(pos.line, kw[1].length, pos.character);
    const list = kw[1].length ? [...PROPERTY_KEYWORDS, ...ENTRY_KEYWORDS] : [...ENTRY_KEYWORDS, ...PROPERTY_KEYWORDS];
    return list
      .filter(([k]) => k.startsWith(kw[2]))
      .map(([k, d], i) => ({
        label: k,
        kind: 'keyword' as const,
        detail: d,
        range: r,
        sortText: String(i).padStart(2, '0'),
      }));
  }
  // Symbol names in expressions: after depends on, select, imply, default, range, if, visible if, def_*.
  // (The word being typed is found by a scan from the end: `.*?([A-Za-z0-9_]*)$` is quadratic.)
  if (
    !/^[ \t]*(?:depends[ \t]+on|select|imply|default|def_bool|def_tristate|range|if|visible[ \t]+if|(?:bool|tristate|int|hex|string|prompt)[ \t]+"[^"]*"[ \t]+if)\b/.test(
      t,
    )
  )
    return [];
  let ws = t.length;
  while (ws > 0 && /[A-Za-z0-9_]/.test(t[ws - 1])) ws--;
  const typed = t.slice(ws);
  const r = range(pos.line, pos.character - typed.length, pos.character);
  const whole = readyTree(ctx);
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  const add = (s: KSymbol, where: string): void => {
    if (seen.has(s.name) || s.isChoice || !s.menus.length || (typed && !s.name.startsWith(typed))) return;
    seen.add(s.name);
    const prompt = promptOf(s, ['prompt'])
      ?.replace(/[\r\n]+/g, ' ')
      .slice(0, 300);
    out.push({
      label: s.name,
      kind: 'variable',
      detail: `${s.type}${prompt ? ` — ${prompt}` : ''}`,
      documentation: mdText(where, 400),
      range: r,
    });
  };
  for (const s of p.tree.symbols()) add(s, 'defined in this file');
  if (whole) for (const s of whole.symbols()) add(s, `defined in ${s.menus[0]?.file ?? 'the kernel tree'}`);
  return out;
}

export const kconfigMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding,
  definition,
};
