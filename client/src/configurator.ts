// The configurator view: a tree in the explorer for the active kernel configuration when a kernel
// tree is set (xenConfig.kernelSourcePath): the Kconfig menus with each option's value as
// olddefconfig makes it, a Xen filter (the Xen options and the role's requirements), a search by
// name or prompt, and setting an option through the solver (what it needs comes along). The server
// answers everything (xenConfig/configMenu, xenConfig/configSet); this only renders, and applies
// the returned edits to the document as one undoable edit: the file is never written behind the editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface MenuItem {
  id: string;
  kind: 'menu' | 'symbol' | 'choice';
  label: string;
  name?: string;
  type?: string;
  value?: string;
  visible?: boolean;
  choices?: string[];
  hasChildren: boolean;
  tooltip?: string;
}
interface MenuAnswer {
  tree: string;
  role?: string;
  items: MenuItem[];
  truncated?: boolean;
}
interface SetAnswer {
  ok: boolean;
  edits: Array<{ range: { start: Pos; end: Pos }; newText: string }>;
  message: string;
  version: number;
}
interface Pos {
  line: number;
  character: number;
}

type Filter = { kind: 'all' } | { kind: 'xen' } | { kind: 'search'; query: string };

const VALUE_WORDS: Record<string, string> = { y: 'built in / enabled', m: 'module', n: 'off' };

class ConfigTree implements vscode.TreeDataProvider<MenuItem> {
  private readonly changed = new vscode.EventEmitter<MenuItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  filter: Filter = { kind: 'xen' };
  doc: vscode.TextDocument | undefined;
  view: vscode.TreeView<MenuItem> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async ask(parent?: MenuItem): Promise<MenuAnswer | null> {
    const c = this.client();
    if (!c || !this.doc) return null;
    const f = this.filter;
    return c
      .sendRequest<MenuAnswer | null>('xenConfig/configMenu', {
        uri: this.doc.uri.toString(),
        ...(parent ? { parent: parent.id } : {}),
        ...(!parent && f.kind === 'xen' ? { filter: 'xen' } : {}),
        ...(!parent && f.kind === 'search' ? { query: f.query } : {}),
      })
      .then(
        (v) => v,
        () => null,
      );
  }

  async getChildren(parent?: MenuItem): Promise<MenuItem[]> {
    const a = await this.ask(parent);
    if (!parent && this.view) {
      const what =
        this.filter.kind === 'xen'
          ? `Xen options${a?.role ? ` and ${a.role} requirements` : ''}`
          : this.filter.kind === 'search'
            ? `matching "${this.filter.query}"`
            : 'all menus';
      this.view.description = a ? `${a.tree} · ${what}` : undefined;
      this.view.message = !this.doc
        ? 'Open a kernel configuration (.config) to see its options.'
        : a
          ? a.items.length
            ? a.truncated
              ? 'Only the first matches are shown: search for a longer name.'
              : undefined
            : 'Nothing matches.'
          : 'Set xenConfig.kernelSourcePath to a Linux source tree (Xen Config: Choose Kernel Source Tree); the view shows its options once it is loaded.';
    }
    return a?.items ?? [];
  }

  getTreeItem(e: MenuItem): vscode.TreeItem {
    const item = new vscode.TreeItem(
      e.label,
      e.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${this.filter.kind}:${e.id}`;
    if (e.kind === 'symbol') {
      item.description = `${e.name} = ${e.value === undefined ? '?' : e.value === '' ? '""' : e.value}${e.visible === false ? ' (needs others)' : ''}`;
      item.contextValue = e.choices ? 'xenConfig.toggle' : 'xenConfig.value';
      item.iconPath = new vscode.ThemeIcon(
        e.value === 'y'
          ? 'pass-filled'
          : e.value === 'm'
            ? 'circle-large-outline'
            : e.choices
              ? 'circle-slash'
              : 'symbol-field',
      );
      item.command = { command: 'xenConfig.configurator.set', title: 'Set', arguments: [e] };
    } else {
      item.description = e.value;
      item.iconPath = new vscode.ThemeIcon(e.kind === 'choice' ? 'list-selection' : 'folder');
    }
    item.tooltip = e.tooltip;
    return item;
  }
}

/** Applies the server's edits to the document as one edit (undoable), if it has not changed since. */
async function applyEdits(doc: vscode.TextDocument, a: SetAnswer): Promise<boolean> {
  if (a.version !== doc.version) {
    void vscode.window.showWarningMessage('The file changed while the change was worked out: try again.');
    return false;
  }
  const we = new vscode.WorkspaceEdit();
  for (const e of a.edits)
    we.replace(
      doc.uri,
      new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
      e.newText,
    );
  return vscode.workspace.applyEdit(we);
}

export function registerConfigurator(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const tree = new ConfigTree(client);
  const view = vscode.window.createTreeView('xenConfig.configurator', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  tree.view = view;

  const track = (editor: vscode.TextEditor | undefined): void => {
    const doc = editor?.document.languageId === 'kernel-config' ? editor.document : undefined;
    void vscode.commands.executeCommand('setContext', 'xenConfig.kernelConfigActive', !!doc);
    if (!doc || doc === tree.doc) return;
    tree.doc = doc;
    tree.refresh();
  };
  track(vscode.window.activeTextEditor);

  let timer: NodeJS.Timeout | undefined;
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => tree.refresh(), 400);
  };

  /** Sets `name` to `value` through the server's solver and applies its edits. */
  const setValue = async (name: string, value: string): Promise<void> => {
    const doc = tree.doc;
    const c = client();
    if (!doc || !c) return;
    const a = await c
      .sendRequest<SetAnswer | null>('xenConfig/configSet', { uri: doc.uri.toString(), name, value })
      .then(
        (v) => v,
        (e: unknown) => {
          void vscode.window.showErrorMessage(`xen-config: ${e instanceof Error ? e.message : String(e)}`);
          return null;
        },
      );
    if (!a) return;
    if (!a.ok) {
      void vscode.window.showWarningMessage(a.message);
      return;
    }
    if (a.edits.length && (await applyEdits(doc, a)))
      vscode.window.setStatusBarMessage(`xen-config: ${a.message}`, 8000);
    else if (!a.edits.length) vscode.window.setStatusBarMessage(`xen-config: ${a.message}`, 5000);
    later();
  };

  /** Asks for the new value of an option (a pick for y/m/n, an input box otherwise), then sets it. */
  const chooseValue = async (e: MenuItem): Promise<void> => {
    if (!e.name) return;
    let value: string | undefined;
    if (e.choices) {
      const picked = await vscode.window.showQuickPick(
        e.choices.map((v) => ({
          label: v,
          description: `${VALUE_WORDS[v] ?? ''}${v === e.value ? ' (now)' : ''}`,
        })),
        { placeHolder: `CONFIG_${e.name}: ${e.label} — what it needs is set too` },
      );
      value = picked?.label;
    } else {
      value = await vscode.window.showInputBox({
        prompt: `CONFIG_${e.name} (${e.type ?? 'value'}): ${e.label}`,
        value: e.value ?? '',
      });
    }
    if (value !== undefined && value !== e.value) await setValue(e.name, value);
  };

  context.subscriptions.push(
    view,
    vscode.window.onDidChangeActiveTextEditor(track),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === tree.doc) later();
    }),
    // the tree finished loading (the server publishes new diagnostics then)
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (tree.doc && e.uris.some((u) => u.toString() === tree.doc!.uri.toString())) later();
    }),
    vscode.commands.registerCommand('xenConfig.configurator.set', (e: MenuItem) => chooseValue(e)),
    vscode.commands.registerCommand('xenConfig.configurator.showXen', () => {
      tree.filter = { kind: 'xen' };
      tree.refresh();
    }),
    vscode.commands.registerCommand('xenConfig.configurator.showAll', () => {
      tree.filter = { kind: 'all' };
      tree.refresh();
    }),
    vscode.commands.registerCommand('xenConfig.configurator.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('xenConfig.configurator.search', async () => {
      if (!tree.doc) {
        void vscode.window.showInformationMessage('Open a kernel configuration (.config) first.');
        return;
      }
      const query = await vscode.window.showInputBox({
        prompt: 'Search the kernel options by name or prompt',
        placeHolder: 'for example XEN_DOM0 or "block device"',
      });
      if (!query?.trim()) return;
      tree.filter = { kind: 'search', query: query.trim() };
      tree.refresh();
      const a = await tree.ask();
      if (!a?.items.length) return;
      const picked = await vscode.window.showQuickPick(
        a.items.map((i) => ({ label: `CONFIG_${i.name} = ${i.value ?? '?'}`, description: i.label, item: i })),
        { placeHolder: 'Choose an option to set', matchOnDescription: true },
      );
      if (picked) await chooseValue(picked.item);
    }),
    vscode.commands.registerCommand('xenConfig.showSolverMessage', (message: unknown) => {
      if (typeof message === 'string') void vscode.window.showWarningMessage(message);
    }),
  );
}
