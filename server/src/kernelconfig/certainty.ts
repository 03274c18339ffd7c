// How certain the bundled knowledge is about one kernel configuration (ARCHITECTURE.md,
// "Certainty"): which bundled releases judge it, whether that is the file's own release, whether
// the kernel's `conf` wrote it, and whether its architecture is one the knowledge covers. Built on
// knowledge.ts's exported API only (BUNDLED_VERSIONS, symbolRow, slotOf, …), so it works for any
// number of bundled versions, named "6.12" or "6.12.118".
import distributionData from '../../data/kernelconfig/distribution-symbols.json';
import type { Arch } from '../core/types';
import type { ParsedConfig } from './configParse';
import { BUNDLED_ARCHES, BUNDLED_VERSIONS, slotOf, symbolRow, type Target } from './knowledge';

/** [major, minor, sublevel?] of a version text such as "6.12.5-arch1-1"; undefined when none. */
export function parseRelease(v: string | undefined): [number, number, number?] | undefined {
  const m = v ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim()) : null;
  if (!m) return undefined;
  return m[3] !== undefined ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[1]), Number(m[2])];
}

function cmpSeries(a: readonly [number, number, number?], b: readonly [number, number, number?]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export interface BundledRelease {
  index: number;
  /** As the knowledge names it: "6.12", or "6.12.118" when the release is recorded. */
  label: string;
  major: number;
  minor: number;
  /** The sublevel of the release the knowledge was taken from, when recorded. */
  sub?: number;
}

let releasesCache: BundledRelease[] | undefined;
/** The bundled releases, oldest first. */
export function bundledReleases(): BundledRelease[] {
  if (!releasesCache) {
    releasesCache = BUNDLED_VERSIONS.flatMap((label, index) => {
      const r = parseRelease(label);
      return r ? [{ index, label, major: r[0], minor: r[1], sub: r[2] }] : [];
    }).sort((a, b) => a.major - b.major || a.minor - b.minor || (a.sub ?? 0) - (b.sub ?? 0));
  }
  return releasesCache;
}

/**
 * How a file's kernel release relates to the bundled ones:
 * - `exact`: the release the knowledge was taken from (or the series, when only "6.1" is named);
 * - `neighbours`: not bundled, with bundled releases on both sides (or inside its own series);
 * - `one-side`: older than the oldest or newer than the newest bundled release;
 * - `assumed`: the file names no version at all.
 */
export type Level = 'exact' | 'neighbours' | 'one-side' | 'assumed';

export interface Certainty {
  level: Level;
  /** Indexes into BUNDLED_VERSIONS whose knowledge must all agree before a finding is reported. */
  judges: number[];
  /** The version as the file (or the setting) names it, e.g. "6.12.5"; undefined when none. */
  named?: string;
  /** The header or the generated-file marker says the kernel's `conf` wrote the file. */
  confWritten: boolean;
  /** The file's architecture is one the knowledge covers (not 32-bit x86, arm, powerpc, …). */
  archKnown: boolean;
  /** Words for messages that are not certain, e.g. "assuming Linux 6.12: the file names no version". */
  note: string;
}

export function releaseLabel(i: number): string {
  return BUNDLED_VERSIONS[i] ?? '';
}

function listLabels(idx: number[]): string {
  const l = idx.map(releaseLabel);
  return l.length <= 2 ? l.join(' and ') : `${l.slice(0, -1).join(', ')} and ${l[l.length - 1]}`;
}

/** The bundled releases around a named version, and how close they are. */
export function neighboursOf(named: string): { level: Exclude<Level, 'assumed'>; judges: number[] } | undefined {
  const r = parseRelease(named);
  const all = bundledReleases();
  if (!r || !all.length) return undefined;
  const same = all.filter((b) => b.major === r[0] && b.minor === r[1]);
  const below = all.filter((b) => cmpSeries([b.major, b.minor], r) < 0);
  const above = all.filter((b) => cmpSeries([b.major, b.minor], r) > 0);
  const lower = below[below.length - 1];
  const upper = above[0];
  if (same.length) {
    if (r[2] === undefined) return { level: 'exact', judges: [same[same.length - 1].index] };
    const exact = same.find((b) => b.sub === r[2]);
    if (exact) return { level: 'exact', judges: [exact.index] };
    const known = same.filter((b) => b.sub !== undefined);
    if (known.length === same.length) {
      // The series' releases are recorded: the ones just below and above inside the series,
      // else the next series on that side.
      const lo = [...known].reverse().find((b) => b.sub! < r[2]!) ?? lower;
      const hi = known.find((b) => b.sub! > r[2]!) ?? upper;
      const judges = [lo, hi].filter((b): b is BundledRelease => b !== undefined).map((b) => b.index);
      return { level: judges.length >= 2 ? 'neighbours' : 'one-side', judges };
    }
    // Which release of the series the knowledge holds is not recorded: the series and the
    // series on each side judge together.
    const judges = [lower, ...same, upper].filter((b): b is BundledRelease => b !== undefined).map((b) => b.index);
    return { level: judges.length >= 2 ? 'neighbours' : 'one-side', judges };
  }
  if (lower && upper) return { level: 'neighbours', judges: [lower.index, upper.index] };
  const one = lower ?? upper;
  return one ? { level: 'one-side', judges: [one.index] } : undefined;
}

const X86_WORDS = new Set(['x86', 'x86_64', 'amd64', 'i386', 'i686']);
const ARM64_WORDS = new Set(['arm64', 'aarch64']);

/** Is the file for an architecture the knowledge covers, as far as the file says? */
function archIsKnown(cfg: ParsedConfig, arch: Arch): boolean {
  if (!BUNDLED_ARCHES.includes(arch)) return false;
  if (cfg.header) {
    const w = cfg.header.arch.toLowerCase();
    if (!X86_WORDS.has(w) && !ARM64_WORDS.has(w)) return false;
    if (w === 'i386' || w === 'i686') return false;
  }
  if (arch === 'x86_64') {
    // "Linux/x86" headers cover 32-bit builds too.
    for (const a of cfg.assignments) {
      if (a.name === 'X86_32' && a.value === 'y' && !a.notSet) return false;
      if (a.name === '64BIT' && a.notSet) return false;
    }
  }
  return true;
}

const SOURCE_WORDS: Record<string, string> = {
  "the file's header": 'the file says',
  'the xen-config: linux= comment': 'the file says',
  'the file name': 'the file name says',
  'the Linux version setting': 'the Linux version setting says',
};

const cache = new WeakMap<ParsedConfig, Map<string, Certainty>>();

/** The certainty of verdicts on `cfg` for `target` (as targetOf in knowledge.ts chose it). */
export function certaintyOf(cfg: ParsedConfig, target: Target, settings: { linuxVersion?: string }): Certainty {
  const key = `${target.version}|${target.arch}|${target.source}|${settings.linuxVersion ?? ''}`;
  let byKey = cache.get(cfg);
  const hit = byKey?.get(key);
  if (hit) return hit;
  const named =
    target.source === "the file's header"
      ? cfg.header?.version
      : target.source === 'the xen-config: linux= comment'
        ? cfg.directives.linux?.version
        : // Debian's file names carry an ABI number where the sublevel would be ("6.1.0-18"): only the series counts.
          target.source === 'the file name'
          ? target.version
          : target.source === 'the Linux version setting'
            ? settings.linuxVersion
            : undefined;
  const confWritten = cfg.generated || cfg.header !== undefined;
  const archKnown = archIsKnown(cfg, target.arch);
  const all = bundledReleases().map((b) => b.index);
  const newest = all[all.length - 1] ?? 0;
  let c: Certainty;
  const nb = named ? neighboursOf(named) : undefined;
  if (!named || !nb) {
    c = {
      level: 'assumed',
      judges: all.length ? all : [newest],
      named,
      confWritten,
      archKnown,
      note: `assuming Linux ${releaseLabel(newest)}, as the file names no kernel version; a "# xen-config: linux=X.Y" line names it`,
    };
  } else {
    const says = SOURCE_WORDS[target.source] ?? 'the file says';
    const shown = named.replace(/^v/, '').split(/[\s-]/)[0];
    c = {
      level: nb.level,
      judges: nb.judges,
      named,
      confWritten,
      archKnown,
      note:
        nb.level === 'exact'
          ? ''
          : nb.level === 'neighbours'
            ? `judged by Linux ${listLabels(nb.judges)}, the releases this extension knows around ${shown}; ${says} ${shown}`
            : `assuming Linux ${listLabels(nb.judges)}; ${says} ${shown}`,
    };
  }
  if (!archKnown) {
    const w = cfg.header?.arch ?? target.arch;
    c = {
      ...c,
      note: `${c.note ? `${c.note}; ` : ''}the file is for ${w === 'x86' || w === 'i386' ? '32-bit x86' : w}, which this extension does not know`,
    };
  }
  if (!byKey) cache.set(cfg, (byKey = new Map()));
  byKey.set(key, c);
  return c;
}

/** Is the symbol defined for `arch` by the bundled release `i`? */
export function definedIn(name: string, i: number, arch: Arch): boolean {
  const r = symbolRow(name);
  return r !== undefined && (r[1] & (1 << slotOf(i, arch))) !== 0;
}

// ---- distribution-only changes ---------------------------------------------------------------

interface Removal {
  symbols: string[];
  what: string;
  source: string;
}
const distributions = (
  distributionData as unknown as { distributions: Record<string, { title: string; removed: Removal[] }> }
).distributions;
let removedIndex: Map<string, { distribution: string; removal: Removal }> | undefined;

/** When the bundled knowledge lacks a symbol because its distribution deleted it from mainline. */
export function distributionRemoval(name: string): { distribution: string; what: string } | undefined {
  if (!removedIndex) {
    removedIndex = new Map();
    for (const d of Object.values(distributions))
      for (const r of d.removed) for (const s of r.symbols) removedIndex.set(s, { distribution: d.title, removal: r });
  }
  const hit = removedIndex.get(name);
  return hit ? { distribution: hit.distribution, what: hit.removal.what } : undefined;
}
