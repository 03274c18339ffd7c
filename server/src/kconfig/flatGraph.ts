// A compact, flat form of a parsed tree's object graph (plain objects, arrays, Maps, Sets and
// primitives, shared references and cycles kept), for the parsed-tree cache and for handing a tree
// from the worker thread to the language server.
//
// Why not v8.serialize on the graph itself: it recurses, and a kernel tree's graph (menus → parent
// → children → symbols → props → menus …) overflows its stack. Here every object becomes a row of
// typed arrays; strings are interned once (a file name appears in thousands of locations). The
// encoder and the decoder are iterative, and the decoder works in slices (a generator), so a
// thread can rebuild a tree between other work. Decoding is data only: nothing of the input is
// ever called or used as a prototype, and every index is checked against its table; a malformed
// input throws FlatGraphError.

export class FlatGraphError extends Error {}

export interface FlatGraph {
  /** Interned strings. */
  strings: string[];
  /** Property-name lists of the objects (a "shape"). */
  shapes: string[][];
  /** Per node: 0 object, 1 array, 2 Map, 3 Set. */
  kind: Uint8Array;
  /** Per node: number of slots (object: values in shape order; Map: key, value pairs). */
  len: Uint32Array;
  /** Per node: shape index for objects, 0 otherwise. */
  shape: Uint32Array;
  /** Per slot: 0 undefined, 1 null, 2 false, 3 true, 4 number, 5 string (index), 6 node (index). */
  tag: Uint8Array;
  num: Float64Array;
}

const OBJ = 0,
  ARR = 1,
  MAP = 2,
  SET = 3;

/** Flattens the graph from `root` (node 0). Throws on a value it cannot keep exactly (class instance, function, symbol, bigint). */
export function encodeGraph(root: object): FlatGraph {
  const ids = new Map<object, number>();
  const order: object[] = [];
  const strIds = new Map<string, number>();
  const strings: string[] = [];
  interface Trie {
    next: Map<string, Trie>;
    id: number;
  }
  const shapeRoot: Trie = { next: new Map(), id: -1 };
  const shapes: string[][] = [];
  const kinds: number[] = [];
  const lens: number[] = [];
  const shapeOf: number[] = [];
  let tags = new Uint8Array(1 << 16);
  let nums = new Float64Array(1 << 16);
  let nSlots = 0;
  const push = (t: number, v: number): void => {
    if (nSlots === tags.length) {
      const t2 = new Uint8Array(tags.length * 2);
      t2.set(tags);
      tags = t2;
      const n2 = new Float64Array(nums.length * 2);
      n2.set(nums);
      nums = n2;
    }
    tags[nSlots] = t;
    nums[nSlots++] = v;
  };

  const nodeId = (o: object): number => {
    let id = ids.get(o);
    if (id === undefined) {
      id = order.length;
      ids.set(o, id);
      order.push(o);
    }
    return id;
  };
  const slot = (v: unknown): void => {
    switch (typeof v) {
      case 'undefined':
        push(0, 0);
        return;
      case 'boolean':
        push(v ? 3 : 2, 0);
        return;
      case 'number':
        push(4, v);
        return;
      case 'string': {
        let s = strIds.get(v);
        if (s === undefined) {
          s = strings.length;
          strIds.set(v, s);
          strings.push(v);
        }
        push(5, s);
        return;
      }
      case 'object':
        if (v === null) {
          push(1, 0);
          return;
        }
        push(6, nodeId(v));
        return;
      default:
        throw new FlatGraphError(`cannot keep a ${typeof v}`);
    }
  };
  nodeId(root);
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!;
    if (Array.isArray(o)) {
      if (Object.getPrototypeOf(o) !== Array.prototype) throw new FlatGraphError('an array subclass');
      kinds.push(ARR);
      lens.push(o.length);
      shapeOf.push(0);
      for (let j = 0; j < o.length; j++) slot(o[j]);
    } else if (o instanceof Map) {
      if (Object.getPrototypeOf(o) !== Map.prototype) throw new FlatGraphError('a Map subclass');
      kinds.push(MAP);
      lens.push(o.size * 2);
      shapeOf.push(0);
      for (const [k, v] of o) {
        slot(k);
        slot(v);
      }
    } else if (o instanceof Set) {
      if (Object.getPrototypeOf(o) !== Set.prototype) throw new FlatGraphError('a Set subclass');
      kinds.push(SET);
      lens.push(o.size);
      shapeOf.push(0);
      for (const v of o) slot(v);
    } else {
      if (Object.getPrototypeOf(o) !== Object.prototype)
        throw new FlatGraphError(
          `an instance of ${(o as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}`,
        );
      const keys = Object.keys(o);
      let tn = shapeRoot;
      for (const k of keys) {
        let nx = tn.next.get(k);
        if (!nx) tn.next.set(k, (nx = { next: new Map(), id: -1 }));
        tn = nx;
      }
      if (tn.id < 0) {
        tn.id = shapes.length;
        shapes.push(keys);
      }
      const sh = tn.id;
      kinds.push(OBJ);
      lens.push(keys.length);
      shapeOf.push(sh);
      const rec = o as Record<string, unknown>;
      for (const k of keys) slot(rec[k]);
    }
  }
  return {
    strings,
    shapes,
    kind: Uint8Array.from(kinds),
    len: Uint32Array.from(lens),
    shape: Uint32Array.from(shapeOf),
    tag: tags.slice(0, nSlots),
    num: nums.slice(0, nSlots),
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Checks the tables' shapes and bounds before anything is built from them. */
function* checkTables(g: FlatGraph, slice: number): Generator<void, void, void> {
  const isArr = (a: unknown, C: new (...a: never[]) => unknown): boolean => a instanceof C;
  if (!g || typeof g !== 'object') throw new FlatGraphError('not a graph');
  if (!Array.isArray(g.strings) || !Array.isArray(g.shapes)) throw new FlatGraphError('bad tables');
  if (
    !isArr(g.kind, Uint8Array) ||
    !isArr(g.len, Uint32Array) ||
    !isArr(g.shape, Uint32Array) ||
    !isArr(g.tag, Uint8Array) ||
    !isArr(g.num, Float64Array)
  ) {
    throw new FlatGraphError('bad tables');
  }
  const n = g.kind.length;
  if (n === 0 || g.len.length !== n || g.shape.length !== n || g.tag.length !== g.num.length)
    throw new FlatGraphError('tables of different lengths');
  for (const s of g.strings) if (typeof s !== 'string') throw new FlatGraphError('a string that is not one');
  for (const sh of g.shapes) {
    if (!Array.isArray(sh)) throw new FlatGraphError('bad shape');
    for (const k of sh)
      if (typeof k !== 'string' || FORBIDDEN_KEYS.has(k)) throw new FlatGraphError('bad property name');
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = g.kind[i]!;
    if (k > SET) throw new FlatGraphError('bad node kind');
    if (k === OBJ && (g.shape[i]! >= g.shapes.length || g.shapes[g.shape[i]!]!.length !== g.len[i]))
      throw new FlatGraphError('bad object shape');
    if (k === MAP && g.len[i]! % 2) throw new FlatGraphError('bad Map');
    total += g.len[i]!;
  }
  if (total !== g.tag.length) throw new FlatGraphError('slot count mismatch');
  for (let j = 0; j < total; j++) {
    if (j % slice === slice - 1) yield;
    const t = g.tag[j]!,
      v = g.num[j]!;
    if (t > 6) throw new FlatGraphError('bad slot tag');
    if (
      (t === 5 && !(Number.isInteger(v) && v >= 0 && v < g.strings.length)) ||
      (t === 6 && !(Number.isInteger(v) && v >= 0 && v < n))
    ) {
      throw new FlatGraphError('slot index out of bounds');
    }
  }
}

/**
 * Rebuilds the graph; yields after about every `slice` slots so a caller can spread the work.
 * Returns node 0. Throws FlatGraphError on malformed input.
 */
export function* decodeGraph(g: FlatGraph, slice = 50_000): Generator<void, unknown, void> {
  yield* checkTables(g, slice);
  yield;
  const n = g.kind.length;
  const nodes: unknown[] = new Array(n);
  // Objects are copies of one template per shape, made by JSON.parse (data, never code): an object
  // given its properties one by one by name turns into a slow dictionary past a dozen of them (a
  // symbol has ~20), and every evaluation after a warm start paid for it (evalOrder 3× slower).
  const templates: Array<object | undefined> = new Array(g.shapes.length);
  const templateOf = (sh: number): object =>
    (templates[sh] ??= JSON.parse(`{${g.shapes[sh]!.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`) as object);
  for (let i = 0; i < n; i++) {
    const k = g.kind[i]!;
    nodes[i] =
      k === OBJ ? { ...templateOf(g.shape[i]!) } : k === ARR ? new Array(g.len[i]!) : k === MAP ? new Map() : new Set();
    if (i % slice === slice - 1) yield;
  }
  const { tag, num, strings, shapes } = g;
  const val = (j: number): unknown => {
    switch (tag[j]) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return false;
      case 3:
        return true;
      case 4:
        return num[j];
      case 5:
        return strings[num[j]!];
      default:
        return nodes[num[j]!];
    }
  };
  let j = 0;
  let done = 0;
  for (let i = 0; i < n; i++) {
    const k = g.kind[i]!,
      len = g.len[i]!;
    const o = nodes[i];
    if (k === OBJ) {
      const keys = shapes[g.shape[i]!]!;
      const rec = o as Record<string, unknown>;
      for (let s = 0; s < len; s++) rec[keys[s]!] = val(j++);
    } else if (k === ARR) {
      const a = o as unknown[];
      for (let s = 0; s < len; s++) a[s] = val(j++);
    } else if (k === MAP) {
      const m = o as Map<unknown, unknown>;
      for (let s = 0; s < len; s += 2) {
        const key = val(j++);
        m.set(key, val(j++));
      }
    } else {
      const st = o as Set<unknown>;
      for (let s = 0; s < len; s++) st.add(val(j++));
    }
    done += len + 1;
    if (done >= slice) {
      done = 0;
      yield;
    }
  }
  return nodes[0];
}

/** decodeGraph in one go. */
export function decodeGraphNow(g: FlatGraph): unknown {
  const it = decodeGraph(g, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}
