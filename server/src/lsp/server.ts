// The language server: LSP plumbing over the language service. Every handler is guarded so a
// failure in one feature answers empty and is logged, and never takes the server down.
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, filePath, type RequestOptions } from '../service/service';
import {
  PROJECT_FILE,
  projectSettingsFor,
  withProjectSettings,
  type ProjectFs,
  type ProjectSettings,
} from '../service/projectSettings';
import { nodeFs } from '../service/nodeFs';
import { isLanguageId, languageForFile } from '../core/languages';
import { SEMANTIC_TOKEN_TYPES, type Diagnostic, type Settings } from '../core/types';
import { toLspCompletion, toLspDiagnostic, toLspHover, toLspSymbol } from './convert';
import { FIX_ALL_KIND, codeActionSteps } from './codeActions';
import { SOLVER_REFACTOR_KIND, lazyCodeActions, registerSolverRequests } from './solverRequests';
import { combineSettings, workspaceTrusted } from './settings';
import { VERSION } from '../service/version';

/** How long after the last keystroke diagnostics are recomputed. */
const DIAGNOSE_DELAY_MS = 120;

/**
 * The language a document is served as: its languageId when it is one of ours; otherwise (Neovim's
 * `grub`, `cfg`, `conf`, Helix's and Emacs's own names, `plaintext`) what its file name and content
 * say, as the CLI decides. Undefined: not ours, nothing is reported.
 */
export function servedLanguage(uri: string, languageId: string, text: () => string): string | undefined {
  if (isLanguageId(languageId)) return languageId;
  return languageForFile(filePath(uri) ?? uri, text);
}

/** Documents keep the client's languageId unless it is not ours; then the detected one. */
const DOCUMENTS = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return TextDocument.create(uri, servedLanguage(uri, languageId, () => content) ?? languageId, version, content);
  },
  update(doc: TextDocument, changes: Parameters<typeof TextDocument.update>[1], version: number): TextDocument {
    const next = TextDocument.update(doc, changes, version);
    if (isLanguageId(next.languageId)) return next;
    // Not recognised at open (an empty new file, say): look again as content arrives.
    const id = servedLanguage(next.uri, next.languageId, () => next.getText());
    return id ? TextDocument.create(next.uri, id, next.version, next.getText()) : next;
  },
};

/** Pause so the connection reads what the client sent meanwhile (a `$/cancelRequest`). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(DOCUMENTS);
  const service = createLanguageService();
  let pullDiagnostics = false;
  /** The client fills in a chosen code action's edits (codeAction/resolve): the solver's actions are offered. */
  let resolvesActions = false;
  /** A relative kernelSourcePath is relative to the (first) workspace folder. */
  let workspaceRoot: string | undefined;
  let workspaceRootUri: string | undefined;
  let initOptions: unknown;
  let initialized = false;
  let canPullConfig = false;
  let refresh = { inlayHints: false, semanticTokens: false, diagnostics: false };
  const timers = new Map<string, NodeJS.Timeout>();
  const lastDiagnostics = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  /** Whether the client says the workspace is trusted (lsp/settings.ts `workspaceTrusted`). */
  let trusted = true;
  let watchProjectFiles = false;

  // The project settings file (`.xen-config.json`, service/projectSettings.ts), as the CLI reads it.
  // Each folder's file is read once (`projectTexts`, by path) and each document's settings worked
  // out once (`projectByFile`); both are cleared when the client reports a `.xen-config.json` change.
  const projectTexts = new Map<string, string | undefined>();
  const projectByFile = new Map<string, ProjectSettings>();
  /** Project files whose error the user was shown, until they change. */
  const warned = new Set<string>();
  const projectFs: ProjectFs = {
    readFile(p) {
      if (!projectTexts.has(p)) projectTexts.set(p, nodeFs.readFile(p));
      return projectTexts.get(p);
    },
  };

  /**
   * The project settings of a document saved on disk, undefined when none applies. A kernel tree the
   * project names is used only in a trusted workspace; the shell opt-in never comes from it
   * (`withProjectSettings` drops it for any tree but the user's own).
   */
  function projectOf(doc: TextDocument): ProjectSettings | undefined {
    const file = filePath(doc.uri);
    if (!file) return undefined;
    let project = projectByFile.get(file);
    if (!project) {
      project = projectSettingsFor(file, projectFs);
      projectByFile.set(file, project);
    }
    if (project.error && project.file && !warned.has(project.file)) {
      warned.add(project.file);
      // A notification, not window/showMessageRequest: nothing to answer, nothing left waiting.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `xen-config: ${project.error}. Its settings are not used until it is fixed.`,
      });
    }
    if (!project.file) return undefined;
    if (project.settings.kernelSourcePath === undefined || trusted) return project;
    const { kernelSourcePath: _, ...settings } = project.settings;
    return {
      ...project,
      settings,
      notes: [...(project.notes ?? []), `its kernelSourcePath is not used: the workspace is not trusted`],
    };
  }

  /** The options of one request on `doc`: its project settings, and cancellation. */
  const opts = (doc: TextDocument, isCancelled?: () => boolean): RequestOptions => ({
    project: projectOf(doc),
    ...(isCancelled ? { isCancelled } : {}),
  });

  /** The error a request gets before `initialize`, or once it is cancelled; undefined: go on. */
  const refuse = (token?: CancellationToken): ResponseError<void> | undefined => {
    if (!initialized)
      return new ResponseError(
        ErrorCodes.ServerNotInitialized,
        'The server is not initialized yet: send "initialize" first.',
      );
    if (token?.isCancellationRequested)
      return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    return undefined;
  };

  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      connection.console.error(
        `xen-config: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return fallback;
    }
  };

  function diagnosticsOf(doc: TextDocument): Diagnostic[] {
    const hit = lastDiagnostics.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.diagnostics;
    const diagnostics = guard('diagnostics', [], () =>
      service.diagnose(
        doc,
        opts(doc, () => documents.get(doc.uri)?.version !== doc.version),
      ),
    );
    lastDiagnostics.set(doc.uri, { version: doc.version, diagnostics });
    return diagnostics;
  }

  function schedule(doc: TextDocument, delay: number): void {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        const diagnostics = diagnosticsOf(current);
        if (documents.get(doc.uri)?.version !== current.version) return; // stale: a newer edit will publish
        void connection.sendDiagnostics({
          uri: current.uri,
          version: current.version,
          diagnostics: diagnostics.map(toLspDiagnostic),
        });
      }, delay),
    );
  }

  /** Settings pushed in `workspace/didChangeConfiguration` (used when the client cannot be asked). */
  let pushed: unknown;

  /**
   * Settings from every channel (lsp/settings.ts): initializationOptions, pushed settings, and, when
   * the client can be asked, the user's unscoped configuration and the workspace folder's. The
   * kernel tree's shell opt-in comes only from the unscoped answer.
   */
  async function loadSettings(): Promise<void> {
    let user: unknown;
    let folder: unknown;
    if (canPullConfig) {
      const items = [
        { section: 'xenConfig' },
        ...(workspaceRootUri ? [{ section: 'xenConfig', scopeUri: workspaceRootUri }] : []),
      ];
      const answer = await connection.workspace.getConfiguration(items).then(
        (v: unknown) => v,
        () => undefined,
      );
      if (Array.isArray(answer)) [user, folder] = answer as unknown[];
    }
    service.configure(
      combineSettings(canPullConfig ? [initOptions, user, folder] : [initOptions, pushed], user, workspaceRoot),
    );
    trusted = workspaceTrusted(canPullConfig ? [initOptions, user] : [initOptions, pushed]);
    lastDiagnostics.clear();
    for (const d of documents.all()) schedule(d, 0);
    refreshViews();
  }

  /** Asks the client to ask again for what depends on settings or the kernel tree. */
  function refreshViews(): void {
    if (pullDiagnostics && refresh.diagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
    if (refresh.inlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
    if (refresh.semanticTokens) connection.languages.semanticTokens.refresh().catch(() => undefined);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRootUri = typeof root === 'string' ? root : undefined;
    workspaceRoot = workspaceRootUri ? filePath(workspaceRootUri) : undefined;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    resolvesActions = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    canPullConfig = !!caps.workspace?.configuration;
    watchProjectFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    refresh = {
      inlayHints: !!caps.workspace?.inlayHint?.refreshSupport,
      semanticTokens: !!caps.workspace?.semanticTokens?.refreshSupport,
      diagnostics: !!caps.workspace?.diagnostics?.refreshSupport,
    };
    const init = params.initializationOptions as { settings?: Settings } | undefined;
    initOptions = init && typeof init === 'object' ? init.settings : undefined;
    service.configure(combineSettings([initOptions], undefined, workspaceRoot));
    trusted = workspaceTrusted([initOptions]);
    initialized = true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ',', ':', ' ', '_', '"'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, SOLVER_REFACTOR_KIND],
          resolveProvider: true,
        },
        inlayHintProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
        ...(pullDiagnostics
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'xen-config', version: VERSION },
    };
  });

  // A kernel tree finished loading (or reloaded after its Kconfig files changed, or failed):
  // the documents judged with it are diagnosed again.
  const stopTreeWatch = service.onTreeChange(() => {
    for (const d of documents.all()) {
      if (d.languageId !== 'kernel-config' && d.languageId !== 'kconfig') continue;
      lastDiagnostics.delete(d.uri);
      schedule(d, 0);
    }
    refreshViews();
  });
  connection.onShutdown(() => {
    stopTreeWatch();
  });

  connection.onInitialized(() => {
    void loadSettings();
    // Clients that watch files for servers (VS Code, Neovim) report `.xen-config.json` changes.
    if (watchProjectFiles) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${PROJECT_FILE}` }] })
        .catch(() => undefined);
    }
  });

  // A project settings file was created, changed or deleted: every lookup starts again (a new file
  // in a sub-folder takes over from one above), and every open document is judged again.
  connection.onDidChangeWatchedFiles((p) => {
    if (!initialized || !p.changes.some((c) => c.uri.endsWith(`/${PROJECT_FILE}`))) return;
    projectTexts.clear();
    projectByFile.clear();
    warned.clear();
    lastDiagnostics.clear();
    for (const d of documents.all()) schedule(d, 0);
    refreshViews();
  });
  connection.onDidChangeConfiguration((p) => {
    if (!initialized) return;
    pushed = (p?.settings as { xenConfig?: unknown } | undefined)?.xenConfig ?? pushed;
    void loadSettings();
  });

  // TextDocuments reports an open as a content change too: only later versions wait for a pause.
  const openedVersion = new Map<string, number>();
  documents.onDidOpen((e) => {
    openedVersion.set(e.document.uri, e.document.version);
    schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    if (openedVersion.get(e.document.uri) === e.document.version) return;
    schedule(e.document, DIAGNOSE_DELAY_MS);
  });
  documents.onDidClose((e) => {
    openedVersion.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    lastDiagnostics.delete(e.document.uri);
    const file = filePath(e.document.uri);
    if (file) projectByFile.delete(file);
    service.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((p, token) => {
    const no = refuse(token);
    if (no) return new ResponseError(no.code, no.message, { retriggerRequest: initialized });
    const doc = documents.get(p.textDocument.uri);
    const items = doc ? diagnosticsOf(doc).map(toLspDiagnostic) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onHover(async (p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const h = guard('hover', null, () =>
      service.hover(
        doc,
        p.position,
        opts(doc, () => token.isCancellationRequested),
      ),
    );
    if (!h) return null;
    // what takes longer (the Kconfig solver's "To get CONFIG_X=y: set …") is worked out off the event loop
    const more = await service.hoverMore(doc, p.position, opts(doc)).catch((e: unknown) => {
      connection.console.error(`xen-config: hover failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return null;
    });
    return toLspHover(more ? { ...h, markdown: `${h.markdown}\n\n---\n\n${more}` } : h);
  });

  connection.onCompletion((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return guard('completion', [], () =>
      service
        .complete(
          doc,
          p.position,
          opts(doc, () => token.isCancellationRequested),
        )
        .map(toLspCompletion),
    );
  });

  connection.onDocumentSymbol((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    return doc ? guard('symbols', [], () => service.symbols(doc, opts(doc)).map(toLspSymbol)) : [];
  });

  connection.onFoldingRanges((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    return doc ? guard('folding', [], () => service.folding(doc, opts(doc))) : [];
  });

  connection.onDefinition((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return guard('definition', null, () => {
      const d = service.definition(doc, p.position, opts(doc));
      if (!d) return null;
      const pos = { line: Math.max(0, d.line - 1), character: 0 };
      return { uri: `file://${encodeURI(d.path)}`, range: { start: pos, end: pos } };
    });
  });

  // Code actions over a whole file can be long (thousands of fixable findings): the work runs in
  // steps with a pause between them, and stops when the request is cancelled or the document changes.
  connection.onCodeAction(async (p, token): Promise<CodeAction[] | ResponseError<void>> => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const diagnostics = diagnosticsOf(doc);
    const out: CodeAction[] = [];
    let last = Date.now();
    try {
      for (const _ of codeActionSteps(doc.uri, diagnostics, p.range, p.context?.only, out)) {
        if (Date.now() - last < 15) continue;
        await tick();
        last = Date.now();
        const stop = refuse(token);
        if (stop) return stop;
        if (documents.get(doc.uri)?.version !== doc.version) return [];
      }
    } catch (e) {
      connection.console.error(
        `xen-config: code actions failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return [];
    }
    if (resolvesActions)
      out.push(
        ...guard('solver actions', [], () => lazyCodeActions(service, doc, p.range, p.context?.only, opts(doc))),
      );
    return out;
  });
  registerSolverRequests(connection, documents, service, opts, refuse);

  connection.languages.inlayHint.on((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return guard('inlay hints', [], () =>
      service
        .inlayHints(
          doc,
          p.range,
          opts(doc, () => token.isCancellationRequested),
        )
        .map((h) => ({
          position: h.position,
          label: h.label,
          tooltip: h.tooltip,
          ...(h.paddingRight ? { paddingRight: true } : { paddingLeft: true }),
        })),
    );
  });

  connection.languages.semanticTokens.on((p, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    return guard('semantic tokens', { data: [] }, () => {
      const tokens = service
        .semanticTokens(
          doc,
          opts(doc, () => token.isCancellationRequested),
        )
        .sort((a, b) => a.line - b.line || a.character - b.character);
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
  // `position` (optional): the cursor, for the versions of the boot entry around it.
  connection.onRequest('xenConfig/status', (p: { uri?: unknown; position?: unknown } | undefined, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
    const q = p?.position as { line?: unknown; character?: unknown } | undefined;
    const pos =
      q && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0
        ? { line: q.line as number, character: Math.max(0, q.character as number) }
        : undefined;
    return doc ? guard('status', null, () => service.status(doc, opts(doc), pos)) : null;
  });
  connection.onRequest(
    'xenConfig/knownVersions',
    (_p: unknown, token) =>
      refuse(token) ?? guard('known versions', { xen: [], linux: [] }, () => service.knownVersions()),
  );

  connection.onRequest('xenConfig/roleReport', (p: { uri?: unknown; role?: unknown } | undefined, token) => {
    const no = refuse(token);
    if (no) return no;
    const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
    if (!doc || doc.languageId !== 'kernel-config' || typeof p?.role !== 'string') return null;
    const role = p.role;
    return guard('role report', null, () => {
      const project = projectOf(doc);
      const settings = project ? withProjectSettings(service.settings, project) : service.settings;
      const rep = service.roleReport(doc.getText(), role, { path: filePath(doc.uri), settings, document: doc });
      if (!rep) return null;
      const rows = rep.rows.map(
        (r) =>
          `| ${r.status === 'OK' ? '✅ OK' : '❌ FAIL'} | \`${r.requirement}\` | ${r.level} | ${r.why.replace(/\|/g, '\\|')} |`,
      );
      return [
        `# ${rep.title}`,
        '',
        `Judged against ${rep.target}.`,
        '',
        '| status | requirement | level | why |',
        '|---|---|---|---|',
        ...rows,
        '',
        rep.ok ? 'All required options are present.' : 'Some required options are missing.',
      ].join('\n');
    });
  });

  // Any other request: before `initialize` the LSP's "not initialized" error, after it "unknown method".
  connection.onRequest(
    (method: string) => refuse() ?? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}
