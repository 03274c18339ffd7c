/**
 * A configuration under edit for the solver (solve.ts): the base configuration's assignments plus
 * a list of added ones (read after the base, like a fragment given to merge_config.sh -m), with
 * every symbol's value kept current by incremental re-evaluation (the engine's Evaluator and its
 * `propagate`). Changing the added list re-applies only the symbols whose written values change
 * (with their whole choice, whose result depends on the order of the assignments) and recomputes
 * what reads them.
 */
import { Evaluator } from './eval';
import { readConfigLines, strictUnset } from './dotconfig';
import { readersGraph } from './reads';
import type { KSymbol } from './model';
import type { KconfigTree } from './index';

/** One assignment: the symbol and the text after `=` (`n` for "is not set"). */
export interface Assign {
  sym: KSymbol;
  raw: string;
}

interface Placed extends Assign {
  /** Order of reading: base lines first, then the added ones. */
  seq: number;
}

export class SolveState {
  readonly ev: Evaluator;
  private readonly base: Placed[] = [];
  private readonly baseBy = new Map<KSymbol, Placed[]>();
  private added: Placed[] = [];
  private seq = 0;
  private readonly readers: Map<KSymbol, KSymbol[]>;
  /** Incremental updates and full re-evaluations done (for statistics). */
  updates = 0;
  fullEvaluations = 0;

  constructor(
    readonly tree: KconfigTree,
    baseText: string,
  ) {
    this.ev = new Evaluator(tree.parsed);
    this.readers = readersGraph(tree.parsed);
    for (const cl of readConfigLines(baseText, strictUnset(tree.semantics))) {
      if (cl.kind !== 'set' && cl.kind !== 'unset') continue;
      const sym = tree.parsed.symbolMap.get(cl.name!);
      if (!sym || !sym.menus.length) continue;
      const p: Placed = { sym, raw: cl.raw!, seq: this.seq++ };
      this.base.push(p);
      let l = this.baseBy.get(sym);
      if (!l) this.baseBy.set(sym, (l = []));
      l.push(p);
    }
    this.ev.resetUser();
    for (const p of this.base) this.ev.assign(p.sym, p.raw);
    this.ev.invalidate();
    this.ev.computeAll();
    this.fullEvaluations++;
  }

  /** The added assignments, in order. */
  get addedList(): Assign[] {
    return this.added.map((p) => ({ sym: p.sym, raw: p.raw }));
  }

  /** The base's effective (last) assignment of a symbol, if any. */
  baseAssignment(sym: KSymbol): string | undefined {
    const l = this.baseBy.get(sym);
    return l ? l[l.length - 1].raw : undefined;
  }

  /** Add (or move to the end, with a new value) one assignment. */
  add(sym: KSymbol, raw: string): void {
    const next = this.added.filter((p) => p.sym !== sym).map((p) => ({ sym: p.sym, raw: p.raw }));
    next.push({ sym, raw });
    this.setAdded(next);
  }

  /** Replace the added assignments; only what changes is re-applied and recomputed. */
  setAdded(list: Assign[]): void {
    const old = this.added;
    const oldBy = new Map<KSymbol, Placed>();
    for (const p of old) oldBy.set(p.sym, p);
    const next: Placed[] = [];
    const seen = new Set<KSymbol>();
    for (const a of list) {
      if (seen.has(a.sym)) {
        // a symbol listed twice: the later one wins, at its place
        const i = next.findIndex((p) => p.sym === a.sym);
        next.splice(i, 1);
      }
      seen.add(a.sym);
      next.push({ sym: a.sym, raw: a.raw, seq: 0 });
    }
    // keep the order numbers of an unchanged prefix; renumber the rest
    let k = 0;
    while (k < old.length && k < next.length && old[k].sym === next[k].sym && old[k].raw === next[k].raw) {
      next[k].seq = old[k].seq;
      k++;
    }
    const changed = new Set<KSymbol>();
    for (let i = k; i < old.length; i++) changed.add(old[i].sym);
    for (let i = k; i < next.length; i++) {
      next[i].seq = this.seq++;
      changed.add(next[i].sym);
    }
    this.added = next;
    if (!changed.size) return;
    this.reapply(changed);
  }

  private reapply(changed: Set<KSymbol>): void {
    const ev = this.ev;
    const replay = new Set<KSymbol>();
    const choices = new Set<KSymbol>();
    for (const s of changed) {
      replay.add(s);
      if (s.choice) choices.add(s.choice);
    }
    // members of a choice are re-applied together: the order of their assignments matters
    for (const c of choices) for (const m of c.choiceMembers ?? []) replay.add(m);
    for (const c of choices) ev.resetChoiceUser(c);
    const lines: Placed[] = [];
    for (const s of replay) {
      ev.clearUser(s);
      for (const p of this.baseBy.get(s) ?? []) lines.push(p);
    }
    for (const p of this.added) if (replay.has(p.sym)) lines.push(p);
    lines.sort((a, b) => a.seq - b.seq);
    for (const p of lines) ev.assign(p.sym, p.raw);
    this.updates++;
    const n = ev.propagate([...replay, ...choices], (s) => this.readers.get(s) ?? [], 60000);
    if (n < 0) {
      ev.invalidate();
      ev.computeAll();
      this.fullEvaluations++;
    }
  }

  /** The current value as the kernel writes it (y/m/n, or the text). */
  value(sym: KSymbol): string {
    if (!sym.menus.length) return sym.isConst ? sym.name : sym.type === 'bool' || sym.type === 'tristate' ? 'n' : '';
    return this.ev.stringValue(sym);
  }

  /** The fragment of added lines, as conf would read them. */
  fragment(): string {
    return this.added.map((p) => assignmentLine(p.sym, p.raw) + '\n').join('');
  }
}

/** The .config line for an assignment (n as "is not set"). */
export function assignmentLine(sym: KSymbol, raw: string): string {
  if ((sym.type === 'bool' || sym.type === 'tristate') && raw === 'n') return `# CONFIG_${sym.name} is not set`;
  return `CONFIG_${sym.name}=${raw}`;
}
