// Completion on a Xen command line: parameter names of the targeted release and architecture,
// then values (boolean words, sub-options of that release, values of a sub-option).
import type { CmdlineSegment } from '../cmdline/segment';
import { segmentRange } from '../cmdline/segment';
import type { CompletionItem } from '../core/types';
import advice from '../../data/xen/advice.json';
import type { Analysis } from './analyse';
import { namesAt, paramAt } from './registry';
import { describe, docAt, subOptionsAt } from './paramDocs';
import { BOOL_WORDS } from './values';

const ACCEPTS_BOOL = new Set(advice.acceptsBoolean);
const LOG_LEVELS = ['none', 'error', 'warning', 'info', 'debug', 'all'];

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}

export function completeXen(seg: CmdlineSegment, offset: number, a: Analysis): CompletionItem[] {
  if (seg.image && offset <= seg.image.end) return [];
  if (a.line.dom0 && offset > a.line.dom0.sepStart) return [];
  const text = seg.text;
  let start = offset;
  while (start > a.line.bodyStart && text[start - 1] !== ' ') start--;
  let end = offset;
  while (end < text.length && text[end] !== ' ') end++;
  const before = text.slice(start, offset);
  const eq = before.indexOf('=');
  if (eq < 0) return completeNames(seg, a, start, end, before);
  const key = before.slice(0, eq);
  const name = key.replace(/^no-/, '');
  const valueStart = start + eq + 1;
  const valueBefore = text.slice(valueStart, offset);
  const itemStart = valueStart + valueBefore.lastIndexOf(',') + 1;
  let itemEnd = offset;
  while (itemEnd < end && text[itemEnd] !== ',') itemEnd++;
  const item = text.slice(itemStart, offset);
  const range = segmentRange(seg, itemStart, itemEnd);
  const p = paramAt(name, a.target.index, a.arch);
  if (!p) return [];
  const sub = /^(?:no-)?([^=:]+)[=:](.*)$/.exec(item);
  if (sub) {
    const doc = docAt(name, a.target.release, a.arch);
    const values = doc?.values?.[sub[1]] ?? [];
    const vStart = itemStart + item.length - sub[2].length;
    return values.map((v) => ({
      label: v,
      kind: 'value' as const,
      detail: `${name}=${sub[1]}=…`,
      range: segmentRange(seg, vStart, itemEnd),
    }));
  }
  const out: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItem['kind'], detail: string, sortText: string) =>
    out.push({ label, kind, detail, range, sortText });
  if (p.kind === 'boolean') {
    for (const b of BOOL_WORDS) add(b, 'value', `${name}: boolean`, `0${b}`);
    return out;
  }
  if (name === 'loglvl' || name === 'guest_loglvl') {
    for (const l of LOG_LEVELS) add(l, 'enum', `${name} level`, `0${l}`);
    return out;
  }
  for (const w of subOptionsAt(name, a.target.release, a.target.index, a.arch))
    add(w, 'enum', `${name} sub-option in Xen ${a.target.release}`, `0${w}`);
  if (ACCEPTS_BOOL.has(name))
    for (const b of BOOL_WORDS) add(b, 'value', `${name}: boolean for the whole feature`, `1${b}`);
  return out;
}

function completeNames(seg: CmdlineSegment, a: Analysis, start: number, end: number, before: string): CompletionItem[] {
  const negated = before.startsWith('no-');
  const nameStart = start + (negated ? 3 : 0);
  let nameEnd = end;
  const eqAfter = seg.text.slice(nameStart, end).indexOf('=');
  if (eqAfter >= 0) nameEnd = nameStart + eqAfter;
  const range = segmentRange(seg, nameStart, nameEnd);
  const out: CompletionItem[] = [];
  for (const name of namesAt(a.target.index, a.arch)) {
    const p = paramAt(name, a.target.index, a.arch)!;
    if (p.kind === 'ignore') continue;
    if (negated && p.kind !== 'boolean' && p.kind !== 'custom') continue;
    const d = describe(name);
    const takesValue = p.kind !== 'boolean' && eqAfter < 0;
    out.push({
      label: name,
      kind: 'property',
      detail: `${p.kind}${p.runtime ? ', also at run time' : ''} · Xen ${a.target.release}`,
      documentation: firstSentence(d?.text),
      insertText: takesValue ? `${name}=` : name,
      range,
      sortText: rankOf(name),
    });
  }
  return out;
}

/**
 * The parameters set on most Xen hosts, most used first: offered before the rest (which follow in
 * alphabetical order), so `dom0_m` offers dom0_mem before dom0_max_vcpus.
 */
const POPULAR = [
  'dom0_mem',
  'console',
  'com1',
  'loglvl',
  'guest_loglvl',
  'dom0_max_vcpus',
  'dom0_vcpus_pin',
  'iommu',
  'ucode',
  'smt',
  'vga',
  'noreboot',
  'sched',
  'cpufreq',
  'conring_size',
  'console_to_ring',
  'sync_console',
  'dom0',
  'spec-ctrl',
  'com2',
  'dom0_nodes',
  'x2apic',
  'hap',
  'ept',
  'max_cstate',
  'nosmp',
  'maxcpus',
];

function rankOf(name: string): string {
  const i = POPULAR.indexOf(name);
  return i < 0 ? `1${name}` : `0${String(i).padStart(3, '0')}`;
}
