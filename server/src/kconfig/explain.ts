/**
 * Why a symbol has its value: the facts an editor shows and the sentences that say them (the
 * kernel's counterpart is the "Depends on / Selected by / Implied by" text menuconfig builds in
 * scripts/kconfig/menu.c, get_symbol_str).
 */
import { exprSymbols, exprToString } from './assist';
import { Evaluator, triStr } from './eval';
import type { KconfigTree } from './index';
import { Expr, KSymbol, Prop, Tri } from './model';
import type { Assignment, Explanation } from './resolve';

function valueOf(ev: Evaluator, s: KSymbol): string {
  return ev.stringValue(s);
}

function withValues(ev: Evaluator, e: Expr): string {
  const syms = exprSymbols(e).filter((s) => s.menus.length || s.type !== 'unknown');
  const vals = syms.map((s) => `${s.name}=${fmtVal(s, valueOf(ev, s))}`);
  return `\`${exprToString(e)}\`${vals.length ? ` (${vals.join(', ')})` : ''}`;
}

function fmtVal(s: KSymbol, v: string): string {
  return s.type === 'string' ? JSON.stringify(v) : v;
}

/** Minimal failing parts of e (value below `need`). */
function failingParts(ev: Evaluator, e: Expr | null, need: Tri, out: Expr[] = []): Expr[] {
  if (!e) return out;
  if (ev.expr(e) >= need) return out;
  if (e.k === 'and') {
    failingParts(ev, e.l, need, out);
    failingParts(ev, e.r, need, out);
  } else out.push(e);
  return out;
}

function activeRev(ev: Evaluator, props: Prop[]): Array<{ name: string; value: string; at: string }> {
  const out: Array<{ name: string; value: string; at: string }> = [];
  for (const p of props) {
    const src = p.menu.sym;
    if (!src) continue;
    const v = Math.min(ev.expr({ k: 'sym', sym: src }), ev.expr(p.visible)) as Tri;
    if (v > 0) out.push({ name: src.name, value: triStr(v), at: `${p.file}:${p.line}` });
  }
  return out;
}

/** The failing parts of the prompts' conditions, and the symbols that enabling would help. */
function promptFailures(
  ev: Evaluator,
  prompts: Prop[],
  vis: Tri,
  involved: KSymbol[],
): { failing: string[]; enable: string[] } {
  const failing: string[] = [];
  const enable: string[] = [];
  for (const p of prompts) {
    for (const f of failingParts(ev, p.visible, vis === 0 ? 1 : 2)) {
      failing.push(withValues(ev, f));
      involved.push(...exprSymbols(f));
      if (
        f.k === 'sym' &&
        (f.sym.type === 'bool' || f.sym.type === 'tristate') &&
        f.sym.props.some((q) => q.text !== undefined) &&
        !enable.includes(f.sym.name)
      ) {
        enable.push(f.sym.name);
      }
    }
  }
  return { failing, enable };
}

export function explainSymbol(
  tree: KconfigTree,
  ev: Evaluator,
  name: string,
  a: Assignment | undefined,
): Explanation | undefined {
  const sym = tree.parsed.symbolMap.get(name);
  if (!sym || !sym.menus.length) return undefined;
  ev.calc(sym);
  const value = ev.stringValue(sym);
  const prompts = sym.props.filter((p) => p.text !== undefined);
  const vis = ev.visible[sym.id] as Tri;
  const involved: KSymbol[] = [sym];
  const { failing, enable } =
    prompts.length && vis < 2 ? promptFailures(ev, prompts, vis, involved) : { failing: [], enable: [] };
  const ex: Explanation = {
    name,
    type: sym.type,
    value,
    written: !!ev.write[sym.id],
    visible: triStr(vis) as 'n' | 'm' | 'y',
    hasPrompt: prompts.length > 0,
    failingDeps: failing,
    enableToMeet: enable,
    selectedBy: activeRev(ev, sym.selectedBy),
    impliedBy: activeRev(ev, sym.impliedBy),
    dependsOnUnknownShell: false,
    reasons: [],
  };
  if (a) {
    const used = a.accepted && vis > 0 && !sym.choice ? true : a.accepted && !!sym.choice && vis > 0;
    ex.user = { raw: a.raw, path: a.path, line: a.cl.line + 1, accepted: a.accepted, used };
  }
  if (sym.choice) {
    const members = sym.choice.choiceMembers ?? [];
    const chosen = members.find((m) => ev.stringValue(m) === 'y');
    ex.choice = { members: members.map((m) => m.name), chosen: chosen?.name };
  }
  const rp = ev.rangeProp(sym);
  if (rp?.range)
    ex.range = {
      low: valueOf(ev, rp.range[0]) || rp.range[0].name,
      high: valueOf(ev, rp.range[1]) || rp.range[1].name,
    };
  const hasUserEffect = a && a.accepted && vis > 0;
  if (!hasUserEffect && !sym.choice) {
    for (const p of sym.props) {
      if (p.kind !== 'default') continue;
      if (ev.expr(p.visible) === 0) continue;
      ex.defaultFrom = {
        at: `${p.file}:${p.line}`,
        expr: exprToString(p.expr) + (p.cond ? ` if ${exprToString(p.cond)}` : ''),
      };
      if (p.expr) involved.push(...exprSymbols(p.expr));
      break;
    }
  }
  addReasons(ex, sym, prompts.length > 0, vis, a);
  if (tree.hasUnknownShell() && (ev.uncertain(sym) || involved.some((s) => ev.uncertain(s)))) {
    ex.dependsOnUnknownShell = true;
    ex.reasons.push(
      'This depends on a `$(shell,...)` result (toolchain probe) that was not run: enable shell commands (trusted workspace / --allow-shell) for an exact answer.',
    );
  }
  return ex;
}

/** The sentences of an explanation, from its facts. */
function addReasons(ex: Explanation, sym: KSymbol, hasPrompt: boolean, vis: Tri, a: Assignment | undefined): void {
  const { reasons, failingDeps: failing, selectedBy, impliedBy, value } = ex;
  if (!hasPrompt)
    reasons.push(
      'It has no prompt: its value comes only from defaults, select and imply; a value written in .config has no effect.',
    );
  else if (vis === 0)
    reasons.push(
      `Its prompt is not visible, so a value written in .config is ignored. Failing condition: ${failing.join('; ') || 'prompt condition'}.`,
    );
  else if (vis === 1 && sym.type === 'tristate')
    reasons.push(`Its dependencies allow at most m: ${failing.join('; ')}.`);
  if (a) {
    if (!a.accepted)
      reasons.push(`The written value \`${a.raw}\` is not valid for a ${sym.type} symbol and is ignored.`);
    else if (vis > 0 && !sym.choice)
      reasons.push(
        `The written value \`${a.raw}\` (${a.path ? a.path + ':' : 'line '}${a.cl.line + 1}) is used${value !== userShown(sym, a.raw) ? `, but the result is \`${value}\`` : ''}.`,
      );
  } else if (hasPrompt && vis > 0) reasons.push('No value is written for it, so it takes its default.');
  if (selectedBy.length)
    reasons.push(
      `Selected by ${selectedBy.map((s) => `${s.name} (=${s.value}, ${s.at})`).join(', ')}: it cannot be lower than ${selectedBy.some((s) => s.value === 'y') ? 'y' : 'm'}.`,
    );
  if (impliedBy.length) reasons.push(`Implied by ${impliedBy.map((s) => `${s.name} (=${s.value})`).join(', ')}.`);
  if (ex.defaultFrom) reasons.push(`Default \`${ex.defaultFrom.expr}\` from ${ex.defaultFrom.at}.`);
  if (ex.range) reasons.push(`Allowed range ${ex.range.low}..${ex.range.high}.`);
  if (ex.choice) reasons.push(`Member of a choice; the chosen member is ${ex.choice.chosen ?? 'none'}.`);
}

export function userShown(sym: KSymbol, raw: string): string {
  if (sym.type === 'bool' || sym.type === 'tristate') return raw[0];
  if (sym.type === 'string' && raw.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
    return m ? m[1].replace(/\\(.)/g, '$1') : raw;
  }
  return raw;
}
