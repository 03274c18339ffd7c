// Quick fixes: the fixes the service attached to diagnostics, offered where the user asks; when a
// code has several fixable diagnostics in the file, one action fixing them all; and a
// `source.fixAll.xenConfig` action applying every mechanical fix (for "fix on save").
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { Diagnostic, Fix } from '../service/types';
import { toLspDiagnostic } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.xenConfig`;

type Pos = { line: number; character: number };
const before = (p: Pos, q: Pos) => p.line < q.line || (p.line === q.line && p.character < q.character);
const same = (p: Pos, q: Pos) => p.line === q.line && p.character === q.character;

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether an action of `kind` answers a request limited to `only` (LSP: hierarchical prefixes). */
function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

/** The fix to apply in bulk: the preferred one, else the only one; none when the choice is open. */
function bulkFix(d: Diagnostic, preferredOnly: boolean): Fix | undefined {
  if (!d.fixes?.length) return undefined;
  const p = d.fixes.find((f) => f.preferred);
  if (p) return preferredOnly && d.fixes.length > 1 ? undefined : p;
  return !preferredOnly && d.fixes.length === 1 ? d.fixes[0] : undefined;
}

/** Whether two edits cannot go into one WorkspaceEdit: their ranges overlap, or they meet at a
 *  point where one of them inserts (the order of the two would be unclear). */
function collide(a: TextEdit, b: TextEdit): boolean {
  if (before(a.range.end, b.range.start) || before(b.range.end, a.range.start)) return false;
  if (same(a.range.end, b.range.start) || same(b.range.end, a.range.start)) {
    return same(a.range.start, a.range.end) || same(b.range.start, b.range.end);
  }
  return true;
}

/**
 * Joins the fixes into one list of non-overlapping edits: a fix whose edits touch an edit already
 * taken is left out whole (the user runs the action again for it). Returns the edits and how many
 * diagnostics they fix.
 */
export function mergeFixes(items: Array<{ d: Diagnostic; fix: Fix }>): { edits: TextEdit[]; fixed: Diagnostic[] } {
  const taken: TextEdit[] = [];
  const fixed: Diagnostic[] = [];
  const sorted = [...items].sort((a, b) => {
    const x = a.fix.edits[0]?.range.start;
    const y = b.fix.edits[0]?.range.start;
    return !x || !y ? 0 : x.line - y.line || x.character - y.character;
  });
  for (const { d, fix } of sorted) {
    if (fix.edits.length === 0) continue;
    // A fix's edits must not collide with each other, nor with any edit already taken.
    const selfClash = fix.edits.some((e, i) => fix.edits.some((o, j) => j < i && collide(e, o)));
    if (selfClash || fix.edits.some((e) => taken.some((t) => collide(e, t)))) continue;
    taken.push(...fix.edits);
    fixed.push(d);
  }
  taken.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { edits: taken, fixed };
}

function quickFixes(uri: string, diagnostics: Diagnostic[], at: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  const fixAllDone = new Set<string>();
  for (const d of diagnostics) {
    if (!d.fixes?.length || !overlaps(d.range, at)) continue;
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(d)],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
    if (fixAllDone.has(d.code)) continue;
    fixAllDone.add(d.code);
    const items = diagnostics
      .filter((x) => x.code === d.code)
      .map((x) => ({ d: x, fix: bulkFix(x, false) }))
      .filter((x): x is { d: Diagnostic; fix: Fix } => !!x.fix);
    if (items.length < 2) continue;
    const { edits, fixed } = mergeFixes(items);
    if (fixed.length < 2) continue;
    actions.push({
      title: `Fix all ${fixed.length} ${d.code} problems in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: fixed.map(toLspDiagnostic),
      edit: { changes: { [uri]: edits } },
    });
  }
  return actions;
}

/**
 * Fixes that are guesses (a near spelling for an unknown name or value): fine one at a time or
 * per code on request, never applied unseen by fix-on-save.
 */
const GUESS = /\/(unknown-[a-z0-9-]+|value-not-allowed|invalid-sub-option)$/;

/**
 * One action applying every mechanical fix of the file: preferred and unambiguous, for errors and
 * warnings, not a spelling guess. Editors run it on save (`source.fixAll`), so it must be safe.
 */
export function fixAllAction(uri: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  const items = diagnostics
    .filter((d) => (d.severity === 'error' || d.severity === 'warning') && !GUESS.test(d.code))
    .map((d) => ({ d, fix: bulkFix(d, true) }))
    .filter((x): x is { d: Diagnostic; fix: Fix } => !!x.fix);
  const { edits, fixed } = mergeFixes(items);
  if (fixed.length === 0) return undefined;
  return {
    title: `Fix all ${fixed.length} auto-fixable problem${fixed.length === 1 ? '' : 's'} (xen-config)`,
    kind: FIX_ALL_KIND,
    diagnostics: fixed.map(toLspDiagnostic),
    edit: { changes: { [uri]: edits } },
  };
}

export function fixesToCodeActions(uri: string, diagnostics: Diagnostic[], at: Range, only?: string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) actions.push(...quickFixes(uri, diagnostics, at));
  // The source action only when asked for by kind (fix on save, "Source Action…"), as editors expect.
  if (only && wanted(FIX_ALL_KIND, only)) {
    const all = fixAllAction(uri, diagnostics);
    if (all) actions.push(all);
  }
  return actions;
}
