// Quick fixes: the fixes the service attached to diagnostics, offered where the user asks; when a
// code has several fixable diagnostics in the file, one action fixing them all; and a
// `source.fixAll.xenConfig` action applying every mechanical fix (for "fix on save").
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node';
import type { Diagnostic, Fix } from '../core/types';
import { bulkFix, mergeFixes, safeFixes } from '../service/fixes';
import { toLspDiagnostic } from './convert';

export { mergeFixes };

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.xenConfig`;

type Pos = { line: number; character: number };
const before = (p: Pos, q: Pos) => p.line < q.line || (p.line === q.line && p.character < q.character);

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether an action of `kind` answers a request limited to `only` (LSP: hierarchical prefixes). */
function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

/** Between steps of this many diagnostics the work pauses for cancellation to be seen. */
const STEP = 250;

/**
 * The quick fixes at `at`. A generator: it yields between steps so a caller can stop it
 * (`$/cancelRequest`, a newer edit); `fixesToCodeActions` runs it through.
 */
function* quickFixes(uri: string, diagnostics: Diagnostic[], at: Range, out: CodeAction[]): Generator<void> {
  const fixAllDone = new Set<string>();
  let n = 0;
  for (const d of diagnostics) {
    if (++n % STEP === 0) yield;
    if (!d.fixes?.length || !overlaps(d.range, at)) continue;
    for (const fix of d.fixes) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(d)],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
    if (fixAllDone.has(d.code)) continue;
    fixAllDone.add(d.code);
    yield;
    const items = diagnostics
      .filter((x) => x.code === d.code)
      .map((x) => ({ d: x, fix: bulkFix(x, false) }))
      .filter((x): x is { d: Diagnostic; fix: Fix } => !!x.fix);
    if (items.length < 2) continue;
    const { edits, fixed } = mergeFixes(items);
    if (fixed.length < 2) continue;
    out.push({
      title: `Fix all ${fixed.length} ${d.code} problems in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: fixed.map(toLspDiagnostic),
      edit: { changes: { [uri]: edits } },
    });
  }
}

/**
 * One action applying every mechanical fix of the file (service/fixes.ts `safeFixes`, the same set
 * `xen-config check --fix` applies). Editors run it on save (`source.fixAll`), so it must be safe.
 */
export function fixAllAction(uri: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  const { edits, fixed } = safeFixes(diagnostics);
  if (fixed.length === 0) return undefined;
  return {
    title: `Fix all ${fixed.length} auto-fixable problem${fixed.length === 1 ? '' : 's'} (xen-config)`,
    kind: FIX_ALL_KIND,
    diagnostics: fixed.map(toLspDiagnostic),
    edit: { changes: { [uri]: edits } },
  };
}

/** The work of a code action request, in steps (see quickFixes); the actions are in `out` at the end. */
export function* codeActionSteps(
  uri: string,
  diagnostics: Diagnostic[],
  at: Range,
  only: string[] | undefined,
  out: CodeAction[],
): Generator<void> {
  if (wanted(CodeActionKind.QuickFix, only)) yield* quickFixes(uri, diagnostics, at, out);
  // The source action only when asked for by kind (fix on save, "Source Action…"), as editors expect.
  if (only && wanted(FIX_ALL_KIND, only)) {
    yield;
    const all = fixAllAction(uri, diagnostics);
    if (all) out.push(all);
  }
}

export function fixesToCodeActions(uri: string, diagnostics: Diagnostic[], at: Range, only?: string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const _ of codeActionSteps(uri, diagnostics, at, only, actions)) {
    /* run through */
  }
  return actions;
}
