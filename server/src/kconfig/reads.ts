/**
 * Which symbols a symbol's value reads, both ways: the order in which the evaluator computes a
 * tree (each symbol after what it reads, so a long chain of dependencies is computed without deep
 * recursion; the values do not depend on the order), and the readers of each symbol (what to
 * recompute after it changes). The kernel has no counterpart: conf recurses and recomputes all.
 */
import { exprSymbols } from './assist';
import { Expr, KSymbol } from './model';
import { ParsedTree } from './parseOptions';

const orders = new WeakMap<ParsedTree, KSymbol[]>();

/** The expressions exprSyms has still to walk: one list for all its calls (it is not reentered). */
const walking: Expr[] = [];

/** Appends the symbols e reads, in order, leaving out those `skip` says. */
function exprSyms(e: Expr | null, out: KSymbol[], skip: (s: KSymbol) => boolean): void {
  if (!e) return;
  const stack = walking;
  stack.push(e);
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.k) {
      case 'sym':
        if (!skip(x.sym)) out.push(x.sym);
        break;
      case 'not':
        stack.push(x.e);
        break;
      case 'and':
      case 'or':
        stack.push(x.r, x.l);
        break;
      case 'cmp':
        if (!skip(x.l)) out.push(x.l);
        if (!skip(x.r)) out.push(x.r);
        break;
    }
  }
}

/**
 * The defined symbols, each after the symbols its value reads (depends on, select and imply
 * conditions, defaults, ranges, prompts), by an iterative depth-first walk; cycles are cut where
 * met. Computed once per tree.
 */
export function evalOrder(t: ParsedTree): KSymbol[] {
  let order = orders.get(t);
  if (order) return order;
  order = [];
  const seen = new Uint8Array(t.allSymbols.length);
  const skip = (s: KSymbol): boolean => seen[s.id] === 1 || s.isConst || !s.menus.length;
  // The walk keeps no list per symbol (a kernel tree's 20,000 lists, kept while the walk is
  // deeper, made ~14 MB of garbage): the reads of every symbol on the way down wait in one list,
  // each symbol's last first, and a symbol leaves the way once its own are taken. A read already
  // seen is left out as it is listed (it would be passed over when its turn came): same order.
  const way: KSymbol[] = [];
  const waysBase: number[] = [];
  const pending: KSymbol[] = [];
  const enter = (s: KSymbol): void => {
    seen[s.id] = 1;
    way.push(s);
    waysBase.push(pending.length);
    const from = pending.length;
    exprSyms(s.dirDep, pending, skip);
    exprSyms(s.revDep, pending, skip);
    exprSyms(s.implied, pending, skip);
    for (const p of s.props) {
      exprSyms(p.visible, pending, skip);
      if (p.kind === 'default' || p.kind === 'prompt') exprSyms(p.expr, pending, skip);
      if (p.range) {
        if (!skip(p.range[0])) pending.push(p.range[0]);
        if (!skip(p.range[1])) pending.push(p.range[1]);
      }
    }
    // (taken from the end)
    for (let i = from, j = pending.length - 1; i < j; i++, j--) {
      const x = pending[i]!;
      pending[i] = pending[j]!;
      pending[j] = x;
    }
  };
  for (const root of t.allSymbols) {
    if (skip(root)) continue;
    enter(root);
    while (way.length) {
      if (pending.length > waysBase[waysBase.length - 1]!) {
        const n = pending.pop()!;
        if (!skip(n)) enter(n);
        continue;
      }
      order.push(way.pop()!);
      waysBase.pop();
    }
  }
  orders.set(t, order);
  return order;
}

/**
 * An evaluation order kept with a cached tree (symbol ids), taken when it is a permutation of the
 * tree's defined symbols (anything else is ignored: the order is then computed). Returns whether
 * it was taken.
 */
export function primeEvalOrder(t: ParsedTree, ids: ArrayLike<number>): boolean {
  if (orders.has(t)) return true;
  const n = t.allSymbols.length;
  const seen = new Uint8Array(n);
  const order: KSymbol[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < n) || seen[id]) return false;
    seen[id] = 1;
    const s = t.allSymbols[id]!;
    if (s.isConst || !s.menus.length) return false;
    order.push(s);
  }
  for (const s of t.allSymbols) if (!s.isConst && s.menus.length && !seen[s.id]) return false;
  orders.set(t, order);
  return true;
}

const readerGraphs = new WeakMap<ParsedTree, Map<KSymbol, KSymbol[]>>();

/**
 * For each symbol, the symbols whose computation reads it: what incremental re-evaluation
 * (Evaluator.propagate) recomputes after a symbol changes. Built once per tree.
 */
export function readersGraph(tp: ParsedTree): Map<KSymbol, KSymbol[]> {
  let g = readerGraphs.get(tp);
  if (g) return g;
  const graph = new Map<KSymbol, KSymbol[]>();
  const edge = (from: KSymbol, to: KSymbol): void => {
    if (from.isConst || from === to) return;
    let l = graph.get(from);
    if (!l) graph.set(from, (l = []));
    if (l[l.length - 1] !== to) l.push(to);
  };
  const uses = (e: Expr | null, user: KSymbol): void => {
    for (const s of exprSymbols(e)) edge(s, user);
  };
  for (const s of tp.allSymbols) {
    if (s.isConst) continue;
    uses(s.dirDep, s);
    uses(s.revDep, s);
    uses(s.implied, s);
    for (const p of s.props) {
      uses(p.visible, s);
      uses(p.expr, s);
      if (p.range) {
        edge(p.range[0], s);
        edge(p.range[1], s);
      }
    }
    const ch = s.choice;
    if (ch) {
      edge(ch, s);
      edge(s, ch);
      for (const p of ch.props) uses(p.visible, s);
    }
  }
  readerGraphs.set(tp, graph);
  g = graph;
  return g;
}
