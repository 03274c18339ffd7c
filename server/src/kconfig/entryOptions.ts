/**
 * The rules of the kernel's scripts/kconfig/parser.y for the options of an entry (config_option,
 * choice_option, depends, visible, help): a type, a prompt, defaults, select/imply, a range, an
 * `option`, `depends on`, `visible if`, a help text.
 */
import { leaf } from './expr';
import { Lexer, Token } from './lexer';
import { MenuBuilder } from './menu';
import { KSymbol, Loc, Prop, SymType } from './model';
import { ParseOptions, Reporter } from './parseOptions';
import { Cursor, SyntaxErr } from './parserExpr';
import { Preprocessor } from './preprocess';
import { SymbolTable } from './symbol';

/** One statement being handled: its tokens, where it stands, whether a shell result is unknown in it. */
export interface Stmt {
  t0: Token;
  toks: Token[];
  cur: Cursor;
  loc: Loc;
  shell: boolean;
}

/** A prompt or path: a quoted string, or (the 3.x-5.x grammar, with lexer 'v3'/'v4') a word. */
export function expectPrompt(cur: Cursor, o: ParseOptions): Token {
  return o.lexer && cur.peek()?.t === 'WORD' ? cur.next()! : cur.expect('QUOTE');
}

export class EntryOptions {
  /** The symbol with `option modules` (or `modules`). */
  modulesSym: KSymbol | null = null;

  constructor(
    private readonly o: ParseOptions,
    private readonly symbols: SymbolTable,
    private readonly menus: MenuBuilder,
    private readonly lexer: Lexer,
    private readonly pp: Preprocessor,
    private readonly host: Reporter,
  ) {}

  private markShell(st: Stmt, p: Prop | null): void {
    if (p && st.shell) p.shellUnknown = true;
  }

  /** Whether an option statement may stand here (the entry it belongs to is open); else a syntax error. */
  private accepts(...kinds: Array<'config' | 'choice' | 'menu' | 'any'>): void {
    if (!kinds.some((k) => this.menus.entryAccepts(k))) throw new SyntaxErr('invalid statement');
  }

  /** `bool`, `tristate`, `int`, `hex` or `string`, with an optional prompt. */
  type(st: Stmt, t: SymType): void {
    const { cur, loc } = st;
    this.accepts('config', 'choice');
    if (cur.peek()?.t === 'QUOTE' || (this.o.lexer && cur.peek()?.t === 'WORD')) {
      const tok = cur.next()!;
      const cond = cur.ifExpr();
      this.markShell(st, this.menus.addPrompt('prompt', tok.v, cond, loc, tok.shown));
    }
    cur.end();
    if (this.menus.currentEntry.kind === 'choice' && t !== 'bool' && t !== 'tristate')
      throw new SyntaxErr('invalid statement');
    this.menus.setType(t, loc);
  }

  prompt(st: Stmt): void {
    const { cur, loc } = st;
    this.accepts('config', 'choice');
    const tok = expectPrompt(cur, this.o);
    const cond = cur.ifExpr();
    cur.end();
    this.markShell(st, this.menus.addPrompt('prompt', tok.v, cond, loc, tok.shown));
  }

  /** `default` (of a config or a choice), `def_bool`, `def_tristate`. */
  default(st: Stmt, kind: 'default' | 'def_bool' | 'def_tristate'): void {
    const { cur, loc } = st;
    if (this.menus.entryAccepts('choice')) {
      if (kind !== 'default') throw new SyntaxErr('invalid statement');
      const target = this.symbols.lookup(cur.expect('WORD').v, false);
      const cond = cur.ifExpr();
      cur.end();
      const p = this.menus.addProp('default', leaf(target), cond, loc);
      p.target = target;
      this.markShell(st, p);
      return;
    }
    this.accepts('config');
    const e = cur.expr();
    const cond = cur.ifExpr();
    cur.end();
    this.markShell(st, this.menus.addProp('default', e, cond, loc));
    if (kind !== 'default') this.menus.setType(kind === 'def_bool' ? 'bool' : 'tristate', loc);
  }

  /** `select` or `imply`. */
  reverse(st: Stmt, kind: 'select' | 'imply'): void {
    const { cur, loc } = st;
    this.accepts('config');
    const target = this.symbols.lookup(cur.expect('WORD').v, false);
    const cond = cur.ifExpr();
    cur.end();
    const p = this.menus.addProp(kind, leaf(target), cond, loc);
    p.target = target;
    this.markShell(st, p);
  }

  range(st: Stmt): void {
    const { cur, loc } = st;
    this.accepts('config');
    const a = cur.symbol();
    const b = cur.symbol();
    const cond = cur.ifExpr();
    cur.end();
    const p = this.menus.addProp('range', null, cond, loc);
    p.range = [a, b];
    this.markShell(st, p);
  }

  /** `modules`, `transitional` (of a config) or `optional` (of a choice). */
  flag({ cur, loc }: Stmt, kind: 'modules' | 'transitional' | 'optional'): void {
    cur.end();
    this.accepts(kind === 'optional' ? 'choice' : 'config');
    const sym = this.menus.currentEntry.sym!;
    if (kind === 'modules') this.setModules(loc);
    else if (kind === 'transitional') sym.transitional = true;
    else sym.optional = true;
  }

  option({ cur, loc }: Stmt): void {
    this.accepts('config', 'choice');
    const w = cur.next();
    if (!w) throw new SyntaxErr('invalid option');
    const sym = this.menus.currentEntry.sym!;
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
      this.menus.addProp('default', leaf(this.symbols.lookup(val ?? '', true)), null, loc);
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
      this.host.err(`ignoring unknown option "${w.v}"`, loc.line, loc.file, 'warning');
    }
  }

  depends({ cur, shell }: Stmt): void {
    cur.expect('on');
    const e = cur.expr();
    cur.end();
    this.accepts('any');
    this.menus.addDep(e);
    if (shell) this.menus.currentEntry.shellUnknown = true;
  }

  visible({ cur }: Stmt): void {
    const cond = cur.ifExpr();
    cur.end();
    this.accepts('menu');
    this.menus.addVisibility(cond ?? leaf(this.symbols.yes));
  }

  help({ cur, loc }: Stmt): void {
    cur.end();
    const text = this.lexer.readHelp();
    this.accepts('config', 'choice');
    const entry = this.menus.currentEntry;
    if (entry.help !== undefined) {
      this.host.err(
        `'${entry.sym?.name || '<choice>'}' defined with more than one help text -- only the last one will be used`,
        loc.line,
        loc.file,
        'warning',
      );
    }
    entry.help = text;
  }

  private setModules(loc: Loc): void {
    const sym = this.menus.currentEntry.sym!;
    if (this.modulesSym && this.modulesSym !== sym) {
      this.host.err(
        `symbol '${sym.name}' redefines option 'modules' already defined by symbol '${this.modulesSym.name}'`,
        loc.line,
        loc.file,
      );
      return;
    }
    this.modulesSym = sym;
  }
}
