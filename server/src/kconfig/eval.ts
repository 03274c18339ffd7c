/**
 * Symbol evaluation with the kernel's semantics: the counterpart of the value computation in
 * scripts/kconfig/symbol.c (sym_calc_value, sym_calc_visibility, the choice's value) and of
 * expr.c's expr_calc_value; tristate logic, visibility, select / imply, choices, defaults,
 * ranges. Reading and writing a .config is in confdata.ts, the text of values in values.ts,
 * the order of computation in reads.ts, unknown shell results in uncertain.ts.
 */
import { calcChoiceLegacy, calcChoiceModern } from './choice';
import { assignUser, symbolLine, writeConfig } from './confdata';
import { evalOrder } from './reads';
import { Expr, KSymbol, MenuNode, Prop, SymType, Tri } from './model';
import { ParsedTree } from './parseOptions';
import { Uncertainty } from './uncertain';
import { Kind, parseForCompare, strtoll, stringValid, triStr } from './values';

export { escapeString, stringValid, strtoll, triStr } from './values';

export interface UserAssignment {
  sym: KSymbol;
  /** Raw text after '=' (or 'n' for "is not set"). */
  raw: string;
  file: string;
  line: number;
  /** Whether the kernel accepted the text as a value for the symbol's type. */
  accepted: boolean;
}

const EMPTY_INT = { modern: '0', legacy: '' };

export class Evaluator {
  readonly n: number;
  valid: Uint8Array;
  tri: Uint8Array;
  val: string[];
  visible: Uint8Array;
  dirDepTri: Uint8Array;
  revDepTri: Uint8Array;
  impliedTri: Uint8Array;
  write: Uint8Array;
  computing: Uint8Array;
  hasUser: Uint8Array;
  userTri: Uint8Array;
  userVal: (string | undefined)[];
  /** modern: choice member priority (latest assignment first), per choice id. */
  choicePriority = new Map<number, KSymbol[]>();
  /** legacy: the member the .config selected (def[S_DEF_USER].val), per choice id. */
  choiceUserSym = new Map<number, KSymbol>();
  /** legacy: the chosen member (curr.val of the choice), per choice id. */
  choiceChosen = new Map<number, KSymbol | null>();
  modulesVal: Tri = 0;
  /** Symbols found in a dependency loop while evaluating. */
  readonly loops = new Set<KSymbol>();
  /** LEGACY semantics (see KconfigSemantics). */
  readonly legacy: boolean;
  private readonly unc = new Uncertainty(this);

  constructor(readonly tree: ParsedTree) {
    const n = tree.allSymbols.length;
    this.n = n;
    this.legacy = tree.semantics === 'legacy';
    this.valid = new Uint8Array(n);
    this.tri = new Uint8Array(n);
    this.val = new Array<string>(n).fill('');
    this.visible = new Uint8Array(n);
    this.dirDepTri = new Uint8Array(n);
    this.revDepTri = new Uint8Array(n);
    this.impliedTri = new Uint8Array(n);
    this.write = new Uint8Array(n);
    this.computing = new Uint8Array(n);
    this.hasUser = new Uint8Array(n);
    this.userTri = new Uint8Array(n);
    this.userVal = new Array<string | undefined>(n);
    for (const s of [tree.yes, tree.mod, tree.no]) {
      this.valid[s.id] = 1;
      this.tri[s.id] = s === tree.yes ? 2 : s === tree.mod ? 1 : 0;
      this.val[s.id] = s.name;
    }
  }

  /** Forget computed values (keeps user values). */
  invalidate(): void {
    this.valid.fill(0);
    this.choiceChosen.clear();
    for (const s of [this.tree.yes, this.tree.mod, this.tree.no]) this.valid[s.id] = 1;
    this.modulesVal = 0;
    this.loops.clear();
  }
  // ---------------------------------------------------------- user values

  /** Apply one assignment the way conf_read_simple does. Returns whether accepted. */
  assign(sym: KSymbol, raw: string): boolean {
    return assignUser(this, sym, raw);
  }

  /** Start reading a .config (conf_read_simple's reset). */
  resetUser(): void {
    this.hasUser.fill(0);
    this.userTri.fill(0);
    this.userVal.fill(undefined);
    this.choicePriority.clear();
    this.choiceUserSym.clear();
    if (this.legacy) for (const c of this.tree.choices) this.hasUser[c.id] = 1;
  }

  /** Drop the written value of one symbol. */
  clearUser(sym: KSymbol): void {
    this.hasUser[sym.id] = 0;
    this.userTri[sym.id] = 0;
    this.userVal[sym.id] = undefined;
  }

  /** Reset a choice's state derived from its members' written values. */
  resetChoiceUser(choice: KSymbol): void {
    this.choicePriority.delete(choice.id);
    this.choiceUserSym.delete(choice.id);
    if (this.legacy) {
      this.hasUser[choice.id] = 1;
      this.userTri[choice.id] = 0;
    }
  }

  priorityOf(choice: KSymbol): KSymbol[] {
    let l = this.choicePriority.get(choice.id);
    if (!l) {
      l = [...(choice.choiceMembers ?? [])];
      this.choicePriority.set(choice.id, l);
    }
    return l;
  }

  // ---------------------------------------------------------- evaluation

  symType(sym: KSymbol): SymType {
    const t = sym.type;
    if (t === 'tristate') {
      if (this.legacy && sym.choice && this.visible[sym.id] === 2) return 'bool';
      if (this.modulesVal === 0) return 'bool';
    }
    return t;
  }

  /** The value as the kernel prints it (y/m/n for bool/tristate). */
  stringValue(sym: KSymbol): string {
    this.calc(sym);
    if (sym.type === 'bool' || sym.type === 'tristate') return triStr(this.tri[sym.id] as Tri);
    return this.val[sym.id];
  }

  /** curr.val as the kernel stores it (for default-from-symbol copies). */
  private rawVal(sym: KSymbol): string {
    if (sym.type === 'bool' || sym.type === 'tristate') return sym.isConst ? sym.name : 'n';
    return this.val[sym.id];
  }

  expr(e: Expr | null): Tri {
    if (!e) return 2;
    switch (e.k) {
      case 'sym':
        this.calc(e.sym);
        return this.tri[e.sym.id] as Tri;
      case 'and':
      case 'or': {
        if (e.l.k !== e.k) {
          const a = this.expr(e.l);
          const b = this.expr(e.r);
          return (e.k === 'and' ? (a < b ? a : b) : a > b ? a : b) as Tri;
        }
        // a long chain (a && b && c …, built left-deep): along its spine without recursion,
        // in the same order as the recursion would go
        const spine: Expr[] = [];
        let x: Expr = e;
        while (x.k === e.k) {
          spine.push(x);
          x = (x as { l: Expr }).l;
        }
        let v = this.expr(x);
        for (let i = spine.length - 1; i >= 0; i--) {
          const b = this.expr((spine[i] as { r: Expr }).r);
          v = (e.k === 'and' ? (v < b ? v : b) : v > b ? v : b) as Tri;
        }
        return v;
      }
      case 'not':
        return (2 - this.expr(e.e)) as Tri;
      case 'cmp': {
        const r = this.compare(e.l, e.r);
        switch (e.op) {
          case '=':
            return r === 0 ? 2 : 0;
          case '!=':
            return r !== 0 ? 2 : 0;
          case '<':
            return r < 0 ? 2 : 0;
          case '<=':
            return r <= 0 ? 2 : 0;
          case '>':
            return r > 0 ? 2 : 0;
          case '>=':
            return r >= 0 ? 2 : 0;
        }
      }
    }
    return 0;
  }

  compare(a: KSymbol, b: KSymbol): number {
    const s1 = this.stringValue(a);
    const s2 = this.stringValue(b);
    let k1: Kind = 'string';
    let k2: Kind = 'string';
    let v1 = 0n;
    let v2 = 0n;
    if (a.type !== 'string' || b.type !== 'string') {
      [k1, v1] = parseForCompare(s1, a.type);
      [k2, v2] = parseForCompare(s2, b.type);
    }
    if (k1 === 'string' || k2 === 'string') return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
    if (k1 === 'unsigned' || k2 === 'unsigned') {
      const u1 = BigInt.asUintN(64, v1);
      const u2 = BigInt.asUintN(64, v2);
      return u1 > u2 ? 1 : u1 < u2 ? -1 : 0;
    }
    return v1 > v2 ? 1 : v1 < v2 ? -1 : 0;
  }

  // (indexed loops over a symbol's properties and over all symbols: a warm olddefconfig run does
  // this unoptimized, where a for-of makes an object a step: 5 ms less of its ~80 ms here)
  private defaultProp(sym: KSymbol): Prop | null {
    for (let i = 0, ps = sym.props; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.kind !== 'default') continue;
      if (this.expr(p.visible) !== 0) return p;
    }
    return null;
  }

  rangeProp(sym: KSymbol): Prop | null {
    for (let i = 0, ps = sym.props; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.kind !== 'range') continue;
      if (this.expr(p.visible) !== 0) return p;
    }
    return null;
  }

  calcVisibility(sym: KSymbol): void {
    const id = sym.id;
    let t: Tri = 0;
    const cs = this.legacy ? sym.choice : undefined;
    for (let i = 0, ps = sym.props; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.text === undefined) continue;
      let pv = this.expr(p.visible);
      if (cs && sym.type === 'tristate' && pv === 1) {
        this.calc(cs);
        if (this.tri[cs.id] === 2) pv = 0;
      }
      if (pv > t) t = pv;
    }
    if (t === 1 && (sym.type !== 'tristate' || this.modulesVal === 0)) t = 2;
    this.visible[id] = t;
    if (sym.choice) return;
    let d: Tri = sym.dirDep ? this.expr(sym.dirDep) : 2;
    const isBool = this.symType(sym) === 'bool';
    if (d === 1 && isBool) d = 2;
    this.dirDepTri[id] = d;
    let r: Tri = sym.revDep ? this.expr(sym.revDep) : 0;
    if (r === 1 && isBool) r = 2;
    this.revDepTri[id] = r;
    // before 5.6 (see ParseOptions.oldImply) imply counts only while the direct dependency is not n
    let im: Tri = sym.implied && !(this.tree.oldImply && d === 0) ? this.expr(sym.implied) : 0;
    if (im === 1 && isBool) im = 2;
    this.impliedTri[id] = im;
  }

  /** sym_calc_value: the symbol's value, computed once until invalidated. */
  calc(sym: KSymbol): void {
    const id = sym.id;
    if (this.valid[id]) {
      // re-entering a choice while its members are computed is normal (old kernels)
      if (this.computing[id] && !sym.isChoice) this.loops.add(sym);
      return;
    }
    this.valid[id] = 1;
    let newVal = this.emptyValue(sym);
    if (newVal === undefined) {
      this.val[id] = sym.name;
      this.tri[id] = 0;
      return;
    }
    this.computing[id] = 1;
    try {
      this.write[id] = 0;
      this.calcVisibility(sym);
      if (this.visible[id] !== 0) this.write[id] = 1;
      this.tri[id] = 0;
      this.val[id] = newVal;
      const type = this.symType(sym);
      let newTri: Tri = 0;
      if (type === 'bool' || type === 'tristate') newTri = this.calcTri(sym);
      else newVal = this.calcText(sym, newVal);
      this.tri[id] = newTri;
      this.val[id] = newVal;
      this.finishCalc(sym, newTri);
    } finally {
      this.computing[id] = 0;
    }
  }

  /** A symbol's value before anything sets it (undefined for a symbol of no type). */
  private emptyValue(sym: KSymbol): string | undefined {
    switch (sym.type) {
      case 'int':
        return this.legacy ? EMPTY_INT.legacy : EMPTY_INT.modern;
      case 'hex':
        return this.legacy ? '' : '0x0';
      case 'string':
        return '';
      case 'bool':
      case 'tristate':
        return 'n';
      default:
        return undefined;
    }
  }

  /** The value of a bool/tristate: its choice's, the user's, or default, imply and select. */
  private calcTri(sym: KSymbol): Tri {
    const id = sym.id;
    let newTri: Tri = 0;
    if (!this.legacy && sym.choice) {
      this.calcChoiceModern(sym.choice);
      newTri = this.tri[id] as Tri;
    } else if (this.legacy && sym.choice && this.visible[id] === 2) {
      this.calc(sym.choice);
      newTri = this.choiceChosen.get(sym.choice.id) === sym ? 2 : 0;
    } else {
      let done = false;
      if (this.visible[id] !== 0 && this.hasUser[id]) {
        newTri = Math.min(this.userTri[id], this.visible[id]) as Tri;
        done = true;
      } else if (sym.transitional && this.hasUser[id]) {
        newTri = this.userTri[id] as Tri;
        done = true;
      }
      if (!done) newTri = this.calcTriDefault(sym);
      newTri = Math.max(newTri, this.revDepTri[id]) as Tri;
    }
    if (newTri === 1 && (this.symType(sym) === 'bool' || (this.tree.oldImply && this.impliedTri[id] === 2))) newTri = 2;
    return newTri;
  }

  /** A bool/tristate without a user value: its active default, raised by imply. */
  private calcTriDefault(sym: KSymbol): Tri {
    const id = sym.id;
    let newTri: Tri = 0;
    if (this.revDepTri[id] !== 0) this.write[id] = 1;
    if (!sym.isChoice) {
      const p = this.defaultProp(sym);
      if (p) {
        newTri = Math.min(this.expr(p.expr), this.expr(p.visible)) as Tri;
        if (newTri !== 0 || this.tree.oldWrites) this.write[id] = 1;
      }
      if (this.impliedTri[id] !== 0) {
        this.write[id] = 1;
        newTri = Math.max(newTri, this.impliedTri[id]) as Tri;
        if (!this.tree.oldImply) newTri = Math.min(newTri, this.dirDepTri[id]) as Tri;
      }
    }
    return newTri;
  }

  /** The value of an int, hex or string: the user's, else a default's (newVal when none). */
  private calcText(sym: KSymbol, newVal: string): string {
    const id = sym.id;
    if ((this.visible[id] !== 0 || sym.transitional) && this.hasUser[id]) return this.userVal[id] ?? '';
    const p = this.defaultProp(sym);
    if (p && p.expr && p.expr.k === 'sym') {
      const ds = p.expr.sym;
      this.write[id] = 1;
      this.calc(ds);
      return this.rawVal(ds);
    }
    return newVal;
  }

  /** After the value: a legacy choice's chosen member, the range, MODULES, what is written. */
  private finishCalc(sym: KSymbol, newTri: Tri): void {
    const id = sym.id;
    if (this.legacy && sym.isChoice && newTri === 2) {
      this.choiceChosen.set(id, this.calcChoiceLegacy(sym));
    }
    this.validateRange(sym);
    if (sym === this.tree.modulesSym) this.modulesVal = this.tri[id] as Tri;
    if (sym.transitional || sym.noWrite) this.write[id] = 0;
    if (sym.isChoice) {
      if (this.legacy) {
        for (const m of sym.choiceMembers ?? []) {
          if (this.write[id] && this.visible[m.id] !== 0) this.write[m.id] = 1;
        }
      }
      this.write[id] = 0;
    }
  }

  private validateRange(sym: KSymbol): void {
    if (sym.type !== 'int' && sym.type !== 'hex') return;
    const base = sym.type === 'int' ? 10 : 16;
    const p = this.rangeProp(sym);
    if (!p || !p.range) return;
    const v = strtoll(this.val[sym.id], base);
    let bound = p.range[0];
    let b = this.rangeVal(bound, base);
    if (v >= b) {
      bound = p.range[1];
      b = this.rangeVal(bound, base);
      if (v <= b) return;
    }
    this.val[sym.id] = this.rawVal(bound);
  }

  rangeVal(sym: KSymbol, base: number): bigint {
    this.calc(sym);
    const b = sym.type === 'int' ? 10 : sym.type === 'hex' ? 16 : base;
    return strtoll(this.rawVal(sym), b);
  }

  /** sym_string_within_range for int/hex/string user values. */
  withinRange(sym: KSymbol, s: string): boolean {
    if (sym.type === 'string') return true;
    if (sym.type !== 'int' && sym.type !== 'hex') return true;
    if (!stringValid(sym.type, s)) return false;
    const p = this.rangeProp(sym);
    if (!p || !p.range) return true;
    const base = sym.type === 'int' ? 10 : 16;
    const v = strtoll(s, base);
    return v >= this.rangeVal(p.range[0], base) && v <= this.rangeVal(p.range[1], base);
  }
  // ------------------------------------------------------------- uncertainty (uncertain.ts)

  /** Forget uncertainty results (after values changed). */
  resetUncertainty(): void {
    this.unc.reset();
  }

  /** Whether the expression's value could differ if the unknown `$(shell,...)` results were known. */
  exprUncertain(e: Expr | null): boolean {
    return this.unc.exprUncertain(e);
  }

  /** Whether a symbol's value depends on an unknown `$(shell,...)` result. */
  uncertain(sym: KSymbol): boolean {
    return this.unc.uncertain(sym);
  }

  // ------------------------------------------------------------- choices (choice.ts)

  /** The member a choice has chosen (and the members' values set). */
  private calcChoiceModern(choice: KSymbol): KSymbol | null {
    return calcChoiceModern(this, choice);
  }

  private calcChoiceLegacy(choice: KSymbol): KSymbol | null {
    return calcChoiceLegacy(this, choice);
  }

  // ------------------------------------------------------------- whole config

  /** conf_read + value computation for every symbol. */
  computeAll(): void {
    const t = this.tree;
    if (t.modulesSym) this.calc(t.modulesSym);
    // what a symbol reads first (a long chain of dependencies is then evaluated without deep
    // recursion); the values do not depend on the order
    const order = evalOrder(t);
    for (let i = 0; i < order.length; i++) this.calc(order[i]!);
    for (let i = 0, all = t.allSymbols; i < all.length; i++) this.calc(all[i]!);
    this.fixLegacyRanges(t.allSymbols);
  }

  /** 6.1-era conf_read: an int/hex user value out of range is dropped (the default is used). */
  fixLegacyRanges(syms: readonly KSymbol[]): void {
    if (!this.legacy) return;
    for (let i = 0; i < syms.length; i++) {
      const s = syms[i]!;
      if (!this.hasUser[s.id] || s.choice) continue;
      if (s.type !== 'int' && s.type !== 'hex' && s.type !== 'string') continue;
      if (this.withinRange(s, this.userVal[s.id] ?? '')) continue;
      this.hasUser[s.id] = 0;
      this.valid[s.id] = 0;
      this.calc(s);
    }
  }

  private stateKey(s: KSymbol): string {
    const i = s.id;
    const ch = s.isChoice ? (this.choiceChosen.get(i)?.name ?? '') : '';
    return `${this.tri[i]}|${this.val[i]}|${this.visible[i]}|${this.write[i]}|${this.dirDepTri[i]}|${this.revDepTri[i]}|${this.impliedTri[i]}|${ch}`;
  }

  /**
   * Incremental re-evaluation after the written values of `changed` changed:
   * recompute them, and then (worklist, early cut-off) every symbol that reads
   * a symbol whose state changed. `users(s)` lists the symbols that read s.
   * Returns the number of recomputations, or -1 when a full evaluation is
   * needed (MODULES changed, or too much work).
   */
  propagate(
    changed: KSymbol[],
    users: (s: KSymbol) => readonly KSymbol[],
    limit = 30000,
    recomputed?: KSymbol[],
  ): number {
    const work: KSymbol[] = [];
    const queued = new Uint8Array(this.n);
    const push = (s: KSymbol): void => {
      if (s.isConst || queued[s.id]) return;
      queued[s.id] = 1;
      work.push(s);
    };
    for (const s of changed) push(s);
    let count = 0;
    while (work.length) {
      const s = work.shift()!;
      queued[s.id] = 0;
      // a choice and its members are recomputed together
      const group: KSymbol[] = [];
      const ch = s.choice ?? (s.isChoice ? s : undefined);
      if (ch) {
        group.push(ch, ...(ch.choiceMembers ?? []));
        for (const g of group) queued[g.id] = 0;
      } else group.push(s);
      const before = group.map((g) => this.stateKey(g));
      this.invalidateSome(group);
      for (const g of group) this.calc(g);
      this.fixLegacyRanges(group);
      count += group.length;
      if (recomputed) recomputed.push(...group);
      if (count > limit) return -1;
      for (let i = 0; i < group.length; i++) {
        const g = group[i];
        if (this.stateKey(g) === before[i]) continue;
        if (g === this.tree.modulesSym) return -1;
        for (const u of users(g)) push(u);
      }
    }
    return count;
  }

  /** Forget computed values of some symbols only (incremental re-evaluation). */
  invalidateSome(syms: Iterable<KSymbol>): void {
    for (const s of syms) {
      if (s.isConst) continue;
      this.valid[s.id] = 0;
      if (s.isChoice) this.choiceChosen.delete(s.id);
    }
  }

  /** Whether a menu/comment node (without symbol) is shown (menu_is_visible). */
  menuVisible(m: MenuNode): boolean {
    if (!m.prompt) return false;
    if (m.visibility && this.expr(m.visibility) === 0) return false;
    if (m.sym) {
      this.calc(m.sym);
      return this.expr(m.prompt.visible) !== 0;
    }
    return this.expr(m.prompt.visible) !== 0;
  }
  /** The .config text conf writes (conf_write). */
  writeConfig(): string {
    return writeConfig(this);
  }

  /** The .config line for a symbol's current value ('' for unknown type). */
  symbolLine(sym: KSymbol): string {
    return symbolLine(this, sym);
  }
}
