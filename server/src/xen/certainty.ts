// The certainty policy on Xen lines: a diagnostic is an error only when it holds for the release
// the file really targets. When the release is exact (/xen-4.2.5.gz, or the xenVersion setting
// naming a tag) diagnostics stand. When only a series is known (/boot/xen-4.17-amd64.gz) an error
// stays an error only if every release of that series gives it. When nothing names a version (or
// one outside the releases checked), the newest (or oldest) release is assumed and the line may be
// meant for any release: no errors; a finding that some release would not give becomes
// information; the message says what was assumed. Never throws.
import type { CmdlineSegment } from '../cmdline/segment';
import { segmentRange } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { Diagnostic } from '../core/types';
import { analyse, type Analysis } from './analyse';
import { diagnoseXen } from './check';
import { assumption } from './target';
import { RELEASES, seriesOf } from './releases';

const keyOf = (d: Diagnostic) =>
  `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

// Results per (release, line): re-diagnosing a document after an edit elsewhere costs nothing here.
const CACHE = new Map<string, Map<string, Diagnostic['severity']>>();
const CACHE_MAX = 4000;
/** Above this many findings on one line, the line is not re-judged under other releases. */
const MAX_COMPARED = 200;

/** Severity per key of the diagnostics the line gets when judged against release index `rel`. */
function diagnosticsAt(
  seg: CmdlineSegment,
  ctx: CmdlineContext,
  a: Analysis,
  rel: number,
): Map<string, Diagnostic['severity']> {
  const at = segmentRange(seg, 0, 0).start;
  const ck = `${rel}|${ctx.settings.arch}|${seg.image?.path ?? ''}|${at.line}:${at.character}|${seg.text}`;
  const hit = CACHE.get(ck);
  if (hit) return hit;
  const t = { release: RELEASES[rel], index: rel, why: a.target.why, certainty: 'exact' as const, candidates: [rel] };
  const out = new Map<string, Diagnostic['severity']>();
  for (const d of diagnoseXen(seg, analyse(seg, ctx, t))) out.set(keyOf(d), d.severity);
  if (CACHE.size >= CACHE_MAX) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(ck, out);
  return out;
}

/**
 * The releases judged for an assumed target: the first and the last point release of every
 * series (the data changes mostly between series); all of a series when only that series is open.
 */
function representatives(candidates: number[]): number[] {
  if (candidates.length <= 12) return candidates;
  const out = new Set<number>();
  for (let i = 0; i < candidates.length; i++) {
    const s = seriesOf(RELEASES[candidates[i]]);
    if (
      i === 0 ||
      seriesOf(RELEASES[candidates[i - 1]]) !== s ||
      i === candidates.length - 1 ||
      seriesOf(RELEASES[candidates[i + 1]]) !== s
    )
      out.add(candidates[i]);
  }
  return [...out];
}

/** "4.0–4.12, 4.15" from release indexes, by series. */
function seriesSpan(indexes: number[]): string {
  const series = [...new Set(indexes.map((i) => seriesOf(RELEASES[i])))];
  const all = [...new Set(RELEASES.map(seriesOf))];
  const pos = series.map((s) => all.indexOf(s)).sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < pos.length;) {
    let j = i;
    while (j + 1 < pos.length && pos[j + 1] === pos[j] + 1) j++;
    parts.push(i === j ? all[pos[i]] : `${all[pos[i]]}–${all[pos[j]]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function applyCertainty(seg: CmdlineSegment, ctx: CmdlineContext, a: Analysis, ds: Diagnostic[]): Diagnostic[] {
  const t = a.target;
  if (t.certainty === 'exact' || !ds.some((d) => d.severity === 'error' || d.severity === 'warning')) return ds;
  const note = assumption(t);
  if (ds.length > MAX_COMPARED) {
    // A line with this many findings is not worth judging again under every release (that would
    // cost findings × releases): no error on an assumed target, each says what was assumed.
    return ds.map((d) =>
      d.severity === 'error' ? { ...d, severity: 'warning', message: `${cap(note)}: ${d.message}` } : d,
    );
  }
  const others = representatives(t.candidates)
    .filter((i) => i !== t.index)
    .map((i) => [i, diagnosticsAt(seg, ctx, a, i)] as const);
  return ds.map((d) => {
    if (d.severity !== 'error' && d.severity !== 'warning') return d;
    const k = keyOf(d);
    const without = others.filter(([, m]) => !m.has(k)).map(([i]) => i);
    if (!without.length && (d.severity === 'warning' || t.certainty === 'series')) return d;
    if (d.severity === 'error' && !without.length)
      return { ...d, severity: 'warning', message: `${cap(note)}: ${d.message}` };
    // Some release the file may target would not give this finding.
    return {
      ...d,
      severity: d.severity === 'error' && t.certainty === 'series' ? 'warning' : 'info',
      message: `${cap(note)}: ${d.message} (Releases of Xen ${seriesSpan(without)} accept it.)`,
    };
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
