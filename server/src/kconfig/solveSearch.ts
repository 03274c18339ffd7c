/**
 * The solver's search: raise a symbol to a value (through its prompt, a default, what selects it,
 * or its choice), lower it, make a comparison true, reach one term of a goal; each way estimated
 * and the cheapest tried first, the assignments of a failed try taken back. No kernel counterpart:
 * conf does not search.
 */
import { exprToString } from './assist';
import type { Expr, KSymbol } from './model';
import type { GoalTerm } from './solve';
import { SolverBase } from './solveEstimate';
import {
  byCause,
  type Chain,
  cfg,
  clip,
  type CmpOp,
  compareValues,
  type Fail,
  flatten,
  INF,
  isTri,
  NEGATE,
  type RaiseOption,
  showExpr,
  SWAP,
  triOf,
  triText,
  uniq,
  valueMatches,
  withRel,
} from './solveCommon';
import { stringValid, strtoll } from './values';

export abstract class Search extends SolverBase {
  // ------------------------------------------------------------------ raising

  protected raise(s: KSymbol, L: number, chain: Chain): Fail {
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

  protected raiseOptions(s: KSymbol, L: number): RaiseOption[] {
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

  protected tryRaise(s: KSymbol, L: number, o: RaiseOption, chain: Chain): Fail {
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

  protected raiseE(e: Expr | null, L: number, chain: Chain): Fail {
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

  protected lower(s: KSymbol, M: number, chain: Chain): Fail {
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

  protected lowerChoiceMember(s: KSymbol, chain: Chain): Fail {
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

  protected raiseChoiceMember(m: KSymbol, chain: Chain): Fail {
    const p = m.props.find((q) => q.kind === 'prompt');
    if (!p) return { why: `${cfg(m)} has no prompt` };
    const r = this.raiseE(p.visible, 2, [...chain, { name: m.name, rel: 'depends on' }]);
    if (r) return r;
    this.add(m, 'y', chain);
    return this.cur(m) === 2 ? null : { why: `${cfg(m)} could not be picked` };
  }

  protected lowerE(e: Expr | null, M: number, chain: Chain): Fail {
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

  protected cmpTrue(l: KSymbol, op: CmpOp, r: KSymbol, chain: Chain): Fail {
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
  protected valueFor(v: KSymbol, op: CmpOp, other: string): string | undefined {
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
  protected setValue(v: KSymbol, target: string, chain: Chain): Fail {
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
  protected raiseExactM(v: KSymbol, chain: Chain): Fail {
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

  protected achieveTerm(t: GoalTerm, chain: Chain): Fail {
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

  protected raiseChoiceMemberGoal(s: KSymbol, chain: Chain): Fail {
    const r = this.raise(s, 2, chain);
    if (r) return r;
    return null;
  }
}
