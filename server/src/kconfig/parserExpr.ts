/**
 * The expression rules of the kernel's scripts/kconfig/parser.y (expr, if_expr, symbol): a
 * cursor over one statement's tokens that reads expressions and symbols from it.
 */
import { Token, TokType } from './lexer';
import { leaf } from './expr';
import { CmpOp, Expr, KSymbol } from './model';
import { SymbolTable } from './symbol';

/** A statement the grammar refuses: reported as an error, and the statement is dropped. */
export class SyntaxErr extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export class Cursor {
  private i = 0;
  /** Expression nesting reached (parentheses and '!'). */
  private depth = 0;

  constructor(
    private readonly toks: Token[],
    private readonly symbols: SymbolTable,
    private readonly maxExprDepth: number,
  ) {}

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

  /** `if <expr>` (null when the statement has no `if`). */
  ifExpr(): Expr | null {
    if (this.peek()?.t === 'if') {
      this.next();
      return this.expr();
    }
    return null;
  }

  symbol(): KSymbol {
    const t = this.next();
    if (!t) throw new SyntaxErr('syntax error: symbol expected');
    if (t.t === 'WORD') return this.symbols.lookup(t.v, false);
    if (t.t === 'QUOTE') return this.symbols.lookup(t.v, true);
    // keywords used as symbol names are not accepted by the kernel either
    throw new SyntaxErr(`syntax error near '${t.v}'`);
  }

  expr(): Expr {
    if (++this.depth > this.maxExprDepth) this.tooDeep();
    let l = this.and();
    while (this.peek()?.t === '||') {
      this.next();
      l = { k: 'or', l, r: this.and() };
    }
    this.depth--;
    return l;
  }

  private and(): Expr {
    let l = this.unary();
    while (this.peek()?.t === '&&') {
      this.next();
      l = { k: 'and', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    const t = this.peek();
    if (!t) throw new SyntaxErr('syntax error: expression expected');
    if (t.t === '!') {
      this.next();
      if (++this.depth > this.maxExprDepth) this.tooDeep();
      const e = this.unary();
      this.depth--;
      return { k: 'not', e };
    }
    if (t.t === '(') {
      this.next();
      const e = this.expr();
      this.expect(')');
      return e;
    }
    const a = this.symbol();
    const op = this.peek()?.t;
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      this.next();
      const b = this.symbol();
      return { k: 'cmp', op: op as CmpOp, l: a, r: b };
    }
    return leaf(a);
  }

  private tooDeep(): never {
    throw new SyntaxErr(
      `expression nested deeper than ${this.maxExprDepth} levels (parentheses or '!'); this line is not read`,
    );
  }
}
