// /etc/default/grub is a POSIX shell script that grub-mkconfig sources. This reads it the way
// /bin/sh would as far as assignments go: words split at unquoted blanks, `'…'` literal, `"…"`
// with `\` escaping `$ \` " \` and newline, `\` escaping one character outside quotes, `$VAR`,
// `${VAR}`, `$(…)` and backquotes kept as opaque expansions, `#` comments at word start, and
// `NAME=VALUE` words before a command (or alone) as assignments. Never throws.

export interface ShellPart {
  /** A literal character run (quotes removed) or an expansion whose value is not known here. */
  kind: 'literal' | 'expansion';
  text: string;
  /** Document offset of each character of `text` (for literals), start and end of the part. */
  offsets: number[];
  start: number;
  end: number;
  /** For `$NAME` / `${NAME}`: the variable. */
  variable?: string;
}

export interface ShellWord {
  raw: string;
  start: number;
  end: number;
  parts: ShellPart[];
  quoted: boolean;
}

export interface ShellAssignment {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The word's parts after `=`. */
  value: ShellPart[];
  valueStart: number;
  valueEnd: number;
  /** The literal value (expansions written as in the source). */
  text: string;
  /** Whether the value mentions the variable itself (`VAR="$VAR more"`: appending). */
  appends: boolean;
  quoted: boolean;
  exported: boolean;
}

export interface ShellCommand {
  words: ShellWord[];
  start: number;
  end: number;
  /** Leading `NAME=VALUE` words. */
  assignments: ShellAssignment[];
  /** Words after the assignments (empty for a plain assignment statement). */
  rest: ShellWord[];
  /** How many `if`/loop/`case` bodies the command is inside (0: always runs). */
  depth: number;
}

export interface ShellError {
  message: string;
  start: number;
  end: number;
}

export interface ShellScript {
  commands: ShellCommand[];
  errors: ShellError[];
  comments: Array<{ start: number; end: number }>;
}

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UNCLOSED_BACKQUOTE =
  'This backquote is never closed: the shell reads to the end of the file and grub-mkconfig fails.';

export function parseShell(text: string): ShellScript {
  const out: ShellScript = { commands: [], errors: [], comments: [] };
  const n = text.length;
  let i = 0;
  let words: ShellWord[] = [];
  let depth = 0;
  const flush = () => {
    // Reserved words at command start separate commands (`if …; then X=1; fi` on one line).
    while (words.length && !words[0].quoted && RESERVED.has(words[0].raw)) {
      const r = words.shift()!.raw;
      if (r === 'if' || r === 'while' || r === 'until' || r === 'for' || r === 'case') depth++;
      else if (r === 'fi' || r === 'done' || r === 'esac') depth = Math.max(0, depth - 1);
    }
    if (words.length) out.commands.push(makeCommand(words, depth));
    words = [];
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      flush();
      i++;
      continue;
    }
    if (c === '#') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      out.comments.push({ start: i, end });
      i = end;
      continue;
    }
    const w = readWord(text, i, out.errors);
    words.push(w);
    i = w.end;
    if (words.length === 1 && !w.quoted && RESERVED.has(w.raw)) flush();
  }
  flush();
  return out;
}

function readWord(text: string, start: number, errors: ShellError[]): ShellWord {
  const n = text.length;
  const parts: ShellPart[] = [];
  let lit: ShellPart | undefined;
  let quoted = false;
  const addChar = (ch: string, at: number) => {
    if (!lit) {
      lit = { kind: 'literal', text: '', offsets: [], start: at, end: at };
      parts.push(lit);
    }
    lit.text += ch;
    lit.offsets.push(at);
    lit.end = at + 1;
  };
  const addExpansion = (s: number, e: number, variable?: string) => {
    lit = undefined;
    parts.push({ kind: 'expansion', text: text.slice(s, e), offsets: [], start: s, end: e, variable });
  };
  const readDollar = (at: number): number => {
    // At `$`: returns the end offset of the expansion, or -1 when `$` is literal.
    const nx = text[at + 1];
    if (nx === '{') {
      const close = text.indexOf('}', at + 2);
      if (close < 0) {
        errors.push({ message: 'This "${" is never closed with "}".', start: at, end: at + 2 });
        return n;
      }
      const inner = text.slice(at + 2, close);
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner);
      addExpansion(at, close + 1, m ? m[0] : undefined);
      return close + 1;
    }
    if (nx === '(') {
      let depth = 0;
      let j = at + 1;
      for (; j < n; j++) {
        const d = text[j];
        if (d === '\\') {
          j++;
          continue;
        }
        if (d === "'") {
          const q = text.indexOf("'", j + 1);
          j = q < 0 ? n : q;
          continue;
        }
        if (d === '"') {
          let q = j + 1;
          while (q < n && text[q] !== '"') q += text[q] === '\\' ? 2 : 1;
          j = q;
          continue;
        }
        if (d === '(') depth++;
        else if (d === ')') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (j >= n) {
        errors.push({ message: 'This "$(" is never closed with ")".', start: at, end: at + 2 });
        addExpansion(at, n);
        return n;
      }
      addExpansion(at, j + 1);
      return j + 1;
    }
    if (nx !== undefined && /[A-Za-z_]/.test(nx)) {
      let j = at + 2;
      while (j < n && /[A-Za-z0-9_]/.test(text[j])) j++;
      addExpansion(at, j, text.slice(at + 1, j));
      return j;
    }
    if (nx !== undefined && /[0-9@*#?$!-]/.test(nx)) {
      addExpansion(at, at + 2);
      return at + 2;
    }
    return -1;
  };
  let i = start;
  while (i < n) {
    const c = text[i];
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '\r' ||
      c === ';' ||
      c === '&' ||
      c === '|' ||
      c === '(' ||
      c === ')'
    )
      break;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) addChar(text[i + 1], i + 1);
      i += 2;
    } else if (c === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      if (close < 0) {
        errors.push({
          message: 'This single quote is never closed: the shell reads to the end of the file and grub-mkconfig fails.',
          start: i,
          end: i + 1,
        });
        for (let k = i + 1; k < n; k++) addChar(text[k], k);
        i = n;
        break;
      }
      for (let k = i + 1; k < close; k++) addChar(text[k], k);
      i = close + 1;
    } else if (c === '"') {
      quoted = true;
      const open = i;
      i++;
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
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            addChar(e, i + 1);
            i += 2;
            continue;
          }
          addChar(d, i);
          i++;
          continue;
        }
        if (d === '$') {
          const e = readDollar(i);
          if (e >= 0) {
            i = e;
            continue;
          }
        }
        if (d === '`') {
          const close = text.indexOf('`', i + 1);
          if (close < 0) errors.push({ message: UNCLOSED_BACKQUOTE, start: i, end: i + 1 });
          const e = close < 0 ? n : close + 1;
          addExpansion(i, e);
          i = e;
          continue;
        }
        addChar(d, i);
        i++;
      }
      if (!closed)
        errors.push({
          message: 'This double quote is never closed: the shell reads to the end of the file and grub-mkconfig fails.',
          start: open,
          end: open + 1,
        });
    } else if (c === '$') {
      const e = readDollar(i);
      if (e >= 0) i = e;
      else {
        addChar('$', i);
        i++;
      }
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) errors.push({ message: UNCLOSED_BACKQUOTE, start: i, end: i + 1 });
      const e = close < 0 ? n : close + 1;
      addExpansion(i, e);
      i = e;
    } else {
      addChar(c, i);
      i++;
    }
  }
  return { raw: text.slice(start, i), start, end: i, parts, quoted };
}

function makeCommand(words: ShellWord[], depth: number): ShellCommand {
  const assignments: ShellAssignment[] = [];
  let k = 0;
  let exported = false;
  if (words[0].raw === 'export' || words[0].raw === 'readonly' || words[0].raw === 'local') {
    exported = words[0].raw === 'export';
    k = 1;
  }
  for (; k < words.length; k++) {
    const a = asAssignment(words[k], exported);
    if (!a) break;
    assignments.push(a);
  }
  const rest = words.slice(k);
  return { words, start: words[0].start, end: words[words.length - 1].end, assignments, rest, depth };
}

function asAssignment(w: ShellWord, exported: boolean): ShellAssignment | undefined {
  const first = w.parts[0];
  if (!first || first.kind !== 'literal') return undefined;
  const eq = first.text.indexOf('=');
  if (eq <= 0) return undefined;
  const name = first.text.slice(0, eq);
  // The name must be written plainly (no quotes): `"A"=1` is a command, not an assignment.
  // (A "\\" + newline inside it is removed before the shell reads the word: `GRUB_DEFA\\⏎ULT=0`.)
  if (
    !NAME.test(name) ||
    first.offsets[0] !== w.start ||
    w.raw.slice(0, first.offsets[eq] + 1 - w.start).replace(/\\\n/g, '') !== `${name}=`
  )
    return undefined;
  const valueParts: ShellPart[] = [];
  if (eq + 1 < first.text.length) {
    valueParts.push({
      kind: 'literal',
      text: first.text.slice(eq + 1),
      offsets: first.offsets.slice(eq + 1),
      start: first.offsets[eq + 1],
      end: first.end,
    });
  }
  valueParts.push(...w.parts.slice(1));
  const text = valueParts.map((p) => p.text).join('');
  return {
    name,
    nameStart: w.start,
    nameEnd: w.start + eq,
    value: valueParts,
    valueStart: w.start + eq + 1,
    valueEnd: w.end,
    text,
    appends: valueParts.some((p) => p.kind === 'expansion' && p.variable === name),
    quoted: w.quoted,
    exported,
  };
}
