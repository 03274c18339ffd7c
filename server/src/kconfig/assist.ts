/** Editor helpers: expression printing, hover markdown, completion, definitions. */
import { Expr, KSymbol, Loc, Prop } from './model';
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
    case 'sym': s = symText(e.sym); p = PREC.sym; break;
    case 'not': s = '!' + exprToString(e.e, PREC.not); p = PREC.not; break;
    case 'and': s = exprToString(e.l, PREC.and) + ' && ' + exprToString(e.r, PREC.and); p = PREC.and; break;
    case 'or': s = exprToString(e.l, PREC.or) + ' || ' + exprToString(e.r, PREC.or); p = PREC.or; break;
    case 'cmp': s = `${symText(e.l)} ${e.op} ${symText(e.r)}`; p = PREC.cmp; break;
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
    case 'sym': add(e.sym); break;
    case 'not': exprSymbols(e.e, out, seen); break;
    case 'and': case 'or': exprSymbols(e.l, out, seen); exprSymbols(e.r, out, seen); break;
    case 'cmp': add(e.l); add(e.r); break;
  }
  return out;
}

const locText = (l: Loc): string => `${l.file}:${l.line}`;

/** Markdown for hovering a symbol (optionally with a resolved configuration). */
export function hoverMarkdown(tree: KconfigTree, name: string, resolved?: ResolveResult, writtenValue?: string): string | undefined {
  try {
    return hoverInner(tree, name, resolved, writtenValue);
  } catch {
    return undefined;
  }
}

function hoverInner(tree: KconfigTree, name: string, resolved?: ResolveResult, writtenValue?: string): string | undefined {
  const sym = tree.symbol(name);
  if (!sym || !sym.menus.length) return undefined;
  const lines: string[] = [];
  const prompt = sym.props.find((p) => p.kind === 'prompt' || p.kind === 'menu')?.text;
  lines.push(`**CONFIG_${sym.name}** — \`${sym.type}\`${prompt ? ` — ${prompt}` : ' (no prompt)'}`);
  if (writtenValue !== undefined || resolved) {
    const parts: string[] = [];
    if (writtenValue !== undefined) parts.push(`written: \`${writtenValue}\``);
    const v = resolved?.value(sym.name);
    if (v !== undefined) parts.push(`after olddefconfig: \`${v}\``);
    if (parts.length) lines.push('', parts.join(' · '));
    const ex = resolved?.explain(sym.name);
    if (ex && ex.reasons.length) lines.push('', ex.reasons.map((r) => `- ${r}`).join('\n'));
  }
  const help = sym.menus.map((m) => m.help).find((h) => h && h.trim());
  if (help) lines.push('', help.trim());
  const deps = sym.menus.map((m) => m.depWritten).filter((d): d is Expr => !!d);
  if (deps.length) lines.push('', `**depends on:** \`${deps.map((d) => exprToString(d)).join(' || ')}\``);
  const by = (props: Prop[]): string =>
    props.map((p) => `\`${p.menu.sym?.name ?? '?'}\`${p.cond ? ` if \`${exprToString(p.cond)}\`` : ''}`).join(', ');
  if (sym.selectedBy.length) lines.push('', `**selected by:** ${by(sym.selectedBy.slice(0, 30))}${sym.selectedBy.length > 30 ? ', …' : ''}`);
  if (sym.impliedBy.length) lines.push('', `**implied by:** ${by(sym.impliedBy.slice(0, 30))}${sym.impliedBy.length > 30 ? ', …' : ''}`);
  const sel = sym.props.filter((p) => p.kind === 'select').map((p) => p.target!.name);
  if (sel.length) lines.push('', `**selects:** ${sel.slice(0, 30).map((s) => `\`${s}\``).join(', ')}`);
  const ranges = sym.props.filter((p) => p.kind === 'range' && p.range);
  if (ranges.length) lines.push('', `**range:** ${ranges.map((p) => `${symText(p.range![0])}..${symText(p.range![1])}${p.cond ? ` if \`${exprToString(p.cond)}\`` : ''}`).join(', ')}`);
  lines.push('', `**defined at:** ${sym.menus.map((m) => locText(m.loc)).join(', ')}`);
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
    const prompt = s.props.find((x) => x.kind === 'prompt' || x.kind === 'menu')?.text;
    out.push({ name: s.name, type: s.type, prompt, values: valuesFor(s), detail: `${s.type}${prompt ? ' — ' + prompt : ''}` });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function valuesFor(s: KSymbol): string[] {
  switch (s.type) {
    case 'bool': return ['y', 'n'];
    case 'tristate': return ['y', 'm', 'n'];
    case 'string': return ['""'];
    case 'int':
    case 'hex': {
      const r = s.props.find((p) => p.kind === 'range' && p.range);
      const d = s.props.find((p) => p.kind === 'default' && p.expr?.k === 'sym');
      const vals: string[] = [];
      if (d && d.expr?.k === 'sym') vals.push(d.expr.sym.name);
      if (r?.range) vals.push(r.range[0].name, r.range[1].name);
      return [...new Set(vals)];
    }
    default: return [];
  }
}

/** Go-to-definition: every definition location of a symbol (absolute file path, 1-based line). */
export function definitionOf(tree: KconfigTree, name: string): Array<{ file: string; line: number }> {
  const sym = tree.symbol(name);
  if (!sym) return [];
  return sym.menus.map((m) => ({ file: tree.absPath(m.loc.file), line: m.loc.line }));
}
