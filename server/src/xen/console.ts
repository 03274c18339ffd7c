// console= on Xen's line: which comma-separated items each release takes (server/data/xen/console.json,
// derived from console.c and serial.c by scripts/derive-xen-console.ts). Xen walks the items in
// console_init_preirq(); an item no branch takes is reported on the console as
// "Bad console= option '<item>'" and ignored. Linux-style values (ttyS0,115200n8) are the common
// mistake on real hosts: explained, with a fix in Xen's terms. Never throws.
import data from '../../data/xen/console.json';
import type { Arch } from '../core/types';
import { describeRanges, parseRanges, inRanges } from './releases';
import type { ValueIssue } from './values';

interface Entry {
  word: string;
  prefix: string;
  exact: boolean;
  suffixes?: string[];
  arch: string;
  ranges: Array<[number, number]>;
}

const ENTRIES: Entry[] = Object.entries(
  data.words as Record<
    string,
    Array<{ prefix: string; exact: boolean; suffixes?: string[]; arch: string; releases: string }>
  >,
).flatMap(([word, es]) =>
  es.map((e) => ({
    word,
    prefix: e.prefix,
    exact: e.exact,
    suffixes: e.suffixes,
    arch: e.arch,
    ranges: parseRanges(e.releases),
  })),
);
const SIZES: Array<{ size: number; ranges: Array<[number, number]> }> = Object.entries(
  data.bufferSize as Record<string, string>,
).map(([n, r]) => ({ size: Number(n), ranges: parseRanges(r) }));

const archOk = (e: Entry, arch: Arch) => e.arch === 'common' || (e.arch === 'x86' && arch === 'x86_64');
const takes = (e: Entry, item: string) => item.startsWith(e.prefix) && (!e.exact || item.length === e.prefix.length);

/** The console words of a release on `arch`, in source order. */
export function consoleWordsAt(rel: number, arch: Arch): string[] {
  return [...new Set(ENTRIES.filter((e) => inRanges(e.ranges, rel) && archOk(e, arch)).map((e) => e.word))];
}

/** Whether release `rel` on `arch` takes `item` as a console. */
export function consoleTakes(item: string, rel: number, arch: Arch): boolean {
  return ENTRIES.some((e) => inRanges(e.ranges, rel) && archOk(e, arch) && takes(e, item));
}

/** The releases (on `arch`) that take `item`. */
function releasesTaking(item: string, arch: Arch): Array<[number, number]> {
  return ENTRIES.filter((e) => archOk(e, arch) && takes(e, item)).flatMap((e) => e.ranges);
}

export interface ConsoleIssue extends ValueIssue {
  fix?: { title: string; start: number; end: number; newText: string };
}

/** Linux's serial options "115200n8" as Xen's com1= options "115200,8n1". */
function xenSerialOptions(linuxOpts: string | undefined): string | undefined {
  if (!linuxOpts) return undefined;
  const m = /^(\d+)(?:([noe])([5-8])?)?r?$/.exec(linuxOpts);
  if (!m) return undefined;
  return m[2] ? `${m[1]},${m[3] ?? '8'}${m[2]}1` : m[1];
}

/**
 * Checks console=`value` (starting at `offset` in the segment) for release `rel`. `wordStart`/`wordEnd`
 * span the whole word, for the fix; `hasComOption(n)` says whether the line already sets com<n>=.
 */
export function checkConsole(
  value: string,
  offset: number,
  rel: number,
  release: string,
  arch: Arch,
  word: { start: number; end: number },
  hasComOption: (port: string) => boolean,
  /** Where dom0's kernel words go in the file at hand ("on the dom0 kernel's "module" line"). */
  dom0Place = "on the dom0 kernel's line (the module line)",
): ConsoleIssue[] {
  const out: ConsoleIssue[] = [];
  const size = SIZES.find((s) => inRanges(s.ranges, rel))?.size;
  let kept = value;
  if (size && value.length > size - 1) {
    kept = value.slice(0, size - 1);
    out.push({
      start: offset + kept.length,
      end: offset + value.length,
      code: 'xen/invalid-value',
      message: `Xen ${release} keeps only the first ${size - 1} characters of console=; "${value.slice(kept.length)}" is lost.`,
    });
  }
  const items = kept.split(',');
  // A Linux console (ttyS0,115200n8, tty0, hvc0) on Xen's line: say so once, with the Xen form.
  const linux = /^(ttyS|ttyAMA|ttyPS|ttymxc|hvc|xvc|tty)(\d*)$/.exec(items[0]);
  if (linux) {
    const opts = items[1];
    const isSerial = linux[1] === 'ttyS' && (linux[2] === '0' || linux[2] === '1');
    const isVga = linux[1] === 'tty' && (linux[2] === '' || /^\d+$/.test(linux[2]));
    let newText: string | undefined;
    let how = '';
    if (isSerial) {
      const port = `com${Number(linux[2]) + 1}`;
      const xo = xenSerialOptions(opts);
      newText = `console=${port}${xo && !hasComOption(port) ? ` ${port}=${xo}` : ''}`;
      how = ` For Xen, ${linux[0]} is ${port}: write "${newText}". If it was meant for dom0's console, put it ${dom0Place}.`;
    } else if (isVga) {
      newText = 'console=vga';
      how = ` For the screen, Xen's word is vga: write "console=vga". If it was meant for dom0's console, put it ${dom0Place}.`;
    } else if (linux[1] === 'hvc' || linux[1] === 'xvc') {
      how = ` ${linux[0]} is the console Xen gives dom0; it belongs on dom0's kernel line, not Xen's: put it ${dom0Place}.`;
    }
    out.push({
      start: offset,
      end: offset + kept.length,
      code: 'xen/invalid-value',
      message: `"${kept}" is how Linux names a console, not Xen: Xen ${release} rejects each item ("Bad console= option") and ends up with no console output of its own.${how}`,
      ...(newText ? { fix: { title: `Replace with "${newText}"`, start: word.start, end: word.end, newText } } : {}),
    });
    return out;
  }
  const known = consoleWordsAt(rel, arch);
  let pos = 0;
  for (const item of items) {
    const at = offset + pos;
    pos += item.length + 1;
    if (consoleTakes(item, rel, arch)) continue;
    const elsewhere = item ? releasesTaking(item, arch) : [];
    const other = elsewhere.length
      ? ` (Xen ${describeRanges(elsewhere)} take${elsewhere.length === 1 && elsewhere[0][0] === elsewhere[0][1] ? 's' : ''} it)`
      : '';
    const baud = /^\d+([noe][5-8]?)?$/.test(item)
      ? ' A baud rate goes into com1= or com2= (com1=115200,8n1), not console=.'
      : '';
    out.push({
      start: at,
      end: at + Math.max(item.length, 0),
      code: 'xen/invalid-value',
      message:
        value === ''
          ? `console= with no value: Xen ${release} prints "Bad console= option ''" at boot and has no console output of its own. Give one or more of ${known.join(', ')}.`
          : item === ''
            ? `Empty item in console=: Xen ${release} prints "Bad console= option ''" at boot. Remove the extra comma.`
            : `Xen ${release} has no console "${item}"${other}: at boot it prints "Bad console= option '${item}'" and ignores it. It takes ${known.join(', ')}.${baud}`,
    });
  }
  return out;
}
