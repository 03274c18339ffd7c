// Hovers of kernel configurations: a symbol described from the bundled knowledge or, with a kernel
// tree, from the tree; the role comment's requirement list; and, with a tree, on a line that will
// not hold (a y/m olddefconfig lowers, or a requirement of the role that fails) what to set to get
// it: "To get CONFIG_X=y: set A, B and C" (the solver's lines, codeActions.ts), asked for separately
// (`solverHover`) since it is solved off the event loop.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CacheScope } from '../core/cache';
import type { ModeContext } from '../core/mode';
import type { Hover, Position } from '../core/types';
import { range } from '../core/text';
import { mdCode, mdText } from '../core/markdown';
import type { KconfigTree } from '../kconfig/index';
import type { ParsedConfig } from './configParse';
import {
  availability,
  BUNDLED_VERSIONS,
  dependsMarkdown,
  describeFate,
  describeTarget,
  nearestBundled,
  presenceSummary,
  slotFlags,
  slotOf,
  symbolInfo,
  xenInfo,
  type Target,
} from './knowledge';
import { chooseRole, findRoleComment, roleReport, roleTitle, XEN_ROLES, type XenRole } from './roles';
import { treeHover, treeResolved } from './treeConfig';
import { enableGoal, goalMet, goalsOfRole, listLines, solveOnDocument, unreachable } from './codeActions';
import type { Goal } from '../kconfig/solve';

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
  const deps = dependsMarkdown(name, t);
  if (deps) lines.push('', deps);
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

/**
 * With a tree, what a hover at `pos` could add: on the role comment, the role when it is not met;
 * on a line, the line's value when olddefconfig lowers a y/m, or the requirement of the document's
 * role the line's symbol fails.
 */
function hintGoal(
  doc: TextDocument,
  cfg: ParsedConfig,
  pos: Position,
  role: XenRole | undefined,
  tree: KconfigTree,
  caches: CacheScope,
): { goals: Goal[]; key: string; label: string; role?: string } | undefined {
  const res = treeResolved(doc, tree, caches);
  if (!res) return undefined;
  const rc = findRoleComment(cfg);
  if (rc && rc.line === pos.line) {
    const rg = role && goalsOfRole(tree, role);
    if (!rg || !rg.goals.some((g) => !goalMet(tree, res, g))) return undefined;
    return { goals: rg.goals, key: `role:${role}`, label: role!, role };
  }
  const a = cfg.assignments.find(
    (x) => x.line === pos.line && pos.character >= x.nameStart && pos.character <= x.valueEnd,
  );
  const s = a && tree.symbol(a.name);
  if (!a || !s?.menus.length || (s.type !== 'bool' && s.type !== 'tristate')) return undefined;
  const written = a.notSet ? 'n' : a.value;
  if ((written === 'y' || written === 'm') && res.value(a.name) !== written) {
    const g = enableGoal(tree, a.name, [written])!;
    return { goals: [g], key: `set:${a.name}=${written}`, label: `CONFIG_${a.name}=${written}` };
  }
  const g =
    role &&
    goalsOfRole(tree, role)?.goals.find((x) => x.anyOf.some((t) => t.name === a.name) && !goalMet(tree, res, x));
  if (!g) return undefined;
  return { goals: [g], key: `goal:${g.label ?? a.name}`, label: g.label ?? `CONFIG_${a.name}` };
}

/**
 * The solver's part of a hover (with a tree; Markdown, or null): "To get CONFIG_X=y: set A, B and C",
 * "To make it dom0-ready: set …", or why it cannot be reached. Solved in the tree worker.
 */
export async function solverHover(
  doc: TextDocument,
  cfg: ParsedConfig,
  pos: Position,
  ctx: ModeContext,
  tree: KconfigTree,
): Promise<string | null> {
  const h = hintGoal(doc, cfg, pos, chooseRole(cfg, ctx.settings, ctx.path)?.role, tree, ctx.caches);
  if (!h) return null;
  const r = (await solveOnDocument(doc, tree, h.goals, h.key, ctx)).result;
  if (!r.ok) return mdText(h.role ? `It cannot be made ${h.role}-ready: ${unreachable(r)}` : unreachable(r), 1500);
  if (!r.added.length) return null;
  return h.role
    ? `**To make it ${mdText(h.role, 40)}-ready:** set ${mdText(listLines(r), 1500)}.`
    : `**To get ${mdText(h.label, 200)}:** set ${mdText(listLines(r), 1500)}.`;
}

/** The hover at `pos`; `tree` when the kernel tree is loaded. */
export function kernelConfigHover(
  doc: TextDocument,
  cfg: ParsedConfig,
  pos: Position,
  ctx: ModeContext,
  t: Target,
  tree: KconfigTree | undefined,
): Hover | null {
  const rc = findRoleComment(cfg);
  const choice = chooseRole(cfg, ctx.settings, ctx.path);
  if (rc && rc.line === pos.line) {
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
  const a = cfg.assignments.find(
    (x) => x.line === pos.line && pos.character >= x.nameStart && pos.character <= x.valueEnd,
  );
  if (!a) return null;
  if (tree) return treeHover(doc, tree, a, ctx.caches);
  const md = symbolMarkdown(a.name, t);
  // The value is the file's text: a code span it cannot close (a backtick in it would end a fixed one).
  const val = `\n\nSet here to ${mdCode(a.notSet ? 'n (not set)' : a.value)}.`;
  return {
    markdown: (md ?? `**CONFIG_${a.name}**\n\nNot known to the bundled data (${mdText(describeTarget(t))}).`) + val,
    range: range(a.line, a.nameStart, a.nameEnd),
  };
}
