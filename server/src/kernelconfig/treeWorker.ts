// The language server's Kconfig worker thread (bundled as dist/kconfigWorker.js): it reads a kernel
// tree (from the parsed-tree cache when valid, else by parsing it, then storing it) and sends the
// parsed tree back in flatGraph's form, its typed arrays transferred. Parsing and the $(shell,…)
// probes (when opted in) never run on the server's event loop; the server rebuilds the object
// graph in slices (kernelTree.ts). One request at a time; a newer request for the same tree makes
// the server drop an older answer (by its id).
import { parentPort } from 'node:worker_threads';
import { loadKconfigTree, readInsideTree } from '../kconfig/index';
import { encodeGraph, type FlatGraph } from '../kconfig/flatGraph';

export interface TreeRequest {
  id: number;
  srcDir: string;
  arch: string;
  allowShell: boolean;
  cache: boolean;
}
export type TreeReply =
  | {
      id: number;
      ok: true;
      graph: FlatGraph;
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
  // from the cache: its flat form as read (validated by the read); else encoded now
  const graph = r.flat ?? encodeGraph(t.parsed);
  const arrays = [graph.kind, graph.len, graph.shape, graph.tag, graph.val, graph.nums];
  return {
    reply: {
      id: req.id,
      ok: true,
      graph,
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

parentPort?.on('message', (req: TreeRequest) => {
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
