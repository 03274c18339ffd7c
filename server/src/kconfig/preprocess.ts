/**
 * The Kconfig macro language (variables, `$(...)` references, built-in
 * functions), following the semantics of the kernel's scripts/kconfig
 * preprocessor. Own implementation.
 *
 * `$(shell,CMD)` runs CMD only when allowShell is set. Otherwise its value is
 * taken from toolchainFacts[CMD] when present, else it is the empty string and
 * `unknownShell` is raised so the caller can mark what it produced.
 */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';

export type VarFlavor = 'recursive' | 'simple' | 'append';

interface Variable {
  value: string;
  flavor: 'recursive' | 'simple';
  expanding: number;
  /** A simple variable whose value came from an unknown shell result. */
  tainted: boolean;
}

export interface ShellCall {
  command: string;
  output: string;
  /** 'ran': executed; 'fact': from toolchainFacts; 'unknown': not run, value unknown. */
  source: 'ran' | 'fact' | 'unknown';
  /** The command text itself was built from unknown shell results. */
  argsUnknown?: boolean;
}

/** What the kernel keeps of a command's output: at most 4095 bytes, trailing newlines cut, inner newlines as spaces. */
export function normalizeShellOutput(raw: string): string {
  let r = raw;
  if (r.length >= 4096) r = r.slice(0, 4095);
  return r.replace(/\n+$/, '').replace(/\n/g, ' ');
}

export interface PreprocessorOptions {
  env: Record<string, string | undefined>;
  /** Environment of shell commands (default: env). */
  shellEnv?: Record<string, string | undefined>;
  allowShell: boolean;
  toolchainFacts?: Record<string, string>;
  /** Working directory for shell commands (the source tree). */
  cwd: string;
  position: () => { file: string; line: number };
  report: (severity: 'error' | 'warning' | 'info', message: string) => void;
  /**
   * Runs a command and returns its raw stdout (default: /bin/sh -c, synchronously).
   * `undefined`: the result is not known (treated like a command not run).
   */
  runShell?: (cmd: string, argsUnknown: boolean) => string | undefined;
  /** Environment variables whose value would come from a command that was not run. */
  unknownEnv?: ReadonlySet<string>;
  /**
   * Expansion work allowed in total over every reference (characters scanned, characters
   * produced); past it every expansion is empty and `exhausted` says why.
   */
  budget?: { steps: number; output: number };
}

const MAX_OUTPUT = 1 << 20;
const MAX_STEPS = 200000;

export class Preprocessor {
  readonly vars = new Map<string, Variable>();
  /** Environment variables that were referenced, with the value seen. */
  readonly usedEnv = new Map<string, string>();
  readonly shellCalls = new Map<string, ShellCall>();
  /** Raised when an expansion used an unknown shell result; callers reset it. */
  unknownShell = false;
  private steps = 0;
  private totalSteps = 0;
  private totalOutput = 0;
  /** Set when the total budget is spent: the message to report. */
  exhausted: string | undefined;
  private depth = 0;
  private argsUnknown = false;
  private readonly taintedArgs = new WeakSet<string[]>();

  constructor(private readonly opts: PreprocessorOptions) {}

  /** Define a variable (`NAME = value`, `:=`, `+=`). */
  define(name: string, value: string, flavor: VarFlavor): void {
    const v = this.vars.get(name);
    const outer = this.unknownShell;
    this.unknownShell = false;
    try {
      if (v && flavor === 'append') {
        const add = v.flavor === 'simple' ? this.expandString(value) : value;
        v.value = v.value + ' ' + add;
        v.tainted = v.tainted || this.unknownShell;
        return;
      }
      const fl: 'recursive' | 'simple' = flavor === 'simple' ? 'simple' : 'recursive';
      const val = fl === 'simple' ? this.expandString(value) : value;
      this.vars.set(name, { value: val, flavor: fl, expanding: 0, tainted: this.unknownShell });
    } finally {
      this.unknownShell = outer;
    }
  }

  /** Expand every `$(...)` in a whole string. */
  expandString(s: string): string {
    this.steps = 0;
    return this.expandWithArgs(s, []).out;
  }

  /**
   * Expand one token starting at s[pos] (the kernel's expand_one_token):
   * stops at the first character that is not alphanumeric, '_' or '-'
   * outside a `$(...)`. Returns the expansion and the end position.
   */
  expandToken(s: string, pos: number): { out: string; end: number } {
    this.steps = 0;
    return this.expandRaw(s, pos, [], true);
  }

  /** Expand one `$(...)` reference whose '$' is at s[pos]. */
  expandDollarAt(s: string, pos: number): { out: string; end: number } {
    this.steps = 0;
    return this.expandDollar(s, pos + 1, []);
  }

  private expandWithArgs(s: string, args: string[]): { out: string; end: number } {
    return this.expandRaw(s, 0, args, false);
  }

  private expandRaw(s: string, pos: number, args: string[], tokenMode: boolean): { out: string; end: number } {
    let out = '';
    let i = pos;
    let start = i;
    const b = this.opts.budget;
    if (b && this.exhausted) return { out: '', end: s.length };
    for (;;) {
      if (++this.steps > MAX_STEPS || out.length > MAX_OUTPUT) {
        this.error('macro expansion too large or too deep; result truncated');
        return { out, end: s.length };
      }
      if (b && ++this.totalSteps > b.steps) {
        this.spent(
          `macro expansion needed more than ${b.steps.toLocaleString('en-US')} steps in total; the rest is not read`,
        );
        return { out, end: s.length };
      }
      const c = s[i];
      if (c === '$') {
        out += s.slice(start, i);
        const r = this.expandDollar(s, i + 1, args);
        out += r.out;
        if (b && (this.totalOutput += r.out.length) > b.output) {
          this.spent(
            `macro expansion produced more than ${Math.round(b.output / 1048576)} MB in total; the rest is not read`,
          );
          return { out, end: s.length };
        }
        i = r.end;
        start = i;
        continue;
      }
      if (c === undefined) break;
      if (tokenMode && !isTokenChar(c.charCodeAt(0))) break;
      i++;
    }
    out += s.slice(start, i);
    return { out, end: i };
  }

  /** s[pos] is the character after '$'. */
  private expandDollar(s: string, pos: number, args: string[]): { out: string; end: number } {
    if (s[pos] !== '(') return { out: '$', end: pos };
    let q = pos + 1;
    let nest = 0;
    for (; q < s.length; q++) {
      const c = s[q];
      if (c === '(') nest++;
      else if (c === ')') {
        if (nest === 0) break;
        nest--;
      }
    }
    this.totalSteps += q - pos;
    if (q >= s.length) {
      this.error(`unterminated reference to '${capped(s.slice(pos + 1))}': missing ')'`);
      return { out: '', end: s.length };
    }
    return { out: this.evalClause(s.slice(pos + 1, q), args), end: q + 1 };
  }

  private evalClause(clause: string, args: string[]): string {
    if (/^[0-9]+$/.test(clause)) {
      const n = parseInt(clause, 10);
      if (n > 0 && n <= args.length) {
        // arguments built from unknown shell results carry that into the body
        if (this.taintedArgs.has(args)) this.unknownShell = true;
        return args[n - 1];
      }
    }
    const parts: string[] = [];
    let nest = 0;
    let prev = 0;
    this.totalSteps += clause.length;
    for (let i = 0; i < clause.length; i++) {
      const c = clause[i];
      if (nest === 0 && c === ',') {
        parts.push(clause.slice(prev, i));
        prev = i + 1;
      } else if (c === '(') nest++;
      else if (c === ')') nest--;
    }
    parts.push(clause.slice(prev));
    if (parts.length > 17) {
      this.error('too many function arguments');
      return '';
    }
    if (this.depth > 500) {
      this.error('Too deep recursive expansion');
      return '';
    }
    this.depth++;
    try {
      const name = this.expandWithArgs(parts[0], args).out;
      const outer = this.unknownShell;
      this.unknownShell = false;
      const fargs = parts.slice(1).map((p) => this.expandWithArgs(p, args).out);
      this.argsUnknown = this.unknownShell;
      this.unknownShell = this.unknownShell || outer;
      const v = this.vars.get(name);
      if (v) {
        if (fargs.length === 0 && v.expanding > 0) {
          this.error(`Recursive variable '${name}' references itself (eventually)`);
          return '';
        }
        if (v.expanding > 1000) {
          this.error('Too deep recursive expansion');
          return '';
        }
        if (v.tainted) this.unknownShell = true;
        v.expanding++;
        try {
          if (this.argsUnknown) this.taintedArgs.add(fargs);
          return v.flavor === 'recursive' ? this.expandWithArgs(v.value, fargs).out : v.value;
        } finally {
          v.expanding--;
        }
      }
      const f = this.builtin(name, fargs);
      if (f !== undefined) return f;
      if (fargs.length === 0 && name !== '') {
        if (this.opts.unknownEnv?.has(name)) this.unknownShell = true;
        const e = this.opts.env[name];
        if (e !== undefined) {
          this.usedEnv.set(name, e);
          return e;
        }
      }
      return '';
    } finally {
      this.depth--;
    }
  }

  private builtin(name: string, a: string[]): string | undefined {
    const arity = (min: number, max: number): boolean => {
      if (a.length < min) this.error(`too few function arguments passed to '${name}'`);
      else if (a.length > max) this.error(`too many function arguments passed to '${name}'`);
      else return true;
      return false;
    };
    switch (name) {
      case 'error-if':
        if (arity(2, 2) && a[0] === 'y') this.error(a[1]);
        return '';
      case 'warning-if':
        if (arity(2, 2) && a[0] === 'y') this.opts.report('warning', a[1]);
        return '';
      case 'info':
        if (arity(1, 1)) this.opts.report('info', a[0]);
        return '';
      case 'filename':
        return arity(0, 0) ? this.opts.position().file : '';
      case 'lineno':
        return arity(0, 0) ? String(this.opts.position().line) : '';
      case 'shell':
        return arity(1, 1) ? this.shell(a[0], this.argsUnknown) : '';
      default:
        return undefined;
    }
  }

  private shell(cmd: string, argsUnknown: boolean): string {
    const cached = this.shellCalls.get(cmd);
    if (cached) {
      if (cached.source === 'unknown') this.unknownShell = true;
      return cached.output;
    }
    let call: ShellCall;
    const facts = this.opts.toolchainFacts;
    if (facts && Object.prototype.hasOwnProperty.call(facts, cmd)) {
      call = { command: cmd, output: facts[cmd], source: 'fact' };
    } else if (this.opts.allowShell) {
      let raw: string | undefined = '';
      if (this.opts.runShell) raw = this.opts.runShell(cmd, argsUnknown);
      else
        try {
          raw = execFileSync('/bin/sh', ['-c', cmd], {
            cwd: existsSync(this.opts.cwd) ? this.opts.cwd : undefined,
            env: (this.opts.shellEnv ?? this.opts.env) as NodeJS.ProcessEnv,
            encoding: 'latin1',
            stdio: ['ignore', 'pipe', 'ignore'],
            timeout: 60000,
            maxBuffer: 64 << 20,
          });
        } catch (e) {
          // Non-zero exit: the kernel still uses what was printed.
          const out = (e as { stdout?: unknown }).stdout;
          raw = typeof out === 'string' ? out : '';
        }
      call =
        raw === undefined
          ? { command: cmd, output: '', source: 'unknown', argsUnknown }
          : { command: cmd, output: normalizeShellOutput(raw), source: 'ran' };
    } else {
      call = { command: cmd, output: '', source: 'unknown', argsUnknown };
    }
    this.shellCalls.set(cmd, call);
    if (call.source === 'unknown') this.unknownShell = true;
    return call.output;
  }

  private error(message: string): void {
    this.opts.report('error', message);
  }

  private spent(message: string): void {
    if (this.exhausted) return;
    this.exhausted = message;
    this.error(message);
  }
}

/** Text quoted in a message, cut to a readable length. */
function capped(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** [A-Za-z0-9_-] */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}
