// What xl reads for each option (libxlutil's xlu_cfg_get_string/_get_list/_get_long): the last
// assignment, joined with the earlier ones by `+=`, and numbers read as C's strtol(…, 0) reads them.
import type { XlFile, XlSetting, XlValue } from './parse';

export type XlRead =
  | { kind: 'string'; value: string; setting: XlSetting }
  /** A list's items; a nested list is no string, and xl gets nothing for it (undefined). */
  | { kind: 'list'; items: Array<string | undefined>; setting: XlSetting };

/** The value of each option as xl reads it, and the first `+=` that joins a list to a string (xl refuses the file). */
export function readValues(file: XlFile): { values: Map<string, XlRead>; mismatch?: XlSetting } {
  const values = new Map<string, XlRead>();
  let mismatch: XlSetting | undefined;
  for (const s of file.settings) {
    if (!s.value) continue;
    const own = readOne(s.value, s);
    const prev = s.op === '+=' ? values.get(s.key) : undefined;
    if (prev && prev.kind !== own.kind) {
      mismatch ??= s;
      continue;
    }
    if (prev?.kind === 'string' && own.kind === 'string') own.value = prev.value + own.value;
    if (prev?.kind === 'list' && own.kind === 'list') own.items = [...prev.items, ...own.items];
    values.set(s.key, own);
  }
  return { values, mismatch };
}

function readOne(v: XlValue, setting: XlSetting): XlRead {
  if (v.kind !== 'list') return { kind: 'string', value: v.value, setting };
  return { kind: 'list', items: v.items.map((i) => (i.kind === 'list' ? undefined : i.value)), setting };
}

const LONG_MAX = 2n ** 63n - 1n;

/**
 * A number as strtol(text, &end, 0) reads it when the whole text is taken (what xl demands): blanks
 * first, a sign, then 0x… hexadecimal, 0… octal or decimal; out of the range of a 64-bit long → undefined.
 */
export function strtolValue(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.exec(text);
  if (!m) return undefined;
  const digits = m[2];
  const n = /^0x/i.test(digits)
    ? BigInt(digits)
    : digits.startsWith('0')
      ? BigInt(`0o${digits.slice(1) || '0'}`)
      : BigInt(digits);
  const v = m[1] === '-' ? -n : n;
  return v > LONG_MAX || v < -LONG_MAX - 1n ? undefined : v;
}

/** The number xl reads from a single value (strtol rules), or undefined when xl would say it is no number. */
export function numericValue(v: XlValue | undefined): number | undefined {
  if (!v || v.kind === 'list') return undefined;
  const n = strtolValue(v.value);
  return n === undefined ? undefined : Number(n);
}

/** Whether xl reads the text as a number (xlu_cfg_get_long succeeds). */
export function isXlNumber(text: string): boolean {
  return strtolValue(text) !== undefined;
}
