/**
 * What the parts of the solver share (solve.ts, solveSearch.ts, solveEstimate.ts): the outcome of
 * a try, the chain of reasons, expression and value helpers, and how a value matches a goal.
 */
import { exprToString } from './assist';
import type { Expr, KSymbol, Prop, Tri } from './model';

export type Fail = { why: string } | null;
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export interface Step {
  name: string;
  rel: string;
}
export type Chain = readonly Step[];

export const INF = Number.POSITIVE_INFINITY;
export const MAX_DEPTH = 7;
export const MAX_WHY = 700;

export const isTri = (s: KSymbol): boolean => s.type === 'bool' || s.type === 'tristate';
export const triOf = (v: string): Tri => (v === 'y' ? 2 : v === 'm' ? 1 : 0);
export const triText = (t: number): string => (t >= 2 ? 'y' : t === 1 ? 'm' : 'n');
export const cfg = (s: KSymbol | string): string => `CONFIG_${typeof s === 'string' ? s : s.name}`;

export function flatten(e: Expr, k: 'and' | 'or'): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === k) stack.push(x.r, x.l);
    else out.push(x);
  }
  return out;
}

/** An expression as users read it: repeated parts of a long `&&` (from nested if blocks) shown once. */
export function showExpr(e: Expr | null): string {
  if (!e || e.k !== 'and') return exprToString(e);
  return uniq(flatten(e, 'and').map((o) => exprToString(o, 2))).join(' && ');
}

export function clip(s: string, n = MAX_WHY): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export type RaiseOption =
  | { kind: 'prompt'; p: Prop; cost: number }
  | { kind: 'default'; p: Prop; cost: number }
  | { kind: 'select'; p: Prop; cost: number }
  | { kind: 'imply'; p: Prop; cost: number }
  | { kind: 'choice'; cost: number };

export const NEGATE: Record<CmpOp, CmpOp> = { '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
export const SWAP: Record<CmpOp, CmpOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function withRel(chain: Chain, rel: string): Chain {
  if (!chain.length) return chain;
  return [...chain.slice(0, -1), { name: chain[chain.length - 1].name, rel }];
}

export function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Reasons with different final causes (the text after the last ': '), the first of each. */
export function byCause(xs: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) {
    const i = x.lastIndexOf(': ');
    const cause = i >= 0 ? x.slice(i + 2) : x;
    if (seen.has(cause)) continue;
    seen.add(cause);
    out.push(x);
  }
  return out;
}

/** Whether `value` (as the kernel writes it) is one of `accepted`. */
export function valueMatches(s: KSymbol, value: string, accepted: string[]): boolean {
  if (isTri(s)) return accepted.includes(value);
  if (s.type === 'hex') {
    const norm = (x: string): string =>
      /^(0[xX])?[0-9a-fA-F]+$/.test(x)
        ? BigInt(x.startsWith('0x') || x.startsWith('0X') ? x : '0x' + x).toString(16)
        : x;
    return accepted.some((a) => norm(a) === norm(value));
  }
  if (s.type === 'int')
    return accepted.some(
      (a) => a === value || (/^-?\d+$/.test(a) && /^-?\d+$/.test(value) && BigInt(a) === BigInt(value)),
    );
  return accepted.includes(value);
}

export function compareValues(v: KSymbol, candidate: string, other: string, op: CmpOp): boolean {
  const rank = (x: string): number => (x === 'y' ? 2 : x === 'm' ? 1 : x === 'n' ? 0 : NaN);
  const a = rank(candidate);
  const b = rank(other);
  let c: number;
  if (Number.isNaN(b)) c = candidate < other ? -1 : candidate > other ? 1 : 0;
  else c = a - b;
  void v;
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}
