/**
 * olddefconfig on inputs, explanations of values, and .config diagnostics.
 */
import { Evaluator, triStr } from './eval';
import { readConfigLines, classifyLine, ConfigLine } from './dotconfig';
import { Expr, KSymbol, Prop, Tri } from './model';
import { exprSymbols, exprToString } from './assist';
import type { KconfigTree } from './index';
import { engineSeverity } from './codes';

export interface ConfigInput {
  path: string;
  text: string;
}

export interface SymbolValue {
  name: string;
  type: string;
  /** y/m/n or the int/hex/string value (unquoted). */
  value: string;
  /** Whether conf writes the symbol to .config. */
  written: boolean;
}

export interface TextEdit {
  line: number;
  startCol: number;
  endCol: number;
  newText: string;
}

export interface ConfigDiagnostic {
  /** Input path (resolveConfig) or undefined for a single document. */
  path?: string;
  /** 0-based line, columns 0-based, end exclusive. */
  line: number;
  startCol: number;
  endCol: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
  fix?: { title: string; edits: TextEdit[] };
  /** Further fixes, e.g. enabling what an unmet dependency needs. */
  moreFixes?: Array<{ title: string; edits: TextEdit[] }>;
}

export interface Explanation {
  name: string;
  type: string;
  value: string;
  written: boolean;
  /** The effective user assignment (last one), if any. */
  user?: { raw: string; path: string; line: number; accepted: boolean; used: boolean };
  visible: 'n' | 'm' | 'y';
  hasPrompt: boolean;
  /** Failing parts of the prompt's condition (with current values). */
  failingDeps: string[];
  /** Bool/tristate symbols with a prompt whose being off fails the condition: enabling them helps. */
  enableToMeet: string[];
  /** Active selects (symbol and its value). */
  selectedBy: Array<{ name: string; value: string; at: string }>;
  impliedBy: Array<{ name: string; value: string; at: string }>;
  /** The default that gave the value, if one did. */
  defaultFrom?: { at: string; expr: string };
  range?: { low: string; high: string };
  choice?: { members: string[]; chosen?: string };
  /** The verdict depends on a `$(shell,...)` result that is unknown. */
  dependsOnUnknownShell: boolean;
  /** Sentences, our words. */
  reasons: string[];
}

export interface ResolveResult {
  /** Name -> value (y/m/n or text) for every defined symbol. */
  values: Map<string, SymbolValue>;
  value(name: string): string | undefined;
  explain(name: string): Explanation | undefined;
  /** The .config text conf writes. */
  output: string;
  diagnostics: ConfigDiagnostic[];
  /** Symbols met inside a dependency loop while computing (the kernel refuses such trees). */
  loops: string[];
}

interface Assignment {
  sym: KSymbol | undefined;
  name: string;
  raw: string;
  path: string;
  cl: ConfigLine;
  accepted: boolean;
  overridden: boolean;
}

/** Evaluate inputs on a tree. Reuses the tree's evaluator. */
export function resolveWith(tree: KconfigTree, inputs: ConfigInput[]): ResolveResult {
  const ev = evaluatorFor(tree);
  const assigns = readInputs(tree, ev, inputs);
  ev.invalidate();
  ev.computeAll();
  return buildResult(tree, ev, assigns, inputs.length > 1 || inputs.some((i) => i.path !== ''));
}

function evaluatorFor(tree: KconfigTree): Evaluator {
  // A fresh evaluator per resolution: results stay valid after later resolutions.
  return new Evaluator(tree.parsed);
}

function readInputs(tree: KconfigTree, ev: Evaluator, inputs: ConfigInput[]): Assignment[] {
  ev.resetUser();
  const out: Assignment[] = [];
  const last = new Map<string, Assignment>();
  const strict = tree.semantics === 'modern';
  for (const inp of inputs) {
    for (const cl of readConfigLines(inp.text, strict)) {
      if (cl.kind !== 'set' && cl.kind !== 'unset') continue;
      const name = cl.name!;
      const sym = tree.parsed.symbolMap.get(name);
      let accepted = false;
      if (sym) accepted = ev.assign(sym, cl.raw!);
      const a: Assignment = { sym, name, raw: cl.raw!, path: inp.path, cl, accepted, overridden: false };
      const prev = last.get(name);
      if (prev) prev.overridden = true;
      last.set(name, a);
      out.push(a);
    }
  }
  return out;
}

function buildResult(tree: KconfigTree, ev: Evaluator, assigns: Assignment[], withPath: boolean): ResolveResult {
  let output: string | undefined;
  let values: Map<string, SymbolValue> | undefined;
  const getValues = (): Map<string, SymbolValue> => {
    if (values) return values;
    values = new Map();
    for (const s of tree.symbols()) {
      if (s.isChoice) continue;
      values.set(s.name, { name: s.name, type: s.type, value: ev.stringValue(s), written: !!ev.write[s.id] });
    }
    return values;
  };
  const lastBy = new Map<string, Assignment>();
  for (const a of assigns) lastBy.set(a.name, a);
  const explainCache = new Map<string, Explanation | undefined>();
  const explain = (name: string): Explanation | undefined => {
    const key = name.startsWith('CONFIG_') ? name.slice(7) : name;
    if (!explainCache.has(key)) explainCache.set(key, explainSymbol(tree, ev, key, lastBy.get(key)));
    return explainCache.get(key);
  };
  let diagnostics: ConfigDiagnostic[] | undefined;
  return {
    get values() {
      return getValues();
    },
    value(name: string): string | undefined {
      const s = tree.symbol(name);
      if (!s || !s.menus.length) return undefined;
      return ev.stringValue(s);
    },
    explain,
    get output() {
      if (output === undefined) output = ev.writeConfig();
      return output;
    },
    get diagnostics() {
      if (!diagnostics) diagnostics = diagnoseAssignments(tree, ev, assigns, explain, withPath);
      return diagnostics;
    },
    get loops() {
      return [...ev.loops].map((s) => s.name);
    },
  };
}

// ------------------------------------------------------------ explanations

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
    if (v > 0) out.push({ name: src.name, value: triStr(v), at: `${p.loc.file}:${p.loc.line}` });
  }
  return out;
}

function explainSymbol(
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
  const reasons: string[] = [];
  const failing: string[] = [];
  const enable: string[] = [];
  const involved: KSymbol[] = [sym];
  if (prompts.length && vis < 2) {
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
  }
  const selectedBy = activeRev(ev, sym.selectedBy);
  const impliedBy = activeRev(ev, sym.impliedBy);
  const ex: Explanation = {
    name,
    type: sym.type,
    value,
    written: !!ev.write[sym.id],
    visible: triStr(vis) as 'n' | 'm' | 'y',
    hasPrompt: prompts.length > 0,
    failingDeps: failing,
    enableToMeet: enable,
    selectedBy,
    impliedBy,
    dependsOnUnknownShell: false,
    reasons,
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
        at: `${p.loc.file}:${p.loc.line}`,
        expr: exprToString(p.expr) + (p.cond ? ` if ${exprToString(p.cond)}` : ''),
      };
      if (p.expr) involved.push(...exprSymbols(p.expr));
      break;
    }
  }
  // sentences
  if (!prompts.length)
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
  } else if (prompts.length && vis > 0) reasons.push('No value is written for it, so it takes its default.');
  if (selectedBy.length)
    reasons.push(
      `Selected by ${selectedBy.map((s) => `${s.name} (=${s.value}, ${s.at})`).join(', ')}: it cannot be lower than ${selectedBy.some((s) => s.value === 'y') ? 'y' : 'm'}.`,
    );
  if (impliedBy.length) reasons.push(`Implied by ${impliedBy.map((s) => `${s.name} (=${s.value})`).join(', ')}.`);
  if (ex.defaultFrom) reasons.push(`Default \`${ex.defaultFrom.expr}\` from ${ex.defaultFrom.at}.`);
  if (ex.range) reasons.push(`Allowed range ${ex.range.low}..${ex.range.high}.`);
  if (ex.choice) reasons.push(`Member of a choice; the chosen member is ${ex.choice.chosen ?? 'none'}.`);
  if (tree.hasUnknownShell() && (ev.uncertain(sym) || involved.some((s) => ev.uncertain(s)))) {
    ex.dependsOnUnknownShell = true;
    reasons.push(
      'This depends on a `$(shell,...)` result (toolchain probe) that was not run: enable shell commands (trusted workspace / --allow-shell) for an exact answer.',
    );
  }
  return ex;
}

function userShown(sym: KSymbol, raw: string): string {
  if (sym.type === 'bool' || sym.type === 'tristate') return raw[0];
  if (sym.type === 'string' && raw.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
    return m ? m[1].replace(/\\(.)/g, '$1') : raw;
  }
  return raw;
}

// ------------------------------------------------------------ diagnostics

function diagnoseAssignments(
  tree: KconfigTree,
  ev: Evaluator,
  assigns: Assignment[],
  explain: (n: string) => Explanation | undefined,
  withPath: boolean,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const lastIndex = new Map<string, Assignment>();
  for (const a of assigns) lastIndex.set(a.name, a);
  for (const a of assigns) out.push(...diagnoseOne(tree, ev, a, lastIndex.get(a.name)!, explain, withPath));
  return out;
}

/** Diagnostics of one assignment; `winner` is the last assignment of the same symbol. */
function diagnoseOne(
  tree: KconfigTree,
  ev: Evaluator,
  a: Assignment,
  winner: Assignment,
  explain: (n: string) => Explanation | undefined,
  withPath: boolean,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  {
    const cl = a.cl;
    const path = withPath ? a.path : undefined;
    const lineEnd = cl.text.length;
    const nameRange = { startCol: cl.nameStart ?? 0, endCol: cl.nameEnd ?? lineEnd };
    const valueRange = { startCol: cl.valueStart ?? 0, endCol: lineEnd };
    const push = (d: Omit<ConfigDiagnostic, 'line' | 'path'>): void => {
      out.push({ path, line: cl.line, ...d });
    };
    const sym = a.sym;
    if (!sym || !sym.menus.length) {
      push({
        ...nameRange,
        severity: engineSeverity('kconfig/unknown-symbol'),
        code: 'kconfig/unknown-symbol',
        message: `CONFIG_${a.name} is not defined by any Kconfig file of this tree (${tree.arch}); the line is ignored.`,
        fix: { title: 'Remove the line', edits: [{ line: cl.line, startCol: 0, endCol: lineEnd, newText: '' }] },
      });
      return out;
    }
    if (cl.kind === 'set' && a.raw === 'n' && (sym.type === 'bool' || sym.type === 'tristate')) {
      push({
        startCol: 0,
        endCol: lineEnd,
        severity: engineSeverity('kconfig/n-assignment-style'),
        code: 'kconfig/n-assignment-style',
        message: `The kernel writes this as "# CONFIG_${a.name} is not set"; both mean n.`,
        fix: {
          title: `Write "# CONFIG_${a.name} is not set"`,
          edits: [{ line: cl.line, startCol: 0, endCol: lineEnd, newText: `# CONFIG_${a.name} is not set` }],
        },
      });
    }
    if (winner !== a) {
      const w = winner;
      const same = w.raw === a.raw;
      push({
        startCol: 0,
        endCol: lineEnd,
        severity: same ? 'hint' : 'warning',
        code: 'kconfig/repeated-assignment',
        message: same
          ? `CONFIG_${a.name} is assigned the same value again at ${w.path && w.path !== a.path ? w.path + ':' : 'line '}${w.cl.line + 1}; this line is redundant.`
          : `CONFIG_${a.name} is assigned again at ${w.path && w.path !== a.path ? w.path + ':' : 'line '}${w.cl.line + 1} (\`${w.raw}\`); that later assignment wins and this one has no effect.`,
        fix:
          w.path === a.path
            ? {
                title: 'Remove this earlier assignment',
                edits: [{ line: cl.line, startCol: 0, endCol: lineEnd, newText: '' }],
              }
            : undefined,
      });
      return out;
    }
    if (!a.accepted) {
      push({
        ...valueRange,
        severity: engineSeverity('kconfig/invalid-value'),
        code: 'kconfig/invalid-value',
        message: `\`${a.raw}\` is not a valid value for ${sym.type} symbol CONFIG_${a.name}${validHint(sym)}; the line is ignored.`,
      });
      return out;
    }
    const wanted = userShown(sym, a.raw);
    if (ev.stringValue(sym) === wanted) return out;
    const ex = explain(a.name);
    if (!ex) return out;
    const result = ex.value;
    const shell = ex.dependsOnUnknownShell;
    const resultText =
      sym.type === 'bool' || sym.type === 'tristate' ? result : sym.type === 'string' ? JSON.stringify(result) : result;
    const fixTo = (): ConfigDiagnostic['fix'] => ({
      title: `Write the value olddefconfig will produce (${resultText === 'n' ? 'not set' : resultText})`,
      edits: [
        {
          line: cl.line,
          startCol: 0,
          endCol: lineEnd,
          newText:
            resultText === 'n' && (sym.type === 'bool' || sym.type === 'tristate')
              ? `# CONFIG_${a.name} is not set`
              : `CONFIG_${a.name}=${sym.type === 'string' ? JSON.stringify(result).replace(/\\u[0-9a-f]{4}/g, '') : result}`,
        },
      ],
    });
    if (result === wanted) return out;
    const shellNote = ' This verdict depends on an unknown `$(shell,...)` result (toolchain probes are not run).';
    const code = (c: string): string => (shell ? 'kconfig/depends-on-shell' : c);
    const sev = (s: ConfigDiagnostic['severity']): ConfigDiagnostic['severity'] => (shell ? 'info' : s);
    if (sym.choice) {
      if (wanted === 'n' && result === 'y') {
        push({
          ...valueRange,
          severity: sev('warning'),
          code: code('kconfig/choice-conflict'),
          message: `CONFIG_${a.name} is written as n, but it is the member the choice picks (the choice's default or the only visible member): a choice member is turned off by setting another member to y.${shell ? shellNote : ''}`,
          fix: fixTo(),
        });
        return out;
      }
      if (wanted === 'y') {
        const chosen = ex.choice?.chosen;
        if (ex.visible !== 'n') {
          push({
            ...valueRange,
            severity: sev('warning'),
            code: code('kconfig/choice-conflict'),
            message: `CONFIG_${a.name} is a choice member, but ${chosen ? `CONFIG_${chosen} is chosen` : 'no member can be chosen'} (only one member of a choice can be y; the last one set to y that is visible wins).${shell ? shellNote : ''}`,
            fix: fixTo(),
          });
          return out;
        }
      }
    }
    if (!ex.hasPrompt) {
      push({
        ...valueRange,
        severity: sev('warning'),
        code: code('kconfig/no-prompt'),
        message: `CONFIG_${a.name} has no prompt, so the value written here has no effect: olddefconfig gives \`${resultText}\`${ex.selectedBy.length ? ` (selected by ${ex.selectedBy.map((s) => s.name).join(', ')})` : ex.defaultFrom ? ` (default ${ex.defaultFrom.expr})` : ''}.${shell ? shellNote : ''}`,
        fix: fixTo(),
      });
      return out;
    }
    if (ex.visible === 'n' || (ex.visible === 'm' && wanted === 'y' && result !== 'y')) {
      push({
        ...valueRange,
        severity: sev('warning'),
        code: code('kconfig/unmet-dependency'),
        message: `CONFIG_${a.name}=${wanted} will not survive olddefconfig (result: \`${resultText}\`): ${ex.failingDeps.length ? `unmet dependency ${ex.failingDeps.join(' and ')}` : 'its prompt condition is false'}.${shell ? shellNote : ''}`,
        fix: fixTo(),
        moreFixes: ex.enableToMeet.map((dep) => ({
          title: `Enable CONFIG_${dep}, which CONFIG_${a.name} depends on`,
          edits: [{ line: cl.line, startCol: 0, endCol: 0, newText: `CONFIG_${dep}=y\n` }],
        })),
      });
      return out;
    }
    if ((sym.type === 'bool' || sym.type === 'tristate') && ex.selectedBy.length && rank(result) > rank(wanted)) {
      push({
        ...valueRange,
        severity: sev('warning'),
        code: code('kconfig/forced-by-select'),
        message: `CONFIG_${a.name} is forced to \`${result}\` by select from ${ex.selectedBy.map((s) => `CONFIG_${s.name}=${s.value} (${s.at})`).join(', ')}.${shell ? shellNote : ''}`,
        fix: fixTo(),
      });
      return out;
    }
    if ((sym.type === 'int' || sym.type === 'hex') && ex.range) {
      push({
        ...valueRange,
        severity: sev('warning'),
        code: code('kconfig/out-of-range'),
        message: `${wanted} is outside the allowed range ${ex.range.low}..${ex.range.high} of CONFIG_${a.name}; olddefconfig gives \`${result}\`.${shell ? shellNote : ''}`,
        fix: fixTo(),
      });
      return out;
    }
    push({
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/value-changed'),
      message: `olddefconfig will change CONFIG_${a.name} from \`${wanted}\` to \`${resultText}\`. ${ex.reasons.join(' ')}`,
      fix: fixTo(),
    });
  }
  return out;
}

const rank = (v: string): number => (v === 'y' ? 2 : v === 'm' ? 1 : 0);

function validHint(sym: KSymbol): string {
  switch (sym.type) {
    case 'bool':
      return ' (use y or n)';
    case 'tristate':
      return ' (use y, m or n)';
    case 'int':
      return ' (a decimal number)';
    case 'hex':
      return ' (a hexadecimal number, 0x optional)';
    case 'string':
      return ' (a double-quoted string)';
    default:
      return '';
  }
}

// ------------------------------------------------------------ documents

/**
 * Diagnostics for one .config document on a tree. Also includes lines the
 * kernel does not understand.
 */
export function diagnoseConfigDocument(tree: KconfigTree, text: string): ConfigDiagnostic[] {
  try {
    const r = resolveWith(tree, [{ path: '', text }]);
    return withJunk(tree, text, r.diagnostics);
  } catch (e) {
    return failedResult(e).diagnostics;
  }
}

/** A diagnostic without path and without undefined fields. */
function clean(d: ConfigDiagnostic, line = d.line): ConfigDiagnostic {
  const o: ConfigDiagnostic = {
    line,
    startCol: d.startCol,
    endCol: d.endCol,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.fix) o.fix = { title: d.fix.title, edits: d.fix.edits.map((e) => ({ ...e, line })) };
  if (d.moreFixes?.length)
    o.moreFixes = d.moreFixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ ...e, line })) }));
  return o;
}

function withJunk(tree: KconfigTree, text: string, diags: ConfigDiagnostic[]): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = diags.map((d) => clean(d));
  for (const cl of readConfigLines(text, tree.semantics === 'modern')) {
    if (cl.kind === 'junk') {
      out.push({
        line: cl.line,
        startCol: 0,
        endCol: cl.text.length,
        severity: engineSeverity('kconfig/malformed-line'),
        code: 'kconfig/malformed-line',
        message: 'The kernel ignores this line: it is neither CONFIG_NAME=value nor "# CONFIG_NAME is not set".',
      });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.startCol - b.startCol);
}

/**
 * Incremental path for an editor. Keeps the evaluator between updates; after
 * an edit it re-reads only the changed lines, re-applies only the changed
 * symbols' written values, recomputes only the symbols that depend on them,
 * and re-diagnoses only their lines (a full evaluation happens on the first
 * update, for large edits, and when MODULES changes).
 */
export class ConfigDocumentSession {
  private lines: string[] = [];
  private cls: ConfigLine[] = [];
  private ev?: Evaluator;
  private byName = new Map<string, ConfigLine[]>();
  private assignOf = new Map<ConfigLine, Assignment>();
  private diags = new Map<ConfigLine, ConfigDiagnostic[]>();
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
    const strict = this.tree.semantics === 'modern';
    const tp = this.tree.parsed;
    const newLines = splitLines(text);
    let changedNames: Set<string> | null = null;
    let changedLines: ConfigLine[] = [];
    if (this.ev) {
      const old = this.lines;
      const min = Math.min(old.length, newLines.length);
      let p = 0;
      while (p < min && old[p] === newLines[p]) p++;
      let q = 0;
      while (q < min - p && old[old.length - 1 - q] === newLines[newLines.length - 1 - q]) q++;
      const removed = this.cls.slice(p, old.length - q);
      const added: ConfigLine[] = [];
      for (let i = p; i < newLines.length - q; i++) added.push(classifyLine(newLines[i], i, strict));
      changedNames = new Set();
      for (const c of removed) {
        if (c.name) changedNames.add(c.name);
        this.assignOf.delete(c);
        this.diags.delete(c);
      }
      for (const c of added) if (c.name) changedNames.add(c.name);
      this.cls.splice(p, removed.length, ...added);
      if (added.length !== removed.length)
        for (let i = p + added.length; i < this.cls.length; i++) this.cls[i].line = i;
      changedLines = added;
      if (removed.length + added.length > 500) changedNames = null;
    }
    this.lines = newLines;
    let full = !this.ev || !changedNames;
    const ev = this.ev ?? new Evaluator(tp);
    this.ev = ev;
    let recomputed = 0;
    let toDiagnose: Set<string>;
    if (full) {
      this.cls = newLines.map((l, i) => classifyLine(l, i, strict));
      this.assignOf.clear();
      this.diags.clear();
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
      usersGraph(this.tree); // built now so that the first edit is fast
      recomputed = tp.allSymbols.length;
      toDiagnose = new Set(this.byName.keys());
      changedLines = this.cls;
    } else {
      const names = changedNames!;
      // rebuild the per-name line lists of the changed names
      for (const n of names) this.byName.delete(n);
      for (const cl of this.cls) {
        if (cl.name && names.has(cl.name) && (cl.kind === 'set' || cl.kind === 'unset')) {
          let l = this.byName.get(cl.name);
          if (!l) this.byName.set(cl.name, (l = []));
          l.push(cl);
        }
      }
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
      toDiagnose = new Set(names);
      for (const s of replay) toDiagnose.add(s.name);
      if (changed.length) {
        const g = usersGraph(this.tree);
        const recomputedSyms: KSymbol[] = [];
        const n = ev.propagate(changed, (s) => g.get(s) ?? [], 30000, recomputedSyms);
        if (n < 0) {
          full = true;
          ev.invalidate();
          ev.computeAll();
          recomputed = tp.allSymbols.length;
          toDiagnose = new Set(this.byName.keys());
        } else {
          recomputed = n;
          for (const s of changed) toDiagnose.add(s.name);
          for (const s of recomputedSyms) toDiagnose.add(s.name);
        }
      }
    }
    ev.resetUncertainty();
    // diagnostics of the affected names
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
      }
    }
    for (const cl of changedLines) {
      if (cl.kind === 'junk') {
        this.diags.set(cl, [
          {
            line: cl.line,
            startCol: 0,
            endCol: cl.text.length,
            severity: engineSeverity('kconfig/malformed-line'),
            code: 'kconfig/malformed-line',
            message: 'The kernel ignores this line: it is neither CONFIG_NAME=value nor "# CONFIG_NAME is not set".',
          },
        ]);
      }
    }
    const out: ConfigDiagnostic[] = [];
    for (const [cl, ds] of this.diags) {
      for (const d of ds) out.push(clean(d, cl.line));
    }
    out.sort((a, b) => a.line - b.line || a.startCol - b.startCol);
    this.result = undefined;
    this.lastUpdate.diagnosed = toDiagnose.size;
    this.lastUpdate = { full, recomputed, ms: performance.now() - t0, diagnosed: toDiagnose.size };
    return out;
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

function splitLines(text: string): string[] {
  const l = text.split('\n');
  if (l.length && l[l.length - 1] === '') l.pop();
  for (let i = 0; i < l.length; i++) if (l[i].endsWith('\r')) l[i] = l[i].slice(0, -1);
  return l;
}

function userKey(ev: Evaluator, sym: KSymbol): string {
  return ev.hasUser[sym.id] ? `${ev.userTri[sym.id]}|${ev.userVal[sym.id] ?? ''}` : '-';
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

const revGraphCache = new WeakMap<object, Map<KSymbol, KSymbol[]>>();

/** For each symbol, the symbols whose computation reads it. */
function usersGraph(tree: KconfigTree): Map<KSymbol, KSymbol[]> {
  const tp = tree.parsed;
  let g = revGraphCache.get(tp);
  if (g) return g;
  const graph = new Map<KSymbol, KSymbol[]>();
  const edge = (from: KSymbol, to: KSymbol): void => {
    if (from.isConst || from === to) return;
    let l = graph.get(from);
    if (!l) graph.set(from, (l = []));
    if (l[l.length - 1] !== to) l.push(to);
  };
  const uses = (e: Expr | null, user: KSymbol): void => {
    for (const s of exprSymbols(e)) edge(s, user);
  };
  for (const s of tp.allSymbols) {
    if (s.isConst) continue;
    uses(s.dirDep, s);
    uses(s.revDep, s);
    uses(s.implied, s);
    for (const p of s.props) {
      uses(p.visible, s);
      uses(p.expr, s);
      if (p.range) {
        edge(p.range[0], s);
        edge(p.range[1], s);
      }
    }
    const ch = s.choice;
    if (ch) {
      edge(ch, s);
      edge(s, ch);
      for (const p of ch.props) uses(p.visible, s);
    }
  }
  revGraphCache.set(tp, graph);
  g = graph;
  return g;
}

/** The result reported when evaluation failed unexpectedly (never thrown to callers). */
export function failedResult(e: unknown): ResolveResult {
  const message =
    e instanceof RangeError
      ? "The kernel tree's dependencies are chained too deeply to evaluate; nothing is predicted for this file."
      : `internal error in the Kconfig engine: ${e instanceof Error ? e.message : String(e)}`;
  return {
    values: new Map(),
    value: () => undefined,
    explain: () => undefined,
    output: '',
    diagnostics: [
      {
        line: 0,
        startCol: 0,
        endCol: 0,
        severity: engineSeverity('kconfig/internal-error'),
        code: 'kconfig/internal-error',
        message,
      },
    ],
    loops: [],
  };
}
