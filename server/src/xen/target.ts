// Which Xen release a command line is judged against, and why: the version in the image file
// name on the line (/xen-4.2.5.gz, Debian's /boot/xen-4.17-amd64.gz), else a hint from the host
// file, else the xenVersion setting (--xen), else the newest known release.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import { newestRelease, releaseIndex, resolveRelease } from './releases';

export interface Target {
  release: string;
  index: number;
  /** Why this release: "from the image name /xen-4.2.5.gz", "from the xenVersion setting", … */
  why: string;
}

/** The version a Xen image file name carries ("4.2.5", "4.17"), if any. */
export function versionFromImage(path: string): string | undefined {
  const base = path.replace(/^\([^)]*\)/, '').split('/').pop() ?? '';
  const m = /^xen[-_](\d+\.\d+(?:\.\d+)?)(?![\d.]*\d)/i.exec(base) ?? /^xen[-_](\d+\.\d+(?:\.\d+)?)/i.exec(base);
  return m ? m[1] : undefined;
}

export function resolveTarget(seg: CmdlineSegment, ctx: CmdlineContext): Target {
  const tries: Array<[string | undefined, string]> = [];
  if (seg.image) tries.push([versionFromImage(seg.image.path), `from the image name ${seg.image.path}`]);
  if (seg.versionHint) tries.push([seg.versionHint.version, `from ${seg.versionHint.source}`]);
  tries.push([ctx.settings.xenVersion, 'from the xenVersion setting']);
  for (const [v, why] of tries) {
    if (!v) continue;
    const r = resolveRelease(v);
    if (r) return { release: r.release, index: releaseIndex(r.release), why: r.note ? `${why}; ${r.note}` : why };
  }
  const newest = newestRelease();
  return { release: newest, index: releaseIndex(newest), why: 'the newest known release: neither the image name nor the settings name a version' };
}

export function describeTarget(t: Target): string {
  return `Xen ${t.release} (${t.why})`;
}
