// The ordered list of Xen release tags the project knows (4.0.0 … 4.22.0), version parsing, and
// the "a..b,c" release ranges the data files use.
import params from '../../data/xen/params.json';
import { compareVersions } from '../core/versions';

export const RELEASES: readonly string[] = params.releases;
const INDEX = new Map(RELEASES.map((r, i) => [r, i]));

export function releaseIndex(v: string): number {
  return INDEX.get(v) ?? -1;
}

export function newestRelease(): string {
  return RELEASES[RELEASES.length - 1];
}

/** "4.17" of "4.17.3". */
export function seriesOf(release: string): string {
  return release.split('.').slice(0, 2).join('.');
}

export { compareVersions };

export interface ResolvedRelease {
  release: string;
  /** How the user's version maps to a known tag, for messages; undefined when exact. */
  note?: string;
}

/**
 * Maps a version as people write it ("4.2.5", "4.17", "4.17.3-pre", "4.23.0") to a known release:
 * exact tag; a series alone means its newest point release; an unknown point release the nearest
 * known one of its series; newer than everything known the newest known.
 */
export function resolveRelease(version: string): ResolvedRelease | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return undefined;
  const series = `${m[1]}.${m[2]}`;
  if (m[3] !== undefined) {
    const exact = `${series}.${m[3]}`;
    if (INDEX.has(exact)) return { release: exact };
  }
  const inSeries = RELEASES.filter((r) => seriesOf(r) === series);
  if (inSeries.length) {
    if (m[3] === undefined) return { release: inSeries[inSeries.length - 1], note: `newest ${series}.x release` };
    const wanted = Number(m[3]);
    const below = inSeries.filter((r) => Number(r.split('.')[2]) <= wanted);
    const pick = below.length ? below[below.length - 1] : inSeries[0];
    return { release: pick, note: `${version} is not a release tag; taken as ${pick}` };
  }
  if (compareVersions(series, seriesOf(RELEASES[0])) < 0)
    return { release: RELEASES[0], note: `${version} is older than Xen ${RELEASES[0]}, the oldest release checked` };
  if (compareVersions(series, seriesOf(newestRelease())) > 0)
    return {
      release: newestRelease(),
      note: `${version} is newer than Xen ${newestRelease()}, the newest release checked`,
    };
  return undefined;
}

/** Release indexes covered by an "a..b,c" range string. */
export function parseRanges(ranges: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of ranges.split(',')) {
    if (!part) continue;
    const [a, b] = part.split('..');
    const lo = releaseIndex(a);
    const hi = b === undefined ? lo : releaseIndex(b);
    if (lo >= 0 && hi >= lo) out.push([lo, hi]);
  }
  return out;
}

export function inRanges(ranges: Array<[number, number]>, index: number): boolean {
  return ranges.some(([lo, hi]) => index >= lo && index <= hi);
}

/** Human form of a set of ranges: "4.2.2–4.22.0" or "4.7.5–4.7.6, 4.8.4–4.11.4". */
export function describeRanges(ranges: Array<[number, number]>): string {
  const merged = [...ranges]
    .sort((x, y) => x[0] - y[0])
    .reduce<Array<[number, number]>>((acc, r) => {
      const last = acc[acc.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
      else acc.push([r[0], r[1]]);
      return acc;
    }, []);
  return merged.map(([lo, hi]) => (lo === hi ? RELEASES[lo] : `${RELEASES[lo]}–${RELEASES[hi]}`)).join(', ');
}
