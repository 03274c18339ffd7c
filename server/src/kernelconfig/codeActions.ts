// The solver in the editor (kconfig/solve.ts) for kernel configurations with a Kconfig tree: code
// actions "Make this configuration dom0-ready" (and each guest type) and "Enable CONFIG_X and what
// it needs", offered cheaply (from the values the document's tree session already holds) and solved
// only when chosen; the solutions are kept per document version, shared with the hover and the
// configurator view.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from '../core/types';
import type { ModeContext } from '../core/mode';
import { CacheKey } from '../core/cache';
import type { LazyAction, ResolvedAction, SolverActionData } from '../core/solverTypes';
import { range } from '../core/text';
import type { KconfigTree, ResolveResult } from '../kconfig/index';
import { editsForAdded, solveConfig, valueMatches, type Goal, type SolveResult } from '../kconfig/solve';
import type { ParsedConfig } from './configParse';
import { roleGoals, type RoleGoals } from './roleGoals';
import type { XenRole } from './roles';
import { solveOffThread } from './kernelTree';

/** The roles a configuration can be made ready for ("domU" is any guest: its own types are offered). */
export const SOLVER_ROLES: readonly XenRole[] = ['dom0', 'pv-domU', 'pvh-domU', 'hvm-domU'];

/** A solve stops here; a distribution config takes well under a second on the 6.1 tree. */
const SOLVE_TIME_LIMIT_MS = 8_000;

/** A solution, and the document text and version it was worked out for. */
export interface Solved {
  result: SolveResult;
  text: string;
  version: number;
}
/** Per document version: the solutions asked for, by tree and goal (in the service's caches). */
const SOLVES = new CacheKey<Map<string, { tree: KconfigTree; solved: Promise<Solved> }>>('kernel-config solves', 16);

/**
 * The solution for `goals` on the document as it is, solved once per document version (a hover and
 * the code action it leads to share it): in the tree worker when there is one (kernelTree.ts
 * `solveOffThread`, the event loop stays free), else here.
 */
export function solveOnDocument(
  doc: TextDocument,
  tree: KconfigTree,
  goals: Goal[],
  key: string,
  ctx: ModeContext,
): Promise<Solved> {
  const byGoal = ctx.caches.of(SOLVES).get(doc.uri, doc.version, () => new Map());
  const hit = byGoal.get(key);
  if (hit && hit.tree === tree) return hit.solved;
  const text = doc.getText();
  const version = doc.version;
  const solved = (async (): Promise<Solved> => {
    const off = solveOffThread(ctx.settings, ctx.fs, text, goals, SOLVE_TIME_LIMIT_MS);
    const result = (off && (await off)) || solveConfig(tree, text, goals, { timeLimitMs: SOLVE_TIME_LIMIT_MS });
    return { result, text, version };
  })();
  byGoal.set(key, { tree, solved });
  return solved;
}

/** The edits that add a solution's lines to the text it was solved for (a symbol's own line changes in place). */
export function solutionEdits(tree: KconfigTree, s: Solved): TextEdit[] {
  return editsForAdded(tree, s.text, s.result.added).edits.map((e) => ({
    range: range(e.line, e.startCol, e.endCol),
    newText: e.newText,
  }));
}

/** Said when the document changed while its solution was worked out (its edits would not fit). */
export const CHANGED_MEANWHILE = 'The file changed while this was worked out: try again.';

/** "CONFIG_A=y, CONFIG_B=m and CONFIG_C=y" (at most `max`, then "and N more"). */
export function listLines(r: SolveResult, max = 8): string {
  const lines = r.added.map((a) => a.line);
  const shown = lines.slice(0, max);
  const more = lines.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
}

/** Why a solution failed, in one sentence. */
export function unreachable(r: SolveResult): string {
  const g = r.goals.find((x) => !x.met);
  return g ? `${g.label} cannot be reached: ${g.why ?? 'no way was found'}.` : (r.notes[0] ?? 'no way was found.');
}

const goalsCache = new WeakMap<KconfigTree, Map<string, RoleGoals | undefined>>();
/** The role's goals on the tree (cached per tree). */
export function goalsOfRole(tree: KconfigTree, role: string): RoleGoals | undefined {
  let m = goalsCache.get(tree);
  if (!m) goalsCache.set(tree, (m = new Map()));
  if (!m.has(role)) m.set(role, roleGoals(tree, role));
  return m.get(role);
}

/** Whether the goal holds with the values olddefconfig gives the document. */
export function goalMet(tree: KconfigTree, res: ResolveResult, g: Goal): boolean {
  return g.anyOf.some((t) => {
    const s = tree.symbol(t.name);
    const v = res.value(t.name);
    return !!s && v !== undefined && valueMatches(s, v, t.values);
  });
}

/** Whether a role requirement ("CONFIG_A or CONFIG_B=y/m", roles.ts) holds after olddefconfig. */
export function requirementHolds(tree: KconfigTree, res: ResolveResult, requirement: string): boolean {
  const eq = requirement.lastIndexOf('=');
  if (eq < 0) return false;
  const values = requirement.slice(eq + 1).split('/');
  const names = requirement
    .slice(0, eq)
    .split(' or ')
    .map((n) => n.trim().replace(/^CONFIG_/, ''));
  return goalMet(tree, res, { anyOf: names.map((name) => ({ name, values })) });
}

/** The goal "CONFIG_X enabled": y for a bool, y or m for a tristate (the cheaper one wins). */
export function enableGoal(tree: KconfigTree, name: string, values?: string[]): Goal | undefined {
  const s = tree.symbol(name);
  if (!s?.menus.length) return undefined;
  if (values?.length) return { anyOf: [{ name, values }] };
  if (s.type === 'bool') return { anyOf: [{ name, values: ['y'] }], label: `CONFIG_${name}=y` };
  if (s.type === 'tristate') return { anyOf: [{ name, values: ['y', 'm'] }], label: `CONFIG_${name}=y/m` };
  return undefined;
}

/** "Enable CONFIG_X …" is offered on the lines of a selection this small at most. */
const MAX_LINES_ASKED = 20;

const overlaps = (r: Range, line: number): boolean => r.start.line <= line && line <= r.end.line;

/**
 * The solver's actions at `at`, worked out from values already known (no solve): one per role the
 * document does not meet yet, and "Enable CONFIG_X and what it needs" on the lines in `at` that set
 * a bool/tristate off (a refactoring) or that olddefconfig will not keep (a quick fix).
 * `chosenRole`: the document's role, whose action is a quick fix when `at` touches its diagnostic
 * (`roleLine`).
 */
export function solverActions(
  tree: KconfigTree,
  res: ResolveResult,
  cfg: ParsedConfig,
  at: Range,
  chosenRole: XenRole | undefined,
  roleLine: number,
): LazyAction[] {
  const out: LazyAction[] = [];
  const last = new Map<string, number>();
  for (const a of cfg.assignments) last.set(a.name, a.line);
  // per line asked about (the cursor's, a small selection): not one action per line of a whole file
  const lines = at.end.line - at.start.line <= MAX_LINES_ASKED ? cfg.assignments : [];
  for (const a of lines) {
    if (!overlaps(at, a.line) || last.get(a.name) !== a.line) continue;
    const s = tree.symbol(a.name);
    if (!s?.menus.length || (s.type !== 'bool' && s.type !== 'tristate')) continue;
    const written = a.notSet ? 'n' : a.value;
    const now = res.value(a.name);
    if (written === 'n' || written === '') {
      if (now !== 'n') continue;
      out.push({
        title: `Enable CONFIG_${a.name} and what it needs`,
        kind: 'refactor',
        data: { k: 'enable', name: a.name, values: s.type === 'tristate' ? ['y', 'm'] : ['y'] },
      });
    } else if ((written === 'y' || written === 'm') && now !== written) {
      out.push({
        title: `Enable CONFIG_${a.name} and what it needs`,
        kind: 'quickfix',
        preferred: true,
        data: { k: 'enable', name: a.name, values: [written] },
      });
    }
  }
  for (const role of SOLVER_ROLES) {
    const rg = goalsOfRole(tree, role);
    if (!rg?.goals.length || rg.goals.every((g) => goalMet(tree, res, g))) continue;
    const mine = chosenRole === role || (chosenRole === 'domU' && role === 'pvh-domU');
    out.push({
      title: `Make this configuration ${role}-ready`,
      kind: mine && overlaps(at, roleLine) ? 'quickfix' : 'refactor',
      preferred: mine && overlaps(at, roleLine),
      data: { k: 'role', role },
    });
  }
  return out;
}

/** The edits of a chosen action: the solver runs now (once per document version). */
export async function resolveSolverAction(
  doc: TextDocument,
  tree: KconfigTree,
  data: SolverActionData,
  ctx: ModeContext,
): Promise<ResolvedAction> {
  let goals: Goal[];
  let key: string;
  if (data.k === 'role') {
    const rg = goalsOfRole(tree, data.role);
    if (!rg?.goals.length)
      return { edits: [], message: `This kernel tree defines none of the options a ${data.role} kernel needs.` };
    goals = rg.goals;
    key = `role:${data.role}`;
  } else {
    const g = enableGoal(tree, data.name, data.values);
    if (!g) return { edits: [], message: `CONFIG_${data.name} is not an option of this kernel tree.` };
    goals = [g];
    key = `set:${data.name}=${data.values.join('/')}`;
  }
  const s = await solveOnDocument(doc, tree, goals, key, ctx);
  const r = s.result;
  if (!r.ok) return { edits: [], message: `Nothing was changed: ${unreachable(r)}` };
  if (!r.added.length) return { edits: [], message: 'Nothing to change: it already holds.' };
  if (doc.version !== s.version) return { edits: [], message: CHANGED_MEANWHILE };
  return { edits: solutionEdits(tree, s) };
}

/** Validates the `data` of an action coming back from a client. */
export function actionData(x: unknown): SolverActionData | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const d = x as Record<string, unknown>;
  if (d.k === 'role' && typeof d.role === 'string' && (SOLVER_ROLES as readonly string[]).includes(d.role))
    return { k: 'role', role: d.role };
  if (
    d.k === 'enable' &&
    typeof d.name === 'string' &&
    /^[A-Za-z0-9_]{1,200}$/.test(d.name) &&
    Array.isArray(d.values) &&
    d.values.length > 0 &&
    d.values.length <= 3 &&
    d.values.every((v) => v === 'y' || v === 'm' || v === 'n')
  )
    return { k: 'enable', name: d.name, values: d.values as string[] };
  return undefined;
}
