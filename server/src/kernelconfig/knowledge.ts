// What the bundled data knows about Kconfig symbols: which symbols each derived Linux release line
// (3.1 … 6.12; 6.1 and 6.12 merge Debian's tree with the mainline one) defines for x86_64 and
// arm64, derived from the trees by scripts/derive-kernel-symbols.ts; the history of the
// Xen-related ones, computed from those tables (scripts/derive-xen-history.ts); and our
// descriptions. Answers "does CONFIG_X exist in Linux V on arch A", exactly for the derived lines
// and approximately (the two derived lines around it) for others.
//
// Loading: symbols.json (types and presence over every line) is read on first use; the flags of a
// line (prompt, selected, default on) live in symbols-<v>.json and are read only when something
// asks for them for that line (hasPrompt, defaultsOn) or for all lines (symbolInfo, for hovers).
import symbolData from '../../data/kernel/symbols.json';
import xenData from '../../data/kernel/xen-symbols.json';
import type { Arch } from '../core/types';
import { loadDepends, loadSymbolDetail, type SymbolDetail } from './symbolDetails';

export type KType = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | '';

export interface HistoryEvent {
  kind:
    'added' | 'removed' | 'renamed' | 'replaced' | 'promptless' | 'prompt-added' | 'moved' | 'type-changed' | 'note';
  /** The first derived line that shows the change (added: has it; promptless: has no prompt). */
  version?: string;
  /** For removals: the first derived line without the symbol (gone by this version). */
  before?: string;
  /** The last derived line before the change: the change happened after it, by version/before. */
  after?: string;
  to?: string;
  by?: string;
  source: string;
}

export interface XenSymbolInfo {
  description: string;
  history: HistoryEvent[];
}

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

/**
 * [type, presentMask, promptMask, selectedMask, defaultOnMask, fileIndex, line]. The three flag
 * masks hold the bits of the lines whose detail has been loaded (hasPrompt, defaultsOn and
 * symbolInfo load what they need); presence and type are always complete.
 */
type Row = [number, number, number, number, number, number, number];
interface Release {
  version: string;
  mainline?: { repository: string; commit: string; release: string };
  debian?: { package: string; version: string };
}
interface SymbolData {
  versions: string[];
  arches: string[];
  types: KType[];
  typeVariants: string[];
  files: string[];
  releases: Release[];
  symbols: Record<string, [number, number, number, number]>;
}

/**
 * Stands for the object `real()` returns, which is made on first use rather than when this module
 * loads: the language server's start does not read the symbol tables (1 MB) until a kernel
 * configuration is first checked (issue 20). `target` is an empty object or array of the same kind.
 */
function onFirstUse<T extends object>(target: T, real: () => T): T {
  let value: T | undefined;
  const r = (): T => (value ??= real());
  return new Proxy(target, {
    get: (_, p) => Reflect.get(r(), p),
    has: (_, p) => Reflect.has(r(), p),
    ownKeys: () => Reflect.ownKeys(r()),
    getOwnPropertyDescriptor: (_, p) => Reflect.getOwnPropertyDescriptor(r(), p),
  });
}

const data = onFirstUse({} as SymbolData, () => symbolData as unknown as SymbolData);
const xen = onFirstUse(
  {} as Record<string, XenSymbolInfo>,
  () => (xenData as unknown as { symbols: Record<string, XenSymbolInfo> }).symbols,
);

export const BUNDLED_VERSIONS: readonly string[] = onFirstUse([] as string[], () => data.versions);
export const BUNDLED_ARCHES: readonly string[] = onFirstUse([] as string[], () => data.arches);

/** The release each derived line was taken from, e.g. "4.19.95" (mainline) or "6.1.192-3" (Debian). */
export function bundledRelease(version: string): { mainline?: string; debian?: string } | undefined {
  const r = data.releases.find((x) => x.version === version);
  return r ? { mainline: r.mainline?.release, debian: r.debian?.version } : undefined;
}

export function slotOf(versionIndex: number, arch: Arch): number {
  return versionIndex * data.arches.length + Math.max(0, data.arches.indexOf(arch));
}

let names: string[] | undefined;
let rows: Row[] | undefined;
let table: Map<string, Row> | undefined;
function ensureTable(): Map<string, Row> {
  if (table) return table;
  names = Object.keys(data.symbols);
  rows = names.map((n) => {
    const r = data.symbols[n];
    return [r[0], r[1], 0, 0, 0, r[2], r[3]] as Row;
  });
  table = new Map(names.map((n, i) => [n, rows![i]]));
  return table;
}

const loaded = new Set<number>();
const details = new Map<number, SymbolDetail>();
/** Reads a line's flags into the rows (once). */
function ensureVersion(vIdx: number): void {
  if (loaded.has(vIdx) || vIdx < 0 || vIdx >= data.versions.length) return;
  ensureTable();
  loaded.add(vIdx);
  const d = loadSymbolDetail(data.versions[vIdx]);
  if (!d) return;
  details.set(vIdx, d);
  data.arches.forEach((a, ai) => {
    const flags = d.flags[a];
    if (!flags) return;
    const bit = 1 << (vIdx * data.arches.length + ai);
    for (let i = 0; i < flags.length; i++) {
      const c = flags.charCodeAt(i) - 48;
      if (c < 0 || c > 7) continue;
      const r = rows![i];
      if (c & 1) r[2] |= bit;
      if (c & 2) r[3] |= bit;
      if (c & 4) r[4] |= bit;
    }
  });
}
function ensureAll(): void {
  for (let i = 0; i < data.versions.length; i++) ensureVersion(i);
}

/** The raw row of a symbol (no allocation), for hot paths. */
export function symbolRow(name: string): Row | undefined {
  return ensureTable().get(name);
}

/** The symbol's type in a slot (types can differ between versions and architectures). */
export function typeIn(r: Row, slot: number): KType {
  if (r[0] < 10) return data.types[r[0]] ?? '';
  const code = data.typeVariants[r[0] - 10] ?? '';
  return data.types[Number(code[slot] ?? 0)] ?? '';
}

/** `slot` selects the type for one version/arch; default: the newest x86_64 slot. */
export function symbolInfo(name: string, slot = slotOf(data.versions.length - 1, 'x86_64')): SymbolInfo | undefined {
  const r = symbolRow(name);
  if (!r) return undefined;
  ensureAll();
  return {
    name,
    type: typeIn(r, slot),
    present: r[1],
    prompt: r[2],
    selected: r[3],
    defaultOn: r[4],
    file: r[5] >= 0 ? data.files[r[5]] : undefined,
    line: r[6] || undefined,
  };
}

/** The file that defines the symbol in one derived line (it can move between releases). */
export function definingFile(name: string, versionIndex: number): string | undefined {
  const r = symbolRow(name);
  if (!r) return undefined;
  ensureVersion(versionIndex);
  const f = details.get(versionIndex)?.files[name];
  return f !== undefined ? data.files[f] : r[5] >= 0 ? data.files[r[5]] : undefined;
}

/** Debian's 6.1 / 6.12 against the mainline tree of the same line: which tree alone defines it. */
export function debianDifference(name: string, versionIndex: number): 'only-debian' | 'only-mainline' | undefined {
  ensureVersion(versionIndex);
  const d = details.get(versionIndex)?.debian;
  if (!d) return undefined;
  if (d.onlyDebian.includes(name)) return 'only-debian';
  if (d.onlyMainline.includes(name)) return 'only-mainline';
  return undefined;
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
  const v = mm ? `${mm[0]}.${mm[1]}` : data.versions[data.versions.length - 1];
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
  /** The last derived line without it, when the addition lies between two derived lines. */
  addedAfter?: string;
  /** The symbol exists for the target version on the other architecture only. */
  otherArchOnly?: boolean;
  /** Short reason, for messages. */
  why: string;
}

function bitsFor(info: { present: number } | undefined, vIdx: number, arch: Arch): { here: boolean; anyArch: boolean } {
  if (!info) return { here: false, anyArch: false };
  const here = (info.present & (1 << slotOf(vIdx, arch))) !== 0;
  let anyArch = false;
  for (let a = 0; a < data.arches.length; a++)
    if (info.present & (1 << (vIdx * data.arches.length + a))) anyArch = true;
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
const PRESENT_EXACT: Availability = Object.freeze({
  state: 'present',
  exact: true,
  why: 'defined in the bundled tree of the target version',
}) as Availability;

export function availability(name: string, t: Target): Availability {
  if (t.bundled !== undefined) {
    // Hot path for whole configurations: one map lookup, no allocation.
    const r = symbolRow(name);
    if (r && r[1] & (1 << slotOf(t.bundled, t.arch))) return PRESENT_EXACT;
  }
  const row = symbolRow(name);
  const info = row ? { present: row[1] } : undefined;
  const fate = fateOf(name);
  const added = addedOf(name);
  const fateVersion = fate?.version ?? fate?.before;
  if (t.bundled !== undefined) {
    const b = bitsFor(info, t.bundled, t.arch);
    if (b.here) return { state: 'present', exact: true, why: `defined in the Linux ${t.version} tree` };
    if (b.anyArch)
      return {
        state: 'absent',
        exact: true,
        otherArchOnly: true,
        why: `Linux ${t.version} defines it only for ${t.arch === 'x86_64' ? 'arm64' : 'x86_64'}`,
      };
    if (added && cmpVersion(added.version!, t.version) > 0)
      return {
        state: 'absent',
        exact: true,
        addedIn: added.version,
        addedAfter: added.after,
        why: `added ${added.after ? `after ${added.after}, by` : 'in'} ${added.version}`,
      };
    return { state: 'absent', exact: true, fate, why: `not defined in the Linux ${t.version} tree` };
  }
  // Not a derived line: the derived lines around it decide; a change between them leaves it open.
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < data.versions.length; i++) {
    const c = cmpVersion(data.versions[i], t.version);
    if (c < 0) lo = i;
    else if (c > 0 && hi < 0) hi = i;
  }
  const inLo = lo >= 0 && bitsFor(info, lo, t.arch).here;
  const inHi = hi >= 0 && bitsFor(info, hi, t.arch).here;
  const other: Arch = t.arch === 'x86_64' ? 'arm64' : 'x86_64';
  if (lo >= 0 && hi >= 0) {
    const a = data.versions[lo];
    const b = data.versions[hi];
    if (inLo && inHi) return { state: 'present', exact: false, why: `defined in both ${a} and ${b}` };
    if (!inLo && !inHi) {
      if (info && (bitsFor(info, lo, other).here || bitsFor(info, hi, other).here)) {
        return { state: 'absent', exact: false, otherArchOnly: true, why: `${a} and ${b} define it only for ${other}` };
      }
      return {
        state: 'absent',
        exact: false,
        fate,
        why:
          fate && fateVersion && cmpVersion(t.version, fateVersion) >= 0
            ? describeFate(fate)
            : `defined in neither ${a} nor ${b}`,
      };
    }
    return {
      state: 'unknown',
      exact: false,
      addedIn: inHi ? added?.version : undefined,
      why: inLo ? `defined in ${a} but gone by ${b}` : `added after ${a}, by ${b}`,
    };
  }
  if (hi >= 0) {
    // Older than every derived line: the history's dated facts, else the oldest line.
    const first = data.versions[hi];
    if (
      added &&
      cmpVersion(t.version, added.version!) < 0 &&
      !(added.after && cmpVersion(t.version, added.after) > 0)
    ) {
      return {
        state: 'absent',
        exact: false,
        addedIn: added.version,
        addedAfter: added.after,
        why: `not in ${first} or earlier lines`,
      };
    }
    if (inHi) return { state: 'present', exact: false, why: `defined in ${first}; assumed to exist in ${t.version}` };
    const seen = xenInfo(name)?.history.find(
      (e) =>
        e.version &&
        e.kind !== 'removed' &&
        e.kind !== 'renamed' &&
        e.kind !== 'replaced' &&
        cmpVersion(e.version, t.version) <= 0,
    );
    if (seen) return { state: 'present', exact: false, why: `known in ${seen.version}` };
    return {
      state: 'unknown',
      exact: false,
      why: `not in ${first}, the oldest derived tree; no history known for ${t.version}`,
    };
  }
  // Newer than every derived line.
  const last = data.versions[lo];
  if (inLo)
    return { state: 'present', exact: false, why: `defined in ${last}; assumed to still exist in ${t.version}` };
  if (info && bitsFor(info, lo, other).here)
    return {
      state: 'absent',
      exact: false,
      otherArchOnly: true,
      why: `${last} defines it only for the other architecture`,
    };
  if (info || fate) return { state: 'absent', exact: false, fate, why: fate ? describeFate(fate) : `gone by ${last}` };
  // Newer kernels add symbols the bundled trees cannot know about.
  return {
    state: 'unknown',
    exact: false,
    why: `not in ${last}, the newest bundled tree; it may have been added after ${last}`,
  };
}

export function describeFate(e: HistoryEvent): string {
  // Between two derived lines the change is only known to lie after one and by the next.
  const when =
    e.after && (e.version ?? e.before)
      ? `after ${e.after}, by ${e.version ?? e.before}`
      : e.version
        ? `in ${e.version}`
        : e.before
          ? `before ${e.before}`
          : '';
  switch (e.kind) {
    case 'renamed':
      return `renamed ${when} to CONFIG_${e.to}`.replace('  ', ' ');
    case 'replaced':
      return `replaced ${when} by CONFIG_${e.by}`.replace('  ', ' ');
    case 'removed':
      return `removed ${when}`.trim();
    default:
      return e.kind;
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
  const r = symbolRow(name);
  if (!r) return undefined;
  const vIdx = t.bundled ?? nearestBundled(t.version);
  ensureVersion(vIdx);
  const bit = 1 << slotOf(vIdx, t.arch);
  if (!(r[1] & bit)) return undefined;
  return (r[2] & bit) !== 0;
}

export function defaultsOn(name: string, t: Target): boolean {
  const r = symbolRow(name);
  if (!r) return false;
  const vIdx = t.bundled ?? nearestBundled(t.version);
  ensureVersion(vIdx);
  return (r[4] & (1 << slotOf(vIdx, t.arch))) !== 0;
}

export function nearestBundled(version: string): number {
  let best = 0;
  for (let i = 0; i < data.versions.length; i++) if (cmpVersion(data.versions[i], version) <= 0) best = i;
  return best;
}

/** Where the symbol exists, e.g. "6.1 (x86_64, arm64), 6.12 (x86_64)". */
export function presenceSummary(info: SymbolInfo): string {
  // Consecutive release lines with the same architectures collapse into one run: "3.10–6.12 (x86_64, arm64)".
  const runs: Array<{ from: string; to: string; arches: string }> = [];
  let open = false;
  data.versions.forEach((v, vi) => {
    const arches = data.arches.filter((_, ai) => info.present & (1 << (vi * data.arches.length + ai))).join(', ');
    const last = runs[runs.length - 1];
    if (!arches) {
      open = false;
      return;
    }
    if (open && last.arches === arches) last.to = v;
    else runs.push({ from: v, to: v, arches });
    open = true;
  });
  return runs.map((r) => `${r.from === r.to ? r.from : `${r.from}–${r.to}`} (${r.arches})`).join(', ');
}

/** Which bundled slots give the symbol a prompt / select it, for hovers. */
export function slotFlags(mask: number): string[] {
  const out: string[] = [];
  data.versions.forEach((v, vi) =>
    data.arches.forEach((a, ai) => {
      if (mask & (1 << (vi * data.arches.length + ai))) out.push(`${v}/${a}`);
    }),
  );
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
  if (directives.linux && majorMinor(directives.linux.version))
    return makeTarget(directives.linux.version, arch, 'the xen-config: linux= comment');
  if (header && majorMinor(header.version)) return makeTarget(header.version, arch, "the file's header");
  if (named) return makeTarget(named[1], arch, 'the file name');
  if (settings.linuxVersion && majorMinor(settings.linuxVersion))
    return makeTarget(settings.linuxVersion, arch, 'the Linux version setting');
  return makeTarget(undefined, arch, 'the newest bundled version');
}

export function describeTarget(t: Target): string {
  return `Linux ${t.version} ${t.arch} (${t.source === 'the newest bundled version' ? t.source : `from ${t.source}`})`;
}

// ---- dependencies as written ------------------------------------------------------------------

/**
 * What the symbol depends on, as its Kconfig entry says (after the conditions of the enclosing
 * `if` blocks, menus and choices), in the derived line of the target, or in the two lines around
 * a release between them (lines that say the same share one entry). Empty when the symbol has no
 * dependency there or those lines do not define it.
 */
export function dependsOn(name: string, t: Target): Array<{ versions: string[]; text: string }> {
  const table = ensureTable();
  const row = table.get(name);
  if (!row) return [];
  const d = loadDepends();
  const e = d.symbols[names!.indexOf(name)];
  if (!e) return [];
  const lines: number[] = [];
  if (t.bundled !== undefined) lines.push(t.bundled);
  else {
    const below = nearestBundled(t.version);
    lines.push(below);
    // Between two derived lines (not older or newer than all): the next one too.
    if (cmpVersion(data.versions[below], t.version) < 0 && below + 1 < data.versions.length) lines.push(below + 1);
  }
  const pairAt = (vi: number): number => {
    if (!bitsFor({ present: row[1] }, vi, t.arch).anyArch) return -1;
    // Entries hold pair + 1 (0: none).
    if (typeof e === 'number') return e - 1;
    const di = d.versions.indexOf(data.versions[vi]);
    let n = 0;
    for (let k = 0; k + 1 < e.length && e[k] <= di; k += 2) n = e[k + 1];
    return n - 1;
  };
  const out: Array<{ versions: string[]; text: string }> = [];
  for (const vi of lines) {
    const p = pairAt(vi);
    if (p < 0) continue;
    const text = [d.pairs[2 * p], d.pairs[2 * p + 1]]
      .filter((i) => i >= 0)
      .map((i) => d.texts[i])
      .join(' && ');
    if (!text) continue;
    const v = data.versions[vi];
    const same = out.find((o) => o.text === text);
    if (same) same.versions.push(v);
    else out.push({ versions: [v], text });
  }
  return out;
}

/** The hover line for dependsOn: "Depends on in Linux 4.19: `XEN && PCI`", one line per distinct text. */
export function dependsMarkdown(name: string, t: Target): string | undefined {
  const deps = dependsOn(name, t);
  if (!deps.length) return undefined;
  return deps
    .map((d) => `Depends on in Linux ${d.versions.join(' and ')}: \`${d.text.replace(/`/g, "'")}\``)
    .join('  \n');
}
