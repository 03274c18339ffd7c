// The derived per-release tables (server/data/linux/params-<v>.json, written by
// scripts/derive-linux-params.ts from the kernel sources), read and decoded on first use into
// lookups by parameter name: a version's file is loaded only when a command line targets it.
// Names are keyed with '-' folded to '_' because the kernel compares them so.
import type { Arch } from '../core/types';

export type DefKind = 'setup' | 'early' | 'core' | 'module' | 'direct' | 'sysctl-alias';
export type BootReader = 'x86-setup' | 'x86-decompressor' | 'efi-stub' | 'arm64-early';

export interface Definition {
  /** The name as registered, with `=` when a __setup string has one. */
  raw: string;
  kind: DefKind;
  file: string;
  line: number;
  arches: Arch[];
  /** Kconfig symbols (without CONFIG_) that gate the code; `!X` = X must be off. */
  gates: string[];
  type?: string;
  default?: string;
}

export interface DocFact {
  line: number;
  takesValue: boolean;
  tags: string[];
  format?: string;
  deprecated: boolean;
  successor?: string;
}
export interface BootFact {
  reader: BootReader;
  file: string;
  line: number;
  arches: Arch[];
}

export interface ParamFacts {
  /** Display name: the registered or documented spelling, without `=`. */
  name: string;
  defs: Definition[];
  docs: DocFact[];
  boot: BootFact[];
}

export interface ReleaseTable {
  version: string;
  release: string;
  byName: Map<string, ParamFacts>;
  /** Module (prefix) names that have at least one built-in-capable parameter. */
  modules: Set<string>;
  commandLineSize: Partial<Record<Arch, { value: number; at: string }>>;
  initArgsLimit?: { value: number; at: string };
  docFile: string;
  /** Whose kernel-parameters.txt the documentation facts are, when not the release's own (3.2: "3.1.3 and 3.10.99"). */
  docRelease?: string;
  /** Console names (console=NAME<n>) the release's code registers, with the architectures that build it. */
  consoles: Map<string, Arch[]>;
}

interface RawTable {
  version: string;
  release: string;
  limits: Record<string, { value: number; at: string } | null | undefined>;
  files: string[];
  gates: string[];
  params: Array<Array<string | number>>;
  docs: Array<Array<string | number>>;
  boot: Array<Array<string | number>>;
  consoles?: Array<Array<string | number>>;
  docsFrom?: { rule: string; files: Array<{ release: string }> };
}

/* eslint-disable @typescript-eslint/no-require-imports -- each table is required on first use, so only the versions a document targets are read */
const LOADERS = {
  '3.1': () => require('../../data/linux/params-3.1.json'),
  // 3.2's tree has no Documentation/: its documentation facts are those that 3.1's and 3.10's share (docsFrom).
  '3.2': () => require('../../data/linux/params-3.2.json'),
  '3.10': () => require('../../data/linux/params-3.10.json'),
  '3.16': () => require('../../data/linux/params-3.16.json'),
  '3.18': () => require('../../data/linux/params-3.18.json'),
  '4.4': () => require('../../data/linux/params-4.4.json'),
  '4.9': () => require('../../data/linux/params-4.9.json'),
  '4.14': () => require('../../data/linux/params-4.14.json'),
  '4.19': () => require('../../data/linux/params-4.19.json'),
  '5.4': () => require('../../data/linux/params-5.4.json'),
  '5.10': () => require('../../data/linux/params-5.10.json'),
  '5.15': () => require('../../data/linux/params-5.15.json'),
  '6.1': () => require('../../data/linux/params-6.1.json'),
  '6.6': () => require('../../data/linux/params-6.6.json'),
  '6.12': () => require('../../data/linux/params-6.12.json'),
} satisfies Record<string, () => unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The release series with a derived table, oldest first. */
export const KNOWN_TABLES = Object.keys(LOADERS).sort((a, b) => seriesKey(a) - seriesKey(b)) as TableVersion[];
export type TableVersion = keyof typeof LOADERS;

function seriesKey(v: string): number {
  const [a, b] = v.split('.').map(Number);
  return a * 1000 + b;
}

const decoded = new Map<string, ReleaseTable>();

export function normName(name: string): string {
  // most names need no change: skip the two replacements (a table's decoding folds thousands of names)
  if (!name.includes('-') && !name.endsWith('=')) return name;
  return name.replace(/=$/, '').replace(/-/g, '_');
}

function arches(code: unknown): Arch[] {
  if (code === 'x') return ['x86_64'];
  if (code === 'a') return ['arm64'];
  return ['x86_64', 'arm64'];
}

const KINDS: Record<string, DefKind> = {
  s: 'setup',
  e: 'early',
  c: 'core',
  m: 'module',
  d: 'direct',
  y: 'sysctl-alias',
};

type ParamRow = [string, string, number, number, string?, number?, string?, string?];
type DocRow = [string, number, string, string?, string?, string?, string?];
type BootRow = [string, BootReader, number, number, string?];

/**
 * A table's facts by folded name, each built when first asked for: decoding all of a table's
 * thousands of rows up front was the largest part of the first diagnosis after the server starts.
 * Rows are numbered params, then docs, then boot; `heads` maps a name to its first row (in the order
 * names first appear, which is the map's order) and `next` chains the rest of its rows in order.
 */
class LazyFacts extends Map<string, ParamFacts> {
  private heads: Map<string, number> | undefined = new Map();
  private next: Int32Array;
  private tails: Int32Array;
  private readonly archLists = new Map<unknown, Arch[]>();
  private readonly gateLists: string[][] = [];
  constructor(private readonly t: RawTable) {
    super();
    const n = t.params.length + t.docs.length + t.boot.length;
    this.next = new Int32Array(n).fill(-1);
    this.tails = new Int32Array(n);
    const heads = this.heads!;
    const add = (name: string, row: number): void => {
      // `__setup("ring3mwait=disable", …)` registers a name with its only value: index the name.
      const eq = name.indexOf('=');
      const key = normName(eq > 0 ? name.slice(0, eq) : name);
      const h = heads.get(key);
      if (h === undefined) {
        heads.set(key, row);
        this.tails[row] = row;
      } else {
        this.next[this.tails[h]] = row;
        this.tails[h] = row;
      }
    };
    let row = 0;
    for (const r of t.params) add(r[0] as string, row++);
    for (const r of t.docs) add(r[0] as string, row++);
    for (const r of t.boot) add(r[0] as string, row++);
  }

  private archesOf(code: unknown): Arch[] {
    let a = this.archLists.get(code);
    if (!a) this.archLists.set(code, (a = arches(code)));
    return a;
  }

  private gatesOf(gate: number | undefined): string[] {
    if (!gate) return [];
    const g = (this.gateLists[gate] ??= (this.t.gates[gate - 1] ?? '').split(','));
    return g.length === 1 && g[0] === '' ? [] : g;
  }

  private build(head: number): ParamFacts {
    const t = this.t;
    const np = t.params.length;
    const nd = t.docs.length;
    let name: string | undefined;
    const f: ParamFacts = { name: '', defs: [], docs: [], boot: [] };
    for (let i = head; i >= 0; i = this.next[i]) {
      if (i < np) {
        const [raw, kind, file, line, arch, gate, type, def] = t.params[i] as ParamRow;
        name ??= raw;
        f.defs.push({
          raw,
          kind: KINDS[kind] ?? 'setup',
          file: t.files[file] ?? '?',
          line,
          arches: this.archesOf(arch),
          gates: this.gatesOf(gate),
          type: type || undefined,
          default: def || undefined,
        });
      } else if (i < np + nd) {
        const [raw, line, eq, tags, format, dep, succ] = t.docs[i - np] as DocRow;
        name ??= raw;
        f.docs.push({
          line,
          takesValue: eq === '=',
          tags: tags ? tags.split(',') : [],
          format: format || undefined,
          deprecated: dep === 'deprecated',
          successor: succ || undefined,
        });
      } else {
        const [raw, reader, file, line, arch] = t.boot[i - np - nd] as BootRow;
        name ??= raw;
        f.boot.push({ reader, file: t.files[file] ?? '?', line, arches: this.archesOf(arch) });
      }
    }
    const eq = name!.indexOf('=');
    f.name = eq > 0 ? name!.slice(0, eq) : name!;
    return f;
  }

  /** Builds every name's facts, in the order of `heads`; from then on this is a plain map. */
  private all(): void {
    const heads = this.heads;
    if (!heads) return;
    const built = new Map(super.entries());
    super.clear();
    for (const [k, h] of heads) super.set(k, built.get(k) ?? this.build(h));
    this.heads = undefined;
  }

  override get(key: string): ParamFacts | undefined {
    const v = super.get(key);
    if (v || !this.heads) return v;
    const h = this.heads.get(key);
    if (h === undefined) return undefined;
    const f = this.build(h);
    super.set(key, f);
    return f;
  }
  override has(key: string): boolean {
    return this.heads ? this.heads.has(key) : super.has(key);
  }
  override get size(): number {
    return this.heads ? this.heads.size : super.size;
  }
  override set(key: string, value: ParamFacts): this {
    this.all();
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.all();
    return super.delete(key);
  }
  override clear(): void {
    this.heads = undefined;
    super.clear();
  }
  override forEach(
    cb: (value: ParamFacts, key: string, map: Map<string, ParamFacts>) => void,
    thisArg?: unknown,
  ): void {
    this.all();
    super.forEach(cb, thisArg);
  }
  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }
  override values(): MapIterator<ParamFacts> {
    this.all();
    return super.values();
  }
  override entries(): MapIterator<[string, ParamFacts]> {
    this.all();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, ParamFacts]> {
    return this.entries();
  }
}

function decode(t: RawTable): ReleaseTable {
  const byName = new LazyFacts(t);
  const modules = new Set<string>();
  for (const r of t.params) {
    if (r[1] !== 'm') continue;
    const name = r[0] as string;
    const dot = name.indexOf('.');
    if (dot > 0) modules.add(normName(name.slice(0, dot)));
  }
  const consoles = new Map<string, Arch[]>();
  for (const [name, , , arch] of t.consoles ?? []) {
    const had = consoles.get(name as string) ?? [];
    consoles.set(name as string, [...new Set([...had, ...arches(arch)])]);
  }
  const lim = (k: string) => t.limits[k] ?? undefined;
  const docFile =
    t.files.find((f) => f.endsWith('kernel-parameters.txt')) ?? 'Documentation/admin-guide/kernel-parameters.txt';
  return {
    version: t.version,
    release: t.release,
    byName,
    modules,
    commandLineSize: { x86_64: lim('commandLineSize_x86_64'), arm64: lim('commandLineSize_arm64') },
    initArgsLimit: lim('initArgsAndEnvs'),
    docFile,
    ...(t.docsFrom ? { docRelease: t.docsFrom.files.map((f) => f.release).join(' and ') } : {}),
    consoles,
  };
}

export function releaseTable(v: TableVersion): ReleaseTable {
  let t = decoded.get(v);
  if (!t) {
    t = decode(LOADERS[v]() as RawTable);
    decoded.set(v, t);
  }
  return t;
}

/** The release tables decoded so far (for tests of the lazy loading). */
export function loadedTables(): string[] {
  return [...decoded.keys()].filter((k) => !k.includes('+'));
}

/**
 * The tables that judge a release series: its own when derived; else the derived series on
 * either side of it (both, for a version between two), or the nearest one beyond the ends.
 */
export function tablesFor(version: readonly number[]): { exact?: TableVersion; around: TableVersion[] } {
  const key = version[0] * 1000 + (version[1] ?? 0);
  const exact = KNOWN_TABLES.find((t) => seriesKey(t) === key);
  if (exact) return { exact, around: [exact] };
  const below = KNOWN_TABLES.filter((t) => seriesKey(t) < key).pop();
  const above = KNOWN_TABLES.find((t) => seriesKey(t) > key);
  return { around: [below, above].filter((t): t is TableVersion => t !== undefined) };
}

/**
 * One table for a version between two derived releases that reports only what both agree on: a
 * name is known when either release registers it (so "unknown" needs both), its definitions are
 * those of both (so "only on another architecture" and "needs a value" need both), a value type
 * is kept only where both releases give the same one, and the command-line limits are the larger.
 */
export function agreedTable(a: TableVersion, b: TableVersion): ReleaseTable {
  const key = `${a}+${b}`;
  let t = decoded.get(key);
  if (t) return t;
  const ta = releaseTable(a);
  const tb = releaseTable(b);
  const byName = new Map<string, ParamFacts>();
  for (const [k, fa] of ta.byName)
    byName.set(k, { name: fa.name, defs: [...fa.defs], docs: [...fa.docs], boot: [...fa.boot] });
  for (const [k, fb] of tb.byName) {
    const fa = byName.get(k);
    if (!fa) {
      byName.set(k, { name: fb.name, defs: [...fb.defs], docs: [...fb.docs], boot: [...fb.boot] });
      continue;
    }
    const typesA = new Set(fa.defs.map((d) => d.type ?? ''));
    const typesB = new Set(fb.defs.map((d) => d.type ?? ''));
    const sameTypes = typesA.size === typesB.size && [...typesA].every((x) => typesB.has(x));
    fa.defs = [...fa.defs, ...fb.defs].map((d) => (sameTypes ? d : { ...d, type: undefined, default: undefined }));
    // Documentation facts (tags, deprecation) only where both releases' files carry the entry.
    fa.docs = fa.docs.length && fb.docs.length ? fa.docs : [];
    fa.boot = [...fa.boot, ...fb.boot];
  }
  for (const [k, f] of byName) if (!ta.byName.has(k) || !tb.byName.has(k)) f.docs = [];
  const larger = (x?: { value: number; at: string }, y?: { value: number; at: string }) =>
    !x ? y : !y ? x : y.value > x.value ? y : x;
  t = {
    version: `${ta.version} and ${tb.version}`,
    release: `${ta.release} and ${tb.release}`,
    byName,
    modules: new Set([...ta.modules, ...tb.modules]),
    commandLineSize: {
      x86_64: larger(ta.commandLineSize.x86_64, tb.commandLineSize.x86_64),
      arm64: larger(ta.commandLineSize.arm64, tb.commandLineSize.arm64),
    },
    initArgsLimit: larger(ta.initArgsLimit, tb.initArgsLimit),
    docFile: tb.docFile,
    consoles: new Map(
      [...new Set([...ta.consoles.keys(), ...tb.consoles.keys()])].map((n) => [
        n,
        [...new Set([...(ta.consoles.get(n) ?? []), ...(tb.consoles.get(n) ?? [])])],
      ]),
    ),
  };
  decoded.set(key, t);
  return t;
}

/** The derived release series whose code registers `norm` (a folded name) on `arch`, oldest first. */
export function seriesRegistering(norm: string, arch: Arch): TableVersion[] {
  return KNOWN_TABLES.filter(
    (v) =>
      releaseTable(v)
        .byName.get(norm)
        ?.defs.some((d) => d.arches.includes(arch)) ?? false,
  );
}
