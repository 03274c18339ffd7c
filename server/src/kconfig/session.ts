/**
 * The editor's .config session: one document kept evaluated between edits (no kernel counterpart;
 * conf reads a file once). After an edit only the changed lines are re-read, only the changed
 * symbols' written values re-applied, only the symbols that read them recomputed (readersGraph in
 * reads.ts) and only their lines re-diagnosed, with the lines whose message quotes a line number
 * that moved; a full evaluation happens on the first update, for large edits, and when MODULES changes.
 */
import { clean, diagnoseOne, malformedLine } from './diagnose';
import { classifyLine, ConfigLine, strictUnset } from './dotconfig';
import { Evaluator } from './eval';
import { explainSymbol } from './explain';
import type { KconfigTree } from './index';
import { KSymbol } from './model';
import { readersGraph } from './reads';
import {
  buildResult,
  failedResult,
  type Assignment,
  type ConfigDiagnostic,
  type Explanation,
  type ResolveResult,
} from './resolve';

export class ConfigDocumentSession {
  private lines: string[] = [];
  private cls: ConfigLine[] = [];
  private ev?: Evaluator;
  private byName = new Map<string, ConfigLine[]>();
  private assignOf = new Map<ConfigLine, Assignment>();
  private diags = new Map<ConfigLine, ConfigDiagnostic[]>();
  /**
   * The lines whose messages quote the number of another line (the last assignment of the same
   * name: "assigned again at line N", "the written value (line N)"), with that line and the number
   * quoted: when lines are inserted or deleted above it, the number changes and the message is made again.
   */
  private quotes = new Map<ConfigLine, { winner: ConfigLine; line: number }>();
  private result?: ResolveResult;
  /** Statistics of the last update (for benchmarks and tests). */
  lastUpdate: { full: boolean; recomputed: number; ms: number; diagnosed?: number } = {
    full: true,
    recomputed: 0,
    ms: 0,
  };

  constructor(readonly tree: KconfigTree) {}

  update(text: string): ConfigDiagnostic[] {
    try {
      return this.updateInner(text);
    } catch (e) {
      // start afresh next time
      this.ev = undefined;
      this.result = undefined;
      return failedResult(e).diagnostics;
    }
  }

  private updateInner(text: string): ConfigDiagnostic[] {
    const t0 = performance.now();
    const newLines = splitLines(text);
    const diff = this.ev ? this.diffLines(newLines) : { changedNames: null, changedLines: [], removed: [] };
    let changedLines = diff.changedLines;
    const first = !this.ev || !diff.changedNames;
    this.lines = newLines;
    const ev = this.ev ?? new Evaluator(this.tree.parsed);
    this.ev = ev;
    let step: UpdateStep;
    if (first) {
      step = this.fullUpdate(ev, newLines);
      changedLines = this.cls;
    } else step = this.incrementalUpdate(ev, diff.changedNames!, changedLines, diff.removed);
    ev.resetUncertainty();
    this.rediagnose(ev, step.toDiagnose, changedLines);
    const out: ConfigDiagnostic[] = [];
    for (const [cl, ds] of this.diags) {
      for (const d of ds) out.push(clean(d, cl.line));
    }
    out.sort((a, b) => a.line - b.line || a.startCol - b.startCol);
    this.result = undefined;
    this.lastUpdate.diagnosed = step.toDiagnose.size;
    this.lastUpdate = {
      full: step.full,
      recomputed: step.recomputed,
      ms: performance.now() - t0,
      diagnosed: step.toDiagnose.size,
    };
    return out;
  }

  /** The lines an edit changed (read again) and the names they mention (null: too many to follow). */
  private diffLines(newLines: string[]): {
    changedNames: Set<string> | null;
    changedLines: ConfigLine[];
    removed: ConfigLine[];
  } {
    const strict = strictUnset(this.tree.semantics);
    const old = this.lines;
    const min = Math.min(old.length, newLines.length);
    let p = 0;
    while (p < min && old[p] === newLines[p]) p++;
    let q = 0;
    while (q < min - p && old[old.length - 1 - q] === newLines[newLines.length - 1 - q]) q++;
    const removed = this.cls.slice(p, old.length - q);
    const added: ConfigLine[] = [];
    for (let i = p; i < newLines.length - q; i++) added.push(classifyLine(newLines[i], i, strict));
    const changedNames = new Set<string>();
    for (const c of removed) {
      if (c.name) changedNames.add(c.name);
      this.assignOf.delete(c);
      this.diags.delete(c);
      this.quotes.delete(c);
    }
    for (const c of added) if (c.name) changedNames.add(c.name);
    this.cls.splice(p, removed.length, ...added);
    if (added.length !== removed.length) for (let i = p + added.length; i < this.cls.length; i++) this.cls[i].line = i;
    return { changedNames: removed.length + added.length > 500 ? null : changedNames, changedLines: added, removed };
  }

  /** The whole document read and evaluated afresh. */
  private fullUpdate(ev: Evaluator, newLines: string[]): UpdateStep {
    const tp = this.tree.parsed;
    const strict = strictUnset(this.tree.semantics);
    this.cls = newLines.map((l, i) => classifyLine(l, i, strict));
    this.assignOf.clear();
    this.diags.clear();
    this.quotes.clear();
    const assigns = assignmentsFrom(tp, ev, this.cls);
    this.byName.clear();
    for (const a of assigns) {
      this.assignOf.set(a.cl, a);
      let l = this.byName.get(a.name);
      if (!l) this.byName.set(a.name, (l = []));
      l.push(a.cl);
    }
    ev.invalidate();
    ev.computeAll();
    readersGraph(tp); // built now so that the first edit is fast
    return { full: true, recomputed: tp.allSymbols.length, toDiagnose: new Set(this.byName.keys()) };
  }

  /** Only the changed names' written values applied again, and what reads them recomputed. */
  private incrementalUpdate(
    ev: Evaluator,
    names: Set<string>,
    changedLines: ConfigLine[],
    removed: ConfigLine[],
  ): UpdateStep {
    const tp = this.tree.parsed;
    // the per-name line lists of the changed names: their lines that stayed, and the new ones, in
    // line order (not a walk over every line of the document at each keystroke)
    const gone = new Set(removed);
    for (const n of names) {
      const l = (this.byName.get(n) ?? []).filter((cl) => !gone.has(cl));
      for (const cl of changedLines) if (cl.name === n && (cl.kind === 'set' || cl.kind === 'unset')) l.push(cl);
      l.sort((a, b) => a.line - b.line);
      if (l.length) this.byName.set(n, l);
      else this.byName.delete(n);
    }
    const { changed, replay } = this.replay(ev, names, changedLines);
    let toDiagnose = new Set(names);
    for (const s of replay) toDiagnose.add(s.name);
    // messages that quote a line number which moved (lines inserted or deleted above that line)
    for (const [cl, q] of this.quotes) if (q.winner.line !== q.line && cl.name) toDiagnose.add(cl.name);
    if (!changed.length) return { full: false, recomputed: 0, toDiagnose };
    const g = readersGraph(tp);
    const recomputedSyms: KSymbol[] = [];
    const n = ev.propagate(changed, (s) => g.get(s) ?? [], 30000, recomputedSyms);
    if (n < 0) {
      ev.invalidate();
      ev.computeAll();
      toDiagnose = new Set(this.byName.keys());
      return { full: true, recomputed: tp.allSymbols.length, toDiagnose };
    }
    for (const s of changed) toDiagnose.add(s.name);
    for (const s of recomputedSyms) toDiagnose.add(s.name);
    return { full: false, recomputed: n, toDiagnose };
  }

  /**
   * The written values of the changed names applied again in line order (with every member of
   * an affected choice: the order of assignments matters there); returns the symbols whose
   * written value changed, and all those applied again.
   */
  private replay(
    ev: Evaluator,
    names: Set<string>,
    changedLines: ConfigLine[],
  ): { changed: KSymbol[]; replay: Set<KSymbol> } {
    const tp = this.tree.parsed;
    const syms: KSymbol[] = [];
    for (const n of names) {
      const sym = tp.symbolMap.get(n);
      if (sym) syms.push(sym);
    }
    const before = new Map<KSymbol, string>();
    const choices = new Set<KSymbol>();
    for (const sym of syms) {
      before.set(sym, userKey(ev, sym));
      if (sym.choice) choices.add(sym.choice);
    }
    // members of affected choices are re-applied together (order matters)
    const replay = new Set<KSymbol>(syms);
    for (const c of choices)
      for (const m of c.choiceMembers ?? []) {
        replay.add(m);
        if (!before.has(m)) before.set(m, userKey(ev, m));
      }
    // the choice's own record of its members' written values (which one was set to y last) can
    // change while no member's written value does (lines reordered): then the choice is recomputed too
    const choiceBefore = new Map<KSymbol, string>();
    for (const c of choices) choiceBefore.set(c, choiceKey(ev, c));
    for (const c of choices) ev.resetChoiceUser(c);
    const lines: ConfigLine[] = [];
    for (const sym of replay) {
      ev.clearUser(sym);
      for (const cl of this.byName.get(sym.name) ?? []) lines.push(cl);
    }
    lines.sort((a, b) => a.line - b.line);
    for (const cl of lines) {
      const sym = tp.symbolMap.get(cl.name!)!;
      const accepted = ev.assign(sym, cl.raw!);
      this.assignOf.set(cl, { sym, name: cl.name!, raw: cl.raw!, path: '', cl, accepted, overridden: false });
    }
    for (const cl of changedLines) {
      if (cl.name && (cl.kind === 'set' || cl.kind === 'unset') && !this.assignOf.has(cl)) {
        this.assignOf.set(cl, {
          sym: undefined,
          name: cl.name,
          raw: cl.raw!,
          path: '',
          cl,
          accepted: false,
          overridden: false,
        });
      }
    }
    const changed: KSymbol[] = [];
    for (const [sym, key] of before) if (userKey(ev, sym) !== key) changed.push(sym);
    for (const [c, key] of choiceBefore) if (choiceKey(ev, c) !== key) changed.push(c);
    return { changed, replay };
  }

  /** The diagnostics of the lines of the names given, and of the changed lines conf cannot read. */
  private rediagnose(ev: Evaluator, toDiagnose: Set<string>, changedLines: ConfigLine[]): void {
    const explainCache = new Map<string, Explanation | undefined>();
    const explain = (n: string): Explanation | undefined => {
      if (!explainCache.has(n)) {
        const l = this.byName.get(n);
        explainCache.set(n, explainSymbol(this.tree, ev, n, l ? this.assignOf.get(l[l.length - 1]) : undefined));
      }
      return explainCache.get(n);
    };
    for (const n of toDiagnose) {
      const l = this.byName.get(n);
      if (!l) continue;
      const winner = this.assignOf.get(l[l.length - 1])!;
      for (const cl of l) {
        const a = this.assignOf.get(cl);
        if (!a) continue;
        const d = diagnoseOne(this.tree, ev, a, winner, explain, false);
        if (d.length) this.diags.set(cl, d);
        else this.diags.delete(cl);
        const quoted = `line ${winner.cl.line + 1}`;
        if (d.some((x) => x.message.includes(quoted))) this.quotes.set(cl, { winner: winner.cl, line: winner.cl.line });
        else this.quotes.delete(cl);
      }
    }
    for (const cl of changedLines) {
      if (cl.kind === 'junk') this.diags.set(cl, [malformedLine(cl)]);
    }
  }

  /** Values and explanations for the current text (computed on first use after an update). */
  get resolved(): ResolveResult | undefined {
    if (!this.ev) return undefined;
    if (!this.result) {
      const assigns = this.cls.map((c) => this.assignOf.get(c)).filter((a): a is Assignment => !!a);
      this.result = buildResult(this.tree, this.ev, assigns, false);
    }
    return this.result;
  }

  get currentText(): string {
    return this.lines.join('\n');
  }
}

/** What one update did: a full evaluation or not, how many symbols it recomputed, which names to diagnose. */
interface UpdateStep {
  full: boolean;
  recomputed: number;
  toDiagnose: Set<string>;
}

function splitLines(text: string): string[] {
  const l = text.split('\n');
  if (l.length && l[l.length - 1] === '') l.pop();
  for (let i = 0; i < l.length; i++) if (l[i].endsWith('\r')) l[i] = l[i].slice(0, -1);
  return l;
}

function userKey(ev: Evaluator, sym: KSymbol): string {
  return ev.hasUser[sym.id] ? `${ev.userTri[sym.id]}|${ev.userVal[sym.id] ?? ''}` : '-';
}

/** A choice's state derived from its members' written values, in assignment order. */
function choiceKey(ev: Evaluator, c: KSymbol): string {
  const order = ev.choicePriority.get(c.id) ?? c.choiceMembers ?? [];
  return `${userKey(ev, c)}|${ev.choiceUserSym.get(c.id)?.name ?? ''}|${order.map((m) => m.name).join(',')}`;
}

function assignmentsFrom(tp: KconfigTree['parsed'], ev: Evaluator, cls: ConfigLine[]): Assignment[] {
  ev.resetUser();
  const out: Assignment[] = [];
  const last = new Map<string, Assignment>();
  for (const cl of cls) {
    if (cl.kind !== 'set' && cl.kind !== 'unset') continue;
    const name = cl.name!;
    const sym = tp.symbolMap.get(name);
    const accepted = sym ? ev.assign(sym, cl.raw!) : false;
    const a: Assignment = { sym, name, raw: cl.raw!, path: '', cl, accepted, overridden: false };
    const prev = last.get(name);
    if (prev) prev.overridden = true;
    last.set(name, a);
    out.push(a);
  }
  return out;
}
