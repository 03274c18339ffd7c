// Which quick fixes may be applied without a person looking at each one: shared by the editor's
// "Fix all …" and `source.fixAll.xenConfig` actions (lsp/codeActions.ts) and `xen-config check --fix`,
// so fix on save and the CLI change a file in the same way. No editor imports.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Fix, Position, TextEdit } from '../core/types';

const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
const same = (p: Position, q: Position) => p.line === q.line && p.character === q.character;

/** The fix to apply in bulk: the preferred one, else the only one; none when the choice is open. */
export function bulkFix(d: Diagnostic, preferredOnly: boolean): Fix | undefined {
  if (!d.fixes?.length) return undefined;
  const p = d.fixes.find((f) => f.preferred);
  if (p) return preferredOnly && d.fixes.length > 1 ? undefined : p;
  return !preferredOnly && d.fixes.length === 1 ? d.fixes[0] : undefined;
}

/** Whether two edits cannot be applied together: their ranges overlap, or they meet at a point
 *  where one of them inserts (the order of the two would be unclear). */
function collide(a: TextEdit, b: TextEdit): boolean {
  if (before(a.range.end, b.range.start) || before(b.range.end, a.range.start)) return false;
  if (same(a.range.end, b.range.start) || same(b.range.end, a.range.start)) {
    return same(a.range.start, a.range.end) || same(b.range.start, b.range.end);
  }
  return true;
}

/**
 * Joins the fixes into one list of non-overlapping edits: a fix whose edits touch an edit already
 * taken is left out whole (running the fixes again picks it up). Returns the edits, sorted, and the
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

/**
 * Fixes that are guesses (a near spelling for an unknown name or value): fine one at a time or
 * per code on request, never applied unseen.
 */
const GUESS = /\/(unknown-[a-z0-9-]+|value-not-allowed|invalid-sub-option)$/;

/** An edit that deletes whole lines (from a line's start to a later line's start, nothing put in). */
const deletesLines = (e: TextEdit) =>
  e.newText === '' &&
  e.range.start.character === 0 &&
  e.range.end.character === 0 &&
  e.range.end.line > e.range.start.line;

/**
 * Whether a fix can lose what the user meant: it deletes words (marked `deletes` where it is made)
 * or whole lines. Renames (a misspelt or renamed name to the right one) and rewrites keep the intent.
 */
export function losesIntent(fix: Fix): boolean {
  return !!fix.deletes || fix.edits.some(deletesLines);
}

/**
 * The safe fixes of a file: for errors and warnings, not a spelling guess, the preferred fix when
 * it is the only one, and one that deletes nothing the user wrote. What `source.fixAll` (fix on
 * save) and `xen-config check --fix` apply.
 */
export function safeFixes(diagnostics: Diagnostic[]): { edits: TextEdit[]; fixed: Diagnostic[] } {
  const items = diagnostics
    .filter((d) => (d.severity === 'error' || d.severity === 'warning') && !GUESS.test(d.code))
    .map((d) => ({ d, fix: bulkFix(d, true) }))
    .filter((x): x is { d: Diagnostic; fix: Fix } => !!x.fix && !losesIntent(x.fix));
  return mergeFixes(items);
}

/** The text after applying non-overlapping edits (as mergeFixes returns them). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///', 'plaintext', 1, text), edits);
}
