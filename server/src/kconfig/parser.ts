/**
 * Kconfig parser: the counterpart of the kernel's scripts/kconfig/parser.y. Takes the statements
 * the lexer (lexer.ts) cuts, checks each against the grammar, and builds the menu tree
 * (menu.ts) and the symbols (symbol.ts); at the end the tree is finalized and checked for
 * dependency cycles. Also the driver of a load: its limits of time, memory and size, and a
 * parse in slices for a responsive server. Never throws: problems become KconfigError entries.
 */
import * as nodePath from 'path';
import { getHeapStatistics } from 'v8';
import { forgetLeaves } from './expr';
import { Lexer, Token } from './lexer';
import { finalizeTree, MenuBuilder, mkProp } from './menu';
import { KconfigError, KSymbol, MenuKind } from './model';
import { DEFAULT_LIMITS, KconfigLimits, ParsedTree, ParseOptions } from './parseOptions';
import { Cursor, SyntaxErr } from './parserExpr';
import { EntryOptions, expectPrompt, Stmt } from './entryOptions';
import { Preprocessor } from './preprocess';
import { findDependencyCycles, SymbolTable } from './symbol';

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
  private readonly symbols = new SymbolTable();
  private readonly pp: Preprocessor;
  private readonly lexer: Lexer;
  private readonly menus: MenuBuilder;
  private readonly options: EntryOptions;
  private readonly choices: KSymbol[] = [];
  private stmtLine = 1;
  private readonly lim: KconfigLimits;
  /** Open menu/if/choice blocks. */
  private nesting = 0;
  /** Inside blocks nested too deep: how many levels are being skipped. */
  private skipDepth = 0;
  private nestingReported = false;
  private readonly t0 = performance.now();
  private readonly heap0 = heapUsed();
  private steps = 0;
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
    const reporter = {
      err: this.err.bind(this),
      stop: this.stop.bind(this),
    };
    this.menus = new MenuBuilder(o.rootFile ?? 'Kconfig', this.lim.maxEntries, reporter);
    this.pp = new Preprocessor({
      env: o.env,
      shellEnv: o.shellEnv,
      allowShell: o.allowShell,
      toolchainFacts: o.toolchainFacts,
      cwd: o.srcDir,
      position: () => ({ file: this.lexer.file, line: this.lexer.line }),
      report: (severity, message) => {
        if (this.errors.length < 5000)
          this.errors.push({
            file: this.lexer.file,
            line: this.lexer.line,
            message: capMessage(message),
            severity,
          });
      },
      runShell: o.runShell,
      unknownEnv: o.unknownEnv,
      budget: { steps: this.lim.maxMacroSteps, output: this.lim.maxMacroOutput },
    });
    this.lexer = new Lexer(o, this.lim, this.pp, reporter);
    this.options = new EntryOptions(o, this.symbols, this.menus, this.lexer, this.pp, reporter);
  }

  /** Stops the parse for a limit: one error that says which, nothing after it. */
  private stop(message: string): void {
    if (this.stopped) return;
    this.stopped = message;
    this.errors.push({ file: this.lexer.file, line: this.lexer.line, message, severity: 'error' });
  }

  /** Time and memory, checked every few hundred statements. */
  private checkBudget(): void {
    if (performance.now() - this.t0 > this.lim.maxTimeMs) {
      this.stop(
        `reading the Kconfig files took longer than ${Math.round(this.lim.maxTimeMs / 1000)} s; the rest of the tree is not read`,
      );
    } else if ((this.steps & 4095) === 0 && heapUsed() - this.heap0 > this.lim.maxHeapGrowth) {
      // (less often: V8's heap statistics take ~25 µs, 15 ms of a 6.1 tree's parse at every check)
      this.stop(
        `reading the Kconfig files needed more than ${Math.round(this.lim.maxHeapGrowth / 1048576)} MB of memory; the rest of the tree is not read`,
      );
    }
  }

  private err(
    message: string,
    line = this.stmtLine,
    file = this.lexer.file,
    severity: KconfigError['severity'] = 'error',
  ): void {
    if (this.errors.length < 5000) this.errors.push({ file, line, message: capMessage(message), severity });
  }

  run(): ParsedTree {
    if (this.begin()) this.parseSome(Infinity);
    return this.end();
  }

  /** Opens the top file; false when there is nothing to parse. */
  begin(): boolean {
    const rootFile = this.o.rootFile ?? 'Kconfig';
    if (!this.lexer.pushFile(rootFile, false, null)) {
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
    const root = this.menus.root;
    this.menus.joinParts();
    if (this.menus.currentMenu !== root && !this.stopped) {
      for (let m: typeof root | null = this.menus.currentMenu; m && m !== root; m = m.parent)
        this.err(`missing end statement for this entry`, m.line, m.file);
    }
    if (!root.prompt) root.prompt = mkProp('menu', null, 'Main menu', null, root, root);
    yield* this.finalize();
    forgetLeaves();
    for (const s of this.symbols.symbolMap.values()) {
      if (s.menus.length && s.type === 'unknown') {
        this.err(`config symbol '${s.name}' defined without type`, s.menus[0].line, s.menus[0].file, 'warning');
      }
    }
    return {
      root,
      symbolMap: this.symbols.symbolMap,
      allSymbols: this.symbols.allSymbols,
      modulesSym: this.options.modulesSym,
      yes: this.symbols.yes,
      mod: this.symbols.mod,
      no: this.symbols.no,
      choices: this.choices,
      files: this.lexer.files,
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

  /** Menu finalization and the dependency-cycle check (skipped for a stopped sliced load). */
  private *finalize(): Generator<void, void, void> {
    const rootFile = this.o.rootFile ?? 'Kconfig';
    if (this.stopped && !this.finalizeStopped) return;
    try {
      // 3.1-3.17: without `option modules`, the symbol MODULES is the modules symbol
      if (!this.options.modulesSym && this.o.lexer === 'v3')
        this.options.modulesSym = this.symbols.symbolMap.get('MODULES') ?? null;
      const { yes, mod, no } = this.symbols;
      // ParseOptions.transBool: as the tree's own conf does (scripts/kconfig/menu.c)
      const transBool =
        this.o.transBool ??
        /expr_trans_bool\(dep\)/.test(
          this.o.fs.readFile(nodePath.join(this.o.srcDir, 'scripts', 'kconfig', 'menu.c')) ?? '',
        );
      yield* finalizeTree(this.menus.root, this.o.semantics, yes, mod, this.options.modulesSym ?? no, transBool);
      yield;
      for (const c of findDependencyCycles([...this.symbols.symbolMap.values()])) {
        const at = c[0].menus[0] ?? { file: rootFile, line: 0 };
        this.err(
          `recursive dependency detected: ${c.map((x) => x.name).join(' -> ')} -> ${c[0].name}`,
          at.line,
          at.file,
        );
      }
    } catch (e) {
      if (e instanceof RangeError) this.stop('the Kconfig files are nested too deeply to evaluate');
      else this.err(`internal error while finalizing menus: ${(e as Error).message}`, 0, rootFile);
    }
  }

  // ------------------------------------------------------------ statements

  /** Statements until the end of input (true), a limit (true) or the deadline (false). */
  private parseAll(deadline: number): boolean {
    for (;;) {
      if (this.stopped) return true;
      const toks = this.lexer.readStatement();
      if (!toks) return true;
      this.stmtLine = toks[0].line;
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
    else if (t === 'help') this.lexer.readHelp();
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

  /** One statement: the grammar's rule for its first token. */
  private statement(toks: Token[]): void {
    const t0 = toks[0];
    const st: Stmt = {
      t0,
      toks,
      cur: new Cursor(toks, this.symbols, this.lim.maxExprDepth),
      loc: { file: this.lexer.file, line: t0.line },
      shell: toks.some((t) => t.shell),
    };
    st.cur.next();
    switch (t0.t) {
      case 'WORD':
        return this.assignment(st);
      case 'mainmenu':
        return this.mainmenu(st);
      case 'config':
      case 'menuconfig':
        return this.config(st, t0.t);
      case 'choice':
        return this.choice(st);
      case 'endchoice':
      case 'endmenu':
      case 'endif':
        return this.blockEnd(st, t0.t);
      case 'if':
        return this.ifBlock(st);
      case 'menu':
        return this.menu(st);
      case 'comment':
        return this.comment(st);
      case 'source':
      case 'rsource':
      case 'osource':
      case 'orsource':
        return this.source(st, t0.t);
      // ---------------- options of the current entry
      case 'bool':
      case 'tristate':
      case 'int':
      case 'hex':
      case 'string':
        return this.options.type(st, t0.t);
      case 'prompt':
        return this.options.prompt(st);
      case 'default':
      case 'def_bool':
      case 'def_tristate':
        return this.options.default(st, t0.t);
      case 'select':
      case 'imply':
        return this.options.reverse(st, t0.t);
      case 'range':
        return this.options.range(st);
      case 'modules':
      case 'transitional':
      case 'optional':
        return this.options.flag(st, t0.t);
      case 'option':
        return this.options.option(st);
      case 'depends':
        return this.options.depends(st);
      case 'visible':
        return this.options.visible(st);
      case 'help':
        return this.options.help(st);
      default:
        throw new SyntaxErr('invalid statement');
    }
  }

  /** `NAME = value` (also `:=`, `+=`): a macro definition of the preprocessor. */
  private assignment({ t0, toks }: Stmt): void {
    if (toks.length >= 2 && (toks[1].t === '=' || toks[1].t === ':=' || toks[1].t === '+=')) {
      const val = toks[2]?.v ?? '';
      const flavor = toks[1].t === '=' ? 'recursive' : toks[1].t === ':=' ? 'simple' : 'append';
      this.pp.define(t0.v, val, flavor);
      return;
    }
    throw new SyntaxErr(`unknown statement "${t0.v}"`);
  }

  private mainmenu({ toks, cur, loc }: Stmt): void {
    const root = this.menus.root;
    const tok0 = this.expectPrompt(cur);
    // before 4.18 conf expanded $VAR in the main menu's title (the .config's header)
    const text = this.o.lexer ? this.expandOldVars(tok0.v) : tok0.v;
    cur.end();
    if (root.prompt) this.err('prompt redefined', loc.line, loc.file, 'warning');
    root.prompt = mkProp('menu', null, text, null, root, loc);
    root.prompt.shown = toks[1]?.shown;
  }

  private config({ cur, loc }: Stmt, kind: 'config' | 'menuconfig'): void {
    const name = cur.expect('WORD').v;
    cur.end();
    const sym = this.symbols.lookup(name, false);
    this.menus.addEntry(kind, sym, loc);
    // MODERN (see KconfigSemantics): a choice's members are the entries written inside it
    const choice = this.menus.currentChoice;
    if (choice && this.o.semantics === 'modern') {
      const ch = choice.sym!;
      if (!sym.choice) {
        sym.choice = ch;
        ch.choiceMembers!.push(sym);
      }
    }
  }

  private choice({ cur, loc }: Stmt): void {
    let name: string | null = null;
    if (cur.peek()?.t === 'WORD') name = cur.next()!.v;
    cur.end();
    if (!this.enterBlock()) return;
    const sym = name ? this.symbols.lookup(name, false) : this.symbols.newSym('', false);
    sym.isChoice = true;
    sym.choiceMembers = sym.choiceMembers ?? [];
    // MODERN (see KconfigSemantics): a choice is always bool
    if (this.o.semantics === 'modern') sym.type = 'bool';
    const m = this.menus.addEntry('choice', sym, loc);
    sym.choiceMenu = m;
    this.choices.push(sym);
    this.menus.currentMenu = m;
    this.menus.currentChoice = m;
  }

  private blockEnd({ cur, loc }: Stmt, end: 'endchoice' | 'endmenu' | 'endif'): void {
    cur.end();
    const want: MenuKind = end === 'endchoice' ? 'choice' : end === 'endmenu' ? 'menu' : 'if';
    const menus = this.menus;
    const open = menus.currentMenu;
    if (open === menus.root) throw new SyntaxErr(`unexpected '${end}' statement`);
    if (open.kind !== want) {
      throw new SyntaxErr(`unexpected '${end}' within ${open.kind} block`);
    }
    if (open.kind === 'choice' && !open.prompt) this.err('choice must have a prompt', open.line, open.file);
    open.endLoc = loc;
    this.nesting--;
    menus.currentMenu = open.parent ?? menus.root;
    menus.currentEntry = open;
    if (open.kind === 'choice') {
      let c: typeof open | null = menus.currentMenu;
      while (c && c.kind !== 'choice') c = c.parent;
      menus.currentChoice = c;
    }
  }

  private ifBlock({ cur, loc, shell }: Stmt): void {
    const e = cur.expr();
    cur.end();
    if (!this.enterBlock()) return;
    const m = this.menus.addEntry('if', null, loc);
    m.depWritten = e;
    if (shell) m.shellUnknown = true;
    this.menus.currentMenu = m;
  }

  private menu({ cur, loc }: Stmt): void {
    const tok = this.expectPrompt(cur);
    cur.end();
    if (!this.enterBlock()) return;
    const m = this.menus.addEntry('menu', null, loc);
    this.menus.addPrompt('menu', tok.v, null, loc, tok.shown);
    this.menus.currentMenu = m;
  }

  private comment({ toks, cur, loc }: Stmt): void {
    if (this.menus.currentEntry.kind === 'comment' && cur.peek()?.t !== 'QUOTE')
      throw new SyntaxErr('invalid statement');
    const text = this.expectPrompt(cur).v;
    cur.end();
    this.menus.addEntry('comment', null, loc);
    this.menus.addPrompt('comment', text, null, loc, toks[1]?.shown);
  }

  private source({ cur, loc }: Stmt, kind: 'source' | 'rsource' | 'osource' | 'orsource'): void {
    const tok = this.expectPrompt(cur);
    cur.end();
    // old kernels (before the macro language): $VAR in source paths
    const path = this.expandOldVars(tok.v);
    if (tok.shell) this.err(`source path "${path}" depends on an unknown shell result`, loc.line, loc.file, 'warning');
    const optional = kind === 'osource' || kind === 'orsource';
    const relative = kind === 'rsource' || kind === 'orsource';
    this.lexer.pushFile(path, optional, relative ? (this.lexer.cur?.file ?? null) : null);
  }

  /** `$VAR` as conf before the macro language (4.18) expands it: an env symbol's variable, else the environment. */
  private expandOldVars(text: string): string {
    return text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, n: string) => {
      const sym = this.symbols.symbolMap.get(n);
      if (sym?.envVar) return this.o.env[sym.envVar] ?? '';
      return this.o.env[n] ?? '';
    });
  }

  private expectPrompt(cur: Cursor): Token {
    return expectPrompt(cur, this.o);
  }
}

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
