// The checks of a kernel configuration's lines with the bundled knowledge (no kernel tree): symbols
// unknown, removed or renamed for the target Linux version (with how certain that is), values that
// do not fit the symbol's type, and lines setting a symbol without a prompt. kernelConfigMode.ts
// runs them line by line.
import type { Diagnostic, Fix } from '../core/types';
import { didYouMean, range } from '../core/text';
import type { ConfigAssignment } from './configParse';
import {
  allSymbolNames,
  availability,
  nearestBundled,
  BUNDLED_VERSIONS,
  describeFate,
  hasPrompt,
  slotOf,
  symbolRow,
  typeIn,
  type Availability,
  type KType,
  type Target,
} from './knowledge';
import {
  bundledReleases,
  definedIn,
  distributionRemoval,
  parseRelease,
  releaseLabel,
  type Certainty,
} from './certainty';

const ANY_VALUE = /^(y|m|n|-?\d+|0[xX][0-9a-fA-F]+)$/;

/**
 * A double-quoted string whose inner quotes and backslashes are escaped, as conf writes it. A loop,
 * not /^"(?:[^"\\]|\\.)*"$/: that expression overflows the regular-expression stack on a value of
 * some megabytes.
 */
export function isQuotedString(value: string): boolean {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return false;
  for (let i = 1; i < value.length - 1; i++) {
    const c = value[i];
    if (c === '"') return false;
    if (c === '\\') {
      // A backslash escapes the next character; it cannot escape the closing quote.
      if (i + 1 >= value.length - 1 || '\n\r\u2028\u2029'.includes(value[i + 1])) return false;
      i++;
    }
  }
  return true;
}

/** Checks a value against a symbol type; returns the problem, or undefined when it fits. */
export function valueProblem(type: KType, value: string, name: string): string | undefined {
  switch (type) {
    case 'bool':
      return /^[yn]$/.test(value)
        ? undefined
        : value === 'm'
          ? `CONFIG_${name} is a bool: it can be y or n, not m (only tristate options can be built as modules).`
          : `CONFIG_${name} is a bool: write y, or "# CONFIG_${name} is not set".`;
    case 'tristate':
      return /^[ymn]$/.test(value)
        ? undefined
        : `CONFIG_${name} is a tristate: write y (built in), m (module) or "# CONFIG_${name} is not set".`;
    case 'int':
      return /^-?\d+$/.test(value) ? undefined : `CONFIG_${name} is an int: write a decimal number such as 512.`;
    case 'hex':
      return /^(0[xX])?[0-9a-fA-F]+$/.test(value)
        ? undefined
        : `CONFIG_${name} is a hex value: write a hexadecimal number such as 0x1000.`;
    case 'string':
      return isQuotedString(value) ? undefined : `CONFIG_${name} is a string: put the value in double quotes.`;
    default:
      return ANY_VALUE.test(value) || isQuotedString(value)
        ? undefined
        : value === ''
          ? `CONFIG_${name} has an empty value: write y, m, a number, or a string in double quotes (or "# CONFIG_${name} is not set").`
          : `"${value}" is not a configuration value: use y, m or n, a decimal or 0x hex number, or a string in double quotes.`;
  }
}

/**
 * What the kernel's `conf` makes of a value it accepts without a word although it is not written the
 * usual way (scripts/kconfig/confdata.c, conf_set_sym_val, the same from 3.1 to 6.12): a bool or
 * tristate value is read by its first letter ("y # note" and "yes" are y, "module" is m), and a
 * string ends at its closing quote, the text after it ignored. Undefined when the value is plain or
 * when `conf` refuses it. Type '' (not known): any type that would accept it.
 */
export function looseReading(type: KType, value: string): { read: string; rest: string } | undefined {
  const letters = type === 'bool' ? 'yn' : type === 'tristate' || type === '' ? 'ymn' : '';
  if (value.length > 1 && letters.includes(value[0])) return { read: value[0], rest: value.slice(1) };
  if ((type === 'string' || type === '') && value[0] === '"' && !isQuotedString(value)) {
    for (let i = 1; i < value.length; i++) {
      if (value[i] === '\\') i++;
      else if (value[i] === '"') return { read: value.slice(0, i + 1), rest: value.slice(i + 1) };
    }
  }
  return undefined;
}

/** The info for a value `conf` reads in part (see looseReading), with the fix that writes what it reads. */
function looseFinding(a: ConfigAssignment, r: { read: string; rest: string }): Diagnostic {
  const rest = r.rest.trim();
  const shownRest = rest.length > 40 ? `${rest.slice(0, 40)}…` : rest;
  const what = r.read.startsWith('"') ? 'up to the closing quote' : 'by its first letter';
  return {
    range: valueRange(a),
    severity: 'info',
    code: 'kconfig/invalid-value',
    message: `The kernel's tools read this value ${what}: the line sets CONFIG_${a.name} to ${r.read} and the rest ("${shownRest}") is ignored. Writing ${r.read} alone says the same plainly.`,
    fixes: [{ title: `Write ${r.read}`, edits: [{ range: valueRange(a), newText: r.read }] }],
  };
}

let namesCache: string[] | undefined;
const names = (): string[] => (namesCache ??= allSymbolNames());

const namesByMask = new Map<number, string[]>();
/** Names existing for the target (exact slot, or either bundled version when approximate). */
export function namesFor(t: Target): string[] {
  const mask =
    t.bundled !== undefined
      ? 1 << slotOf(t.bundled, t.arch)
      : BUNDLED_VERSIONS.reduce((m, _, i) => m | (1 << slotOf(i, t.arch)), 0);
  let list = namesByMask.get(mask);
  if (!list) namesByMask.set(mask, (list = names().filter((n) => ((symbolRow(n)?.[1] ?? 0) & mask) !== 0)));
  return list;
}

/** The value's range; the whole assignment when the value is empty (nothing to underline). */
function valueRange(a: ConfigAssignment) {
  return a.valueEnd > a.valueStart ? range(a.line, a.valueStart, a.valueEnd) : range(a.line, a.nameStart, a.valueEnd);
}

/** Near names for a typo: candidates share the first letter or the last four characters. */
function suggest(name: string, t: Target): string[] {
  const tail = name.slice(-4);
  return didYouMean(
    name,
    namesFor(t).filter((c) => c[0] === name[0] || c.endsWith(tail)),
    3,
  );
}

export function renameFix(a: ConfigAssignment, to: string): Fix {
  return {
    title: `Rename to CONFIG_${to}`,
    preferred: true,
    edits: [{ range: range(a.line, a.nameStart, a.nameEnd), newText: `CONFIG_${to}` }],
  };
}

/** " (assuming Linux 6.12: …)" for findings that are not certain; empty when they are. */
function noteOf(c: Certainty): string {
  return c.note ? ` (${c.note})` : '';
}

/**
 * A warning when the verdict is sure enough to warn (ARCHITECTURE.md, "Certainty"), else an info:
 * files the kernel's `conf` wrote and files for an architecture the knowledge lacks only get infos
 * about symbols that are missing, since `conf` writes only symbols its own tree defines.
 */
function presenceSeverity(c: Certainty): 'warning' | 'info' {
  return c.confWritten || !c.archKnown ? 'info' : 'warning';
}

/** Where a dated fact of the symbol's history comes from, and whether the date is exact for the file. */
function historyNote(fate: Availability['fate'], c: Certainty): string {
  const src = fate?.source ? ` Source: ${fate.source}.` : '';
  // "after A, by B" already says how exact the date is; other dates get the caveat.
  return `${src}${c.level === 'exact' || fate?.after ? '' : ` The date is approximate: this extension knows Linux ${spanOfKnown()} by their sources, releases between them only from the lines around them.`}`;
}

/** "3.1, 3.10, … and 6.12", the release lines whose Kconfig symbols are bundled. */
function spanOfKnown(): string {
  const labels = bundledReleases().map((b) => b.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels.join('');
}

/** "Linux 4.19", "Linux 3.10, 4.4 and 5.4". */
function linuxList(labels: string[]): string {
  return `Linux ${labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels[0]}`;
}

/** "Linux 4.19 has it", "Linux 3.10, 4.4 and 5.4 have it". */
function haveIt(labels: string[]): string {
  return `${linuxList(labels)} ${labels.length > 1 ? 'have' : 'has'} it`;
}

function otherReleases(name: string, arch: Target['arch'], except: number[]): string[] {
  return bundledReleases()
    .filter((b) => !except.includes(b.index) && definedIn(name, b.index, arch))
    .map((b) => b.label);
}

function symbolProblem(
  a: ConfigAssignment,
  t: Target,
  c: Certainty,
  av: Availability,
  out: Diagnostic[],
  budget: { suggestions: number },
): void {
  const nameRange = range(a.line, a.nameStart, a.nameEnd);
  const sym = `CONFIG_${a.name}`;
  const shown = c.level === 'exact' ? t.version : (c.named ?? t.version);
  const where = `Linux ${shown} ${t.arch}`;
  const note = noteOf(c);
  if (av.state === 'absent') {
    const fate = av.fate;
    const dated = fate && (fate.version || fate.before);
    if (fate && dated && (fate.kind === 'renamed' || fate.kind === 'replaced')) {
      const to = (fate.kind === 'renamed' ? fate.to : fate.by)!;
      const toExists = availability(to, t).state !== 'absent';
      out.push({
        range: nameRange,
        severity: presenceSeverity(c),
        code: 'kconfig/renamed-symbol',
        tags: ['deprecated'],
        message: `${sym} does not exist in ${where}: it was ${describeFate(fate)}.${toExists ? '' : ` CONFIG_${to} does not exist in ${where} either.`} The kernel's tools drop this line, so the option falls back to its default.${historyNote(fate, c)}${note}`,
        fixes: toExists ? [renameFix(a, to)] : undefined,
      });
      return;
    }
    if (fate && dated && fate.kind === 'removed') {
      out.push({
        range: nameRange,
        severity: presenceSeverity(c),
        code: 'kconfig/removed-symbol',
        tags: ['deprecated'],
        message: `${sym} does not exist in ${where}: it was ${describeFate(fate)}. The kernel's tools drop this line.${historyNote(fate, c)}${note}`,
        fixes: [
          { title: `Remove the line setting ${sym}`, edits: [{ range: range(a.line, 0, 0, a.line + 1), newText: '' }] },
        ],
      });
      return;
    }
    if (av.addedIn) {
      out.push({
        range: nameRange,
        severity: presenceSeverity(c),
        code: 'kconfig/unknown-symbol',
        message: `${sym} does not exist yet in ${where}: it was added ${av.addedAfter ? `after ${av.addedAfter}, by ${av.addedIn}` : `in ${av.addedIn}`}. The kernel's tools drop this line.${historyNote(undefined, c)}${note}`,
      });
      return;
    }
    const removal = distributionRemoval(a.name);
    if (removal) {
      out.push({
        range: nameRange,
        severity: 'info',
        code: 'kconfig/unverified-symbol',
        message: `${sym} is part of mainline Linux, but ${removal.distribution}'s kernel source removes ${removal.what}: a ${removal.distribution} kernel build drops this line, other kernels keep it.`,
      });
      return;
    }
    // Present in a release that judges this file: the file's own release may well have it.
    const inJudges = c.judges.filter((j) => definedIn(a.name, j, t.arch)).map(releaseLabel);
    // conf wrote the file with its own release's symbols: nothing uncertain to say about them.
    if (inJudges.length && c.confWritten) return;
    if (inJudges.length) {
      out.push({
        range: nameRange,
        severity: 'info',
        code: 'kconfig/unverified-symbol',
        message: `${sym} exists in ${linuxList(inJudges)} but not in ${linuxList(
          c.judges.filter((j) => !definedIn(a.name, j, t.arch)).map(releaseLabel),
        ).slice(
          'Linux '.length,
        )}; whether ${c.level === 'assumed' ? `the ${t.arch} kernel this file is for has it is not certain: the file names no kernel version (a "# xen-config: linux=X.Y" line names it)` : `${where} has it is not certain`}.`,
      });
      return;
    }
    // The knowledge holds x86_64 and arm64 symbols only: for another architecture (32-bit x86,
    // arm, …) a symbol missing from both says nothing about the file's own kernel.
    if (!c.archKnown) return;
    if (av.otherArchOnly) {
      const other = t.arch === 'x86_64' ? 'arm64' : 'x86_64';
      // The judging releases that have it for the other architecture (not every one of them may).
      const withOther = c.judges.filter((j) => definedIn(a.name, j, other)).map(releaseLabel);
      const judged = c.level === 'exact' ? [shown] : withOther.length ? withOther : c.judges.map(releaseLabel);
      if (c.confWritten) {
        // conf wrote the line, so the file's own kernel has the symbol for its architecture.
        if (c.level === 'one-side' || c.level === 'assumed') return;
        out.push({
          range: nameRange,
          severity: 'info',
          code: 'kconfig/unverified-symbol',
          message: `${sym} is only for ${other} in ${linuxList(judged)}, not for ${t.arch}. The kernel that wrote this file has it for ${t.arch}, perhaps from a distribution patch; nothing to do if that is the kernel you build.`,
        });
        return;
      }
      out.push({
        range: nameRange,
        severity: c.level === 'exact' ? presenceSeverity(c) : 'info',
        code: 'kconfig/unknown-symbol',
        message:
          c.level === 'exact'
            ? `${sym} does not exist for ${t.arch} in Linux ${shown}: Linux ${shown} has it only for ${other}. The kernel's tools drop this line.`
            : `${sym} is only for ${other} in ${linuxList(judged)}: the kernel's tools drop this line in an ${t.arch} build of those releases.${note}`,
      });
      return;
    }
    const elsewhere = otherReleases(a.name, t.arch, c.judges);
    // A stable update of the file's own series (5.10.259 when the knowledge holds an earlier 5.10)
    // adds and drops symbols as a distribution patch does.
    const own = parseRelease(c.named);
    const origin =
      own && c.level !== 'exact' && bundledReleases().some((b) => b.major === own[0] && b.minor === own[1])
        ? `a stable update of ${own[0]}.${own[1]} other than the one this extension knows, or a distribution patch`
        : 'a distribution patch';
    if (c.confWritten || !c.archKnown) {
      // Outside the known releases (older, newer), symbols come and go: only worth a note when
      // the file's release lies between known ones (or is one), where a distribution patch is likely.
      if (c.level === 'one-side' || (c.level === 'assumed' && c.confWritten)) return;
      // conf writes only the symbols of the tree it ran on: the symbol comes from a patch, an
      // out-of-tree Kconfig, or a release this extension does not know.
      out.push({
        range: nameRange,
        severity: 'info',
        code: 'kconfig/unverified-symbol',
        message: `${sym} is not in ${c.level === 'exact' ? `Linux ${t.version}` : `the Linux releases this extension knows around ${shown} (${c.judges.map(releaseLabel).join(', ')})`}${elsewhere.length ? `; ${haveIt(elsewhere)}` : ''}. The kernel that wrote this file has it, perhaps from ${origin}; nothing to do if that is the kernel you build.`,
      });
      return;
    }
    const row = symbolRow(a.name);
    // Suggestions scan every name of the target: only for the first few unknown names of a file.
    const sugg = row || budget.suggestions-- <= 0 ? [] : suggest(a.name, t);
    const gone = elsewhere.length ? ` ${haveIt(elsewhere)}.` : '';
    out.push({
      range: nameRange,
      severity: 'warning',
      code: 'kconfig/unknown-symbol',
      message: `${sym} is not a symbol of ${where}; the kernel's tools drop this line.${gone}${sugg.length ? ` Did you mean ${sugg.map((s) => `CONFIG_${s}`).join(', ')}?` : ''}${note}`,
      fixes: sugg.length
        ? sugg.map((s, i) => ({ ...renameFix(a, s), title: `Change to CONFIG_${s}`, preferred: i === 0 }))
        : undefined,
    });
    return;
  }
  if (av.state === 'unknown') {
    if (c.confWritten) return;
    out.push({
      range: nameRange,
      severity: 'info',
      code: 'kconfig/unverified-symbol',
      message: `Whether ${sym} exists in ${where} is not certain: ${symbolRow(a.name) ? av.why : `none of Linux ${spanOfKnown()} has it`}.`,
    });
  }
}

/** The severity of a type mismatch found with certainty `c` (undefined: not reported). */
function typeSeverity(c: Certainty, allJudgesAgree: boolean): Diagnostic['severity'] | undefined {
  if (c.level === 'exact') return !c.archKnown ? 'info' : c.confWritten ? 'warning' : 'error';
  // conf checked every value against its own release's types when it wrote the file.
  if (c.confWritten) return undefined;
  if (!c.archKnown) return 'info';
  if (c.level === 'neighbours') return allJudgesAgree ? 'warning' : undefined;
  if (c.level === 'assumed') return allJudgesAgree ? 'warning' : 'info';
  return 'info';
}

export function symbolDiagnostics(
  a: ConfigAssignment,
  t: Target,
  c: Certainty,
  full: boolean,
  out: Diagnostic[],
  budget: { suggestions: number },
): void {
  const row = symbolRow(a.name);
  // Hot path (whole configurations of a bundled version): present, so only the value and prompt.
  const hereExact =
    c.level === 'exact' &&
    row !== undefined &&
    t.bundled !== undefined &&
    (row[1] & (1 << slotOf(t.bundled, t.arch))) !== 0;
  const judgesWith = hereExact ? [t.bundled!] : c.judges.filter((j) => definedIn(a.name, j, t.arch));
  let present = true;
  if (!hereExact) {
    const av = availability(a.name, t);
    present = av.state === 'present';
    if (!present) symbolProblem(a, t, c, av, out, budget);
    if (!judgesWith.length) {
      // No type known for the file's release: only a value that no type accepts is certain.
      const p = a.notSet ? undefined : valueProblem('', a.value, a.name);
      const loose = p ? looseReading('', a.value) : undefined;
      if (loose) out.push(looseFinding(a, loose));
      else if (p)
        out.push({
          range: valueRange(a),
          severity: c.confWritten ? 'warning' : 'error',
          code: 'kconfig/invalid-value',
          message: p,
        });
    }
  }
  if (row && !a.notSet && judgesWith.length) {
    const problems = judgesWith.map((j) => valueProblem(typeIn(row, slotOf(j, t.arch)), a.value, a.name));
    const primary = problems[problems.length - 1];
    // A value every judging release's conf reads in part, silently: what it reads, not an error.
    const loose = primary ? judgesWith.map((j) => looseReading(typeIn(row, slotOf(j, t.arch)), a.value)) : [];
    if (primary && loose.every((r) => r !== undefined) && loose.every((r) => r!.read === loose[0]!.read)) {
      out.push(looseFinding(a, loose[0]!));
    } else if (primary) {
      const agree = judgesWith.length === c.judges.length && problems.every((p) => p !== undefined);
      // A value no type accepts is wrong in every release.
      const anyType = valueProblem('', a.value, a.name);
      const severity = anyType && !c.confWritten ? 'error' : typeSeverity(c, agree);
      const note =
        severity === 'error'
          ? ''
          : c.level === 'exact' && c.confWritten
            ? ` The header says the kernel's tools wrote this file, which they never do with such a value: was it edited by hand?`
            : noteOf(c);
      if (severity)
        out.push({ range: valueRange(a), severity, code: 'kconfig/invalid-value', message: primary + note });
    }
  }
  if (present && !full && !a.notSet && hasPrompt(a.name, t) === false) {
    const slot = slotOf(t.bundled ?? nearestBundled(t.version), t.arch);
    const sel = row && row[3] & (1 << slot) ? ' It is selected by the options that need it.' : '';
    out.push({
      range: range(a.line, a.nameStart, a.nameEnd),
      severity: 'hint',
      code: 'kconfig/promptless-symbol',
      message: `CONFIG_${a.name} has no prompt in Linux ${t.version} ${t.arch}: the kernel's tools compute its value and ignore this line.${sel}${noteOf(c)}`,
    });
  }
}
