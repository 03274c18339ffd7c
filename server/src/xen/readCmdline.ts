// How Xen splits its command line into parameters, per release. Modelled on xen/common/kernel.c
// (cmdline_parse / parse_params) and xen/arch/x86/setup.c (cmdline_cook, the " -- " split):
//  - the boot loader's first word is the image name unless the loader is GRUB 2 / EFI (the host
//    tells us through seg.image);
//  - everything after the first " -- " is dom0's, not Xen's;
//  - words are separated by spaces only (tabs and quotes are ordinary characters to Xen);
//  - a word is cut to 99 characters (127 from 4.10.0: the opt[] buffer grew from 100 to 128);
//  - the name is everything before the first "=", compared with strcmp: "-" and "_" are different
//    characters in every release up to 4.22.0 (unlike Linux, Xen has no dash/underscore folding);
//  - a "no-" prefix is stripped before the lookup, whatever the parameter's kind;
//  - from 4.4.0 a name containing one of "([{<" matches a custom parameter registered with the
//    name up to that bracket ("ivrs_ioapic[" for "ivrs_ioapic[4]=…").
import type { CmdlineSegment } from '../cmdline/segment';
import { releaseIndex } from './releases';

export interface ReadRules {
  /** Longest word Xen keeps; the rest of the word is dropped. */
  maxWord: number;
  /** 4.10.0+: bad boolean/integer/size values and unknown names are reported on the console; before, they pass silently. */
  strict: boolean;
  /** 4.5.0+: "no-x" hands "no" to a custom parser, and "no-x=value" is skipped; before, "no-" was silently dropped. */
  customNo: boolean;
  /** 4.4.0+: "name[…]=" matches a custom parameter registered as "name[". */
  bracketNames: boolean;
  /** 4.5.0+: the T (TiB) size suffix. */
  sizeT: boolean;
  /** 4.10.0–4.10.2 and 4.11.0–4.11.1: parse_bool compared with strncmp(word, value, len), so any prefix of a boolean word counts ("n", "enabl"). */
  boolPrefixes: boolean;
}

export function readRules(release: string): ReadRules {
  const at = (v: string) => releaseIndex(release) >= releaseIndex(v);
  return {
    maxWord: at('4.10.0') ? 127 : 99,
    strict: at('4.10.0'),
    customNo: at('4.5.0'),
    bracketNames: at('4.4.0'),
    sizeT: at('4.5.0'),
    boolPrefixes: (at('4.10.0') && !at('4.10.3')) || (at('4.11.0') && !at('4.11.2')),
  };
}

export interface XenWord {
  /** Offsets of the whole word in the segment text. */
  start: number;
  end: number;
  /** The word as Xen keeps it (cut to maxWord). */
  text: string;
  /** Characters Xen drops from this word (0 when it fits). */
  cut: number;
  /** Before the first "=", with any "no-" prefix. */
  key: string;
  /** The key without a "no-" prefix: what Xen looks up. */
  name: string;
  negated: boolean;
  nameStart: number;
  nameEnd: number;
  value?: string;
  valueStart?: number;
  valueEnd?: number;
}

export interface XenCmdline {
  words: XenWord[];
  /** Offset of the text after the image word (where Xen's own parameters begin). */
  bodyStart: number;
  /** The " -- " separator and dom0's part after it, when present. */
  dom0?: { sepStart: number; start: number; end: number };
}

export function readCmdline(seg: CmdlineSegment, rules: ReadRules): XenCmdline {
  const text = seg.text;
  let body = seg.image ? seg.image.end : 0;
  while (text[body] === ' ') body++;
  // cmdline_cook returns the text from the first non-blank after the image; " -- " is searched there.
  const sep = text.indexOf(' -- ', body);
  const stop = sep >= 0 ? sep : text.length;
  const words: XenWord[] = [];
  let i = body;
  while (i < stop) {
    while (i < stop && text[i] === ' ') i++;
    if (i >= stop) break;
    const start = i;
    while (i < stop && text[i] !== ' ') i++;
    const whole = text.slice(start, i);
    const kept = whole.slice(0, rules.maxWord);
    const eq = kept.indexOf('=');
    const key = eq >= 0 ? kept.slice(0, eq) : kept;
    const negated = key.startsWith('no-');
    const w: XenWord = {
      start,
      end: i,
      text: kept,
      cut: whole.length - kept.length,
      key,
      name: negated ? key.slice(3) : key,
      negated,
      nameStart: start + (negated ? 3 : 0),
      nameEnd: start + key.length,
    };
    if (eq >= 0) {
      w.value = kept.slice(eq + 1);
      w.valueStart = start + eq + 1;
      w.valueEnd = start + kept.length;
    }
    words.push(w);
  }
  return { words, bodyStart: body, dom0: sep >= 0 ? { sepStart: sep, start: sep + 4, end: text.length } : undefined };
}

/** The registered name a bracketed key matches ("ivrs_ioapic[4]" → "ivrs_ioapic["), if any. */
export function bracketName(key: string): string | undefined {
  const b = key.search(/[([{<]/);
  return b >= 0 ? key.slice(0, b + 1) : undefined;
}
