/**
 * Symbol evaluation with the kernel's semantics (tristate logic, visibility,
 * select / imply, choices, defaults, ranges) and the olddefconfig algorithm:
 * read a .config, compute every value, write the kernel's .config text.
 * Own implementation, written after reading scripts/kconfig/{symbol,confdata,expr}.c.
 */
import { Expr, KSymbol, MenuNode, Prop, SymType, Tri } from './model';
import { ParsedTree } from './parseOptions';

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
  private readonly legacy: boolean;

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
    const id = sym.id;
    let ok = true;
    switch (sym.type) {
      case 'tristate':
      case 'bool': {
        const c = raw[0];
        if (c === 'm' && sym.type === 'tristate') this.setUserTri(sym, 1);
        else if (c === 'y') this.setUserTri(sym, 2);
        else if (c === 'n') this.setUserTri(sym, 0);
        else ok = false;
        break;
      }
      case 'string': {
        if (raw[0] !== '"') {
          // the kernel silently ignores unquoted strings
          ok = false;
          break;
        }
        let out = '';
        let closed = false;
        for (let i = 1; i < raw.length; i++) {
          const ch = raw[i];
          if (ch === '"') {
            closed = true;
            break;
          }
          if (ch === '\\') {
            i++;
            if (i < raw.length) out += raw[i];
            continue;
          }
          out += ch;
        }
        if (!closed) {
          ok = false;
          break;
        }
        this.hasUser[id] = 1;
        this.userVal[id] = out;
        break;
      }
      case 'int':
      case 'hex':
        if (stringValid(sym.type, raw)) {
          this.hasUser[id] = 1;
          this.userVal[id] = raw;
        } else ok = false;
        break;
      default:
        return true;
    }
    if (!ok) return false;
    if (this.legacy) {
      const cs = sym.choice;
      if (cs) {
        const t = this.userTri[id] as Tri;
        if (t === 1 && this.userTri[cs.id] === 2) this.hasUser[cs.id] = 0;
        if (t === 2) this.choiceUserSym.set(cs.id, sym);
        this.userTri[cs.id] = Math.max(this.userTri[cs.id], t);
      }
    } else if (sym.choice) {
      const list = this.priorityOf(sym.choice);
      const i = list.indexOf(sym);
      if (i >= 0) list.splice(i, 1);
      list.unshift(sym);
    }
    return true;
  }

  private setUserTri(sym: KSymbol, t: Tri): void {
    this.hasUser[sym.id] = 1;
    this.userTri[sym.id] = t;
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

  private defaultProp(sym: KSymbol): Prop | null {
    for (const p of sym.props) {
      if (p.kind !== 'default') continue;
      if (this.expr(p.visible) !== 0) return p;
    }
    return null;
  }

  rangeProp(sym: KSymbol): Prop | null {
    for (const p of sym.props) {
      if (p.kind !== 'range') continue;
      if (this.expr(p.visible) !== 0) return p;
    }
    return null;
  }

  calcVisibility(sym: KSymbol): void {
    const id = sym.id;
    let t: Tri = 0;
    const cs = this.legacy ? sym.choice : undefined;
    for (const p of sym.props) {
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

  calc(sym: KSymbol): void {
    const id = sym.id;
    if (this.valid[id]) {
      // re-entering a choice while its members are computed is normal (old kernels)
      if (this.computing[id] && !sym.isChoice) this.loops.add(sym);
      return;
    }
    this.valid[id] = 1;
    const legacyEmpty = this.legacy;
    let newTri: Tri = 0;
    let newVal: string;
    switch (sym.type) {
      case 'int':
        newVal = legacyEmpty ? EMPTY_INT.legacy : EMPTY_INT.modern;
        break;
      case 'hex':
        newVal = legacyEmpty ? '' : '0x0';
        break;
      case 'string':
        newVal = '';
        break;
      case 'bool':
      case 'tristate':
        newVal = 'n';
        break;
      default:
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
      if (type === 'bool' || type === 'tristate') {
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
          if (!done) {
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
          }
          newTri = Math.max(newTri, this.revDepTri[id]) as Tri;
        }
        if (newTri === 1 && (this.symType(sym) === 'bool' || (this.tree.oldImply && this.impliedTri[id] === 2)))
          newTri = 2;
      } else {
        if ((this.visible[id] !== 0 || sym.transitional) && this.hasUser[id]) {
          newVal = this.userVal[id] ?? '';
        } else {
          const p = this.defaultProp(sym);
          if (p && p.expr && p.expr.k === 'sym') {
            const ds = p.expr.sym;
            this.write[id] = 1;
            this.calc(ds);
            newVal = this.rawVal(ds);
          }
        }
      }
      this.tri[id] = newTri;
      this.val[id] = newVal;
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
    } finally {
      this.computing[id] = 0;
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

  // ------------------------------------------------------------- uncertainty

  private uncMemo = new Map<number, boolean>();
  private uncBusy = new Set<number>();

  /** Forget uncertainty results (after values changed). */
  resetUncertainty(): void {
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
          if (!u && this.expr(o) === decisive) return false;
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
    this.calc(sym);
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
    const usedUser = this.visible[id] !== 0 && this.hasUser[id];
    if (!usedUser) {
      if (isTri && (this.exprUncertain(sym.implied) || (this.impliedTri[id] && this.exprUncertain(sym.dirDep))))
        return true;
      for (const p of sym.props) {
        if (p.kind !== 'default') continue;
        // the unknown text may be in the value or in the condition
        if (p.shellUnknown || this.exprUncertain(p.visible)) return true;
        if (this.expr(p.visible) === 0) continue;
        return p.expr ? this.exprUncertain(p.expr) : false;
      }
    }
    const rp = sym.type === 'int' || sym.type === 'hex' ? this.rangeProp(sym) : null;
    if (
      rp?.range &&
      (rp.shellUnknown || this.exprUncertain(rp.visible) || this.uncertain(rp.range[0]) || this.uncertain(rp.range[1]))
    )
      return true;
    return false;
  }

  // ------------------------------------------------------------- choices

  private choiceDone = new Set<number>();

  private calcChoiceModern(choice: KSymbol): KSymbol | null {
    const members = choice.choiceMembers ?? [];
    let res: KSymbol | null = null;
    for (const s of this.priorityOf(choice)) {
      this.calcVisibility(s);
      if (this.visible[s.id] === 0) continue;
      if (this.hasUser[s.id] && this.userTri[s.id] === 2) {
        res = s;
        break;
      }
    }
    if (!res) {
      res = this.choiceDefault(choice);
      if (res && this.hasUser[res.id] && this.userTri[res.id] === 0) res = null;
    }
    if (!res) {
      for (const s of members) {
        if (this.visible[s.id] === 0 || this.hasUser[s.id]) continue;
        res = s;
        break;
      }
    }
    if (!res) {
      const pr = this.priorityOf(choice);
      for (let i = pr.length - 1; i >= 0; i--) {
        if (this.visible[pr[i].id] === 0) continue;
        res = pr[i];
        break;
      }
    }
    for (const s of members) {
      if (this.visible[s.id] === 0) continue;
      this.tri[s.id] = s === res ? 2 : 0;
      this.valid[s.id] = 1;
      this.write[s.id] = 1;
    }
    return res;
  }

  private choiceDefault(choice: KSymbol): KSymbol | null {
    for (const p of choice.props) {
      if (p.kind !== 'default') continue;
      if (this.expr(p.visible) === 0) continue;
      const d = p.target ?? (p.expr?.k === 'sym' ? p.expr.sym : undefined);
      if (d && this.visible[d.id] !== 0) return d;
    }
    for (const s of choice.choiceMembers ?? []) if (this.visible[s.id] !== 0) return s;
    return null;
  }

  private calcChoiceLegacy(choice: KSymbol): KSymbol | null {
    let all = this.hasUser[choice.id] === 1;
    for (const m of choice.choiceMembers ?? []) {
      this.calcVisibility(m);
      if (this.visible[m.id] !== 0 && !this.hasUser[m.id]) all = false;
    }
    if (!all) this.hasUser[choice.id] = 0;
    const u = this.choiceUserSym.get(choice.id);
    if (u && this.visible[u.id] !== 0) return u;
    const d = this.choiceDefault(choice);
    if (!d) this.tri[choice.id] = 0;
    return d;
  }

  // ------------------------------------------------------------- whole config

  /** conf_read + value computation for every symbol. */
  computeAll(): void {
    const t = this.tree;
    if (t.modulesSym) this.calc(t.modulesSym);
    // what a symbol reads first (a long chain of dependencies is then evaluated without deep
    // recursion); the values do not depend on the order
    for (const s of evalOrder(t)) this.calc(s);
    for (const s of t.allSymbols) this.calc(s);
    this.fixLegacyRanges(t.allSymbols);
  }

  /** 6.1-era conf_read: an int/hex user value out of range is dropped (the default is used). */
  fixLegacyRanges(syms: Iterable<KSymbol>): void {
    if (!this.legacy) return;
    for (const s of syms) {
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
    const t = this.tree;
    const out: string[] = [];
    out.push('#\n# Automatically generated file; DO NOT EDIT.\n# ' + (t.root.prompt?.text ?? 'Main menu') + '\n#\n');
    const written = new Uint8Array(this.n);
    let needNewline = false;
    const walk = (nodes: MenuNode[]): void => {
      for (const m of nodes) {
        const sym = m.sym;
        if (!sym) {
          if (m.kind === 'menu' || m.kind === 'comment') {
            if (this.menuVisible(m)) {
              out.push('\n#\n# ' + (m.prompt?.text ?? '') + '\n#\n');
              needNewline = false;
            }
          }
        } else if (!sym.isChoice && !written[sym.id]) {
          this.calc(sym);
          if (this.write[sym.id]) {
            if (needNewline) {
              out.push('\n');
              needNewline = false;
            }
            written[sym.id] = 1;
            const line = this.symbolLine(sym);
            if (line) out.push(line + '\n');
          }
        }
        if (m.children.length) walk(m.children);
        if (m.kind === 'menu' && this.menuVisible(m)) {
          out.push('# end of ' + (m.prompt?.text ?? '') + '\n');
          needNewline = true;
        }
      }
    };
    walk(t.root.children);
    return out.join('');
  }

  /** The .config line for a symbol's current value ('' for unknown type). */
  symbolLine(sym: KSymbol): string {
    if (sym.type === 'unknown') return '';
    const v = this.stringValue(sym);
    if ((sym.type === 'bool' || sym.type === 'tristate') && v === 'n') return `# CONFIG_${sym.name} is not set`;
    if (sym.type === 'string') return `CONFIG_${sym.name}=${escapeString(v)}`;
    return `CONFIG_${sym.name}=${v}`;
  }
}

const orders = new WeakMap<ParsedTree, KSymbol[]>();

function exprSyms(e: Expr | null, out: KSymbol[]): void {
  const stack: Expr[] = [];
  if (e) stack.push(e);
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.k) {
      case 'sym':
        if (!x.sym.isConst) out.push(x.sym);
        break;
      case 'not':
        stack.push(x.e);
        break;
      case 'and':
      case 'or':
        stack.push(x.r, x.l);
        break;
      case 'cmp':
        if (!x.l.isConst) out.push(x.l);
        if (!x.r.isConst) out.push(x.r);
        break;
    }
  }
}

/**
 * The defined symbols, each after the symbols its value reads (depends on, select and imply
 * conditions, defaults, ranges, prompts), by an iterative depth-first walk; cycles are cut where
 * met. Computed once per tree.
 */
function evalOrder(t: ParsedTree): KSymbol[] {
  let order = orders.get(t);
  if (order) return order;
  order = [];
  const state = new Uint8Array(t.allSymbols.length);
  const reads = (s: KSymbol): KSymbol[] => {
    const out: KSymbol[] = [];
    exprSyms(s.dirDep, out);
    exprSyms(s.revDep, out);
    exprSyms(s.implied, out);
    for (const p of s.props) {
      exprSyms(p.visible, out);
      if (p.kind === 'default' || p.kind === 'prompt') exprSyms(p.expr, out);
      if (p.range) out.push(p.range[0], p.range[1]);
    }
    return out;
  };
  for (const root of t.allSymbols) {
    if (state[root.id] || root.isConst || !root.menus.length) continue;
    const stack: Array<{ s: KSymbol; d: KSymbol[]; i: number }> = [{ s: root, d: reads(root), i: 0 }];
    state[root.id] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.d.length) {
        stack.pop();
        order.push(top.s);
        continue;
      }
      const n = top.d[top.i++];
      if (state[n.id] || n.isConst || !n.menus.length) continue;
      state[n.id] = 1;
      stack.push({ s: n, d: reads(n), i: 0 });
    }
  }
  orders.set(t, order);
  return order;
}

export function escapeString(v: string): string {
  return '"' + v.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

export const triStr = (t: Tri): string => (t === 2 ? 'y' : t === 1 ? 'm' : 'n');

type Kind = 'string' | 'signed' | 'unsigned';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** C strtoll/strtoull-like parse. Returns value, end index and overflow. */
function cparse(s: string, base: number): { v: bigint; end: number; overflow: boolean; digits: number } {
  let i = 0;
  while (i < s.length && /[ \t\n\r\f\v]/.test(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let b = base;
  if (
    (b === 0 || b === 16) &&
    s[i] === '0' &&
    (s[i + 1] === 'x' || s[i + 1] === 'X') &&
    /[0-9a-fA-F]/.test(s[i + 2] ?? '')
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) b = s[i] === '0' ? 8 : 10;
  let v = 0n;
  let digits = 0;
  const start = i;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 36);
    if (Number.isNaN(d) || d >= b) break;
    v = v * BigInt(b) + BigInt(d);
    digits++;
  }
  if (digits === 0) return { v: 0n, end: 0, overflow: false, digits: 0 };
  void start;
  return { v: neg ? -v : v, end: i, overflow: false, digits };
}

export function strtoll(s: string, base: number): bigint {
  const r = cparse(s, base);
  if (r.v > INT64_MAX) return INT64_MAX;
  if (r.v < INT64_MIN) return INT64_MIN;
  return r.v;
}

function parseForCompare(s: string, type: SymType): [Kind, bigint] {
  if (type === 'bool' || type === 'tristate') {
    return ['signed', s === 'n' ? 0n : s === 'm' ? 1n : s === 'y' ? 2n : -1n];
  }
  const base = type === 'int' ? 10 : type === 'hex' ? 16 : 0;
  const r = cparse(s, base);
  let kind: Kind = type === 'hex' ? 'unsigned' : 'signed';
  let v = r.v;
  let overflow = false;
  if (kind === 'unsigned') {
    if (v > (1n << 64n) - 1n || v < -((1n << 64n) - 1n)) overflow = true;
    v = BigInt.asUintN(64, v);
  } else if (v > INT64_MAX || v < INT64_MIN) overflow = true;
  const ok = !overflow && r.digits > 0 && r.end === s.length && /[0-9a-fA-F]/.test(s[r.end - 1] ?? '');
  if (!ok) kind = 'string';
  return [kind, v];
}

/** sym_string_valid for int/hex. */
export function stringValid(type: SymType, str: string): boolean {
  if (type === 'int') return /^-?(0|[1-9][0-9]*)$/.test(str);
  if (type === 'hex') return /^(0[xX])?[0-9a-fA-F]+$/.test(str);
  if (type === 'string') return true;
  if (type === 'bool' || type === 'tristate') return /^[yYmMnN]/.test(str);
  return false;
}
