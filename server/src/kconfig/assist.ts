/**
 * Editor helpers: expression printing, hover markdown, completion, definitions.
 * Everything from the tree (prompts, help, names, values, paths) is data, never Markdown: it
 * goes through mdText / mdCode (service/markdown.ts, a leaf module without imports), and
 * prompts are shown as written, their `$(...)` references unexpanded.
 */
import { Expr, KSymbol, Loc, Prop } from './model';
import { mdCode, mdText } from '../core/markdown';
import type { KconfigTree } from './index';
import type { ResolveResult } from './resolve';

const PREC = { or: 1, and: 2, not: 3, cmp: 4, sym: 5 } as const;

function symText(s: KSymbol): string {
  if (s.isConst && !(s.name === 'y' || s.name === 'm' || s.name === 'n')) return JSON.stringify(s.name);
  return s.name;
}

/** Kconfig syntax for an expression. */
export function exprToString(e: Expr | null, outer = 0): string {
  if (!e) return 'y';
  let s: string;
  let p: number;
  switch (e.k) {
    case 'sym':
      s = symText(e.sym);
      p = PREC.sym;
      break;
    case 'not':
      s = '!' + exprToString(e.e, PREC.not);
      p = PREC.not;
      break;
    case 'and':
      s = exprToString(e.l, PREC.and) + ' && ' + exprToString(e.r, PREC.and);
      p = PREC.and;
      break;
    case 'or':
      s = exprToString(e.l, PREC.or) + ' || ' + exprToString(e.r, PREC.or);
      p = PREC.or;
      break;
    case 'cmp':
      s = `${symText(e.l)} ${e.op} ${symText(e.r)}`;
      p = PREC.cmp;
      break;
  }
  return p < outer ? `(${s})` : s;
}

/** Non-constant symbols used in an expression. */
export function exprSymbols(e: Expr | null, out: KSymbol[] = [], seen = new Set<KSymbol>()): KSymbol[] {
  if (!e) return out;
  const add = (s: KSymbol): void => {
    if (!s.isConst && !seen.has(s) && s.menus.length + s.props.length > 0) {
      seen.add(s);
      out.push(s);
    } else if (!s.isConst && !seen.has(s) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name) && !/^[0-9]/.test(s.name)) {
      seen.add(s);
      out.push(s);
    }
  };
  switch (e.k) {
    case 'sym':
      add(e.sym);
      break;
    case 'not':
      exprSymbols(e.e, out, seen);
      break;
    case 'and':
    case 'or':
      exprSymbols(e.l, out, seen);
      exprSymbols(e.r, out, seen);
      break;
    case 'cmp':
      add(e.l);
      add(e.r);
      break;
  }
  return out;
}

/**
 * A name or path from the tree in Markdown: as is when it is made of letters, digits and
 * `_ / . -` only and cannot read as a web address (GFM links `www.…` by itself), escaped otherwise.
 */
export function mdPlain(s: string, max = 300): string {
  return s.length <= max && /^[A-Za-z0-9_/.-]*$/.test(s) && !/www\./i.test(s) && !/^[-.0-9]/.test(s)
    ? s
    : mdText(s, max);
}

const locText = (l: Loc): string => `${mdPlain(l.file)}:${l.line}`;

/** The prompt of a symbol as an editor shows it: as written, `$(...)` unexpanded. */
export function promptOf(sym: KSymbol, kinds: ReadonlyArray<Prop['kind']> = ['prompt', 'menu']): string | undefined {
  const p = sym.props.find((x) => kinds.includes(x.kind) && x.text !== undefined);
  return p ? (p.shown ?? p.text) : undefined;
}

/**
 * An explanation line (plain text whose `…` spans are code) as Markdown: the spans become code
 * spans that hold any text, the rest is escaped. With an odd number of backticks, all escaped.
 */
export function mdReason(r: string): string {
  const parts = r.split('`');
  if (parts.length % 2 === 0) return mdText(r, 2000);
  return parts.map((p, i) => (i % 2 ? mdCode(p, 400) : mdText(p, 1000))).join('');
}

/** Markdown for hovering a symbol (optionally with a resolved configuration). */
export function hoverMarkdown(
  tree: KconfigTree,
  name: string,
  resolved?: ResolveResult,
  writtenValue?: string,
): string | undefined {
  try {
    return hoverInner(tree, name, resolved, writtenValue);
  } catch {
    return undefined;
  }
}

// long: the hover's sections in the order shown, each a short block
function hoverInner(
  tree: KconfigTree,
  name: string,
  resolved?: ResolveResult,
  writtenValue?: string,
): string | undefined {
  const sym = tree.symbol(name);
  if (!sym || !sym.menus.length) return undefined;
  const lines: string[] = [];
  const prompt = promptOf(sym);
  lines.push(
    `**CONFIG_${mdPlain(sym.name, 200)}** — ${mdCode(sym.type)}${prompt ? ` — ${mdText(oneLine(prompt), 300)}` : ' (no prompt)'}`,
  );
  if (writtenValue !== undefined || resolved) {
    const parts: string[] = [];
    if (writtenValue !== undefined) parts.push(`written: ${mdCode(writtenValue, 200)}`);
    const v = resolved?.value(sym.name);
    if (v !== undefined) parts.push(`after olddefconfig: ${mdCode(v, 200)}`);
    if (parts.length) lines.push('', parts.join(' · '));
    const ex = resolved?.explain(sym.name);
    if (ex && ex.reasons.length)
      lines.push(
        '',
        ex.reasons
          .slice(0, 20)
          .map((r) => `- ${mdReason(oneLine(r))}`)
          .join('\n'),
      );
  }
  const help = sym.menus.map((m) => m.help).find((h) => h && h.trim());
  if (help) lines.push('', mdText(help.trim(), 4000));
  const deps = sym.menus.map((m) => m.depWritten).filter((d): d is Expr => !!d);
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
  const by = (props: Prop[]): string =>
    props
      .map((p) => `${mdCode(p.menu.sym?.name ?? '?', 100)}${p.cond ? ` if ${mdCode(exprToString(p.cond), 200)}` : ''}`)
      .join(', ');
  if (sym.selectedBy.length)
    lines.push('', `**selected by:** ${by(sym.selectedBy.slice(0, 30))}${sym.selectedBy.length > 30 ? ', …' : ''}`);
  if (sym.impliedBy.length)
    lines.push('', `**implied by:** ${by(sym.impliedBy.slice(0, 30))}${sym.impliedBy.length > 30 ? ', …' : ''}`);
  const sel = sym.props.filter((p) => p.kind === 'select').map((p) => p.target!.name);
  if (sel.length)
    lines.push(
      '',
      `**selects:** ${sel
        .slice(0, 30)
        .map((s) => mdCode(s, 100))
        .join(', ')}`,
    );
  const ranges = sym.props.filter((p) => p.kind === 'range' && p.range);
  if (ranges.length)
    lines.push(
      '',
      `**range:** ${ranges
        .slice(0, 10)
        .map(
          (p) =>
            `${mdCode(`${symText(p.range![0])}..${symText(p.range![1])}`, 200)}${p.cond ? ` if ${mdCode(exprToString(p.cond), 200)}` : ''}`,
        )
        .join(', ')}`,
    );
  lines.push(
    '',
    `**defined at:** ${sym.menus
      .slice(0, 10)
      .map((m) => locText(m))
      .join(', ')}${sym.menus.length > 10 ? ', …' : ''}`,
  );
  return lines.join('\n');
}

export interface CompletionEntry {
  name: string;
  type: string;
  prompt?: string;
  /** Values the symbol may take in a .config (for int/hex: range hint). */
  values: string[];
  detail: string;
}

/** Completion candidates: every defined symbol with its prompt, type and possible values. */
export function completionItems(tree: KconfigTree, prefix = ''): CompletionEntry[] {
  const p = prefix.startsWith('CONFIG_') ? prefix.slice(7) : prefix;
  const out: CompletionEntry[] = [];
  for (const s of tree.symbols()) {
    if (s.isChoice || (p && !s.name.startsWith(p))) continue;
    // plain text, as written (the caller escapes it for Markdown)
    const shown = promptOf(s);
    const prompt = shown === undefined ? undefined : oneLine(shown).slice(0, 300);
    out.push({
      name: s.name,
      type: s.type,
      prompt,
      values: valuesFor(s),
      detail: `${s.type}${prompt ? ' — ' + prompt : ''}`,
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function valuesFor(s: KSymbol): string[] {
  switch (s.type) {
    case 'bool':
      return ['y', 'n'];
    case 'tristate':
      return ['y', 'm', 'n'];
    case 'string':
      return ['""'];
    case 'int':
    case 'hex': {
      const r = s.props.find((p) => p.kind === 'range' && p.range);
      const d = s.props.find((p) => p.kind === 'default' && p.expr?.k === 'sym');
      const vals: string[] = [];
      if (d && d.expr?.k === 'sym') vals.push(d.expr.sym.name);
      if (r?.range) vals.push(r.range[0].name, r.range[1].name);
      return [...new Set(vals)];
    }
    default:
      return [];
  }
}

/** Go-to-definition: every definition location of a symbol (absolute file path, 1-based line). */
export function definitionOf(tree: KconfigTree, name: string): Array<{ file: string; line: number }> {
  const sym = tree.symbol(name);
  if (!sym) return [];
  return sym.menus.map((m) => ({ file: tree.absPath(m.file), line: m.line }));
}
