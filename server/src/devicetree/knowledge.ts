// What Xen's Arm boot code reads from the device tree, per release series
// (server/data/devicetree/xen-arm.json, derived by scripts/derive-xen-devicetree.ts).
import data from '../../data/devicetree/xen-arm.json';
import { didYouMean } from '../core/text';

export const SERIES: readonly string[] = data.releases;

function decode(ranges: string): Set<number> {
  const out = new Set<number>();
  for (const part of ranges.split(',')) {
    const [a, b] = part.split('..');
    const i = SERIES.indexOf(a);
    const j = b === undefined ? i : SERIES.indexOf(b);
    for (let k = i; k >= 0 && k <= j; k++) out.add(k);
  }
  return out;
}

const NAMES = new Map(Object.entries(data.names as Record<string, string>).map(([k, v]) => [k, decode(v)]));
const DOMAIN = new Map(Object.entries(data.domainProperties as Record<string, string>).map(([k, v]) => [k, decode(v)]));

/** "4.17" of "4.17.3". */
export function seriesIndex(release: string): number {
  return SERIES.indexOf(release.split('.').slice(0, 2).join('.'));
}

export type Presence = { known: true } | { known: false; elsewhere: string[] };

function presence(table: Map<string, Set<number>>, name: string, series: number): Presence | undefined {
  const s = table.get(name);
  if (!s) return undefined;
  if (s.has(series)) return { known: true };
  return { known: false, elsewhere: [...s].sort((a, b) => a - b).map((i) => SERIES[i]) };
}

/** Whether the series' Arm boot code knows an `xen,…`/`multiboot,…` name; undefined when no series does. */
export function namePresence(name: string, series: number): Presence | undefined {
  return presence(NAMES, name, series);
}

export function domainPropertyPresence(name: string, series: number): Presence | undefined {
  return presence(DOMAIN, name, series);
}

export function knownNames(series: number, prefix = ''): string[] {
  return [...NAMES].filter(([k, s]) => s.has(series) && k.startsWith(prefix)).map(([k]) => k);
}

export function knownDomainProperties(series: number): string[] {
  return [...DOMAIN].filter(([, s]) => s.has(series)).map(([k]) => k);
}

export function similarNames(name: string): string[] {
  return didYouMean(name, NAMES.keys());
}

/** "4.17–4.22" or "4.16" or "4.5–4.9, 4.12" from a sorted list of series. */
export function seriesSpan(list: string[]): string {
  const idx = list
    .map((s) => SERIES.indexOf(s))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    parts.push(i === j ? SERIES[idx[i]] : `${SERIES[idx[i]]}–${SERIES[idx[j]]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
