/**
 * Diagnostics of a .config against a tree: what conf would say or silently do with each line
 * (the kernel's counterpart is the warnings of conf_read in scripts/kconfig/confdata.c; most of
 * what is said here conf does without a word).
 */
import { engineSeverity } from './codes';
import { ConfigLine, readConfigLines, strictUnset } from './dotconfig';
import { Evaluator } from './eval';
import { userShown } from './explain';
import type { KconfigTree } from './index';
import { KSymbol } from './model';
import type { Assignment, ConfigDiagnostic, Explanation } from './resolve';

/** A diagnostic of one line, before its line and path are set. */
type LineDiagnostic = Omit<ConfigDiagnostic, 'line' | 'path'>;

export function diagnoseAssignments(
  tree: KconfigTree,
  ev: Evaluator,
  assigns: Assignment[],
  explain: (n: string) => Explanation | undefined,
  withPath: boolean,
  /** Only those of error severity: a line's own problems (a value that differs is never an error). */
  errorsOnly = false,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const lastIndex = new Map<string, Assignment>();
  // (indexed loops: this runs unoptimized in a short olddefconfig run, where a for-of costs an
  // object a step)
  for (let i = 0; i < assigns.length; i++) lastIndex.set(assigns[i]!.name, assigns[i]!);
  for (let i = 0; i < assigns.length; i++) {
    const a = assigns[i]!;
    const ds = diagnoseOne(tree, ev, a, lastIndex.get(a.name)!, explain, withPath, errorsOnly);
    for (let j = 0; j < ds.length; j++) if (!errorsOnly || ds[j]!.severity === 'error') out.push(ds[j]!);
  }
  return out;
}

/** Diagnostics of one assignment; `winner` is the last assignment of the same symbol. */
export function diagnoseOne(
  tree: KconfigTree,
  ev: Evaluator,
  a: Assignment,
  winner: Assignment,
  explain: (n: string) => Explanation | undefined,
  withPath: boolean,
  /** The line's own problems only (diagnoseAssignments' errorsOnly). */
  lineOnly = false,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const path = withPath ? a.path : undefined;
  const push = (d: LineDiagnostic): void => {
    out.push({ path, line: a.cl.line, ...d });
  };
  if (lineProblems(tree, a, winner, push) || lineOnly) return out;
  const d = valueProblem(ev, a, a.sym!, explain);
  if (d) push(d);
  return out;
}

/**
 * What is wrong with the line itself: an unknown symbol, `=n` style, a repeated assignment, an
 * invalid value. True when nothing more is to be said of it.
 */
function lineProblems(
  tree: KconfigTree,
  a: Assignment,
  winner: Assignment,
  push: (d: LineDiagnostic) => void,
): boolean {
  const cl = a.cl;
  const lineEnd = cl.text.length;
  const nameRange = { startCol: cl.nameStart ?? 0, endCol: cl.nameEnd ?? lineEnd };
  const valueRange = { startCol: cl.valueStart ?? 0, endCol: lineEnd };
  const sym = a.sym;
  if (!sym || !sym.menus.length) {
    push({
      ...nameRange,
      severity: engineSeverity('kconfig/unknown-symbol'),
      code: 'kconfig/unknown-symbol',
      message: `CONFIG_${a.name} is not defined by any Kconfig file of this tree (${tree.arch}); the line is ignored.`,
      fix: { title: 'Remove the line', edits: [{ line: cl.line, startCol: 0, endCol: lineEnd, newText: '' }] },
    });
    return true;
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
    return true;
  }
  if (!a.accepted) {
    push({
      ...valueRange,
      severity: engineSeverity('kconfig/invalid-value'),
      code: 'kconfig/invalid-value',
      message: `\`${a.raw}\` is not a valid value for ${sym.type} symbol CONFIG_${a.name}${validHint(sym)}; the line is ignored.`,
    });
    return true;
  }
  return false;
}

/** What olddefconfig makes of an accepted value that does not survive, and why. */
interface Verdict {
  a: Assignment;
  sym: KSymbol;
  ex: Explanation;
  /** The value as written, and olddefconfig's (quoted for a string). */
  wanted: string;
  result: string;
  resultText: string;
  valueRange: { startCol: number; endCol: number };
  /** The diagnostic's severity and code, softened when an unknown shell result decides. */
  sev: (s: ConfigDiagnostic['severity']) => ConfigDiagnostic['severity'];
  code: (c: string) => string;
  /** ' …unknown shell result' or ''. */
  shellNote: string;
  fix: () => ConfigDiagnostic['fix'];
}

/** The diagnostic of an accepted value that olddefconfig changes (undefined when it stays). */
function valueProblem(
  ev: Evaluator,
  a: Assignment,
  sym: KSymbol,
  explain: (n: string) => Explanation | undefined,
): LineDiagnostic | undefined {
  const cl = a.cl;
  const lineEnd = cl.text.length;
  const wanted = userShown(sym, a.raw);
  if (ev.stringValue(sym) === wanted) return undefined;
  const ex = explain(a.name);
  if (!ex) return undefined;
  const result = ex.value;
  const shell = ex.dependsOnUnknownShell;
  const resultText =
    sym.type === 'bool' || sym.type === 'tristate' ? result : sym.type === 'string' ? JSON.stringify(result) : result;
  const fix = (): ConfigDiagnostic['fix'] => ({
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
  if (result === wanted) return undefined;
  const v: Verdict = {
    a,
    sym,
    ex,
    wanted,
    result,
    resultText,
    valueRange: { startCol: cl.valueStart ?? 0, endCol: lineEnd },
    sev: (s) => (shell ? 'info' : s),
    code: (c) => (shell ? 'kconfig/depends-on-shell' : c),
    shellNote: shell ? ' This verdict depends on an unknown `$(shell,...)` result (toolchain probes are not run).' : '',
    fix,
  };
  return (sym.choice ? choiceConflict(v) : undefined) ?? whyChanged(v);
}

/** A choice member written n that the choice picks, or written y while another is chosen. */
function choiceConflict({
  a,
  ex,
  wanted,
  result,
  valueRange,
  sev,
  code,
  shellNote,
  fix,
}: Verdict): LineDiagnostic | undefined {
  if (wanted === 'n' && result === 'y') {
    return {
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/choice-conflict'),
      message: `CONFIG_${a.name} is written as n, but it is the member the choice picks (the choice's default or the only visible member): a choice member is turned off by setting another member to y.${shellNote}`,
      fix: fix(),
    };
  }
  if (wanted === 'y') {
    const chosen = ex.choice?.chosen;
    if (ex.visible !== 'n') {
      return {
        ...valueRange,
        severity: sev('warning'),
        code: code('kconfig/choice-conflict'),
        message: `CONFIG_${a.name} is a choice member, but ${chosen ? `CONFIG_${chosen} is chosen` : 'no member can be chosen'} (only one member of a choice can be y; the last one set to y that is visible wins).${shellNote}`,
        fix: fix(),
      };
    }
  }
  return undefined;
}

/** Why a value does not survive: no prompt, an unmet dependency, a select, the range, or else the reasons. */
function whyChanged(v: Verdict): LineDiagnostic {
  const { a, sym, ex, wanted, result, resultText, valueRange, sev, code, shellNote, fix } = v;
  if (!ex.hasPrompt) {
    return {
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/no-prompt'),
      message: `CONFIG_${a.name} has no prompt, so the value written here has no effect: olddefconfig gives \`${resultText}\`${ex.selectedBy.length ? ` (selected by ${ex.selectedBy.map((s) => s.name).join(', ')})` : ex.defaultFrom ? ` (default ${ex.defaultFrom.expr})` : ''}.${shellNote}`,
      fix: fix(),
    };
  }
  if (ex.visible === 'n' || (ex.visible === 'm' && wanted === 'y' && result !== 'y')) {
    return {
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/unmet-dependency'),
      message: `CONFIG_${a.name}=${wanted} will not survive olddefconfig (result: \`${resultText}\`): ${ex.failingDeps.length ? `unmet dependency ${ex.failingDeps.join(' and ')}` : 'its prompt condition is false'}.${shellNote}`,
      fix: fix(),
      moreFixes: ex.enableToMeet.map((dep) => ({
        title: `Enable CONFIG_${dep}, which CONFIG_${a.name} depends on`,
        edits: [{ line: a.cl.line, startCol: 0, endCol: 0, newText: `CONFIG_${dep}=y\n` }],
      })),
    };
  }
  if ((sym.type === 'bool' || sym.type === 'tristate') && ex.selectedBy.length && rank(result) > rank(wanted)) {
    return {
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/forced-by-select'),
      message: `CONFIG_${a.name} is forced to \`${result}\` by select from ${ex.selectedBy.map((s) => `CONFIG_${s.name}=${s.value} (${s.at})`).join(', ')}.${shellNote}`,
      fix: fix(),
    };
  }
  if ((sym.type === 'int' || sym.type === 'hex') && ex.range) {
    return {
      ...valueRange,
      severity: sev('warning'),
      code: code('kconfig/out-of-range'),
      message: `${wanted} is outside the allowed range ${ex.range.low}..${ex.range.high} of CONFIG_${a.name}; olddefconfig gives \`${result}\`.${shellNote}`,
      fix: fix(),
    };
  }
  return {
    ...valueRange,
    severity: sev('warning'),
    code: code('kconfig/value-changed'),
    message: `olddefconfig will change CONFIG_${a.name} from \`${wanted}\` to \`${resultText}\`. ${ex.reasons.join(' ')}`,
    fix: fix(),
  };
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

/** A diagnostic without path and without undefined fields. */
export function clean(d: ConfigDiagnostic, line = d.line): ConfigDiagnostic {
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

/** The diagnostic of a line conf does not understand. */
export function malformedLine(cl: ConfigLine): ConfigDiagnostic {
  return {
    line: cl.line,
    startCol: 0,
    endCol: cl.text.length,
    severity: engineSeverity('kconfig/malformed-line'),
    code: 'kconfig/malformed-line',
    message: 'The kernel ignores this line: it is neither CONFIG_NAME=value nor "# CONFIG_NAME is not set".',
  };
}

/** The diagnostics given, with one for each line conf cannot read, in line order. */
export function withJunk(tree: KconfigTree, text: string, diags: ConfigDiagnostic[]): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = diags.map((d) => clean(d));
  for (const cl of readConfigLines(text, strictUnset(tree.semantics))) {
    if (cl.kind === 'junk') out.push(malformedLine(cl));
  }
  return out.sort((a, b) => a.line - b.line || a.startCol - b.startCol);
}
