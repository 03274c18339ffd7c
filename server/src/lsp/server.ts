// The language server: LSP plumbing over the language service. Every handler is guarded so a
// failure in one feature answers empty and is logged, and never takes the server down.
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionKind, DocumentDiagnosticReportKind, ProposedFeatures, TextDocumentSyncKind, TextDocuments,
  createConnection, type CodeAction, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, filePath } from '../service/service';
import { roleRequirementsReport } from '../kernelconfig/roles';
import { SEMANTIC_TOKEN_TYPES, type Diagnostic, type Settings } from '../service/types';
import { engines } from '../cmdline/engines';
import { toLspCompletion, toLspDiagnostic, toLspHover, toLspSymbol } from './convert';
import { FIX_ALL_KIND, fixesToCodeActions } from './codeActions';
import { onTreeChange } from '../kernelconfig/kernelTree';

/** How long after the last keystroke diagnostics are recomputed. */
const DIAGNOSE_DELAY_MS = 120;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const service = createLanguageService();
  let pullDiagnostics = false;
  /** A relative kernelSourcePath is relative to the (first) workspace folder. */
  let workspaceRoot: string | undefined;
  const withPaths = (s: Settings): Settings => {
    const p = s.kernelSourcePath?.trim();
    if (!p) return s;
    const home = p === '~' || p.startsWith('~/') ? os.homedir() + p.slice(1) : p;
    return { ...s, kernelSourcePath: path.isAbsolute(home) ? home : path.resolve(workspaceRoot ?? process.cwd(), home) };
  };
  let canPullConfig = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const lastDiagnostics = new Map<string, { version: number; diagnostics: Diagnostic[] }>();

  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`xen-config: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  };

  function diagnosticsOf(doc: TextDocument): Diagnostic[] {
    const hit = lastDiagnostics.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.diagnostics;
    const diagnostics = guard('diagnostics', [], () =>
      service.diagnose(doc, { isCancelled: () => documents.get(doc.uri)?.version !== doc.version }));
    lastDiagnostics.set(doc.uri, { version: doc.version, diagnostics });
    return diagnostics;
  }

  function schedule(doc: TextDocument, delay: number): void {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (!current) return;
      const diagnostics = diagnosticsOf(current);
      if (documents.get(doc.uri)?.version !== current.version) return; // stale: a newer edit will publish
      void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: diagnostics.map(toLspDiagnostic) });
    }, delay));
  }

  async function loadSettings(init?: unknown): Promise<void> {
    let s: unknown = init;
    if (canPullConfig) {
      s = await connection.workspace.getConfiguration('xenConfig').then((v) => v, () => undefined);
    }
    if (s && typeof s === 'object') service.configure(withPaths(s as Settings));
    lastDiagnostics.clear();
    for (const d of documents.all()) schedule(d, 0);
    if (pullDiagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRoot = root ? filePath(root) : undefined;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    canPullConfig = !!caps.workspace?.configuration;
    const init = params.initializationOptions as { settings?: Settings } | undefined;
    if (init?.settings) service.configure(withPaths(init.settings));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ',', ':', ' ', '_'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        inlayHintProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'xen-config', version: '0.1.0' },
    };
  });

  // A kernel tree finished loading (or reloaded after its Kconfig files changed, or failed):
  // the documents judged with it are diagnosed again.
  const stopTreeWatch = onTreeChange(() => {
    for (const d of documents.all()) {
      if (d.languageId !== 'kernel-config' && d.languageId !== 'kconfig') continue;
      lastDiagnostics.delete(d.uri);
      schedule(d, 0);
    }
    if (pullDiagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
  });
  connection.onShutdown(() => stopTreeWatch());

  connection.onInitialized(() => { void loadSettings(); });
  connection.onDidChangeConfiguration((p) => {
    const s = (p.settings as { xenConfig?: unknown } | undefined)?.xenConfig;
    void loadSettings(s);
  });

  // TextDocuments reports an open as a content change too: only later versions wait for a pause.
  const openedVersion = new Map<string, number>();
  documents.onDidOpen((e) => { openedVersion.set(e.document.uri, e.document.version); schedule(e.document, 0); });
  documents.onDidChangeContent((e) => {
    if (openedVersion.get(e.document.uri) === e.document.version) return;
    schedule(e.document, DIAGNOSE_DELAY_MS);
  });
  documents.onDidClose((e) => {
    openedVersion.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    lastDiagnostics.delete(e.document.uri);
    service.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    const items = doc ? diagnosticsOf(doc).map(toLspDiagnostic) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onHover((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return guard('hover', null, () => {
      const h = service.hover(doc, p.position);
      return h ? toLspHover(h) : null;
    });
  });

  connection.onCompletion((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return guard('completion', [], () => service.complete(doc, p.position).map(toLspCompletion));
  });

  connection.onDocumentSymbol((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? guard('symbols', [], () => service.symbols(doc).map(toLspSymbol)) : [];
  });

  connection.onFoldingRanges((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? guard('folding', [], () => service.folding(doc)) : [];
  });

  connection.onDefinition((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return guard('definition', null, () => {
      const d = service.definition(doc, p.position);
      if (!d) return null;
      const pos = { line: Math.max(0, d.line - 1), character: 0 };
      return { uri: `file://${encodeURI(d.path)}`, range: { start: pos, end: pos } };
    });
  });

  connection.onCodeAction((p): CodeAction[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return guard('code actions', [], () => fixesToCodeActions(doc.uri, diagnosticsOf(doc), p.range, p.context.only));
  });

  connection.languages.inlayHint.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return guard('inlay hints', [], () => service.inlayHints(doc, p.range).map((h) => ({
      position: h.position, label: h.label, tooltip: h.tooltip, paddingLeft: true,
    })));
  });

  connection.languages.semanticTokens.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    return guard('semantic tokens', { data: [] }, () => {
      const tokens = service.semanticTokens(doc).sort((a, b) => a.line - b.line || a.character - b.character);
      const data: number[] = [];
      let line = 0;
      let ch = 0;
      for (const t of tokens) {
        const dl = t.line - line;
        const dc = dl === 0 ? t.character - ch : t.character;
        if (dl < 0 || dc < 0) continue; // overlapping token: skip rather than send a broken stream
        data.push(dl, dc, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), 0);
        line = t.line;
        ch = t.character;
      }
      return { data };
    });
  });

  // Custom requests for the VS Code client's status item and commands.
  connection.onRequest('xenConfig/status', (p: { uri: string }) => {
    const doc = documents.get(p?.uri);
    return doc ? guard('status', null, () => service.status(doc)) : null;
  });
  connection.onRequest('xenConfig/knownVersions', () => guard('known versions', { xen: [], linux: [] }, () => ({
    xen: engines.xen.knownVersions?.() ?? [],
    linux: engines.linux.knownVersions?.() ?? [],
  })));

  connection.onRequest('xenConfig/roleReport', (p: { uri: string; role: string }) => {
    const doc = documents.get(p?.uri);
    if (!doc || doc.languageId !== 'kernel-config') return null;
    return guard('role report', null, () => {
      const rep = roleRequirementsReport(doc.getText(), p.role, { path: filePath(doc.uri), settings: service.settings });
      if (!rep) return null;
      const rows = rep.rows.map((r) => `| ${r.status === 'OK' ? '✅ OK' : '❌ FAIL'} | \`${r.requirement}\` | ${r.level} | ${r.why.replace(/\|/g, '\\|')} |`);
      return [`# ${rep.title}`, '', `Judged against ${rep.target}.`, '', '| status | requirement | level | why |', '|---|---|---|---|', ...rows, '',
        rep.ok ? 'All required options are present.' : 'Some required options are missing.'].join('\n');
    });
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

