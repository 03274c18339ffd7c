// `xen-config olddefconfig`: predict `make olddefconfig` with the Kconfig engine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { OLDDEFCONFIG_USAGE } from './usage';
import { execFile } from 'node:child_process';
import {
  ccVersionCommand,
  kernelEnv,
  loadKconfigTreeAsync,
  readKconfigTreeCacheAhead,
  resolveConfig,
  rustcVersionCommand,
  startShellAhead,
} from '../service/kconfigEngine';
import { storeLater } from './backgroundStore';
import { setV8Flag } from './v8Flags';

/**
 * What make's two toolchain probes (`$(CC) --version`, `$(RUSTC) --version`) print, both run at once
 * instead of one after the other (they are most of a warm run's start): kernelEnv takes the outputs
 * as facts and gives the same environment as when it runs them itself. Only with --allow-shell.
 */
async function toolchainProbes(srcDir: string, arch: string): Promise<Record<string, string>> {
  const env = kernelEnv({ srcDir, arch, base: process.env, allowShell: false });
  const cmds: string[] = [];
  if (env.CC_VERSION_TEXT === undefined) cmds.push(ccVersionCommand(env.CC));
  if (env.RUSTC_VERSION_TEXT === undefined) cmds.push(rustcVersionCommand(env.RUSTC));
  const outs = await Promise.all(
    cmds.map(
      (cmd) =>
        new Promise<string>((resolve) => {
          const child = execFile(
            '/bin/sh',
            ['-c', cmd],
            { env: env as NodeJS.ProcessEnv, encoding: 'latin1', timeout: 30000 },
            // a failed command's output so far, as kernelEnv takes it
            (_err, stdout) => resolve(typeof stdout === 'string' ? stdout : ''),
          );
          child.stdin?.end();
        }),
    ),
  );
  return Object.fromEntries(cmds.map((c, i) => [c, outs[i]!]));
}

/**
 * Whether the young generation may grow (V8's default) or stays at its starting size. Reading a
 * cached tree makes objects that all live to the end: a larger young generation only holds copies
 * of them on their way to the old one (−20 MB peak RSS on Debian's 6.1 tree, same CPU time). A
 * parse makes mostly short-lived objects: there a small one only collects more often (+40 ms, the
 * same peak), so it may grow again before one, up to a point (youngGenerationGrowsTo). A flag read at each growth, so setting it now takes
 * effect; only on the V8 versions known to have it (an unknown flag would print an error).
 */
function youngGenerationGrows(grows: boolean): void {
  if (/^1[0-3]\./.test(process.versions.v8))
    setV8Flag(`--semi-space-growth-factor=${grows ? 2 : 1}`, '--semi-space-growth-factor=2');
}

/**
 * The young generation may grow (youngGenerationGrows) until its semi-spaces reach `mb` MB, and then
 * stays: a parse's short-lived objects are collected less often than at the starting 1 MB, without
 * the 16 MB V8 would go to (Debian's 6.1 tree, cold run: −15 MB peak RSS at 4 MB, same time; −3 MB
 * more at 2 MB once the parsed tree's lists were made exact, +1% time).
 * Looked at between the parse's slices; returns what stops looking (the growth stays as it is).
 */
function youngGenerationGrowsTo(mb: number): () => void {
  youngGenerationGrows(true);
  const look = setInterval(() => {
    const young = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    // (the new space commits both semi-spaces)
    if (young && young.space_size >= 2 * mb * 1048576) {
      youngGenerationGrows(false);
      clearInterval(look);
    }
  }, 1);
  look.unref();
  return () => clearInterval(look);
}

/**
 * During a parse, V8's old generation may grow by 30% of what it held after a full collection
 * before the next one starts (incremental, mostly on V8's own threads); V8's own factor for a heap
 * this small is up to 4, and a parse keeps making garbage (lists and expressions replaced as
 * entries are read and finalized). Measured on Debian's 6.1 tree, cold run, with the texts let go
 * as the parse reads them (lettingGo in the engine): −5 MB peak RSS together, +2% time; either one
 * alone ≤ 1 MB (the heap grew to the same limit, garbage or not). 10% and 20% gave the same as 30%.
 * Read at each collection, so setting it now takes effect; only on the V8 versions known to have it.
 */
function oldGenerationGrowsLess(): void {
  if (/^1[0-3]\./.test(process.versions.v8)) setV8Flag('--heap-growing-percent=30', '--heap-growing-percent=0');
}

/**
 * V8's optimizing compiler off for the rest of a warm run. After a cached tree's decode (loops that
 * run a million times, which need it) such a run is over in ~100 ms of code that runs about once
 * per symbol: optimizing it takes more memory (the compiler's working memory and the code, −4 MB
 * of ~85 MB peak on Debian's 6.1 tree) than it saves time. After a parse it stays on: the
 * evaluation order is worked out then (the cache keeps it for warm runs), −20 ms with it. Read at
 * each decision to optimize, so setting it now takes effect; only on the V8 versions known to have it.
 */
function noMoreOptimizing(): void {
  if (/^1[0-3]\./.test(process.versions.v8)) setV8Flag('--no-turbofan', '--turbofan');
}

/**
 * The optimizing compiler inlines less into a function than its default (200 bytes of bytecode in
 * all instead of V8's 920): less optimized code to make, on the way of a run this short. Measured
 * on Debian's 6.1 tree, cold run: −10% time (1.14 -> 1.02 s, 5 runs each, 100 and 400 alike),
 * −3 MB peak RSS; a warm run the same. Only on the V8 versions known to have the flag.
 */
function lessInlining(): void {
  if (/^1[0-3]\./.test(process.versions.v8))
    setV8Flag('--max-inlined-bytecode-size-cumulative=200', '--max-inlined-bytecode-size-cumulative=920');
}

/**
 * A full garbage collection, now: the cache file's bytes let go before the tree is built are held by
 * an object V8 frees only in a full collection, which a run this short may never do — collected
 * while the heap is still small (a few ms), they are not part of the peak (−12 MB of ~100 MB on
 * Debian's 6.1 tree). V8's `gc` is reached through a fresh context once the flag that exposes it is
 * set; where that fails, nothing happens.
 */
function collectGarbage(): void {
  try {
    if (!gc) {
      setV8Flag('--expose-gc', '--no-expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    gc();
  } catch {
    /* the memory goes at V8's next full collection */
  }
}
let gc: (() => void) | undefined;

/** Exit status: 0 ok, 1 problems (Kconfig errors, invalid input values), 2 usage or unreadable input. */
export async function olddefconfigCommand(argv: string[], io: CliIO): Promise<number> {
  youngGenerationGrows(false);
  lessInlining();
  try {
    let args;
    try {
      args = parseArgs(
        argv,
        ['--kernel-src', '--arch', '-o', '--output'],
        ['--allow-shell', '--quiet', '-h', '--help'],
      );
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (args.flags.has('-h') || args.flags.has('--help')) {
      io.stdout(OLDDEFCONFIG_USAGE + '\n');
      return 0;
    }
    const src = args.options.get('--kernel-src');
    if (!src) throw new UsageError('olddefconfig needs --kernel-src DIR');
    if (!args.positionals.length) throw new UsageError('olddefconfig needs at least one INPUT config');
    const srcDir = path.resolve(io.cwd, src);
    if (!fs.existsSync(path.join(srcDir, 'Kconfig'))) throw new UsageError(`no Kconfig file in ${srcDir}`);
    const inputs: Array<{ path: string; text: string }> = [];
    for (const p of args.positionals) {
      const abs = path.resolve(io.cwd, p);
      let text: string;
      try {
        text = fs.readFileSync(abs, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      inputs.push({ path: p, text });
    }
    const arch = args.options.get('--arch') ?? 'x86_64';
    const allowShell = args.flags.has('--allow-shell');
    const quiet = args.flags.has('--quiet');
    const probes = allowShell ? toolchainProbes(srcDir, arch) : undefined;
    // the parsed-tree cache file is read while the probes run (its key, checked in the load, needs them)
    // without one, the tree will be parsed: the thread that runs its shell commands starts meanwhile
    if (!readKconfigTreeCacheAhead({ srcDir, arch, allowShell }) && allowShell) startShellAhead(srcDir);
    const toolchainFacts = await probes;
    const env = kernelEnv({ srcDir, arch, base: process.env, allowShell, toolchainFacts });
    const tLoad = performance.now();
    let stopGrowing = (): void => undefined;
    const { tree, errors, stats, deferredStore } = await loadKconfigTreeAsync({
      srcDir,
      arch,
      env,
      allowShell,
      cache: true,
      keepFlat: false,
      // on a miss the tree is stored after the output is out, by a background run when there can be one
      deferStore: !!io.spawnSelf,
      afterRelease: collectGarbage,
      // (after the scan for shell commands: one long step, which would grow it past the limit unseen)
      beforeParse: () => {
        oldGenerationGrowsLess();
        stopGrowing = youngGenerationGrowsTo(2);
      },
      help: false,
      compact: false,
    });
    stopGrowing();
    if (stats.cache === 'hit') noMoreOptimizing();
    // what the decode (on a hit) or the parse left is collected before resolving allocates more
    // (Debian's 6.1 tree: on a hit ~20 ms, −9 MB peak; after a parse ~15 ms, −6 MB)
    collectGarbage();
    const tResolve = performance.now();
    const mb = (): string =>
      `${Math.round(process.memoryUsage().rss / 1048576)}/${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;
    const rssLoad = process.env.XEN_CONFIG_TIMING === '1' ? mb() : '';
    let problems = 0;
    for (const e of errors) {
      if (e.severity === 'error') problems++;
      if (e.severity !== 'info' && !quiet) io.stderr(`${e.file}:${e.line}: ${e.severity}: ${e.message}\n`);
    }
    const r = resolveConfig(tree, inputs);
    const tWrite = performance.now();
    // quiet: only the errors count (the values that differ are not explained)
    for (const d of quiet ? r.errors : r.diagnostics) {
      if (d.severity === 'error') problems++;
      if (!quiet && (d.severity === 'error' || d.severity === 'warning')) {
        io.stderr(`${d.path ?? ''}:${d.line + 1}: ${d.severity}: ${d.message} [${d.code}]\n`);
      }
    }
    if (!allowShell && tree.hasUnknownShell() && !quiet) {
      const n = tree.shellCalls().filter((c) => c.source === 'unknown').length;
      io.stderr(
        `note: ${n} $(shell,...) toolchain probes were not run (use --allow-shell); values that depend on them may differ from make olddefconfig\n`,
      );
    }
    const out = args.options.get('-o') ?? args.options.get('--output');
    if (out) {
      try {
        fs.writeFileSync(path.resolve(io.cwd, out), r.output);
      } catch (e) {
        throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    } else io.stdout(r.output);
    const tStore = performance.now();
    let stored = '';
    if (deferredStore) stored = storeLater(deferredStore, io);
    if (process.env.XEN_CONFIG_TIMING === '1') {
      // where a run's time went (npm run bench and profiling): node start, load, resolve, write
      const ms = (x: number): number => Math.round(x);
      io.stderr(
        `timing: start ${ms(tLoad)} load ${ms(tResolve - tLoad)} (${stats.cache ?? 'no cache'}) of which shell scan ${ms(stats.prescanMs)} and waiting for commands ${ms(stats.shellWaitMs)}, resolve ${ms(tWrite - tResolve)} write ${ms(tStore - tWrite)} ms; store ${stored || 'none'} ${ms(performance.now() - tStore)} ms; rss/peak after load ${rssLoad}, at the end ${mb()}\n`,
      );
    }
    return problems ? 1 : 0;
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`xen-config olddefconfig: ${msg.split('\n')[0]}\n`);
    return 2;
  }
}
