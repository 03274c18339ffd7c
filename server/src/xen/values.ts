// Value checks for Xen boot parameters, written after the parsers in the Xen sources:
// parse_bool (xen/common/kernel.c), simple_strtoll with base 0, parse_size_and_unit
// (xen/common/lib.c), parse_dom0_mem / parse_amt (xen/arch/x86/dom0_build.c), parse_cstate
// (xen/arch/x86/acpi/cpu_idle.c), parse_dom0_max_vcpus. Never throws.
import type { ReadRules } from './readCmdline';
import { releaseIndex } from './releases';

export const BOOL_TRUE = ['yes', 'on', 'true', 'enable', '1'];
export const BOOL_FALSE = ['no', 'off', 'false', 'disable', '0'];
export const BOOL_WORDS = [...BOOL_TRUE, ...BOOL_FALSE];

/** parse_bool: 1, 0, or -1 when the word is not a boolean. */
export function parseBool(s: string, prefixes = false): 1 | 0 | -1 {
  if (BOOL_TRUE.includes(s)) return 1;
  if (BOOL_FALSE.includes(s)) return 0;
  if (prefixes && s) {
    // Xen 4.10.0–4.10.2 and 4.11.0–4.11.1: the false words are tried first, each by its prefix.
    if (BOOL_FALSE.some((w) => w.startsWith(s))) return 0;
    if (BOOL_TRUE.some((w) => w.startsWith(s))) return 1;
  }
  return -1;
}

/** simple_strtoll(s, &end, 0): how many characters form a number (0 when none). */
export function integerPrefix(s: string): number {
  const m = /^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  return m ? m[0].length : 0;
}

export interface ValueIssue {
  start: number;
  end: number;
  message: string;
  code?: string;
}

/** An integer value; `offset` is where the value starts in the segment. */
export function checkInteger(value: string, offset: number, rules: ReadRules, what = 'an integer'): ValueIssue[] {
  const n = integerPrefix(value);
  if (value === '') return [{ start: offset, end: offset, message: `Empty value: Xen reads it as 0. Give ${what}.` }];
  if (n === value.length) return [];
  if (n === 0)
    return [
      {
        start: offset,
        end: offset + value.length,
        message: `"${value}" is not ${what}: Xen reads it as 0${rules.strict ? ' and reports the value as invalid' : ''}.`,
      },
    ];
  return [
    {
      start: offset + n,
      end: offset + value.length,
      message: `Xen reads the number ${value.slice(0, n)} and ${rules.strict ? 'rejects the value because of' : 'silently ignores'} the trailing "${value.slice(n)}".`,
    },
  ];
}

/** parse_size_and_unit: number then one optional suffix (B K M G, T from 4.5.0); no suffix means KiB. */
export function checkSize(value: string, offset: number, rules: ReadRules, allowPercent = false): ValueIssue[] {
  const n = integerPrefix(value.replace(/^-/, '')) + (value.startsWith('-') ? 1 : 0);
  if (!value) return [{ start: offset, end: offset, message: 'Empty size: Xen reads it as 0.' }];
  if (n === 0 || (value.startsWith('-') && n === 1))
    return [
      {
        start: offset,
        end: offset + value.length,
        message: `"${value}" is not a size: write a number with an optional unit (K, M, G${rules.sizeT ? ', T' : ''}), for example 512M.`,
      },
    ];
  const rest = value.slice(n);
  const units = rules.sizeT ? 'bBkKmMgGtT' : 'bBkKmMgG';
  if (rest === '')
    return [
      {
        start: offset,
        end: offset + value.length,
        message: `"${value}" has no unit, so Xen reads it as ${value} KiB. Add K, M or G to say what you mean.`,
        code: 'xen/size-without-unit',
      },
    ];
  if (units.includes(rest[0]) && rest.length === 1) return [];
  if (allowPercent && rest === '%') return [];
  if ((rest[0] === 't' || rest[0] === 'T') && !rules.sizeT)
    return [
      {
        start: offset + n,
        end: offset + value.length,
        message: `The T suffix is only understood from Xen 4.5.0; this release reads "${value}" as ${value.slice(0, n)} KiB.`,
      },
    ];
  return [
    {
      start: offset + n,
      end: offset + value.length,
      message: `"${rest}" is not a size suffix Xen understands (${rules.sizeT ? 'K, M, G, T' : 'K, M, G'} or B).`,
    },
  ];
}

/** dom0_mem on x86: comma-separated `[min:|max:]<amount>`; `<amount>` a size, from 4.12.0 also `N%` or `<size>+N%`, and a leading `-` means "all but". */
export function checkDom0Mem(value: string, offset: number, rules: ReadRules, release: string): ValueIssue[] {
  const out: ValueIssue[] = [];
  const pct = releaseIndex(release) >= releaseIndex('4.12.0');
  let pos = 0;
  for (const item of value.split(',')) {
    const start = offset + pos;
    pos += item.length + 1;
    let body = item;
    let at = start;
    const m = /^(min|max):/.exec(item);
    if (!m && /^[A-Za-z][A-Za-z0-9_.-]*(?:=.*)?$/.test(item)) {
      // Another parameter joined by a comma (dom0_mem=1G,dom0_max_vcpus=2): the parser stops here.
      const lost = value.slice(start - offset);
      out.push({
        start,
        end: offset + value.length,
        message: `"${item}" is not an amount: it reads like a parameter of its own, joined to dom0_mem by a comma. ${
          pct
            ? `Xen ${release} rejects dom0_mem's value from here on`
            : `Xen ${release} reads it as an amount of 0, which replaces any size before it (dom0 then gets Xen's default), and stops there`
        }, so "${lost}" is never applied. Separate parameters with a space.`,
      });
      break;
    }
    if (m) {
      body = item.slice(m[0].length);
      at += m[0].length;
    } else if (/^[a-z]+:/.test(item)) {
      out.push({
        start,
        end: start + item.indexOf(':'),
        message: `dom0_mem knows "min:" and "max:" prefixes only.`,
        code: 'xen/invalid-sub-option',
      });
      continue;
    }
    if (body === '') {
      out.push({ start: at, end: at, message: 'Missing amount.' });
      continue;
    }
    const amount = body.replace(/^-/, '');
    const shift = body.length - amount.length;
    const parts = pct ? amount.split('+') : [amount];
    if (parts.length > 2) {
      out.push({ start: at, end: at + body.length, message: 'At most one "+" (a size plus a percentage).' });
      continue;
    }
    let p = at + shift;
    parts.forEach((part, i) => {
      if (pct && part.endsWith('%')) {
        const num = part.slice(0, -1);
        if (!/^\d+$/.test(num) || Number(num) >= 100)
          out.push({
            start: p,
            end: p + part.length,
            message: `A percentage must be a whole number below 100 ("${part}").`,
          });
      } else if (i > 0) {
        out.push({ start: p, end: p + part.length, message: 'After "+" only a percentage is allowed.' });
      } else {
        for (const issue of checkSize(part, p, rules)) out.push(issue);
      }
      p += part.length + 1;
    });
    if (!pct && /%/.test(body))
      out.push({
        start: at,
        end: at + body.length,
        message: `Percentages in dom0_mem are understood from Xen 4.12.0; ${release} does not.`,
      });
  }
  return out;
}

/** max_cstate: an integer; from 4.13.0 optionally ",<sub-state>". */
export function checkMaxCstate(value: string, offset: number, rules: ReadRules, release: string): ValueIssue[] {
  const sub = releaseIndex(release) >= releaseIndex('4.13.0');
  const comma = value.indexOf(',');
  if (comma >= 0 && sub)
    return [
      ...checkInteger(value.slice(0, comma), offset, rules),
      ...checkInteger(value.slice(comma + 1), offset + comma + 1, rules, 'a sub-state number'),
    ];
  return checkInteger(value, offset, rules, 'a C-state number');
}

/** dom0_max_vcpus on x86 from 4.3.0: N, N-, -M or N-M. */
export function checkVcpuRange(value: string, offset: number): ValueIssue[] {
  if (/^(\d+|\d+-\d*|-\d+)$/.test(value)) return [];
  return [
    {
      start: offset,
      end: offset + value.length,
      message: `Write a number of vCPUs, or a range "min-max" (either end may be left out), for example 4 or 2-8.`,
    },
  ];
}

export function isBoolWord(s: string): boolean {
  return parseBool(s) >= 0;
}
