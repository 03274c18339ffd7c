/**
 * The Kconfig solver: given a tree, a configuration and goals (symbols with the values they must
 * have), find a small set of assignments to add so that after olddefconfig every goal holds, and
 * say why each one is needed, or why a goal cannot be reached.
 *
 * The search is goal-directed over the engine's own evaluation (solveState.ts keeps every value
 * current while assignments are added and removed):
 *   - a bool/tristate symbol is raised through its prompt (make the prompt visible: its
 *     `depends on`, enclosing `if` blocks and menus, `visible if`, then write the value), its
 *     defaults (make the first default's condition true when no written value decides), or a
 *     symbol that selects it (only for symbols without a usable prompt); each way is estimated
 *     (how many assignments it needs, looking a few levels down) and the cheapest is tried first,
 *     the next on failure, with the assignments of a failed try taken back;
 *   - `A || B` takes the cheapest branch, `A && B` needs every part, `!A` lowers A (writes n,
 *     turns off what selects it, or picks another member of its choice), comparisons write a value
 *     that satisfies them (within the symbol's range);
 *   - choices: a member is picked by writing it as y after the others (the kernel's rule: the last
 *     visible member set to y wins).
 * Then every added assignment is taken out in turn and kept out when all goals still hold (until
 * nothing more can go): each one left is necessary. A last full olddefconfig of the configuration
 * with the added lines checks the result.
 *
 * Nothing here throws; the search is bounded in steps and time.
 */
import { exprToString } from './assist';
import { resolveConfig, type KconfigTree } from './index';
import type { Expr, KSymbol, Prop, Tri } from './model';
import { readConfigLines } from './dotconfig';
import { SolveState, assignmentLine, type Assign } from './solveState';
import { stringValid, strtoll } from './values';

/** One way to meet a goal: the symbol and the values accepted (y/m/n, or the text of an int/hex/string). */
export interface GoalTerm {
  name: string;
  values: string[];
}

/** A goal: at least one of its terms must hold. */
export interface Goal {
  anyOf: GoalTerm[];
  /** How to name it to a user ("CONFIG_XEN_PV or CONFIG_XEN_PVH=y"). Default: built from the terms. */
  label?: string;
  /** Why it is wanted (a role's reason), for the explanation. */
  why?: string;
}

export interface AddedAssignment {
  name: string;
  /** The text after `=` (`n` for "is not set"). */
  value: string;
  /** The .config line. */
  line: string;
  /** The base configuration's own assignment of the symbol, when it had one (overridden). */
  previous?: string;
  /** Why: the chain from a goal to this symbol, in plain words. */
  reason: string;
  /** The symbols from the goal to this one. */
  chain: string[];
}

export interface GoalOutcome {
  label: string;
  met: boolean;
  /** Met before anything was added. */
  already: boolean;
  /** When not met: why it cannot be reached. */
  why?: string;
}

export interface SolveResult {
  /** Every goal is met. */
  ok: boolean;
  added: AddedAssignment[];
  goals: GoalOutcome[];
  /** The added lines, as a fragment for merge_config.sh or the end of a .config. */
  fragment: string;
  /** Other symbols whose value changes after olddefconfig (defaults and selects following). */
  consequences: Array<{ name: string; from: string; to: string }>;
  /** Some value involved depends on a `$(shell,...)` probe that was not run. */
  dependsOnUnknownShell: boolean;
  /** Anything else the user should know (search limits, disagreement of the final check). */
  notes: string[];
  stats: { ms: number; steps: number; updates: number; fullEvaluations: number; removedByMinimizing: number };
}

export interface SolveOptions {
  /** Upper bound of search steps (default 20,000). */
  maxSteps?: number;
  /** Upper bound of time in ms (default 30,000). */
  timeLimitMs?: number;
  /** Skip the final full olddefconfig check (benchmarks of the search alone). Default false. */
  skipFinalCheck?: boolean;
}

type Fail = { why: string } | null;
type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
interface Step {
  name: string;
  rel: string;
}
type Chain = readonly Step[];

const INF = Number.POSITIVE_INFINITY;
const MAX_DEPTH = 7;
const MAX_WHY = 700;

const isTri = (s: KSymbol): boolean => s.type === 'bool' || s.type === 'tristate';
const triOf = (v: string): Tri => (v === 'y' ? 2 : v === 'm' ? 1 : 0);
const triText = (t: number): string => (t >= 2 ? 'y' : t === 1 ? 'm' : 'n');
const cfg = (s: KSymbol | string): string => `CONFIG_${typeof s === 'string' ? s : s.name}`;

function flatten(e: Expr, k: 'and' | 'or'): Expr[] {
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
function showExpr(e: Expr | null): string {
  if (!e || e.k !== 'and') return exprToString(e);
  return uniq(flatten(e, 'and').map((o) => exprToString(o, 2))).join(' && ');
}

function clip(s: string, n = MAX_WHY): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** The label of a goal as users read it. */
export function goalLabel(g: Goal): string {
  if (g.label) return g.label;
  const vals = g.anyOf.length ? g.anyOf[0].values : [];
  const same = g.anyOf.every((t) => t.values.join('/') === vals.join('/'));
  if (same) return `${g.anyOf.map((t) => cfg(t.name)).join(' or ')}=${vals.join('/')}`;
  return g.anyOf.map((t) => `${cfg(t.name)}=${t.values.join('/')}`).join(' or ');
}

/**
 * Find assignments to add to `baseText` so that after olddefconfig every goal holds.
 * Never throws: an internal failure is reported as unmet goals with a note.
 */
export function solveConfig(tree: KconfigTree, baseText: string, goals: Goal[], opts: SolveOptions = {}): SolveResult {
  const t0 = performance.now();
  try {
    return new Solver(tree, baseText, goals, opts, t0).run();
  } catch (e) {
    const msg =
      e instanceof RangeError
        ? 'the dependencies are chained too deeply to follow'
        : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return {
      ok: false,
      added: [],
      fragment: '',
      consequences: [],
      dependsOnUnknownShell: false,
      goals: goals.map((g) => ({ label: goalLabel(g), met: false, already: false, why: msg })),
      notes: [`The search stopped: ${msg}.`],
      stats: { ms: performance.now() - t0, steps: 0, updates: 0, fullEvaluations: 0, removedByMinimizing: 0 },
    };
  }
}

type RaiseOption =
  | { kind: 'prompt'; p: Prop; cost: number }
  | { kind: 'default'; p: Prop; cost: number }
  | { kind: 'select'; p: Prop; cost: number }
  | { kind: 'imply'; p: Prop; cost: number }
  | { kind: 'choice'; cost: number };

class Solver {
  private readonly state: SolveState;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly deadline: number;
  private exhausted = false;
  private readonly active = new Set<string>();
  private readonly chains = new Map<KSymbol, Chain>();
  private memo = new Map<string, number>();
  private readonly explicitBase = new Set<KSymbol>();

  constructor(
    private readonly tree: KconfigTree,
    private readonly baseText: string,
    private readonly goals: Goal[],
    private readonly opts: SolveOptions,
    private readonly t0: number,
  ) {
    this.state = new SolveState(tree, baseText);
    this.maxSteps = opts.maxSteps ?? 20000;
    this.deadline = t0 + (opts.timeLimitMs ?? 30000);
    for (const cl of readConfigLines(baseText, tree.semantics === 'modern')) {
      const s = cl.name ? tree.parsed.symbolMap.get(cl.name) : undefined;
      if (s && (cl.kind === 'set' || cl.kind === 'unset')) this.explicitBase.add(s);
    }
  }

  private get ev() {
    return this.state.ev;
  }

  // ------------------------------------------------------------------ values

  private cur(s: KSymbol): Tri {
    return this.ev.expr({ k: 'sym', sym: s });
  }

  private val(e: Expr | null): Tri {
    return this.ev.expr(e);
  }

  private defined(s: KSymbol): boolean {
    return s.menus.length > 0;
  }

  private modulesOn(): boolean {
    const m = this.tree.parsed.modulesSym;
    return !!m && this.cur(m) === 2;
  }

  private termMet(t: GoalTerm): boolean {
    const s = this.tree.symbol(t.name);
    if (!s || !this.defined(s)) return false;
    return valueMatches(s, this.state.value(s), t.values);
  }

  private goalMet(g: Goal): boolean {
    return g.anyOf.some((t) => this.termMet(t));
  }

  // ------------------------------------------------------------------ state changes

  private add(s: KSymbol, raw: string, chain: Chain): void {
    this.state.add(s, raw);
    if (!this.chains.has(s)) this.chains.set(s, chain);
    this.memo.clear();
  }

  private snapshot(): Assign[] {
    return this.state.addedList;
  }

  private restore(snap: Assign[]): void {
    this.state.setAdded(snap);
    this.memo.clear();
  }

  private budget(): boolean {
    if (this.exhausted) return false;
    if (++this.steps > this.maxSteps || (this.steps % 64 === 0 && performance.now() > this.deadline)) {
      this.exhausted = true;
      return false;
    }
    return true;
  }

  private rawFor(s: KSymbol, L: number): string {
    return s.type === 'tristate' && L === 1 && this.modulesOn() ? 'm' : 'y';
  }

  // ------------------------------------------------------------------ estimates

  /** Roughly how many assignments raising s to L takes (0: already; Infinity: impossible). */
  private est(s: KSymbol, L: number, d: number): number {
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

  private estE(e: Expr | null, L: number, d: number): number {
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
  private estLow(s: KSymbol, M: number, d: number): number {
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

  private estLowE(e: Expr | null, M: number, d: number): number {
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
  private penalty(s: KSymbol): number {
    return this.explicitBase.has(s) ? 0.25 : 0;
  }

  // ------------------------------------------------------------------ raising

  private raise(s: KSymbol, L: number, chain: Chain): Fail {
    if (this.cur(s) >= L) return null;
    if (!this.budget()) return { why: 'the search reached its limit' };
    if (s.isConst) return { why: `the constant ${s.name} is never ${triText(L)}` };
    if (!this.defined(s)) return { why: `${cfg(s)} is not defined in this kernel tree for ${this.tree.arch}` };
    if (!isTri(s)) return { why: `${cfg(s)} is a ${s.type} option; as a condition it is never true` };
    if (L === 1 && s.type === 'bool') L = 2;
    const key = `r${s.id}:${L}`;
    if (this.active.has(key)) return { why: `${cfg(s)} would need itself` };
    this.active.add(key);
    try {
      const options = this.raiseOptions(s, L);
      if (!options.length)
        return {
          why: `${cfg(s)} has no prompt, no default and nothing that selects it that could make it ${triText(L)}`,
        };
      const fails: string[] = [];
      for (const o of options) {
        const snap = this.snapshot();
        const r = this.tryRaise(s, L, o, chain);
        if (!r && this.cur(s) >= L) return null;
        fails.push(r ? r.why : `${cfg(s)} stayed ${triText(this.cur(s))}`);
        this.restore(snap);
        if (this.exhausted) break;
      }
      return { why: clip(byCause(fails).slice(0, 3).join('; or ')) };
    } finally {
      this.active.delete(key);
    }
  }

  private raiseOptions(s: KSymbol, L: number): RaiseOption[] {
    const out: RaiseOption[] = [];
    if (s.isChoice) {
      out.push({ kind: 'choice', cost: this.estE(s.choiceMenu?.prompt?.visible ?? null, L, 1) });
      return out;
    }
    const prompts = s.props.filter((p) => p.kind === 'prompt');
    const userLow = this.ev.hasUser[s.id] === 1 && this.ev.userTri[s.id] < L;
    for (const p of prompts) out.push({ kind: 'prompt', p, cost: 1 + this.penalty(s) + this.estE(p.visible, L, 1) });
    if (!s.choice) {
      for (const p of s.props) {
        if (p.kind !== 'default') continue;
        out.push({
          kind: 'default',
          p,
          cost: this.estE(p.visible, L, 1) + this.estE(p.expr, L, 1) + (userLow && prompts.length ? 1 : 0),
        });
        if (this.val(p.visible) > 0) break;
      }
    }
    const finite = out.some((o) => o.cost < INF);
    if (!finite || !prompts.length) {
      for (const p of s.selectedBy.slice(0, 60)) {
        const sel = p.menu.sym;
        if (!sel || sel.isChoice) continue;
        const unmet = this.val(s.dirDep) < L ? 2 : 0;
        out.push({ kind: 'select', p, cost: 0.5 + unmet + this.est(sel, L, 1) + this.estE(p.visible, L, 1) });
      }
      for (const p of s.impliedBy.slice(0, 20)) {
        const sel = p.menu.sym;
        if (!sel || sel.isChoice) continue;
        out.push({
          kind: 'imply',
          p,
          cost: 1 + this.est(sel, L, 1) + this.estE(p.visible, L, 1) + this.estE(s.dirDep, L, 1),
        });
      }
    }
    out.sort((a, b) => a.cost - b.cost);
    // impossible ways are still tried last, for their reasons (they fail fast), but not too many
    const possible = out.filter((o) => o.cost < INF);
    if (possible.length) return possible;
    return out.slice(0, 3);
  }

  private tryRaise(s: KSymbol, L: number, o: RaiseOption, chain: Chain): Fail {
    switch (o.kind) {
      case 'choice':
        return this.raiseE(s.choiceMenu?.prompt?.visible ?? null, L, [
          ...chain,
          { name: s.name, rel: 'is a choice that depends on' },
        ]);
      case 'prompt': {
        const r = this.raiseE(o.p.visible, L, [...chain, { name: s.name, rel: 'depends on' }]);
        if (r) return { why: `${cfg(s)} depends on ${showExpr(o.p.visible)}: ${r.why}` };
        if (this.cur(s) >= L) return null;
        this.add(s, this.rawFor(s, L), chain);
        if (this.cur(s) < L && this.ev.visible[s.id] < L)
          return { why: `${cfg(s)} can be at most ${triText(this.ev.visible[s.id])} here` };
        return null;
      }
      case 'default': {
        const c = [...chain, { name: s.name, rel: `is ${triText(L)} by default only with` }];
        let r = this.raiseE(o.p.visible, L, c);
        if (!r) r = this.raiseE(o.p.expr, L, c);
        if (r) return { why: `${cfg(s)} is on by default only with ${showExpr(o.p.visible)}: ${r.why}` };
        return null;
      }
      case 'select':
      case 'imply': {
        const sel = o.p.menu.sym!;
        const verb = o.kind === 'select' ? 'is selected by' : 'is implied by';
        let r = this.raise(sel, L, [...chain, { name: s.name, rel: verb }]);
        if (!r)
          r = this.raiseE(o.p.visible, L, [
            ...chain,
            { name: s.name, rel: verb },
            { name: sel.name, rel: `${o.kind === 'select' ? 'selects' : 'implies'} it only with` },
          ]);
        if (!r && o.kind === 'imply') r = this.raiseE(s.dirDep, L, [...chain, { name: s.name, rel: 'depends on' }]);
        if (r) return { why: `${cfg(s)} ${verb} ${cfg(sel)}: ${r.why}` };
        return null;
      }
    }
  }

  private raiseE(e: Expr | null, L: number, chain: Chain): Fail {
    if (!e || this.val(e) >= L) return null;
    switch (e.k) {
      case 'sym':
        return this.raise(e.sym, L, chain);
      case 'and': {
        const ops = flatten(e, 'and');
        for (let pass = 0; pass < 3; pass++) {
          for (const o of ops) {
            if (this.val(o) >= L) continue;
            const r = this.raiseE(o, L, chain);
            if (r) return r;
          }
          if (this.val(e) >= L) return null;
          if (this.exhausted) break;
        }
        return { why: `\`${clip(showExpr(e), 200)}\` cannot be met as a whole` };
      }
      case 'or': {
        const ops = flatten(e, 'or')
          .map((o) => ({ o, c: this.estE(o, L, 1) }))
          .sort((a, b) => a.c - b.c);
        const fails: string[] = [];
        for (const { o } of ops.slice(0, 6)) {
          const snap = this.snapshot();
          const r = this.raiseE(o, L, chain);
          if (!r && this.val(e) >= L) return null;
          fails.push(r ? r.why : `\`${exprToString(o)}\` stayed false`);
          this.restore(snap);
          if (this.exhausted) break;
        }
        return {
          why: clip(`none of \`${clip(showExpr(e), 200)}\` can be met (${uniq(fails).slice(0, 3).join('; ')})`),
        };
      }
      case 'not':
        return this.lowerE(e.e, 2 - L, withRel(chain, 'cannot be on together with'));
      case 'cmp':
        return this.cmpTrue(e.l, e.op, e.r, chain);
    }
    return { why: 'unknown expression' };
  }

  // ------------------------------------------------------------------ lowering

  private lower(s: KSymbol, M: number, chain: Chain): Fail {
    if (this.cur(s) <= M) return null;
    if (!this.budget()) return { why: 'the search reached its limit' };
    if (s.isConst) return { why: `the constant ${s.name} is always ${s.name}` };
    const key = `l${s.id}:${M}`;
    if (this.active.has(key)) return { why: `turning ${cfg(s)} off would need itself` };
    this.active.add(key);
    try {
      // what selects it must go first
      if (this.ev.revDepTri[s.id] > M) {
        for (const p of s.selectedBy) {
          const sel = p.menu.sym;
          if (!sel || Math.min(this.cur(sel), this.val(p.visible)) <= M) continue;
          const c = [...chain, { name: s.name, rel: 'is selected by' }];
          const snap = this.snapshot();
          let r = this.lower(sel, M, c);
          if (r) {
            this.restore(snap);
            r = this.lowerE(p.visible, M, [...c, { name: sel.name, rel: 'selects it only with' }]);
          }
          if (r) return { why: `${cfg(s)} is selected by ${cfg(sel)}, which cannot be turned off: ${r.why}` };
        }
      }
      if (this.cur(s) <= M) return null;
      if (s.choice && M === 0 && !s.isChoice) return this.lowerChoiceMember(s, chain);
      if (this.ev.visible[s.id] > 0 && s.props.some((p) => p.kind === 'prompt')) {
        this.add(s, M === 1 && s.type === 'tristate' && this.modulesOn() ? 'm' : 'n', [...chain]);
        if (this.cur(s) <= M) return null;
      }
      // no usable prompt: its default or what implies it decides
      const snap = this.snapshot();
      let r: Fail = null;
      for (const p of s.props) {
        if (p.kind !== 'default' || this.val(p.visible) === 0) continue;
        r = this.lowerE(p.expr, M, [...chain, { name: s.name, rel: 'defaults to' }]);
        if (r) {
          this.restore(snap);
          r = this.lowerE(p.visible, M, [...chain, { name: s.name, rel: 'is on by default with' }]);
        }
        break;
      }
      if (!r && this.cur(s) > M && this.ev.impliedTri[s.id] > M)
        r = this.lowerE(s.implied, M, [...chain, { name: s.name, rel: 'is implied by' }]);
      if (!r && this.cur(s) <= M) return null;
      return { why: r?.why ?? `${cfg(s)} cannot be turned off here` };
    } finally {
      this.active.delete(key);
    }
  }

  private lowerChoiceMember(s: KSymbol, chain: Chain): Fail {
    const ch = s.choice!;
    const members = (ch.choiceMembers ?? []).filter((m) => m !== s && m.props.some((p) => p.kind === 'prompt'));
    const ranked = members
      .map((m) => ({ m, c: this.est(m, 2, 1) }))
      .filter((x) => x.c < INF)
      .sort((a, b) => a.c - b.c);
    const fails: string[] = [];
    for (const { m } of ranked.slice(0, 4)) {
      const snap = this.snapshot();
      const r = this.raiseChoiceMember(m, [...chain, { name: s.name, rel: 'is turned off by choosing instead' }]);
      if (!r && this.cur(s) === 0) return null;
      fails.push(r ? r.why : `${cfg(m)} did not replace it`);
      this.restore(snap);
    }
    return {
      why: `${cfg(s)} is the member its choice picks, and no other member can be picked${fails.length ? ` (${uniq(fails).slice(0, 2).join('; ')})` : ''}`,
    };
  }

  private raiseChoiceMember(m: KSymbol, chain: Chain): Fail {
    const p = m.props.find((q) => q.kind === 'prompt');
    if (!p) return { why: `${cfg(m)} has no prompt` };
    const r = this.raiseE(p.visible, 2, [...chain, { name: m.name, rel: 'depends on' }]);
    if (r) return r;
    this.add(m, 'y', chain);
    return this.cur(m) === 2 ? null : { why: `${cfg(m)} could not be picked` };
  }

  private lowerE(e: Expr | null, M: number, chain: Chain): Fail {
    if (!e) return M >= 2 ? null : { why: 'an empty condition is always true' };
    if (this.val(e) <= M) return null;
    switch (e.k) {
      case 'sym':
        return this.lower(e.sym, M, chain);
      case 'and': {
        const ops = flatten(e, 'and')
          .map((o) => ({ o, c: this.estLowE(o, M, 1) }))
          .sort((a, b) => a.c - b.c);
        const fails: string[] = [];
        for (const { o } of ops.slice(0, 6)) {
          const snap = this.snapshot();
          const r = this.lowerE(o, M, chain);
          if (!r && this.val(e) <= M) return null;
          fails.push(r ? r.why : `\`${exprToString(o)}\` stayed true`);
          this.restore(snap);
          if (this.exhausted) break;
        }
        return {
          why: clip(`\`${clip(showExpr(e), 200)}\` cannot be made false (${uniq(fails).slice(0, 3).join('; ')})`),
        };
      }
      case 'or': {
        for (const o of flatten(e, 'or')) {
          const r = this.lowerE(o, M, chain);
          if (r) return r;
        }
        return this.val(e) <= M ? null : { why: `\`${clip(showExpr(e), 200)}\` cannot be made false` };
      }
      case 'not':
        return this.raiseE(e.e, 2 - M, withRel(chain, 'needs'));
      case 'cmp':
        return this.cmpTrue(e.l, NEGATE[e.op], e.r, chain);
    }
    return { why: 'unknown expression' };
  }

  // ------------------------------------------------------------------ comparisons and values

  private cmpTrue(l: KSymbol, op: CmpOp, r: KSymbol, chain: Chain): Fail {
    const e: Expr = { k: 'cmp', op, l, r };
    if (this.val(e) === 2) return null;
    const text = exprToString(e);
    const sides: Array<[KSymbol, CmpOp, KSymbol]> = [];
    if (!l.isConst && this.defined(l)) sides.push([l, op, r]);
    if (!r.isConst && this.defined(r)) sides.push([r, SWAP[op], l]);
    if (!sides.length) {
      const undef = [l, r].find((s) => !s.isConst && !this.defined(s));
      return {
        why: undef
          ? `\`${text}\` is false: ${cfg(undef)} is not defined in this kernel tree for ${this.tree.arch}`
          : `\`${text}\` is always false here`,
      };
    }
    const fails: string[] = [];
    for (const [v, o, other] of sides) {
      const target = this.valueFor(v, o, this.ev.stringValue(other));
      if (target === undefined) {
        fails.push(`no value of ${cfg(v)} makes \`${text}\` true`);
        continue;
      }
      const snap = this.snapshot();
      const res = this.setValue(v, target, withRel(chain, 'needs'));
      if (!res && this.val(e) === 2) return null;
      fails.push(res ? res.why : `\`${text}\` stayed false`);
      this.restore(snap);
    }
    return { why: uniq(fails).join('; ') };
  }

  /** A value of v that makes `v op otherValue` true, or undefined. */
  private valueFor(v: KSymbol, op: CmpOp, other: string): string | undefined {
    if (isTri(v)) {
      const cands = v.type === 'tristate' ? ['y', 'm', 'n'] : ['y', 'n'];
      return cands.find((c) => compareValues(v, c, other, op));
    }
    if (v.type === 'int' || v.type === 'hex') {
      const base = v.type === 'int' ? 10 : 16;
      if (!stringValid(v.type, other) && !/^-?\d+$/.test(other))
        return op === '!=' ? (v.type === 'hex' ? '0x1' : '1') : undefined;
      const n = strtoll(other, base);
      const pick = op === '=' || op === '<=' || op === '>=' ? n : op === '<' ? n - 1n : n + 1n;
      return v.type === 'hex' ? '0x' + (pick < 0n ? 0n : pick).toString(16) : pick.toString();
    }
    if (v.type === 'string') return op === '=' ? other : undefined;
    return undefined;
  }

  /** Give v exactly `target` (y/m/n, or text). */
  private setValue(v: KSymbol, target: string, chain: Chain): Fail {
    if (isTri(v)) {
      const t = triOf(target);
      let r: Fail = null;
      if (this.cur(v) < t) r = t === 1 && v.type === 'tristate' ? this.raiseExactM(v, chain) : this.raise(v, t, chain);
      if (!r && this.cur(v) > t) r = this.lower(v, t, chain);
      return r;
    }
    if (valueMatches(v, this.state.value(v), [target])) return null;
    const prompts = v.props.filter((p) => p.kind === 'prompt');
    if (!prompts.length)
      return {
        why: `${cfg(v)} has no prompt, so its value (${JSON.stringify(this.state.value(v))}) cannot be set by hand`,
      };
    const p = prompts[0];
    const r = this.raiseE(p.visible, 1, [...chain, { name: v.name, rel: 'depends on' }]);
    if (r) return { why: `${cfg(v)} depends on ${showExpr(p.visible)}: ${r.why}` };
    if ((v.type === 'int' || v.type === 'hex') && !stringValid(v.type, target))
      return { why: `${target} is not a valid ${v.type} value for ${cfg(v)}` };
    if (!this.ev.withinRange(v, target)) {
      const rp = this.ev.rangeProp(v);
      const range = rp?.range ? ` (${this.ev.stringValue(rp.range[0])}..${this.ev.stringValue(rp.range[1])})` : '';
      return { why: `${target} is outside the allowed range of ${cfg(v)}${range}` };
    }
    this.add(v, v.type === 'string' ? JSON.stringify(target) : target, chain);
    if (!valueMatches(v, this.state.value(v), [target]))
      return { why: `${cfg(v)} stays ${JSON.stringify(this.state.value(v))}` };
    return null;
  }

  /** A tristate exactly m: modules on, the symbol at least m, nothing forcing y. */
  private raiseExactM(v: KSymbol, chain: Chain): Fail {
    const mods = this.tree.parsed.modulesSym;
    if (!mods || !this.defined(mods)) return { why: 'this kernel has no loadable module support' };
    let r = this.raise(mods, 2, [...chain, { name: v.name, rel: 'can be m only with' }]);
    if (r) return { why: `m needs ${cfg(mods)}: ${r.why}` };
    if (this.cur(v) < 1) {
      r = this.raise(v, 1, chain);
      if (r) return r;
    }
    if (this.cur(v) === 2) {
      if (this.ev.visible[v.id] > 0 && this.ev.revDepTri[v.id] < 2) this.add(v, 'm', chain);
      else return this.lower(v, 1, chain);
    }
    return this.cur(v) === 1 ? null : { why: `${cfg(v)} cannot be a module here` };
  }

  // ------------------------------------------------------------------ goals

  private achieveTerm(t: GoalTerm, chain: Chain): Fail {
    const s = this.tree.symbol(t.name);
    if (!s || !this.defined(s))
      return { why: `${cfg(t.name)} is not defined in this kernel tree for ${this.tree.arch}` };
    if (!isTri(s)) {
      if (s.type === 'unknown') return { why: `${cfg(s)} has no type in this tree` };
      return this.setValue(s, t.values[0], chain);
    }
    const ranks = t.values.map(triOf);
    const lo = Math.min(...ranks);
    const hi = Math.max(...ranks);
    if (s.type === 'bool' && lo === 1 && hi === 1) return { why: `${cfg(s)} is a bool option: it cannot be m` };
    let r: Fail = null;
    if (this.cur(s) < lo) {
      if (lo === 1 && hi === 1) r = this.raiseExactM(s, chain);
      else if (s.choice && lo === 2) r = this.raiseChoiceMemberGoal(s, chain);
      else r = this.raise(s, lo === 1 && !this.modulesOn() ? 2 : lo, chain);
    }
    if (!r && this.cur(s) > hi) r = hi === 1 ? this.raiseExactM(s, chain) : this.lower(s, hi, chain);
    return r;
  }

  private raiseChoiceMemberGoal(s: KSymbol, chain: Chain): Fail {
    const r = this.raise(s, 2, chain);
    if (r) return r;
    return null;
  }

  run(): SolveResult {
    const tp = this.tree.parsed;
    const baseValues = new Map<KSymbol, string>();
    for (const s of tp.allSymbols)
      if (s.menus.length && !s.isChoice && s.type !== 'unknown') baseValues.set(s, this.ev.stringValue(s));
    const already = this.goals.map((g) => this.goalMet(g));
    const fails = new Map<number, string>();
    const conflicts = this.choiceConflicts();
    for (const [i, why] of conflicts) fails.set(i, why);
    for (let round = 0; round < 3; round++) {
      let allMet = true;
      for (const [i, g] of this.goals.entries()) {
        if (conflicts.has(i)) continue;
        if (this.goalMet(g)) {
          fails.delete(i);
          continue;
        }
        const r = this.achieveGoal(g);
        if (r) {
          fails.set(i, r.why);
          allMet = false;
        } else fails.delete(i);
      }
      if (allMet || this.exhausted) break;
      // a later goal may have undone an earlier one: try again while something changes
      if (this.goals.every((g, i) => fails.has(i) || this.goalMet(g))) break;
    }
    const metBefore = this.goals.map((g) => this.goalMet(g));
    const removed = this.minimize(metBefore);
    const notes: string[] = [];
    if (this.exhausted)
      notes.push(`The search reached its limit (${this.steps} steps); some goals may be reachable in a way not found.`);
    // the result, checked by a full olddefconfig of the configuration with the added lines
    const added = this.state.addedList;
    const fragment = added.map((a) => assignmentLine(a.sym, a.raw) + '\n').join('');
    let finalValue = (s: KSymbol): string => this.state.value(s);
    if (!this.opts.skipFinalCheck) {
      const r = resolveConfig(this.tree, [
        { path: 'base', text: this.baseText },
        { path: 'added', text: fragment },
      ]);
      finalValue = (s: KSymbol): string => r.value(s.name) ?? this.state.value(s);
      const disagree = this.tree
        .symbols()
        .filter((s) => !s.isChoice && s.type !== 'unknown' && r.value(s.name) !== this.state.value(s))
        .slice(0, 5);
      if (disagree.length)
        notes.push(
          `Internal check: the full evaluation disagrees with the search on ${disagree.map((s) => cfg(s)).join(', ')}; the goals are judged by the full evaluation.`,
        );
    }
    const goalMetFinal = (g: Goal): boolean =>
      g.anyOf.some((t) => {
        const s = this.tree.symbol(t.name);
        return !!s && this.defined(s) && valueMatches(s, finalValue(s), t.values);
      });
    const goals: GoalOutcome[] = this.goals.map((g, i) => {
      const met = goalMetFinal(g);
      return {
        label: goalLabel(g),
        met,
        already: already[i],
        why: met ? undefined : (fails.get(i) ?? 'it still does not hold after the added assignments'),
      };
    });
    const addedOut: AddedAssignment[] = added.map((a) => {
      const chain = this.chains.get(a.sym) ?? [];
      return {
        name: a.sym.name,
        value: a.raw,
        line: assignmentLine(a.sym, a.raw),
        previous: this.state.baseAssignment(a.sym),
        reason: this.reasonText(a.sym, chain),
        chain: [...chain.map((c) => c.name), a.sym.name],
      };
    });
    const addedSet = new Set(added.map((a) => a.sym));
    const consequences: SolveResult['consequences'] = [];
    for (const [s, from] of baseValues) {
      if (addedSet.has(s)) continue;
      const to = finalValue(s);
      if (to !== from) consequences.push({ name: s.name, from, to });
    }
    let shell = false;
    if (this.tree.hasUnknownShell()) {
      this.ev.resetUncertainty();
      shell =
        added.some((a) => this.ev.uncertain(a.sym)) ||
        this.goals.some((g) =>
          g.anyOf.some((t) => {
            const s = this.tree.symbol(t.name);
            return !!s && this.defined(s) && this.ev.uncertain(s);
          }),
        );
    }
    return {
      ok: goals.every((g) => g.met),
      added: addedOut,
      goals,
      fragment,
      consequences,
      dependsOnUnknownShell: shell,
      notes,
      stats: {
        ms: performance.now() - this.t0,
        steps: this.steps,
        updates: this.state.updates,
        fullEvaluations: this.state.fullEvaluations + (this.opts.skipFinalCheck ? 0 : 1),
        removedByMinimizing: removed,
      },
    };
  }

  private achieveGoal(g: Goal): Fail {
    const terms = g.anyOf
      .map((t) => {
        const s = this.tree.symbol(t.name);
        const c = !s || !this.defined(s) ? INF : isTri(s) ? this.est(s, Math.min(...t.values.map(triOf)) || 0, 1) : 1;
        return { t, c };
      })
      .sort((a, b) => a.c - b.c);
    const fails: string[] = [];
    for (const { t } of terms) {
      const snap = this.snapshot();
      const r = this.achieveTerm(t, []);
      if (!r && this.goalMet(g)) return null;
      fails.push(r ? r.why : `${cfg(t.name)} is ${this.ev.stringValue(this.tree.symbol(t.name)!)}`);
      this.restore(snap);
      if (this.exhausted) break;
    }
    return { why: clip(uniq(fails).join('; and ')) };
  }

  /** Goals that want two members of one choice at y (single-term goals only). */
  private choiceConflicts(): Map<number, string> {
    const out = new Map<number, string>();
    const wantY = new Map<KSymbol, { i: number; s: KSymbol }>();
    for (const [i, g] of this.goals.entries()) {
      if (g.anyOf.length !== 1) continue;
      const t = g.anyOf[0];
      const s = this.tree.symbol(t.name);
      if (!s?.choice || t.values.join() !== 'y') continue;
      const prev = wantY.get(s.choice);
      if (prev && prev.s !== s) {
        const why = `${cfg(prev.s)} and ${cfg(s)} are alternatives of one choice: only one of them can be y`;
        out.set(i, why);
        out.set(prev.i, why);
      } else wantY.set(s.choice, { i, s });
    }
    return out;
  }

  /** Take out every added assignment the goals do not need (until none can go). Returns how many went. */
  private minimize(metBefore: boolean[]): number {
    let list = this.snapshot();
    let removed = 0;
    const holds = (): boolean => this.goals.every((g, i) => !metBefore[i] || this.goalMet(g));
    for (let pass = 0; pass < 4; pass++) {
      let changed = false;
      for (let i = list.length - 1; i >= 0; i--) {
        if (performance.now() > this.deadline + 10000) break;
        const trial = list.filter((_, j) => j !== i);
        this.state.setAdded(trial);
        if (holds()) {
          list = trial;
          removed++;
          changed = true;
        } else this.state.setAdded(list);
      }
      if (!changed) break;
    }
    this.state.setAdded(list);
    this.memo.clear();
    return removed;
  }

  private reasonText(s: KSymbol, chain: Chain): string {
    const goals = this.goals.filter((g) => g.anyOf.some((t) => t.name === s.name));
    const goal = goals.find((g) => g.anyOf.length === 1) ?? goals[0];
    if (goal) return goal.why ? `required: ${goal.why}` : 'asked for';
    if (!chain.length) return 'needed for the goals';
    let out = `${cfg(chain[0].name)} ${chain[0].rel}`;
    for (let i = 1; i < chain.length; i++) out += ` ${cfg(chain[i].name)}, which ${chain[i].rel}`;
    return `${out} ${cfg(s)}`;
  }
}

const NEGATE: Record<CmpOp, CmpOp> = { '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const SWAP: Record<CmpOp, CmpOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function withRel(chain: Chain, rel: string): Chain {
  if (!chain.length) return chain;
  return [...chain.slice(0, -1), { name: chain[chain.length - 1].name, rel }];
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Reasons with different final causes (the text after the last ': '), the first of each. */
function byCause(xs: string[]): string[] {
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

function compareValues(v: KSymbol, candidate: string, other: string, op: CmpOp): boolean {
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

// ---------------------------------------------------------------------- edits of the input

export interface ConfigEdit {
  /** 0-based line; an insertion at the end has line = number of lines and startCol = endCol = 0. */
  line: number;
  startCol: number;
  endCol: number;
  newText: string;
}

/**
 * The edits that put added assignments into the user's configuration text: the last assignment
 * of the same symbol is replaced in place (its meaning is the same as adding the line at the end),
 * except for choice members, whose order decides and which are appended, as is every new line.
 */
export function editsForAdded(
  tree: KconfigTree,
  text: string,
  added: Array<{ name: string; line: string }>,
): { text: string; edits: ConfigEdit[] } {
  const lines = readConfigLines(text, tree.semantics === 'modern');
  const lastLine = new Map<string, { line: number; len: number }>();
  for (const cl of lines)
    if (cl.kind === 'set' || cl.kind === 'unset') lastLine.set(cl.name!, { line: cl.line, len: cl.text.length });
  const textLines = text.split('\n');
  const hasFinalNewline = text.endsWith('\n');
  const count = hasFinalNewline ? textLines.length - 1 : textLines.length;
  const edits: ConfigEdit[] = [];
  const appended: string[] = [];
  for (const a of added) {
    const s = tree.symbol(a.name);
    const at = lastLine.get(a.name);
    if (at && s && !s.choice) edits.push({ line: at.line, startCol: 0, endCol: at.len, newText: a.line });
    else appended.push(a.line);
  }
  if (appended.length) {
    const prefix = count > 0 && !hasFinalNewline ? '\n' : '';
    const insertAt =
      hasFinalNewline || count === 0 ? { line: count, col: 0 } : { line: count - 1, col: textLines[count - 1].length };
    edits.push({
      line: insertAt.line,
      startCol: insertAt.col,
      endCol: insertAt.col,
      newText: prefix + appended.join('\n') + '\n',
    });
  }
  // apply (edits on distinct lines; the insertion is last)
  const out = textLines.slice(0, hasFinalNewline ? -1 : undefined);
  for (const e of edits) {
    if (
      e.line < out.length &&
      e.startCol === 0 &&
      e.endCol === out[e.line].replace(/\r$/, '').length &&
      e.newText.indexOf('\n') < 0
    ) {
      out[e.line] = e.newText + (out[e.line].endsWith('\r') ? '\r' : '');
    }
  }
  let result = out.join('\n') + (out.length && (hasFinalNewline || appended.length) ? '\n' : '');
  if (appended.length) result += appended.join('\n') + '\n';
  return { text: result, edits };
}
