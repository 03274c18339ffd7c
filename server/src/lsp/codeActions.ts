// Quick fixes: the fixes the service attached to diagnostics, offered where the user asks.
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node';
import type { Diagnostic } from '../service/types';
import { toLspDiagnostic } from './convert';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function fixesToCodeActions(uri: string, diagnostics: Diagnostic[], at: Range, only?: string[]): CodeAction[] {
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
  const actions: CodeAction[] = [];
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
  }
  return actions;
}
