// What the project knows about each Xen parameter beyond its registration: upstream's grammar
// line, default and anchor per release series (doc-syntax.json), the sub-option words its parser
// compares per release (suboptions.json), and our own description (descriptions.json).
import docSyntax from '../../data/xen/doc-syntax.json';
import suboptions from '../../data/xen/suboptions.json';
import descriptions from '../../data/xen/descriptions.json';
import type { Arch } from '../core/types';
import { compareVersions, inRanges, parseRanges, seriesOf } from './releases';
import { archMatches, type XenArch } from './registry';

export interface DocEntry {
  series: string;
  note?: string;
  anchor: string;
  syntax?: string;
  default?: string;
  subOptions?: string[];
  values?: Record<string, string[]>;
}

const SERIES: string[] = Object.keys(docSyntax.series).sort(compareVersions);
const docs = docSyntax.params as unknown as Record<string, DocEntry[]>;

function seriesList(spec: string): string[] {
  const [a, b] = spec.split('..');
  const i = SERIES.indexOf(a);
  const j = b ? SERIES.indexOf(b) : i;
  return i < 0 ? [] : SERIES.slice(i, j + 1);
}

function noteArch(note: string | undefined): XenArch | undefined {
  if (!note) return undefined;
  const n = note.toLowerCase();
  if (/arm|aarch/.test(n)) return 'arm';
  if (/risc/.test(n)) return 'riscv';
  if (/x86|intel|amd|vt-d/.test(n)) return 'x86';
  return undefined;
}

export interface DocAt extends DocEntry {
  /** The series whose document this entry comes from (may differ from the target's when that series has none). */
  fromSeries: string;
}

/**
 * The documentation entry for `name` as of `release` on `arch`: the target's own series when it
 * documents the name, else the nearest series that does (older first).
 */
export function docAt(name: string, release: string, arch: Arch): DocAt | undefined {
  const entries = docs[name];
  if (!entries?.length) return undefined;
  const target = seriesOf(release);
  const fits = (e: DocEntry) => {
    const a = noteArch(e.note);
    return a === undefined || archMatches(a, arch);
  };
  const t = SERIES.indexOf(target);
  const pos = t >= 0 ? t : compareVersions(target, SERIES[0]) < 0 ? -0.5 : SERIES.length - 0.5;
  // Nearest series first; on a tie the older one.
  const order = SERIES.map((s, i) => ({ s, d: Math.abs(i - pos) + (i > pos ? 0.01 : 0) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.s);
  for (const s of order) {
    const here = entries.filter((e) => seriesList(e.series).includes(s));
    const pick = here.find(fits) ?? here[0];
    if (pick) return { ...pick, fromSeries: s };
  }
  return undefined;
}

export function docUrl(release: string, anchor: string | undefined): string {
  return `https://xenbits.xen.org/docs/${seriesOf(release)}-testing/misc/xen-command-line.html${anchor ? `#${anchor}` : ''}`;
}

interface SubWords {
  arch: XenArch;
  ranges: Array<[number, number]>;
  words: string[];
}
const subs = new Map<string, SubWords[]>();
for (const [name, es] of Object.entries(
  suboptions.params as Record<string, Array<{ arch: string; releases: string; words: string[] }>>,
)) {
  subs.set(
    name,
    es.map((e) => ({ arch: e.arch as XenArch, ranges: parseRanges(e.releases), words: e.words })),
  );
}

/** The words `name`'s parser compares against in release index `rel` on `arch`, from the sources; undefined when not derived. */
export function sourceWords(name: string, rel: number, arch: Arch): string[] | undefined {
  const e = subs.get(name)?.find((s) => archMatches(s.arch, arch) && inRanges(s.ranges, rel));
  return e?.words;
}

/** Index ranges in which `word` is one of `name`'s sub-option words (on `arch`). */
export function subOptionHistory(name: string, word: string, arch: Arch): Array<[number, number]> {
  return (subs.get(name) ?? [])
    .filter((s) => archMatches(s.arch, arch) && s.words.some((w) => bareWord(w) === word))
    .flatMap((s) => s.ranges);
}

/** "quarantine=scratch-page" → "quarantine", "min:" → "min", "stable:socket" → "stable". */
export function bareWord(w: string): string {
  return w.replace(/^no-/, '').split(/[=:]/)[0];
}

/** Sub-options to offer after `name=`: source words, else the documented grammar's words. */
export function subOptionsAt(name: string, release: string, rel: number, arch: Arch): string[] {
  const out = new Set<string>();
  const src = sourceWords(name, rel, arch);
  const doc = docAt(name, release, arch);
  const docMatchesTarget = doc && doc.fromSeries === seriesOf(release);
  for (const w of src ?? []) if (w && !w.startsWith(',')) out.add(w.includes('=') && !w.endsWith('=') ? w : w);
  if (!src || docMatchesTarget) for (const w of doc?.subOptions ?? []) out.add(w);
  // Keep "x=" forms over bare "x" when both are present.
  for (const w of [...out]) if (/[=:]$/.test(w) && out.has(w.slice(0, -1))) out.delete(w.slice(0, -1));
  return [...out];
}

type DescriptionGroups = Record<string, Record<string, string>>;
const descGroups = (descriptions as { groups: DescriptionGroups }).groups;
const descByName = new Map<string, { text: string; group: string }>();
for (const [group, entries] of Object.entries(descGroups))
  for (const [n, text] of Object.entries(entries)) descByName.set(n, { text, group });

/** Our own description of a parameter, and the topic group it is filed under. */
export function describe(name: string): { text: string; group: string } | undefined {
  return descByName.get(name);
}

export function describedNames(): string[] {
  return [...descByName.keys()];
}
