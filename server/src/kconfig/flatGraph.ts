// A compact, flat form of a parsed tree's object graph (plain objects, arrays, Maps, Sets and
// primitives, shared references and cycles kept; all empty arrays become one frozen empty array),
// for the parsed-tree cache and for handing a tree
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
  /**
   * Per slot: 0 undefined, 1 null, 2 false, 3 true, 4 number (in `nums`, index in `val`), 5 string
   * (index in `val`), 6 node (index in `val`), 7 a whole number from 0 to 2³²−1 (in `val`).
   */
  tag: Uint8Array;
  val: Uint32Array;
  /** Numbers that are not small whole numbers (rare: line numbers and ids are). */
  nums: Float64Array;
}

const OBJ = 0,
  ARR = 1,
  MAP = 2,
  SET = 3;

interface Trie {
  next: Map<string, Trie>;
  id: number;
}

/** Flattens the graph from `root` (node 0). Throws on a value it cannot keep exactly (class instance, function, symbol, bigint). */
export function encodeGraph(root: object): FlatGraph {
  // one pass over the nodes in the order they are first met; no closures over the growing
  // tables (this runs on a cold load's critical path: ~1.2 million slots for a kernel tree)
  const ids = new Map<object, number>([[root, 0]]);
  const order: object[] = [root];
  const strIds = new Map<string, number>();
  const strings: string[] = [];
  const shapeRoot: Trie = { next: new Map(), id: -1 };
  const shapes: string[][] = [];
  let kinds = new Uint8Array(1 << 14);
  let lens = new Uint32Array(1 << 14);
  let shapeOf = new Uint32Array(1 << 14);
  let tags = new Uint8Array(1 << 16);
  let vals = new Uint32Array(1 << 16);
  const nums: number[] = [];
  let nSlots = 0;
  const values: unknown[] = [];
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!;
    if (i === kinds.length) {
      kinds = grow(kinds, new Uint8Array(i * 2));
      lens = grow(lens, new Uint32Array(i * 2));
      shapeOf = grow(shapeOf, new Uint32Array(i * 2));
    }
    values.length = 0;
    if (Array.isArray(o)) {
      if (Object.getPrototypeOf(o) !== Array.prototype) throw new FlatGraphError('an array subclass');
      kinds[i] = ARR;
      for (let j = 0; j < o.length; j++) values.push(o[j]);
    } else if (o instanceof Map) {
      if (Object.getPrototypeOf(o) !== Map.prototype) throw new FlatGraphError('a Map subclass');
      kinds[i] = MAP;
      for (const [k, v] of o) values.push(k, v);
    } else if (o instanceof Set) {
      if (Object.getPrototypeOf(o) !== Set.prototype) throw new FlatGraphError('a Set subclass');
      kinds[i] = SET;
      for (const v of o) values.push(v);
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
      kinds[i] = OBJ;
      shapeOf[i] = tn.id;
      const rec = o as Record<string, unknown>;
      for (const k of keys) values.push(rec[k]);
    }
    const n = values.length;
    lens[i] = n;
    if (nSlots + n > tags.length) {
      const size = Math.max(tags.length * 2, nSlots + n);
      tags = grow(tags, new Uint8Array(size));
      vals = grow(vals, new Uint32Array(size));
    }
    for (let j = 0; j < n; j++, nSlots++) {
      const v = values[j];
      switch (typeof v) {
        case 'undefined':
          tags[nSlots] = 0;
          break;
        case 'boolean':
          tags[nSlots] = v ? 3 : 2;
          break;
        case 'number':
          if (v >>> 0 === v && (v !== 0 || 1 / v > 0)) {
            tags[nSlots] = 7;
            vals[nSlots] = v;
          } else {
            tags[nSlots] = 4;
            vals[nSlots] = nums.length;
            nums.push(v);
          }
          break;
        case 'string': {
          let s = strIds.get(v);
          if (s === undefined) {
            s = strings.length;
            strIds.set(v, s);
            strings.push(v);
          }
          tags[nSlots] = 5;
          vals[nSlots] = s;
          break;
        }
        case 'object': {
          if (v === null) {
            tags[nSlots] = 1;
            break;
          }
          let id = ids.get(v);
          if (id === undefined) {
            id = order.length;
            ids.set(v, id);
            order.push(v);
          }
          tags[nSlots] = 6;
          vals[nSlots] = id;
          break;
        }
        default:
          throw new FlatGraphError(`cannot keep a ${typeof v}`);
      }
    }
  }
  const n = order.length;
  return {
    strings,
    shapes,
    kind: kinds.slice(0, n),
    len: lens.slice(0, n),
    shape: shapeOf.slice(0, n),
    tag: tags.slice(0, nSlots),
    val: vals.slice(0, nSlots),
    nums: Float64Array.from(nums),
  };
}

/**
 * Moves the strings used only as values of property `key` to the end of g.strings (every slot
 * that names one renumbered): a decoder that leaves `key` out (decodeGraph's `omit`) can then drop
 * those strings before it builds anything. Returns the index of the first of them.
 */
export function stringsLast(g: FlatGraph, key: string): number {
  const nStr = g.strings.length;
  // per string: 1 used as a value of `key`, 2 used otherwise
  const use = new Uint8Array(nStr);
  const keyAt = g.shapes.map((sh) => sh.indexOf(key));
  for (let i = 0, j = 0; i < g.kind.length; j += g.len[i]!, i++) {
    const at = g.kind[i] === OBJ ? keyAt[g.shape[i]!]! : -1;
    for (let s = 0; s < g.len[i]!; s++) if (g.tag[j + s] === 5) use[g.val[j + s]!] |= s === at ? 1 : 2;
  }
  const newId = new Uint32Array(nStr);
  const first: string[] = [];
  const last: string[] = [];
  for (let i = 0; i < nStr; i++) if (use[i] !== 1) newId[i] = first.push(g.strings[i]!) - 1;
  for (let i = 0; i < nStr; i++) if (use[i] === 1) newId[i] = first.length + last.push(g.strings[i]!) - 1;
  for (let j = 0; j < g.tag.length; j++) if (g.tag[j] === 5) g.val[j] = newId[g.val[j]!]!;
  g.strings = [...first, ...last];
  return first.length;
}

/**
 * The strings as one text and where each ends: what a thread sends another instead of the array
 * (receiving ~50,000 strings of a kernel tree blocked the receiving thread ~30 ms; one long string
 * and a typed array are copied at once).
 */
export interface PackedStrings {
  text: string;
  ends: Uint32Array;
}

export function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let at = 0;
  for (let i = 0; i < strings.length; i++) ends[i] = at += strings[i]!.length;
  return { text: strings.join(''), ends };
}

/** The strings again, yielding after every `slice` of them. Throws FlatGraphError when the ends do not fit the text. */
export function* unpackStrings(p: PackedStrings, slice = 10_000): Generator<void, string[], void> {
  if (typeof p?.text !== 'string' || !(p.ends instanceof Uint32Array)) throw new FlatGraphError('bad strings');
  const out: string[] = new Array(p.ends.length);
  let from = 0;
  for (let i = 0; i < p.ends.length; i++) {
    const end = p.ends[i]!;
    if (end < from || end > p.text.length) throw new FlatGraphError('bad strings');
    out[i] = p.text.slice(from, end);
    from = end;
    if (i % slice === slice - 1) yield;
  }
  if (from !== p.text.length) throw new FlatGraphError('bad strings');
  return out;
}

function grow<T extends Uint8Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The slots (tag and val) read in pieces instead of from g.tag/g.val, e.g. from a file, so that a
 * large graph's slot tables are never all in memory. `window(j)` gives the slots from j on (at least
 * one while j < count).
 */
export interface SlotSource {
  count: number;
  window(j: number): { tag: Uint8Array; val: Uint32Array };
}

/** Checks the tables' shapes and bounds before anything is built from them. */
function* checkTables(g: FlatGraph, slots?: SlotSource, slice = 50_000): Generator<void, void, void> {
  const isArr = (a: unknown, C: new (...a: never[]) => unknown): boolean => a instanceof C;
  if (!g || typeof g !== 'object') throw new FlatGraphError('not a graph');
  if (!Array.isArray(g.strings) || !Array.isArray(g.shapes)) throw new FlatGraphError('bad tables');
  if (
    !isArr(g.kind, Uint8Array) ||
    !isArr(g.len, Uint32Array) ||
    !isArr(g.shape, Uint32Array) ||
    !isArr(g.tag, Uint8Array) ||
    !isArr(g.val, Uint32Array) ||
    !isArr(g.nums, Float64Array)
  ) {
    throw new FlatGraphError('bad tables');
  }
  const n = g.kind.length;
  if (n === 0 || g.len.length !== n || g.shape.length !== n || (!slots && g.tag.length !== g.val.length))
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
    if (i % slice === slice - 1) yield;
  }
  if (total !== (slots ? slots.count : g.tag.length)) throw new FlatGraphError('slot count mismatch');
  // each slot's tag and index are checked where the decoder reads it (one pass, not two)
  yield;
}

type ShapeMaker = new () => object;

/**
 * A constructor of plain objects (prototype Object.prototype) with these properties, all null. An
 * object given its properties one by one by name turns into a slow dictionary past a dozen of them
 * (a symbol has ~20: every evaluation after a warm start paid for it), and a copy of a template
 * keeps only 4 in the object itself, the rest in a second array. Objects a constructor makes are
 * sized by V8 to the properties they end up with, all in the object (−3 MB of a kernel tree's
 * heap); V8 starts from the number of `this.x =` in the body plus 8, hence the assignments that
 * never run: room for 32 before the objects are trimmed to size. The keys are data (checked
 * against FORBIDDEN_KEYS); nothing of the input is run.
 */
function shapeMaker(keys: readonly string[]): ShapeMaker {
  function Shape(this: Record<string, unknown>): void {
    if (keys.length < 0) {
      // never runs (see above)
      this.a0 = this.a1 = this.a2 = this.a3 = this.a4 = this.a5 = this.a6 = this.a7 = 0;
      this.a8 = this.a9 = this.a10 = this.a11 = this.a12 = this.a13 = this.a14 = this.a15 = 0;
      this.a16 = this.a17 = this.a18 = this.a19 = this.a20 = this.a21 = this.a22 = this.a23 = 0;
    }
    for (let i = 0; i < keys.length; i++) this[keys[i]!] = null;
  }
  Shape.prototype = Object.prototype;
  return Shape as unknown as ShapeMaker;
}

/**
 * Rebuilds the graph; yields after about every `slice` slots so a caller can spread the work.
 * Returns node 0. Throws FlatGraphError on malformed input.
 */
export function* decodeGraph(
  g: FlatGraph,
  slice = 50_000,
  slots?: SlotSource,
  /** A property left out of every object (undefined): its slots are not read. */
  omit?: string,
): Generator<void, unknown, void> {
  yield* checkTables(g, slots, slice);
  yield;
  const n = g.kind.length;
  const nodes: unknown[] = new Array(n);
  const makers: Array<ShapeMaker | undefined> = new Array(g.shapes.length);
  // every empty list is this one (a kernel tree has ~51,000: symbols that select nothing, menus
  // without entries); frozen, so that code growing one fails at once instead of growing them all
  const empty = Object.freeze([]) as unknown as unknown[];
  for (let i = 0; i < n; i++) {
    const k = g.kind[i]!;
    nodes[i] =
      k === OBJ
        ? new (makers[g.shape[i]!] ??= shapeMaker(g.shapes[g.shape[i]!]!))()
        : k === ARR
          ? g.len[i]
            ? new Array(g.len[i]!)
            : empty
          : k === MAP
            ? new Map()
            : new Set();
    if (i % slice === slice - 1) yield;
  }
  const { nums, strings, shapes } = g;
  const nStrings = strings.length,
    nNums = nums.length;
  const outOfBounds = (): never => {
    throw new FlatGraphError('slot index out of bounds');
  };
  // the slots in view: all of them, or the window of a SlotSource that holds slot j (from `base`)
  let tag = g.tag,
    val = g.val,
    base = 0,
    end = slots ? 0 : g.tag.length;
  const into = (j: number): number => {
    if (j >= end) {
      if (!slots || j >= slots.count) outOfBounds();
      const w = slots!.window(j);
      if (!w.tag.length || w.val.length !== w.tag.length) throw new FlatGraphError('slots cut short');
      tag = w.tag;
      val = w.val;
      base = j;
      end = j + w.tag.length;
    }
    return j - base;
  };
  const value = (jj: number): unknown => {
    const j = into(jj);
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
        return val[j]! < nNums ? nums[val[j]!] : outOfBounds();
      case 5:
        return val[j]! < nStrings ? strings[val[j]!] : outOfBounds();
      case 6:
        return val[j]! < n ? nodes[val[j]!] : outOfBounds();
      case 7:
        return val[j];
      default:
        throw new FlatGraphError('bad slot tag');
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
      for (let s = 0; s < len; s++) {
        const key = keys[s]!;
        if (key === omit) {
          rec[key] = undefined;
          j++;
        } else rec[key] = value(j++);
      }
    } else if (k === ARR) {
      const a = o as unknown[];
      for (let s = 0; s < len; s++) a[s] = value(j++);
    } else if (k === MAP) {
      const m = o as Map<unknown, unknown>;
      for (let s = 0; s < len; s += 2) {
        const key = value(j++);
        m.set(key, value(j++));
      }
    } else {
      const st = o as Set<unknown>;
      for (let s = 0; s < len; s++) st.add(value(j++));
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
export function decodeGraphNow(g: FlatGraph, slots?: SlotSource, omit?: string): unknown {
  const it = decodeGraph(g, Number.MAX_SAFE_INTEGER, slots, omit);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}
