// The parsed-tree cache stored after `xen-config olddefconfig` has written its output: a detached run
// of this program (`xen-config __store-tree-cache FILE`) parses the tree again, its `$(shell,…)`
// commands answered from the first run's outputs (nothing is run), and stores it. The first run so
// ends as soon as its result is out; the next run finds the cache.
//
// The request travels in a file in the user's cache directory (mode 0600, removed by the reader
// first thing): the same trust as the cache it produces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from './io';
import { storeDeferredTree, type DeferredTreeStore } from '../service/kconfigEngine';

export const STORE_COMMAND = '__store-tree-cache';

/**
 * Stores the deferred tree: by a detached run of this program when there can be one, else now.
 * Returns what happened, for XEN_CONFIG_TIMING.
 */
export function storeLater(d: DeferredTreeStore, io: CliIO): string {
  if (!io.spawnSelf) return storeDeferredTree(d);
  let file: string;
  try {
    fs.mkdirSync(d.cacheDir, { recursive: true, mode: 0o700 });
    file = path.join(d.cacheDir, `pending-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(d), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // the cache directory cannot be written: a store would fail the same way
    return `not stored: ${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  try {
    io.spawnSelf([STORE_COMMAND, file]);
    return 'in the background';
  } catch {
    fs.rmSync(file, { force: true });
    return storeDeferredTree(d);
  }
}

function isStringRecord(v: unknown, allowUndefined: boolean): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'string' || (allowUndefined && (x === undefined || x === null)));
}

/** Reads a request file (and removes it); undefined when it is not one. */
function readRequest(file: string): DeferredTreeStore | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  } finally {
    fs.rmSync(file, { force: true });
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = v as Partial<DeferredTreeStore> | null;
  if (
    !d ||
    typeof d !== 'object' ||
    typeof d.srcDir !== 'string' ||
    !path.isAbsolute(d.srcDir) ||
    typeof d.arch !== 'string' ||
    typeof d.cacheDir !== 'string' ||
    !path.isAbsolute(d.cacheDir) ||
    typeof d.allowShell !== 'boolean' ||
    !isStringRecord(d.env, true) ||
    !isStringRecord(d.shellOutputs, false) ||
    (d.toolchainFacts !== undefined && !isStringRecord(d.toolchainFacts, false)) ||
    (d.limits !== undefined && (typeof d.limits !== 'object' || d.limits === null))
  )
    return undefined;
  return d as DeferredTreeStore;
}

/** `xen-config __store-tree-cache FILE` (started by storeLater only). Exit 0 stored or not needed, 1 not stored. */
export function storeTreeCacheCommand(argv: string[], io: CliIO): number {
  const file = argv[0];
  // only a request file of the cache directory's own naming
  if (argv.length !== 1 || !file || !/^pending-\d+-[0-9a-z]+\.json$/.test(path.basename(file))) {
    io.stderr(`xen-config ${STORE_COMMAND}: internal command, started by olddefconfig\n`);
    return 2;
  }
  const d = readRequest(file);
  if (!d || path.dirname(path.resolve(file)) !== path.resolve(d.cacheDir)) return 1;
  const r = storeDeferredTree(d);
  if (process.env.XEN_CONFIG_TIMING === '1') io.stderr(`background store: ${r}\n`);
  return /stored$|^hit$/.test(r) && !/not stored/.test(r) ? 0 : 1;
}
