// The project's own facts about Linux parameters (server/data/linux/curated-params.json):
// summaries in our words, value checks, version history for kernels older than the derived
// tables, and Xen advice. Keys ending in `*` are prefixes (`systemd.*`).
import data from '../../data/linux/curated-params.json';
import type { Arch } from '../core/types';
import { normName } from './tables';

export type CheckKind =
  | 'flag'
  | 'bool'
  | 'int'
  | 'uint'
  | 'int-range'
  | 'size'
  | 'enum'
  | 'enum-list'
  | 'any'
  | 'none'
  | 'path'
  | 'root-device'
  | 'console'
  | 'earlyprintk'
  | 'vga'
  | 'video'
  | 'fs-list'
  | 'memmap'
  | 'hugepages'
  | 'swiotlb'
  | 'crashkernel'
  | 'pciback-hide';

export interface HistoryFact {
  since?: string;
  until?: string;
  approx?: boolean;
  source: string;
}

export type Reader = 'kernel' | 'boot-loader' | 'efi-stub' | 'init' | 'initramfs' | 'systemd' | 'udev';

export interface CuratedParam {
  key: string;
  summary: string;
  syntax?: string;
  check: CheckKind;
  values?: Record<string, string>;
  valueHistory?: Record<string, HistoryFact>;
  history: HistoryFact[];
  sources?: string[];
  arch?: Arch[];
  reader?: Reader;
  group?: 'common' | 'xen' | 'init';
  successor?: string;
  deprecatedSince?: string;
  notAParameter?: boolean;
  strict?: boolean;
  lenient?: boolean;
  optionalValue?: boolean;
  range?: [number, number];
  conflicts?: string[];
  roles?: Array<'hvm-guest' | 'pv' | 'dom0'>;
  xen?: string;
  examples?: string[];
  gate?: string;
}

const params = data.params as unknown as Record<string, Omit<CuratedParam, 'key'>>;
const exact = new Map<string, CuratedParam>();
const prefixes: CuratedParam[] = [];
for (const [key, p] of Object.entries(params)) {
  const c: CuratedParam = { key, ...p };
  if (key.endsWith('*')) prefixes.push(c);
  else exact.set(normName(key), c);
}
prefixes.sort((a, b) => b.key.length - a.key.length);

export function curated(name: string): CuratedParam | undefined {
  const n = normName(name);
  const hit = exact.get(n);
  if (hit) return hit;
  for (const p of prefixes) if (n.startsWith(normName(p.key.slice(0, -1)))) return p;
  return undefined;
}

export function allCurated(): CuratedParam[] {
  return [...exact.values()];
}

export const xenHypervisorOptions: Set<string> = new Set(data.xenHypervisorOptions.names.map(normName));

export const cmdlineFacts = data.cmdline as Record<
  string,
  { fact: string; source: string; since?: string; approx?: boolean }
>;

/** Spells out the short source labels of the data file for people: "src 6.1" → "the Linux 6.1 source". */
export function plainSource(s: string): string {
  return s
    .replace(/\bsrc (\d+\.\d+)\b/g, 'the Linux $1 source')
    .replace(/\bkp-3\.12\b/g, 'kernel-parameters.txt of a v3.12-era kernel');
}
