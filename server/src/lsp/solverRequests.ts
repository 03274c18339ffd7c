// The Kconfig solver over LSP (kernel configurations with a tree): code actions listed without their
// edits and completed on `codeAction/resolve` (so a solve runs only for the action the user picks),
// and the configurator view's requests: `xenConfig/configMenu` (a menu's children, the Xen filter,
// a search) and `xenConfig/configSet` (the edits that set a symbol and what it needs). The client
// applies those edits to the document as a WorkspaceEdit; nothing here writes a file.
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Range,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, RequestOptions } from '../service/service';
import type { ConfigMenuRequest } from '../core/solverTypes';

/** The kind of the "make it role-ready" actions offered anywhere in the file. */
export const SOLVER_REFACTOR_KIND = `${CodeActionKind.RefactorRewrite}.xenConfig`;

interface ActionData {
  uri: string;
  solver: unknown;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

/**
 * The solver's actions at `at`, without edits: `codeAction/resolve` adds them. Offered only to
 * clients that resolve actions' edits (a solve for each listed action would be far too slow).
 */
export function lazyCodeActions(
  service: LanguageService,
  doc: TextDocument,
  at: Range,
  only: string[] | undefined,
  opts: RequestOptions,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const a of service.lazyActions(doc, at, opts)) {
    const kind = a.kind === 'quickfix' ? CodeActionKind.QuickFix : SOLVER_REFACTOR_KIND;
    if (!wanted(kind, only)) continue;
    const data: ActionData = { uri: doc.uri, solver: a.data };
    out.push({ title: a.title, kind, ...(a.preferred ? { isPreferred: true } : {}), data });
  }
  return out;
}

export function registerSolverRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  service: LanguageService,
  optsOf: (doc: TextDocument, isCancelled?: () => boolean) => RequestOptions,
  refuse: (token?: CancellationToken) => ResponseError<void> | undefined,
): void {
  const fail = (what: string, e: unknown): void =>
    connection.console.error(`xen-config: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);

  connection.onCodeActionResolve(async (action, token) => {
    const no = refuse(token);
    if (no) return action;
    const data = action.data as Partial<ActionData> | undefined;
    const doc = typeof data?.uri === 'string' ? documents.get(data.uri) : undefined;
    if (!doc || action.edit) return action;
    try {
      const r = await service.resolveAction(
        doc,
        data!.solver,
        optsOf(doc, () => token.isCancellationRequested),
      );
      if (!r) return action;
      if (r.edits.length) return { ...action, edit: { changes: { [doc.uri]: r.edits } } };
      if (r.message)
        return {
          ...action,
          command: { title: action.title, command: 'xenConfig.showSolverMessage', arguments: [r.message] },
        };
    } catch (e) {
      fail('code action', e);
    }
    return action;
  });

  const docOf = (p: { uri?: unknown } | undefined): TextDocument | undefined =>
    typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;

  connection.onRequest(
    'xenConfig/configMenu',
    (p: { uri?: unknown; parent?: unknown; filter?: unknown; query?: unknown } | undefined, token) => {
      const no = refuse(token);
      if (no) return no;
      const doc = docOf(p);
      if (!doc) return null;
      const req: ConfigMenuRequest = {};
      if (typeof p?.parent === 'string') req.parent = p.parent;
      if (p?.filter === 'xen') req.filter = 'xen';
      if (typeof p?.query === 'string') req.query = p.query.slice(0, 200);
      try {
        return service.configMenu(doc, req, optsOf(doc));
      } catch (e) {
        fail('configurator', e);
        return null;
      }
    },
  );

  connection.onRequest(
    'xenConfig/configSet',
    async (p: { uri?: unknown; name?: unknown; value?: unknown } | undefined, token) => {
      const no = refuse(token);
      if (no) return no;
      const doc = docOf(p);
      if (!doc || typeof p?.name !== 'string' || typeof p.value !== 'string')
        return new ResponseError(ErrorCodes.InvalidParams, 'xenConfig/configSet needs uri, name and value');
      try {
        const version = doc.version;
        const r = await service.configSet(doc, { name: p.name.replace(/^CONFIG_/, ''), value: p.value }, optsOf(doc));
        // the version the edits fit (configSet answers that the file changed when it moved on)
        return r ? { ...r, version } : null;
      } catch (e) {
        fail('configurator', e);
        return null;
      }
    },
  );
}
