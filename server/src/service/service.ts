// The front door: one object answering every feature for every supported language. The LSP
// server and the CLI are thin layers over it; it has no editor imports.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isLanguageId, type LanguageId } from '../core/languages';
import { emptyMode, type LanguageMode, type ModeContext, type ReadOnlyFs } from '../core/mode';
import {
  resolveSettings,
  type CompletionItem,
  type Diagnostic,
  type DocumentStatus,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
  type ResolvedSettings,
  type SemanticToken,
  type Settings,
} from '../core/types';
import { nodeFs } from './nodeFs';
import { CacheScope } from '../core/cache';
import { Provided } from '../core/provide';
import { CROSS_CHECK } from '../cmdline/host';
import { crossCheckSegment } from '../kernelconfig/crossCheck';
import { loadTreeNow, onTreeChange, treeSettled, type TreeState } from '../kernelconfig/kernelTree';
import { roleRequirementsReport, type RoleReport } from '../kernelconfig/roles';
import { roleReportAfterOlddefconfig } from '../kernelconfig/roleReportTree';
import type {
  ConfigMenuAnswer,
  ConfigMenuRequest,
  ConfigSetAnswer,
  ConfigSetRequest,
  LazyAction,
  ResolvedAction,
} from '../core/solverTypes';
import { describeProject, suppressDiagnostics, withProjectSettings, type ProjectSettings } from './projectSettings';
import { capText } from '../core/markdown';
import { modes } from '../modes';
import { engines } from '../cmdline/engines';
import { KNOWN_TABLES } from '../linux/tables';

export interface LanguageServiceOptions {
  settings?: Settings;
  fs?: ReadOnlyFs;
}

export interface RequestOptions {
  isCancelled?: () => boolean;
  /** Overrides the service settings for this one request (the CLI's per-run flags). */
  settings?: Settings;
  /**
   * The file's project settings (`.xen-config.json`, from `projectSettingsFor`): merged over the
   * settings above (file comment > project file > editor or CLI settings > inference), its
   * `disable` codes taken out of the diagnostics, and named in hovers and the status.
   */
  project?: ProjectSettings;
}

/** What the status says: the targets and knowledge, and where a project file set them. */
export interface ServiceStatus extends DocumentStatus {
  /** "target from .xen-config.json (…): Linux 5.15, role dom0", or why the project file is not used. */
  project?: string;
}

export interface LanguageService {
  configure(settings: Settings): void;
  readonly settings: ResolvedSettings;
  diagnose(doc: TextDocument, opts?: RequestOptions): Diagnostic[];
  hover(doc: TextDocument, pos: Position, opts?: RequestOptions): Hover | null;
  complete(doc: TextDocument, pos: Position, opts?: RequestOptions): CompletionItem[];
  symbols(doc: TextDocument, opts?: RequestOptions): DocumentSymbol[];
  folding(doc: TextDocument, opts?: RequestOptions): FoldingRange[];
  definition(doc: TextDocument, pos: Position, opts?: RequestOptions): { path: string; line: number } | null;
  inlayHints(doc: TextDocument, range: Range, opts?: RequestOptions): InlayHint[];
  semanticTokens(doc: TextDocument, opts?: RequestOptions): SemanticToken[];
  /**
   * Which versions and knowledge the document is judged with; with `pos`, those of the boot entry
   * around it (in files with entries), else a summary.
   */
  status(doc: TextDocument, opts?: RequestOptions, pos?: Position): ServiceStatus;
  /** Drops anything cached for a closed document. */
  forget(uri: string): void;
  /** The Xen releases and Linux versions the bundled knowledge judges exactly, oldest first. */
  knownVersions(): { xen: string[]; linux: string[] };
  /**
   * The kernel tree the settings name (with this service's file access), loaded now in this thread
   * (the CLI); the editor lets it load in the background. Undefined without `kernelSourcePath`.
   */
  loadTree(opts?: RequestOptions): TreeState | undefined;
  /** Resolves once that tree has loaded or failed (or at once without a tree). */
  treeSettled(opts?: RequestOptions): Promise<TreeState | undefined>;
  /** Calls `listener` with the tree's directory whenever a kernel tree (re)loads; returns the unsubscribe. */
  onTreeChange(listener: (srcDir: string) => void): () => void;
  /** Which requirements of a Xen role a kernel configuration meets, row by row (undefined for an unknown role). */
  roleReport(
    text: string,
    role: string,
    opts?: { path?: string; settings?: Settings; document?: TextDocument },
  ): RoleReport | undefined;
  /** Actions at `range` whose edits come from `resolveAction` when one is chosen (the Kconfig solver). */
  lazyActions(doc: TextDocument, range: Range, opts?: RequestOptions): LazyAction[];
  resolveAction(doc: TextDocument, data: unknown, opts?: RequestOptions): Promise<ResolvedAction | null>;
  /** What a hover adds once worked out off the event loop (the solver's "To get CONFIG_X=y: set …"). */
  hoverMore(doc: TextDocument, pos: Position, opts?: RequestOptions): Promise<string | null>;
  /** The configurator view's items (a kernel configuration with a loaded tree), or null. */
  configMenu(doc: TextDocument, req: ConfigMenuRequest, opts?: RequestOptions): ConfigMenuAnswer | null;
  /** Sets a symbol through the solver: the edits of the document, or why not. */
  configSet(doc: TextDocument, req: ConfigSetRequest, opts?: RequestOptions): Promise<ConfigSetAnswer | null>;
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  let settings = resolveSettings(options.settings);
  const fs = options.fs ?? nodeFs;
  // every per-document cache of the modes lives here, so two services never share one
  const caches = new CacheScope();
  // the wiring: checks an area offers to another without either importing the other
  const provided = new Provided().set(CROSS_CHECK, crossCheckSegment);

  const modeOf = (doc: TextDocument): LanguageMode =>
    isLanguageId(doc.languageId) ? modes[doc.languageId as LanguageId] : emptyMode;
  const settingsOf = (opts?: RequestOptions): ResolvedSettings => {
    if (!opts?.settings && !opts?.project) return settings;
    const asked: Settings = opts.settings ? { ...settings, ...opts.settings } : settings;
    return resolveSettings(opts.project ? withProjectSettings(asked, opts.project) : asked);
  };
  const ctxOf = (doc: TextDocument, opts?: RequestOptions): ModeContext => ({
    settings: settingsOf(opts),
    fs,
    isCancelled: opts?.isCancelled ?? (() => false),
    maxDiagnostics: MAX_DIAGNOSTICS,
    path: filePath(doc.uri),
    caches,
    provided,
  });

  return {
    configure(s) {
      settings = resolveSettings(s);
    },
    get settings() {
      return settings;
    },
    // Silenced codes (the project's `disable`, `# xen-config: disable=` comments) go before the cap.
    diagnose: (doc, opts) =>
      capMessages(
        clampFixes(
          doc,
          capDiagnostics(
            doc,
            suppressDiagnostics(doc.getText(), modeOf(doc).diagnose(doc, ctxOf(doc, opts)), opts?.project?.disable),
          ),
        ),
      ),
    hover(doc, pos, opts) {
      const h = modeOf(doc).hover(doc, pos, ctxOf(doc, opts));
      const from = h && opts?.project && describeProject(opts.project, false);
      return h && from ? { ...h, markdown: `${h.markdown}\n\n---\n\n_${from}_` } : h;
    },
    complete: (doc, pos, opts) => modeOf(doc).complete(doc, pos, ctxOf(doc, opts)),
    symbols: (doc, opts) => capSymbols(modeOf(doc).symbols(doc, ctxOf(doc, opts))),
    folding: (doc, opts) => modeOf(doc).folding?.(doc, ctxOf(doc, opts)) ?? [],
    definition: (doc, pos, opts) => modeOf(doc).definition?.(doc, pos, ctxOf(doc, opts)) ?? null,
    inlayHints: (doc, r, opts) =>
      (modeOf(doc).inlayHints?.(doc, r, ctxOf(doc, opts)) ?? []).map((h) => ({
        ...h,
        label: capText(h.label, MAX_LABEL),
        ...(h.tooltip === undefined ? {} : { tooltip: capText(h.tooltip, MAX_MESSAGE) }),
      })),
    semanticTokens: (doc, opts) => modeOf(doc).semanticTokens?.(doc, ctxOf(doc, opts)) ?? [],
    status(doc, opts, pos) {
      const ctx = ctxOf(doc, opts);
      const st: ServiceStatus = modeOf(doc).status?.(doc, ctx, pos) ?? {
        targets: [],
        knowledge: ctx.settings.kernelSourcePath ? `kernel tree ${ctx.settings.kernelSourcePath}` : 'bundled knowledge',
      };
      const from = opts?.project && describeProject(opts.project, true);
      return from ? { ...st, project: from } : st;
    },
    forget(uri) {
      caches.forget(uri);
      for (const m of Object.values(modes)) m.forget?.(uri);
    },
    loadTree: (opts) => loadTreeNow(settingsOf(opts), fs),
    treeSettled: (opts) => treeSettled(settingsOf(opts), fs),
    onTreeChange: (listener) => onTreeChange(listener),
    roleReport(text, role, opts) {
      const s = opts?.settings ? resolveSettings({ ...settings, ...opts.settings }) : settings;
      const rep = roleRequirementsReport(text, role, {
        path: opts?.path,
        settings: { linuxVersion: s.linuxVersion, arch: s.arch },
      });
      if (!rep) return rep;
      const ctx = ctxOf(TextDocument.create(`file://${opts?.path ?? ''}`, 'kernel-config', 0, ''), {
        settings: opts?.settings,
      });
      return roleReportAfterOlddefconfig(rep, text, ctx, opts?.document);
    },
    knownVersions: () => ({ xen: engines.xen.knownVersions?.() ?? [], linux: [...KNOWN_TABLES] }),
    lazyActions: (doc, r, opts) =>
      (modeOf(doc).lazyActions?.(doc, r, ctxOf(doc, opts)) ?? []).map((a) => ({
        ...a,
        title: capText(a.title, MAX_LABEL),
      })),
    resolveAction: async (doc, data, opts) => (await modeOf(doc).resolveAction?.(doc, data, ctxOf(doc, opts))) ?? null,
    hoverMore: async (doc, pos, opts) => {
      const md = await modeOf(doc).hoverMore?.(doc, pos, ctxOf(doc, opts));
      return md ? capText(md, MAX_MESSAGE) : null;
    },
    configMenu: (doc, req, opts) => modeOf(doc).configMenu?.(doc, req, ctxOf(doc, opts)) ?? null,
    configSet: async (doc, req, opts) => (await modeOf(doc).configSet?.(doc, req, ctxOf(doc, opts))) ?? null,
  };
}

/** The file-system path of a `file:` URI, or the string itself when it is already a path. */
export function filePath(uri: string): string | undefined {
  if (uri.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return undefined;
    }
  }
  if (uri.startsWith('/')) return uri;
  return undefined;
}

/** More than this many diagnostics help nobody and choke editors; the rest is summarised. */
export const MAX_DIAGNOSTICS = 10_000;

const CAP_CODES: Record<LanguageId, string> = {
  'menu-lst': 'grub/too-many-problems',
  'grub-cfg': 'grub/too-many-problems',
  'grub-default': 'grub/too-many-problems',
  'kernel-config': 'kconfig/too-many-problems',
  kconfig: 'kconfig/too-many-problems',
  'xl-cfg': 'xl/too-many-problems',
  'xen-efi-cfg': 'efi/too-many-problems',
  'syslinux-cfg': 'syslinux/too-many-problems',
  ipxe: 'ipxe/too-many-problems',
  dts: 'devicetree/too-many-problems',
  'uboot-script': 'devicetree/too-many-problems',
};

function capDiagnostics(doc: TextDocument, diags: Diagnostic[]): Diagnostic[] {
  if (diags.length <= MAX_DIAGNOSTICS || !isLanguageId(doc.languageId)) return diags;
  const kept = diags.slice(0, MAX_DIAGNOSTICS);
  const start = { line: 0, character: 0 };
  kept.push({
    range: { start, end: start },
    severity: 'info',
    code: CAP_CODES[doc.languageId],
    message: `This file has more problems than are shown: only the first ${MAX_DIAGNOSTICS.toLocaleString('en')} are listed. Fix those and check again.`,
  });
  return kept;
}

/** A message, quick-fix title, outline name or inlay label that quotes a file can be as long as
 * the file (one was 50 MB): capped here, whatever a mode returns. */
export const MAX_MESSAGE = 4000;
const MAX_LABEL = 200;

function capMessages(diags: Diagnostic[]): Diagnostic[] {
  for (const d of diags) {
    d.message = capText(d.message, MAX_MESSAGE);
    for (const f of d.fixes ?? []) f.title = capText(f.title, MAX_LABEL);
  }
  return diags;
}

function capSymbols(symbols: DocumentSymbol[]): DocumentSymbol[] {
  // Iterative: an outline's depth is the input's nesting.
  const todo = [...symbols];
  for (let s = todo.pop(); s; s = todo.pop()) {
    s.name = capText(s.name, MAX_LABEL);
    if (s.detail !== undefined) s.detail = capText(s.detail, MAX_MESSAGE);
    for (const c of s.children ?? []) todo.push(c);
  }
  return symbols;
}

/**
 * Keeps every quick-fix edit inside the document: "delete this line" edits written as
 * (line, 0)–(line + 1, 0) would point past the end on the last line.
 */
function clampFixes(doc: TextDocument, diags: Diagnostic[]): Diagnostic[] {
  const clamp = (p: Position): Position => doc.positionAt(doc.offsetAt(p));
  for (const d of diags) {
    for (const f of d.fixes ?? []) {
      for (const e of f.edits) e.range = { start: clamp(e.range.start), end: clamp(e.range.end) };
    }
  }
  return diags;
}
