// Tokenizer for GRUB 2's shell-like script language (grub.cfg), after grub-core/script/yylex.l:
// blanks separate words; `'…'` quotes everything, `"…"` keeps `\` escapes of `$ " \` and newline
// and `$var` expansions; `\` escapes one character outside quotes (`\` + newline joins lines);
// `$name`, `${name}`, `$1`, `$?` … are variables; `{ } ; | & < >` and newlines are tokens of
// their own; `#` at the start of a word comments out the rest of the line. Never throws.

export interface G2Word {
  kind: 'word';
  /** Source text, quotes included. */
  raw: string;
  /** The word after quote removal, with variable references kept as written (`${xen_rm_opts}`). */
  value: string;
  /** Document offset of each `value` character, and `cols[value.length]` = end offset. */
  offsets: number[];
  start: number;
  end: number;
  /** True when part of the word is a variable reference outside single quotes (its value is opaque). */
  hasVar: boolean;
  /** Names of the variables referenced. */
  vars: string[];
  quoted: boolean;
}

export interface G2Op {
  kind: 'op';
  op: string;
  start: number;
  end: number;
}
export interface G2Newline {
  kind: 'newline';
  start: number;
  end: number;
}
export interface G2Comment {
  kind: 'comment';
  text: string;
  start: number;
  end: number;
}
export type G2Token = G2Word | G2Op | G2Newline | G2Comment;

export interface G2LexError {
  message: string;
  start: number;
  end: number;
}

const WORD_STOP = new Set(['{', '}', '|', '&', ';', '<', '>', ' ', '\t', '\n', '\r']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const CONTINUED_AT_END = 'The line is continued with "\\" but the file ends here; GRUB reports a syntax error.';
const BAD_DOLLAR =
  'GRUB reads "$" only before a variable ($name, ${name}, $1, $?, $#, $*, $@); anything else is a syntax error. Write "\\$" or quote it with \'…\' for a dollar sign.';

export function lexGrub2(text: string): { tokens: G2Token[]; errors: G2LexError[] } {
  const tokens: G2Token[] = [];
  const errors: G2LexError[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      const len = c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      tokens.push({ kind: 'newline', start: i, end: i + len });
      i += len;
      continue;
    }
    if (c === '#') {
      let j = i;
      while (j < n && text[j] !== '\n' && text[j] !== '\r') j++;
      tokens.push({ kind: 'comment', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    // "\" + newline where a word could start begins a word (GRUB's lexer reads it as an escape),
    // an empty one unless more follows at once; the parser drops such words from commands.
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      tokens.push({ kind: 'op', op: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (WORD_STOP.has(c)) {
      tokens.push({ kind: 'op', op: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    // A word.
    const start = i;
    let value = '';
    const offsets: number[] = [];
    const vars: string[] = [];
    let hasVar = false;
    let quoted = false;
    const push = (s: string, at: number) => {
      for (let k = 0; k < s.length; k++) {
        value += s[k];
        offsets.push(at + k);
      }
    };
    const readVar = (): boolean => {
      // At text[i] === '$'. Variable references stay in the value as written.
      const vStart = i;
      if (text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        if (close < 0) return false;
        const name = text.slice(i + 2, close);
        // GRUB's lexer knows only ${name}, ${1} and ${?} ${#} ${*} ${@}: no ${a:-b}, no blanks.
        if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#*@])$/.test(name)) return false;
        vars.push(name);
        push(text.slice(vStart, close + 1), vStart);
        i = close + 1;
      } else if (text[i + 1] !== undefined && NAME_START.test(text[i + 1])) {
        let j = i + 2;
        while (j < n && NAME_CHAR.test(text[j])) j++;
        vars.push(text.slice(i + 1, j));
        push(text.slice(vStart, j), vStart);
        i = j;
      } else if (text[i + 1] !== undefined && /[0-9?#*@]/.test(text[i + 1])) {
        let j = i + 2;
        if (/[0-9]/.test(text[i + 1])) while (j < n && /[0-9]/.test(text[j])) j++;
        vars.push(text.slice(i + 1, j));
        push(text.slice(vStart, j), vStart);
        i = j;
      } else {
        return false;
      }
      hasVar = true;
      return true;
    };
    while (i < n && !WORD_STOP.has(text[i])) {
      const ch = text[i];
      if (ch === '\\') {
        if (i + 1 >= n) {
          errors.push({ message: CONTINUED_AT_END, start: i, end: i + 1 });
          i++;
          break;
        }
        if (text[i + 1] === '\n') {
          if (i + 2 >= n) errors.push({ message: CONTINUED_AT_END, start: i, end: i + 1 });
          i += 2;
          continue;
        }
        if (text[i + 1] === '\r') {
          i += text[i + 2] === '\n' ? 3 : 2;
          if (i >= n) errors.push({ message: CONTINUED_AT_END, start: i - 2, end: i - 1 });
          continue;
        }
        push(text[i + 1], i + 1);
        i += 2;
      } else if (ch === "'") {
        quoted = true;
        const close = text.indexOf("'", i + 1);
        if (close < 0) {
          errors.push({
            message: 'This single quote is never closed, so GRUB reads the rest of the file as one word.',
            start: i,
            end: i + 1,
          });
          push(text.slice(i + 1), i + 1);
          i = n;
          break;
        }
        push(text.slice(i + 1, close), i + 1);
        i = close + 1;
      } else if (ch === '"' || (ch === '$' && text[i + 1] === '"')) {
        quoted = true;
        const open = i;
        i += ch === '$' ? 2 : 1;
        let closed = false;
        while (i < n) {
          const d = text[i];
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < n) {
            const e = text[i + 1];
            if (e === '\n') {
              i += 2;
              continue;
            }
            if (e === '$' || e === '"' || e === '\\') {
              push(e, i + 1);
              i += 2;
              continue;
            }
            push(d, i);
            i++;
            continue;
          }
          if (d === '$' && readVar()) continue;
          if (d === '$') errors.push({ message: BAD_DOLLAR, start: i, end: i + 1 });
          push(d, i);
          i++;
        }
        if (!closed)
          errors.push({
            message: 'This double quote is never closed, so GRUB reads the rest of the file as one word.',
            start: open,
            end: open + 1,
          });
      } else if (ch === '$') {
        if (!readVar()) {
          errors.push({ message: BAD_DOLLAR, start: i, end: i + 1 });
          push('$', i);
          i++;
        }
      } else if (ch === '#' && i === start) {
        break;
      } else {
        push(ch, i);
        i++;
      }
    }
    offsets.push(i);
    const raw = text.slice(start, i);
    // "[[" and "]]" are tokens of GRUB's lexer that no rule of its grammar accepts.
    if (raw === '[[' || raw === ']]')
      errors.push({
        message: `GRUB reads a bare "${raw}" as a reserved token and reports a syntax error; quote it.`,
        start,
        end: i,
      });
    tokens.push({ kind: 'word', raw, value, offsets, start, end: i, hasVar, vars, quoted });
  }
  return { tokens, errors };
}
