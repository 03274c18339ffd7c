// Hovers on a Xen command line: the image word (which release is targeted and why), the " -- "
// separator, and each parameter (our description, syntax, default, architectures, releases, link).
import type { CmdlineSegment } from '../cmdline/segment';
import { segmentRange } from '../cmdline/segment';
import type { Hover } from '../core/types';
import type { Analysis } from './analyse';
import { describeTarget } from './target';
import { paramFacts } from './paramFacts';
import { explainUnknown } from './unknownName';
import { existence } from './registry';
import { bareWord, sourceWords, subOptionHistory } from './paramDocs';
import { describeRanges } from './releases';
import { mdCode, mdProse, mdText } from '../core/markdown';
import { firstSentences, oneLine } from '../cmdline/brief';

/** `details`: the hoverDetails setting (history and source details, the whole description). */
export function hoverXen(seg: CmdlineSegment, offset: number, a: Analysis, details = false): Hover | null {
  if (seg.image && offset >= seg.image.start && offset <= seg.image.end) {
    return {
      markdown: `**Xen hypervisor image** ${mdCode(seg.image.path)}\n\nChecked against ${mdProse(describeTarget(a.target), seg.image.path)}.\n\nXen skips this first word: the boot loader passes the image name in front of the parameters.`,
      range: segmentRange(seg, seg.image.start, seg.image.end),
    };
  }
  const d = a.line.dom0;
  if (d && offset >= d.sepStart && offset <= d.start) {
    return {
      markdown: '**" -- "**: everything after it is added to dom0\'s kernel command line; Xen does not read it.',
      range: segmentRange(seg, d.sepStart + 1, d.sepStart + 3),
    };
  }
  const rw = a.words.find((x) => offset >= x.word.start && offset <= x.word.end);
  if (!rw) return null;
  const w = rw.word;
  const range = segmentRange(seg, w.start, w.end);
  const name = rw.matched ?? w.name;
  if (!rw.param && !existence(name).length && !rw.earlyBoot) {
    const v = explainUnknown(name, a.target.index, a.arch, w.value !== undefined, seg.origin, a.linuxRegisters);
    return { markdown: `**${mdText(name)}**\n\n${mdText(v.message)}`, range };
  }
  const sub =
    rw.param && w.valueStart !== undefined && offset >= w.valueStart
      ? subOptionNote(name, w.value ?? '', w.valueStart, offset, a)
      : undefined;
  if (sub)
    return {
      markdown: `${sub}\n\n---\n\n${paramMarkdown(name, a, undefined, seg.image?.path, details, details ? undefined : 140)}`,
      range,
    };
  const note = rw.earlyBoot
    ? `Xen ${a.target.release}'s early x86 boot code reads "${w.key}" before the main parser runs${rw.param?.regs.length ? '' : ' (the main parser does not register it in this release and says nothing about it)'}.`
    : rw.param
      ? undefined
      : explainUnknown(name, a.target.index, a.arch, w.value !== undefined, seg.origin, a.linuxRegisters).message;
  return { markdown: paramMarkdown(name, a, note, seg.image?.path, details), range };
}

/**
 * The hover of a parameter. Short by default (what it is, whether the target has it, one link):
 * the description's first sentences, the syntax cut to one line, the architectures folded into
 * the releases line. `details` (the hoverDetails setting): the whole description, how this
 * release's parser reads the word, every architecture. `imagePath`: the image word, file text
 * quoted in the target's description. `budget`: characters of description (less under a value note).
 */
export function paramMarkdown(
  name: string,
  a: Analysis,
  notHere?: string,
  imagePath?: string,
  details = false,
  budget = 220,
): string {
  const f = paramFacts(name, a.target.release, a.target.index, a.arch, a.words.find((x) => x.matched === name)?.param);
  const lines = [`**${name}** \`${details ? f.syntax : oneLine(f.syntax, 60)}\``, ''];
  if (notHere) lines.push(`*${mdText(notHere)}*`, '');
  const description = f.description ?? '*No description written yet.*';
  lines.push(details ? description : firstSentences(description, budget), '');
  if (details && f.inverted) lines.push(f.inverted, '');
  lines.push(`- Default: ${details ? f.default : oneLine(f.default, 90)}`);
  if (details) lines.push(`- Architectures: ${f.archs}`);
  // The releases name each architecture when they differ; a single one is said once.
  const archNote = !details && !f.releases.includes(':') && f.archs !== 'all architectures' ? ` (${f.archs})` : '';
  lines.push(`- Exists in Xen ${f.releases}${archNote}`);
  lines.push(`- Checked against ${mdProse(describeTarget(a.target), imagePath)}`);
  lines.push('', `[Upstream documentation for Xen ${/docs\/([\d.]+)-testing/.exec(f.url)?.[1] ?? ''}](${f.url})`);
  return lines.join('\n');
}

const UNIT_SHIFT: Record<string, number> = { b: 0, k: 10, m: 20, g: 30, t: 40 };
const UNIT_NAME = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
const BOOL_WORDS: Record<string, boolean> = {
  yes: true,
  on: true,
  true: true,
  enable: true,
  1: true,
  no: false,
  off: false,
  false: false,
  disable: false,
  0: false,
};

/** A size as Xen reads it (a number without a unit is KiB), in the largest whole unit. */
function sizeWords(num: string, unit: string): string {
  let bytes = BigInt(num) << BigInt(unit ? UNIT_SHIFT[unit.toLowerCase()] : 10);
  let i = 0;
  while (i < UNIT_NAME.length - 1 && bytes >= 1024n && bytes % 1024n === 0n) {
    bytes /= 1024n;
    i++;
  }
  return `${bytes} ${UNIT_NAME[i]}${unit ? '' : ' (a number without a unit is read as KiB)'}`;
}

/** What one item of a value is, in plain words: a size, a share of memory, a yes/no, a number. */
function valueKind(item: string, syntax: string): string | undefined {
  const limit = /^(min|max):(.*)$/.exec(item);
  if (limit) {
    const inner = valueKind(limit[2], syntax);
    return inner ? `${limit[1] === 'min' ? 'the least' : 'the most'} it may be: ${inner}` : undefined;
  }
  const size = /^(\d+)([bBkKmMgGtT]?)$/.exec(item);
  if (size && /size|<sz>|memory|mem/i.test(syntax)) return `a size, ${sizeWords(size[1], size[2])}`;
  if (/^\d+%$/.test(item)) return `a share of the host's memory (${item})`;
  if (item.toLowerCase() in BOOL_WORDS && (/bool/i.test(syntax) || !/^\d+$/.test(item)))
    return `a yes/no value: ${BOOL_WORDS[item.toLowerCase()] ? 'on' : 'off'}`;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(item)) return 'a number';
  return undefined;
}

/** A line about the part of the value under the cursor: what kind of value it is, or which sub-option. */
function subOptionNote(
  name: string,
  value: string,
  valueStart: number,
  offset: number,
  a: Analysis,
): string | undefined {
  const rel = offset - valueStart;
  const start = value.lastIndexOf(',', rel - 1) + 1;
  const end = value.indexOf(',', rel) < 0 ? value.length : value.indexOf(',', rel);
  const item = value.slice(start, end);
  const head = `**${mdText(`${name}=${item}`)}**`;
  const words = sourceWords(name, a.target.index, a.arch);
  const bare = bareWord(item);
  const known = !!bare && !!words?.some((w) => bareWord(w) === bare);
  const syntax = paramFacts(
    name,
    a.target.release,
    a.target.index,
    a.arch,
    a.words.find((x) => x.matched === name)?.param,
  ).syntax;
  if (!known || /^(min|max):/.test(item)) {
    const kind = valueKind(item, syntax);
    if (kind) return `${head}: ${kind}.`;
  }
  if (!words || !bare) return undefined;
  const hist = subOptionHistory(name, bare, a.arch);
  const sep = item.search(/[=:]/);
  const after = sep > 0 ? valueKind(item.slice(sep + 1), item[sep] === '=' ? '<boolean>' : syntax) : undefined;
  return `${head}: ${known ? `the sub-option ${mdCode(bare)}${after ? `, set to ${after}` : ''}` : `Xen ${a.target.release} has no sub-option ${mdCode(bare)}`}${hist.length ? ` (present in ${describeRanges(hist)})` : ''}.`;
}
