// What the bundled data knows about Kconfig symbols: which symbols Linux 6.1 and 6.12 define for
// x86_64 and arm64 (derived from the trees by scripts/derive-kernel-symbols.ts), the history of
// the Xen-related ones, and our descriptions. Answers "does CONFIG_X exist in Linux V on arch A",
// exactly for the bundled versions and approximately (history table, nearest tree) for others.
import symbolData from '../../data/kernel/symbols.json';
import xenData from '../../data/kernel/xen-symbols.json';
import type { Arch } from '../service/types';

export type KType = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | '';

export interface HistoryEvent {
  kind: 'added' | 'removed' | 'renamed' | 'replaced' | 'promptless' | 'prompt-added' | 'moved' | 'note';
  version?: string;
  /** For removals whose exact release is not known: gone by this version. */
  before?: string;
  to?: string;
  by?: string;
  source: string;
  confidence: 'high' | 'medium' | 'low';
}

export interface XenSymbolInfo { description: string; history: HistoryEvent[] }

export interface SymbolInfo {
  name: string;
  type: KType;
  /** Bit i: slot i = versions[i / arches] × arches[i % arches]. */
  present: number;
  prompt: number;
  selected: number;
  defaultOn: number;
  file?: string;
  line?: number;
}

type Row = [number, number, number, number, number, number, number];
const data = symbolData as unknown as { versions: string[]; arches: string[]; types: KType[]; files: string[]; symbols: Record<string, Row> };
const xen = (xenData as unknown as { symbols: Record<string, XenSymbolInfo> }).symbols;

export const BUNDLED_VERSIONS: readonly string[] = data.versions;
export const BUNDLED_ARCHES: readonly string[] = data.arches;
export const NEWEST_VERSION = data.versions[data.versions.length - 1];

export function slotOf(versionIndex: number, arch: Arch): number {
  return versionIndex * data.arches.length + Math.max(0, data.arches.indexOf(arch));
}

let table: Map<string, Row> | undefined;
/** The raw row of a symbol (no allocation), for hot paths. */
export function symbolRow(name: string): Row | undefined {
  return (table ??= new Map(Object.entries(data.symbols))).get(name);
}

/** The symbol's type in a slot (types can differ between versions and architectures). */
export function typeIn(r: Row, slot: number): KType {
  if (r[0] < 10) return data.types[r[0]] ?? '';
  const code = String(r[0]);
  const n = data.versions.length * data.arches.length;
  return data.types[Number(code.padStart(n, '0')[slot])] ?? '';
}

/** `slot` selects the type for one version/arch; default: the newest x86_64 slot. */
export function symbolInfo(name: string, slot = slotOf(data.versions.length - 1, 'x86_64')): SymbolInfo | undefined {
  const r = symbolRow(name);
  if (!r) return undefined;
  return {
    name, type: typeIn(r, slot), present: r[1], prompt: r[2], selected: r[3], defaultOn: r[4],
    file: r[5] >= 0 ? data.files[r[5]] : undefined, line: r[6] || undefined,
  };
}

export function xenInfo(name: string): XenSymbolInfo | undefined {
  return Object.prototype.hasOwnProperty.call(xen, name) ? xen[name] : undefined;
}

export function allSymbolNames(): string[] {
  return Object.keys(data.symbols);
}

export function xenSymbolNames(): string[] {
  return Object.keys(xen);
}

// ---- versions -------------------------------------------------------------------------------

/** "6.1.0-18-amd64" → [6, 1]; undefined when it does not start with a version. */
export function majorMinor(v: string | undefined): [number, number] | undefined {
  const m = v ? /^v?(\d+)\.(\d+)/.exec(v.trim()) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function cmpVersion(a: string, b: string): number {
  const x = majorMinor(a) ?? [0, 0];
  const y = majorMinor(b) ?? [0, 0];
  return x[0] - y[0] || x[1] - y[1];
}

export interface Target {
  /** major.minor, e.g. "6.1". */
  version: string;
  arch: Arch;
  /** Where the version came from, for messages: "from the file's header", "newest bundled", … */
  source: string;
  /** Index into BUNDLED_VERSIONS when the version is one of the bundled trees. */
  bundled?: number;
}

export function makeTarget(version: string | undefined, arch: Arch, source: string): Target {
  const mm = majorMinor(version);
  const v = mm ? `${mm[0]}.${mm[1]}` : NEWEST_VERSION;
  const idx = data.versions.indexOf(v);
  return { version: v, arch, source: mm ? source : 'the newest bundled version', bundled: idx >= 0 ? idx : undefined };
}

// ---- availability ---------------------------------------------------------------------------

export type Presence = 'present' | 'absent' | 'unknown';

export interface Availability {
  state: Presence;
  /** True when the verdict comes straight from a bundled tree of the target version. */
  exact: boolean;
  /** What became of a symbol that is gone (removed / renamed / replaced), from the history table. */
  fate?: HistoryEvent;
  /** When it is absent because it was added later. */
  addedIn?: string;
  /** The symbol exists for the target version on the other architecture only. */
  otherArchOnly?: boolean;
  /** Short reason, for messages. */
  why: string;
}

function bitsFor(info: SymbolInfo | undefined, vIdx: number, arch: Arch): { here: boolean; anyArch: boolean } {
  if (!info) return { here: false, anyArch: false };
  const here = (info.present & (1 << slotOf(vIdx, arch))) !== 0;
  let anyArch = false;
  for (let a = 0; a < data.arches.length; a++) if (info.present & (1 << (vIdx * data.arches.length + a))) anyArch = true;
  return { here, anyArch };
}

/** The removal / rename / replacement in the history, if any. */
export function fateOf(name: string): HistoryEvent | undefined {
  return xenInfo(name)?.history.find((e) => e.kind === 'removed' || e.kind === 'renamed' || e.kind === 'replaced');
}

function addedOf(name: string): HistoryEvent | undefined {
  return xenInfo(name)?.history.find((e) => e.kind === 'added' && e.version);
}

/** Does the symbol exist for the target? */
const PRESENT_EXACT: Availability = Object.freeze({ state: 'present', exact: true, why: 'defined in the bundled tree of the target version' }) as Availability;

export function availability(name: string, t: Target): Availability {
  if (t.bundled !== undefined) {
    // Hot path for whole configurations: one map lookup, no allocation.
    const r = symbolRow(name);
    if (r && (r[1] & (1 << slotOf(t.bundled, t.arch)))) return PRESENT_EXACT;
  }
  const info = symbolInfo(name);
  const fate = fateOf(name);
  const added = addedOf(name);
  const fateVersion = fate?.version ?? fate?.before;
  if (t.bundled !== undefined) {
    const b = bitsFor(info, t.bundled, t.arch);
    if (b.here) return { state: 'present', exact: true, why: `defined in the Linux ${t.version} tree` };
    if (b.anyArch) return { state: 'absent', exact: true, otherArchOnly: true, why: `Linux ${t.version} defines it only for ${t.arch === 'x86_64' ? 'arm64' : 'x86_64'}` };
    if (added && cmpVersion(added.version!, t.version) > 0) return { state: 'absent', exact: true, addedIn: added.version, why: `added in ${added.version}` };
    return { state: 'absent', exact: true, fate, why: `not defined in the Linux ${t.version} tree` };
  }
  // Not a bundled version: the history first, then the nearest tree, approximately.
  if (fate && fateVersion && cmpVersion(t.version, fateVersion) >= 0) {
    return { state: 'absent', exact: false, fate, why: describeFate(fate) };
  }
  if (added && cmpVersion(t.version, added.version!) < 0) {
    return { state: 'absent', exact: false, addedIn: added.version, why: `added in ${added.version}` };
  }
  if (fate && fate.version && cmpVersion(t.version, fate.version) < 0) {
    return { state: 'present', exact: false, why: `still present before ${fate.version}` };
  }
  const first = data.versions[0];
  const last = data.versions[data.versions.length - 1];
  const inFirst = bitsFor(info, 0, t.arch).here;
  const inLast = bitsFor(info, data.versions.length - 1, t.arch).here;
  if (cmpVersion(t.version, first) < 0) {
    if (inFirst) return { state: 'present', exact: false, why: `defined in ${first}; assumed to exist in ${t.version}` };
    if (added) return { state: 'present', exact: false, why: `added in ${added.version}` };
    // Any dated fact about it at or before the target (e.g. "promptless in 3.0") shows it existed.
    const seen = xenInfo(name)?.history.find((e) => e.version && e.kind !== 'removed' && e.kind !== 'renamed' && e.kind !== 'replaced' && cmpVersion(e.version, t.version) <= 0);
    if (seen) return { state: 'present', exact: false, why: `known in ${seen.version}` };
    return { state: 'unknown', exact: false, why: `not in the bundled ${data.versions.join(' and ')} trees; no history known for ${t.version}` };
  }
  if (cmpVersion(t.version, last) > 0) {
    if (inLast) return { state: 'present', exact: false, why: `defined in ${last}; assumed to still exist in ${t.version}` };
    if (info && bitsFor(info, data.versions.length - 1, t.arch === 'x86_64' ? 'arm64' : 'x86_64').here) {
      return { state: 'absent', exact: false, otherArchOnly: true, why: `${last} defines it only for the other architecture` };
    }
    if (fate) return { state: 'absent', exact: false, fate, why: describeFate(fate) };
    // Newer kernels add symbols the bundled trees cannot know about.
    return { state: 'unknown', exact: false, why: `not in ${last}, the newest bundled tree; it may have been added after ${last}` };
  }
  // Between two bundled versions.
  if (inFirst && inLast) return { state: 'present', exact: false, why: `defined in both ${first} and ${last}` };
  if (!inFirst && !inLast) {
    if (added && (!fateVersion || cmpVersion(t.version, fateVersion) < 0) && cmpVersion(t.version, added.version!) >= 0) {
      return { state: 'present', exact: false, why: `added in ${added.version}` };
    }
    return { state: 'absent', exact: false, fate, why: `defined in neither ${first} nor ${last}` };
  }
  return { state: 'unknown', exact: false, why: inFirst ? `defined in ${first} but gone by ${last}` : `added after ${first}` };
}

export function describeFate(e: HistoryEvent): string {
  const when = e.version ? `in ${e.version}` : e.before ? `before ${e.before}` : '';
  switch (e.kind) {
    case 'renamed': return `renamed ${when} to CONFIG_${e.to}`.replace('  ', ' ');
    case 'replaced': return `replaced ${when} by CONFIG_${e.by}`.replace('  ', ' ');
    case 'removed': return `removed ${when}`.trim();
    default: return e.kind;
  }
}

/** Does the target define the symbol with a prompt (can a user set it)? */
export function hasPrompt(name: string, t: Target): boolean | undefined {
  if (t.bundled === undefined && cmpVersion(t.version, data.versions[0]) < 0) {
    // Before the bundled trees: a dated "promptless" fact in the history decides.
    const h = xenInfo(name)?.history ?? [];
    const pl = h.find((e) => e.kind === 'promptless' && e.version && cmpVersion(e.version, t.version) <= 0);
    const pa = h.find((e) => e.kind === 'prompt-added' && e.version && cmpVersion(e.version, t.version) <= 0);
    if (pl && !(pa && cmpVersion(pa.version!, pl.version!) > 0)) return false;
  }
  const info = symbolInfo(name);
  if (!info) return undefined;
  const vIdx = t.bundled ?? nearestBundled(t.version);
  const bit = 1 << slotOf(vIdx, t.arch);
  if (!(info.present & bit)) return undefined;
  return (info.prompt & bit) !== 0;
}

export function defaultsOn(name: string, t: Target): boolean {
  const info = symbolInfo(name);
  if (!info) return false;
  const vIdx = t.bundled ?? nearestBundled(t.version);
  return (info.defaultOn & (1 << slotOf(vIdx, t.arch))) !== 0;
}

export function nearestBundled(version: string): number {
  let best = 0;
  for (let i = 0; i < data.versions.length; i++) if (cmpVersion(data.versions[i], version) <= 0) best = i;
  return best;
}

/** Where the symbol exists, e.g. "6.1 (x86_64, arm64), 6.12 (x86_64)". */
export function presenceSummary(info: SymbolInfo): string {
  const parts: string[] = [];
  data.versions.forEach((v, vi) => {
    const arches = data.arches.filter((_, ai) => info.present & (1 << (vi * data.arches.length + ai)));
    if (arches.length) parts.push(`${v} (${arches.join(', ')})`);
  });
  return parts.join(', ');
}

/** Which bundled slots give the symbol a prompt / select it, for hovers. */
export function slotFlags(mask: number): string[] {
  const out: string[] = [];
  data.versions.forEach((v, vi) => data.arches.forEach((a, ai) => { if (mask & (1 << (vi * data.arches.length + ai))) out.push(`${v}/${a}`); }));
  return out;
}

// ---- the target of a configuration file -------------------------------------------------------

/** Header arch word ("x86", "x86_64", "arm64", "i386") → our arch, when we know it. */
function archOfWord(w: string | undefined): Arch | undefined {
  if (!w) return undefined;
  const k = w.toLowerCase();
  if (k === 'x86' || k === 'x86_64' || k === 'amd64' || k === 'i386') return 'x86_64';
  if (k === 'arm64' || k === 'aarch64') return 'arm64';
  return undefined;
}

/**
 * Which Linux version and architecture a configuration is judged against: a `# xen-config:
 * linux=6.1` comment, the file's header
 * (`# Linux/x86 6.1.0 Kernel Configuration`), its name (`config-6.1.0-18-amd64`), the setting
 * (`--linux`), else the newest bundled version.
 */
export function targetOf(
  header: { version: string; arch: string } | undefined,
  path: string | undefined,
  settings: { linuxVersion?: string; arch: Arch },
  directives: { linux?: { version: string }; arch?: { arch: string } } = {},
): Target {
  const base = path ? path.slice(path.lastIndexOf('/') + 1) : '';
  const named = /^config-(\d+\.\d+)(?:[.\-_].*)?$/.exec(base);
  const nameArch = /(?:^|[-_.])(amd64|arm64|aarch64|x86_64)(?:$|[-_.])/.exec(base)?.[1];
  const arch = archOfWord(directives.arch?.arch) ?? archOfWord(header?.arch) ?? archOfWord(nameArch) ?? settings.arch;
  if (directives.linux && majorMinor(directives.linux.version)) return makeTarget(directives.linux.version, arch, 'the xen-config: linux= comment');
  if (header && majorMinor(header.version)) return makeTarget(header.version, arch, "the file's header");
  if (named) return makeTarget(named[1], arch, 'the file name');
  if (settings.linuxVersion && majorMinor(settings.linuxVersion)) return makeTarget(settings.linuxVersion, arch, 'the Linux version setting');
  return makeTarget(undefined, arch, 'the newest bundled version');
}

export function describeTarget(t: Target): string {
  return `Linux ${t.version} ${t.arch} (${t.source === 'the newest bundled version' ? t.source : `from ${t.source}`})`;
}
