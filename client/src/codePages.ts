// The diagnostic code pages inside the editor (issue 19): `xenConfig.showCodeDoc` opens the page
// shipped in the extension (dist/docs/codes/<area>-<name>.md) in the Markdown preview, offline.
// Reached from a diagnostic two ways: the code link in its hover and in the Problems panel (the
// server's `file:` link to the page is turned into this command, so the page opens rendered
// rather than as Markdown source), and a "Learn about <code>" item in the Ctrl+. menu.
import * as vscode from 'vscode';

export const SHOW_CODE_DOC = 'xenConfig.showCodeDoc';
const SOURCE = 'xen-config';

/** The code of one of our diagnostics, or undefined. */
function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE || d.code === undefined) return undefined;
  const c = typeof d.code === 'object' ? d.code.value : d.code;
  return typeof c === 'string' && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(c) ? c : undefined;
}

function commandUri(code: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_CODE_DOC}?${encodeURIComponent(JSON.stringify([code]))}`);
}

/** Points our diagnostics' code links at the command (in place; returns the same array). */
export function linkCodePages<T extends vscode.Diagnostic>(diagnostics: T[]): T[] {
  for (const d of diagnostics) {
    const code = codeOf(d);
    if (code && typeof d.code === 'object' && d.code.target.scheme === 'file')
      d.code = { value: code, target: commandUri(code) };
  }
  return diagnostics;
}

export function registerCodePages(context: vscode.ExtensionContext, languages: readonly string[]): void {
  const pages = vscode.Uri.joinPath(context.extensionUri, 'dist', 'docs', 'codes');
  const pageOf = (code: string): vscode.Uri => vscode.Uri.joinPath(pages, `${code.replace('/', '-')}.md`);
  const exists = (uri: vscode.Uri): Thenable<boolean> =>
    vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CODE_DOC, async (arg?: unknown) => {
      let code = typeof arg === 'string' ? arg : undefined;
      if (!code) {
        // From the command palette: the codes of the active file, else every page shipped.
        const uri = vscode.window.activeTextEditor?.document.uri;
        const here = uri ? vscode.languages.getDiagnostics(uri).map(codeOf) : [];
        let codes = [...new Set(here.filter((c): c is string => !!c))].sort();
        if (codes.length === 0) {
          const files = await vscode.workspace.fs.readDirectory(pages).then(
            (entries) => entries.map(([name]) => name),
            () => [] as string[],
          );
          codes = files.filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3).replace('-', '/'));
        }
        code =
          codes.length === 1
            ? codes[0]
            : await vscode.window.showQuickPick(codes, { placeHolder: 'Which diagnostic code to read about?' });
        if (!code) return;
      }
      const page = pageOf(code);
      if (!(await exists(page))) {
        void vscode.window.showInformationMessage(`There is no page for ${code} in this version of the extension.`);
        return;
      }
      // A rendered, read-only view: nothing to save when it closes.
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
    vscode.languages.registerCodeActionsProvider(
      languages.map((language) => ({ language })),
      {
        provideCodeActions(_doc, _range, ctx) {
          const seen = new Set<string>();
          const out: vscode.CodeAction[] = [];
          for (const d of ctx.diagnostics) {
            const code = codeOf(d);
            if (!code || seen.has(code)) continue;
            seen.add(code);
            const action = new vscode.CodeAction(`Learn about ${code}`, vscode.CodeActionKind.QuickFix);
            action.command = { command: SHOW_CODE_DOC, title: `Learn about ${code}`, arguments: [code] };
            action.diagnostics = [d];
            out.push(action);
          }
          return out;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
