/**
 * The text of Kconfig values: which text an int, hex or bool symbol accepts (the kernel's
 * sym_string_valid in scripts/kconfig/symbol.c), numbers read the way libc's strtoll reads them,
 * and how a comparison reads its two sides (expr.c's expr_parse_string). No evaluation here.
 */
import { SymType, Tri } from './model';

export function escapeString(v: string): string {
  return '"' + v.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

export const triStr = (t: Tri): string => (t === 2 ? 'y' : t === 1 ? 'm' : 'n');

export type Kind = 'string' | 'signed' | 'unsigned';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** C strtoll/strtoull-like parse. Returns value, end index and overflow. */
function cparse(s: string, base: number): { v: bigint; end: number; overflow: boolean; digits: number } {
  let i = 0;
  while (i < s.length && /[ \t\n\r\f\v]/.test(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let b = base;
  if (
    (b === 0 || b === 16) &&
    s[i] === '0' &&
    (s[i + 1] === 'x' || s[i + 1] === 'X') &&
    /[0-9a-fA-F]/.test(s[i + 2] ?? '')
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) b = s[i] === '0' ? 8 : 10;
  let v = 0n;
  let digits = 0;
  const start = i;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 36);
    if (Number.isNaN(d) || d >= b) break;
    v = v * BigInt(b) + BigInt(d);
    digits++;
  }
  if (digits === 0) return { v: 0n, end: 0, overflow: false, digits: 0 };
  void start;
  return { v: neg ? -v : v, end: i, overflow: false, digits };
}

export function strtoll(s: string, base: number): bigint {
  const r = cparse(s, base);
  if (r.v > INT64_MAX) return INT64_MAX;
  if (r.v < INT64_MIN) return INT64_MIN;
  return r.v;
}

export function parseForCompare(s: string, type: SymType): [Kind, bigint] {
  if (type === 'bool' || type === 'tristate') {
    return ['signed', s === 'n' ? 0n : s === 'm' ? 1n : s === 'y' ? 2n : -1n];
  }
  const base = type === 'int' ? 10 : type === 'hex' ? 16 : 0;
  const r = cparse(s, base);
  let kind: Kind = type === 'hex' ? 'unsigned' : 'signed';
  let v = r.v;
  let overflow = false;
  if (kind === 'unsigned') {
    if (v > (1n << 64n) - 1n || v < -((1n << 64n) - 1n)) overflow = true;
    v = BigInt.asUintN(64, v);
  } else if (v > INT64_MAX || v < INT64_MIN) overflow = true;
  const ok = !overflow && r.digits > 0 && r.end === s.length && /[0-9a-fA-F]/.test(s[r.end - 1] ?? '');
  if (!ok) kind = 'string';
  return [kind, v];
}

/** sym_string_valid for int/hex. */
export function stringValid(type: SymType, str: string): boolean {
  if (type === 'int') return /^-?(0|[1-9][0-9]*)$/.test(str);
  if (type === 'hex') return /^(0[xX])?[0-9a-fA-F]+$/.test(str);
  if (type === 'string') return true;
  if (type === 'bool' || type === 'tristate') return /^[yYmMnN]/.test(str);
  return false;
}
