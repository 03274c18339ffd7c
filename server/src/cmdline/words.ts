// Splits a command line into words the way boot-time parsers do: blanks separate words, double
// quotes group blanks into a word (and are not part of the value), `name=value` splits at the
// first `=`. Engines refine this (Xen and Linux differ in details) but share the word shape.

export interface Word {
  /** Offsets of the whole word in the segment text (quotes included). */
  start: number;
  end: number;
  /** The word with quotes removed. */
  raw: string;
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Undefined when the word has no `=`. Quotes removed. */
  value?: string;
  valueStart?: number;
  valueEnd?: number;
}

export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let inQuote = false;
    let raw = '';
    let eq = -1; // offset in text of the first '=' outside the name
    let eqRaw = -1;
    while (i < n && (inQuote || !isBlank(text.charCodeAt(i)))) {
      const ch = text[i];
      if (ch === '"') inQuote = !inQuote;
      else {
        if (ch === '=' && eq < 0) { eq = i; eqRaw = raw.length; }
        raw += ch;
      }
      i++;
    }
    const end = i;
    if (eq < 0) {
      words.push({ start, end, raw, name: raw, nameStart: start + (text[start] === '"' ? 1 : 0), nameEnd: end - (text[end - 1] === '"' && end - 1 > start ? 1 : 0) });
    } else {
      let valueStart = eq + 1;
      if (text[valueStart] === '"') valueStart++;
      let valueEnd = end;
      if (text[end - 1] === '"' && end - 1 >= valueStart) valueEnd = end - 1;
      words.push({
        start, end, raw,
        name: raw.slice(0, eqRaw),
        nameStart: start + (text[start] === '"' ? 1 : 0),
        nameEnd: eq,
        value: raw.slice(eqRaw + 1),
        valueStart, valueEnd,
      });
    }
  }
  return words;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The word whose span contains `offset` (end inclusive, so a cursor right after a word finds it). */
export function wordAt(words: Word[], offset: number): Word | undefined {
  return words.find((w) => offset >= w.start && offset <= w.end);
}
