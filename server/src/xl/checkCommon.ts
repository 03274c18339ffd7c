// What the xl checks share (check.ts, checkFile.ts): making a finding with its code's severity,
// the ranges of settings and values, quoting a replacement, naming the release judged against.
import type { Diagnostic, Range, Severity } from '../core/types';
import type { CodeTable } from '../core/codes';
import { xlCodes } from './codes';
import { range } from '../core/text';
import type { XlAtom, XlSetting, XlValue } from './parse';

export function diag(code: string, r: Range, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  const severity: Severity = (xlCodes as CodeTable)[code]?.severity ?? 'error';
  return { range: r, severity, code, message, ...extra };
}

export const keyRange = (s: XlSetting) => range(s.line, s.start, s.end);
export const valueRange = (v: XlValue): Range =>
  v.kind === 'list' ? range(v.line, v.start, v.end, v.endLine) : range(v.line, v.start, v.end);
export const settingRange = (s: XlSetting) => range(s.line, s.start, s.endCol, s.endLine);
export const quote = (a: XlAtom, text: string) => (a.kind === 'string' ? `${a.raw[0]}${text}${a.raw[0]}` : `"${text}"`);

/** How a message names the release it judged against: the one set, or the one assumed and why. */
export function against(a: { release: string; releaseSource: string; exact: boolean }): string {
  return a.exact ? `checking against Xen ${a.release}` : `assuming Xen ${a.release}: ${a.releaseSource}`;
}

/** Findings that concern only the releases in these ranges (when the release is assumed). */
export const relevantWhere = new WeakMap<Diagnostic, string>();
