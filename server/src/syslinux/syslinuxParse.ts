// SYSLINUX/EXTLINUX/ISOLINUX/PXELINUX configuration files, read the way SYSLINUX 6's
// parse_config_file (com32/elflink/ldlinux/readconfig.c) reads them: one directive per line, its
// keyword matched without regard to case and followed by a blank or the end of the line; the line
// ends at a carriage return; unknown lines are skipped (that is also what makes `#` lines
// comments). `TEXT HELP` … `ENDTEXT` is free text. Never throws.

export interface SxWord {
  text: string;
  start: number;
  end: number;
}

export interface SxLine {
  line: number;
  /** The keyword as written and lower-cased; `menu label` etc. keep `menu` here and `sub` below. */
  keyword: string;
  key: string;
  keyStart: number;
  keyEnd: number;
  /** `MENU <sub>`: the sub-keyword, lower-cased. */
  sub?: string;
  /** The argument text after the keyword (and the sub-keyword), blanks before it skipped. */
  args: string;
  argsStart: number;
  words: SxWord[];
  /** The LABEL this line belongs to (undefined for global lines). */
  label?: SxLabel;
}

export interface SxLabel {
  name: string;
  line: number;
  nameStart: number;
  nameEnd: number;
  endLine: number;
  lines: SxLine[];
}

export interface SxConfig {
  lines: SxLine[];
  labels: SxLabel[];
  globals: SxLine[];
  /** Lines of TEXT HELP blocks (not directives). */
  textLines: Set<number>;
}

const isBlank = (c: string | undefined): boolean => c !== undefined && c <= ' ';

/** The words of `s` split at blanks (SYSLINUX and COM32 modules split arguments at any blank). */
export function sxWords(s: string, offset: number): SxWord[] {
  const out: SxWord[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isBlank(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !isBlank(s[i])) i++;
    out.push({ text: s.slice(start, i), start: offset + start, end: offset + i });
  }
  return out;
}

export function parseSyslinux(text: string): SxConfig {
  const cfg: SxConfig = { lines: [], labels: [], globals: [], textLines: new Set() };
  let label: SxLabel | undefined;
  let inText = false;
  const physical = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < physical.length; n++) {
    const raw = physical[n];
    let i = 0;
    while (i < raw.length && isBlank(raw[i])) i++;
    if (inText) {
      cfg.textLines.add(n);
      if (/^endtext$/i.test(raw.slice(i).split(/\s/)[0] ?? '')) inText = false;
      continue;
    }
    if (i >= raw.length) continue;
    const keyStart = i;
    while (i < raw.length && !isBlank(raw[i])) i++;
    const key = raw.slice(keyStart, i);
    const keyword = key.toLowerCase();
    let j = i;
    while (j < raw.length && isBlank(raw[j])) j++;
    const l: SxLine = { line: n, keyword, key, keyStart, keyEnd: i, args: raw.slice(j), argsStart: j, words: [] };
    if (keyword === 'menu') {
      let k = j;
      while (k < raw.length && !isBlank(raw[k])) k++;
      l.sub = raw.slice(j, k).toLowerCase();
      let a = k;
      while (a < raw.length && isBlank(raw[a])) a++;
      l.args = raw.slice(a);
      l.argsStart = a;
    }
    l.words = sxWords(l.args, l.argsStart);
    if (keyword === 'text') {
      inText = true;
      cfg.lines.push(l);
      continue;
    }
    if (keyword === 'label') {
      if (label) label.endLine = Math.max(label.line, lastContent(physical, n - 1, label.line));
      const w = l.words[0];
      label = {
        name: w?.text ?? '',
        line: n,
        nameStart: w?.start ?? l.keyEnd,
        nameEnd: w?.end ?? l.keyEnd,
        endLine: n,
        lines: [],
      };
      cfg.labels.push(label);
      l.label = label;
      cfg.lines.push(l);
      continue;
    }
    // MENU BEGIN/END open and close submenus: what follows END is no longer the label's.
    if (keyword === 'menu' && (l.sub === 'begin' || l.sub === 'end') && label) {
      label.endLine = Math.max(label.line, lastContent(physical, n - 1, label.line));
      label = undefined;
    }
    l.label = label;
    if (label) {
      label.lines.push(l);
      label.endLine = n;
    } else cfg.globals.push(l);
    cfg.lines.push(l);
  }
  return cfg;
}

function lastContent(lines: string[], from: number, floor: number): number {
  let n = from;
  while (n > floor && (lines[n] ?? '').trim() === '') n--;
  return n;
}
