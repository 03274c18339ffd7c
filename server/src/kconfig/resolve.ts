/**
 * olddefconfig on inputs: the .config files read in order (later assignments win, as
 * merge_config.sh -m), every value computed, and the result with its values, the .config text
 * conf writes, explanations (explain.ts) and diagnostics (diagnose.ts); the counterpart of what
 * the kernel's scripts/kconfig/conf.c does for `make olddefconfig`. The editor's incremental
 * session is in session.ts.
 */
import { engineSeverity } from './codes';
import { diagnoseAssignments, withJunk } from './diagnose';
import { ConfigLine, readConfigLines, strictUnset } from './dotconfig';
import { Evaluator } from './eval';
import { explainSymbol } from './explain';
import type { KconfigTree } from './index';
import { KSymbol } from './model';

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
  /**
   * The diagnostics of error severity: without the others worked out when they were not asked
   * for (a run that shows no warnings only needs these: the values that differ are not explained).
   */
  errors: ConfigDiagnostic[];
  /** Symbols met inside a dependency loop while computing (the kernel refuses such trees). */
  loops: string[];
}

/** One assignment of an input, as read. */
export interface Assignment {
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
  const strict = strictUnset(tree.semantics);
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

export function buildResult(tree: KconfigTree, ev: Evaluator, assigns: Assignment[], withPath: boolean): ResolveResult {
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
  let errors: ConfigDiagnostic[] | undefined;
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
    get errors() {
      errors ??= diagnostics
        ? diagnostics.filter((d) => d.severity === 'error')
        : diagnoseAssignments(tree, ev, assigns, explain, withPath, true);
      return errors;
    },
    get loops() {
      return [...ev.loops].map((s) => s.name);
    },
  };
}

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

/** The result reported when evaluation failed unexpectedly (never thrown to callers). */
export function failedResult(e: unknown): ResolveResult {
  const message =
    e instanceof RangeError
      ? "The kernel tree's dependencies are chained too deeply to evaluate; nothing is predicted for this file."
      : `internal error in the Kconfig engine: ${e instanceof Error ? e.message : String(e)}`;
  const diagnostics: ConfigDiagnostic[] = [
    {
      line: 0,
      startCol: 0,
      endCol: 0,
      severity: engineSeverity('kconfig/internal-error'),
      code: 'kconfig/internal-error',
      message,
    },
  ];
  return {
    values: new Map(),
    value: () => undefined,
    explain: () => undefined,
    output: '',
    diagnostics,
    errors: diagnostics.filter((d) => d.severity === 'error'),
    loops: [],
  };
}
