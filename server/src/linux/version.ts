// Which Linux version a command line is judged against, which knowledge backs the verdicts, and
// how to say so: the version in the image file name (/vmlinuz-3.1-lfs-7.0 → 3.1,
// /boot/vmlinuz-6.1.0-18-amd64 → 6.1), else the linuxVersion setting, else the newest table.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import { agreedTable, KNOWN_TABLES, releaseTable, tablesFor, type ReleaseTable, type TableVersion } from './tables';

export type Version = number[];

export function parseVersion(v: string | undefined): Version | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v?.trim() ?? '');
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), ...(m[3] !== undefined ? [Number(m[3])] : [])];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export const fmt = (v: Version): string => v.join('.');

/** The Linux version a kernel image file name carries. */
export function versionFromImage(path: string): string | undefined {
  const base =
    path
      .replace(/^\([^)]*\)/, '')
      .split('/')
      .pop() ?? '';
  const m = /^(?:vmlinuz|vmlinux|bzimage|linux|kernel|image)[-_.]?v?(\d+\.\d+)(?:\.\d+)?/i.exec(base);
  return m ? m[1] : undefined;
}

export interface Target {
  /** major.minor judged against. */
  version: Version;
  why: string;
  table: ReleaseTable;
  /** The derived series judging it: one (`4.19`), or the two on either side (`4.19 and 5.4`). */
  tableVersion: string;
  /** The table is the one for this very release series. */
  exact: boolean;
  /** Older than the oldest derived table: the project's history facts lead, the table only fills in. */
  older: boolean;
}

function majorMinor(v: Version): Version {
  return [v[0], v[1]];
}

export function nearestTable(v: Version): TableVersion {
  let best: TableVersion = KNOWN_TABLES[0];
  let bestD = Infinity;
  for (const t of KNOWN_TABLES) {
    const tv = parseVersion(t)!;
    const d = Math.abs(v[0] * 100 + v[1] - (tv[0] * 100 + tv[1]));
    if (d < bestD) {
      best = t;
      bestD = d;
    }
  }
  return best;
}

export function resolveTarget(seg: CmdlineSegment, ctx: CmdlineContext): Target {
  const tries: Array<[string | undefined, string]> = [];
  if (seg.image) tries.push([versionFromImage(seg.image.path), `from the image name ${seg.image.path}`]);
  if (seg.versionHint) tries.push([seg.versionHint.version, `from ${seg.versionHint.source}`]);
  tries.push([ctx.settings.linuxVersion, 'from the linuxVersion setting']);
  for (const [s, why] of tries) {
    const v = parseVersion(s);
    if (!v) continue;
    const version = majorMinor(v);
    // The release's own table; between two derived releases, both, agreeing; beyond the ends, the nearest.
    const tables = tablesFor(version);
    const older = compareVersions(version, [5, 0]) < 0;
    if (tables.exact)
      return { version, why, table: releaseTable(tables.exact), tableVersion: tables.exact, exact: true, older };
    const [a, b] = tables.around;
    if (b) return { version, why, table: agreedTable(a, b), tableVersion: `${a} and ${b}`, exact: false, older };
    return { version, why, table: releaseTable(a), tableVersion: a, exact: false, older };
  }
  const newest = KNOWN_TABLES[KNOWN_TABLES.length - 1];
  return {
    version: parseVersion(newest)!,
    why: 'assumed: the newest version we can check, as neither the image name nor the settings name one',
    table: releaseTable(newest),
    tableVersion: newest,
    exact: true,
    older: false,
  };
}

/** One line for the entry outline and hovers. */
export function describeTarget(t: Target): string {
  const v = fmt(t.version);
  if (t.exact) return `Linux ${v} (${t.why}), judged with what the Linux ${t.table.release} source registers`;
  const two = t.tableVersion.includes(' and ');
  const tables = two
    ? `the sources of Linux ${t.tableVersion} (the releases on either side; a word is called unknown only where both lack it)`
    : `the source of Linux ${t.tableVersion}`;
  if (t.older)
    return `Linux ${v} (${t.why}), judged with the recorded history of older kernels; ${tables} ${two ? 'fill' : 'fills'} in${two ? '' : ', the oldest we can check'}`;
  return `Linux ${v} (${t.why}), judged with ${tables}${two ? '' : ', the closest release we can check'}`;
}

/** Whether `v` lies inside a history interval (since inclusive, until inclusive by major.minor). */
export function inHistory(v: Version, since?: string, until?: string): boolean {
  const s = parseVersion(since);
  const u = parseVersion(until);
  if (s && compareVersions(v, s.slice(0, Math.max(2, Math.min(s.length, v.length)))) < 0) return false;
  if (u && compareVersions(v, u) > 0) return false;
  return true;
}
