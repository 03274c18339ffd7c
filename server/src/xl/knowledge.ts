// What the project knows about xl options, per Xen release: the derived facts (xl-cfg-keys.json,
// xl-conf-keys.json), the project's own descriptions and overrides (xl-notes.json) and the spec
// string fields (xl-specs.json).
import cfgData from '../../data/xl/xl-cfg-keys.json';
import confData from '../../data/xl/xl-conf-keys.json';
import notesData from '../../data/xl/xl-notes.json';
import specsData from '../../data/xl/xl-specs.json';

export type Guest = 'pv' | 'pvh' | 'hvm';
export type ValueKind = 'string' | 'number' | 'boolean' | 'list';

export interface ValueFact {
  releases: string;
  guests?: Guest[];
  deprecated?: boolean;
  removedSince?: string;
  isDefault?: boolean;
}
export interface KeyFact {
  types: ValueKind[];
  placeholder: string;
  section: string;
  guests: Guest[];
  arch?: 'x86' | 'arm';
  /** The one architecture whose toolstack uses the key's value, derived from xl's parser and libxl. */
  parserArch?: 'x86' | 'arm';
  parserArchOrigin?: string;
  releases: string;
  /** Releases whose xl parser reads the key (derived from xl_parse.c / xl_cmdimpl.c). */
  read?: string;
  /** Releases whose xl parser asks for the key only to print that it ignores it (vncviewer from 4.5). */
  ignored?: string;
  default?: string;
  deprecated?: boolean;
  successor?: string;
  deprecatedForms?: Array<'number' | 'string'>;
  values?: Record<string, ValueFact>;
  fields?: Record<string, { types: ValueKind[]; placeholder: string; values?: string[]; line: number }>;
  origin: string;
}
export interface KeyNote {
  summary: string;
  successor?: string;
  fixValues?: Record<string, string>;
  removed?: boolean;
  valuesLike?: string;
  values?: string[];
  cmdline?: boolean;
  spec?: string;
  guests?: Guest[];
}
export interface SpecField {
  summary: string;
  since: string;
  sourceSince?: string;
  values?: string[];
  valueSince?: Record<string, string>;
  flag?: boolean;
  deprecated?: boolean;
  successor?: string;
}
export interface SpecInfo {
  origin: string;
  summary: string;
  positional?: string[];
  fields: Record<string, SpecField>;
  deprecatedPrefixes?: Record<string, string>;
}

interface KeyTable {
  releases: string[];
  keys: Record<string, KeyFact>;
  sourceOnly?: Record<string, { read: string; origin: string }>;
}
const cfg = cfgData as unknown as KeyTable;
const conf = confData as unknown as KeyTable;
const notes = notesData as unknown as {
  keys: Record<string, KeyNote>;
  confKeys: Record<string, KeyNote>;
  guestOverrides: Record<string, Guest[]>;
  values: Record<string, Record<string, string>>;
  typeOverrides: Record<string, ValueKind[]>;
  xmOnly: Record<string, { summary: string; successor?: string }>;
  otherNames?: Record<string, { summary: string; successor?: string }>;
  numberForms?: Record<string, Record<string, string>>;
  undocumented: Record<
    string,
    { summary: string; types: ValueKind[]; guests: Guest[]; releases: string; origin: string }
  >;
};
for (const [name, types] of Object.entries(notes.typeOverrides))
  if (cfg.keys[name]) cfg.keys[name] = { ...cfg.keys[name], types };
// Options xl reads that no manual lists join the derived domain options as facts of their own.
for (const [name, u] of Object.entries(notes.undocumented)) {
  const read = cfg.sourceOnly?.[name];
  cfg.keys[name] ??= {
    types: u.types,
    placeholder: u.types[0].toUpperCase(),
    section: 'read by xl, not in the manual',
    guests: u.guests,
    releases: read?.read ?? u.releases,
    origin: read?.origin ?? u.origin,
  };
  notes.keys[name] ??= { summary: u.summary };
}
// xl reads a key in every release whose parser asks for it, whatever that release's manual says
// (opengl is read by xl 4.21+ though its manual dropped it): the key exists where either says so.
// Releases whose xl reads a key only to warn that it ignores it do not have the key (it has no effect there).
for (const [name, fact] of Object.entries(cfg.keys)) {
  if (fact.read && fact.read !== fact.releases)
    cfg.keys[name] = { ...fact, releases: unionRanges(cfg.releases, fact.releases, fact.read) };
  if (fact.ignored) cfg.keys[name] = { ...cfg.keys[name], releases: rangesOf(cfg.releases, ignoring(cfg.keys[name])) };
}

function indices(all: readonly string[], list: string): Set<number> {
  const idx = (r: string) => all.indexOf(r);
  const on = new Set<number>();
  for (const part of list ? list.split(',') : []) {
    const [a, b] = part.split('-');
    for (let i = idx(a); i >= 0 && i <= idx(b ?? a); i++) on.add(i);
  }
  return on;
}

/** The release indices of a key's `releases` without those of its `ignored`. */
function ignoring(fact: KeyFact): Set<number> {
  const off = indices(cfg.releases, fact.ignored ?? '');
  return new Set([...indices(cfg.releases, fact.releases)].filter((i) => !off.has(i)));
}

function unionRanges(all: readonly string[], ...lists: string[]): string {
  const on = new Set<number>();
  for (const list of lists) for (const i of indices(all, list)) on.add(i);
  return rangesOf(all, on);
}

function rangesOf(all: readonly string[], on: Set<number>): string {
  const sorted = [...on].sort((x, y) => x - y);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? all[sorted[i]] : `${all[sorted[i]]}-${all[sorted[j]]}`);
    i = j;
  }
  return out.join(',');
}
export const specs = (specsData as unknown as { specs: Record<string, SpecInfo> }).specs;

export const RELEASES: readonly string[] = cfg.releases;
export const NEWEST = RELEASES[RELEASES.length - 1];

function relNum(r: string): number {
  const [a, b] = r.split('.').map(Number);
  return a * 1000 + (b || 0);
}

export function compareReleases(a: string, b: string): number {
  return relNum(a) - relNum(b);
}

/** The release series to judge against, and how it was chosen. */
export function targetRelease(setting: string | undefined): { release: string; source: string } {
  const m = setting ? /^(\d+)\.(\d+)/.exec(setting) : null;
  if (!m) return { release: NEWEST, source: 'no Xen version is set' };
  const wanted = `${Number(m[1])}.${Number(m[2])}`;
  if (RELEASES.includes(wanted)) return { release: wanted, source: 'from settings' };
  if (relNum(wanted) > relNum(NEWEST))
    return { release: NEWEST, source: `the settings name ${setting}, newer than any release described here` };
  return { release: RELEASES[0], source: `the settings name ${setting}, older than any release described here` };
}

/** Whether `rel` falls in a range list such as "4.2-4.8,4.10". */
export function inReleases(ranges: string, rel: string): boolean {
  const n = relNum(rel);
  return ranges.split(',').some((r) => {
    const [a, b] = r.split('-');
    return n >= relNum(a) && n <= relNum(b ?? a);
  });
}

export function firstRelease(ranges: string): string {
  return ranges.split(',')[0].split('-')[0];
}
export function lastRelease(ranges: string): string {
  const last = ranges.split(',').pop()!;
  return last.split('-').pop()!;
}

export type FileKind = 'domain' | 'xl.conf';

export interface KeyInfo {
  name: string;
  fact: KeyFact;
  note?: KeyNote;
  guests: Guest[];
}

export function keyInfo(kind: FileKind, name: string): KeyInfo | undefined {
  const fact = (kind === 'domain' ? cfg : conf).keys[name];
  if (!fact) return undefined;
  const note = (kind === 'domain' ? notes.keys : notes.confKeys)[name];
  const guests = (kind === 'domain' && notes.guestOverrides[name]) || note?.guests || fact.guests;
  return { name, fact, note, guests };
}

/** For a key that takes names but still accepts integers: the name each integer stands for. */
export function numberForms(name: string): Record<string, string> | undefined {
  return notes.numberForms?.[name];
}

/** An option of xend's (xm's) configuration that xl does not read. */
export function xmOnly(name: string): { summary: string; successor?: string } | undefined {
  return notes.xmOnly[name];
}

/** A name another tool gives an xl option's setting (dtb for device_tree), with our advice. */
export function otherName(name: string): { summary: string; successor?: string } | undefined {
  return notes.otherNames?.[name];
}

/** The architecture only whose xl acts on the key (from xl's parser and libxl, else its manual). */
export function keyArch(info: KeyInfo): 'x86' | 'arm' | undefined {
  return info.fact.parserArch ?? info.fact.arch;
}

export function allKeys(kind: FileKind): string[] {
  return Object.keys((kind === 'domain' ? cfg : conf).keys);
}

/** The key's literal values valid in `rel` (including those only listed for a sibling key). */
export function keyValues(info: KeyInfo, rel: string): Array<{ name: string; fact: ValueFact; summary?: string }> {
  const source = info.note?.valuesLike ? keyInfo('domain', info.note.valuesLike)?.fact.values : info.fact.values;
  const descs = notes.values[info.note?.valuesLike ?? info.name] ?? {};
  const out = Object.entries(source ?? {})
    .filter(([, f]) => inReleases(f.releases, rel))
    .map(([name, fact]) => ({ name, fact, summary: descs[name] }));
  for (const v of info.note?.values ?? []) {
    if (!out.some((o) => o.name === v))
      out.push({ name: v, fact: { releases: info.fact.releases }, summary: descs[v] });
  }
  return out;
}

/** Every literal value ever known for the key, to tell "not in this release" from "never valid". */
export function anyReleaseValue(info: KeyInfo, value: string): ValueFact | undefined {
  const source = info.note?.valuesLike ? keyInfo('domain', info.note.valuesLike)?.fact.values : info.fact.values;
  return source?.[value];
}

export function valueSummary(key: string, value: string): string | undefined {
  const info = keyInfo('domain', key);
  return notes.values[info?.note?.valuesLike ?? key]?.[value];
}

/** Whether the key's value set is closed (anything else is an error). */
export function closedValues(info: KeyInfo): boolean {
  if (info.note?.values) return true;
  if (info.note?.valuesLike) return true;
  const f = info.fact;
  if (!f.values || f.types.includes('list')) return false;
  // A placeholder item (firmware="PATH") or a key taking a number too leaves the set open.
  if (['firmware', 'xenstore_feature_mask', 'gfx_passthru'].includes(info.name)) return false;
  return f.types.every((t) => t === 'string');
}

const KIND_WORDS: Record<ValueKind, string> = {
  string: 'a quoted string',
  number: 'a number',
  boolean: 'a number (0 or 1)',
  list: 'a [ list ]',
};
export function kindWords(kinds: ValueKind[]): string {
  return kinds.map((k) => KIND_WORDS[k]).join(' or ');
}

export function describeKey(info: KeyInfo): string {
  if (info.note?.summary) return info.note.summary;
  const f = info.fact;
  const what = f.types.includes('list')
    ? 'a list'
    : f.types.includes('boolean')
      ? 'an on/off switch (0 or 1)'
      : f.types.includes('number')
        ? 'a number'
        : 'a string';
  return `Option of the "${f.section}" group; takes ${what}.`;
}

export const GUEST_NAMES: Record<Guest, string> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };
