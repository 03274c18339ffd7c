/**
 * Whether a value depends on a `$(shell,...)` result that is not known (no kernel counterpart:
 * conf always runs the commands). Decided by following the evaluation: a symbol is uncertain
 * when a property it actually uses came from an unknown result or reads an uncertain symbol.
 */
import type { Evaluator } from './eval';
import { Expr, KSymbol, MenuNode, Tri } from './model';

export class Uncertainty {
  private readonly uncMemo = new Map<number, boolean>();
  private readonly uncBusy = new Set<number>();

  constructor(private readonly ev: Evaluator) {}

  /** Forget uncertainty results (after values changed). */
  reset(): void {
    this.uncMemo.clear();
  }

  /**
   * Whether the expression's value could differ if the unknown `$(shell,...)`
   * results were known (call after values are computed). A certain n in an
   * `&&`, or a certain y in an `||`, decides alone.
   */
  exprUncertain(e: Expr | null): boolean {
    if (!e) return false;
    switch (e.k) {
      case 'sym':
        return this.uncertain(e.sym);
      case 'not':
        return this.exprUncertain(e.e);
      case 'cmp':
        return this.uncertain(e.l) || this.uncertain(e.r);
      case 'and':
      case 'or': {
        const decisive: Tri = e.k === 'and' ? 0 : 2;
        const ops: Expr[] = [];
        const flat = (x: Expr): void => {
          if (x.k === e.k) {
            flat((x as { l: Expr }).l);
            flat((x as { r: Expr }).r);
          } else ops.push(x);
        };
        flat(e);
        let any = false;
        for (const o of ops) {
          const u = this.exprUncertain(o);
          if (!u && this.ev.expr(o) === decisive) return false;
          if (u) any = true;
        }
        return any;
      }
    }
    return false;
  }

  /** Whether a symbol's value depends on an unknown `$(shell,...)` result. */
  uncertain(sym: KSymbol): boolean {
    if (sym.isConst || (!sym.menus.length && !sym.props.length)) return false;
    const id = sym.id;
    const m = this.uncMemo.get(id);
    if (m !== undefined) return m;
    if (this.uncBusy.has(id)) return false;
    this.uncBusy.add(id);
    let r = false;
    try {
      r = this.computeUncertain(sym);
    } finally {
      this.uncBusy.delete(id);
    }
    this.uncMemo.set(id, r);
    return r;
  }

  private computeUncertain(sym: KSymbol): boolean {
    this.ev.calc(sym);
    for (const mn of sym.menus) {
      for (let n: MenuNode | null = mn; n; n = n.parent) if (n.shellUnknown) return true;
    }
    const id = sym.id;
    const isTri = sym.type === 'bool' || sym.type === 'tristate';
    for (const p of sym.props) {
      if (p.text !== undefined && (p.shellUnknown || this.exprUncertain(p.visible))) return true;
    }
    const ch = sym.choice;
    if (ch) {
      for (const mbr of ch.choiceMembers ?? []) {
        if (mbr === sym) continue;
        for (const p of mbr.props) if (p.text !== undefined && this.exprUncertain(p.visible)) return true;
      }
      for (const p of ch.props)
        if (p.kind === 'default' && (p.shellUnknown || this.exprUncertain(p.visible))) return true;
      return false;
    }
    if (isTri && this.exprUncertain(sym.revDep)) return true;
    const usedUser = this.ev.visible[id] !== 0 && this.ev.hasUser[id];
    if (!usedUser) {
      if (isTri && (this.exprUncertain(sym.implied) || (this.ev.impliedTri[id] && this.exprUncertain(sym.dirDep))))
        return true;
      for (const p of sym.props) {
        if (p.kind !== 'default') continue;
        // the unknown text may be in the value or in the condition
        if (p.shellUnknown || this.exprUncertain(p.visible)) return true;
        if (this.ev.expr(p.visible) === 0) continue;
        return p.expr ? this.exprUncertain(p.expr) : false;
      }
    }
    const rp = sym.type === 'int' || sym.type === 'hex' ? this.ev.rangeProp(sym) : null;
    if (
      rp?.range &&
      (rp.shellUnknown || this.exprUncertain(rp.visible) || this.uncertain(rp.range[0]) || this.uncertain(rp.range[1]))
    )
      return true;
    return false;
  }
}
