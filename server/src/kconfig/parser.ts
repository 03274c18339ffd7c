/**
 * Kconfig parser: lexer (with macro expansion), statement parser, `source`
 * handling, and menu finalization (dependency propagation). Own
 * implementation of the language as the kernel's scripts/kconfig reads it.
 * Never throws: problems become KconfigError entries.
 */
import * as nodePath from 'path';
import { getHeapStatistics } from 'v8';
import { TreeFs } from './fs';
import { CmpOp, Expr, KconfigError, KSymbol, Loc, MenuKind, MenuNode, Prop, PropKind, SymType } from './model';
import { Preprocessor, ShellCall } from './preprocess';

/** Which generation of the kernel's Kconfig semantics to follow. */
export type KconfigSemantics = 'legacy' | 'modern';

export interface ParseOptions {
  srcDir: string;
  fs: TreeFs;
  env: Record<string, string | undefined>;
  /** Environment of `$(shell,…)` commands when it differs from env (default: env). */
  shellEnv?: Record<string, string | undefined>;
  allowShell: boolean;
  toolchainFacts?: Record<string, string>;
  /** Runs a `$(shell,...)` command (raw stdout); default: synchronously with /bin/sh. */
  runShell?: (cmd: string) => string;
  /** Environment variables standing for command output that was not obtained. */
  unknownEnv?: ReadonlySet<string>;
  semantics: KconfigSemantics;
  /**
   * The kernel lexer's generation for unquoted words (default: 5.x and later). 'v3' (Linux 3.x):
   * a statement's first word is [A-Za-z0-9_]+ and any other character there is dropped silently;
   * later words are [A-Za-z0-9_/.-]+ and `---` is dropped (so `--- help ---` is `help`).
   * 'v4' (Linux 4.x): later words may also hold `/` and `.` (`source drivers/foo/Kconfig`).
   */
  lexer?: 'v3' | 'v4';
  /**
   * conf before 4.17 (checked: 3.1 and 4.4 do, 4.19 does not; 4.5-4.16 assumed): a bool/tristate
   * with an active default is written even when the default is n, and the `option
   * defconfig_list` symbol is written.
   */
  oldWrites?: boolean;
  /**
   * conf before 5.6 (checked: 4.19 and 5.4 do, 5.10 does not; 5.5 assumed): `imply` counts only
   * while the direct dependency is not n, is not then limited by it, and an implied y lifts m to y.
   */
  oldImply?: boolean;
  /** Top-level Kconfig file (relative to srcDir); default "Kconfig". */
  rootFile?: string;
  /** Upper bounds (defaults: DEFAULT_LIMITS). */
  maxFiles?: number;
  maxIncludeDepth?: number;
  limits?: Partial<KconfigLimits>;
}

/**
 * What one load (or one Kconfig document) may cost at most. Past a limit the parse stops with
 * one clear error (ParsedTree.limitExceeded) instead of running on: a tree is data, and nothing
 * in it may hang or exhaust the process reading it.
 */
export interface KconfigLimits {
  /** Kconfig text parsed, counting a file each time it is sourced (bytes). */
  maxParsedBytes: number;
  /** `source` statements followed (files opened, repeats counted). */
  maxFiles: number;
  /** Entries (config, menuconfig, choice, menu, comment, if) in the whole tree. */
  maxEntries: number;
  /** `source` inside `source`. */
  maxIncludeDepth: number;
  /** menu / if / choice blocks inside each other; deeper blocks are skipped with one error. */
  maxNesting: number;
  /** Parentheses and `!` inside one expression; a deeper expression is refused (that statement only). */
  maxExprDepth: number;
  /** Macro expansion work in total (characters scanned). */
  maxMacroSteps: number;
  /** Macro expansion output in total (characters). */
  maxMacroOutput: number;
  /** Wall-clock time for the parse (ms). */
  maxTimeMs: number;
  /** Growth of the JavaScript heap during the parse (bytes). */
  maxHeapGrowth: number;
}

/** The limits of a kernel tree load (the README's "Safety and limits" states them). */
export const DEFAULT_LIMITS: KconfigLimits = {
  maxParsedBytes: 24 * 1024 * 1024,
  maxFiles: 20_000,
  maxEntries: 100_000,
  maxIncludeDepth: 100,
  maxNesting: 256,
  maxExprDepth: 256,
  maxMacroSteps: 50_000_000,
  maxMacroOutput: 64 * 1024 * 1024,
  maxTimeMs: 30_000,
  maxHeapGrowth: 1536 * 1024 * 1024,
};

export interface ParsedTree {
  root: MenuNode;
  symbolMap: Map<string, KSymbol>;
  /** All symbols incl. constants, indexed by KSymbol.id. */
  allSymbols: KSymbol[];
  modulesSym: KSymbol | null;
  yes: KSymbol;
  mod: KSymbol;
  no: KSymbol;
  choices: KSymbol[];
  files: string[];
  errors: KconfigError[];
  /** Set when a limit stopped the parse: the message says which (the tree is incomplete). */
  limitExceeded?: string;
  shellCalls: ShellCall[];
  usedEnv: Map<string, string>;
  semantics: KconfigSemantics;
  /** ParseOptions.oldWrites. */
  oldWrites?: boolean;
  /** ParseOptions.oldImply. */
  oldImply?: boolean;
  srcDir: string;
}

// ---------------------------------------------------------------- tokens

type TokType =
  | 'EOL'
  | 'WORD'
  | 'QUOTE'
  | 'ASSIGN_VAL'
  | 'HELPTEXT'
  | '||'
  | '&&'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '!'
  | '('
  | ')'
  | ':='
  | '+='
  | Keyword;

type Keyword =
  | 'bool'
  | 'choice'
  | 'comment'
  | 'config'
  | 'def_bool'
  | 'def_tristate'
  | 'default'
  | 'depends'
  | 'endchoice'
  | 'endif'
  | 'endmenu'
  | 'help'
  | 'hex'
  | 'if'
  | 'imply'
  | 'int'
  | 'mainmenu'
  | 'menu'
  | 'menuconfig'
  | 'modules'
  | 'on'
  | 'prompt'
  | 'range'
  | 'select'
  | 'source'
  | 'string'
  | 'tristate'
  | 'visible'
  | 'optional'
  | 'option'
  | 'rsource'
  | 'osource'
  | 'orsource'
  | 'transitional';

const KEYWORDS = new Map<string, TokType>([
  ['bool', 'bool'],
  ['boolean', 'bool'],
  ['choice', 'choice'],
  ['comment', 'comment'],
  ['config', 'config'],
  ['def_bool', 'def_bool'],
  ['def_tristate', 'def_tristate'],
  ['default', 'default'],
  ['depends', 'depends'],
  ['endchoice', 'endchoice'],
  ['endif', 'endif'],
  ['endmenu', 'endmenu'],
  ['help', 'help'],
  ['---help---', 'help'],
  ['hex', 'hex'],
  ['if', 'if'],
  ['imply', 'imply'],
  ['int', 'int'],
  ['mainmenu', 'mainmenu'],
  ['menu', 'menu'],
  ['menuconfig', 'menuconfig'],
  ['modules', 'modules'],
  ['on', 'on'],
  ['prompt', 'prompt'],
  ['range', 'range'],
  ['select', 'select'],
  ['source', 'source'],
  ['string', 'string'],
  ['tristate', 'tristate'],
  ['visible', 'visible'],
  ['optional', 'optional'],
  ['option', 'option'],
  ['rsource', 'rsource'],
  ['osource', 'osource'],
  ['orsource', 'orsource'],
  ['transitional', 'transitional'],
]);

interface Token {
  t: TokType;
  v: string;
  line: number;
  col: number;
  shell?: boolean;
  /** Stands for an empty expansion of an unknown shell result. */
  placeholder?: boolean;
  /** QUOTE: the text with its `$(...)` references left as written (what an editor shows). */
  shown?: string;
}

const isN = (c: string | undefined): boolean =>
  c !== undefined &&
  ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-');

class FileLexer {
  pos = 0;
  line = 1;
  lineStart = 0;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly parent: FileLexer | null,
    readonly real: string,
  ) {}
}

// ---------------------------------------------------------------- parser

export function parseKconfig(opts: ParseOptions): ParsedTree {
  const p = new Parser(opts);
  return p.run();
}

/**
 * The same parse in slices of about sliceMs, yielding to the event loop between them, so a
 * server stays responsive while a large (or hostile) tree loads. Same result as parseKconfig.
 */
export async function parseKconfigSliced(opts: ParseOptions, sliceMs = 10): Promise<ParsedTree> {
  const p = new Parser(opts);
  // a load stopped by a limit is not used by an editor: its menus are not finalized
  p.finalizeStopped = false;
  if (p.begin()) {
    while (!p.parseSome(performance.now() + sliceMs)) await new Promise<void>((r) => setImmediate(r));
  }
  const steps = p.endSteps();
  for (;;) {
    const deadline = performance.now() + sliceMs;
    let r = steps.next();
    while (!r.done && performance.now() < deadline) r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((res) => setImmediate(res));
  }
}

class Parser {
  private readonly errors: KconfigError[] = [];
  private readonly symbolMap = new Map<string, KSymbol>();
  private readonly constMap = new Map<string, KSymbol>();
  private readonly allSymbols: KSymbol[] = [];
  private readonly pp: Preprocessor;
  private lex: FileLexer | null = null;
  private readonly files: string[] = [];
  private readonly srcReal: string;
  private readonly root: MenuNode;
  private currentMenu: MenuNode;
  private currentEntry: MenuNode;
  private currentChoice: MenuNode | null = null;
  private modulesSym: KSymbol | null = null;
  private readonly choices: KSymbol[] = [];
  readonly yes: KSymbol;
  readonly mod: KSymbol;
  readonly no: KSymbol;
  private stmtLine = 1;
  private includeDepth = 0;
  private readonly lim: KconfigLimits;
  /** Open menu/if/choice blocks. */
  private nesting = 0;
  /** Inside blocks nested too deep: how many levels are being skipped. */
  private skipDepth = 0;
  private nestingReported = false;
  private parsedBytes = 0;
  private readonly t0 = performance.now();
  private readonly heap0 = heapUsed();
  private steps = 0;
  /** `depends on` / `visible if` parts per entry, joined when the parse ends (long lists balanced). */
  private readonly depParts = new Map<MenuNode, Expr[]>();
  private readonly visParts = new Map<MenuNode, Expr[]>();
  /** Set when a limit stopped the parse. */
  private stopped: string | undefined;
  /** Whether an incomplete tree (stopped by a limit) is still finalized (the CLI prints what it can). */
  finalizeStopped = true;

  constructor(private readonly o: ParseOptions) {
    this.lim = {
      ...DEFAULT_LIMITS,
      ...(o.maxFiles !== undefined ? { maxFiles: o.maxFiles } : {}),
      ...(o.maxIncludeDepth !== undefined ? { maxIncludeDepth: o.maxIncludeDepth } : {}),
      ...o.limits,
    };
    this.yes = this.newSym('y', true, 'tristate');
    this.mod = this.newSym('m', true, 'tristate');
    this.no = this.newSym('n', true, 'tristate');
    this.srcReal = this.real(o.srcDir) ?? nodePath.resolve(o.srcDir);
    this.root = {
      kind: 'root',
      sym: null,
      prompt: null,
      depWritten: null,
      dep: null,
      visibility: null,
      parent: null,
      children: [],
      loc: { file: o.rootFile ?? 'Kconfig', line: 1 },
    };
    this.currentMenu = this.root;
    this.currentEntry = this.root;
    this.pp = new Preprocessor({
      env: o.env,
      shellEnv: o.shellEnv,
      allowShell: o.allowShell,
      toolchainFacts: o.toolchainFacts,
      cwd: o.srcDir,
      position: () => ({ file: this.lex?.file ?? '', line: this.lex?.line ?? 0 }),
      report: (severity, message) => {
        if (this.errors.length < 5000)
          this.errors.push({
            file: this.lex?.file ?? '',
            line: this.lex?.line ?? 0,
            message: capMessage(message),
            severity,
          });
      },
      runShell: o.runShell,
      unknownEnv: o.unknownEnv,
      budget: { steps: this.lim.maxMacroSteps, output: this.lim.maxMacroOutput },
    });
  }

  /** Stops the parse for a limit: one error that says which, nothing after it. */
  private stop(message: string): void {
    if (this.stopped) return;
    this.stopped = message;
    this.errors.push({ file: this.lex?.file ?? '', line: this.lex?.line ?? 0, message, severity: 'error' });
  }

  /** Time and memory, checked every few hundred statements. */
  private checkBudget(): void {
    if (performance.now() - this.t0 > this.lim.maxTimeMs) {
      this.stop(
        `reading the Kconfig files took longer than ${Math.round(this.lim.maxTimeMs / 1000)} s; the rest of the tree is not read`,
      );
    } else if (heapUsed() - this.heap0 > this.lim.maxHeapGrowth) {
      this.stop(
        `reading the Kconfig files needed more than ${Math.round(this.lim.maxHeapGrowth / 1048576)} MB of memory; the rest of the tree is not read`,
      );
    }
  }

  private real(p: string): string | undefined {
    if (this.o.fs.realpath) return this.o.fs.realpath(p);
    return this.o.fs.exists(p) ? nodePath.resolve(p) : undefined;
  }

  private err(
    message: string,
    line = this.stmtLine,
    file = this.lex?.file ?? '',
    severity: KconfigError['severity'] = 'error',
  ): void {
    if (this.errors.length < 5000) this.errors.push({ file, line, message: capMessage(message), severity });
  }

  private newSym(name: string, isConst: boolean, type: SymType = 'unknown'): KSymbol {
    const s: KSymbol = {
      name,
      isConst,
      type,
      props: [],
      menus: [],
      dirDep: null,
      revDep: null,
      implied: null,
      isChoice: false,
      optional: false,
      selectedBy: [],
      impliedBy: [],
      id: this.allSymbols.length,
    };
    this.allSymbols.push(s);
    return s;
  }

  lookup(name: string, isConst: boolean): KSymbol {
    if (name.length === 1) {
      if (name === 'y') return this.yes;
      if (name === 'm') return this.mod;
      if (name === 'n') return this.no;
    }
    const map = isConst ? this.constMap : this.symbolMap;
    let s = map.get(name);
    if (!s) {
      s = this.newSym(name, isConst);
      map.set(name, s);
    }
    return s;
  }

  run(): ParsedTree {
    if (this.begin()) this.parseSome(Infinity);
    return this.end();
  }

  /** Opens the top file; false when there is nothing to parse. */
  begin(): boolean {
    const rootFile = this.o.rootFile ?? 'Kconfig';
    if (!this.pushFile(rootFile, false, null)) {
      this.err(`cannot open the top Kconfig file "${rootFile}"`, 0, rootFile);
      return false;
    }
    return true;
  }

  /** Parses statements until the end (true) or until the deadline passes (false: call again). */
  parseSome(deadline: number): boolean {
    try {
      return this.parseAll(deadline);
    } catch (e) {
      if (e instanceof RangeError)
        this.stop('the Kconfig files are nested too deeply to read; the rest of the tree is not read');
      else this.err(`internal parser error: ${(e as Error).message}`);
      return true;
    }
  }

  end(): ParsedTree {
    const steps = this.endSteps();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The end of the parse, yielding now and then (during menu finalization) for a sliced load. */
  *endSteps(): Generator<void, ParsedTree, void> {
    const rootFile = this.o.rootFile ?? 'Kconfig';
    for (const [m, parts] of this.depParts) m.depWritten = joinAll('and', parts);
    for (const [m, parts] of this.visParts) m.visibility = joinAll('and', parts);
    if (this.currentMenu !== this.root && !this.stopped) {
      let m: MenuNode | null = this.currentMenu;
      while (m && m !== this.root) {
        this.err(`missing end statement for this entry`, m.loc.line, m.loc.file);
        m = m.parent;
      }
    }
    if (!this.root.prompt) {
      this.root.prompt = this.mkProp('menu', null, 'Main menu', null, this.root, this.root.loc);
    }
    try {
      if (this.stopped && !this.finalizeStopped) throw new SkipFinalize();
      // 3.1-3.17: without `option modules`, the symbol MODULES is the modules symbol
      if (!this.modulesSym && this.o.lexer === 'v3') this.modulesSym = this.symbolMap.get('MODULES') ?? null;
      yield* finalizeTree(this.root, this.o.semantics, this.yes, this.mod, this.modulesSym ?? this.no);
      yield;
      for (const c of findDependencyCycles([...this.symbolMap.values()])) {
        const at = c[0].menus[0]?.loc ?? { file: rootFile, line: 0 };
        this.err(
          `recursive dependency detected: ${c.map((x) => x.name).join(' -> ')} -> ${c[0].name}`,
          at.line,
          at.file,
        );
      }
    } catch (e) {
      if (e instanceof RangeError) this.stop('the Kconfig files are nested too deeply to evaluate');
      else if (!(e instanceof SkipFinalize))
        this.err(`internal error while finalizing menus: ${(e as Error).message}`, 0, rootFile);
    }
    for (const s of this.symbolMap.values()) {
      if (s.menus.length && s.type === 'unknown') {
        this.err(`config symbol '${s.name}' defined without type`, s.menus[0].loc.line, s.menus[0].loc.file, 'warning');
      }
    }
    return {
      root: this.root,
      symbolMap: this.symbolMap,
      allSymbols: this.allSymbols,
      modulesSym: this.modulesSym,
      yes: this.yes,
      mod: this.mod,
      no: this.no,
      choices: this.choices,
      files: this.files,
      errors: this.errors,
      limitExceeded: this.stopped,
      shellCalls: [...this.pp.shellCalls.values()],
      usedEnv: this.pp.usedEnv,
      semantics: this.o.semantics,
      ...(this.o.oldWrites ? { oldWrites: true } : {}),
      ...(this.o.oldImply ? { oldImply: true } : {}),
      srcDir: this.o.srcDir,
    };
  }

  // ------------------------------------------------------------ files

  /**
   * Open a Kconfig file (path relative to srcDir, or relative to the current
   * file's directory for rsource). Refuses paths outside the tree and loops.
   */
  private pushFile(name: string, optional: boolean, relativeTo: string | null): boolean {
    const maxFiles = this.lim.maxFiles;
    const maxDepth = this.lim.maxIncludeDepth;
    if (this.files.length >= maxFiles) {
      this.stop(`more than ${maxFiles} Kconfig files are sourced; the rest of the tree is not read`);
      return false;
    }
    if (this.includeDepth >= maxDepth) {
      this.err(`source nesting deeper than ${maxDepth}; "${name}" not read`);
      return false;
    }
    const rel = relativeTo ? nodePath.posix.join(nodePath.posix.dirname(relativeTo), name) : name;
    const abs = nodePath.resolve(this.o.srcDir, rel);
    const srcAbs = nodePath.resolve(this.o.srcDir);
    const under = (p: string, root: string): boolean =>
      p === root || p.startsWith(root.endsWith('/') ? root : root + '/');
    if (!under(abs, srcAbs)) {
      this.err(`refusing to read "${name}": it is outside the source tree ${this.o.srcDir}`);
      return false;
    }
    const realAbs = this.real(abs);
    if (realAbs === undefined) {
      if (!optional) this.err(`can't open file "${name}"`);
      return false;
    }
    // decided before the file is opened
    if (!under(realAbs, this.srcReal)) {
      this.err(`refusing to read "${name}": it resolves to ${realAbs}, outside the source tree ${this.o.srcDir}`);
      return false;
    }
    const text = this.o.fs.readFile(realAbs);
    if (text === undefined) {
      const why = this.o.fs.refusal?.(realAbs);
      if (why && !why.startsWith('it does not exist')) this.err(`refusing to read "${name}": ${why}`);
      else if (!optional) this.err(`can't open file "${name}"`);
      return false;
    }
    if (this.parsedBytes + text.length > this.lim.maxParsedBytes) {
      this.stop(
        `the Kconfig files sourced add up to more than ${Math.round(this.lim.maxParsedBytes / 1048576)} MB ("${name}" would pass it); the rest of the tree is not read`,
      );
      return false;
    }
    this.parsedBytes += text.length;
    const display = nodePath.relative(this.o.srcDir, abs) || name;
    for (let it = this.lex; it; it = it.parent) {
      if (it.file === display || it.real === realAbs) {
        const chain: string[] = [];
        for (let j = this.lex; j; j = j.parent) chain.push(j.file);
        this.err(`recursive inclusion detected: ${display} (via ${chain.join(' <- ')})`);
        return false;
      }
    }
    this.lex = new FileLexer(display, text, this.lex, realAbs);
    this.files.push(display);
    this.includeDepth++;
    return true;
  }

  // ------------------------------------------------------------ lexer

  /** Read the next logical statement's tokens (up to EOL). null at end of input. */
  private readStatement(): Token[] | null {
    const toks: Token[] = [];
    for (;;) {
      const lx = this.lex;
      if (!lx) return toks.length ? toks : null;
      const t = this.nextToken(lx, toks);
      if (t === null) {
        // end of this file
        this.lex = lx.parent;
        this.includeDepth--;
        if (toks.length) return toks;
        continue;
      }
      if (t.t === 'EOL') {
        if (toks.length) return toks;
        continue;
      }
      if (toks.length === 0) this.stmtLine = t.line;
      toks.push(t);
      // assignment: WORD at statement start followed by an assignment operator
      if (toks.length === 2 && toks[0].t === 'WORD' && (t.t === '=' || t.t === ':=' || t.t === '+=')) {
        toks.push(this.readAssignVal(lx));
        return toks;
      }
    }
  }

  private nextToken(lx: FileLexer, sofar: Token[]): Token | null {
    const s = lx.text;
    for (;;) {
      if (lx.pos >= s.length) {
        // EOF: the kernel emits an EOL before switching files
        return sofar.length ? { t: 'EOL', v: '', line: lx.line, col: 0 } : null;
      }
      const c = s[lx.pos];
      if (c === '#') {
        while (lx.pos < s.length && s[lx.pos] !== '\n') lx.pos++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        lx.pos++;
        continue;
      }
      if (c === '\\' && (s[lx.pos + 1] === '\n' || (s[lx.pos + 1] === '\r' && s[lx.pos + 2] === '\n'))) {
        lx.pos += s[lx.pos + 1] === '\r' ? 3 : 2;
        lx.line++;
        lx.lineStart = lx.pos;
        continue;
      }
      const line = lx.line;
      const col = lx.pos - lx.lineStart;
      if (c === '\n') {
        lx.pos++;
        lx.line++;
        lx.lineStart = lx.pos;
        return { t: 'EOL', v: '', line, col };
      }
      const c2 = s[lx.pos + 1];
      const two =
        c2 === '='
          ? c === '!'
            ? '!='
            : c === '<'
              ? '<='
              : c === '>'
                ? '>='
                : c === ':'
                  ? ':='
                  : c === '+'
                    ? '+='
                    : ''
          : c2 === '|' && c === '|'
            ? '||'
            : c2 === '&' && c === '&'
              ? '&&'
              : '';
      if (two) {
        lx.pos += 2;
        return { t: two as TokType, v: two, line, col };
      }
      if (c === '=' || c === '<' || c === '>' || c === '!' || c === '(' || c === ')') {
        lx.pos++;
        return { t: c as TokType, v: c, line, col };
      }
      if (c === '"' || c === "'") return this.readString(lx, c, line, col);
      const oldWord = this.o.lexer && this.oldWord(lx, sofar.length === 0, line, col);
      if (oldWord) {
        if (oldWord === 'skip') continue;
        return oldWord;
      }
      if (isN(c) || c === '$') {
        let e = lx.pos;
        let dollar = false;
        while (e < s.length && (isN(s[e]) || s[e] === '$')) {
          if (s[e] === '$') dollar = true;
          e++;
        }
        if (!dollar) {
          const word = s.slice(lx.pos, e);
          lx.pos = e;
          const kw = KEYWORDS.get(word);
          return { t: kw ?? 'WORD', v: word, line, col };
        }
        // a token containing '$': expand it (up to the end of the token)
        const eol = s.indexOf('\n', lx.pos);
        const lineText = s.slice(0, eol < 0 ? s.length : eol);
        this.pp.unknownShell = false;
        const r = this.pp.expandToken(lineText, lx.pos);
        lx.pos = Math.max(r.end, lx.pos + 1);
        const shell = this.pp.unknownShell;
        if (r.out.length) return { t: 'WORD', v: r.out, line, col, shell };
        if (shell && sofar.length) return { t: 'WORD', v: 'n', line, col, shell, placeholder: true };
        continue;
      }
      lx.pos++;
      this.err(`ignoring unsupported character '${c}'`, line, lx.file, 'warning');
    }
  }

  /**
   * Unquoted words of the 3.x/4.x lexers (ParseOptions.lexer), without `$`: a token, 'skip' for
   * text those lexers drop, or undefined when the current lexer reads it the same way.
   */
  private oldWord(lx: FileLexer, command: boolean, line: number, col: number): Token | 'skip' | undefined {
    const s = lx.text;
    const v3 = this.o.lexer === 'v3';
    const isW = (ch: string | undefined): boolean =>
      ch !== undefined && (command ? isN(ch) && !(v3 && ch === '-') : isN(ch) || ch === '/' || ch === '.');
    let e = lx.pos;
    while (isW(s[e])) e++;
    if (s[e] === '$') return undefined;
    if (e === lx.pos) {
      // 3.x: any other character outside strings is dropped without a word
      if (!v3 || s[e] === undefined || s[e] === '$') return undefined;
      lx.pos++;
      return 'skip';
    }
    const word = s.slice(lx.pos, e);
    if (v3 && !command && word === '---') {
      lx.pos = e;
      return 'skip';
    }
    lx.pos = e;
    return { t: KEYWORDS.get(word) ?? 'WORD', v: word, line, col };
  }

  /** `$VAR` as conf before the macro language (4.18) expands it: an env symbol's variable, else the environment. */
  private expandOldVars(text: string): string {
    return text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, n: string) => {
      const sym = this.symbolMap.get(n);
      if (sym?.envVar) return this.o.env[sym.envVar] ?? '';
      return this.o.env[n] ?? '';
    });
  }

  /** A prompt or path: a quoted string, or (the 3.x-5.x grammar, with lexer 'v3'/'v4') a word. */
  private expectPrompt(cur: Cursor): Token {
    return this.o.lexer && cur.peek()?.t === 'WORD' ? cur.next()! : cur.expect('QUOTE');
  }

  private readString(lx: FileLexer, q: string, line: number, col: number): Token {
    const s = lx.text;
    lx.pos++;
    let out = '';
    let shown = '';
    let refs = false;
    let shell = false;
    for (;;) {
      const c = s[lx.pos];
      if (c === undefined) break;
      if (c === '\n') {
        this.err('multi-line strings not supported', line, lx.file, 'warning');
        break;
      }
      if (c === '$') {
        const eol = s.indexOf('\n', lx.pos);
        const lineText = s.slice(0, eol < 0 ? s.length : eol);
        this.pp.unknownShell = false;
        const r = this.pp.expandDollarAt(lineText, lx.pos);
        if (this.pp.unknownShell) shell = true;
        out += r.out;
        const end = Math.max(r.end, lx.pos + 1);
        shown += s.slice(lx.pos, end);
        refs = true;
        lx.pos = end;
        continue;
      }
      if (c === '\\') {
        const n = s[lx.pos + 1];
        if (n !== undefined && n !== '\n') {
          out += n;
          shown += n;
          lx.pos += 2;
        } else lx.pos++;
        continue;
      }
      if (c === q) {
        lx.pos++;
        break;
      }
      out += c;
      shown += c;
      lx.pos++;
    }
    return refs ? { t: 'QUOTE', v: out, line, col, shell, shown } : { t: 'QUOTE', v: out, line, col, shell };
  }

  private readAssignVal(lx: FileLexer): Token {
    const s = lx.text;
    while (s[lx.pos] === ' ' || s[lx.pos] === '\t') lx.pos++;
    const line = lx.line;
    const eol = s.indexOf('\n', lx.pos);
    const end = eol < 0 ? s.length : eol;
    let v = s.slice(lx.pos, end);
    if (v.endsWith('\r')) v = v.slice(0, -1);
    lx.pos = end;
    return { t: 'ASSIGN_VAL', v, line, col: 0 };
  }

  /** Help text after a `help` line, with the kernel's indentation rules. */
  private readHelp(lx: FileLexer): string {
    const s = lx.text;
    let firstTs = 0;
    const out: string[] = [];
    for (;;) {
      if (lx.pos >= s.length) break;
      const eol = s.indexOf('\n', lx.pos);
      const end = eol < 0 ? s.length : eol;
      const raw = s.charCodeAt(end - 1) === 13 && end > lx.pos ? s.slice(lx.pos, end - 1) : s.slice(lx.pos, end);
      let i = 0;
      let ts = 0;
      while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) {
        ts = raw[i] === '\t' ? (ts & ~7) + 8 : ts + 1;
        i++;
      }
      const rest = trimBlanksEnd(raw.slice(i));
      if (rest === '') {
        // blank line: ends help if the next line starts in column 0 with text
        const next =
          eol < 0 ? '' : s.slice(end + 1, s.indexOf('\n', end + 1) < 0 ? s.length : s.indexOf('\n', end + 1));
        const nextStartsText =
          next.length > 0 && next[0] !== ' ' && next[0] !== '\t' && next[0] !== '\n' && next[0] !== '\r';
        out.push('');
        lx.pos = eol < 0 ? s.length : end + 1;
        lx.line++;
        lx.lineStart = lx.pos;
        if (nextStartsText || eol < 0) break;
        continue;
      }
      if (i === 0 || (firstTs && ts < firstTs)) break; // not part of the help text
      if (!firstTs) firstTs = ts;
      out.push(' '.repeat(ts - firstTs) + rest);
      lx.pos = eol < 0 ? s.length : end + 1;
      lx.line++;
      lx.lineStart = lx.pos;
      if (eol < 0) break;
    }
    while (out.length && out[out.length - 1] === '') out.pop();
    while (out.length && out[0] === '') out.shift();
    return out.length ? out.join('\n') + '\n' : '';
  }

  // ------------------------------------------------------------ statements

  private loc(line = this.stmtLine): Loc {
    return { file: this.lex?.file ?? '', line };
  }

  private mkProp(
    kind: PropKind,
    expr: Expr | null,
    text: string | undefined,
    cond: Expr | null,
    menu: MenuNode,
    loc: Loc,
  ): Prop {
    return { kind, expr, text, cond, visible: null, menu, loc };
  }

  private entries = 0;

  private addEntry(kind: MenuKind, sym: KSymbol | null, loc: Loc): MenuNode {
    if (++this.entries > this.lim.maxEntries) {
      this.stop(
        `the Kconfig files hold more than ${this.lim.maxEntries.toLocaleString('en-US')} entries; the rest of the tree is not read`,
      );
    }
    const m: MenuNode = {
      kind,
      sym,
      prompt: null,
      depWritten: null,
      dep: null,
      visibility: null,
      parent: this.currentMenu,
      children: [],
      loc,
    };
    this.currentMenu.children.push(m);
    if (sym) sym.menus.push(m);
    this.currentEntry = m;
    return m;
  }

  private addProp(kind: PropKind, expr: Expr | null, cond: Expr | null, loc: Loc, text?: string): Prop {
    const entry = this.currentEntry;
    const prop = this.mkProp(kind, expr, text, cond, entry, loc);
    if (entry.sym) entry.sym.props.push(prop);
    return prop;
  }

  private addPrompt(kind: PropKind, text: string, cond: Expr | null, loc: Loc, shown?: string): Prop {
    const entry = this.currentEntry;
    if (/^\s/.test(text)) {
      this.err('leading whitespace ignored', loc.line, loc.file, 'warning');
      text = text.trimStart();
    }
    if (entry.prompt) this.err('prompt redefined', loc.line, loc.file, 'warning');
    let c = cond;
    if (kind === 'prompt') {
      for (let m = entry.parent; m; m = m.parent) {
        const vp = this.visParts.get(m);
        if (vp) {
          // no `visible if` can follow once the menu has entries
          m.visibility = joinAll('and', vp);
          this.visParts.delete(m);
        }
        if (m.visibility) c = and(c, m.visibility);
      }
    }
    const prop = this.addProp(kind, null, c, loc, text);
    if (shown !== undefined && shown !== text) prop.shown = shown.trimStart();
    entry.prompt = prop;
    return prop;
  }

  private setType(t: SymType, loc: Loc): void {
    const sym = this.currentEntry.sym;
    if (!sym) return;
    if (sym.type === t) return;
    if (sym.type === 'unknown') {
      sym.type = t;
      return;
    }
    this.err(
      `ignoring type redefinition of '${sym.name || '<choice>'}' from '${sym.type}' to '${t}'`,
      loc.line,
      loc.file,
      'warning',
    );
  }

  /** Statements until the end of input (true), a limit (true) or the deadline (false). */
  private parseAll(deadline: number): boolean {
    for (;;) {
      if (this.stopped) return true;
      const toks = this.readStatement();
      if (!toks) return true;
      if ((++this.steps & 255) === 0) {
        if (this.steps > 5_000_000)
          this.stop('more than 5,000,000 Kconfig statements; the rest of the tree is not read');
        else this.checkBudget();
        if (this.stopped) return true;
        if (performance.now() > deadline) {
          this.handle(toks);
          return false;
        }
      }
      this.handle(toks);
    }
  }

  private handle(toks: Token[]): void {
    if (this.skipDepth > 0) {
      this.skip(toks);
      return;
    }
    try {
      this.statement(toks);
    } catch (e) {
      if (e instanceof SyntaxErr) this.err(e.message, e.line ?? this.stmtLine);
      else throw e;
    }
    // the macro budget is spent: already reported by the preprocessor
    if (this.pp.exhausted && !this.stopped) this.stopped = this.pp.exhausted;
  }

  /** A statement inside a block nested too deep: only block starts and ends count. */
  private skip(toks: Token[]): void {
    const t = toks[0].t;
    if (t === 'menu' || t === 'choice' || t === 'if') this.skipDepth++;
    else if (t === 'endmenu' || t === 'endchoice' || t === 'endif') this.skipDepth--;
    else if (t === 'help' && this.lex) this.readHelp(this.lex);
  }

  /** Before a menu/if/choice opens: false (and the block is skipped) when it would nest too deep. */
  private enterBlock(): boolean {
    if (this.nesting < this.lim.maxNesting) {
      this.nesting++;
      return true;
    }
    if (!this.nestingReported) {
      this.nestingReported = true;
      this.err(
        `menu, if and choice blocks nested deeper than ${this.lim.maxNesting} levels: the entries of the deeper blocks are not read`,
      );
    }
    this.skipDepth = 1;
    return false;
  }

  private entryAccepts(kind: 'config' | 'choice' | 'menu' | 'comment' | 'any'): boolean {
    const k = this.currentEntry.kind;
    if (this.currentEntry === this.currentMenu && k !== 'root') {
      // options of a block entry (menu/choice/if) come before its first child
      if (this.currentEntry.children.length) return false;
    }
    switch (kind) {
      case 'config':
        return k === 'config' || k === 'menuconfig';
      case 'choice':
        return k === 'choice';
      case 'menu':
        return k === 'menu';
      case 'comment':
        return k === 'comment';
      default:
        return k !== 'root' && k !== 'if';
    }
  }

  private statement(toks: Token[]): void {
    const t0 = toks[0];
    const loc = this.loc(t0.line);
    const cur = new Cursor(toks);
    const shellInStmt = toks.some((t) => t.shell);
    cur.next();
    const markShell = (p: Prop | null): void => {
      if (p && shellInStmt) p.shellUnknown = true;
    };
    switch (t0.t) {
      case 'WORD': {
        if (toks.length >= 2 && (toks[1].t === '=' || toks[1].t === ':=' || toks[1].t === '+=')) {
          const val = toks[2]?.v ?? '';
          const flavor = toks[1].t === '=' ? 'recursive' : toks[1].t === ':=' ? 'simple' : 'append';
          this.pp.define(t0.v, val, flavor);
          return;
        }
        throw new SyntaxErr(`unknown statement "${t0.v}"`);
      }
      case 'mainmenu': {
        const tok0 = this.expectPrompt(cur);
        // before 4.18 conf expanded $VAR in the main menu's title (the .config's header)
        const text = this.o.lexer ? this.expandOldVars(tok0.v) : tok0.v;
        cur.end();
        if (this.root.prompt) this.err('prompt redefined', loc.line, loc.file, 'warning');
        this.root.prompt = this.mkProp('menu', null, text, null, this.root, loc);
        this.root.prompt.shown = toks[1]?.shown;
        return;
      }
      case 'config':
      case 'menuconfig': {
        const name = cur.expect('WORD').v;
        cur.end();
        const sym = this.lookup(name, false);
        const m = this.addEntry(t0.t, sym, loc);
        if (this.currentChoice && this.o.semantics === 'modern') {
          const ch = this.currentChoice.sym!;
          if (!sym.choice) {
            sym.choice = ch;
            ch.choiceMembers!.push(sym);
          }
        }
        void m;
        return;
      }
      case 'choice': {
        let name: string | null = null;
        if (cur.peek()?.t === 'WORD') name = cur.next()!.v;
        cur.end();
        if (!this.enterBlock()) return;
        const sym = name ? this.lookup(name, false) : this.newSym('', false);
        sym.isChoice = true;
        sym.choiceMembers = sym.choiceMembers ?? [];
        if (this.o.semantics === 'modern') sym.type = 'bool';
        const m = this.addEntry('choice', sym, loc);
        sym.choiceMenu = m;
        this.choices.push(sym);
        this.currentMenu = m;
        this.currentChoice = m;
        return;
      }
      case 'endchoice':
      case 'endmenu':
      case 'endif': {
        cur.end();
        const want: MenuKind = t0.t === 'endchoice' ? 'choice' : t0.t === 'endmenu' ? 'menu' : 'if';
        const open = this.currentMenu;
        if (open === this.root) throw new SyntaxErr(`unexpected '${t0.t}' statement`);
        if (open.kind !== want) {
          throw new SyntaxErr(`unexpected '${t0.t}' within ${open.kind} block`);
        }
        if (open.kind === 'choice' && !open.prompt) this.err('choice must have a prompt', open.loc.line, open.loc.file);
        open.endLoc = loc;
        this.nesting--;
        this.currentMenu = open.parent ?? this.root;
        this.currentEntry = open;
        if (open.kind === 'choice') {
          let c: MenuNode | null = this.currentMenu;
          while (c && c.kind !== 'choice') c = c.parent;
          this.currentChoice = c;
        }
        return;
      }
      case 'if': {
        const e = this.parseExpr(cur);
        cur.end();
        if (!this.enterBlock()) return;
        const m = this.addEntry('if', null, loc);
        m.depWritten = e;
        if (shellInStmt) m.shellUnknown = true;
        this.currentMenu = m;
        return;
      }
      case 'menu': {
        const tok = this.expectPrompt(cur);
        cur.end();
        if (!this.enterBlock()) return;
        const m = this.addEntry('menu', null, loc);
        this.addPrompt('menu', tok.v, null, loc, tok.shown);
        this.currentMenu = m;
        return;
      }
      case 'comment': {
        if (this.currentEntry.kind === 'comment' && cur.peek()?.t !== 'QUOTE') throw new SyntaxErr('invalid statement');
        const text = this.expectPrompt(cur).v;
        cur.end();
        this.addEntry('comment', null, loc);
        this.addPrompt('comment', text, null, loc, toks[1]?.shown);
        return;
      }
      case 'source':
      case 'rsource':
      case 'osource':
      case 'orsource': {
        const tok = this.expectPrompt(cur);
        cur.end();
        // old kernels (before the macro language): $VAR in source paths
        const path = this.expandOldVars(tok.v);
        if (tok.shell)
          this.err(`source path "${path}" depends on an unknown shell result`, loc.line, loc.file, 'warning');
        const optional = t0.t === 'osource' || t0.t === 'orsource';
        const relative = t0.t === 'rsource' || t0.t === 'orsource';
        this.pushFile(path, optional, relative ? (this.lex?.file ?? null) : null);
        return;
      }
      // ---------------- options of the current entry
      case 'bool':
      case 'tristate':
      case 'int':
      case 'hex':
      case 'string': {
        if (!this.entryAccepts('config') && !this.entryAccepts('choice')) throw new SyntaxErr('invalid statement');
        let prompt: Prop | null = null;
        if (cur.peek()?.t === 'QUOTE' || (this.o.lexer && cur.peek()?.t === 'WORD')) {
          const tok = cur.next()!;
          const cond = this.parseIfExpr(cur);
          prompt = this.addPrompt('prompt', tok.v, cond, loc, tok.shown);
          markShell(prompt);
        }
        cur.end();
        if (this.currentEntry.kind === 'choice' && t0.t !== 'bool' && t0.t !== 'tristate')
          throw new SyntaxErr('invalid statement');
        this.setType(t0.t, loc);
        return;
      }
      case 'prompt': {
        if (!this.entryAccepts('config') && !this.entryAccepts('choice')) throw new SyntaxErr('invalid statement');
        const tok = this.expectPrompt(cur);
        const cond = this.parseIfExpr(cur);
        cur.end();
        markShell(this.addPrompt('prompt', tok.v, cond, loc, tok.shown));
        return;
      }
      case 'default':
      case 'def_bool':
      case 'def_tristate': {
        if (this.entryAccepts('choice')) {
          if (t0.t !== 'default') throw new SyntaxErr('invalid statement');
          const target = this.lookup(cur.expect('WORD').v, false);
          const cond = this.parseIfExpr(cur);
          cur.end();
          const p = this.addProp('default', { k: 'sym', sym: target }, cond, loc);
          p.target = target;
          markShell(p);
          return;
        }
        if (!this.entryAccepts('config')) throw new SyntaxErr('invalid statement');
        const e = this.parseExpr(cur);
        const cond = this.parseIfExpr(cur);
        cur.end();
        markShell(this.addProp('default', e, cond, loc));
        if (t0.t !== 'default') this.setType(t0.t === 'def_bool' ? 'bool' : 'tristate', loc);
        return;
      }
      case 'select':
      case 'imply': {
        if (!this.entryAccepts('config')) throw new SyntaxErr('invalid statement');
        const target = this.lookup(cur.expect('WORD').v, false);
        const cond = this.parseIfExpr(cur);
        cur.end();
        const p = this.addProp(t0.t, { k: 'sym', sym: target }, cond, loc);
        p.target = target;
        markShell(p);
        return;
      }
      case 'range': {
        if (!this.entryAccepts('config')) throw new SyntaxErr('invalid statement');
        const a = this.parseSymbol(cur);
        const b = this.parseSymbol(cur);
        const cond = this.parseIfExpr(cur);
        cur.end();
        const p = this.addProp('range', null, cond, loc);
        p.range = [a, b];
        markShell(p);
        return;
      }
      case 'modules': {
        cur.end();
        if (!this.entryAccepts('config')) throw new SyntaxErr('invalid statement');
        this.setModules(loc);
        return;
      }
      case 'transitional': {
        cur.end();
        if (!this.entryAccepts('config')) throw new SyntaxErr('invalid statement');
        this.currentEntry.sym!.transitional = true;
        return;
      }
      case 'optional': {
        cur.end();
        if (!this.entryAccepts('choice')) throw new SyntaxErr('invalid statement');
        this.currentEntry.sym!.optional = true;
        return;
      }
      case 'option': {
        if (!this.entryAccepts('config') && !this.entryAccepts('choice')) throw new SyntaxErr('invalid statement');
        const w = cur.next();
        if (!w) throw new SyntaxErr('invalid option');
        const sym = this.currentEntry.sym!;
        if (w.v === 'env') {
          cur.expect('=');
          const v = cur.expect('QUOTE').v;
          cur.end();
          sym.envVar = v;
          // SYMBOL_AUTO: conf never writes it
          sym.noWrite = true;
          // the value comes from the environment, as a constant default
          const val = this.o.env[v];
          if (val !== undefined) this.pp.usedEnv.set(v, val);
          const p = this.addProp('default', { k: 'sym', sym: this.lookup(val ?? '', true) }, null, loc);
          void p;
        } else if (w.v === 'defconfig_list') {
          cur.end();
          sym.defconfigList = true;
          if (!this.o.oldWrites) sym.noWrite = true;
        } else if (w.t === 'modules' || w.v === 'modules') {
          cur.end();
          this.setModules(loc);
        } else if (w.v === 'allnoconfig_y') {
          cur.end();
          sym.allnoconfigY = true;
        } else {
          this.err(`ignoring unknown option "${w.v}"`, loc.line, loc.file, 'warning');
        }
        return;
      }
      case 'depends': {
        cur.expect('on');
        const e = this.parseExpr(cur);
        cur.end();
        if (!this.entryAccepts('any')) throw new SyntaxErr('invalid statement');
        pushPart(this.depParts, this.currentEntry, e);
        if (shellInStmt) this.currentEntry.shellUnknown = true;
        return;
      }
      case 'visible': {
        const cond = this.parseIfExpr(cur);
        cur.end();
        if (!this.entryAccepts('menu')) throw new SyntaxErr('invalid statement');
        pushPart(this.visParts, this.currentEntry, cond ?? { k: 'sym', sym: this.yes });
        return;
      }
      case 'help': {
        cur.end();
        const lx = this.lex;
        const text = lx ? this.readHelp(lx) : '';
        if (!this.entryAccepts('config') && !this.entryAccepts('choice')) throw new SyntaxErr('invalid statement');
        if (this.currentEntry.help !== undefined) {
          this.err(
            `'${this.currentEntry.sym?.name || '<choice>'}' defined with more than one help text -- only the last one will be used`,
            loc.line,
            loc.file,
            'warning',
          );
        }
        this.currentEntry.help = text;
        return;
      }
      default:
        throw new SyntaxErr('invalid statement');
    }
  }

  private setModules(loc: Loc): void {
    const sym = this.currentEntry.sym!;
    if (this.modulesSym && this.modulesSym !== sym) {
      this.err(
        `symbol '${sym.name}' redefines option 'modules' already defined by symbol '${this.modulesSym.name}'`,
        loc.line,
        loc.file,
      );
      return;
    }
    this.modulesSym = sym;
  }

  private parseIfExpr(cur: Cursor): Expr | null {
    if (cur.peek()?.t === 'if') {
      cur.next();
      return this.parseExpr(cur);
    }
    return null;
  }

  private parseSymbol(cur: Cursor): KSymbol {
    const t = cur.next();
    if (!t) throw new SyntaxErr('syntax error: symbol expected');
    if (t.t === 'WORD') return this.lookup(t.v, false);
    if (t.t === 'QUOTE') return this.lookup(t.v, true);
    // keywords used as symbol names are not accepted by the kernel either
    throw new SyntaxErr(`syntax error near '${t.v}'`);
  }

  private parseExpr(cur: Cursor): Expr {
    if (++cur.depth > this.lim.maxExprDepth) {
      throw new SyntaxErr(
        `expression nested deeper than ${this.lim.maxExprDepth} levels (parentheses or '!'); this line is not read`,
      );
    }
    let l = this.parseAnd(cur);
    while (cur.peek()?.t === '||') {
      cur.next();
      l = { k: 'or', l, r: this.parseAnd(cur) };
    }
    cur.depth--;
    return l;
  }

  private parseAnd(cur: Cursor): Expr {
    let l = this.parseUnary(cur);
    while (cur.peek()?.t === '&&') {
      cur.next();
      l = { k: 'and', l, r: this.parseUnary(cur) };
    }
    return l;
  }

  private parseUnary(cur: Cursor): Expr {
    const t = cur.peek();
    if (!t) throw new SyntaxErr('syntax error: expression expected');
    if (t.t === '!') {
      cur.next();
      if (++cur.depth > this.lim.maxExprDepth) {
        throw new SyntaxErr(
          `expression nested deeper than ${this.lim.maxExprDepth} levels (parentheses or '!'); this line is not read`,
        );
      }
      const e = this.parseUnary(cur);
      cur.depth--;
      return { k: 'not', e };
    }
    if (t.t === '(') {
      cur.next();
      const e = this.parseExpr(cur);
      cur.expect(')');
      return e;
    }
    const a = this.parseSymbol(cur);
    const op = cur.peek()?.t;
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      cur.next();
      const b = this.parseSymbol(cur);
      return { k: 'cmp', op: op as CmpOp, l: a, r: b };
    }
    return { k: 'sym', sym: a };
  }
}

class SkipFinalize extends Error {}

class SyntaxErr extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

class Cursor {
  private i = 0;
  /** Expression nesting reached (parentheses and '!'). */
  depth = 0;
  constructor(private readonly toks: Token[]) {}
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  next(): Token | undefined {
    return this.toks[this.i++];
  }
  expect(t: TokType): Token {
    const tok = this.toks[this.i];
    if (!tok || tok.t !== t) {
      throw new SyntaxErr(
        tok
          ? `syntax error near '${tok.v}' (expected ${t === 'QUOTE' ? 'a quoted string' : t === 'WORD' ? 'a symbol name' : `'${t}'`})`
          : `syntax error: unexpected end of line (expected ${t === 'QUOTE' ? 'a quoted string' : t === 'WORD' ? 'a symbol name' : `'${t}'`})`,
        tok?.line,
      );
    }
    this.i++;
    return tok;
  }
  end(): void {
    const tok = this.toks[this.i];
    if (tok) throw new SyntaxErr(`syntax error near '${tok.v}'`, tok.line);
  }
}

// ---------------------------------------------------------------- expressions

/** A message quoting tree text stays readable (a symbol name or macro output can be megabytes). */
function capMessage(s: string, max = 1000): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

function heapUsed(): number {
  try {
    return getHeapStatistics().used_heap_size;
  } catch {
    return 0;
  }
}

/** s without trailing spaces and tabs (linear, unlike /[ \t]+$/ on a line of many blanks). */
function trimBlanksEnd(s: string): string {
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  return e === s.length ? s : s.slice(0, e);
}

function pushPart2<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function pushPart<K>(m: Map<K, Expr[]>, k: K, e: Expr): void {
  const l = m.get(k);
  if (l) l.push(e);
  else m.set(k, [e]);
}

/**
 * parts joined with && or ||: left-deep as the kernel builds it for a usual count, balanced
 * beyond (the same value; a tree may select one symbol from 100,000 places without making the
 * expression that deep).
 */
export function joinAll(k: 'and' | 'or', parts: Expr[]): Expr | null {
  if (!parts.length) return null;
  if (parts.length <= 64) {
    let e = parts[0];
    for (let i = 1; i < parts.length; i++) e = { k, l: e, r: parts[i] };
    return e;
  }
  let level = parts;
  while (level.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? { k, l: level[i], r: level[i + 1] } : level[i]);
    level = next;
  }
  return level[0];
}

export function and(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { k: 'and', l: a, r: b };
}

export function or(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { k: 'or', l: a, r: b };
}

/** `m` in a dependency means `m && MODULES`. */
function rewriteM(e: Expr | null, mod: KSymbol, modules: KSymbol): Expr | null {
  if (!e) return e;
  switch (e.k) {
    case 'not': {
      const x = rewriteM(e.e, mod, modules)!;
      return x === e.e ? e : { k: 'not', e: x };
    }
    case 'and':
    case 'or': {
      const l = rewriteM(e.l, mod, modules)!;
      const r = rewriteM(e.r, mod, modules)!;
      return l === e.l && r === e.r ? e : { k: e.k, l, r };
    }
    case 'sym':
      if (e.sym === mod) return { k: 'and', l: e, r: { k: 'sym', sym: modules } };
      return e;
    default:
      return e;
  }
}

// ---------------------------------------------------------------- finalize

/** Menu finalization (dependency propagation); yields every few hundred entries. */
/** Whether e mentions sym anywhere (the kernel's expr_contains_symbol). */
function exprContains(e: Expr | null, sym: KSymbol): boolean {
  const stack: Expr[] = e ? [e] : [];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'sym') {
      if (x.sym === sym) return true;
    } else if (x.k === 'cmp') {
      if (x.l === sym || x.r === sym) return true;
    } else if (x.k === 'not') stack.push(x.e);
    else stack.push(x.l, x.r);
  }
  return false;
}

/** `sym`, `sym=y`, `sym=m` or `sym!=n` as a term of an && chain (the kernel's expr_depends_symbol). */
function exprDependsOn(e: Expr | null, sym: KSymbol): boolean {
  const stack: Expr[] = e ? [e] : [];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'and') stack.push(x.l, x.r);
    else if (x.k === 'sym' && x.sym === sym) return true;
    else if (
      x.k === 'cmp' &&
      x.l === sym &&
      ((x.op === '=' && (x.r.name === 'y' || x.r.name === 'm')) || (x.op === '!=' && x.r.name === 'n'))
    )
      return true;
  }
  return false;
}

/**
 * Entries of a choice (conf before 6.11) that menu_finalize moves under a preceding entry
 * because their prompt's (or, promptless, their) dependency depends on it: those are no choice
 * values (3.1's USB gadget choice: USB_ETH_RNDIS `depends on USB_ETH` right after USB_ETH).
 * The kernel's second test (dependency equal to the entry's after dropping common terms) is
 * left out: such entries stay members here.
 */
function nestedUnderMembers(choice: MenuNode): Set<MenuNode> {
  const nested = new Set<MenuNode>();
  // the entry's prompt (or, promptless, its) dependency as menu_finalize has it then (entries
  // of `if` blocks are not finalized yet when the choice is, so it is built here)
  const depOf = (m: MenuNode, parentDep: Expr | null): Expr | null => {
    const base = and(parentDep, m.depWritten);
    return m.prompt ? and(base, m.prompt.cond) : base;
  };
  // returns the index of the last sibling moved under list[i] (itself when none)
  const absorb = (list: MenuNode[], i: number, parentDep: Expr | null): number => {
    const s = list[i].sym;
    if (!s || list[i].children.length) return i;
    let j = i + 1;
    while (j < list.length) {
      const m = list[j];
      const dep = depOf(m, parentDep);
      if (!exprContains(dep, s) || !exprDependsOn(dep, s)) break;
      nested.add(m);
      j = absorb(list, j, parentDep) + 1;
    }
    return j - 1;
  };
  const walk = (n: MenuNode, parentDep: Expr | null): void => {
    for (let i = 0; i < n.children.length; i++) i = absorb(n.children, i, parentDep);
    for (const c of n.children) {
      if (!nested.has(c) && (c.kind === 'if' || (c.sym === null && c.kind !== 'comment')))
        walk(c, and(parentDep, c.depWritten));
    }
  };
  walk(choice, { k: 'sym', sym: choice.sym! });
  return nested;
}

function* finalizeTree(
  root: MenuNode,
  sem: KconfigSemantics,
  yes: KSymbol,
  mod: KSymbol,
  modules: KSymbol,
): Generator<void, void, void> {
  let n = 0;
  const work: Array<{ node: MenuNode; insideChoice: boolean }> = [{ node: root, insideChoice: false }];
  // revDep / implied / dirDep are ORs over many places: joined at the end (balanced when long)
  const rev = new Map<KSymbol, Expr[]>();
  const imp = new Map<KSymbol, Expr[]>();
  const dir = new Map<KSymbol, Expr[]>();
  // a symbol's properties per definition (a symbol defined in 20,000 places must not make
  // finalization quadratic)
  const byMenu = new Map<KSymbol, Map<MenuNode, Prop[]>>();
  const propsOf = (c: MenuNode): Prop[] => {
    const s = c.sym;
    if (!s) return c.prompt ? [c.prompt] : [];
    if (s.menus.length <= 1) return s.props;
    let m = byMenu.get(s);
    if (!m) {
      m = new Map();
      for (const p of s.props) pushPart2(m, p.menu, p);
      byMenu.set(s, m);
    }
    return m.get(c) ?? [];
  };
  // iterative DFS (deep trees must not overflow the stack)
  while (work.length) {
    if ((++n & 511) === 0) yield;
    const { node: parent, insideChoice } = work.pop()!;
    const sym = parent.sym;
    if (parent.children.length) {
      if (sem === 'legacy' && sym?.isChoice) {
        if (sym.type === 'unknown') {
          for (const c of parent.children)
            if (c.sym && c.sym.type !== 'unknown') {
              sym.type = c.sym.type;
              break;
            }
        }
        for (const c of parent.children) if (c.sym && c.sym.type === 'unknown') c.sym.type = sym.type;
      }
      const pd = sem === 'legacy' && sym?.isChoice ? ({ k: 'sym', sym } as Expr) : parent.dep;
      for (const c of parent.children) {
        if ((++n & 511) === 0) yield; // a menu may hold 100,000 entries
        const basedep = and(pd, rewriteM(c.depWritten, mod, modules));
        c.dep = basedep;
        for (const p of propsOf(c)) {
          if (p.menu !== c) continue;
          p.visible = and(basedep, rewriteM(p.cond, mod, modules));
          if ((p.kind === 'select' || p.kind === 'imply') && p.target && c.sym) {
            const term: Expr = p.visible
              ? { k: 'and', l: { k: 'sym', sym: c.sym }, r: p.visible }
              : { k: 'sym', sym: c.sym };
            if (p.kind === 'select') {
              pushPart(rev, p.target, term);
              p.target.selectedBy.push(p);
            } else {
              pushPart(imp, p.target, term);
              p.target.impliedBy.push(p);
            }
          }
        }
      }
      // flatten `if` blocks inside choices so members are direct children
      const isChoice = !!sym?.isChoice;
      for (let i = parent.children.length - 1; i >= 0; i--)
        work.push({ node: parent.children[i], insideChoice: isChoice });
      if (sem === 'legacy' && sym?.isChoice) {
        const members: MenuNode[] = [];
        const nested = nestedUnderMembers(parent);
        const collect = (n: MenuNode): void => {
          for (const c of n.children) {
            if (nested.has(c)) continue;
            if (c.kind === 'if' || (c.sym === null && c.kind !== 'comment')) collect(c);
            else if (c.sym) members.push(c);
          }
        };
        collect(parent);
        for (const c of members) {
          const ms = c.sym!;
          if (!ms.choice) {
            ms.choice = sym;
            sym.choiceMembers!.push(ms);
          }
          if (sym.type === 'tristate' && ms.type !== 'tristate') {
            const base: Expr = { k: 'cmp', op: '=', l: sym, r: yes };
            c.dep = and(base, c.dep);
            for (const p of propsOf(c)) if (p.menu === c) p.visible = and(base, p.visible);
          }
        }
      }
    } else if (sym && (sem === 'legacy' || !insideChoice)) {
      if (parent.dep) pushPart(dir, sym, parent.dep); // or(x, null) is x, as before
    }
    if (sem === 'legacy' && sym?.isChoice && !sym.optional && parent.prompt) {
      const v = parent.prompt.visible;
      const term: Expr = v ? { k: 'and', l: v, r: { k: 'sym', sym: mod } } : { k: 'sym', sym: mod };
      pushPart(rev, sym, term);
    }
  }
  for (const [s, parts] of rev) s.revDep = or(s.revDep, joinAll('or', parts));
  for (const [s, parts] of imp) s.implied = or(s.implied, joinAll('or', parts));
  for (const [s, parts] of dir) s.dirDep = or(s.dirDep, joinAll('or', parts));
  void yes;
}

// ---------------------------------------------------------------- dependency cycles

function symsOf(e: Expr | null, out: KSymbol[]): void {
  if (!e) return;
  switch (e.k) {
    case 'sym':
      if (!e.sym.isConst) out.push(e.sym);
      break;
    case 'not':
      symsOf(e.e, out);
      break;
    case 'and':
    case 'or':
      symsOf(e.l, out);
      symsOf(e.r, out);
      break;
    case 'cmp':
      if (!e.l.isConst) out.push(e.l);
      if (!e.r.isConst) out.push(e.r);
      break;
  }
}

/**
 * Cycles in the dependency graph the kernel refuses (a symbol whose
 * dependencies, selects, implies or defaults lead back to itself). At most
 * 20 cycles are reported. Iterative, so deep chains cannot overflow.
 */
export function findDependencyCycles(syms: KSymbol[]): KSymbol[][] {
  const deps = (s: KSymbol): KSymbol[] => {
    const out: KSymbol[] = [];
    symsOf(s.revDep, out);
    symsOf(s.implied, out);
    symsOf(s.dirDep, out);
    for (const p of s.props) {
      if (p.kind === 'select' || p.kind === 'imply') continue;
      symsOf(p.visible, out);
      if (p.kind === 'default' && !s.isChoice) symsOf(p.expr, out);
    }
    return [...new Set(out)].filter((d) => d.menus.length > 0 && d !== s.choice && !(s.isChoice && d.choice === s));
  };
  const state = new Map<KSymbol, number>(); // 1 on stack, 2 done
  const cycles: KSymbol[][] = [];
  for (const root of syms) {
    if (state.has(root) || !root.menus.length) continue;
    const stack: Array<{ s: KSymbol; d: KSymbol[]; i: number }> = [{ s: root, d: deps(root), i: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.d.length) {
        state.set(top.s, 2);
        stack.pop();
        continue;
      }
      const n = top.d[top.i++];
      const st = state.get(n);
      if (st === 1) {
        if (cycles.length < 20) {
          const from = stack.findIndex((f) => f.s === n);
          cycles.push(stack.slice(from).map((f) => f.s));
        }
        continue;
      }
      if (st === 2) continue;
      state.set(n, 1);
      stack.push({ s: n, d: deps(n), i: 0 });
    }
  }
  return cycles;
}
