/**
 * Kconfig symbols: the counterpart of the kernel's scripts/kconfig/symbol.c for what the parse
 * needs: the symbol table (sym_lookup, with the constants y, m and n) and the dependency-cycle
 * check conf runs on a parsed tree (sym_check_deps).
 */
import { Expr, KSymbol, none, SymType } from './model';

/**
 * A copy of a name cut out of a file's text that holds only its own characters. V8 makes a substring
 * of 13 characters or more a view into the string it was cut from, which keeps that whole text
 * alive: a symbol table of views would keep most of the tree's Kconfig files in memory (5.5 MB of
 * Debian's 6.1 tree, help texts included). Joining then cutting makes V8 copy the characters.
 */
function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

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
      props: none(),
      menus: none(),
      dirDep: null,
      revDep: null,
      implied: null,
      isChoice: false,
      optional: false,
      selectedBy: none(),
      impliedBy: none(),
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
      name = ownString(name);
      s = this.newSym(name, isConst);
      map.set(name, s);
    }
    return s;
  }
}

/** The dependencies being listed (addDeps): each kept symbol once per symbol (mark[id] === gen). */
interface DepList {
  out: KSymbol[];
  mark: number[];
  gen: number;
  of: KSymbol;
  /** By id: 1 on the walk's way, 2 done (a done one is not listed: it would be passed over). */
  state: number[];
}

function addDep(d: KSymbol, l: DepList): void {
  if (d.isConst || l.mark[d.id] === l.gen || l.state[d.id] === 2) return;
  l.mark[d.id] = l.gen;
  const s = l.of;
  if (d.menus.length > 0 && d !== s.choice && !(s.isChoice && d.choice === s)) l.out.push(d);
}

function addDeps(e: Expr | null, l: DepList): void {
  while (e) {
    switch (e.k) {
      case 'sym':
        addDep(e.sym, l);
        return;
      case 'not':
        e = e.e;
        break;
      case 'and':
      case 'or':
        addDeps(e.l, l);
        e = e.r; // the right side in the loop: an OR chain of many selects stays shallow
        break;
      case 'cmp':
        addDep(e.l, l);
        addDep(e.r, l);
        return;
      default:
        return;
    }
  }
}

/**
 * Cycles in the dependency graph the kernel refuses (a symbol whose
 * dependencies, selects, implies or defaults lead back to itself). At most
 * 20 cycles are reported. Iterative, so deep chains cannot overflow.
 */
export function findDependencyCycles(syms: KSymbol[]): KSymbol[][] {
  // A kernel tree has ~20,000 symbols: per-id arrays, no Set, Map or list per symbol (this runs on
  // every parse). The dependencies of every symbol on the walk's way wait in one list (`pending`),
  // each symbol's last first (see evalOrder).
  const state: number[] = [];
  const way: KSymbol[] = [];
  const waysBase: number[] = [];
  const list: DepList = { out: [], mark: [], gen: 0, of: syms[0]!, state };
  const pending = list.out;
  const enter = (s: KSymbol): void => {
    state[s.id] = 1;
    way.push(s);
    waysBase.push(pending.length);
    const from = pending.length;
    list.gen++;
    list.of = s;
    addDeps(s.revDep, list);
    addDeps(s.implied, list);
    addDeps(s.dirDep, list);
    for (const p of s.props) {
      if (p.kind === 'select' || p.kind === 'imply') continue;
      addDeps(p.visible, list);
      if (p.kind === 'default' && !s.isChoice) addDeps(p.expr, list);
    }
    for (let i = from, j = pending.length - 1; i < j; i++, j--) {
      const x = pending[i]!;
      pending[i] = pending[j]!;
      pending[j] = x;
    }
  };
  const cycles: KSymbol[][] = [];
  for (const root of syms) {
    if (state[root.id] || !root.menus.length) continue;
    enter(root);
    while (way.length) {
      if (pending.length > waysBase[waysBase.length - 1]!) {
        const n = pending.pop()!;
        const st = state[n.id];
        if (st === 1) {
          if (cycles.length < 20) cycles.push(way.slice(way.indexOf(n)));
        } else if (st !== 2) enter(n);
        continue;
      }
      state[way.pop()!.id] = 2;
      waysBase.pop();
    }
  }
  return cycles;
}
