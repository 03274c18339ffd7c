/**
 * Kconfig symbols: the counterpart of the kernel's scripts/kconfig/symbol.c for what the parse
 * needs: the symbol table (sym_lookup, with the constants y, m and n) and the dependency-cycle
 * check conf runs on a parsed tree (sym_check_deps).
 */
import { Expr, KSymbol, SymType } from './model';

/** The symbols of one tree: named ones, quoted constants, and all of them by id. */
export class SymbolTable {
  readonly symbolMap = new Map<string, KSymbol>();
  private readonly constMap = new Map<string, KSymbol>();
  /** All symbols incl. constants, indexed by KSymbol.id. */
  readonly allSymbols: KSymbol[] = [];
  readonly yes: KSymbol;
  readonly mod: KSymbol;
  readonly no: KSymbol;

  constructor() {
    this.yes = this.newSym('y', true, 'tristate');
    this.mod = this.newSym('m', true, 'tristate');
    this.no = this.newSym('n', true, 'tristate');
  }

  newSym(name: string, isConst: boolean, type: SymType = 'unknown'): KSymbol {
    const s: KSymbol = {
      name,
      isConst,
      type,
      props: [],
      menus: [],
      dirDep: null,
      revDep: null,
      implied: null,
      isChoice: false,
      optional: false,
      selectedBy: [],
      impliedBy: [],
      id: this.allSymbols.length,
    };
    this.allSymbols.push(s);
    return s;
  }

  lookup(name: string, isConst: boolean): KSymbol {
    if (name.length === 1) {
      if (name === 'y') return this.yes;
      if (name === 'm') return this.mod;
      if (name === 'n') return this.no;
    }
    const map = isConst ? this.constMap : this.symbolMap;
    let s = map.get(name);
    if (!s) {
      s = this.newSym(name, isConst);
      map.set(name, s);
    }
    return s;
  }
}

function symsOf(e: Expr | null, out: KSymbol[]): void {
  if (!e) return;
  switch (e.k) {
    case 'sym':
      if (!e.sym.isConst) out.push(e.sym);
      break;
    case 'not':
      symsOf(e.e, out);
      break;
    case 'and':
    case 'or':
      symsOf(e.l, out);
      symsOf(e.r, out);
      break;
    case 'cmp':
      if (!e.l.isConst) out.push(e.l);
      if (!e.r.isConst) out.push(e.r);
      break;
  }
}

/**
 * Cycles in the dependency graph the kernel refuses (a symbol whose
 * dependencies, selects, implies or defaults lead back to itself). At most
 * 20 cycles are reported. Iterative, so deep chains cannot overflow.
 */
export function findDependencyCycles(syms: KSymbol[]): KSymbol[][] {
  const deps = (s: KSymbol): KSymbol[] => {
    const out: KSymbol[] = [];
    symsOf(s.revDep, out);
    symsOf(s.implied, out);
    symsOf(s.dirDep, out);
    for (const p of s.props) {
      if (p.kind === 'select' || p.kind === 'imply') continue;
      symsOf(p.visible, out);
      if (p.kind === 'default' && !s.isChoice) symsOf(p.expr, out);
    }
    return [...new Set(out)].filter((d) => d.menus.length > 0 && d !== s.choice && !(s.isChoice && d.choice === s));
  };
  const state = new Map<KSymbol, number>(); // 1 on stack, 2 done
  const cycles: KSymbol[][] = [];
  for (const root of syms) {
    if (state.has(root) || !root.menus.length) continue;
    const stack: Array<{ s: KSymbol; d: KSymbol[]; i: number }> = [{ s: root, d: deps(root), i: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.d.length) {
        state.set(top.s, 2);
        stack.pop();
        continue;
      }
      const n = top.d[top.i++];
      const st = state.get(n);
      if (st === 1) {
        if (cycles.length < 20) {
          const from = stack.findIndex((f) => f.s === n);
          cycles.push(stack.slice(from).map((f) => f.s));
        }
        continue;
      }
      if (st === 2) continue;
      state.set(n, 1);
      stack.push({ s: n, d: deps(n), i: 0 });
    }
  }
  return cycles;
}
