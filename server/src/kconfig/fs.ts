/**
 * File access for the Kconfig engine. Everything the engine reads goes
 * through a TreeFs so that an editor can serve cached or unsaved buffers and
 * watch what was read.
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
}

/** TreeFs on the real file system. */
export const nodeTreeFs: TreeFs = {
  readFile(path: string): string | undefined {
    try {
      return nodeFs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
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
    try {
      return nodeFs.realpathSync.native(path);
    } catch {
      return undefined;
    }
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
  return memo;
}
