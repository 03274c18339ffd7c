// The loaded Kconfig tree of `kernelSourcePath`, one per (file access, srcDir, arch, allowShell), kept
// off the request path: the first request for a tree starts a load (on setImmediate) and answers
// 'loading'; listeners registered with onTreeChange hear when a load finishes, so the LSP server
// re-diagnoses the open documents. The CLI loads synchronously with loadTreeNow.
//
// On the real file system the load runs in a worker thread (treeWorker.ts, bundled as
// dist/kconfigWorker.js): the parse (or the parsed-tree cache's read) and the $(shell,…) probes
// never run on the server's event loop. The worker sends the parsed tree in flatGraph's form and
// the object graph is rebuilt here in slices of a few ms that yield to the event loop. Without the
// worker file, or when the worker dies, loads run here in slices (loadKconfigTreeAsync). Other
// file accesses (tests, documentation examples) always load here.
//
// Staleness, simple and bounded: on the real file system, a request made more than
// STALE_CHECK_MS after the last check starts one asynchronous stat of the tree's Kconfig files
// (tree.files(), ~1,700 on a distribution kernel) and compares their mtimes with those recorded
// after the load; any difference (or a file gone) reloads the tree in the background, and the old
// tree keeps answering until the new one is ready. A failed load (missing path, no Kconfig) is
// retried on a request after the same interval. Trees read through another file access (tests,
// documentation examples) are never re-checked.
import * as nodePath from 'node:path';
import { existsSync, promises as fsp } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ReadOnlyFs } from '../core/mode';
import type { ResolvedSettings } from '../core/types';
import { nodeFs } from '../kconfig/nodeFs';
import {
  KconfigTree,
  loadKconfigTree,
  loadKconfigTreeAsync,
  readInsideTree,
  type LoadOptions,
  type TreeFs,
} from '../kconfig/index';
import type { ParsedTree } from '../kconfig/parseOptions';
import { decodeGraph, unpackStrings, type FlatGraph, type PackedStrings } from '../kconfig/flatGraph';
import type { SolveReply, SolveRequest, TreeReply, TreeRequest } from './treeWorker';
import type { Goal, SolveResult } from '../kconfig/solve';

export type TreeState =
  | { state: 'ready'; tree: KconfigTree; loadMs: number }
  | { state: 'loading' }
  | { state: 'failed'; reason: string; limit?: boolean };

/** How often, at most, a tree's files are checked for changes (and a failed load retried). */
export const STALE_CHECK_MS = 5_000;
/** A load stopped by a safety limit is tried again after this long, not every STALE_CHECK_MS. */
export const LIMIT_RETRY_MS = 120_000;
/** Trees kept per file access; a Debian tree is tens of MB, so few. */
const MAX_TREES = 2;

interface Entry {
  key: string;
  opts: { srcDir: string; arch: string; allowShell: boolean };
  state: TreeState;
  /** Bumped by every load started; a load whose generation is stale is dropped. */
  gen: number;
  loading: boolean;
  checkedAt: number;
  checking: boolean;
  mtimes?: Map<string, number>;
  waiters: Array<(s: TreeState) => void>;
}

const caches = new WeakMap<ReadOnlyFs, Map<string, Entry>>();
const listeners = new Set<(srcDir: string) => void>();

/** Called when a tree finished loading (or failed, or reloaded after a change). Returns an unsubscribe. */
export function onTreeChange(cb: (srcDir: string) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

function keyOf(s: ResolvedSettings): { key: string; opts: Entry['opts'] } | undefined {
  if (!s.kernelSourcePath) return undefined;
  const srcDir = nodePath.resolve(s.kernelSourcePath);
  const arch = s.arch;
  const allowShell = s.allowKconfigShell;
  return { key: `${srcDir}\u0000${arch}\u0000${allowShell ? 1 : 0}`, opts: { srcDir, arch, allowShell } };
}

function entryFor(s: ResolvedSettings, fs: ReadOnlyFs): Entry | undefined {
  const k = keyOf(s);
  if (!k) return undefined;
  let cache = caches.get(fs);
  if (!cache) caches.set(fs, (cache = new Map()));
  let e = cache.get(k.key);
  if (e) {
    cache.delete(k.key); // most recently used last
    cache.set(k.key, e);
    return e;
  }
  e = {
    key: k.key,
    opts: k.opts,
    state: { state: 'loading' },
    gen: 0,
    loading: false,
    checkedAt: 0,
    checking: false,
    waiters: [],
  };
  cache.set(k.key, e);
  while (cache.size > MAX_TREES) cache.delete(cache.keys().next().value!);
  return e;
}

/** The engine's file access: on the real file system, its own reader confined to the tree. */
function treeFsOf(fs: ReadOnlyFs): TreeFs | undefined {
  if (fs === nodeFs) return undefined;
  return { readFile: (p) => fs.readFile(p), exists: (p) => fs.exists(p) };
}

/** Why the path cannot be a kernel tree, or undefined when it has a top-level Kconfig. */
function unusable(srcDir: string, fs: ReadOnlyFs): string | undefined {
  if (!fs.exists(srcDir)) return `${srcDir} does not exist`;
  if (fs === nodeFs) {
    // the top Kconfig is checked like every file of the tree: before it is opened
    const r = readInsideTree(srcDir, 'Kconfig');
    if ('refused' in r) {
      return r.refused.startsWith('it does not exist')
        ? `${srcDir} has no top-level Kconfig file (is it a Linux source tree?)`
        : `its top-level Kconfig file cannot be read: ${r.refused}`;
    }
    return undefined;
  }
  if (fs.readFile(nodePath.join(srcDir, 'Kconfig')) === undefined)
    return `${srcDir} has no top-level Kconfig file (is it a Linux source tree?)`;
  return undefined;
}

/** cache: the parsed-tree cache (synchronous loads only: reading or storing it is one block of work). */
function loadOptions(e: Entry, fs: ReadOnlyFs, cache = false): LoadOptions {
  // Kconfig sees only the variables the kernel's Makefile sets and the toolchain names: no other
  // variable of the user's environment can reach a hover, a completion or a message
  return {
    srcDir: e.opts.srcDir,
    arch: e.opts.arch,
    allowShell: e.opts.allowShell,
    fs: treeFsOf(fs),
    envPolicy: 'kernel',
    cache: cache && fs === nodeFs,
  };
}

function settle(e: Entry, fs: ReadOnlyFs, state: TreeState): void {
  e.state = state;
  e.loading = false;
  e.checkedAt = Date.now();
  e.mtimes = undefined;
  if (state.state === 'ready' && fs === nodeFs) void recordMtimes(e, state.tree);
  for (const w of e.waiters.splice(0)) w(state);
  for (const l of listeners) {
    try {
      l(e.opts.srcDir);
    } catch {
      /* a listener's failure is its own */
    }
  }
}

function fromLoad(tree: KconfigTree, ms: number): TreeState {
  if (!tree.files().length) return { state: 'failed', reason: `no Kconfig file could be read in ${tree.srcDir}` };
  // an incomplete tree would call real symbols unknown: the bundled knowledge answers instead
  if (tree.limitExceeded)
    return { state: 'failed', reason: `reading it went past a safety limit: ${tree.limitExceeded}`, limit: true };
  return { state: 'ready', tree, loadMs: Math.round(ms) };
}

// ---------------------------------------------------------------- the worker thread

/** Set XEN_CONFIG_TREE_WORKER=0 to load in the server's thread (slices), as before the worker. */
let worker: Worker | undefined;
let workerBroken = process.env.XEN_CONFIG_TREE_WORKER === '0';
let nextId = 1;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a load's or a solve's reply, by id
const pending = new Map<number, (r: any) => void>();

function workerFile(): string | undefined {
  // the bundle: dist/kconfigWorker.js beside dist/server.js; from the sources (tsx): treeWorker.ts
  const f = __filename.endsWith('.ts')
    ? nodePath.join(__dirname, 'treeWorker.ts')
    : nodePath.join(__dirname, 'kconfigWorker.js');
  return existsSync(f) ? f : undefined;
}

function theWorker(): Worker | undefined {
  if (worker || workerBroken) return worker;
  const f = workerFile();
  if (!f) {
    workerBroken = true;
    return undefined;
  }
  try {
    // from the sources (tests, benchmarks under tsx), the worker registers tsx first
    const w = f.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(f)});`, { eval: true })
      : new Worker(f);
    w.on('message', (r: TreeReply | SolveReply) => {
      const cb = pending.get(r.id);
      pending.delete(r.id);
      if (!pending.size) w.unref();
      cb?.(r);
    });
    const broken = (): void => {
      // the loads it had are done here instead
      workerBroken = true;
      worker = undefined;
      for (const cb of pending.values()) cb(undefined);
      pending.clear();
    };
    w.on('error', broken);
    w.on('exit', broken);
    w.unref(); // keeps the process alive only while a load is under way (after the listeners: they may ref it)
    worker = w;
  } catch {
    workerBroken = true;
  }
  return worker;
}

/** The parsed tree rebuilt from the worker's form, a few ms at a time. */
async function rebuild(graph: FlatGraph, strings: PackedStrings): Promise<ParsedTree> {
  const it = (function* () {
    graph.strings = yield* unpackStrings(strings, 4_000);
    return yield* decodeGraph(graph, 4_000);
  })();
  let until = performance.now() + SLICE_MS;
  for (;;) {
    const r = it.next();
    if (r.done) return r.value as ParsedTree;
    if (performance.now() >= until) {
      await new Promise<void>((res) => setImmediate(res));
      until = performance.now() + SLICE_MS;
    }
  }
}
const SLICE_MS = 8;

/** Loads in the worker; false when there is no worker (the caller loads here). */
function workerLoad(e: Entry, fs: ReadOnlyFs, gen: number): boolean {
  const w = theWorker();
  if (!w) return false;
  const id = nextId++;
  const t0 = performance.now();
  pending.set(id, (r: TreeReply | undefined) => {
    if (gen !== e.gen) return;
    if (!r) {
      hereLoad(e, fs, gen);
      return;
    }
    if (!r.ok) {
      settle(e, fs, { state: 'failed', reason: r.reason, limit: r.limit });
      return;
    }
    rebuild(r.graph, r.strings).then(
      (parsed) => {
        if (gen === e.gen)
          settle(
            e,
            fs,
            fromLoad(new KconfigTree(parsed, r.srcDir, r.arch, r.env, r.kernelVersion), performance.now() - t0),
          );
      },
      (err: unknown) => {
        if (gen === e.gen)
          settle(e, fs, {
            state: 'failed',
            reason: `the Kconfig engine failed: ${err instanceof Error ? err.message : String(err)}`,
          });
      },
    );
  });
  const req: TreeRequest = { id, srcDir: e.opts.srcDir, arch: e.opts.arch, allowShell: e.opts.allowShell, cache: true };
  w.ref();
  w.postMessage(req);
  return true;
}

function startLoad(e: Entry, fs: ReadOnlyFs): void {
  if (e.loading) return;
  e.loading = true;
  const gen = ++e.gen;
  if (fs === nodeFs && !workerBroken) {
    if (!fs.exists(e.opts.srcDir)) {
      setImmediate(() => {
        if (gen === e.gen) settle(e, fs, { state: 'failed', reason: `${e.opts.srcDir} does not exist` });
      });
      return;
    }
    if (workerLoad(e, fs, gen)) return;
  }
  hereLoad(e, fs, gen);
}

function hereLoad(e: Entry, fs: ReadOnlyFs, gen: number): void {
  setImmediate(() => {
    if (gen !== e.gen) return;
    const bad = unusable(e.opts.srcDir, fs);
    if (bad) {
      settle(e, fs, { state: 'failed', reason: bad });
      return;
    }
    const t0 = performance.now();
    loadKconfigTreeAsync(loadOptions(e, fs)).then(
      (r) => {
        if (gen === e.gen) settle(e, fs, fromLoad(r.tree, performance.now() - t0));
      },
      (err: unknown) => {
        if (gen === e.gen)
          settle(e, fs, {
            state: 'failed',
            reason: `the Kconfig engine failed: ${err instanceof Error ? err.message : String(err)}`,
          });
      },
    );
  });
}

async function recordMtimes(e: Entry, tree: KconfigTree): Promise<void> {
  const m = new Map<string, number>();
  for (const f of tree.files()) {
    const abs = tree.absPath(f);
    try {
      m.set(abs, (await fsp.stat(abs)).mtimeMs);
    } catch {
      m.set(abs, -1);
    }
  }
  if (e.state.state === 'ready' && e.state.tree === tree) e.mtimes = m;
}

async function changed(mtimes: Map<string, number>): Promise<boolean> {
  for (const [abs, t] of mtimes) {
    let now = -1;
    try {
      now = (await fsp.stat(abs)).mtimeMs;
    } catch {
      /* gone */
    }
    if (now !== t) return true;
  }
  return false;
}

function maybeRecheck(e: Entry, fs: ReadOnlyFs): void {
  const wait = e.state.state === 'failed' && e.state.limit ? LIMIT_RETRY_MS : STALE_CHECK_MS;
  if (e.loading || e.checking || Date.now() - e.checkedAt < wait) return;
  if (e.state.state === 'failed') {
    startLoad(e, fs);
    return;
  }
  if (fs !== nodeFs || e.state.state !== 'ready' || !e.mtimes) return;
  e.checking = true;
  const mt = e.mtimes;
  void changed(mt).then(
    (c) => {
      e.checking = false;
      e.checkedAt = Date.now();
      if (c && e.mtimes === mt) startLoad(e, fs);
    },
    () => {
      e.checking = false;
    },
  );
}

/**
 * The tree for the settings' kernelSourcePath, without waiting: 'ready', or 'loading' (a load is
 * started, listeners hear when it ends), or 'failed' with the reason. Undefined without a path.
 */
export function treeFor(s: ResolvedSettings, fs: ReadOnlyFs = nodeFs): TreeState | undefined {
  const e = entryFor(s, fs);
  if (!e) return undefined;
  if (e.gen === 0) startLoad(e, fs);
  else maybeRecheck(e, fs);
  return e.state;
}

/** Loads the tree synchronously when it is not loaded yet (the CLI, tests); later treeFor calls answer it. */
export function loadTreeNow(s: ResolvedSettings, fs: ReadOnlyFs = nodeFs): TreeState | undefined {
  const e = entryFor(s, fs);
  if (!e) return undefined;
  if (e.state.state !== 'loading') return e.state;
  e.gen++; // a background load already scheduled is dropped
  const bad = unusable(e.opts.srcDir, fs);
  if (bad) {
    settle(e, fs, { state: 'failed', reason: bad });
    return e.state;
  }
  const t0 = performance.now();
  const r = loadKconfigTree(loadOptions(e, fs, true));
  settle(e, fs, fromLoad(r.tree, performance.now() - t0));
  return e.state;
}

/** Resolves when the tree's current load (if any) has finished (tests, benchmarks). */
export function treeSettled(s: ResolvedSettings, fs: ReadOnlyFs = nodeFs): Promise<TreeState | undefined> {
  const st = treeFor(s, fs);
  if (!st || st.state !== 'loading') return Promise.resolve(st);
  const e = entryFor(s, fs)!;
  return new Promise((resolve) => e.waiters.push(resolve));
}

/**
 * Runs the Kconfig solver in the worker thread, on its own copy of the tree of the settings'
 * kernelSourcePath (read from the parsed-tree cache the first time). Undefined when trees load in
 * this thread (no worker, another file access): the caller solves here. Resolves to undefined when
 * the worker could not answer.
 */
export function solveOffThread(
  s: ResolvedSettings,
  fs: ReadOnlyFs,
  text: string,
  goals: Goal[],
  timeLimitMs: number,
): Promise<SolveResult | undefined> | undefined {
  const k = keyOf(s);
  if (!k || fs !== nodeFs || workerBroken) return undefined;
  const w = theWorker();
  if (!w) return undefined;
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, (r: SolveReply | undefined) => resolve(r?.solved));
    const req: SolveRequest = { kind: 'solve', id, ...k.opts, text, goals, timeLimitMs };
    w.ref();
    w.postMessage(req);
  });
}

/** Forgets every loaded tree (tests). */
export function clearTrees(fs: ReadOnlyFs = nodeFs): void {
  const cache = caches.get(fs);
  if (cache) for (const e of cache.values()) e.gen++;
  caches.delete(fs);
}
