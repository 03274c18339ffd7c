/**
 * The solver's state and its estimates: the configuration under edit (solveState.ts), the search's
 * budget, the values it reads, and how many assignments raising or lowering a symbol roughly takes
 * (which way the search tries first). The base of the search (solveSearch.ts) and of the solver
 * (solve.ts). No kernel counterpart: conf does not search.
 */
import { readConfigLines, strictUnset } from './dotconfig';
import type { KconfigTree } from './index';
import type { Expr, KSymbol, Tri } from './model';
import type { Goal, GoalTerm, SolveOptions } from './solve';
import { SolveState, type Assign } from './solveState';
import { type Chain, flatten, INF, isTri, MAX_DEPTH, valueMatches } from './solveCommon';

export abstract class SolverBase {
  protected readonly state: SolveState;
  protected steps = 0;
  protected readonly maxSteps: number;
  protected readonly deadline: number;
  protected exhausted = false;
  protected readonly active = new Set<string>();
  protected readonly chains = new Map<KSymbol, Chain>();
  protected memo = new Map<string, number>();
  protected readonly explicitBase = new Set<KSymbol>();

  constructor(
    protected readonly tree: KconfigTree,
    protected readonly baseText: string,
    protected readonly goals: Goal[],
    protected readonly opts: SolveOptions,
    protected readonly t0: number,
  ) {
    this.state = new SolveState(tree, baseText);
    this.maxSteps = opts.maxSteps ?? 20000;
    this.deadline = t0 + (opts.timeLimitMs ?? 30000);
    for (const cl of readConfigLines(baseText, strictUnset(tree.semantics))) {
      const s = cl.name ? tree.parsed.symbolMap.get(cl.name) : undefined;
      if (s && (cl.kind === 'set' || cl.kind === 'unset')) this.explicitBase.add(s);
    }
  }

  protected get ev() {
    return this.state.ev;
  }

  // ------------------------------------------------------------------ values

  protected cur(s: KSymbol): Tri {
    return this.ev.expr({ k: 'sym', sym: s });
  }

  protected val(e: Expr | null): Tri {
    return this.ev.expr(e);
  }

  protected defined(s: KSymbol): boolean {
    return s.menus.length > 0;
  }

  protected modulesOn(): boolean {
    const m = this.tree.parsed.modulesSym;
    return !!m && this.cur(m) === 2;
  }

  protected termMet(t: GoalTerm): boolean {
    const s = this.tree.symbol(t.name);
    if (!s || !this.defined(s)) return false;
    return valueMatches(s, this.state.value(s), t.values);
  }

  protected goalMet(g: Goal): boolean {
    return g.anyOf.some((t) => this.termMet(t));
  }

  // ------------------------------------------------------------------ state changes

  protected add(s: KSymbol, raw: string, chain: Chain): void {
    this.state.add(s, raw);
    if (!this.chains.has(s)) this.chains.set(s, chain);
    this.memo.clear();
  }

  protected snapshot(): Assign[] {
    return this.state.addedList;
  }

  protected restore(snap: Assign[]): void {
    this.state.setAdded(snap);
    this.memo.clear();
  }

  protected budget(): boolean {
    if (this.exhausted) return false;
    if (++this.steps > this.maxSteps || (this.steps % 64 === 0 && performance.now() > this.deadline)) {
      this.exhausted = true;
      return false;
    }
    return true;
  }

  protected rawFor(s: KSymbol, L: number): string {
    return s.type === 'tristate' && L === 1 && this.modulesOn() ? 'm' : 'y';
  }

  // ------------------------------------------------------------------ estimates

  /** Roughly how many assignments raising s to L takes (0: already; Infinity: impossible). */
  protected est(s: KSymbol, L: number, d: number): number {
    if (this.cur(s) >= L) return 0;
    if (s.isConst || !this.defined(s) || !isTri(s)) return INF;
    if (d > MAX_DEPTH) return 3;
    const key = `r${s.id}:${L}`;
    const m = this.memo.get(key);
    if (m !== undefined) return m;
    this.memo.set(key, INF);
    let best = INF;
    if (s.isChoice) {
      best = this.estE(s.choiceMenu?.prompt?.visible ?? null, L, d + 1);
    } else {
      const prompts = s.props.filter((p) => p.kind === 'prompt');
      const userLow = this.ev.hasUser[s.id] === 1 && this.ev.userTri[s.id] < L;
      for (const p of prompts) best = Math.min(best, 1 + this.penalty(s) + this.estE(p.visible, L, d + 1));
      for (const p of s.props) {
        if (p.kind !== 'default') continue;
        best = Math.min(
          best,
          this.estE(p.visible, L, d + 1) + this.estE(p.expr, L, d + 1) + (userLow && prompts.length ? 1 : 0),
        );
        if (this.val(p.visible) > 0) break;
      }
      if (best === INF) {
        for (const p of s.selectedBy.slice(0, 40)) {
          const sel = p.menu.sym;
          if (!sel) continue;
          best = Math.min(best, 0.5 + this.est(sel, L, d + 1) + this.estE(p.visible, L, d + 1));
        }
      }
    }
    this.memo.set(key, best);
    return best;
  }

  protected estE(e: Expr | null, L: number, d: number): number {
    if (!e || this.val(e) >= L) return 0;
    switch (e.k) {
      case 'sym':
        return this.est(e.sym, L, d);
      case 'and': {
        let sum = 0;
        for (const o of flatten(e, 'and')) {
          sum += this.estE(o, L, d);
          if (sum === INF) break;
        }
        return sum;
      }
      case 'or': {
        let best = INF;
        for (const o of flatten(e, 'or')) best = Math.min(best, this.estE(o, L, d));
        return best;
      }
      case 'not':
        return this.estLowE(e.e, 2 - L, d);
      case 'cmp': {
        const v = [e.l, e.r].find((s) => !s.isConst && this.defined(s));
        if (!v) return INF;
        return 1 + (isTri(v) ? 0 : v.props.some((p) => p.kind === 'prompt') ? 0 : INF);
      }
    }
    return INF;
  }

  /** Roughly how many assignments lowering s to at most M takes. */
  protected estLow(s: KSymbol, M: number, d: number): number {
    if (this.cur(s) <= M) return 0;
    if (s.isConst || !this.defined(s)) return INF;
    if (d > MAX_DEPTH) return 3;
    const key = `l${s.id}:${M}`;
    const m = this.memo.get(key);
    if (m !== undefined) return m;
    this.memo.set(key, INF);
    let c = 0;
    if (this.ev.revDepTri[s.id] > M) {
      for (const p of s.selectedBy) {
        const sel = p.menu.sym;
        if (!sel || Math.min(this.cur(sel), this.val(p.visible)) <= M) continue;
        c += Math.min(this.estLow(sel, M, d + 1), this.estLowE(p.visible, M, d + 1));
        if (c === INF) break;
      }
    }
    if (s.choice && M === 0) c += 2;
    else if (this.ev.visible[s.id] > 0 && s.props.some((p) => p.kind === 'prompt'))
      c += 1 + (this.explicitBase.has(s) ? 2 : 0);
    else c += 3;
    this.memo.set(key, c);
    return c;
  }

  protected estLowE(e: Expr | null, M: number, d: number): number {
    if (!e) return M >= 2 ? 0 : INF;
    if (this.val(e) <= M) return 0;
    switch (e.k) {
      case 'sym':
        return this.estLow(e.sym, M, d);
      case 'and': {
        let best = INF;
        for (const o of flatten(e, 'and')) best = Math.min(best, this.estLowE(o, M, d));
        return best;
      }
      case 'or': {
        let sum = 0;
        for (const o of flatten(e, 'or')) sum += this.estLowE(o, M, d);
        return sum;
      }
      case 'not':
        return this.estE(e.e, 2 - M, d);
      case 'cmp':
        return [e.l, e.r].some((s) => !s.isConst && this.defined(s)) ? 1 : INF;
    }
    return INF;
  }

  /** Changing an assignment the user wrote costs a little more than adding a new one. */
  protected penalty(s: KSymbol): number {
    return this.explicitBase.has(s) ? 0.25 : 0;
  }
}
