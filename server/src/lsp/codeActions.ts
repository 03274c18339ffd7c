// Quick fixes: the fixes the service attached to diagnostics, offered where the user asks; when a
// code has several fixable diagnostics in the file, one action fixing them all; and a
// `source.fixAll.xenConfig` action applying every preferred fix (for "fix on save").
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

/**
 * Joins the fixes into one list of non-overlapping edits: a fix whose edits touch an edit already
 * taken is left out whole (the user runs the action again for it). Returns the edits and how many
 * diagnostics they fix.
 */
export function mergeFixes(items: Array<{ d: Diagnostic; fix: Fix }>): { edits: TextEdit[]; fixed: Diagnostic[] } {
  const taken: TextEdit[] = [];
  const fixed: Diagnostic[] = [];
  const conflicts = (e: TextEdit) => taken.some((t) => {
    if (before(e.range.end, t.range.start) || before(t.range.end, e.range.start)) return false;
    // Ranges meet at one point: fine unless an insertion sits there (its order would be unclear).
    const emptyE = same(e.range.start, e.range.end);
    const emptyT = same(t.range.start, t.range.end);
    if (same(e.range.end, t.range.start) || same(t.range.end, e.range.start)) return emptyE || emptyT;
    return true;
  });
  const sorted = [...items].sort((a, b) => {
    const x = a.fix.edits[0]?.range.start;
    const y = b.fix.edits[0]?.range.start;
    return !x || !y ? 0 : x.line - y.line || x.character - y.character;
  });
  for (const { d, fix } of sorted) {
    if (fix.edits.length === 0 || fix.edits.some(conflicts)) continue;
    // A fix's own edits must not overlap each other either.
    const own: TextEdit[] = [];
    let ok = true;
    for (const e of fix.edits) {
      if (own.some((o) => !(before(e.range.end, o.range.start) || before(o.range.end, e.range.start) || same(e.range.end, o.range.start) || same(o.range.end, e.range.start)))) ok = false;
      own.push(e);
    }
    if (!ok) continue;
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

/** One action applying every preferred fix of the file (unambiguous ones only). */
export function fixAllAction(uri: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  const items = diagnostics
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
