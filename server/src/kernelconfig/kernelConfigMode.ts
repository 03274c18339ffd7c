// Language mode for kernel configurations (.config, fragments, defconfigs): syntax and value
// checks, symbols unknown / removed / renamed for the target Linux version, Xen role
// requirements, hovers with the bundled knowledge, completion of symbol names and values.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../service/mode';
import type {
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Fix,
  Hover,
  DocumentStatus,
  InlayHint,
  Position,
  Range,
  TextEdit,
} from '../service/types';
import { didYouMean, range } from '../service/text';
import { mdCode, mdText } from '../service/markdown';
import { looksLikeKernelConfig, nameNeedsContent } from '../service/languages';
import { VersionCache } from '../service/cache';
import { configInlayHints } from './hints';
import { parseConfig, type ConfigAssignment, type ParsedConfig } from './configParse';
import {
  allSymbolNames,
  availability,
  nearestBundled,
  BUNDLED_VERSIONS,
  describeFate,
  describeTarget,
  hasPrompt,
  presenceSummary,
  slotOf,
  slotFlags,
  symbolInfo,
  symbolRow,
  targetOf,
  typeIn,
  xenInfo,
  type Availability,
  type KType,
  type Target,
} from './knowledge';
import {
  chooseRole,
  findRoleComment,
  isFullConfig,
  pointlessFor,
  roleReport,
  roleTitle,
  XEN_ROLES,
  type RequirementRow,
} from './roles';
import { treeFor, type TreeState } from './kernelTree';
import {
  bundledReleases,
  certaintyOf,
  definedIn,
  distributionRemoval,
  releaseLabel,
  type Certainty,
} from './certainty';
import type { KconfigTree } from '../kconfig/index';
import {
  forgetTreeSession,
  treeDefinition,
  treeDiagnostics,
  treeHover,
  treeInlayHints,
  treeNameCompletions,
  treeValueCompletions,
} from './treeConfig';

const cache = new VersionCache<ParsedConfig>();
const parsed = (doc: TextDocument): ParsedConfig =>
  cache.get(doc.uri, doc.version, (prev) => parseConfig(doc.getText(), prev));

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

function targetFor(cfg: ParsedConfig, ctx: ModeContext): Target {
  return targetOf(cfg.header, ctx.path, ctx.settings, cfg.directives);
}

let namesCache: string[] | undefined;
const names = (): string[] => (namesCache ??= allSymbolNames());

const namesByMask = new Map<number, string[]>();
/** Names existing for the target (exact slot, or either bundled version when approximate). */
function namesFor(t: Target): string[] {
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

function renameFix(a: ConfigAssignment, to: string): Fix {
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
        message: `${sym} does not exist in ${where}: it was ${describeFate(fate)}.${toExists ? '' : ` CONFIG_${to} does not exist in ${where} either.`} The kernel's tools drop this line, so the option falls back to its default.${historyNote(fate, c)}`,
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
        message: `${sym} does not exist in ${where}: it was ${describeFate(fate)}. The kernel's tools drop this line.${historyNote(fate, c)}`,
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
        message: `${sym} does not exist yet in ${where}: it was added ${av.addedAfter ? `after ${av.addedAfter}, by ${av.addedIn}` : `in ${av.addedIn}`}. The kernel's tools drop this line.${historyNote(undefined, c)}`,
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
        message: `${sym} exists in Linux ${inJudges.join(' and ')} but not in ${c.judges
          .filter((j) => !definedIn(a.name, j, t.arch))
          .map(releaseLabel)
          .join(' and ')}; whether ${where} has it is not certain.`,
      });
      return;
    }
    if (av.otherArchOnly) {
      const other = t.arch === 'x86_64' ? 'arm64' : 'x86_64';
      out.push({
        range: nameRange,
        severity: c.level === 'exact' ? presenceSeverity(c) : 'info',
        code: 'kconfig/unknown-symbol',
        message: `${sym} does not exist for ${t.arch} in Linux ${shown}: Linux ${shown} has it only for ${other}. The kernel's tools drop this line.${note}`,
      });
      return;
    }
    const elsewhere = otherReleases(a.name, t.arch, c.judges);
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
        message: `${sym} is not in ${c.level === 'exact' ? `Linux ${t.version}` : `the Linux releases this extension knows around ${shown} (${c.judges.map(releaseLabel).join(', ')})`}${elsewhere.length ? `; Linux ${elsewhere.join(' and ')} has it` : ''}. The kernel that wrote this file has it, perhaps from a distribution patch; nothing to do if that is the kernel you build.`,
      });
      return;
    }
    const row = symbolRow(a.name);
    // Suggestions scan every name of the target: only for the first few unknown names of a file.
    const sugg = row || budget.suggestions-- <= 0 ? [] : suggest(a.name, t);
    const gone = elsewhere.length
      ? ` Linux ${elsewhere.join(' and ')} ${elsewhere.length > 1 ? 'have' : 'has'} it.`
      : '';
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

function symbolDiagnostics(
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
      if (p)
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
    if (primary) {
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
      message: `CONFIG_${a.name} has no prompt in Linux ${t.version} ${t.arch}: the kernel's tools compute its value and ignore this line.${sel}`,
    });
  }
}

function roleDiagnostics(doc: TextDocument, cfg: ParsedConfig, ctx: ModeContext, t: Target, out: Diagnostic[]): void {
  const comment = findRoleComment(cfg);
  if (comment && !comment.role) {
    out.push({
      range:
        comment.end > comment.start
          ? range(comment.line, comment.start, comment.end)
          : range(comment.line, 0, comment.end),
      severity: 'error',
      code: 'kconfig/unknown-role',
      message: `"${comment.value}" is not a Xen role; write one of ${XEN_ROLES.join(', ')}.`,
      fixes: XEN_ROLES.map((r) => ({
        title: `Set role=${r}`,
        edits: [{ range: range(comment.line, comment.start, comment.end), newText: r }],
      })),
    });
  }
  const choice = chooseRole(cfg, ctx.settings, ctx.path);
  if (!choice) return;
  const rows = roleReport(cfg, choice.role, t);
  const at =
    choice.line !== undefined
      ? range(
          choice.line,
          0,
          doc.getText(range(choice.line, 0, 0, choice.line + 1)).replace(/(\r\n|\r|\n)$/, '').length,
        )
      : range(0, 0, 0);
  const lastLine = doc.lineCount - 1;
  const endText = doc.getText(range(lastLine, 0, 0, lastLine + 1));
  const insertAt =
    choice.line !== undefined ? { line: choice.line + 1, character: 0 } : { line: lastLine, character: endText.length };
  const prefix = choice.line === undefined && endText.length > 0 ? '\n' : '';
  const editFor = (rs: RequirementRow[]): TextEdit[] => {
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const r of rs) {
      if (!r.fix) continue;
      const line = `CONFIG_${r.fix.symbol}=${r.fix.value}`;
      if (r.line !== undefined)
        edits.push({
          range: range(r.line, 0, doc.getText(range(r.line, 0, 0, r.line + 1)).replace(/(\r\n|\r|\n)$/, '').length),
          newText: line,
        });
      else added.push(line);
    }
    if (added.length)
      edits.push({ range: { start: insertAt, end: insertAt }, newText: prefix + added.map((l) => l + '\n').join('') });
    return edits;
  };
  const report = (level: 'required' | 'recommended'): void => {
    const failed = rows.filter((r) => r.status === 'FAIL' && r.level === level);
    if (!failed.length) return;
    const list = failed.map((r) => `${r.requirement} (${r.why})`).join('; ');
    const fixes: Fix[] = [
      {
        title: `Add the ${failed.length} ${level === 'required' ? 'missing required' : 'recommended'} option${failed.length > 1 ? 's' : ''} for ${choice.role}`,
        preferred: level === 'required',
        edits: editFor(failed),
      },
    ];
    if (failed.length > 1)
      for (const r of failed)
        if (r.fix) fixes.push({ title: `Add CONFIG_${r.fix.symbol}=${r.fix.value}`, edits: editFor([r]) });
    out.push({
      range: at,
      severity: level === 'required' ? 'warning' : 'info',
      code: level === 'required' ? 'kconfig/role-requirement-missing' : 'kconfig/role-recommendation-missing',
      message: `${roleTitle(choice.role)} (role from ${choice.source}), ${describeTarget(t)}: ${failed.length} ${level} option${failed.length > 1 ? 's' : ''} missing or disabled — ${list}`,
      fixes,
    });
  };
  report('required');
  report('recommended');
  for (const p of pointlessFor(cfg, choice.role)) {
    if (availability(p.symbol, t).state === 'absent') continue; // already reported as removed
    const a = cfg.assignments.find((x) => x.line === p.line)!;
    out.push({
      range: range(a.line, a.nameStart, a.nameEnd),
      severity: 'hint',
      code: 'kconfig/role-pointless',
      tags: ['unnecessary'],
      message: `CONFIG_${p.symbol} is of no use for a ${choice.role} kernel: ${p.why}`,
    });
  }
}

/** The kernel tree when `kernelSourcePath` is set and its load has finished; starts the load otherwise. */
function readyTree(ctx: ModeContext): KconfigTree | undefined {
  const st = treeFor(ctx.settings, ctx.fs);
  return st?.state === 'ready' ? st.tree : undefined;
}

function treeUnavailable(st: TreeState | undefined): Diagnostic[] {
  if (st?.state !== 'failed') return [];
  return [
    {
      range: range(0, 0, 0),
      severity: 'warning',
      code: 'kconfig/tree-unavailable',
      message: `The kernel tree cannot be used: ${st.reason}. This file is checked with the bundled knowledge instead.`,
    },
  ];
}

/**
 * The tree says a symbol is unknown; when the bundled history knows it was renamed (or replaced)
 * and the tree defines the new name, say so and offer the rename first.
 */
function withRenames(out: Diagnostic[], cfg: ParsedConfig, tree: KconfigTree, t: Target): void {
  for (const d of out) {
    if (d.code !== 'kconfig/unknown-symbol') continue;
    const a = cfg.assignments.find(
      (x) =>
        x.line === d.range.start.line && x.nameStart <= d.range.start.character && d.range.start.character <= x.nameEnd,
    );
    if (!a) continue;
    const fate = availability(a.name, t).fate;
    const to = fate?.kind === 'renamed' ? fate.to : fate?.kind === 'replaced' ? fate.by : undefined;
    if (!fate || !to || !tree.symbol(to)?.menus.length) continue;
    d.message += ` It was ${describeFate(fate)}, which this tree defines.`;
    d.fixes = [renameFix(a, to), ...(d.fixes ?? []).map((f) => ({ ...f, preferred: false }))];
  }
}

const quietByTarget = new Map<string, Set<string>>();
/** Assignments known to need no symbol diagnostic for a target (bounded). */
function quietLines(target: string): Set<string> {
  let set = quietByTarget.get(target);
  if (!set) {
    if (quietByTarget.size > 8) quietByTarget.clear();
    quietByTarget.set(target, (set = new Set()));
  }
  if (set.size > 200_000) set.clear();
  return set;
}

/** A `*.config` file whose content is not a kernel configuration (.NET's web.config, …): say nothing. */
function notKernelConfig(doc: TextDocument, ctx: ModeContext): boolean {
  return ctx.path !== undefined && nameNeedsContent(ctx.path) && !looksLikeKernelConfig(doc.getText());
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  if (notKernelConfig(doc, ctx)) return [];
  const cfg = parsed(doc);
  const st = treeFor(ctx.settings, ctx.fs);
  if (st?.state === 'ready') {
    // The engine judges symbols, values and repeats; the bundled line checks stay for the lines
    // the engine reads differently (treeDiagnostics drops its malformed-line there), and the roles.
    const out = treeDiagnostics(doc, st.tree, cfg);
    withRenames(out, cfg, st.tree, targetFor(cfg, ctx));
    for (const item of cfg.items) {
      if (item.kind === 'bad')
        out.push({
          range: range(item.line, item.start, item.end),
          severity: 'error',
          code: 'kconfig/malformed-line',
          message: `Not a configuration line: ${item.reason}. The kernel's tools skip it.`,
        });
    }
    if (!ctx.isCancelled()) roleDiagnostics(doc, cfg, ctx, targetFor(cfg, ctx), out);
    return out;
  }
  const out: Diagnostic[] = treeUnavailable(st);
  const seen = new Map<string, ConfigAssignment>();
  const t = targetFor(cfg, ctx);
  const c = certaintyOf(cfg, t, ctx.settings);
  const full = isFullConfig(cfg);
  const budget = { suggestions: 30 };
  const quiet = quietLines(
    `${t.version}|${t.arch}|${t.bundled}|${full}|${c.level}|${c.judges.join(',')}|${c.confWritten}|${c.archKnown}|${c.note}`,
  );
  for (const item of cfg.items) {
    if (ctx.isCancelled() || out.length > ctx.maxDiagnostics) break;
    if (item.kind === 'bad') {
      out.push({
        range: range(item.line, item.start, item.end),
        severity: 'error',
        code: 'kconfig/malformed-line',
        message: `Not a configuration line: ${item.reason}. The kernel's tools skip it.`,
      });
      continue;
    }
    if (item.kind !== 'set') continue;
    if (!item.notSet) {
      // Most lines have nothing to report: remember those per target, so a re-diagnosis after a
      // one-line edit skips the knowledge look-ups for the other 10,000 lines.
      const key = `${item.name}=${item.value}`;
      if (!quiet.has(key)) {
        const before = out.length;
        symbolDiagnostics(item, t, c, full, out, budget);
        if (out.length === before) quiet.add(key);
      }
    }
    const prev = seen.get(item.name);
    if (prev) {
      out.push({
        range: range(prev.line, prev.nameStart, prev.valueEnd),
        severity: 'warning',
        code: 'kconfig/repeated-assignment',
        message: `CONFIG_${item.name} is assigned again on line ${item.line + 1}; that later value (${item.notSet ? 'not set' : item.value}) wins and this one is ignored.`,
        tags: ['unnecessary'],
        fixes: [
          {
            title: `Remove the overridden assignment of CONFIG_${item.name}`,
            edits: [{ range: range(prev.line, 0, 0, prev.line + 1), newText: '' }],
          },
        ],
      });
    }
    seen.set(item.name, item);
  }
  if (!ctx.isCancelled()) roleDiagnostics(doc, cfg, ctx, t, out);
  return out;
}

function assignmentAt(cfg: ParsedConfig, pos: Position): ConfigAssignment | undefined {
  return cfg.assignments.find(
    (a) => a.line === pos.line && pos.character >= a.nameStart && pos.character <= a.valueEnd,
  );
}

/** Markdown describing a symbol for the target; exported for other hosts (Kconfig files). */
export function symbolMarkdown(name: string, t: Target): string | undefined {
  const info = symbolInfo(name, slotOf(t.bundled ?? nearestBundled(t.version), t.arch));
  const xi = xenInfo(name);
  if (!info && !xi) return undefined;
  const lines: string[] = [];
  lines.push(`**CONFIG_${name}**${info?.type ? ` — ${info.type}` : ''}`);
  if (xi) lines.push('', xi.description);
  if (info) {
    lines.push('', `Exists in: ${presenceSummary(info)}.`);
    if (info.file) lines.push(`Defined in \`${info.file}:${info.line}\` (the newest known release that has it).`);
    const prompted = slotFlags(info.prompt & info.present);
    const promptless = slotFlags(info.present & ~info.prompt);
    if (promptless.length)
      lines.push(
        prompted.length
          ? `No prompt in ${promptless.join(', ')} (computed, not set by hand).`
          : "No prompt: its value is computed by the kernel's tools (defaults and `select`), never set by hand.",
      );
    const sel = slotFlags(info.selected);
    if (sel.length)
      lines.push(
        `Selected automatically by other options in ${sel.length === slotFlags(info.present).length ? 'every known release' : sel.join(', ')}.`,
      );
  } else {
    lines.push('', `Not defined in Linux ${BUNDLED_VERSIONS.join(' or ')}, the releases this extension knows.`);
  }
  const av = availability(name, t);
  const state = av.state === 'present' ? 'exists' : av.state === 'absent' ? 'does not exist' : 'not certain';
  lines.push(
    '',
    `For Linux ${mdText(t.version)} ${mdText(t.arch)}: ${state}${av.fate ? ` — ${describeFate(av.fate)}` : ''}${av.exact || av.state === 'unknown' ? '' : ' (not certain: this extension does not know that release exactly)'}.`,
  );
  if (xi?.history.length) {
    lines.push('', '**History**');
    for (const e of xi.history) {
      const when = e.version ? e.version : e.before ? `before ${e.before}` : '';
      const what =
        e.kind === 'renamed'
          ? `renamed to CONFIG_${e.to}`
          : e.kind === 'replaced'
            ? `replaced by CONFIG_${e.by}`
            : e.kind === 'prompt-added'
              ? 'prompt'
              : e.kind;
      lines.push(`- ${when ? `${when}: ` : ''}${what}`);
    }
  }
  return lines.join('\n');
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  if (notKernelConfig(doc, ctx)) return null;
  const cfg = parsed(doc);
  const t = targetFor(cfg, ctx);
  const rc = findRoleComment(cfg);
  if (rc && rc.line === pos.line) {
    const choice = chooseRole(cfg, ctx.settings, ctx.path);
    if (!rc.role || !choice)
      return { markdown: `Role comment: write \`# xen-config: role=<${XEN_ROLES.join('|')}>\`.` };
    const rows = roleReport(cfg, choice.role, t);
    const md = [
      `**${roleTitle(choice.role)}** — ${mdText(describeTarget(t))}`,
      '',
      ...rows.map((r) => `- ${r.status === 'OK' ? '✓' : '✗'} ${r.requirement} (${r.level})`),
    ];
    return { markdown: md.join('\n'), range: range(rc.line, rc.start, rc.end) };
  }
  const a = assignmentAt(cfg, pos);
  if (!a) return null;
  const tree = readyTree(ctx);
  if (tree) return treeHover(doc, tree, a);
  const md = symbolMarkdown(a.name, t);
  // The value is the file's text: a code span it cannot close (a backtick in it would end a fixed one).
  const val = `\n\nSet here to ${mdCode(a.notSet ? 'n (not set)' : a.value)}.`;
  return {
    markdown: (md ?? `**CONFIG_${a.name}**\n\nNot known to the bundled data (${mdText(describeTarget(t))}).`) + val,
    range: range(a.line, a.nameStart, a.nameEnd),
  };
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const cfg = parsed(doc);
  const t = targetFor(cfg, ctx);
  const slot = slotOf(t.bundled ?? nearestBundled(t.version), t.arch);
  const lineText = doc.getText(range(pos.line, 0, pos.character));
  // Role comment values.
  const rm = /^\s*#\s*xen-config:\s*role\s*=\s*([A-Za-z0-9_-]*)$/.exec(lineText);
  if (rm) {
    return XEN_ROLES.map((r) => ({
      label: r,
      kind: 'enum' as const,
      detail: roleTitle(r),
      range: range(pos.line, pos.character - rm[1].length, pos.character),
    }));
  }
  // Values after `CONFIG_X=`.
  const vm = /^\s*CONFIG_([A-Za-z0-9_]+)=([^\s]*)$/.exec(lineText);
  const tree = readyTree(ctx);
  if (vm && tree)
    return treeValueCompletions(tree, vm[1], range(pos.line, pos.character - vm[2].length, pos.character));
  if (vm) {
    const info = symbolInfo(vm[1], slot);
    const r = range(pos.line, pos.character - vm[2].length, pos.character);
    const vals: Array<[string, string]> =
      info?.type === 'bool'
        ? [
            ['y', 'built in / enabled'],
            ['n', 'disabled'],
          ]
        : info?.type === 'tristate'
          ? [
              ['y', 'built in'],
              ['m', 'built as a module'],
              ['n', 'disabled'],
            ]
          : info?.type === 'string'
            ? [['""', 'a string value']]
            : [];
    return vals.map(([v, d], i) => ({ label: v, kind: 'value' as const, detail: d, range: r, sortText: String(i) }));
  }
  // Symbol names at the start of a line or in `# CONFIG_… is not set`.
  const nm = /^(\s*(?:#\s*)?)((?:C(?:O(?:N(?:F(?:I(?:G(?:_([A-Za-z0-9_]*))?)?)?)?)?)?)?)$/.exec(lineText);
  if (!nm) return [];
  const typed = (nm[3] ?? '').toUpperCase();
  const r = range(pos.line, nm[1].length, pos.character);
  if (tree) return treeNameCompletions(tree, typed, r, nm[1].includes('#'));
  const out: CompletionItem[] = [];
  for (const n of namesFor(t)) {
    if (typed && !n.startsWith(typed)) continue;
    const ty = typeIn(symbolRow(n)!, slot);
    const xi = xenInfo(n);
    out.push({
      label: `CONFIG_${n}`,
      kind: 'property',
      detail: ty || undefined,
      documentation: xi?.description,
      range: r,
      insertText: nm[1].includes('#') ? `CONFIG_${n} is not set` : `CONFIG_${n}=`,
      sortText: xi ? `0${n}` : `1${n}`,
    });
  }
  return out;
}

function symbols(doc: TextDocument): DocumentSymbol[] {
  return parsed(doc).assignments.map((a) => ({
    name: `CONFIG_${a.name}`,
    detail: a.notSet ? 'is not set' : a.value,
    kind: 'setting' as const,
    range: range(a.line, a.nameStart, a.valueEnd),
    selectionRange: range(a.line, a.nameStart, a.nameEnd),
  }));
}

function inlayHints(doc: TextDocument, within: Range, ctx: ModeContext): InlayHint[] {
  if (notKernelConfig(doc, ctx)) return [];
  const cfg = parsed(doc);
  const lineEnd = (l: number) => doc.getText(range(l, 0, 0, l + 1)).trimEnd().length;
  const tree = readyTree(ctx);
  if (tree) return treeInlayHints(doc, tree, cfg, within, lineEnd, ctx.isCancelled);
  return configInlayHints(cfg, targetFor(cfg, ctx), isFullConfig(cfg), within, lineEnd, ctx.isCancelled);
}

function status(doc: TextDocument, ctx: ModeContext): DocumentStatus {
  const cfg = parsed(doc);
  const t = targetFor(cfg, ctx);
  const role = chooseRole(cfg, ctx.settings, ctx.path);
  const roles = role ? [roleTitle(role.role).split(' (')[0]] : [];
  const st = treeFor(ctx.settings, ctx.fs);
  if (st?.state === 'ready') {
    return {
      targets: [`Linux ${st.tree.kernelVersion ?? '(tree)'} ${st.tree.arch}`, ...roles],
      knowledge: `the Kconfig files of ${st.tree.srcDir}${ctx.settings.allowKconfigShell ? '' : ' (toolchain probes not run)'}`,
    };
  }
  const why =
    st?.state === 'loading'
      ? ` while the kernel tree ${ctx.settings.kernelSourcePath} loads`
      : st?.state === 'failed'
        ? ` (kernel tree unavailable: ${st.reason})`
        : '';
  return {
    targets: [`Linux ${t.version} ${t.arch}`, ...roles],
    knowledge: `bundled symbol knowledge (${describeTarget(t)})${why}`,
  };
}

function definition(doc: TextDocument, pos: Position, ctx: ModeContext): { path: string; line: number } | null {
  const a = assignmentAt(parsed(doc), pos);
  const tree = a && readyTree(ctx);
  return a && tree ? treeDefinition(tree, a.name) : null;
}

export const kernelConfigMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  definition,
  inlayHints,
  status,
  forget: (uri) => {
    cache.forget(uri);
    forgetTreeSession(uri);
  },
};
