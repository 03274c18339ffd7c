// Parser for xl configuration files (domain configs and xl.conf), following the rules of xl's own
// lexer and grammar (tools/libs/util/libxlu_cfg_l.l, libxlu_cfg_y.y): `key = value` or `key += value`
// statements ended by a newline or `;`; values are numbers, '…' or "…" strings with C-like escapes,
// or [ … ] lists (nested, spanning lines, trailing comma allowed); `#` starts a comment. Names are
// lower case. Never throws: returns the settings it could read and the errors it met.
import { append, splitLines } from '../core/text';

export interface XlAtom {
  kind: 'string' | 'number' | 'word';
  /** Source text of the token. */
  raw: string;
  /** The value as xl sees it: quotes removed, escapes decoded. */
  value: string;
  line: number;
  start: number;
  end: number;
  /** Document column of each character of `value`, plus one for the end (strings only). */
  columns: number[];
}

export interface XlList {
  kind: 'list';
  items: XlValue[];
  line: number;
  start: number;
  endLine: number;
  end: number;
}
export type XlValue = XlAtom | XlList;

export interface XlSetting {
  key: string;
  line: number;
  start: number;
  end: number;
  op: '=' | '+=';
  value?: XlValue;
  /** Position after the value (or the last token read). */
  endLine: number;
  endCol: number;
}

export type XlParseCode = 'xl/syntax-error' | 'xl/bad-escape' | 'xl/unquoted-value' | 'xl/crlf';
export interface XlParseError {
  code: XlParseCode;
  line: number;
  start: number;
  end: number;
  message: string;
  endLine?: number;
}

export interface XlFile {
  settings: XlSetting[];
  errors: XlParseError[];
  /** Lines that read as Python (an old xm configuration), first first. */
  pythonLines: Array<{ line: number; start: number; end: number; what: string }>;
}

type TokKind = 'ident' | 'number' | 'string' | ',' | '[' | ']' | '+=' | '=' | ';' | 'nl' | 'bad' | 'eof';
interface Tok {
  kind: TokKind;
  text: string;
  line: number;
  start: number;
  end: number;
  atom?: XlAtom;
  python?: boolean;
  reported?: boolean;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function lex(text: string, errors: XlParseError[]): Tok[] {
  const toks: Tok[] = [];
  let line = 0;
  let lineStart = 0;
  let i = 0;
  let sawCr = false;
  while (i < text.length) {
    const c = text[i];
    const col = i - lineStart;
    if (c === '\n') {
      const at = text[i - 1] === '\r' ? col - 1 : col;
      toks.push({ kind: 'nl', text: c, line, start: at, end: at });
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\r') {
      // xl's lexer rejects a carriage return; editors count it as a line end (alone or before \n).
      if (!sawCr && i !== text.length - 1)
        errors.push({
          code: 'xl/crlf',
          line,
          start: 0,
          end: col,
          message:
            'xl rejects carriage returns (Windows line endings) with a lexical error; save the file with Unix (LF) line endings.',
        });
      sawCr = true;
      i++;
      if (text[i] !== '\n') {
        toks.push({ kind: 'nl', text: c, line, start: col, end: col });
        line++;
        lineStart = i;
      }
      continue;
    }
    if (c === '#') {
      // A comment runs to the newline, carriage returns included. Without a newline after it (the
      // end of the file) xl's lexer cannot take it as a comment: a lone "#" as the very last
      // character is dropped, anything longer is a lexical error.
      const from = { at: i, line, col };
      while (i < text.length && text[i] !== '\n') {
        if (text[i] === '\r' && text[i + 1] !== '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i === text.length && i - from.at > 1)
        errors.push({
          code: 'xl/syntax-error',
          line: from.line,
          start: from.col,
          end: from.line === line ? i - lineStart : from.col + 1,
          message: 'xl cannot read a comment at the end of a file that has no final newline: add a newline after it.',
        });
      continue;
    }
    const ident = /^[a-z][._0-9a-z]*/.exec(text.slice(i, i + 200));
    if (ident) {
      toks.push({ kind: 'ident', text: ident[0], line, start: col, end: col + ident[0].length });
      i += ident[0].length;
      continue;
    }
    const num = /^[0-9][0-9a-fx]*/.exec(text.slice(i, i + 100));
    if (num) {
      const atom: XlAtom = {
        kind: 'number',
        raw: num[0],
        value: num[0],
        line,
        start: col,
        end: col + num[0].length,
        columns: [],
      };
      toks.push({ kind: 'number', text: num[0], line, start: col, end: atom.end, atom });
      i += num[0].length;
      continue;
    }
    if ((c === '"' || c === "'") && i === text.length - 1) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const { tok, next } = lexString(text, i, line, lineStart, errors);
      if (tok) {
        toks.push(tok);
        i = next;
        continue;
      }
      const eol = /[\r\n]/.exec(text.slice(i));
      const stop = eol ? i + eol.index : text.length;
      errors.push({
        code: 'xl/syntax-error',
        line,
        start: col,
        end: stop - lineStart,
        message: `This string has no closing ${c} on its line; xl strings cannot span lines.`,
      });
      toks.push({ kind: 'bad', text: text.slice(i, stop), line, start: col, end: stop - lineStart, reported: true });
      i = stop;
      continue;
    }
    if (c === '+' && text[i + 1] === '=') {
      toks.push({ kind: '+=', text: '+=', line, start: col, end: col + 2 });
      i += 2;
      continue;
    }
    if (',[]=;'.includes(c)) {
      toks.push({ kind: c as TokKind, text: c, line, start: col, end: col + 1 });
      i++;
      continue;
    }
    // Anything else: xl's lexer reports a lexical error up to the next blank, except for a single
    // byte that ends the file (its lexer reaches the end before it reports anything).
    if (i === text.length - 1 && c < '\x80') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && !' \t\n\r'.includes(text[j])) j++;
    // xl itself takes + - . ( ) : as a sign of Python; so are * and Python's True/False/None. A "." or
    // ":" glued to the digits or letters before it is the rest of an unquoted value (10.0.0.17,
    // 00:16:3e:…), not Python, though xl prints its Python warning for it too.
    const word = text.slice(i, j);
    const glued = (c === '.' || c === ':') && i > 0 && /[0-9A-Za-z_]/.test(text[i - 1]);
    toks.push({
      kind: 'bad',
      text: word,
      line,
      start: col,
      end: j - lineStart,
      python: ('+-.():*'.includes(c) && !glued) || /^(True|False|None)\b/.test(word),
    });
    i = j;
  }
  toks.push({ kind: 'eof', text: '', line, start: i - lineStart, end: i - lineStart });
  return toks;
}

/** How many characters C's strtoul(text, &end, 10) reads: blanks, a sign, digits (0 when no digit). */
function decimalPrefix(text: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?[0-9]+/.exec(text);
  return m ? m[0].length : 0;
}

function lexString(
  text: string,
  at: number,
  line: number,
  lineStart: number,
  errors: XlParseError[],
): { tok?: Tok; next: number } {
  const q = text[at];
  let value = '';
  const columns: number[] = [];
  const escErrors: XlParseError[] = [];
  let i = at + 1;
  while (i < text.length && text[i] !== q && text[i] !== '\n' && text[i] !== '\r') {
    const col = i - lineStart;
    if (text[i] === '\\') {
      const n = text[i + 1];
      if (n === undefined || n === '\n' || n === '\r') return { next: i };
      if (ESCAPES[n] !== undefined) {
        value += ESCAPES[n];
        columns.push(col);
        i += 2;
        continue;
      }
      // xl's reader (xlu__cfgl_dequote) takes a numeric escape but never stores its character: "\x"
      // always fails (it skips a digit, then wants more than the two it reads); "\N" (N octal) needs
      // two more characters strtoul reads in base 10 after it, and then the whole escape yields nothing.
      if (n === 'x') {
        escErrors.push({
          code: 'xl/bad-escape',
          line,
          start: col,
          end: col + 2,
          message: 'xl refuses every "\\x" escape in a quoted string: write the character itself.',
        });
        i += 2;
        continue;
      }
      if (/[0-7]/.test(n)) {
        const used = decimalPrefix(text.slice(i + 2, i + 5).split(/[\n]/)[0]);
        if (used < 2) {
          escErrors.push({
            code: 'xl/bad-escape',
            line,
            start: col,
            end: col + 2,
            message: `xl cannot read the escape "\\${n}…": write the character itself.`,
          });
          i += 2;
          continue;
        }
        i += 2 + used;
        continue;
      }
      escErrors.push({
        code: 'xl/bad-escape',
        line,
        start: col,
        end: col + 2,
        message: `xl does not know the escape "\\${n}" in a quoted string; write "\\\\" for a backslash.`,
      });
      value += n;
      columns.push(col);
      i += 2;
      continue;
    }
    value += text[i];
    columns.push(col);
    i++;
  }
  if (text[i] !== q) return { next: i };
  columns.push(i - lineStart);
  append(errors, escErrors);
  const raw = text.slice(at, i + 1);
  const atom: XlAtom = { kind: 'string', raw, value, line, start: at - lineStart, end: i + 1 - lineStart, columns };
  return { tok: { kind: 'string', text: raw, line, start: atom.start, end: atom.end, atom }, next: i + 1 };
}

// `for\s.*\sin\s.*:` is not among these: its two `.*` make it quadratic on `for in in in …`;
// pythonLine below checks that form in linear steps.
const PYTHON_LINE =
  /^\s*(import\s+\w|from\s+\S+\s+import\b|def\s+\w+\s*\(|class\s+\w|if\s.*:\s*$|elif\s|else\s*:|while\s.*:|try\s*:|except\b|return\b|print\s*\()/;

/** PYTHON_LINE, plus `for <target> in <iterable>:` (what /^\s*(for\s.*\sin\s.*:)/ matched on a line). */
function pythonLine(l: string): RegExpExecArray | string[] | null {
  // `return = 1` and the like are xl assignments (any lower-case name is an option name to xl).
  if (/^\s*[a-z][._0-9a-z]*\s*\+?=/.test(l)) return null;
  const m = PYTHON_LINE.exec(l);
  if (m) return m;
  const f = /^\s*for\s/.exec(l);
  if (!f) return null;
  // A whitespace-framed "in" after `for `, then a colon after it (U+2028 and U+2029 are read as
  // any other character: the line has been split already).
  const line = l.slice(f[0].length);
  const inAt = line.search(/\sin\s/);
  if (inAt < 0 || line.indexOf(':', inAt + 4) < 0) return null;
  const whole = f[0] + line.slice(0, line.lastIndexOf(':') + 1);
  return [whole, whole.trimStart()];
}

/** A token as a message names it. */
function shown(t: Tok): string {
  if (t.kind === 'nl') return 'the end of the line';
  if (t.kind === 'eof' || !t.text) return 'the end of the file';
  return `"${t.text}"`;
}

/** A bare word as a value (xl refuses it; kept so the rest of the file can be judged). */
function word(t: Tok, text: string, end: number): XlAtom {
  return {
    kind: 'word',
    raw: text,
    value: text,
    line: t.line,
    start: t.start,
    end,
    columns: [...Array(text.length + 1)].map((_, k) => t.start + k),
  };
}

export function parseXl(text: string): XlFile {
  const errors: XlParseError[] = [];
  const toks = lex(text, errors);
  const settings: XlSetting[] = [];
  const pythonLines: XlFile['pythonLines'] = [];
  const lines = splitLines(text).map((l) => l.text);
  let inBlock = false;
  lines.forEach((l, n) => {
    const m = pythonLine(l);
    const indented = /^[ \t]+\S/.test(l);
    if (m || (inBlock && indented)) {
      pythonLines.push({
        line: n,
        start: l.length - l.trimStart().length,
        end: l.trimEnd().length,
        what: m ? m[1].trim().split(/\s+/)[0].replace(/\(.*/, '') : l.trim().split(/\s+/)[0],
      });
    }
    // The indented lines under `if …:`, `def …:` and the like belong to the Python block.
    if (m && /:\s*$/.test(l)) inBlock = true;
    else if (!indented && l.trim() !== '') inBlock = false;
  });
  let p = 0;
  const peek = () => toks[p];
  const skipLine = () => {
    while (peek().kind !== 'nl' && peek().kind !== 'eof') p++;
  };
  const err = (t: Tok, message: string, code: XlParseCode = 'xl/syntax-error') => {
    if (t.reported) return;
    if (t.kind === 'bad' && t.python) {
      const onLine = pythonLines.some((l) => l.line === t.line);
      const l = lines[t.line] ?? '';
      if (!onLine)
        pythonLines.push({
          line: t.line,
          start: l.length - l.trimStart().length,
          end: l.trimEnd().length,
          what: t.text,
        });
    }
    const end = t.kind === 'nl' || t.kind === 'eof' ? t.start : t.end;
    errors.push({ code, line: t.line, start: t.start, end, message });
  };

  const parseValue = (): XlValue | undefined => {
    const t = peek();
    if (t.kind === 'string' || t.kind === 'number') {
      p++;
      const next = peek();
      if (
        t.kind === 'number' &&
        next.kind === 'bad' &&
        next.line === t.line &&
        next.start === t.end &&
        /^[A-Za-z]/.test(next.text)
      ) {
        err(
          { ...next, start: t.start },
          `xl numbers take no unit: write "${t.text}" alone (sizes are in the unit the option names, usually MiB).`,
        );
        p++;
      }
      // An address written bare (ip = 10.0.0.17, mac = 00:16:3e:…): xl reads the digits, then stops.
      if (
        t.kind === 'number' &&
        next.kind === 'bad' &&
        next.line === t.line &&
        next.start === t.end &&
        /^[.:][^\s'",[\]]*$/.test(next.text)
      ) {
        const whole = t.text + next.text;
        p++;
        next.reported = true;
        errors.push({
          code: 'xl/unquoted-value',
          line: t.line,
          start: t.start,
          end: next.end,
          message: `xl reads only numbers, quoted strings and [ lists ] as values, and stops at "${next.text}": write "${whole}" in quotes.`,
        });
        return word(t, whole, next.end);
      }
      return t.atom;
    }
    if (t.kind === 'ident') {
      p++;
      errors.push({
        code: 'xl/unquoted-value',
        line: t.line,
        start: t.start,
        end: t.end,
        message: `xl reads only numbers, quoted strings and [ lists ] as values: write "${t.text}" in quotes.`,
      });
      return word(t, t.text, t.end);
    }
    if (t.kind === '[') return parseList();
    return undefined;
  };

  const skipNl = () => {
    while (peek().kind === 'nl') p++;
  };
  // A `name =` at the start of a line inside an unclosed list means the list was never closed.
  const looksLikeNewSetting = () => {
    const t = peek();
    const n = toks[p + 1];
    const prev = toks[p - 1];
    return t.kind === 'ident' && (n.kind === '=' || n.kind === '+=') && (!prev || prev.kind === 'nl');
  };

  const parseList = (): XlList => {
    const open = peek();
    p++;
    const list: XlList = {
      kind: 'list',
      items: [],
      line: open.line,
      start: open.start,
      endLine: open.line,
      end: open.end,
    };
    skipNl();
    // After the first mistake in a list the rest of it is read on, but only lexical errors are told
    // (xl's parser, too, gives up on the statement at its first syntax error).
    const first = errors.length;
    const failed = () => errors.length > first;
    for (;;) {
      const t = peek();
      if (t.kind === ']') {
        p++;
        list.endLine = t.line;
        list.end = t.end;
        return list;
      }
      if (t.kind === 'eof' || looksLikeNewSetting()) {
        if (!failed())
          errors.push({
            code: 'xl/syntax-error',
            line: open.line,
            start: open.start,
            end: open.end,
            message: 'This list is never closed with "]".',
          });
        let k = p - 1;
        while (k > 0 && toks[k].kind === 'nl') k--;
        const last = toks[Math.max(0, k)];
        list.endLine = last.line;
        list.end = last.end;
        return list;
      }
      const v = parseValue();
      if (!v) {
        if (t.kind === 'bad') err(t, `xl cannot read "${t.text}" here (lexical error).`);
        else if (!failed()) err(t, `Expected a value in the list, found ${shown(t)}.`);
        p++;
        continue;
      }
      list.items.push(v);
      skipNl();
      const s = peek();
      if (s.kind === ',') {
        p++;
        skipNl();
        continue;
      }
      if (s.kind === ']') continue;
      if (s.kind === 'eof' || looksLikeNewSetting()) continue;
      if (s.kind === 'bad') err(s, `xl cannot read "${s.text}" here (lexical error).`);
      else if (!failed()) err(s, `Expected "," or "]" after a list item, found ${shown(s)}.`);
      if (s.kind !== 'string' && s.kind !== 'number' && s.kind !== '[') p++;
    }
  };

  while (peek().kind !== 'eof') {
    const t = peek();
    if (t.kind === 'nl' || t.kind === ';') {
      p++;
      continue;
    }
    if (t.kind !== 'ident') {
      if (t.kind === 'bad' && /^[A-Z]/.test(t.text) && /^[A-Za-z][._0-9A-Za-z]*$/.test(t.text)) {
        err(t, `xl option names are lower case: xl stops with a lexical error at "${t.text}".`);
      } else {
        err(
          t,
          t.kind === 'bad'
            ? `xl cannot read "${t.text}" (lexical error).`
            : `Expected an option name, found "${t.text}".`,
        );
      }
      skipLine();
      continue;
    }
    p++;
    const op = peek();
    if (op.kind !== '=' && op.kind !== '+=') {
      err(
        op,
        op.kind === 'nl' || op.kind === 'eof'
          ? `Expected "=" after "${t.text}".`
          : `Expected "=" after "${t.text}", found "${op.text}".`,
      );
      skipLine();
      continue;
    }
    p++;
    const setting: XlSetting = {
      key: t.text,
      line: t.line,
      start: t.start,
      end: t.end,
      op: op.kind,
      endLine: op.line,
      endCol: op.end,
    };
    const v = parseValue();
    if (!v) {
      const b = peek();
      err(
        b,
        b.kind === 'nl' || b.kind === 'eof' || b.kind === ';'
          ? `"${t.text}" has no value.`
          : b.kind === 'bad'
            ? `xl cannot read "${b.text}" as a value (lexical error).`
            : `Expected a value after "${op.text}", found "${b.text}".`,
      );
      settings.push(setting);
      skipLine();
      continue;
    }
    setting.value = v;
    setting.endLine = v.kind === 'list' ? v.endLine : v.line;
    setting.endCol = v.end;
    settings.push(setting);
    const e = peek();
    if (e.kind !== 'nl' && e.kind !== ';' && e.kind !== 'eof' && toks[p - 1].kind !== 'nl') {
      err(
        e,
        e.kind === 'bad'
          ? `xl cannot read "${e.text}" (lexical error).`
          : `Expected the end of the line after the value of "${t.text}", found "${e.text}".`,
      );
      skipLine();
    }
  }
  pythonLines.sort((a, b) => a.line - b.line);
  return { settings, errors, pythonLines };
}
