// The parsed-tree cache: a parsed Kconfig tree kept on disk, in the user's cache directory
// ($XDG_CACHE_HOME/xen-config/kconfig, else ~/.cache/xen-config/kconfig; XEN_CONFIG_TREE_CACHE=0
// turns it off), so a later load of the same tree skips the parse.
//
// One file per (tree, arch, shell opt-in, engine build), named by a hash of those, rewritten when
// the tree changes. Its content: MAGIC, the SHA-256 of the rest, then v8.serialize of
// { key, files, graph } where graph is the parsed tree in flatGraph's form. It is used only when
// - the magic, the checksum and the key (the full key, not only its hash) match;
// - every file the parse read (and the top Makefile) has the recorded size and mtime, or, when
//   only the mtime differs, the recorded content hash;
// - the graph's tables are well formed (every index in bounds, no prototype-changing name) and its
//   root looks like a parsed tree.
// Anything else is a miss with a note saying why, never an error: a cache is data only — nothing
// in it is run, called or used as a prototype; a file someone else wrote can at worst make the
// tree answer wrongly, which is why it lives in the user's own directory (mode 0600).
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import * as v8 from 'node:v8';
import { decodeGraph, decodeGraphNow, encodeGraph, FlatGraphError, stringsLast, type FlatGraph } from './flatGraph';
import { evalOrder, primeEvalOrder } from './reads';
import type { ParsedTree } from './parseOptions';

const MAGIC = Buffer.from('XCKTREE1', 'latin1');
const FORMAT = 4;
/** Larger cache files are not read (a Debian tree's is ~17 MB). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Cache files kept in the directory: the most recently used. */
const MAX_CACHE_FILES = 8;

export interface CacheKeyParts {
  srcDir: string;
  arch: string;
  allowShell: boolean;
  semantics: string;
  /** With shell commands allowed: the whole environment they run in. */
  wholeEnv?: Record<string, string | undefined>;
  toolchainFacts?: Record<string, string>;
  limits?: unknown;
  unknownEnv?: string[];
}

interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}
interface CacheBody {
  key: string;
  files: FileStamp[];
  env: Array<[string, string | null]>;
  /** The graph; its `val` is empty when `valBytes` holds the values. */
  graph: FlatGraph;
  /**
   * The graph's slot values as bytes (host order): a Uint8Array stays a view of the file's bytes
   * when deserialized (a Uint32Array is copied unless the serializer happened to align it), so a
   * load can read them again from the file in pieces (decodeInPieces).
   */
  valBytes?: Uint8Array;
  /** The evaluation order (symbol ids), so a warm start does not work it out again. */
  order?: Uint32Array;
  /** graph.strings from this index on are help texts only (stringsLast): left out with them. */
  helpFrom?: number;
}

/** The body's slot values as a Uint32Array (a view when aligned, else a copy). */
function valuesOf(r: CacheBody): Uint32Array {
  const b = r.valBytes;
  if (r.graph.val.length || !b) return r.graph.val;
  return b.byteOffset % 4 === 0
    ? new Uint32Array(b.buffer, b.byteOffset, b.length / 4)
    : new Uint32Array(b.slice().buffer);
}

/** The cache directory, or undefined when there is no home to put it in. */
export function treeCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.XEN_CONFIG_TREE_CACHE === '0') return undefined; // off
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && nodePath.isAbsolute(xdg)) return nodePath.join(xdg, 'xen-config', 'kconfig');
  let home: string | undefined;
  try {
    home = os.homedir();
  } catch {
    home = undefined;
  }
  return home ? nodePath.join(home, '.cache', 'xen-config', 'kconfig') : undefined;
}

let stampMemo: string | undefined;
/** The engine build: the sizes and mtimes of the code beside this module (the bundle in dist/, the sources under tsx). */
function engineStamp(): string {
  if (stampMemo !== undefined) return stampMemo;
  const h = createHash('sha256');
  try {
    const dir = __dirname;
    for (const f of readdirSync(dir).sort()) {
      if (!/\.(js|ts|mjs|cjs)$/.test(f)) continue;
      const st = statSync(nodePath.join(dir, f));
      h.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
    }
  } catch {
    h.update('?');
  }
  return (stampMemo = h.digest('hex'));
}

function stableJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

function keyOf(p: CacheKeyParts): string {
  return stableJson({ format: FORMAT, engine: engineStamp(), node: process.versions.v8, ...p });
}

function fileNameOf(dir: string, p: Pick<CacheKeyParts, 'srcDir' | 'arch' | 'allowShell'>): string {
  const h = createHash('sha256')
    .update(stableJson({ srcDir: p.srcDir, arch: p.arch, allowShell: p.allowShell, engine: engineStamp() }))
    .digest('hex');
  return nodePath.join(dir, `${h.slice(0, 32)}.bin`);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function readSmall(abs: string): Buffer | undefined {
  // the tree's files are regular files of a few kB; only those are hashed
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > 4 * 1024 * 1024) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* closed */
      }
  }
}

/**
 * Stamps of the files, or a reason not to cache (a file changed while it was parsed, or vanished).
 * `textOf`: the text the parse read (the tree's reader keeps it), hashed instead of reading the file
 * again when its UTF-8 bytes have the file's size (a file read with replacements is read again).
 */
function stampFiles(
  srcDir: string,
  rels: string[],
  since: number,
  textOf?: (rel: string) => string | undefined,
): FileStamp[] | string {
  const out: FileStamp[] = [];
  for (const rel of rels) {
    const abs = nodePath.resolve(srcDir, rel);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return `${rel} vanished`;
    }
    // a file touched during (or just before) the parse may have been read in another state
    if (st.mtimeMs >= since - 1000) return `${rel} changed during the load`;
    const text = textOf?.(rel);
    if (text !== undefined && Buffer.byteLength(text, 'utf8') === st.size) {
      out.push({
        path: rel,
        size: st.size,
        mtimeMs: st.mtimeMs,
        sha256: createHash('sha256').update(text).digest('hex'),
      });
      continue;
    }
    const b = readSmall(abs);
    if (!b || b.length !== st.size) return `${rel} cannot be hashed`;
    out.push({ path: rel, size: st.size, mtimeMs: st.mtimeMs, sha256: sha(b) });
  }
  return out;
}

function filesUnchanged(srcDir: string, files: FileStamp[]): string | undefined {
  for (const f of files) {
    const abs = nodePath.resolve(srcDir, f.path);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return `${f.path} is gone`;
    }
    if (st.size !== f.size) return `${f.path} changed`;
    if (st.mtimeMs === f.mtimeMs) continue;
    const b = readSmall(abs);
    if (!b || sha(b) !== f.sha256) return `${f.path} changed`;
  }
  return undefined;
}

function looksLikeParsedTree(p: unknown): p is ParsedTree {
  if (!p || typeof p !== 'object') return false;
  const t = p as Record<string, unknown>;
  if (
    !(t.symbolMap instanceof Map) ||
    !Array.isArray(t.allSymbols) ||
    !Array.isArray(t.files) ||
    !Array.isArray(t.errors) ||
    !Array.isArray(t.shellCalls) ||
    !(t.usedEnv instanceof Map) ||
    !Array.isArray(t.choices) ||
    typeof t.semantics !== 'string' ||
    !t.root ||
    typeof t.root !== 'object' ||
    !t.yes ||
    !t.mod ||
    !t.no
  )
    return false;
  for (const f of t.files) if (typeof f !== 'string') return false;
  // every symbol: the fields the evaluator indexes by, with the right types
  for (let i = 0; i < t.allSymbols.length; i++) {
    const s = t.allSymbols[i] as Record<string, unknown> | null;
    if (
      !s ||
      typeof s !== 'object' ||
      typeof s.name !== 'string' ||
      s.id !== i ||
      typeof s.type !== 'string' ||
      !Array.isArray(s.props) ||
      !Array.isArray(s.menus) ||
      !Array.isArray(s.selectedBy) ||
      !Array.isArray(s.impliedBy)
    )
      return false;
  }
  // (forEach: a for-of makes a pair for each entry, 4 MB of a kernel tree's, in code run unoptimized)
  let ok = true;
  const all = t.allSymbols;
  t.symbolMap.forEach((s, k) => {
    if (typeof k !== 'string' || !s || typeof s !== 'object' || all[(s as { id: number }).id] !== s) ok = false;
  });
  return ok;
}

/**
 * A tree from the cache, or why not. `verified`: the file's checksum may still be being worked out
 * — the tree may be used only when it settles true (false: a damaged file).
 */
export type CacheLookup =
  { parsed: ParsedTree; files: string[]; graph?: FlatGraph; verified?: Promise<boolean> } | { miss: string };

/**
 * Frees the memory behind these arrays now (they view the cache file's bytes, ~12 MB for a kernel
 * tree, which would otherwise stay until V8's next full collection): each buffer is handed over to
 * a copy nobody keeps, collected young. The arrays are empty after.
 */
function release(arrays: Array<ArrayBufferView | undefined>): void {
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.buffer.byteLength) buffers.add(a.buffer);
  try {
    structuredClone(undefined, { transfer: [...buffers] });
  } catch {
    /* kept until collected */
  }
}

/**
 * A cache file read, checked and decoded ahead (while the toolchain probes run: its name needs no
 * probe output, its key does), with the file's identity then; used once, by the next lookup of the
 * same file when the file is still the same one, and dropped.
 */
interface Ahead {
  file: string;
  ino: number;
  size: number;
  mtimeMs: number;
  body: CacheBody | string;
  /** The checksum, worked out in steps while this thread waits: true when it matches. */
  verified?: Promise<boolean>;
}
let ahead: Ahead | undefined;

/**
 * Reads the cache file of this tree ahead of readTreeCache, which checks its key. The checksum is
 * worked out in steps meanwhile (checksumInSteps): a lookup that takes this file must await `verified`
 * (CacheLookup.verified) before it uses the tree. True when a cache file of the right form was
 * read (its key is checked later). Never throws.
 */
export function readTreeCacheAhead(dir: string, parts: Pick<CacheKeyParts, 'srcDir' | 'arch' | 'allowShell'>): boolean {
  ahead = undefined;
  const file = fileNameOf(dir, parts);
  try {
    const st = statSync(file);
    const r = readUnverified(file);
    ahead =
      typeof r === 'string'
        ? { file, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, body: r }
        : { file, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, body: r.body, verified: r.verified };
  } catch {
    ahead = undefined; // no file: the lookup says so
  }
  return typeof ahead?.body === 'object';
}

/** `waitable`: the caller can await a checksum still being worked out (else it is worked out now). */
function readBody(
  file: string,
  key: string,
  waitable: boolean,
): { body: CacheBody; verified?: Promise<boolean> } | string {
  let got: { body: CacheBody; verified?: Promise<boolean> } | string | undefined;
  const a = ahead;
  ahead = undefined;
  if (a?.file === file && (waitable || !a.verified)) {
    try {
      const st = statSync(file);
      if (st.ino === a.ino && st.size === a.size && st.mtimeMs === a.mtimeMs)
        got = typeof a.body === 'string' ? a.body : { body: a.body, verified: a.verified };
    } catch {
      got = undefined;
    }
  }
  // a body read ahead and not taken: its checksum is not needed
  if (a && typeof a.body !== 'string' && (typeof got !== 'object' || got.body !== a.body))
    checksumOf.get(a.body)?.stop();
  got ??= readUnkeyed(file);
  if (typeof got === 'string') return got;
  if (got.body.key === key) return got;
  checksumOf.get(got.body)?.stop();
  return 'made for another tree or engine';
}

/** Where a body was read from: the file, its identity then, and its bytes (which the body's arrays view). */
interface ReadFrom {
  file: string;
  ino: number;
  size: number;
  mtimeMs: number;
  bytes: Buffer;
}
const readFrom = new WeakMap<CacheBody, ReadFrom>();

/** The file's bytes after the magic, or why not. */
function readFileBody(file: string): { sum: Buffer; body: Buffer; from: ReadFrom } | string {
  let buf: Buffer;
  let from: ReadFrom;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > MAX_CACHE_BYTES) return 'too large';
    buf = readFileSync(fd);
    from = { file, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, bytes: buf };
  } catch {
    return 'none yet';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (buf.length < MAGIC.length + 32 || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    return 'not a cache file of this format';
  return { sum: buf.subarray(MAGIC.length, MAGIC.length + 32), body: buf.subarray(MAGIC.length + 32), from };
}

/** Slots this many at a time when they are read again from the file (tags and values: 320 kB). */
const SLOT_WINDOW = 65536;

function readFully(fd: number, into: Uint8Array, length: number, position: number): void {
  for (let got = 0; got < length;) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n <= 0) throw new FlatGraphError('the file ends early');
    got += n;
  }
}

/**
 * Decodes a body read from a file whose slot tables (~6 MB of a kernel tree's ~12.5 MB) are read
 * again from that file in pieces while the rest of its bytes are let go first: the tree is built
 * without the whole file in memory (peak RSS). Undefined when that cannot be done (the file is no
 * longer the one read, the tables were copied by the deserializer): the caller decodes from memory.
 * Throws FlatGraphError like decodeGraph.
 */
function decodeInPieces(
  r: CacheBody,
  afterRelease?: () => void,
  withHelp = true,
): { parsed: unknown; order?: Uint32Array } | undefined {
  const from = readFrom.get(r);
  const g = r.graph;
  if (!from) return undefined;
  const offsetOf = (a: ArrayBufferView): number =>
    a.buffer === from.bytes.buffer ? a.byteOffset - from.bytes.byteOffset : -1;
  const vb = r.valBytes;
  if (!vb || g.val.length !== 0 || vb.length !== g.tag.length * 4) return undefined;
  const tagAt = offsetOf(g.tag),
    valAt = offsetOf(vb);
  if (tagAt < 0 || valAt < 0) return undefined;
  let fd: number;
  try {
    fd = openSync(from.file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.ino !== from.ino || st.size !== from.size || st.mtimeMs !== from.mtimeMs) return undefined;
    const count = g.tag.length;
    // without help texts, the strings only they use go with the file's bytes
    if (!withHelp && r.helpFrom !== undefined) g.strings = g.strings.slice(0, r.helpFrom);
    const small: FlatGraph = {
      strings: g.strings,
      shapes: g.shapes,
      kind: g.kind.slice(),
      len: g.len.slice(),
      shape: g.shape.slice(),
      tag: new Uint8Array(0),
      val: new Uint32Array(0),
      nums: g.nums.slice(),
    };
    const order = r.order instanceof Uint32Array ? r.order.slice() : undefined;
    // the file's bytes go at the next collection, early in the decode
    checksumOf.get(r)?.finish();
    release([g.kind, g.len, g.shape, g.tag, vb, g.nums, r.order]);
    afterRelease?.();
    const tagBuf = new Uint8Array(SLOT_WINDOW);
    const valBuf = new Uint32Array(SLOT_WINDOW);
    const valBytes = new Uint8Array(valBuf.buffer);
    const parsed = decodeGraphNow(
      small,
      {
        count,
        window(j) {
          const n = Math.min(SLOT_WINDOW, count - j);
          readFully(fd, tagBuf, n, tagAt + j);
          readFully(fd, valBytes, n * 4, valAt + j * 4);
          return { tag: tagBuf.subarray(0, n), val: valBuf.subarray(0, n) };
        },
      },
      withHelp ? undefined : 'help',
    );
    return { parsed, order };
  } finally {
    closeSync(fd);
  }
}

/** Bytes hashed per turn of the event loop by checksumInSteps (~2 ms). */
const HASH_STEP = 1 << 20;

/**
 * The checksum in steps of a body read ahead: `finish` before its bytes are let go (hashes the rest
 * now; `verified` then settles with the whole file's answer), `stop` when it is not used.
 */
const checksumOf = new WeakMap<CacheBody, { finish: () => void; stop: () => void }>();

/**
 * Whether the SHA-256 of `bytes` is `want`, worked out one step per turn of the event loop, on the
 * bytes themselves: the CLI's thread waits for the toolchain probes meanwhile. (webcrypto's digest,
 * on libuv's threads, first copies all ~12 MB: the peak memory of a warm run.) `finish` does the
 * rest at once.
 */
function checksumInSteps(
  bytes: Uint8Array,
  want: Buffer,
): { verified: Promise<boolean>; finish: () => void; stop: () => void } {
  const h = createHash('sha256');
  let at = 0;
  let settle: (ok: boolean) => void = () => undefined;
  const verified = new Promise<boolean>((resolve) => (settle = resolve));
  const step = (upTo: number): void => {
    if (at >= bytes.length) return;
    try {
      const end = Math.min(bytes.length, upTo);
      h.update(bytes.subarray(at, end));
      at = end;
      if (at >= bytes.length) settle(h.digest().equals(want));
    } catch {
      at = bytes.length;
      settle(false);
    }
  };
  const next = (): void => {
    step(at + HASH_STEP);
    if (at < bytes.length) setImmediate(next);
  };
  setImmediate(next);
  const stop = (): void => {
    at = bytes.length;
    settle(false);
  };
  return { verified, finish: () => step(bytes.length), stop };
}

/**
 * Reads and checks the layout now; the checksum in steps while this thread waits (checksumInSteps).
 * Data only, as with a verified file: the decode checks every index, so reading before the
 * checksum is known trusts nothing more than a forged file with a valid checksum would get.
 */
function readUnverified(file: string): { body: CacheBody; verified: Promise<boolean> } | string {
  const f = readFileBody(file);
  if (typeof f === 'string') return f;
  const body = deserializeBody(f.body);
  if (typeof body === 'string') {
    // a damaged file fails the checksum too, most likely: say which when it does
    return body;
  }
  const sum = checksumInSteps(f.body, Buffer.from(f.sum));
  readFrom.set(body, f.from);
  checksumOf.set(body, sum);
  return { body, verified: sum.verified };
}

function readUnkeyed(file: string): { body: CacheBody } | string {
  const f = readFileBody(file);
  if (typeof f === 'string') return f;
  if (!createHash('sha256').update(f.body).digest().equals(f.sum)) return 'damaged (checksum)';
  const body = deserializeBody(f.body);
  if (typeof body === 'string') return body;
  readFrom.set(body, f.from);
  return { body };
}

function deserializeBody(body: Buffer): CacheBody | string {
  let v: unknown;
  try {
    v = v8.deserialize(body);
  } catch {
    return 'damaged (unreadable)';
  }
  const b = v as Partial<CacheBody> | null;
  if (!b || typeof b !== 'object' || typeof b.key !== 'string' || !Array.isArray(b.files) || !b.graph)
    return 'damaged (layout)';
  if (b.valBytes !== undefined && (!(b.valBytes instanceof Uint8Array) || b.valBytes.length % 4))
    return 'damaged (layout)';
  if (
    b.helpFrom !== undefined &&
    !(
      Number.isInteger(b.helpFrom) &&
      b.helpFrom >= 0 &&
      Array.isArray(b.graph.strings) &&
      b.helpFrom <= b.graph.strings.length
    )
  )
    return 'damaged (layout)';
  if (
    !Array.isArray(b.env) ||
    !b.env.every((p) => Array.isArray(p) && typeof p[0] === 'string' && (typeof p[1] === 'string' || p[1] === null))
  )
    return 'damaged (environment)';
  for (const f of b.files) {
    const s = f as Partial<FileStamp> | null;
    if (
      !s ||
      typeof s.path !== 'string' ||
      typeof s.size !== 'number' ||
      typeof s.mtimeMs !== 'number' ||
      typeof s.sha256 !== 'string'
    )
      return 'damaged (file list)';
  }
  return b as CacheBody;
}

/** The cached tree, or why there is none (a note for the caller to show or drop). */
/** `keepGraph`: false when the caller does not use the flat form (its memory is then freed at once). */
export function readTreeCache(
  dir: string,
  parts: CacheKeyParts,
  env: Record<string, string | undefined>,
  keepGraph = true,
  /** The caller awaits CacheLookup.verified (else a checksum still being worked out is worked out now). */
  waitable = false,
  /** Called once the file's bytes are let go, before the tree is built (see LoadOptions.afterRelease). */
  afterRelease?: () => void,
  /** False: menus without their help texts (see LoadOptions.help). */
  withHelp = true,
): CacheLookup {
  const got = readBody(fileNameOf(dir, parts), keyOf(parts), waitable);
  if (typeof got === 'string') return { miss: got };
  const r = got.body;
  // the variables the parse read: same values (or still unset)
  const miss = (why: string): CacheLookup => {
    checksumOf.get(r)?.stop();
    return { miss: why };
  };
  for (const [k, v] of r.env) if ((env[k] ?? null) !== v) return miss(`$${k} changed`);
  const changed = filesUnchanged(parts.srcDir, r.files);
  if (changed) return miss(changed);
  let parsed: unknown;
  let order = r.order;
  try {
    // without the flat form kept, the tree is built from the file in pieces (less memory at once)
    const pieces = keepGraph ? undefined : decodeInPieces(r, afterRelease, withHelp);
    if (pieces) ({ parsed, order } = pieces);
    else {
      r.graph.val = valuesOf(r);
      parsed = decodeGraphNow(r.graph);
    }
  } catch (e) {
    return { miss: `damaged (${(e as Error).message})` };
  }
  if (!looksLikeParsedTree(parsed)) return { miss: 'damaged (not a parsed tree)' };
  // checked there: a permutation of the defined symbols, else worked out again when needed
  if (order instanceof Uint32Array) primeEvalOrder(parsed, order);
  try {
    const now = new Date();
    utimesSync(fileNameOf(dir, parts), now, now);
  } catch {
    /* used, not marked */
  }
  const files = r.files.map((f) => f.path);
  if (keepGraph) return { parsed, files, graph: r.graph, verified: got.verified };
  const g = r.graph;
  // hashed to the end first: these can go now
  checksumOf.get(r)?.finish();
  release([g.kind, g.len, g.shape, g.tag, g.val, r.valBytes, g.nums, r.order]);
  return { parsed, files, verified: got.verified };
}

/**
 * Stores the tree; `extraFiles` are read besides the Kconfig files (the top Makefile). `startedAt`
 * (Date.now() before the parse): a file modified after it is not trusted and nothing is stored.
 * Returns undefined when stored, else why not. Never throws.
 */
export function writeTreeCache(
  dir: string,
  parts: CacheKeyParts,
  parsed: ParsedTree,
  extraFiles: string[],
  startedAt: number,
  envReads: Set<string>,
  env: Record<string, string | undefined>,
  textOf?: (rel: string) => string | undefined,
): string | undefined {
  try {
    if (parsed.limitExceeded) return 'incomplete tree';
    const files = stampFiles(parts.srcDir, [...new Set([...extraFiles, ...parsed.files])], startedAt, textOf);
    if (typeof files === 'string') return files;
    const envUsed = [...envReads].sort().map((k): [string, string | null] => [k, env[k] ?? null]);
    const graph = encodeGraph(parsed);
    const helpFrom = stringsLast(graph, 'help');
    const body = v8.serialize({
      key: keyOf(parts),
      files,
      env: envUsed,
      graph: { ...graph, val: new Uint32Array(0) },
      valBytes: new Uint8Array(graph.val.buffer, graph.val.byteOffset, graph.val.byteLength),
      order: Uint32Array.from(evalOrder(parsed), (s) => s.id),
      helpFrom,
    } satisfies CacheBody);
    const file = fileNameOf(dir, parts);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      // written in pieces: no second copy of the body in memory
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        for (const piece of [MAGIC, createHash('sha256').update(body).digest(), body]) {
          for (let off = 0; off < piece.length;) off += writeSync(fd, piece, off);
        }
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* not written */
      }
      throw e;
    }
    prune(dir);
    return undefined;
  } catch (e) {
    return `not stored: ${(e as Error).message}`;
  }
}

/** Keeps the MAX_CACHE_FILES most recently used cache files (one per tree and engine build). */
function prune(dir: string): void {
  try {
    const files = readdirSync(dir)
      .filter((f) => /^[0-9a-f]{32}\.bin$/.test(f))
      .map((f) => {
        const p = nodePath.join(dir, f);
        try {
          return { p, t: statSync(p).mtimeMs };
        } catch {
          return { p, t: 0 };
        }
      })
      .sort((a, b) => b.t - a.t);
    for (const f of files.slice(MAX_CACHE_FILES))
      try {
        unlinkSync(f.p);
      } catch {
        /* gone */
      }
  } catch {
    /* nothing to prune */
  }
}

/** The cache file's path for these parts (tests). */
export function treeCacheFile(dir: string, parts: CacheKeyParts): string {
  return fileNameOf(dir, parts);
}

export { decodeGraph };
