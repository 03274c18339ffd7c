/**
 * File access for the Kconfig engine. Everything the engine reads goes
 * through a TreeFs so that an editor can serve cached or unsaved buffers and
 * watch what was read.
 *
 * The real file system is read through `treeReader(root)`: a reader that
 * cannot be led out of the tree or stalled by it. Before a file is opened its
 * path is resolved (symlinks followed with lstat/readlink only, nothing
 * opened) and refused when the real path leaves the tree; only regular files
 * are opened (no named pipes, devices, sockets or directories), and only up to
 * a size limit, checked again on the opened descriptor.
 */
import * as nodeFs from 'fs';
import * as nodePath from 'path';

export interface TreeFs {
  /** Text of the file, or undefined when it cannot be read. Must not throw. */
  readFile(path: string): string | undefined;
  /** Whether a regular file or directory exists at path. Must not throw. */
  exists(path: string): boolean;
  /** Canonical path with symlinks resolved, or undefined (loop, missing). */
  realpath?(path: string): string | undefined;
  /** Why the last readFile of this path gave nothing, in plain words (when the reader knows). */
  refusal?(path: string): string | undefined;
  /** The text of path will not be asked for again: a reader that keeps texts may let it go. */
  release?(path: string): void;
}

/** Largest file the engine reads (a Kconfig file, the top Makefile, scripts/Kconfig.include). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

const MB = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

/** Plain words for a file that is not a regular file. */
function kindOf(st: nodeFs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export type ReadOutcome = { text: string } | { refused: string };

/**
 * Reads a regular file of at most maxBytes as UTF-8 without ever blocking on it: the type and
 * size are checked with stat before opening, the file is opened non-blocking (a named pipe
 * swapped in meanwhile cannot stall the open) and checked again on the descriptor.
 * Never throws.
 */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  let st: nodeFs.Stats;
  try {
    st = nodeFs.statSync(path);
  } catch {
    return { refused: 'it does not exist or cannot be read' };
  }
  if (!st.isFile()) return { refused: `it is ${kindOf(st)}, not a regular file` };
  if (st.size > maxBytes) return { refused: `it is larger than ${MB(maxBytes)} (${MB(st.size)})` };
  let fd: number | undefined;
  try {
    const c = nodeFs.constants;
    fd = nodeFs.openSync(path, c.O_RDONLY | (c.O_NONBLOCK ?? 0) | (c.O_NOCTTY ?? 0));
    const fst = nodeFs.fstatSync(fd);
    if (!fst.isFile()) return { refused: `it is ${kindOf(fst)}, not a regular file` };
    if (fst.size > maxBytes) return { refused: `it is larger than ${MB(maxBytes)} (${MB(fst.size)})` };
    // read at most maxBytes + 1: a file growing while read is cut, not followed
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(fst.size + 1, 1)));
    let n = 0;
    for (;;) {
      if (n >= buf.length) break;
      const k = nodeFs.readSync(fd, buf, n, buf.length - n, n);
      if (k <= 0) break;
      n += k;
    }
    if (n > maxBytes) return { refused: `it is larger than ${MB(maxBytes)}` };
    return { text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    return { refused: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'read error'})` };
  } finally {
    if (fd !== undefined)
      try {
        nodeFs.closeSync(fd);
      } catch {
        /* already closed */
      }
  }
}

const inside = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith('/') ? root : root + '/');

function realOf(p: string): string | undefined {
  try {
    return nodeFs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/**
 * Reads `rel` inside the tree `root` (a file beside the Kconfig files: the top Makefile,
 * scripts/Kconfig.include): refused when its real path leaves the tree, when it is not a
 * regular file or when it is larger than maxBytes. Never throws.
 */
export function readInsideTree(root: string, rel: string, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  const rootAbs = nodePath.resolve(root);
  const abs = nodePath.resolve(rootAbs, rel);
  if (!inside(abs, rootAbs)) return { refused: `it is outside the tree ${root}` };
  const rootReal = realOf(rootAbs) ?? rootAbs;
  const real = realOf(abs);
  if (real === undefined) return { refused: 'it does not exist or cannot be read' };
  if (!inside(real, rootReal)) return { refused: `it leads to ${real}, outside the tree ${root}` };
  return readRegularFile(real, maxBytes);
}

/**
 * The TreeFs of a kernel tree on the real file system: reads only regular files whose real path
 * lies inside `root`, each of at most maxFileBytes, and keeps what it read for the load (a file
 * sourced many times is read once). Paths are checked before anything is opened.
 */
export function treeReader(root: string, maxFileBytes = MAX_FILE_BYTES): TreeFs {
  const rootAbs = nodePath.resolve(root);
  const rootReal = realOf(rootAbs) ?? rootAbs;
  const texts = new Map<string, string | undefined>();
  const why = new Map<string, string>();
  const reals = new Map<string, string | undefined>();
  const real = (p: string): string | undefined => {
    const abs = nodePath.resolve(p);
    if (reals.has(abs)) return reals.get(abs);
    const r = realOf(abs);
    reals.set(abs, r);
    return r;
  };
  return {
    readFile(path) {
      const abs = nodePath.resolve(path);
      if (texts.has(abs)) return texts.get(abs);
      let out: ReadOutcome;
      if (!inside(abs, rootAbs) && !inside(abs, rootReal)) out = { refused: `it is outside the tree ${root}` };
      else {
        const r = real(abs);
        if (r === undefined) out = { refused: 'it does not exist or cannot be read' };
        else if (!inside(r, rootReal)) out = { refused: `it leads to ${r}, outside the tree ${root}` };
        else out = readRegularFile(r, maxFileBytes);
      }
      const text = 'text' in out ? out.text : undefined;
      texts.set(abs, text);
      if ('refused' in out) why.set(abs, out.refused);
      return text;
    },
    exists(path) {
      const r = real(path);
      if (r === undefined || !inside(r, rootReal)) return false;
      try {
        const st = nodeFs.statSync(r);
        return st.isFile() || st.isDirectory();
      } catch {
        return false;
      }
    },
    realpath: (path) => real(path),
    refusal: (path) => why.get(nodePath.resolve(path)),
    release(path) {
      // (a refused or missing file stays known as such)
      const abs = nodePath.resolve(path);
      if (texts.get(abs) !== undefined) texts.delete(abs);
    },
  };
}

/** TreeFs on the real file system, unconfined (reads regular files of at most MAX_FILE_BYTES). */
export const nodeTreeFs: TreeFs = {
  readFile(path: string): string | undefined {
    const r = readRegularFile(path);
    return 'text' in r ? r.text : undefined;
  },
  exists(path: string): boolean {
    try {
      nodeFs.statSync(path);
      return true;
    } catch {
      return false;
    }
  },
  realpath(path: string): string | undefined {
    return realOf(path);
  },
};

/** A TreeFs over an in-memory map of path -> text (for tests and unsaved buffers). */
export function memoryTreeFs(files: Record<string, string>, root = '/'): TreeFs {
  const norm = (p: string): string => nodePath.posix.resolve(root, p);
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(files)) map.set(norm(k), v);
  return {
    readFile: (p) => map.get(norm(p)),
    exists: (p) => {
      const n = norm(p);
      if (map.has(n)) return true;
      const prefix = n.endsWith('/') ? n : n + '/';
      for (const k of map.keys()) if (k.startsWith(prefix)) return true;
      return false;
    },
    realpath: (p) => norm(p),
  };
}

/**
 * A TreeFs that remembers what it read (text, existence, canonical paths), for
 * one load that reads the same files twice (the shell pre-scan, then the parse).
 */
export function memoTreeFs(base: TreeFs): TreeFs {
  const texts = new Map<string, string | undefined>();
  const exists = new Map<string, boolean>();
  const reals = new Map<string, string | undefined>();
  const memo: TreeFs = {
    readFile(path) {
      if (texts.has(path)) return texts.get(path);
      const t = base.readFile(path);
      texts.set(path, t);
      return t;
    },
    exists(path) {
      let e = exists.get(path);
      if (e === undefined) exists.set(path, (e = base.exists(path)));
      return e;
    },
  };
  if (base.realpath) {
    const rp = base.realpath.bind(base);
    memo.realpath = (path) => {
      if (reals.has(path)) return reals.get(path);
      const r = rp(path);
      reals.set(path, r);
      return r;
    };
  }
  if (base.refusal) memo.refusal = base.refusal.bind(base);
  memo.release = (path) => {
    if (texts.get(path) !== undefined) texts.delete(path);
  };
  return memo;
}

/**
 * The reader as the parse of a load that keeps no texts sees it: each text it is handed is let go by
 * the reader (the parse holds it while it reads that file). A reader keeps every text it read
 * (the shell pre-scan's and the parse's reads are one read), which is the whole tree's Kconfig text
 * until the load ends (6 MB on Debian's 6.1 tree) when only a cache store made in the same process
 * needs it again (to hash it). A file read again (sourced twice) is read from disk.
 */
export function lettingGo(fs: TreeFs): TreeFs {
  if (!fs.release) return fs;
  const out: TreeFs = {
    readFile(path) {
      const text = fs.readFile(path);
      fs.release!(path);
      return text;
    },
    exists: (path) => fs.exists(path),
  };
  if (fs.realpath) out.realpath = (path) => fs.realpath!(path);
  if (fs.refusal) out.refusal = (path) => fs.refusal!(path);
  return out;
}
