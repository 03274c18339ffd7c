// Language mode for kernel configurations (.config, fragments, defconfigs): syntax and value
// checks, symbols unknown / removed / renamed for the target Linux version (symbolChecks.ts), Xen
// role requirements, hovers (hover.ts), completion of symbol names and values; with a kernel tree,
// the engine's checks (treeConfig.ts), the solver's code actions (codeActions.ts) and the
// configurator view's data (configMenu.ts).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
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
} from '../core/types';
import { range } from '../core/text';
import { looksLikeKernelConfig, nameNeedsContent } from '../core/languages';
import { CacheKey } from '../core/cache';
import { configInlayHints } from './hints';
import { parseConfig, type ConfigAssignment, type ParsedConfig } from './configParse';
import {
  availability,
  BUNDLED_VERSIONS,
  cmpVersion,
  nearestBundled,
  describeFate,
  describeTarget,
  slotOf,
  symbolInfo,
  symbolRow,
  targetOf,
  typeIn,
  xenInfo,
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
import { certaintyOf } from './certainty';
import type { KconfigTree } from '../kconfig/index';
import {
  treeDefinition,
  treeDiagnostics,
  treeInlayHints,
  treeResolved,
  treeNameCompletions,
  treeValueCompletions,
} from './treeConfig';
import { kernelConfigHover, solverHover } from './hover';
import { actionData, requirementHolds, resolveSolverAction, solverActions } from './codeActions';
import { configMenu, configSet } from './configMenu';
import type { ConfigMenuAnswer, ConfigMenuRequest, LazyAction, ResolvedAction } from '../core/solverTypes';
import { namesFor, renameFix, symbolDiagnostics } from './symbolChecks';

export { symbolMarkdown } from './hover';
export { isQuotedString, valueProblem } from './symbolChecks';

/** The parse per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<ParsedConfig>('kernel-config');
const parsed = (doc: TextDocument, ctx: ModeContext): ParsedConfig =>
  ctx.caches.of(CACHE).get(doc.uri, doc.version, (prev) => parseConfig(doc.getText(), prev));

function targetFor(cfg: ParsedConfig, ctx: ModeContext): Target {
  return targetOf(cfg.header, ctx.path, ctx.settings, cfg.directives);
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
  // With a tree, a requirement olddefconfig meets (a default, a select) is met, written or not.
  const tree = readyTree(ctx);
  const res = tree && treeResolved(doc, tree, ctx.caches);
  const rows = roleReport(cfg, choice.role, t).map((r) =>
    r.status === 'FAIL' && tree && res && requirementHolds(tree, res, r.requirement)
      ? { ...r, status: 'OK' as const, fix: undefined, line: undefined }
      : r,
  );
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
  // Older than every release the extension knows: the requirements are those of the oldest known
  // release, and an option they name may not exist yet (2.6.36 has no XEN_DOM0, 2.6.38 no backends).
  const oldest = BUNDLED_VERSIONS[0];
  const before =
    t.bundled === undefined && oldest !== undefined && cmpVersion(t.version, oldest) < 0
      ? ` (this extension knows Linux ${oldest} and later; an option listed may not exist yet in ${t.version})`
      : '';
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
      message: `${roleTitle(choice.role)} (role from ${choice.source}), ${describeTarget(t)}: ${failed.length} ${level} option${failed.length > 1 ? 's' : ''} missing or disabled${before} — ${list}`,
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

const quietByTarget = new Map<string, { keys: Set<string>; items: WeakSet<ConfigAssignment> }>();
/**
 * Assignments known to need no symbol diagnostic for a target (bounded): by `NAME=value`, and by
 * the parsed line itself (a line unchanged since the last parse is the same object: no key to build).
 */
function quietLines(target: string): { keys: Set<string>; items: WeakSet<ConfigAssignment> } {
  let q = quietByTarget.get(target);
  if (!q) {
    if (quietByTarget.size > 8) quietByTarget.clear();
    quietByTarget.set(target, (q = { keys: new Set(), items: new WeakSet() }));
  }
  if (q.keys.size > 200_000) q.keys.clear();
  return q;
}

/**
 * The assignment of the same name met before each one, in file order. The names' slots live from
 * one diagnosis to the next (a pass stamps them), so a re-diagnosis sets existing entries instead
 * of filling a new map of 10,000 names.
 */
const lastSlots = new Map<string, { pass: number; item: ConfigAssignment }>();
let lastPass = 0;
function lastByName(): { previous(item: ConfigAssignment): ConfigAssignment | undefined } {
  if (lastSlots.size > 200_000) lastSlots.clear();
  const pass = ++lastPass;
  return {
    previous(item) {
      const slot = lastSlots.get(item.name);
      if (!slot) {
        lastSlots.set(item.name, { pass, item });
        return undefined;
      }
      const prev = slot.pass === pass ? slot.item : undefined;
      slot.pass = pass;
      slot.item = item;
      return prev;
    },
  };
}

/** A `*.config` file whose content is not a kernel configuration (.NET's web.config, …): say nothing. */
function notKernelConfig(doc: TextDocument, ctx: ModeContext): boolean {
  return ctx.path !== undefined && nameNeedsContent(ctx.path) && !looksLikeKernelConfig(doc.getText());
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  if (notKernelConfig(doc, ctx)) return [];
  const cfg = parsed(doc, ctx);
  const st = treeFor(ctx.settings, ctx.fs);
  if (st?.state === 'ready') {
    // The engine judges symbols, values and repeats; the bundled line checks stay for the lines
    // the engine reads differently (treeDiagnostics drops its malformed-line there), and the roles.
    const out = treeDiagnostics(doc, st.tree, cfg, ctx.caches);
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
  const seen = lastByName();
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
      if (!quiet.items.has(item)) {
        const key = `${item.name}=${item.value}`;
        if (quiet.keys.has(key)) quiet.items.add(item);
        else {
          const before = out.length;
          symbolDiagnostics(item, t, c, full, out, budget);
          if (out.length === before) {
            quiet.keys.add(key);
            quiet.items.add(item);
          }
        }
      }
    }
    const prev = seen.previous(item);
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
  }
  if (!ctx.isCancelled()) roleDiagnostics(doc, cfg, ctx, t, out);
  return out;
}

function assignmentAt(cfg: ParsedConfig, pos: Position): ConfigAssignment | undefined {
  return cfg.assignments.find(
    (a) => a.line === pos.line && pos.character >= a.nameStart && pos.character <= a.valueEnd,
  );
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  if (notKernelConfig(doc, ctx)) return null;
  const cfg = parsed(doc, ctx);
  return kernelConfigHover(doc, cfg, pos, ctx, targetFor(cfg, ctx), readyTree(ctx));
}

/** The solver's actions (codeActions.ts): listed from the tree session's values, solved when chosen. */
function lazyActions(doc: TextDocument, at: Range, ctx: ModeContext): LazyAction[] {
  const tree = readyTree(ctx);
  if (!tree || notKernelConfig(doc, ctx)) return [];
  const res = treeResolved(doc, tree, ctx.caches);
  if (!res) return [];
  const cfg = parsed(doc, ctx);
  const choice = chooseRole(cfg, ctx.settings, ctx.path);
  return solverActions(tree, res, cfg, at, choice?.role, choice?.line ?? 0);
}

async function resolveAction(doc: TextDocument, data: unknown, ctx: ModeContext): Promise<ResolvedAction | null> {
  const tree = readyTree(ctx);
  const d = actionData(data);
  return tree && d ? resolveSolverAction(doc, tree, d, ctx) : null;
}

async function hoverMore(doc: TextDocument, pos: Position, ctx: ModeContext): Promise<string | null> {
  const tree = readyTree(ctx);
  return tree && !notKernelConfig(doc, ctx) ? solverHover(doc, parsed(doc, ctx), pos, ctx, tree) : null;
}

function menu(doc: TextDocument, req: ConfigMenuRequest, ctx: ModeContext): ConfigMenuAnswer | null {
  const tree = readyTree(ctx);
  const res = tree && treeResolved(doc, tree, ctx.caches);
  if (!tree || !res) return null;
  return configMenu(tree, res, req, chooseRole(parsed(doc, ctx), ctx.settings, ctx.path)?.role ?? 'dom0');
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const cfg = parsed(doc, ctx);
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

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  return parsed(doc, ctx).assignments.map((a) => ({
    name: `CONFIG_${a.name}`,
    detail: a.notSet ? 'is not set' : a.value,
    kind: 'setting' as const,
    range: range(a.line, a.nameStart, a.valueEnd),
    selectionRange: range(a.line, a.nameStart, a.nameEnd),
  }));
}

function inlayHints(doc: TextDocument, within: Range, ctx: ModeContext): InlayHint[] {
  if (notKernelConfig(doc, ctx)) return [];
  const cfg = parsed(doc, ctx);
  const lineEnd = (l: number) => doc.getText(range(l, 0, 0, l + 1)).trimEnd().length;
  const tree = readyTree(ctx);
  if (tree) return treeInlayHints(doc, tree, cfg, within, lineEnd, ctx.isCancelled, ctx.caches);
  return configInlayHints(cfg, targetFor(cfg, ctx), isFullConfig(cfg), within, lineEnd, ctx.isCancelled);
}

function status(doc: TextDocument, ctx: ModeContext): DocumentStatus {
  const cfg = parsed(doc, ctx);
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
  const a = assignmentAt(parsed(doc, ctx), pos);
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
  lazyActions,
  resolveAction,
  configMenu: menu,
  configSet: async (doc, req, ctx) => {
    const tree = readyTree(ctx);
    return tree ? configSet(doc, tree, req, ctx) : null;
  },
  hoverMore,
};
