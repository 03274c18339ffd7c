/**
 * What a Kconfig parse takes and gives (the kernel keeps such shared declarations in
 * scripts/kconfig/lkc.h): the options, the limits of one load, the parsed tree, and which
 * generation of the kernel's semantics a tree follows.
 */
import { TreeFs } from './fs';
import { KconfigError, KSymbol, MenuNode } from './model';
import { ShellCall } from './preprocess';

/**
 * The two generations of the kernel's Kconfig semantics. Linux 6.11 reworked choices, and conf
 * reads a tree and a .config differently on each side of that change:
 * - LEGACY (before 6.11): a choice may be tristate (in m mode several members may be m) or
 *   `optional`; an untyped choice takes its members' type; the members are found once the block
 *   is read (an entry that depends on the member just before it is nested under that member and
 *   is no choice value), and each member depends on the choice; a visible choice that is not
 *   optional is forced to at least m; the chosen member is the one the .config set to y, else the
 *   default; `# CONFIG_X is not set` is accepted with anything after "is not set"; an int or hex
 *   symbol with no value is empty, and an int/hex value out of range in a .config is dropped.
 * - MODERN (6.11 and later): a choice is always bool; its members are the config entries written
 *   inside its block, found as they are parsed, and take no dependency from the choice; the chosen
 *   member is the visible one the .config set to y last; the "is not set" line must be exact; an
 *   int with no value is 0 and a hex 0x0, and an out-of-range value is clamped to the range.
 * The generation is chosen once per tree, by semanticsFor (from the tree's kernel version); code
 * elsewhere tests `tree.semantics` and refers here instead of repeating this.
 */
export type KconfigSemantics = 'legacy' | 'modern';

/** The generation of a kernel version (see KconfigSemantics); modern when the version is unknown. */
export function semanticsFor(kv: { version: number; patchlevel: number } | undefined): KconfigSemantics {
  return kv && (kv.version < 6 || (kv.version === 6 && kv.patchlevel < 11)) ? 'legacy' : 'modern';
}

/** Problems found while reading, reported by the lexer and the menu builder to the parser. */
export interface Reporter {
  /** line: the current statement's by default; file: the file being read by default. */
  err(message: string, line?: number, file?: string, severity?: KconfigError['severity']): void;
  /** Stops the parse for a limit (one error that says which). */
  stop(message: string): void;
}

export interface ParseOptions {
  srcDir: string;
  fs: TreeFs;
  env: Record<string, string | undefined>;
  /** Environment of `$(shell,…)` commands when it differs from env (default: env). */
  shellEnv?: Record<string, string | undefined>;
  allowShell: boolean;
  toolchainFacts?: Record<string, string>;
  /**
   * Runs a `$(shell,...)` command (raw stdout); default: synchronously with /bin/sh. Undefined: the
   * output is not known (the call is recorded as not run).
   */
  runShell?: (cmd: string) => string | undefined;
  /** Environment variables standing for command output that was not obtained. */
  unknownEnv?: ReadonlySet<string>;
  /** Which generation of conf to follow (see KconfigSemantics). */
  semantics: KconfigSemantics;
  /**
   * The kernel lexer's generation for unquoted words (default: 5.x and later). 'v3' (Linux 3.x):
   * a statement's first word is [A-Za-z0-9_]+ and any other character there is dropped silently;
   * later words are [A-Za-z0-9_/.-]+ and `---` is dropped (so `--- help ---` is `help`).
   * 'v4' (Linux 4.x): later words may also hold `/` and `.` (`source drivers/foo/Kconfig`).
   */
  lexer?: 'v3' | 'v4';
  /**
   * conf before 4.17 (checked: 3.1 and 4.4 do, 4.19 does not; 4.5-4.16 assumed): a bool/tristate
   * with an active default is written even when the default is n, and the `option
   * defconfig_list` symbol is written.
   */
  oldWrites?: boolean;
  /**
   * conf before 5.6 (checked: 4.19 and 5.4 do, 5.10 does not; 5.5 assumed): `imply` counts only
   * while the direct dependency is not n, is not then limited by it, and an implied y lifts m to y.
   */
  oldImply?: boolean;
  /**
   * conf's menu_finalize calls expr_trans_bool (every release before 6.10 and the stable releases
   * before its removal was backported, e.g. 6.1.95): in the conditions of a bool symbol's
   * properties, `X != n` with X tristate reads as `X`, so `select T` of a bool inside `if X != n`
   * with X=m gives T m. Default: read from the tree's scripts/kconfig/menu.c (false without it).
   */
  transBool?: boolean;
  /** Top-level Kconfig file (relative to srcDir); default "Kconfig". */
  rootFile?: string;
  /** Upper bounds (defaults: DEFAULT_LIMITS). */
  maxFiles?: number;
  maxIncludeDepth?: number;
  limits?: Partial<KconfigLimits>;
  /** False: help texts are passed over, not kept (every entry's `help` is then ''). Default true. */
  help?: boolean;
}

/**
 * What one load (or one Kconfig document) may cost at most. Past a limit the parse stops with
 * one clear error (ParsedTree.limitExceeded) instead of running on: a tree is data, and nothing
 * in it may hang or exhaust the process reading it.
 */
export interface KconfigLimits {
  /** Kconfig text parsed, counting a file each time it is sourced (bytes). */
  maxParsedBytes: number;
  /** `source` statements followed (files opened, repeats counted). */
  maxFiles: number;
  /** Entries (config, menuconfig, choice, menu, comment, if) in the whole tree. */
  maxEntries: number;
  /** `source` inside `source`. */
  maxIncludeDepth: number;
  /** menu / if / choice blocks inside each other; deeper blocks are skipped with one error. */
  maxNesting: number;
  /** Parentheses and `!` inside one expression; a deeper expression is refused (that statement only). */
  maxExprDepth: number;
  /** Macro expansion work in total (characters scanned). */
  maxMacroSteps: number;
  /** Macro expansion output in total (characters). */
  maxMacroOutput: number;
  /** Wall-clock time for the parse (ms). */
  maxTimeMs: number;
  /** Growth of the JavaScript heap during the parse (bytes). */
  maxHeapGrowth: number;
}

/** The limits of a kernel tree load (the README's "Safety and limits" states them). */
export const DEFAULT_LIMITS: KconfigLimits = {
  maxParsedBytes: 24 * 1024 * 1024,
  maxFiles: 20_000,
  maxEntries: 100_000,
  maxIncludeDepth: 100,
  maxNesting: 256,
  maxExprDepth: 256,
  maxMacroSteps: 50_000_000,
  maxMacroOutput: 64 * 1024 * 1024,
  maxTimeMs: 30_000,
  maxHeapGrowth: 1536 * 1024 * 1024,
};

export interface ParsedTree {
  root: MenuNode;
  symbolMap: Map<string, KSymbol>;
  /** All symbols incl. constants, indexed by KSymbol.id. */
  allSymbols: KSymbol[];
  modulesSym: KSymbol | null;
  yes: KSymbol;
  mod: KSymbol;
  no: KSymbol;
  choices: KSymbol[];
  files: string[];
  errors: KconfigError[];
  /** Set when a limit stopped the parse: the message says which (the tree is incomplete). */
  limitExceeded?: string;
  shellCalls: ShellCall[];
  usedEnv: Map<string, string>;
  semantics: KconfigSemantics;
  /** ParseOptions.oldWrites. */
  oldWrites?: boolean;
  /** ParseOptions.oldImply. */
  oldImply?: boolean;
  srcDir: string;
}
