/**
 * Kconfig engine: parse a Linux kernel's Kconfig tree and predict
 * `make olddefconfig` exactly; explain values; diagnose .config documents.
 *
 * Quick use:
 *   const { tree, errors } = loadKconfigTree({ srcDir, arch: 'x86_64' });
 *   const r = resolveConfig(tree, [{ path: '.config', text }]);
 *   r.output          // the .config conf would write
 *   r.explain('XEN')  // why XEN has its value
 *   diagnoseConfigDocument(tree, text)  // editor diagnostics
 *
 * Nothing here throws; nothing from the tree runs unless allowShell is set.
 */
import { compactTree } from './compact';
import * as nodePath from 'path';
import { lettingGo, memoTreeFs, treeReader, TreeFs } from './fs';
import { kernelEnv, readKernelVersion, srcArchOf, kernelArchOf } from './env';
import { parseKconfig, parseKconfigSliced } from './parser';
import { KconfigSemantics, ParsedTree, ParseOptions, semanticsFor, type KconfigLimits } from './parseOptions';
import { KconfigError, KSymbol, Loc, MenuNode } from './model';
import { ResolveResult, resolveWith, failedResult } from './resolve';
import { ShellCall } from './preprocess';
import { prescanShellCommands, ShellPrefetcher } from './shellprefetch';
import * as os from 'os';
import { existsSync } from 'fs';
import { readTreeCache, readTreeCacheAhead, treeCacheDir, writeTreeCache, type CacheKeyParts } from './treeCache';
import type { FlatGraph } from './flatGraph';

export type { TreeFs, ReadOutcome } from './fs';
export { nodeTreeFs, memoryTreeFs, treeReader, readInsideTree, readRegularFile, MAX_FILE_BYTES } from './fs';
export { DEFAULT_LIMITS } from './parseOptions';
export type { KconfigLimits } from './parseOptions';
export { kernelEnv, readKernelVersion, srcArchOf, kernelArchOf } from './env';
export type { KconfigError, KSymbol, Loc, Tri, Expr, MenuNode, Prop, SymType } from './model';
export type { ResolveResult, Explanation, ConfigDiagnostic, ConfigInput, SymbolValue } from './resolve';
export { diagnoseConfigDocument } from './resolve';
export { ConfigDocumentSession } from './session';
export { hoverMarkdown, completionItems, definitionOf, exprToString } from './assist';
export type { CompletionEntry } from './assist';

export interface LoadOptions {
  /** Kernel source directory (contains the top Kconfig). */
  srcDir: string;
  /** ARCH: 'x86_64' | 'arm64' | ... (SRCARCH is derived). Default x86_64. */
  arch?: string;
  /**
   * Environment Kconfig sees (also the environment of shell commands). When
   * omitted: process.env plus what the kernel Makefile would set.
   * When given, it is used as is, plus ARCH/SRCARCH/srctree if missing.
   */
  env?: Record<string, string | undefined>;
  /** Run `$(shell,...)` commands from the tree. Default false. */
  allowShell?: boolean;
  /** command string -> output, used for `$(shell,...)` instead of running it. */
  toolchainFacts?: Record<string, string>;
  fs?: TreeFs;
  /** Override the semantics generation (default: from the kernel version, see KconfigSemantics). */
  semantics?: KconfigSemantics;
  /**
   * With allowShell: run the commands a quick scan foresees in parallel (a
   * few long-lived shells) while parsing. Default true; results are the same.
   */
  parallelShell?: boolean;
  /** Parallel shell commands at most (default: 2 x CPUs). */
  concurrency?: number;
  /**
   * Which environment variables Kconfig's `$(NAME)` may read when env is not given: 'process'
   * (default, as make does: all of them) or 'kernel' (only those the kernel's Makefile sets or
   * the toolchain names, KERNEL_ENV_NAMES: an editor or a CI check must never show a user's
   * other variables, secrets included, in a hover or a message). Shell commands, when allowed,
   * still run with the whole environment.
   */
  envPolicy?: 'process' | 'kernel';
  /** Upper bounds of the load (defaults: DEFAULT_LIMITS). */
  limits?: Partial<KconfigLimits>;
  /**
   * The parsed-tree cache (treeCache.ts), on the real file system only: true for the user's cache
   * directory, a string for another directory. Default: none.
   */
  cache?: boolean | string;
  /**
   * With `cache`: false when the caller does not use LoadResult.flat (a tree read from the cache
   * then frees the cache file's bytes at once instead of at V8's next full collection). Default true.
   */
  keepFlat?: boolean;
  /**
   * With `cache`: on a miss the tree is not stored now; LoadResult.deferredStore then holds what
   * storeDeferredTree needs to store it later (the CLI does it in a background process, after its
   * output is written). Default false.
   */
  deferStore?: boolean;
  /**
   * With `keepFlat: false`, on a hit: called once the cache file's bytes (~12 MB for a kernel tree)
   * are let go and before the tree is built from the pieces read again — a caller that cares about
   * peak memory collects garbage there, while the heap is still small (the CLI does).
   */
  afterRelease?: () => void;
  /**
   * Called once when the tree is to be parsed (no usable cache), before the parse starts (after the
   * quick scan for shell commands): a caller that runs differently for a cache hit than for a parse
   * switches here (the CLI's memory settings).
   */
  beforeParse?: () => void;
  /**
   * False: the menus come without their help texts, for a caller that never shows one (olddefconfig):
   * a tree read from the cache is built without them (−4 MB at a warm run's peak), a parse passes
   * them over (unless it stores the tree at once: then they go after the store). Default true.
   */
  help?: boolean;
  /**
   * False: a parsed tree is left as the parse built it, for a caller that holds it only for one
   * command (olddefconfig): trimming it (compact.ts: ~10 MB less held on a kernel tree) takes
   * ~20 ms that such a process never gets back. Default true.
   */
  compact?: boolean;
  /**
   * @internal The outputs of an earlier load's `$(shell,…)` commands (DeferredTreeStore.shellOutputs),
   * answered instead of running anything; a command not among them is not run, and the tree is
   * then not stored.
   */
  replayShell?: Record<string, string>;
}

/**
 * What storeDeferredTree needs to parse and store a tree an earlier load did not store: plain data
 * (it is handed to another process as JSON).
 */
export interface DeferredTreeStore {
  srcDir: string;
  arch: string;
  env: Record<string, string | undefined>;
  allowShell: boolean;
  toolchainFacts?: Record<string, string>;
  limits?: Partial<KconfigLimits>;
  cacheDir: string;
  /** The earlier parse's shell command outputs: replayed, never run again. */
  shellOutputs: Record<string, string>;
}

/** The environment variables Kconfig sees with envPolicy 'kernel' (besides what kernelEnv sets). */
export const KERNEL_ENV_NAMES: readonly string[] = [
  'ARCH',
  'SRCARCH',
  'SUBARCH',
  'HEADER_ARCH',
  'CROSS_COMPILE',
  'CC',
  'LD',
  'AR',
  'NM',
  'OBJCOPY',
  'HOSTCC',
  'HOSTCXX',
  'RUSTC',
  'BINDGEN',
  'PAHOLE',
  'CONFIG_SHELL',
  'LLVM',
  'LLVM_IAS',
  'CC_VERSION_TEXT',
  'RUSTC_VERSION_TEXT',
];

export interface LoadResult {
  tree: KconfigTree;
  errors: KconfigError[];
  /** @internal From the parsed-tree cache: the tree's flat form as read (the worker sends it as is). */
  flat?: FlatGraph;
  /** With `deferStore`, on a miss: what storing the tree later needs. */
  deferredStore?: DeferredTreeStore;
  /** Where the time went (ms). */
  stats: {
    totalMs: number;
    prescanMs: number;
    shellWaitMs: number;
    shellCommands: number;
    prefetched: number;
    /** With `cache`: 'hit', or why the cache was not used ('miss: …') and whether the tree was stored. */
    cache?: string;
  };
}

/** A parsed Kconfig tree. Cheap to query; reuse it for many configs. */
export class KconfigTree {
  /** @internal */
  readonly parsed: ParsedTree;
  readonly srcDir: string;
  readonly arch: string;
  readonly kernelVersion?: string;
  readonly errors: KconfigError[];
  readonly env: Record<string, string | undefined>;
  /** Set when a limit stopped the load: the message says which, and the tree is incomplete. */
  readonly limitExceeded?: string;

  constructor(
    parsed: ParsedTree,
    srcDir: string,
    arch: string,
    env: Record<string, string | undefined>,
    kernelVersion?: string,
  ) {
    this.parsed = parsed;
    this.srcDir = srcDir;
    this.arch = arch;
    this.env = env;
    this.kernelVersion = kernelVersion;
    this.errors = parsed.errors;
    this.limitExceeded = parsed.limitExceeded;
  }

  get semantics(): KconfigSemantics {
    return this.parsed.semantics;
  }

  /** A defined (or referenced) symbol by name, without the CONFIG_ prefix. */
  symbol(name: string): KSymbol | undefined {
    return this.parsed.symbolMap.get(name.startsWith('CONFIG_') ? name.slice(7) : name);
  }

  /** All symbols that have at least one definition (config/menuconfig). */
  symbols(): KSymbol[] {
    const out: KSymbol[] = [];
    for (const s of this.parsed.symbolMap.values()) if (s.menus.length) out.push(s);
    return out;
  }

  /** Definition locations of a symbol (file relative to srcDir, 1-based line). */
  definitions(name: string): Loc[] {
    return (this.symbol(name)?.menus ?? []).map((m) => ({ file: m.file, line: m.line }));
  }

  /** Files read, relative to srcDir. */
  files(): string[] {
    return this.parsed.files;
  }

  /** `$(shell,...)` commands met while parsing, with how their value was obtained. */
  shellCalls(): ShellCall[] {
    return this.parsed.shellCalls;
  }

  /** Whether some `$(shell,...)` result (or make-computed variable) was unknown. */
  hasUnknownShell(): boolean {
    if (this.unknownCache === undefined) {
      this.unknownCache =
        this.parsed.shellCalls.some((c) => c.source === 'unknown') ||
        this.parsed.allSymbols.some((s) => s.props.some((p) => p.shellUnknown) || s.menus.some((m) => m.shellUnknown));
    }
    return this.unknownCache;
  }
  private unknownCache?: boolean;

  /**
   * Lets the help texts go (~4 MB of a kernel tree's memory) for a caller that never shows one
   * (olddefconfig); hovers and `explain` of this tree then have none.
   */
  dropHelp(): void {
    const stack: MenuNode[] = [this.parsed.root];
    for (let m = stack.pop(); m; m = stack.pop()) {
      if (m.help !== undefined) m.help = undefined;
      for (let i = 0, cs = m.children; i < cs.length; i++) stack.push(cs[i]!);
    }
  }

  /** Absolute path of a file named in a Loc. */
  absPath(file: string): string {
    return nodePath.resolve(this.srcDir, file);
  }
}

/** Parse a kernel's Kconfig tree. Never throws. */
export function loadKconfigTree(opts: LoadOptions): LoadResult {
  const p = prepare(opts);
  const hit = p.fromCache();
  if (hit) return hit;
  let parsed: ParsedTree;
  try {
    p.startShell();
    opts.beforeParse?.();
    parsed = parseKconfig(p.parseOptions());
  } catch (e) {
    parsed = p.fallback(e);
  }
  return p.finish(parsed);
}

/**
 * loadKconfigTree in slices that yield to the event loop (a server stays responsive while a
 * large or hostile tree loads). The `$(shell,…)` pre-scan, when shell commands are allowed,
 * runs in one piece. Same result; never rejects.
 */
export async function loadKconfigTreeAsync(opts: LoadOptions): Promise<LoadResult> {
  const p = prepare(opts);
  const hit = p.fromCache(true);
  // a cache file read ahead has its checksum worked out in steps meanwhile
  if (hit && (!hit.verified || (await hit.verified))) {
    delete hit.verified;
    return hit;
  }
  if (hit) p.damaged();
  let parsed: ParsedTree;
  try {
    p.startShell();
    opts.beforeParse?.();
    parsed = await parseKconfigSliced(p.parseOptions());
  } catch (e) {
    parsed = p.fallback(e);
  }
  return p.finish(parsed);
}

/**
 * Parses and stores a tree an earlier load deferred (LoadOptions.deferStore), its shell commands
 * answered from that load's outputs (nothing is run). Returns what happened ('hit' when someone
 * stored it meanwhile, 'miss: …; stored', or why not). Never throws.
 */
export function storeDeferredTree(d: DeferredTreeStore): string {
  try {
    const r = loadKconfigTree({
      srcDir: d.srcDir,
      arch: d.arch,
      env: d.env,
      allowShell: d.allowShell,
      toolchainFacts: d.toolchainFacts,
      limits: d.limits,
      cache: d.cacheDir,
      replayShell: d.shellOutputs,
      // the tree is stored, then dropped: nothing to trim
      compact: false,
    });
    return r.stats.cache ?? 'not stored';
  } catch (e) {
    return `not stored: ${(e as Error).message}`;
  }
}

/**
 * Reads the parsed-tree cache file that loadKconfigTreeAsync with these options (and `cache: true`)
 * will look up, ahead of it: the file is read and its layout checked now (e.g. while the toolchain
 * probes run), its checksum worked out in steps while the thread waits (the load awaits it before it uses the
 * tree), its key checked by the load. Never throws; without a cache directory does nothing.
 */
export function readKconfigTreeCacheAhead(opts: Pick<LoadOptions, 'srcDir' | 'arch' | 'allowShell'>): boolean {
  const dir = treeCacheDir();
  if (!dir) return false;
  return readTreeCacheAhead(dir, {
    srcDir: nodePath.resolve(opts.srcDir),
    arch: kernelArchOf(opts.arch ?? 'x86_64'),
    allowShell: !!opts.allowShell,
  });
}

/** Shell commands run this many at a time by default: twice the processors (most wait for a compiler). */
function defaultConcurrency(): number {
  return Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) * 2);
}

/** The shell lanes of the next load's commands, made ahead (startShellAhead). */
let spare: { cwd: string | undefined; conc: number; pf: ShellPrefetcher } | undefined;

/**
 * Makes the pipes of the shell lanes that run a load's `$(shell,…)` commands ahead of the load (for
 * a load with allowShell and the default concurrency that is about to parse: e.g. while the
 * toolchain probes run, when no cached tree was found): a few milliseconds, and nothing runs until
 * the load gives the environment. A load of another tree closes them. Never throws.
 */
export function startShellAhead(srcDir: string): void {
  try {
    const abs = nodePath.resolve(srcDir);
    const cwd = existsSync(abs) ? abs : undefined;
    spare?.pf.close();
    spare = { cwd, conc: defaultConcurrency(), pf: new ShellPrefetcher(undefined, cwd, defaultConcurrency()) };
  } catch {
    spare = undefined;
  }
}

/** The environment Kconfig sees (and shell commands, when it differs), and the names standing for unknown output. */
function loadEnv(
  opts: LoadOptions,
  srcDir: string,
  arch: string,
  fs: TreeFs,
): {
  env: Record<string, string | undefined>;
  shellEnv: Record<string, string | undefined> | undefined;
  unknownEnv: Set<string>;
} {
  let env: Record<string, string | undefined>;
  let shellEnv: Record<string, string | undefined> | undefined;
  const unknownEnv = new Set<string>();
  try {
    if (opts.env) env = { ...opts.env };
    else if (opts.envPolicy === 'kernel') {
      const base: Record<string, string> = {};
      for (const k of KERNEL_ENV_NAMES) if (process.env[k] !== undefined) base[k] = process.env[k]!;
      env = kernelEnv({
        srcDir,
        arch,
        base,
        allowShell: opts.allowShell,
        toolchainFacts: opts.toolchainFacts,
        fs,
        shellBase: process.env,
      });
      shellEnv = { ...process.env, ...env };
    } else {
      env = kernelEnv({
        srcDir,
        arch,
        base: process.env,
        allowShell: opts.allowShell,
        toolchainFacts: opts.toolchainFacts,
        fs,
      });
    }
  } catch {
    env = opts.envPolicy === 'kernel' ? {} : { ...process.env };
  }
  // what make would have computed with a command that was not run
  for (const k of ['CC_VERSION_TEXT', 'RUSTC_VERSION_TEXT']) if (env[k] === undefined && !opts.env) unknownEnv.add(k);
  if (env.ARCH === undefined) env.ARCH = arch;
  if (env.SRCARCH === undefined) env.SRCARCH = srcArchOf(arch);
  if (env.srctree === undefined) env.srctree = srcDir;
  return { env, shellEnv, unknownEnv };
}

/** The older conf generations within LEGACY a kernel version needs (see ParseOptions.lexer, oldWrites, oldImply). */
function olderConf(
  kv: { version: number; patchlevel: number } | undefined,
): Pick<ParseOptions, 'lexer' | 'oldWrites' | 'oldImply'> {
  // unquoted words as the 3.x and 4.x lexers read them (see ParseOptions.lexer)
  const lexer = kv && kv.version === 3 ? 'v3' : kv && kv.version === 4 ? 'v4' : undefined;
  const oldWrites = !!kv && (kv.version < 4 || (kv.version === 4 && kv.patchlevel < 17));
  const oldImply = !!kv && (kv.version < 5 || (kv.version === 5 && kv.patchlevel < 6));
  return { lexer, oldWrites, oldImply };
}

// the load's state shared by the sync and async loaders: one closure whose steps are the methods it returns
function prepare(opts: LoadOptions) {
  const arch = kernelArchOf(opts.arch ?? 'x86_64');
  const srcDir = nodePath.resolve(opts.srcDir);
  // the real file system is read through a reader confined to the tree
  const baseFs = opts.fs ?? treeReader(srcDir);
  // the shell pre-scan and the parse read the same files: read them once
  const fs = opts.allowShell && opts.parallelShell !== false && opts.fs ? memoTreeFs(baseFs) : baseFs;
  const { env, shellEnv, unknownEnv } = loadEnv(opts, srcDir, arch, fs);
  let kv;
  try {
    kv = readKernelVersion(srcDir, fs);
  } catch {
    kv = undefined;
  }
  const semantics: KconfigSemantics = opts.semantics ?? semanticsFor(kv);
  const { lexer, oldWrites, oldImply } = olderConf(kv);
  let prefetcher: ShellPrefetcher | undefined;
  let cacheDir: string | undefined;
  let cacheParts: CacheKeyParts | undefined;
  let cacheNote: string | undefined;
  let startedAt = 0;
  let replayMissed = false;
  const t0 = performance.now();
  let prescanMs = 0;
  let prefetched = 0;
  // with the cache, the names the parse reads from the environment (their values are part of the key)
  const envReads = new Set<string>();
  const parseEnv =
    opts.cache && !opts.fs && !opts.allowShell
      ? new Proxy(env, {
          get: (t, k) => {
            if (typeof k === 'string') envReads.add(k);
            return Reflect.get(t, k) as unknown;
          },
        })
      : env;
  // whether the tree is stored by this load (which hashes the texts read and keeps the help texts)
  const storesHere = (): boolean => !!(cacheDir && cacheParts && !opts.deferStore);
  const base = (): ParseOptions => ({
    srcDir,
    fs: storesHere() ? fs : lettingGo(fs),
    env: parseEnv,
    shellEnv,
    allowShell: !!opts.allowShell,
    toolchainFacts: opts.toolchainFacts,
    semantics,
    lexer,
    oldWrites,
    oldImply,
    unknownEnv,
    limits: opts.limits,
    help: opts.help !== false || storesHere(),
  });
  return {
    startShell(): void {
      if (!opts.allowShell || opts.parallelShell === false || opts.replayShell) return;
      try {
        // the lanes and the commands start while the scan reads the files
        const conc = Math.max(1, opts.concurrency ?? defaultConcurrency());
        const cwd = existsSync(srcDir) ? srcDir : undefined;
        // lanes made ahead for this directory, else new ones (and the others closed)
        const sp = spare;
        spare = undefined;
        const ahead = sp && sp.cwd === cwd && sp.conc === conc ? sp.pf : undefined;
        if (sp && !ahead) sp.pf.close();
        ahead?.setEnv(shellEnv ?? env);
        const pf = ahead ?? new ShellPrefetcher(shellEnv ?? env, cwd, conc);
        prefetcher = pf;
        const cmds = prescanShellCommands({
          srcDir,
          fs,
          env,
          toolchainFacts: opts.toolchainFacts,
          onCommand: (cmd) => pf.prefetch([cmd]),
          run: (cmd) => pf.run(cmd),
        });
        prescanMs = performance.now() - t0;
        prefetched = cmds.length;
      } catch {
        prefetcher?.close();
        prefetcher = undefined;
      }
    },
    parseOptions(): ParseOptions {
      const replay = opts.replayShell;
      if (replay) {
        const runShell = (cmd: string): string | undefined => {
          if (Object.prototype.hasOwnProperty.call(replay, cmd)) return replay[cmd];
          replayMissed = true;
          return undefined;
        };
        return { ...base(), runShell };
      }
      const pf = prefetcher;
      return { ...base(), runShell: pf ? (cmd) => pf.run(cmd) : undefined };
    },
    /** The tree from the parsed-tree cache, when asked for and valid. */
    /** A hit read ahead may come with its checksum still being worked out (`verified`): only when `waitable`. */
    fromCache(waitable = false): (LoadResult & { verified?: Promise<boolean> }) | undefined {
      cacheDir = opts.cache && !opts.fs ? (typeof opts.cache === 'string' ? opts.cache : treeCacheDir()) : undefined;
      if (!cacheDir) return undefined;
      cacheParts = {
        srcDir,
        arch,
        allowShell: !!opts.allowShell,
        semantics,
        toolchainFacts: opts.toolchainFacts,
        limits: opts.limits,
        unknownEnv: [...unknownEnv].sort(),
        // shell commands see the whole environment: all of it is the key, but for what an interactive
        // shell changes between runs and the probes cannot see (they run in srcDir, where sh sets PWD)
        wholeEnv: opts.allowShell ? shellProbeEnv(env) : undefined,
      };
      startedAt = Date.now();
      const r = readTreeCache(
        cacheDir,
        cacheParts,
        env,
        opts.keepFlat !== false,
        waitable,
        opts.afterRelease,
        opts.help !== false,
      );
      if ('miss' in r) {
        cacheNote = `miss: ${r.miss}`;
        return undefined;
      }
      const tree = new KconfigTree(r.parsed, srcDir, arch, env, kv?.text);
      // (read in pieces without them already; not when decoded from memory)
      if (opts.help === false) tree.dropHelp();
      return {
        tree,
        errors: r.parsed.errors,
        flat: r.graph,
        stats: {
          totalMs: performance.now() - t0,
          prescanMs: 0,
          shellWaitMs: 0,
          shellCommands: 0,
          prefetched: 0,
          cache: 'hit',
        },
        verified: r.verified,
      };
    },
    /** The hit's checksum did not match: the tree is parsed instead (and stored again). */
    damaged(): void {
      cacheNote = 'miss: damaged (checksum)';
    },
    fallback(e: unknown): ParsedTree {
      // parseKconfig does not throw; this is a last line of defence
      const parsed = parseKconfig({ ...base(), allowShell: false, rootFile: '\u0000missing' });
      parsed.errors.push({
        file: 'Kconfig',
        line: 0,
        message: `internal error: ${(e as Error).message}`,
        severity: 'error',
      });
      return parsed;
    },
    finish(parsed: ParsedTree): LoadResult {
      prefetcher?.close();
      const stats = {
        totalMs: performance.now() - t0,
        prescanMs,
        shellWaitMs: prefetcher?.waitedMs ?? 0,
        shellCommands: parsed.shellCalls.filter((c) => c.source === 'ran').length,
        prefetched,
      };
      let deferredStore: DeferredTreeStore | undefined;
      if (cacheDir && cacheParts && replayMissed) {
        (stats as LoadResult['stats']).cache = `${cacheNote ?? 'miss'}; not stored: a command's output was not given`;
      } else if (cacheDir && cacheParts && opts.deferStore) {
        const shellOutputs: Record<string, string> = {};
        for (const c of parsed.shellCalls) if (c.source === 'ran') shellOutputs[c.command] = c.output;
        deferredStore = {
          srcDir,
          arch,
          env,
          allowShell: !!opts.allowShell,
          toolchainFacts: opts.toolchainFacts,
          limits: opts.limits,
          cacheDir,
          shellOutputs,
        };
        (stats as LoadResult['stats']).cache = `${cacheNote ?? 'miss'}; to be stored`;
      } else if (cacheDir && cacheParts) {
        // the files' texts as the parse read them (the tree's reader keeps them): hashed, not read again
        const textOf = (rel: string): string | undefined => fs.readFile(nodePath.resolve(srcDir, rel));
        const not = writeTreeCache(cacheDir, cacheParts, parsed, ['Makefile'], startedAt, envReads, env, textOf);
        (stats as LoadResult['stats']).cache = `${cacheNote ?? 'miss'}; ${not ?? 'stored'}`;
      }
      // after the store, which keeps the help texts
      if (opts.compact !== false) compactTree(parsed, opts.help !== false);
      const tree = new KconfigTree(parsed, srcDir, arch, env, kv?.text);
      if (opts.compact === false && opts.help === false) tree.dropHelp();
      return { tree, errors: parsed.errors, stats, deferredStore };
    },
  };
}

/**
 * Resolve configuration inputs like `merge_config.sh -m` + `make olddefconfig`:
 * inputs are read in order (later assignments win), then every symbol is
 * computed; `output` is the .config conf writes.
 */
export function resolveConfig(tree: KconfigTree, inputs: Array<{ path: string; text: string }>): ResolveResult {
  try {
    return resolveWith(tree, inputs);
  } catch (e) {
    return failedResult(e);
  }
}

export { KCONFIG_ENGINE_CODES } from './codes';

/**
 * Variables a login shell sets per command or directory, and this program's own switches
 * (XEN_CONFIG_TIMING, XEN_CONFIG_CODE_CACHE …, which no kernel probe reads): never an input of a
 * probe's output, so not part of the key.
 */
const SHELL_BOOKKEEPING = new Set(['_', 'OLDPWD', 'PWD', 'SHLVL']);

/** The environment as the parsed-tree cache key sees it when shell probes run. */
export function shellProbeEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of Object.keys(env)) if (!SHELL_BOOKKEEPING.has(k) && !k.startsWith('XEN_CONFIG_')) out[k] = env[k];
  return out;
}
