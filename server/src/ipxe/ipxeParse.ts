// iPXE scripts, read the way iPXE reads them: src/image/script.c splits the file into lines at
// "\n" (a trailing "\r" dropped), joins a line ending in "\" with the next one (the backslash
// removed), and takes a line whose first word starts with ":" as a label (the rest of the line is
// still a command); src/core/exec.c splits a command line into words at blanks (no quoting), ends
// it at a word starting with "#" (a comment), and separates commands at the words "||", "&&" and
// ";". Each word has its `${setting}` references expanded on its own, after the split. Never throws.
import type { Position } from '../core/types';

export interface IpxeWord {
  text: string;
  /** Offsets in the logical line's text. */
  start: number;
  end: number;
}

export interface IpxeCommand {
  /** The command's words; words[0] is its name. Never empty. */
  words: IpxeWord[];
  /** The operator before this command on its line ("||", "&&", ";"), if any. */
  after?: '||' | '&&' | ';';
  line: IpxeLine;
}

export interface IpxeLine {
  /** The logical line's text (continuations joined). */
  text: string;
  /** positions[i] is the document position of text[i]; positions[text.length] the line's end. */
  positions: Position[];
  firstLine: number;
  lastLine: number;
  label?: IpxeWord;
  commands: IpxeCommand[];
  /** The comment word (from "#" to the end of the line), if any. */
  comment?: IpxeWord;
}

export interface IpxeScript {
  lines: IpxeLine[];
  commands: IpxeCommand[];
  labels: Map<string, IpxeLine>;
  /** The file starts with the #!ipxe (or #!gpxe) signature iPXE requires of a script. */
  signature: boolean;
}

/** C's isspace in the "C" locale. */
export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

export function hasSignature(text: string): boolean {
  return /^#![ig]pxe[ \t\n\v\f\r]/.test(text);
}

export function parseIpxe(text: string): IpxeScript {
  const script: IpxeScript = { lines: [], commands: [], labels: new Map(), signature: hasSignature(text) };
  const physical = text.split('\n');
  // Document positions follow the editor's lines (which also end at a lone "\r"), not iPXE's.
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  const posAt = (off: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - starts[lo] };
  };
  let n = 0;
  let off = 0;
  while (n < physical.length) {
    let logical = '';
    const positions: Position[] = [];
    const firstLine = posAt(off).line;
    let lastLine = firstLine;
    for (;;) {
      let raw = physical[n] ?? '';
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      const cont = raw.endsWith('\\') && n + 1 < physical.length;
      const body = cont ? raw.slice(0, -1) : raw;
      for (let i = 0; i < body.length; i++) positions.push(posAt(off + i));
      logical += body;
      lastLine = posAt(off).line;
      if (!cont) positions.push(posAt(off + body.length));
      off += (physical[n] ?? '').length + 1;
      n++;
      if (!cont) break;
    }
    const line = readLine(logical, positions, firstLine, lastLine);
    script.lines.push(line);
    if (line.label && !script.labels.has(line.label.text)) script.labels.set(line.label.text, line);
    for (const c of line.commands) script.commands.push(c);
  }
  return script;
}

function readLine(text: string, positions: Position[], firstLine: number, lastLine: number): IpxeLine {
  const line: IpxeLine = { text, positions, firstLine, lastLine, commands: [] };
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  if (text[i] === ':') {
    const start = ++i;
    while (i < text.length && !isSpace(text[i])) i++;
    line.label = { text: text.slice(start, i), start, end: i };
  }
  const words: IpxeWord[] = [];
  while (i < text.length) {
    while (i < text.length && isSpace(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === '#') {
      line.comment = { text: text.slice(start).replace(/[ \t\n\v\f\r]+$/, ''), start, end: text.length };
      break;
    }
    while (i < text.length && !isSpace(text[i])) i++;
    words.push({ text: text.slice(start, i), start, end: i });
  }
  let cur: IpxeWord[] = [];
  let after: IpxeCommand['after'];
  const flush = (next: IpxeCommand['after']) => {
    if (cur.length) line.commands.push({ words: cur, after, line });
    cur = [];
    after = next;
  };
  for (const w of words) {
    if (w.text === '||' || w.text === '&&' || w.text === ';') flush(w.text);
    else cur.push(w);
  }
  flush(undefined);
  return line;
}

/** The names a word reads with `${name}` or `${name:type}` (innermost references, as iPXE expands them). */
export function settingRefs(word: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  const re = /\$\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(word))) {
    const body = m[1];
    if (body.includes('$')) continue;
    const colon = body.indexOf(':');
    out.push({
      name: colon < 0 ? body : body.slice(0, colon),
      start: m.index + 2,
      end: m.index + 2 + (colon < 0 ? body.length : colon),
    });
  }
  return out;
}
