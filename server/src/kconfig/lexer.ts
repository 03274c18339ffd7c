/**
 * Kconfig lexer: the counterpart of the kernel's scripts/kconfig/lexer.l. Reads the files of a
 * tree (with `source` nesting, as zconf_nextfile), cuts them into statements of tokens, reads
 * quoted strings and help texts, and hands words holding `$(...)` to the preprocessor. The
 * unquoted-word rules of the 3.x and 4.x lexers are kept (ParseOptions.lexer).
 */
import * as nodePath from 'path';
import { TreeFs } from './fs';
import { KconfigLimits, ParseOptions, Reporter } from './parseOptions';
import { Preprocessor } from './preprocess';

export type TokType =
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

export interface Token {
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

/** One file being read, with its position. */
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

/** The file a relative path p of the tree resolves to, or undefined when it does not exist. */
export function realPath(fs: TreeFs, p: string): string | undefined {
  if (fs.realpath) return fs.realpath(p);
  return fs.exists(p) ? nodePath.resolve(p) : undefined;
}

export class Lexer {
  /** The file being read (the innermost `source`), null at the end. */
  cur: FileLexer | null = null;
  /** Every file opened, in order (repeats counted). */
  readonly files: string[] = [];
  private includeDepth = 0;
  private parsedBytes = 0;
  private readonly srcReal: string;

  constructor(
    private readonly o: ParseOptions,
    private readonly lim: KconfigLimits,
    private readonly pp: Preprocessor,
    private readonly host: Reporter,
  ) {
    this.srcReal = realPath(o.fs, o.srcDir) ?? nodePath.resolve(o.srcDir);
  }

  /** The file being read ('' at the end). */
  get file(): string {
    return this.cur?.file ?? '';
  }

  /** The line being read (0 at the end). */
  get line(): number {
    return this.cur?.line ?? 0;
  }

  /**
   * The help text that follows a `help` line of the current file ('' when the parse keeps no help
   * texts: ParseOptions.help).
   */
  readHelp(): string {
    if (!this.cur) return '';
    if (this.o.help !== false) return this.readHelpOf(this.cur);
    skipHelpOf(this.cur);
    return '';
  }

  /**
   * Open a Kconfig file (path relative to srcDir, or relative to the current
   * file's directory for rsource). Refuses paths outside the tree and loops.
   */
  pushFile(name: string, optional: boolean, relativeTo: string | null): boolean {
    const maxFiles = this.lim.maxFiles;
    const maxDepth = this.lim.maxIncludeDepth;
    if (this.files.length >= maxFiles) {
      this.host.stop(`more than ${maxFiles} Kconfig files are sourced; the rest of the tree is not read`);
      return false;
    }
    if (this.includeDepth >= maxDepth) {
      this.host.err(`source nesting deeper than ${maxDepth}; "${name}" not read`);
      return false;
    }
    const rel = relativeTo ? nodePath.posix.join(nodePath.posix.dirname(relativeTo), name) : name;
    const abs = nodePath.resolve(this.o.srcDir, rel);
    const srcAbs = nodePath.resolve(this.o.srcDir);
    const under = (p: string, root: string): boolean =>
      p === root || p.startsWith(root.endsWith('/') ? root : root + '/');
    if (!under(abs, srcAbs)) {
      this.host.err(`refusing to read "${name}": it is outside the source tree ${this.o.srcDir}`);
      return false;
    }
    const realAbs = realPath(this.o.fs, abs);
    if (realAbs === undefined) {
      if (!optional) this.host.err(`can't open file "${name}"`);
      return false;
    }
    // decided before the file is opened
    if (!under(realAbs, this.srcReal)) {
      this.host.err(`refusing to read "${name}": it resolves to ${realAbs}, outside the source tree ${this.o.srcDir}`);
      return false;
    }
    const text = this.o.fs.readFile(realAbs);
    if (text === undefined) {
      const why = this.o.fs.refusal?.(realAbs);
      if (why && !why.startsWith('it does not exist')) this.host.err(`refusing to read "${name}": ${why}`);
      else if (!optional) this.host.err(`can't open file "${name}"`);
      return false;
    }
    if (this.parsedBytes + text.length > this.lim.maxParsedBytes) {
      this.host.stop(
        `the Kconfig files sourced add up to more than ${Math.round(this.lim.maxParsedBytes / 1048576)} MB ("${name}" would pass it); the rest of the tree is not read`,
      );
      return false;
    }
    this.parsedBytes += text.length;
    const display = nodePath.relative(this.o.srcDir, abs) || name;
    for (let it = this.cur; it; it = it.parent) {
      if (it.file === display || it.real === realAbs) {
        const chain: string[] = [];
        for (let j = this.cur; j; j = j.parent) chain.push(j.file);
        this.host.err(`recursive inclusion detected: ${display} (via ${chain.join(' <- ')})`);
        return false;
      }
    }
    this.cur = new FileLexer(display, text, this.cur, realAbs);
    this.files.push(display);
    this.includeDepth++;
    return true;
  }

  // ------------------------------------------------------------ statements

  /** Read the next logical statement's tokens (up to EOL). null at end of input. */
  readStatement(): Token[] | null {
    const toks: Token[] = [];
    for (;;) {
      const lx = this.cur;
      if (!lx) return toks.length ? toks : null;
      const t = this.nextToken(lx, toks);
      if (t === null) {
        // end of this file
        this.cur = lx.parent;
        this.includeDepth--;
        if (toks.length) return toks;
        continue;
      }
      if (t.t === 'EOL') {
        if (toks.length) return toks;
        continue;
      }
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
      const two = twoCharOperator(c, s[lx.pos + 1]);
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
        const w = this.word(lx, sofar, line, col);
        if (w) return w;
        continue;
      }
      lx.pos++;
      this.host.err(`ignoring unsupported character '${c}'`, line, lx.file, 'warning');
    }
  }

  /** A word of letters, digits, `_`, `-` and `$` (a keyword, a name, or a macro's expansion); null for none. */
  private word(lx: FileLexer, sofar: Token[], line: number, col: number): Token | null {
    const s = lx.text;
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
    return null;
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
        this.host.err('multi-line strings not supported', line, lx.file, 'warning');
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
  private readHelpOf(lx: FileLexer): string {
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
}

/**
 * The lines readHelpOf reads, passed over without making the text (a caller that never shows help
 * texts: ~4 MB of strings and ~15 ms of a kernel tree's parse). Same rules, on character codes.
 */
function skipHelpOf(lx: FileLexer): void {
  const s = lx.text;
  let firstTs = 0;
  const next = (eol: number): void => {
    lx.pos = eol < 0 ? s.length : eol + 1;
    lx.line++;
    lx.lineStart = lx.pos;
  };
  for (;;) {
    if (lx.pos >= s.length) break;
    const eol = s.indexOf('\n', lx.pos);
    const end = eol < 0 ? s.length : eol;
    const e = end > lx.pos && s.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let i = lx.pos;
    let ts = 0;
    for (let c = s.charCodeAt(i); i < e && (c === 32 || c === 9); c = s.charCodeAt(++i))
      ts = c === 9 ? (ts & ~7) + 8 : ts + 1;
    if (i === e) {
      // blank line: ends help if the next line starts in column 0 with text
      const c = eol < 0 || end + 1 >= s.length ? -1 : s.charCodeAt(end + 1);
      const nextStartsText = c >= 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13;
      next(eol);
      if (nextStartsText || eol < 0) break;
      continue;
    }
    if (i === lx.pos || (firstTs && ts < firstTs)) break; // not part of the help text
    if (!firstTs) firstTs = ts;
    next(eol);
    if (eol < 0) break;
  }
}

/** The operator of two characters that starts with c, c2 ('' for none). */
function twoCharOperator(c: string, c2: string | undefined): string {
  if (c2 === '=') {
    if (c === '!' || c === '<' || c === '>' || c === ':' || c === '+') return c + c2;
    return '';
  }
  return (c2 === '|' && c === '|') || (c2 === '&' && c === '&') ? c + c2 : '';
}

/** s without trailing spaces and tabs (linear, unlike /[ \t]+$/ on a line of many blanks). */
function trimBlanksEnd(s: string): string {
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  return e === s.length ? s : s.slice(0, e);
}
