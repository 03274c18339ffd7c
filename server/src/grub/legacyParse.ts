// GRUB legacy (0.97) menu files, read the way 0.97 reads them: leading blanks skipped, `#` starts a
// comment only as the first non-blank character, a command name ends at a blank or `=`, `title`
// starts an entry that runs until the next `title`. Never throws.
import { splitLines } from '../service/text';

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
  for (const { line, text: t } of lines) {
    let i = 0;
    while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
    if (i >= t.length || t[i] === '#') continue;
    const nameStart = i;
    while (i < t.length && t[i] !== ' ' && t[i] !== '\t' && t[i] !== '=') i++;
    const nameEnd = i;
    const equalsSeparator = t[i] === '=';
    // GRUB skips the separator run: blanks, and one `=` among them.
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '=')) {
      i++;
      if (t[i - 1] === '=') { while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++; break; }
    }
    let argsEnd = t.length;
    while (argsEnd > i && (t[argsEnd - 1] === ' ' || t[argsEnd - 1] === '\t')) argsEnd--;
    const cmd: LegacyCommand = {
      line, name: t.slice(nameStart, nameEnd), nameStart, nameEnd,
      args: t.slice(i, argsEnd), argsStart: i, equalsSeparator,
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
