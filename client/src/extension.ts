// The VS Code extension: starts the language server, shows which knowledge the active file is
// judged with, and offers commands to choose the kernel tree and target versions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ConfigurationParams,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { LANGUAGE_IDS, languageForFile, looksLikeKernelConfig } from '../../server/src/core/languages';
import { registerConfigurator } from './configurator';
import { linkCodePages, registerCodePages } from './codePages';

/** Every language the server serves (service/languages.ts, kept equal to the manifest by a test). */
const LANGUAGES: string[] = [...LANGUAGE_IDS];
/** Files judged against a Linux version first; the others (boot menus, xl) against a Xen release. */
const LINUX_FIRST = new Set(['kernel-config', 'kconfig']);

let client: LanguageClient | undefined;

/** `project`: where a `.xen-config.json` set the target, or why it is not used; `entry`: the boot
 *  entry around the cursor, when the targets are that entry's. */
interface DocumentStatus {
  targets: string[];
  knowledge: string;
  project?: string;
  entry?: string;
}

/** An absolute path (or one under the home folder): it does not depend on which workspace is open. */
function isAbsoluteTree(p: unknown): p is string {
  if (typeof p !== 'string' || p.trim() === '') return false;
  const t = p.trim();
  return t === '~' || t.startsWith('~/') || path.isAbsolute(t);
}

/**
 * The server's settings as it may see them. Whatever scope the server asks for, the opt-in to run
 * a kernel tree's `$(shell,…)` is the user's own setting only (never a workspace's or folder's),
 * and in an untrusted workspace a kernel tree path comes only from user settings and only when it
 * is absolute (a relative one would name a folder of the untrusted workspace).
 */
function userScopedSettings(item: { section?: string; scopeUri?: string }, value: unknown): unknown {
  if (item.section !== 'xenConfig' || !value || typeof value !== 'object') return value;
  const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
  const config = vscode.workspace.getConfiguration('xenConfig', scope);
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  out.allowKconfigShell = config.inspect<boolean>('allowKconfigShell')?.globalValue === true;
  // the architecture only when someone set it: its default (x86_64) lets a file's own signs decide
  const arch = config.inspect<string>('arch');
  if (
    arch &&
    arch.globalValue === undefined &&
    arch.workspaceValue === undefined &&
    arch.workspaceFolderValue === undefined
  )
    delete out.arch;
  // The server cannot know trust itself: it uses a kernel tree named in a repository's
  // .xen-config.json only when this says the workspace is trusted.
  out.workspaceTrusted = vscode.workspace.isTrusted;
  if (!vscode.workspace.isTrusted) {
    const user = config.inspect<string>('kernelSourcePath')?.globalValue;
    out.kernelSourcePath = isAbsoluteTree(user) ? user : '';
    if (!out.kernelSourcePath) out.allowKconfigShell = false;
  }
  return out;
}

/**
 * A `*.config` file opened as plain text that reads as a kernel configuration (a fragment or a
 * conf-written file, whose first line is a bare `#` the manifest's firstLine cannot judge) is
 * switched to kernel-config; a .NET web.config or any other file is left alone.
 */
function claimKernelConfig(doc: vscode.TextDocument): void {
  // VS Code gives `*.config` to XML (web.config) when its XML support is present, else plain text.
  if (
    (doc.languageId !== 'plaintext' && doc.languageId !== 'xml') ||
    !/\.config$/i.test(doc.fileName) ||
    doc.lineCount > 2_000_000
  )
    return;
  if (looksLikeKernelConfig(doc.getText()))
    void vscode.languages.setTextDocumentLanguage(doc, 'kernel-config').then(undefined, () => undefined);
}

/**
 * Xen's EFI file kept outside an EFI folder (`xen.cfg` at the top, in boot/ or xen/, or a `.cfg`
 * beside a `xen*.efi`): a name the manifest cannot claim without taking xl domain files and every
 * other `.cfg`, so the content decides, as in the CLI and the server (core/languages.ts).
 */
function claimXenEfiCfg(doc: vscode.TextDocument): void {
  if (
    (doc.languageId !== 'plaintext' && doc.languageId !== 'xl-cfg') ||
    !/\.cfg$/i.test(doc.fileName) ||
    doc.lineCount > 100_000
  )
    return;
  if (languageForFile(doc.fileName, () => doc.getText()) === 'xen-efi-cfg')
    void vscode.languages.setTextDocumentLanguage(doc, 'xen-efi-cfg').then(undefined, () => undefined);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(claimKernelConfig));
  vscode.workspace.textDocuments.forEach(claimKernelConfig);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(claimXenEfiCfg));
  vscode.workspace.textDocuments.forEach(claimXenEfiCfg);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'xenConfig' },
    // Read when the server starts (and restarts): trust is known before the first configuration answer.
    initializationOptions: () => ({ settings: { workspaceTrusted: vscode.workspace.isTrusted } }),
    middleware: {
      // Code links open the page rendered in the editor (codePages.ts), pushed or pulled.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, linkCodePages(diagnostics)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && 'items' in report) linkCodePages(report.items);
        return report;
      },
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value: unknown, i: number) => userScopedSettings(params.items[i] ?? {}, value));
        },
      },
    },
  };
  client = new LanguageClient('xenConfig', 'Xen & Linux Boot Config', serverOptions, clientOptions);
  registerConfigurator(context, () => client);
  registerCodePages(context, LANGUAGES);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Xen & Linux Boot Config';
  status.command = 'xenConfig.selectXenVersion';
  context.subscriptions.push(status);

  let selectionTimer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const refreshStatus = async (): Promise<void> => {
    const ask = ++asked;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client || !LANGUAGES.includes(editor.document.languageId)) {
      status.hide();
      return;
    }
    const s = await client
      .sendRequest<DocumentStatus | null>('xenConfig/status', {
        uri: editor.document.uri.toString(),
        position: editor.selection.active,
      })
      .then(
        (v) => v,
        () => null,
      );
    if (ask !== asked) return; // a newer question is on its way
    if (!s) {
      status.hide();
      return;
    }
    const linux = LINUX_FIRST.has(editor.document.languageId);
    const project = s.project?.startsWith('target from') ? ' · .xen-config.json' : '';
    status.text = `$(circuit-board) ${s.targets.length ? s.targets.join(' · ') : linux ? 'Linux' : 'Xen'}${project}`;
    status.command = linux ? 'xenConfig.selectLinuxVersion' : 'xenConfig.selectXenVersion';
    const entry = s.entry ? `Entry "${s.entry}": ${s.targets.join(', ')}. ` : '';
    status.tooltip = `${entry}Judged with ${s.knowledge}.${s.project ? ` The ${s.project}.` : ''} Click to choose the target ${linux ? 'Linux version' : 'Xen release'}.`;
    status.show();
  };

  const setSetting = async (key: string, value: string): Promise<void> => {
    // Untrusted workspaces ignore workspace values of the restricted settings: write those for the user.
    const target =
      vscode.workspace.workspaceFolders && vscode.workspace.isTrusted
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('xenConfig').update(key, value, target);
    await refreshStatus();
  };

  /** The version picker: every version the server knows, newest first, or one typed in. */
  const pickVersion = async (kind: 'xen' | 'linux'): Promise<void> => {
    const known = await client?.sendRequest<{ xen: string[]; linux: string[] }>('xenConfig/knownVersions').then(
      (v) => v,
      () => undefined,
    );
    const what = kind === 'xen' ? 'Xen release' : 'Linux version';
    const current =
      vscode.workspace.getConfiguration('xenConfig').get<string>(kind === 'xen' ? 'xenVersion' : 'linuxVersion') ?? '';
    const automatic: vscode.QuickPickItem = {
      label: 'Automatic',
      description:
        kind === 'xen'
          ? 'the release the image name says, else the newest'
          : 'the version the file says, else the newest',
    };
    const listed: vscode.QuickPickItem[] = [...(known?.[kind] ?? [])]
      .reverse()
      .map((v) => ({ label: v, description: v === current ? 'current' : '' }));
    const pick = vscode.window.createQuickPick();
    pick.placeholder = `Target ${what} (or type one, for example ${kind === 'xen' ? '4.17.3' : '6.1.55'})`;
    pick.items = [automatic, ...listed];
    pick.onDidChangeValue((value) => {
      const v = value.trim();
      const typed =
        /^\d+\.\d+(\.\d+)?$/.test(v) && !listed.some((i) => i.label === v)
          ? [{ label: v, description: `use ${what} ${v}`, alwaysShow: true }]
          : [];
      pick.items = [...typed, automatic, ...listed];
    });
    const chosen = await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        // A whole version typed in is what the user means, whichever row happens to be focused.
        const v = pick.value.trim();
        resolve(/^\d+\.\d+(\.\d+)?$/.test(v) ? v : pick.selectedItems[0]?.label);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (chosen !== undefined)
      await setSetting(kind === 'xen' ? 'xenVersion' : 'linuxVersion', chosen === 'Automatic' ? '' : chosen);
  };

  // The role reports, served read-only from memory (a virtual document).
  const REPORT_SCHEME = 'xen-config-report';
  const reports = new Map<string, string>();
  const reportChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    reportChanged,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: reportChanged.event,
      provideTextDocumentContent: (uri) =>
        reports.get(uri.path.replace(/^\//, '').replace(/ requirements\.md$/, '')) ?? '',
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('xenConfig.selectXenVersion', () => pickVersion('xen')),
    vscode.commands.registerCommand('xenConfig.selectLinuxVersion', () => pickVersion('linux')),
    vscode.commands.registerCommand('xenConfig.selectKernelTree', async () => {
      const dirs = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Use this kernel tree',
      });
      if (dirs?.[0]) await setSetting('kernelSourcePath', dirs[0].fsPath);
    }),
    vscode.commands.registerCommand('xenConfig.showRoleReport', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'kernel-config') {
        void vscode.window.showInformationMessage('Open a kernel configuration (.config) to see its role report.');
        return;
      }
      const role = await vscode.window.showQuickPick(['dom0', 'domU'], {
        placeHolder: 'Check the configuration for which role?',
      });
      if (!role) return;
      const report = await client?.sendRequest<string | null>('xenConfig/roleReport', {
        uri: editor.document.uri.toString(),
        role,
      });
      reports.set(role, report ?? 'No report available for this file.');
      const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${role} requirements.md` });
      reportChanged.fire(uri);
      // A rendered, read-only view: nothing to save when it closes.
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    }),
    vscode.commands.registerCommand('xenConfig.restartServer', async () => {
      await client?.restart();
      await refreshStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    // The status follows the boot entry the cursor is in (asked for once the cursor rests).
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor !== vscode.window.activeTextEditor) return;
      clearTimeout(selectionTimer);
      selectionTimer = setTimeout(() => void refreshStatus(), 150);
    }),
    { dispose: () => clearTimeout(selectionTimer) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('xenConfig')) void refreshStatus();
    }),
    // Trust granted: the restricted settings now count; the server asks for its settings again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
    vscode.languages.onDidChangeDiagnostics(() => void refreshStatus()),
  );

  await client.start();
  await refreshStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
