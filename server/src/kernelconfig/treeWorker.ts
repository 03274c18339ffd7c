// The language server's Kconfig worker thread (bundled as dist/kconfigWorker.js): it reads a kernel
// tree (from the parsed-tree cache when valid, else by parsing it, then storing it) and sends the
// parsed tree back in flatGraph's form, its typed arrays transferred. Parsing and the $(shell,…)
// probes (when opted in) never run on the server's event loop; the server rebuilds the object
// graph in slices (kernelTree.ts). One request at a time; a newer request for the same tree makes
// the server drop an older answer (by its id).
//
// It also keeps the trees it read (at most two, ~33 MB each for a distribution kernel) and runs the
// Kconfig solver on them (`SolveRequest`, the editor's code actions, hover and configurator view):
// a solve takes from a few hundred ms to over a second, which the server's event loop never waits for.
import { parentPort } from 'node:worker_threads';
import { loadKconfigTree, readInsideTree, type KconfigTree } from '../kconfig/index';
import { encodeGraph, packStrings, type FlatGraph, type PackedStrings } from '../kconfig/flatGraph';
import { solveConfig, type Goal, type SolveResult } from '../kconfig/solve';

export interface TreeRequest {
  id: number;
  srcDir: string;
  arch: string;
  allowShell: boolean;
  cache: boolean;
}
export interface SolveRequest {
  kind: 'solve';
  id: number;
  srcDir: string;
  arch: string;
  allowShell: boolean;
  text: string;
  goals: Goal[];
  timeLimitMs: number;
}
export type SolveReply =
  { id: number; solved: SolveResult; ms: number } | { id: number; solved?: undefined; reason: string };

const kept = new Map<string, KconfigTree>();
const keptKey = (r: { srcDir: string; arch: string; allowShell: boolean }): string =>
  `${r.srcDir}\u0000${r.arch}\u0000${r.allowShell ? 1 : 0}`;
function keep(key: string, t: KconfigTree): void {
  kept.delete(key);
  kept.set(key, t);
  while (kept.size > 2) kept.delete(kept.keys().next().value!);
}

function solve(req: SolveRequest): SolveReply {
  const key = keptKey(req);
  let tree = kept.get(key);
  if (!tree) {
    const r = loadKconfigTree({
      srcDir: req.srcDir,
      arch: req.arch,
      allowShell: req.allowShell,
      envPolicy: 'kernel',
      cache: true,
    });
    if (!r.tree.files().length || r.tree.limitExceeded) return { id: req.id, reason: 'the kernel tree cannot be read' };
    keep(key, (tree = r.tree));
  }
  const t0 = performance.now();
  const solved = solveConfig(tree, req.text, req.goals, { timeLimitMs: req.timeLimitMs });
  return { id: req.id, solved, ms: performance.now() - t0 };
}

export type TreeReply =
  | {
      id: number;
      ok: true;
      /** The graph but its strings (`strings` is empty): those are in `strings` below. */
      graph: FlatGraph;
      strings: PackedStrings;
      srcDir: string;
      arch: string;
      env: Record<string, string | undefined>;
      kernelVersion?: string;
      loadMs: number;
      cache?: string;
    }
  | { id: number; ok: false; reason: string; limit?: boolean };

function load(req: TreeRequest): { reply: TreeReply; transfer: ArrayBuffer[] } {
  const t0 = performance.now();
  const top = readInsideTree(req.srcDir, 'Kconfig');
  if ('refused' in top) {
    const reason = top.refused.startsWith('it does not exist')
      ? `${req.srcDir} has no top-level Kconfig file (is it a Linux source tree?)`
      : `its top-level Kconfig file cannot be read: ${top.refused}`;
    return { reply: { id: req.id, ok: false, reason }, transfer: [] };
  }
  // Kconfig sees only the variables the kernel's Makefile sets and the toolchain names
  const r = loadKconfigTree({
    srcDir: req.srcDir,
    arch: req.arch,
    allowShell: req.allowShell,
    envPolicy: 'kernel',
    cache: req.cache,
  });
  const t = r.tree;
  if (!t.files().length)
    return { reply: { id: req.id, ok: false, reason: `no Kconfig file could be read in ${t.srcDir}` }, transfer: [] };
  if (t.limitExceeded)
    return {
      reply: { id: req.id, ok: false, reason: `reading it went past a safety limit: ${t.limitExceeded}`, limit: true },
      transfer: [],
    };
  keep(keptKey(req), t);
  // from the cache: its flat form as read (validated by the read); else encoded now
  const graph = r.flat ?? encodeGraph(t.parsed);
  const strings = packStrings(graph.strings);
  const arrays = [graph.kind, graph.len, graph.shape, graph.tag, graph.val, graph.nums, strings.ends];
  return {
    reply: {
      id: req.id,
      ok: true,
      graph: { ...graph, strings: [] },
      strings,
      srcDir: t.srcDir,
      arch: t.arch,
      env: t.env,
      kernelVersion: t.kernelVersion,
      loadMs: Math.round(performance.now() - t0),
      cache: r.stats.cache,
    },
    // each buffer once (arrays read from a cache file may share one)
    transfer: [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))],
  };
}

parentPort?.on('message', (req: TreeRequest | SolveRequest) => {
  if ('kind' in req) {
    let reply: SolveReply;
    try {
      reply = solve(req);
    } catch (e) {
      reply = { id: req.id, reason: `the solver failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    parentPort!.postMessage(reply);
    return;
  }
  let out: { reply: TreeReply; transfer: ArrayBuffer[] };
  try {
    out = load(req);
  } catch (e) {
    out = {
      reply: {
        id: req.id,
        ok: false,
        reason: `the Kconfig engine failed: ${e instanceof Error ? e.message : String(e)}`,
      },
      transfer: [],
    };
  }
  parentPort!.postMessage(out.reply, out.transfer);
});
