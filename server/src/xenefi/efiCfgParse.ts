// Xen's EFI configuration file (xen.cfg beside xen.efi), read the way Xen's EFI loader reads it
// (xen/common/efi/boot.c, pre_parse and get_value, the same in every release 4.2–4.22):
// - every control character (newline, carriage return, but also a tab) ends a line;
// - blanks at the start of a line are dropped; `;` at the start of a line, or `#` anywhere, starts
//   a comment that runs to the next control character;
// - `[name]` starts a section (text after `]` is not read); `key=value` sets a key, the key
//   compared exactly (no blanks before `=`), blanks after `=` dropped, the rest kept as it is;
// - a last line without a newline is not read.
// Never throws.

export interface EfiSetting {
  key: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** The value as Xen reads it: blanks after `=` dropped, trailing blanks kept. */
  value: string;
  valueStart: number;
  /** The section the line stands in; undefined before the first section header. */
  section?: EfiSection;
}

export interface EfiSection {
  /** The name Xen compares `default=` with (the text between `[` and `]`). */
  name: string;
  line: number;
  nameStart: number;
  nameEnd: number;
  /** False when the header has no `]`: no section name can match it. */
  closed: boolean;
  /** Last line that belongs to the section (before the next header). */
  endLine: number;
  settings: EfiSetting[];
}

export interface EfiProblem {
  line: number;
  start: number;
  end: number;
  kind: 'malformed' | 'blank-before-equals' | 'tab-split' | 'no-final-newline' | 'header-text';
  message: string;
}

export interface EfiCfg {
  sections: EfiSection[];
  /** Settings before the first section header. */
  preamble: EfiSetting[];
  /** Every setting in file order. */
  settings: EfiSetting[];
  problems: EfiProblem[];
  lineCount: number;
}

const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;

interface Logical {
  line: number;
  start: number;
  text: string;
  afterTab?: number;
}

/** Splits the text into the lines Xen reads, with their document positions. */
function logicalLines(text: string, problems: EfiProblem[]): { lines: Logical[]; lineCount: number } {
  const lines: Logical[] = [];
  let line = 0;
  let col = 0;
  let start = true;
  let comment = false;
  let cur: Logical | undefined;
  // A tab seen on this physical line after text or a comment: what follows it is a line of its own.
  let tabAfterText = -1;
  let seenText = false;
  const finish = () => {
    if (cur) {
      lines.push(cur);
      cur = undefined;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isControl(c)) {
      finish();
      start = true;
      comment = false;
      // Line ends as editors count them: \n, \r\n, and a lone \r.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        col = 0;
        tabAfterText = -1;
        seenText = false;
        continue;
      }
      if (c === 9 && seenText) tabAfterText = col;
      col++;
      continue;
    }
    if (comment) {
      col++;
      continue;
    }
    if (start && c === 32) {
      col++;
      continue;
    }
    if (c === 35 /* # */ || (start && c === 59) /* ; */) {
      finish();
      comment = true;
      seenText = true;
      col++;
      continue;
    }
    if (!cur) {
      cur = { line, start: col, text: '' };
      if (tabAfterText >= 0) cur.afterTab = tabAfterText;
    }
    start = false;
    seenText = true;
    cur.text += text[i];
    col++;
  }
  finish();
  const last = text.length > 0 && text[text.length - 1] !== '\n' && text[text.length - 1] !== '\r';
  if (last) {
    const tail = lines.filter((l) => l.line === line);
    if (tail.length) {
      problems.push({
        line,
        start: 0,
        end: col,
        kind: 'no-final-newline',
        message:
          'The file does not end with a newline: Xen does not read its last line ("No newline at end of config file, last line will be ignored"). End the line with a newline.',
      });
      for (const t of tail) lines.splice(lines.indexOf(t), 1);
    }
  }
  return { lines, lineCount: line + 1 };
}

// long: one pass over the lines, a branch per kind of line (section, key, comment), as Xen's reader
export function parseEfiCfg(text: string): EfiCfg {
  const problems: EfiProblem[] = [];
  const sections: EfiSection[] = [];
  const preamble: EfiSetting[] = [];
  const settings: EfiSetting[] = [];
  let lines: Logical[] = [];
  let lineCount = 1;
  try {
    ({ lines, lineCount } = logicalLines(text, problems));
  } catch {
    return { sections, preamble, settings, problems, lineCount };
  }
  let current: EfiSection | undefined;
  for (const l of lines) {
    if (l.afterTab !== undefined) {
      problems.push({
        line: l.line,
        start: l.afterTab,
        end: l.start + l.text.length,
        kind: 'tab-split',
        message: `Xen ends a line at a tab: "${l.text.length > 40 ? `${l.text.slice(0, 40)}…` : l.text}" after it is read as a line of its own, and the text before the tab stops there. Use spaces.`,
      });
    }
    if (l.text.startsWith('[')) {
      if (current) current.endLine = Math.max(current.line, l.line - 1);
      const close = l.text.indexOf(']');
      const name = close < 0 ? l.text.slice(1) : l.text.slice(1, close);
      current = {
        name,
        line: l.line,
        nameStart: l.start + 1,
        nameEnd: l.start + 1 + name.length,
        closed: close >= 0,
        endLine: l.line,
        settings: [],
      };
      sections.push(current);
      if (close < 0) {
        problems.push({
          line: l.line,
          start: l.start,
          end: l.start + l.text.length,
          kind: 'malformed',
          message: `The section header has no closing "]": no name matches it, so nothing in this section is read. Write "[${name.trim() || 'name'}]".`,
        });
      } else if (l.text.slice(close + 1).trim() !== '') {
        problems.push({
          line: l.line,
          start: l.start + close + 1,
          end: l.start + l.text.length,
          kind: 'header-text',
          message: 'Xen does not read text after the "]" of a section header.',
        });
      }
      continue;
    }
    if (current) current.endLine = l.line;
    const eq = l.text.indexOf('=');
    if (eq <= 0) {
      problems.push({
        line: l.line,
        start: l.start,
        end: l.start + l.text.length,
        kind: 'malformed',
        message:
          eq === 0
            ? 'A line starting with "=" names no key; Xen skips it.'
            : 'Xen reads only "[section]" headers and "key=value" lines; it skips this line. Comments start with "#".',
      });
      continue;
    }
    const rawKey = l.text.slice(0, eq);
    const key = rawKey.trimEnd();
    if (key !== rawKey) {
      problems.push({
        line: l.line,
        start: l.start + key.length,
        end: l.start + eq,
        kind: 'blank-before-equals',
        message: `Xen compares the key with the text right before "=", so "${rawKey}" matches no key and the line is not read. Remove the blank before "=".`,
      });
      continue;
    }
    let v = eq + 1;
    while (v < l.text.length && l.text[v] === ' ') v++;
    const s: EfiSetting = {
      key,
      line: l.line,
      keyStart: l.start,
      keyEnd: l.start + key.length,
      value: l.text.slice(v),
      valueStart: l.start + v,
      section: current,
    };
    settings.push(s);
    if (current) current.settings.push(s);
    else preamble.push(s);
  }
  return { sections, preamble, settings, problems, lineCount };
}
