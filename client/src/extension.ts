// The VS Code extension: starts the language server, shows which knowledge the active file is
// judged with, and offers commands to choose the kernel tree and target versions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const LANGUAGES = ['menu-lst', 'grub-cfg', 'grub-default', 'kernel-config', 'kconfig', 'xl-cfg'];

let client: LanguageClient | undefined;

interface DocumentStatus { targets: string[]; knowledge: string }

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    synchronize: { configurationSection: 'xenConfig' },
  };
  client = new LanguageClient('xenConfig', 'Xen & Linux Boot Config', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Xen & Linux Boot Config';
  status.command = 'xenConfig.selectXenVersion';
  context.subscriptions.push(status);

  const refreshStatus = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client || !LANGUAGES.includes(editor.document.languageId)) { status.hide(); return; }
    const s = await client.sendRequest<DocumentStatus | null>('xenConfig/status', { uri: editor.document.uri.toString() }).then((v) => v, () => null);
    if (!s) { status.hide(); return; }
    status.text = `$(circuit-board) ${s.targets.length ? s.targets.join(' · ') : 'xen-config'}`;
    status.tooltip = `Judged with ${s.knowledge}. Click to choose the target Xen release.`;
    status.show();
  };

  const setSetting = async (key: string, value: string): Promise<void> => {
    // Untrusted workspaces ignore workspace values of the restricted settings: write those for the user.
    const target = vscode.workspace.workspaceFolders && vscode.workspace.isTrusted
      ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('xenConfig').update(key, value, target);
    await refreshStatus();
  };

  const pickVersion = async (kind: 'xen' | 'linux'): Promise<void> => {
    const known = await client?.sendRequest<{ xen: string[]; linux: string[] }>('xenConfig/knownVersions');
    const items = [{ label: 'Automatic', description: 'from the image name or file header, else the newest' }, ...[...(known?.[kind] ?? [])].reverse().map((v) => ({ label: v, description: '' }))];
    const pick = await vscode.window.showQuickPick(items, { placeHolder: kind === 'xen' ? 'Target Xen release' : 'Target Linux version' });
    if (pick) await setSetting(kind === 'xen' ? 'xenVersion' : 'linuxVersion', pick.label === 'Automatic' ? '' : pick.label);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('xenConfig.selectXenVersion', () => pickVersion('xen')),
    vscode.commands.registerCommand('xenConfig.selectLinuxVersion', () => pickVersion('linux')),
    vscode.commands.registerCommand('xenConfig.selectKernelTree', async () => {
      const dirs = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use this kernel tree' });
      if (dirs?.[0]) await setSetting('kernelSourcePath', dirs[0].fsPath);
    }),
    vscode.commands.registerCommand('xenConfig.showRoleReport', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'kernel-config') {
        void vscode.window.showInformationMessage('Open a kernel configuration (.config) to see its role report.');
        return;
      }
      const role = await vscode.window.showQuickPick(['dom0', 'domU'], { placeHolder: 'Check the configuration for which role?' });
      if (!role) return;
      const report = await client?.sendRequest<string | null>('xenConfig/roleReport', { uri: editor.document.uri.toString(), role });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: report ?? 'No report available for this file.' });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    }),
    vscode.commands.registerCommand('xenConfig.restartServer', async () => { await client?.restart(); await refreshStatus(); }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('xenConfig')) void refreshStatus(); }),
    vscode.languages.onDidChangeDiagnostics(() => void refreshStatus()),
  );

  await client.start();
  await refreshStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
