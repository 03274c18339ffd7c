// GRUB legacy (0.97) menu files, read the way 0.97 reads them: leading blanks skipped, `#` starts a
// comment only as the first non-blank character, a command name ends at a blank or `=`, a `\` at
// the end of a line joins the next one, `title` starts an entry that runs until the next `title`.
// Never throws.
import { splitLines } from '../core/text';

export interface LegacyCommand {
  line: number;
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The argument text (after the separator), and where it starts on the line. */
  args: string;
  argsStart: number;
  /** Whether the name was ended by `=` rather than a blank (GRUB accepts both). */
  equalsSeparator: boolean;
  /** The arguments split at blanks (GRUB legacy has no quoting), with line columns. */
  words: LegacyWord[];
}

export interface LegacyWord {
  text: string;
  start: number;
  end: number;
}

/** Splits `text` at blanks; columns are `base` plus the offset in `text`. */
export function splitLegacyWords(text: string, base: number): LegacyWord[] {
  const out: LegacyWord[] = [];
  const re = /[^ \t]+/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push({ text: m[0], start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

export interface LegacyEntry {
  title: LegacyCommand;
  commands: LegacyCommand[];
  /** Last line that belongs to the entry (before the next `title` or the end), trailing blanks excluded. */
  endLine: number;
}

export interface LegacyMenu {
  globals: LegacyCommand[];
  entries: LegacyEntry[];
  lineCount: number;
}

export function parseLegacyMenu(text: string): LegacyMenu {
  const menu: LegacyMenu = { globals: [], entries: [], lineCount: 0 };
  const lines = splitLines(text);
  menu.lineCount = lines.length;
  let current: LegacyEntry | undefined;
  let continued = false;
  for (const { line, text: raw } of lines) {
    // GRUB turns a backslash before the end of the line into a blank and reads on: the next line
    // belongs to this one (only its first line is checked here).
    const wasContinued = continued;
    continued = raw.endsWith('\\');
    if (wasContinued) {
      if (current && current.commands.length) current.endLine = line;
      continue;
    }
    const t = continued ? raw.slice(0, -1) : raw;
    let i = 0;
    while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
    if (i >= t.length || t[i] === '#') continue;
    const nameStart = i;
    while (i < t.length && t[i] !== ' ' && t[i] !== '\t' && t[i] !== '=') i++;
    const nameEnd = i;
    const equalsSeparator = t[i] === '=';
    // GRUB's skip_to() skips the whole run of blanks and `=` after the name.
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '=')) i++;
    let argsEnd = t.length;
    while (argsEnd > i && (t[argsEnd - 1] === ' ' || t[argsEnd - 1] === '\t')) argsEnd--;
    const cmd: LegacyCommand = {
      line,
      name: t.slice(nameStart, nameEnd),
      nameStart,
      nameEnd,
      args: t.slice(i, argsEnd),
      argsStart: i,
      equalsSeparator,
      words: splitLegacyWords(t.slice(i, argsEnd), i),
    };
    if (cmd.name === 'title') {
      current = { title: cmd, commands: [], endLine: line };
      menu.entries.push(current);
    } else if (current) {
      current.commands.push(cmd);
      current.endLine = line;
    } else {
      menu.globals.push(cmd);
    }
  }
  return menu;
}
