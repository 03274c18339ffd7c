// Helpers for the xl tests: the example configurations, and seeded mistakes whose expected range
// is marked in the text with «…».
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Range, Settings } from '../src/core/types';
import { doc, service } from './helpers';

export const EXAMPLES = path.resolve(__dirname, '../../examples/xen');

export function example(name: string): string {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}

/** Replaces `find` in `base` (which must occur) with `replacement`; «…» in it marks the expected range. */
export function seeded(base: string, find: string | RegExp, replacement: string): { text: string; range?: Range } {
  const probe = typeof find === 'string' ? base.includes(find) : find.test(base);
  if (!probe) throw new Error(`fixture does not contain ${String(find)}`);
  const marked = base.replace(find, replacement);
  const open = marked.indexOf('«');
  if (open < 0) return { text: marked };
  const without = marked.replace('«', '');
  const close = without.indexOf('»');
  const text = without.replace('»', '');
  const pos = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { text, range: { start: pos(open), end: pos(close) } };
}

let n = 0;
/** Diagnoses `text` as the file `name` (in a fresh folder each time: the service caches by URI). */
export function diagnoseXl(text: string, settings?: Settings, name = 'guest.cfg'): Diagnostic[] {
  return service(settings).diagnose(doc(text, 'xl-cfg', `file:///etc/xen/t${n++}/${name}`));
}

/** The diagnostics as [code, "line:col-line:col"] pairs, for compact assertions. */
export function brief(ds: Diagnostic[]): Array<[string, string]> {
  return ds.map((d) => [d.code, fmt(d.range)]);
}

export function fmt(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
