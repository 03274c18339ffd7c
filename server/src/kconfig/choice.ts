/**
 * The value of a choice: which member is chosen, the counterpart of the kernel's choice handling
 * in scripts/kconfig/symbol.c, in both generations (see KconfigSemantics).
 */
import type { Evaluator } from './eval';
import { KSymbol } from './model';

/** MODERN (see KconfigSemantics): the visible member set to y last, else the default, else the first visible. */
export function calcChoiceModern(ev: Evaluator, choice: KSymbol): KSymbol | null {
  const members = choice.choiceMembers ?? [];
  let res: KSymbol | null = null;
  for (const s of ev.priorityOf(choice)) {
    ev.calcVisibility(s);
    if (ev.visible[s.id] === 0) continue;
    if (ev.hasUser[s.id] && ev.userTri[s.id] === 2) {
      res = s;
      break;
    }
  }
  if (!res) {
    res = choiceDefault(ev, choice);
    if (res && ev.hasUser[res.id] && ev.userTri[res.id] === 0) res = null;
  }
  if (!res) {
    for (const s of members) {
      if (ev.visible[s.id] === 0 || ev.hasUser[s.id]) continue;
      res = s;
      break;
    }
  }
  if (!res) {
    const pr = ev.priorityOf(choice);
    for (let i = pr.length - 1; i >= 0; i--) {
      if (ev.visible[pr[i].id] === 0) continue;
      res = pr[i];
      break;
    }
  }
  for (const s of members) {
    if (ev.visible[s.id] === 0) continue;
    ev.tri[s.id] = s === res ? 2 : 0;
    ev.valid[s.id] = 1;
    ev.write[s.id] = 1;
  }
  return res;
}

/** The choice's active default when visible, else its first visible member. */
function choiceDefault(ev: Evaluator, choice: KSymbol): KSymbol | null {
  for (const p of choice.props) {
    if (p.kind !== 'default') continue;
    if (ev.expr(p.visible) === 0) continue;
    const d = p.target ?? (p.expr?.k === 'sym' ? p.expr.sym : undefined);
    if (d && ev.visible[d.id] !== 0) return d;
  }
  for (const s of choice.choiceMembers ?? []) if (ev.visible[s.id] !== 0) return s;
  return null;
}

/** LEGACY (see KconfigSemantics): the member the .config set to y when visible, else the default. */
export function calcChoiceLegacy(ev: Evaluator, choice: KSymbol): KSymbol | null {
  let all = ev.hasUser[choice.id] === 1;
  for (const m of choice.choiceMembers ?? []) {
    ev.calcVisibility(m);
    if (ev.visible[m.id] !== 0 && !ev.hasUser[m.id]) all = false;
  }
  if (!all) ev.hasUser[choice.id] = 0;
  const u = ev.choiceUserSym.get(choice.id);
  if (u && ev.visible[u.id] !== 0) return u;
  const d = choiceDefault(ev, choice);
  if (!d) ev.tri[choice.id] = 0;
  return d;
}
