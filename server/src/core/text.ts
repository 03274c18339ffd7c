// Line access over a document's text with offsets, without allocating per keystroke more than needed.
import type { Position, Range } from './types';

export interface Line {
  /** 0-based line number. */
  line: number;
  /** Offset of the line's first character in the document. */
  offset: number;
  /** The line's text without its end-of-line characters. */
  text: string;
}

/** Splits text into lines; accepts \n, \r\n and lone \r as line ends, like LSP does. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ line: n++, offset: start, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ line: n, offset: start, text: text.slice(start) });
  return lines;
}

export function range(line: number, startCol: number, endCol: number, endLine = line): Range {
  return { start: { line, character: startCol }, end: { line: endLine, character: endCol } };
}

export function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** Levenshtein distance with an early cut-off, for did-you-mean suggestions. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidates to `word`, nearest first; empty when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  const scored: Array<[number, string]> = [];
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, limit).map((s) => s[1]);
}

/**
 * The run of characters at the end of `s` that `inRun` accepts, found from the end: linear, where a
 * regular expression like /\S*$/ retries from every start and takes quadratic time on a long line.
 */
export function tailWhile(s: string, inRun: (c: string) => boolean): string {
  let i = s.length;
  while (i > 0 && inRun(s[i - 1])) i--;
  return s.slice(i);
}

/** Whether a character is white space as /\s/ reads it. */
export const isSpace = (c: string): boolean => c.trim() === '';

/** `s` without its trailing line ends (\r, \n), in linear time. */
export function trimLineEnds(s: string): string {
  let i = s.length;
  while (i > 0 && (s.charCodeAt(i - 1) === 10 || s.charCodeAt(i - 1) === 13)) i--;
  return s.slice(0, i);
}

/**
 * Appends `items` to `out`. `out.push(...items)` passes every item as an argument and throws
 * "Maximum call stack size exceeded" past some 100,000 items, which an input can reach.
 */
export function append<T>(out: T[], items: readonly T[]): T[] {
  for (const x of items) out.push(x);
  return out;
}
