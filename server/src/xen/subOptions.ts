// Checks comma-separated sub-option lists (iommu=, dom0=, spec-ctrl=, ucode=, …) against the
// words the targeted release's parser compares, plus deprecated and possibly-compiled-out items.
import type { Arch } from '../core/types';
import { didYouMean } from '../core/text';
import advice from '../../data/xen/advice.json';
import { bareWord, sourceWords, subOptionHistory, subOptionsAt } from './paramDocs';
import { compiledOut } from './registry';
import { describeRanges, inRanges, releaseIndex } from './releases';
import { isBoolWord } from './values';

export interface ItemIssue {
  start: number;
  end: number;
  code: string;
  message: string;
  severity?: 'error' | 'warning' | 'info' | 'hint';
  replacement?: string;
}

const VALIDATE = new Set(advice.validateSubOptions);
const ACCEPTS_BOOL = new Set(advice.acceptsBoolean);
const DEPRECATED = advice.deprecatedSubOptions as Record<string, Record<string, { successor: string; from: string }>>;
const COMPILED = advice.compiledOut as Record<string, { param: string; words: string[] }>;

export interface Item {
  text: string;
  start: number;
  bare: string;
}

export function splitItems(value: string, offset: number): Item[] {
  const out: Item[] = [];
  let pos = 0;
  for (const text of value.split(',')) {
    out.push({ text, start: offset + pos, bare: bareWord(text) });
    pos += text.length + 1;
  }
  return out;
}

export function checkSubOptions(
  name: string,
  value: string,
  offset: number,
  release: string,
  rel: number,
  arch: Arch,
): ItemIssue[] {
  const out: ItemIssue[] = [];
  const items = splitItems(value, offset);
  const words = sourceWords(name, rel, arch);
  const known = new Set((words ?? []).map(bareWord));
  const canValidate = VALIDATE.has(name) && words !== undefined && known.size > 0;
  for (const item of items) {
    if (item.text === '') continue;
    const end = item.start + item.text.length;
    const whole = words?.includes(item.text);
    const ok =
      whole ||
      known.has(item.bare) ||
      (ACCEPTS_BOOL.has(name) && isBoolWord(item.text)) ||
      (name === 'ucode' && /^-?\d+$/.test(item.text)) ||
      (name === 'dom0_nodes' && /^\d+$/.test(item.text));
    if (canValidate && !ok) {
      const hist = subOptionHistory(name, item.bare, arch);
      const when = hist.length ? ` It exists in ${describeRanges(hist)}.` : '';
      const near = didYouMean(item.bare, [...known]);
      out.push({
        start: item.start,
        end,
        code: 'xen/invalid-sub-option',
        message: `${name}= in Xen ${release} has no sub-option "${item.bare}".${when}${near.length ? ` Did you mean "${near[0]}"?` : ''} Known: ${[...new Set(subOptionsAt(name, release, rel, arch).map(bareWord))].join(', ')}.`,
        replacement: near[0] && item.text.replace(item.bare, near[0]),
      });
      continue;
    }
    const dep = DEPRECATED[name]?.[item.bare];
    if (dep && rel >= releaseIndex(dep.from)) {
      out.push({
        start: item.start,
        end,
        code: 'xen/deprecated-sub-option',
        message: `"${item.bare}" in ${name}= is deprecated in Xen ${release}; use ${dep.successor} instead.`,
      });
    }
    for (const [cfg, c] of Object.entries(COMPILED)) {
      if (c.param !== name || !c.words.includes(item.bare)) continue;
      const reg = compiledOut.find((x) => x.cfg === cfg && inRanges(x.ranges, rel));
      if (reg)
        out.push({
          start: item.start,
          end,
          code: 'xen/possibly-compiled-out',
          message: `"${item.bare}" only takes effect when Xen ${release} was built with CONFIG_${cfg}; without it Xen logs that it ignores the setting.`,
        });
    }
  }
  return out;
}
