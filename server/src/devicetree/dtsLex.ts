// Device tree source lexer, after dtc's dtc-lexer.l: words, labels, `&` references, strings and
// character literals, `/directives/`, punctuation; comments and preprocessor lines are recorded on
// the file (DtsFile) and left out of the tokens. Used by dtsParse.ts.
import type { DtString } from './tree';
import type { DtsFile } from './dtsParse';

export type TokKind = 'word' | 'label' | 'ref' | 'string' | 'char' | 'directive' | 'punct' | 'eof';
export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  str?: DtString;
}

const CPP = new Set([
  'include',
  'define',
  'undef',
  'if',
  'ifdef',
  'ifndef',
  'elif',
  'else',
  'endif',
  'error',
  'warning',
  'pragma',
  'line',
]);
const NAME_CHAR = /[A-Za-z0-9,._+*#?@-]/;
const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESC: Record<string, string> = {
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Decodes a C-like quoted string starting at `text[start] === '"'`. */
export function readQuoted(text: string, start: number): { str: DtString; closed: boolean } {
  let i = start + 1;
  let out = '';
  const offsets: number[] = [];
  while (i < text.length && text[i] !== '"') {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const d = text[i + 1];
      if (d >= '0' && d <= '7') {
        let j = i + 1;
        while (j < text.length && j < i + 4 && text[j] >= '0' && text[j] <= '7') j++;
        offsets.push(i);
        out += String.fromCharCode(parseInt(text.slice(i + 1, j), 8) & 0xff);
        i = j;
        continue;
      }
      if (d === 'x') {
        let j = i + 2;
        while (j < text.length && j < i + 4 && /[0-9A-Fa-f]/.test(text[j])) j++;
        offsets.push(i);
        out += j > i + 2 ? String.fromCharCode(parseInt(text.slice(i + 2, j), 16)) : 'x';
        i = j;
        continue;
      }
      offsets.push(i);
      out += ESC[d] ?? d;
      i += 2;
      continue;
    }
    offsets.push(i);
    out += c;
    i++;
  }
  const closed = i < text.length;
  offsets.push(i);
  return { str: { kind: 'string', text: out, offsets, start, end: closed ? i + 1 : i }, closed };
}

// long: one scanner loop with a branch per kind of token, as dtc-lexer.l has one rule per kind
export function tokenize(text: string, f: DtsFile): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      if (e < 0)
        f.problems.push({
          start: i,
          end: i + 2,
          message: 'This comment is never closed with */, so the rest of the file is part of it.',
        });
      f.comments.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      f.comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (c === '#' && lineStart) {
      const m = /^#[ \t]*([a-z]+)/.exec(text.slice(i, i + 40));
      if (m && CPP.has(m[1])) {
        let e = i;
        for (;;) {
          let nl = text.indexOf('\n', e);
          if (nl < 0) nl = n;
          const lineEnd = text[nl - 1] === '\r' ? nl - 1 : nl;
          if (text[lineEnd - 1] === '\\' && nl < n) {
            e = nl + 1;
            continue;
          }
          e = lineEnd;
          break;
        }
        if (m[1] === 'include') {
          const q = /^#[ \t]*include[ \t]*([<"])([^>"\n]*)[>"]?/.exec(text.slice(i, e));
          f.includes.push({ start: i, end: e, file: q ? q[2] : '', how: '#include' });
        } else f.preprocessor.push({ start: i, end: e });
        i = e;
        continue;
      }
    }
    lineStart = false;
    if (c === '"') {
      const { str, closed } = readQuoted(text, i);
      if (!closed) f.problems.push({ start: i, end: str.end, message: 'This string has no closing quote.' });
      toks.push({ kind: 'string', text: str.text, start: i, end: str.end, str });
      i = str.end;
      continue;
    }
    if (c === "'") {
      const e = text[i + 1] === '\\' ? i + 3 : i + 2;
      const ok = text[e] === "'";
      if (!ok)
        f.problems.push({
          start: i,
          end: Math.min(n, e),
          message: 'A character literal is one character between single quotes.',
        });
      toks.push({ kind: 'char', text: text.slice(i, Math.min(n, e + 1)), start: i, end: Math.min(n, ok ? e + 1 : e) });
      i = Math.min(n, ok ? e + 1 : e);
      continue;
    }
    if (c === '/') {
      const m = /^\/([a-z][a-z0-9-]*)\//.exec(text.slice(i, i + 40));
      if (m) {
        toks.push({ kind: 'directive', text: m[1], start: i, end: i + m[0].length });
        i += m[0].length;
        continue;
      }
    }
    if (c === '&') {
      if (text[i + 1] === '{') {
        let e = text.indexOf('}', i + 2);
        if (e < 0 || text.slice(i, e).includes('\n')) {
          f.problems.push({ start: i, end: i + 2, message: 'A path reference &{…} needs its closing }.' });
          e = i + 1;
        }
        toks.push({ kind: 'ref', text: text.slice(i + 2, e), start: i, end: e + 1 });
        i = e + 1;
        continue;
      }
      let e = i + 1;
      while (e < n && /[A-Za-z0-9_]/.test(text[e])) e++;
      toks.push({ kind: 'ref', text: text.slice(i + 1, e), start: i, end: e });
      i = Math.max(e, i + 1);
      continue;
    }
    if (c === ',' && !NAME_CHAR.test(text[i + 1] ?? '')) {
      toks.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (NAME_CHAR.test(c)) {
      let e = i;
      while (e < n && NAME_CHAR.test(text[e])) e++;
      const w = text.slice(i, e);
      if (text[e] === ':' && LABEL.test(w)) {
        toks.push({ kind: 'label', text: w, start: i, end: e + 1 });
        i = e + 1;
        continue;
      }
      toks.push({ kind: 'word', text: w, start: i, end: e });
      i = e;
      continue;
    }
    toks.push({ kind: 'punct', text: c, start: i, end: i + 1 });
    i++;
  }
  toks.push({ kind: 'eof', text: '', start: n, end: n });
  return toks;
}

export function parseNumber(w: string): bigint | undefined {
  const m = /^(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)(?:[uU]?[lL]{0,2}|[lL]{1,2}[uU]?)$/.exec(w);
  if (!m) return undefined;
  const s = m[1];
  try {
    if (/^0[xX]/.test(s)) return BigInt(s);
    if (s.length > 1 && s[0] === '0') return BigInt(`0o${s.slice(1)}`);
    return BigInt(s);
  } catch {
    return undefined;
  }
}
