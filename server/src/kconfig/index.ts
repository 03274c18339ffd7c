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
import * as nodePath from 'path';
import { memoTreeFs, nodeTreeFs, TreeFs } from './fs';
import { kernelEnv, readKernelVersion, srcArchOf, kernelArchOf } from './env';
import { KconfigSemantics, parseKconfig, ParsedTree } from './parser';
import { KconfigError, KSymbol, Loc } from './model';
import { ResolveResult, resolveWith, failedResult } from './resolve';
import { ShellCall } from './preprocess';
import { prescanShellCommands, ShellPrefetcher } from './shellprefetch';
import * as os from 'os';
import { existsSync } from 'fs';

export type { TreeFs } from './fs';
export { nodeTreeFs, memoryTreeFs } from './fs';
export { kernelEnv, readKernelVersion, srcArchOf, kernelArchOf } from './env';
export type { KconfigError, KSymbol, Loc, Tri, Expr, MenuNode, Prop, SymType } from './model';
export type { ResolveResult, Explanation, ConfigDiagnostic, ConfigInput, SymbolValue } from './resolve';
export { diagnoseConfigDocument, ConfigDocumentSession } from './resolve';
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
  /** Override the semantics generation (default: from the kernel version; >= 6.11 is 'modern'). */
  semantics?: KconfigSemantics;
  /**
   * With allowShell: run the commands a quick scan foresees in parallel (a
   * worker thread) while parsing. Default true; results are the same.
   */
  parallelShell?: boolean;
  /** Parallel shell commands at most (default: 2 x CPUs). */
  concurrency?: number;
}

export interface LoadResult {
  tree: KconfigTree;
  errors: KconfigError[];
  /** Where the time went (ms). */
  stats: { totalMs: number; prescanMs: number; shellWaitMs: number; shellCommands: number; prefetched: number };
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

  constructor(parsed: ParsedTree, srcDir: string, arch: string, env: Record<string, string | undefined>, kernelVersion?: string) {
    this.parsed = parsed;
    this.srcDir = srcDir;
    this.arch = arch;
    this.env = env;
    this.kernelVersion = kernelVersion;
    this.errors = parsed.errors;
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
    return (this.symbol(name)?.menus ?? []).map((m) => m.loc);
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
      this.unknownCache = this.parsed.shellCalls.some((c) => c.source === 'unknown')
        || this.parsed.allSymbols.some((s) => s.props.some((p) => p.shellUnknown) || s.menus.some((m) => m.shellUnknown));
    }
    return this.unknownCache;
  }
  private unknownCache?: boolean;

  /** Absolute path of a file named in a Loc. */
  absPath(file: string): string {
    return nodePath.resolve(this.srcDir, file);
  }
}

/** Parse a kernel's Kconfig tree. Never throws. */
export function loadKconfigTree(opts: LoadOptions): LoadResult {
  const baseFs = opts.fs ?? nodeTreeFs;
  // the shell pre-scan and the parse read the same files: read them once
  const fs = opts.allowShell && opts.parallelShell !== false ? memoTreeFs(baseFs) : baseFs;
  const arch = kernelArchOf(opts.arch ?? 'x86_64');
  const srcDir = nodePath.resolve(opts.srcDir);
  let env: Record<string, string | undefined>;
  const unknownEnv = new Set<string>();
  try {
    env = opts.env
      ? { ...opts.env }
      : kernelEnv({ srcDir, arch, base: process.env, allowShell: opts.allowShell, toolchainFacts: opts.toolchainFacts, fs });
  } catch {
    env = { ...process.env };
  }
  // what make would have computed with a command that was not run
  for (const k of ['CC_VERSION_TEXT', 'RUSTC_VERSION_TEXT']) if (env[k] === undefined && !opts.env) unknownEnv.add(k);
  if (env.ARCH === undefined) env.ARCH = arch;
  if (env.SRCARCH === undefined) env.SRCARCH = srcArchOf(arch);
  if (env.srctree === undefined) env.srctree = srcDir;
  let kv;
  try {
    kv = readKernelVersion(srcDir, fs);
  } catch {
    kv = undefined;
  }
  const semantics: KconfigSemantics =
    opts.semantics ?? (kv && (kv.version < 6 || (kv.version === 6 && kv.patchlevel < 11)) ? 'legacy' : 'modern');
  let parsed: ParsedTree;
  let prefetcher: ShellPrefetcher | undefined;
  const t0 = performance.now();
  let prescanMs = 0;
  let prefetched = 0;
  try {
    if (opts.allowShell && opts.parallelShell !== false) {
      try {
        // the worker and the commands start while the scan reads the files
        const conc = Math.max(1, opts.concurrency ?? Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) * 2));
        const pf = new ShellPrefetcher(env, existsSync(srcDir) ? srcDir : undefined, conc);
        prefetcher = pf;
        const cmds = prescanShellCommands({
          srcDir, fs, env, toolchainFacts: opts.toolchainFacts,
          onCommand: (cmd) => pf.prefetch([cmd]), run: (cmd) => pf.run(cmd),
        });
        prescanMs = performance.now() - t0;
        prefetched = cmds.length;
      } catch {
        prefetcher?.close();
        prefetcher = undefined;
      }
    }
    const pf = prefetcher;
    parsed = parseKconfig({
      srcDir, fs, env, allowShell: !!opts.allowShell, toolchainFacts: opts.toolchainFacts, semantics,
      runShell: pf ? (cmd) => pf.run(cmd) : undefined,
      unknownEnv,
    });
  } catch (e) {
    // parseKconfig does not throw; this is a last line of defence
    parsed = parseKconfig({ srcDir, fs, env, allowShell: false, semantics, rootFile: '\u0000missing' });
    parsed.errors.push({ file: 'Kconfig', line: 0, message: `internal error: ${(e as Error).message}`, severity: 'error' });
  }
  prefetcher?.close();
  const tree = new KconfigTree(parsed, srcDir, arch, env, kv?.text);
  const stats = {
    totalMs: performance.now() - t0, prescanMs, shellWaitMs: prefetcher?.waitedMs ?? 0,
    shellCommands: parsed.shellCalls.filter((c) => c.source === 'ran').length, prefetched,
  };
  return { tree, errors: parsed.errors, stats };
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

/**
 * loadKconfigTree for callers that prefer a promise (the load itself is
 * synchronous; with allowShell its commands already run in parallel).
 */
export async function loadKconfigTreeAsync(opts: LoadOptions): Promise<LoadResult> {
  return loadKconfigTree(opts);
}

export { KCONFIG_ENGINE_CODES } from './codes';
