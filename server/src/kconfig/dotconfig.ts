/** Reading the lines of a .config / defconfig / config fragment like conf_read_simple. */
import type { KconfigSemantics } from './parseOptions';

export interface ConfigLine {
  /** 0-based line number. */
  line: number;
  kind: 'set' | 'unset' | 'other' | 'junk';
  /** Symbol name without CONFIG_. */
  name?: string;
  /** Raw value text after '=' ('n' for "is not set"). */
  raw?: string;
  /** Columns of the whole assignment and of the name (0-based, end exclusive). */
  startCol: number;
  endCol: number;
  nameStart?: number;
  nameEnd?: number;
  valueStart?: number;
  text: string;
}

const PREFIX = 'CONFIG_';

/** Whether `# CONFIG_X is not set` must be written exactly: MODERN conf only (see KconfigSemantics). */
export function strictUnset(semantics: KconfigSemantics): boolean {
  return semantics === 'modern';
}

/**
 * Split a config text into classified lines. `strictUnset` follows newer
 * kernels (the line must be exactly "# CONFIG_X is not set").
 */
export function readConfigLines(text: string, strictUnset = true, includeOther = false): ConfigLine[] {
  const out: ConfigLine[] = [];
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const l = text.slice(pos, end);
    const cl = classifyLine(l, lineNo, strictUnset);
    if (cl.kind !== 'other' || includeOther) out.push(cl);
    pos = eol + 1;
    lineNo++;
  }
  return out;
}

/** Classify one line (without its newline). */
export function classifyLine(l: string, line: number, strictUnset = true): ConfigLine {
  const len = l.length;
  if (len === 0) return { line, kind: 'other', startCol: 0, endCol: 0, text: l };
  if (l.charCodeAt(0) === 35 /* # */) {
    if (l.charCodeAt(1) === 32 && l.startsWith(PREFIX, 2)) {
      const sp = l.indexOf(' ', 2 + PREFIX.length);
      if (sp > 0) {
        const ok = strictUnset ? l.length === sp + 11 && l.endsWith('is not set') : l.startsWith('is not set', sp + 1);
        if (ok) {
          return {
            line,
            kind: 'unset',
            name: l.slice(2 + PREFIX.length, sp),
            raw: 'n',
            startCol: 0,
            endCol: len,
            text: l,
            nameStart: 2 + PREFIX.length,
            nameEnd: sp,
            valueStart: sp + 1,
          };
        }
      }
    }
    return { line, kind: 'other', startCol: 0, endCol: len, text: l };
  }
  if (l.startsWith(PREFIX)) {
    const eq = l.indexOf('=', PREFIX.length);
    if (eq > 0) {
      return {
        line,
        kind: 'set',
        name: l.slice(PREFIX.length, eq),
        raw: l.slice(eq + 1),
        startCol: 0,
        endCol: len,
        text: l,
        nameStart: PREFIX.length,
        nameEnd: eq,
        valueStart: eq + 1,
      };
    }
  }
  return { line, kind: 'junk', startCol: 0, endCol: len, text: l };
}
