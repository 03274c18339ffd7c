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
import { readConfigLines, strictUnset } from './dotconfig';
import { resolveConfig, type KconfigTree } from './index';
import type { KSymbol } from './model';
import { type Chain, cfg, clip, type Fail, INF, isTri, triOf, uniq, valueMatches } from './solveCommon';
import { Search } from './solveSearch';
import { assignmentLine } from './solveState';

export { valueMatches } from './solveCommon';

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
class Solver extends Search {
  run(): SolveResult {
    const tp = this.tree.parsed;
    const baseValues = new Map<KSymbol, string>();
    for (const s of tp.allSymbols)
      if (s.menus.length && !s.isChoice && s.type !== 'unknown') baseValues.set(s, this.ev.stringValue(s));
    const already = this.goals.map((g) => this.goalMet(g));
    const fails = this.pursueGoals();
    const metBefore = this.goals.map((g) => this.goalMet(g));
    const removed = this.minimize(metBefore);
    const notes: string[] = [];
    if (this.exhausted)
      notes.push(`The search reached its limit (${this.steps} steps); some goals may be reachable in a way not found.`);
    const added = this.state.addedList;
    const fragment = added.map((a) => assignmentLine(a.sym, a.raw) + '\n').join('');
    const finalValue = this.finalCheck(fragment, notes);
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
    const addedSet = new Set(added.map((a) => a.sym));
    const consequences: SolveResult['consequences'] = [];
    for (const [s, from] of baseValues) {
      if (addedSet.has(s)) continue;
      const to = finalValue(s);
      if (to !== from) consequences.push({ name: s.name, from, to });
    }
    return {
      ok: goals.every((g) => g.met),
      added: added.map((a) => this.addedOutcome(a)),
      goals,
      fragment,
      consequences,
      dependsOnUnknownShell: this.unknownShell(added),
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

  /** Every goal tried in turn, in up to three rounds; why each goal still fails, by index. */
  private pursueGoals(): Map<number, string> {
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
    return fails;
  }

  /** The result, checked by a full olddefconfig of the configuration with the added lines: the values to judge by. */
  private finalCheck(fragment: string, notes: string[]): (s: KSymbol) => string {
    if (this.opts.skipFinalCheck) return (s) => this.state.value(s);
    const r = resolveConfig(this.tree, [
      { path: 'base', text: this.baseText },
      { path: 'added', text: fragment },
    ]);
    const disagree = this.tree
      .symbols()
      .filter((s) => !s.isChoice && s.type !== 'unknown' && r.value(s.name) !== this.state.value(s))
      .slice(0, 5);
    if (disagree.length)
      notes.push(
        `Internal check: the full evaluation disagrees with the search on ${disagree.map((s) => cfg(s)).join(', ')}; the goals are judged by the full evaluation.`,
      );
    return (s) => r.value(s.name) ?? this.state.value(s);
  }

  private addedOutcome(a: { sym: KSymbol; raw: string }): AddedAssignment {
    const chain = this.chains.get(a.sym) ?? [];
    return {
      name: a.sym.name,
      value: a.raw,
      line: assignmentLine(a.sym, a.raw),
      previous: this.state.baseAssignment(a.sym),
      reason: this.reasonText(a.sym, chain),
      chain: [...chain.map((c) => c.name), a.sym.name],
    };
  }

  /** Whether an added assignment or a goal depends on an unknown `$(shell,...)` result. */
  private unknownShell(added: Array<{ sym: KSymbol }>): boolean {
    if (!this.tree.hasUnknownShell()) return false;
    this.ev.resetUncertainty();
    return (
      added.some((a) => this.ev.uncertain(a.sym)) ||
      this.goals.some((g) =>
        g.anyOf.some((t) => {
          const s = this.tree.symbol(t.name);
          return !!s && this.defined(s) && this.ev.uncertain(s);
        }),
      )
    );
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
  const lines = readConfigLines(text, strictUnset(tree.semantics));
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
