// Splits a command line into words the way the Linux kernel's next_arg() (lib/cmdline.c) does,
// which the Xen and Linux engines share for the word shape: blanks (isspace: space, \t, \n, \v,
// \f, \r) separate words; a double quote toggles quoting, and blanks inside quotes belong to the
// word; `name=value` splits at the first `=` that is not the word's first character. Quotes are
// removed only where next_arg removes them: one at the start of the word, one at the start of the
// value, and one at the end of the word (when the word or the value began with one); any other
// quote stays part of the name or value. Checked against the kernel by
// server/test/oracle/linux-cmdline.test.ts.

export interface Word {
  /** Offsets of the whole word in the segment text (quotes included). */
  start: number;
  end: number;
  /** The word as the kernel hands it on (`name` or `name=value`, next_arg's quotes removed). */
  raw: string;
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Undefined when the word has no `=`. Quotes removed as next_arg removes them. */
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
    const quoted = text[start] === '"';
    const p = start + (quoted ? 1 : 0); // next_arg's `args` after an opening quote
    let inQuote = quoted;
    let eq = -1; // the first '=' after p (one at p itself does not count)
    i = p;
    while (i < n && (inQuote || !isBlank(text.charCodeAt(i)))) {
      const ch = text[i];
      if (eq < 0 && ch === '=' && i > p) eq = i;
      if (ch === '"') inQuote = !inQuote;
      i++;
    }
    const end = i;
    const closing = end > p && text[end - 1] === '"'; // a quote ending the word
    if (eq < 0) {
      const nameEnd = quoted && closing ? end - 1 : end;
      const name = text.slice(p, nameEnd);
      words.push({ start, end, raw: name, name, nameStart: p, nameEnd });
    } else {
      let valueStart = eq + 1;
      const valueQuoted = text[valueStart] === '"';
      if (valueQuoted) valueStart++;
      const valueEnd = Math.max(valueStart, (valueQuoted || quoted) && closing ? end - 1 : end);
      const name = text.slice(p, eq);
      const value = text.slice(valueStart, valueEnd);
      words.push({ start, end, raw: `${name}=${value}`, name, nameStart: p, nameEnd: eq, value, valueStart, valueEnd });
    }
  }
  return words;
}

function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The word whose span contains `offset` (end inclusive, so a cursor right after a word finds it). */
export function wordAt(words: Word[], offset: number): Word | undefined {
  return words.find((w) => offset >= w.start && offset <= w.end);
}
