// Which Xen release a command line is judged against, and why: the version in the image file
// name on the line (/xen-4.2.5.gz, Debian's /boot/xen-4.17-amd64.gz), else a hint from the host
// file, else the xenVersion setting (--xen), else the newest known release.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import { newestRelease, releaseIndex, resolveRelease, RELEASES, seriesOf } from './releases';

export interface Target {
  release: string;
  index: number;
  /** Why this release: "from the image name /xen-4.2.5.gz", "from the xenVersion setting", … */
  why: string;
  /**
   * How sure the release is: 'exact' (a known tag is named), 'series' (a series or an unknown point
   * release of a known series is named: any release of that series may be meant), 'assumed' (no
   * version, or one outside the known releases: the newest or oldest known is assumed).
   */
  certainty: 'exact' | 'series' | 'assumed';
  /** Indexes of the releases the file may really target (just `index` when exact). */
  candidates: number[];
}

/** The version a Xen image file name carries ("4.2.5", "4.17"), if any. */
export function versionFromImage(path: string): string | undefined {
  const base =
    path
      .replace(/^\([^)]*\)/, '')
      .split('/')
      .pop() ?? '';
  // The run of digits and dots after `xen-`: the whole run when it is a version ("4.17." → 4.17),
  // else the version at its start ("4.2.5.1" → 4.2.5). Read in two linear steps, not by one
  // expression with a look-ahead, which is quadratic on a long run.
  const run = /^xen[-_]([\d.]*)/i.exec(base)?.[1];
  if (!run) return undefined;
  let end = run.length;
  while (end > 0 && run[end - 1] === '.') end--;
  const core = run.slice(0, end);
  if (/^\d+\.\d+(?:\.\d+)?$/.test(core)) return core;
  return /^\d+\.\d+(?:\.\d+)?/.exec(run)?.[0];
}

export function resolveTarget(seg: CmdlineSegment, ctx: CmdlineContext): Target {
  const tries: Array<[string | undefined, string]> = [];
  if (seg.image) tries.push([versionFromImage(seg.image.path), `from the image name ${seg.image.path}`]);
  if (seg.versionHint) tries.push([seg.versionHint.version, `from ${seg.versionHint.source}`]);
  tries.push([ctx.settings.xenVersion, 'from the xenVersion setting']);
  for (const [v, why] of tries) {
    if (!v) continue;
    const r = resolveRelease(v);
    if (!r) continue;
    const index = releaseIndex(r.release);
    const inSeries = RELEASES.map((x, i) => [x, i] as const)
      .filter(([x]) => seriesOf(x) === seriesOf(r.release))
      .map(([, i]) => i);
    const vSeries = /^(\d+)\.(\d+)/.exec(v.trim())?.slice(1, 3).join('.');
    const outside = !RELEASES.some((x) => seriesOf(x) === vSeries);
    if (!r.note) return { release: r.release, index, why, certainty: 'exact', candidates: [index] };
    if (outside)
      return {
        release: r.release,
        index,
        why: `${why}; ${r.note}`,
        certainty: 'assumed',
        candidates: RELEASES.map((_, i) => i),
      };
    return { release: r.release, index, why: `${why}; ${r.note}`, certainty: 'series', candidates: inSeries };
  }
  const newest = newestRelease();
  return {
    release: newest,
    index: releaseIndex(newest),
    why: 'the newest release, assumed: neither the image name nor the settings name a version',
    certainty: 'assumed',
    candidates: RELEASES.map((_, i) => i),
  };
}

/** What a message says about an assumed release: "assuming Xen 4.22.0, the newest release (nothing names the version)". */
export function assumption(t: Target): string {
  if (t.certainty === 'exact') return '';
  if (t.certainty === 'series') return `assuming Xen ${t.release} (${t.why.replace(/^from /, 'version from ')})`;
  return /newest release, assumed/.test(t.why)
    ? `assuming Xen ${t.release}, the newest release (neither the image name nor the settings name a version)`
    : `assuming Xen ${t.release} (${t.why.replace(/^from /, 'version from ')})`;
}

export function describeTarget(t: Target): string {
  return `Xen ${t.release} (${t.why})`;
}
