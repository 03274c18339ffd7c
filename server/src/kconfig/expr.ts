/**
 * Kconfig expressions as the parse builds them: the counterpart of the parts of the kernel's
 * scripts/kconfig/expr.c the menu finalization uses (expr_alloc_and/or, expr_contains_symbol,
 * expr_depends_symbol). Evaluation is in eval.ts.
 */
import { Expr, KSymbol } from './model';

/** The leaves made by the parse under way (a Map: a WeakMap's lookups cost a kernel tree ~10 ms). */
const leaves = new Map<KSymbol, Expr>();
/**
 * The expression that is the symbol alone, one per symbol: expressions are never changed in place,
 * so every occurrence can share it (a kernel tree has ~58,000 occurrences of ~17,000 symbols, most
 * of them `select` targets: fewer objects to build, keep, cache and rebuild from the cache).
 */
export function leaf(sym: KSymbol): Expr {
  let e = leaves.get(sym);
  if (!e) leaves.set(sym, (e = { k: 'sym', sym }));
  return e;
}

/**
 * At the end of a parse: its leaves stay with its tree, not here (a parse that ends while another
 * is under way only makes that one share fewer).
 */
export function forgetLeaves(): void {
  leaves.clear();
}

/**
 * parts joined with && or ||: left-deep as the kernel builds it for a usual count, balanced
 * beyond (the same value; a tree may select one symbol from 100,000 places without making the
 * expression that deep).
 */
export function joinAll(k: 'and' | 'or', parts: Expr[]): Expr | null {
  if (!parts.length) return null;
  if (parts.length <= 64) {
    let e = parts[0];
    for (let i = 1; i < parts.length; i++) e = { k, l: e, r: parts[i] };
    return e;
  }
  let level = parts;
  while (level.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? { k, l: level[i], r: level[i + 1] } : level[i]);
    level = next;
  }
  return level[0];
}

export function and(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { k: 'and', l: a, r: b };
}

export function or(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { k: 'or', l: a, r: b };
}

/** Whether e mentions sym anywhere (the kernel's expr_contains_symbol). */
export function exprContains(e: Expr | null, sym: KSymbol): boolean {
  const stack: Expr[] = e ? [e] : [];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'sym') {
      if (x.sym === sym) return true;
    } else if (x.k === 'cmp') {
      if (x.l === sym || x.r === sym) return true;
    } else if (x.k === 'not') stack.push(x.e);
    else stack.push(x.l, x.r);
  }
  return false;
}

/** `sym`, `sym=y`, `sym=m` or `sym!=n` as a term of an && chain (the kernel's expr_depends_symbol). */
export function exprDependsOn(e: Expr | null, sym: KSymbol): boolean {
  const stack: Expr[] = e ? [e] : [];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'and') stack.push(x.l, x.r);
    else if (x.k === 'sym' && x.sym === sym) return true;
    else if (
      x.k === 'cmp' &&
      x.l === sym &&
      ((x.op === '=' && (x.r.name === 'y' || x.r.name === 'm')) || (x.op === '!=' && x.r.name === 'n'))
    )
      return true;
  }
  return false;
}
