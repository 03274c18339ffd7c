// Derives server/data/kernel/symbols.json and symbols-<version>.json: every Kconfig symbol of the
// bundled Linux release lines for x86_64 and (from 3.7) arm64 — name, type, which version/arch
// slots define it, which give it a prompt, which select it, which default it on, and where it is
// defined.
//
// Usage: node --import tsx scripts/derive-kernel-symbols.ts [--out-dir DIR]
//   Trees come from scripts/kernel-trees.ts: Debian's 6.1/6.12 at <root>/linux-<v>
//   (scripts/prepare-kernel-trees.sh) and single-release snapshots at <root>/mainline/linux-<v>
//   (scripts/prepare-mainline-trees.sh, which lists the repository and commit of each).
//
// Layout (server/data/kernel/README.md): symbols.json is the index every request needs — each
// symbol's type per slot and presence mask over all slots, its newest defining file and line;
// symbols-<v>.json holds what only a file judged against <v> needs — per-arch prompt / select /
// default-on flags, the defining file where it differs from the index's, and for 6.1/6.12 which
// symbols only Debian's or only the mainline tree has. A 6.1/6.12 slot is the union of Debian's
// tree and the mainline snapshot, so no mainline symbol is ever "unknown" there.
//
// The scan is syntactic and deliberately simple: starting at the tree's top `Kconfig` with
// SRCARCH set for the architecture, it follows every `source`/`rsource`/`osource`/`orsource`
// (whether or not it sits inside an `if` block), reads `config`/`menuconfig` entries, their
// type (bool, tristate, int, hex, string, def_bool, def_tristate), whether they have a prompt,
// and `select` statements; help texts are skipped by indentation like the kernel's lexer does.
// Output is deterministic: symbols and files sorted, no timestamps.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preparedTree, treesRoot } from './kernel-trees';

const mainlineTree = (v: string): string => path.join(treesRoot(), 'mainline', `linux-${v}`);

/** Release lines, oldest first. Slots = versions × arches must stay ≤ 31 (32-bit masks). */
export const VERSIONS = [
  '3.1',
  '3.2',
  '3.10',
  '3.16',
  '3.18',
  '4.4',
  '4.9',
  '4.14',
  '4.19',
  '5.4',
  '5.10',
  '5.15',
  '6.1',
  '6.6',
  '6.12',
] as const;
/** Lines for which Debian's tree is used too (scripts/prepare-kernel-trees.sh). */
export const DEBIAN_LINES = ['6.1', '6.12'] as const;
export const ARCHES = [
  { name: 'x86_64', srcarch: 'x86' },
  { name: 'arm64', srcarch: 'arm64' },
] as const;

import { dependsParts, dependsText, scanTree, type Def, type TypeCode } from './derive-linux/kconfigScan';
export { dependsParts, dependsText, scanTree, type TypeCode };

/** Where a release line's facts come from. */
export interface ReleaseSource {
  version: string;
  /** A single-release snapshot (scripts/prepare-mainline-trees.sh). */
  mainline?: { repository: string; commit: string; release: string };
  /** Debian's linux-source package (scripts/prepare-kernel-trees.sh). */
  debian?: { package: string; version: string; sha256: string };
}

/** symbols.json: what every request needs. */
export interface SymbolIndex {
  $schema: string;
  origin: string;
  /** Slot i (bit 1<<i) is versions[floor(i / arches.length)] × arches[i % arches.length]. */
  versions: string[];
  arches: string[];
  releases: ReleaseSource[];
  types: TypeCode[];
  /** Per-slot type digits (slot 0 first) of symbols whose type differs between slots. */
  typeVariants: string[];
  files: string[];
  /** name → [type (index into types, or 10 + index into typeVariants), presentMask, fileIndex, line]. Names sorted. */
  symbols: Record<string, [number, number, number, number]>;
}

/** symbols-<v>.json: what only a file judged against one release line needs. */
export interface VersionDetail {
  $schema: string;
  origin: string;
  version: string;
  /**
   * Per arch, one character per symbol of the index (in its order): '-' when the slot does not
   * define it, else a digit 0-7 = prompt (1) | selected by some `select` (2) | first default y/m (4).
   */
  flags: Record<string, string>;
  /** Defining file (index into the index's files) where it differs from the index's. */
  files: Record<string, number>;
  /** 6.1 / 6.12: symbols only one of the two trees merged into this line defines. */
  debian?: { onlyDebian: string[]; onlyMainline: string[] };
}

export interface Derived {
  index: SymbolIndex;
  details: VersionDetail[];
  depends: DependsFile;
}

interface SlotScan {
  defs: Map<string, Def[]>;
  selected: Set<string>;
}

interface TreeRef {
  dir: string;
  mainline?: ReleaseSource['mainline'];
  debian?: ReleaseSource['debian'];
}

/** The trees behind each release line (from the prepared trees' .source.json). */
export function locateTrees(): Map<string, TreeRef[]> {
  const out = new Map<string, TreeRef[]>();
  for (const v of VERSIONS) {
    const refs: TreeRef[] = [];
    const m = mainlineTree(v);
    const ms = mainlineSource(m);
    if (ms) refs.push({ dir: m, mainline: ms });
    if ((DEBIAN_LINES as readonly string[]).includes(v)) {
      const d = preparedTree(v);
      if (!('missing' in d)) refs.push({ dir: d.dir, debian: d.source });
    }
    out.set(v, refs);
  }
  return out;
}

function mainlineSource(dir: string): ReleaseSource['mainline'] | undefined {
  try {
    if (!fs.existsSync(path.join(dir, '.extracted')) && !fs.existsSync(path.join(dir, '.kconfig-extracted')))
      return undefined;
    const s = JSON.parse(fs.readFileSync(path.join(dir, '.source.json'), 'utf8')) as {
      repository?: string;
      commit?: string;
      release?: string;
    };
    if (s.repository && s.commit && s.release)
      return { repository: s.repository, commit: s.commit, release: s.release };
  } catch {
    /* not prepared */
  }
  return undefined;
}

const FLAG_ABSENT = '-';

export function derive(
  trees: Map<string, TreeRef[]> = locateTrees(),
  log: (s: string) => void = () => undefined,
): Derived {
  const types: TypeCode[] = ['', 'bool', 'tristate', 'int', 'hex', 'string'];
  const versions = VERSIONS.filter((v) => (trees.get(v) ?? []).length > 0);
  const nSlots = versions.length * ARCHES.length;
  if (nSlots > 31) throw new Error(`${nSlots} slots do not fit a 32-bit mask`);
  interface Acc {
    typeBy: TypeCode[];
    present: number;
    flags: number[];
    fileBy: string[];
    /** Per slot: [enclosing, own] halves of the text; several definitions put their alternatives in own. */
    depBy: Array<[string, string] | undefined>;
    newest?: { file: string; line: number };
  }
  const acc = new Map<string, Acc>();
  const get = (name: string): Acc => {
    let e = acc.get(name);
    if (!e)
      acc.set(
        name,
        (e = {
          typeBy: Array<TypeCode>(nSlots).fill(''),
          present: 0,
          flags: Array<number>(nSlots).fill(-1),
          fileBy: Array<string>(nSlots).fill(''),
          depBy: Array<[string, string] | undefined>(nSlots).fill(undefined),
        }),
      );
    return e;
  };
  const releases: ReleaseSource[] = [];
  const debianDiff = new Map<string, { onlyDebian: Set<string>; onlyMainline: Set<string> }>();
  versions.forEach((v, vi) => {
    const refs = trees.get(v)!;
    const rel: ReleaseSource = { version: v };
    for (const r of refs) {
      if (r.mainline) rel.mainline = r.mainline;
      if (r.debian) rel.debian = r.debian;
    }
    releases.push(rel);
    const namesBy = new Map<TreeRef, Set<string>>();
    ARCHES.forEach((a, ai) => {
      const slot = vi * ARCHES.length + ai;
      // Debian's tree first: its types, files and lines win where both define a symbol.
      const ordered = [...refs].sort((x, y) => Number(Boolean(y.debian)) - Number(Boolean(x.debian)));
      const scans: SlotScan[] = [];
      for (const ref of ordered) {
        if (!fs.existsSync(path.join(ref.dir, 'arch', a.srcarch, 'Kconfig'))) continue; // arm64 before 3.7
        const r = scanTree(ref.dir, a.srcarch);
        log(
          `${v}/${a.name} ${ref.debian ? `debian ${ref.debian.version}` : `mainline ${ref.mainline!.release}`}: ${r.files} Kconfig files, ${r.defs.size} symbols${r.missing.length ? `, missing: ${r.missing.join(' ')}` : ''}`,
        );
        scans.push(r);
        const set = namesBy.get(ref) ?? new Set<string>();
        for (const n of r.defs.keys()) set.add(n);
        namesBy.set(ref, set);
      }
      const bit = 1 << slot;
      for (const r of scans) {
        for (const [name, ds] of r.defs) {
          const e = get(name);
          const first = !(e.present & bit);
          e.present |= bit;
          let f = e.flags[slot] < 0 ? 0 : e.flags[slot];
          if (ds.some((d) => d.prompt)) f |= 1;
          if (ds.some((d) => d.defaultOn)) f |= 4;
          e.flags[slot] = f;
          const ty = ds.find((d) => d.type)?.type;
          if (ty && !e.typeBy[slot]) e.typeBy[slot] = ty;
          if (first) {
            // Several definitions: each one's dependency holds for its own properties; shown as alternatives.
            const texts = [...new Set(ds.map(dependsText))];
            e.depBy[slot] = texts.includes('')
              ? undefined
              : texts.length === 1
                ? dependsParts(ds[0])
                : ['', texts.map((x) => (/\|\||&&|\?/.test(x) ? `(${x})` : x)).join(' || ')];
            e.fileBy[slot] = ds[0].file;
            // Location: newest version, x86_64 before arm64, Debian before mainline.
            e.newest = { file: ds[0].file, line: ds[0].line };
          }
        }
      }
      for (const r of scans)
        for (const n of r.selected) {
          const e = acc.get(n);
          if (e && e.present & bit) e.flags[slot] |= 2;
        }
    });
    const deb = refs.find((r) => r.debian);
    const main = refs.find((r) => r.mainline);
    if (deb && main) {
      const d = namesBy.get(deb) ?? new Set<string>();
      const m = namesBy.get(main) ?? new Set<string>();
      debianDiff.set(v, {
        onlyDebian: new Set([...d].filter((n) => !m.has(n))),
        onlyMainline: new Set([...m].filter((n) => !d.has(n))),
      });
    }
  });
  const names = [...acc.keys()].sort();
  const fileSet = new Set<string>();
  for (const n of names) {
    const e = acc.get(n)!;
    for (const f of e.fileBy) if (f) fileSet.add(f);
  }
  const files = [...fileSet].sort();
  const fileIdx = new Map(files.map((f, i) => [f, i]));
  const typeVariants: string[] = [];
  const variantIdx = new Map<string, number>();
  const symbols: SymbolIndex['symbols'] = {};
  for (const n of names) {
    const e = acc.get(n)!;
    // The newest typed slot gives the type of slots that do not define it.
    let newest: TypeCode = '';
    for (const ty of e.typeBy) if (ty) newest = ty;
    const per = e.typeBy.map((ty) => types.indexOf(ty || newest));
    let code = per[0];
    if (!per.every((x) => x === per[0])) {
      const key = per.join('');
      let i = variantIdx.get(key);
      if (i === undefined) {
        i = typeVariants.length;
        typeVariants.push(key);
        variantIdx.set(key, i);
      }
      code = 10 + i;
    }
    symbols[n] = [code, e.present, e.newest ? fileIdx.get(e.newest.file)! : -1, e.newest?.line ?? 0];
  }
  const describe = (r: ReleaseSource): string =>
    [
      r.mainline ? `${r.mainline.release} from github:${r.mainline.repository}@${r.mainline.commit.slice(0, 12)}` : '',
      r.debian ? `Debian ${r.debian.package} ${r.debian.version}` : '',
    ]
      .filter(Boolean)
      .join(' + ');
  const index: SymbolIndex = {
    $schema: '../schema/kernel-symbols.schema.json',
    origin: `Derived by scripts/derive-kernel-symbols.ts from the Kconfig files reached from each tree's top Kconfig with SRCARCH=${ARCHES.map((a) => a.srcarch).join('/')}: ${releases.map((r) => `${r.version} = ${describe(r)}`).join('; ')}. A line with two trees is their union; locations are from the newest version that defines the symbol (Debian's tree first).`,
    versions,
    arches: ARCHES.map((a) => a.name),
    releases,
    types,
    typeVariants,
    files,
    symbols,
  };
  const details: VersionDetail[] = versions.map((v, vi) => {
    const flags: Record<string, string> = {};
    ARCHES.forEach((a, ai) => {
      const slot = vi * ARCHES.length + ai;
      flags[a.name] = names
        .map((n) => {
          const f = acc.get(n)!.flags[slot];
          return f < 0 ? FLAG_ABSENT : String(f);
        })
        .join('');
    });
    const fileOverrides: Record<string, number> = {};
    for (const n of names) {
      const e = acc.get(n)!;
      const f = e.fileBy[vi * ARCHES.length] || e.fileBy[vi * ARCHES.length + 1];
      if (f && f !== e.newest?.file) fileOverrides[n] = fileIdx.get(f)!;
    }
    const dd = debianDiff.get(v);
    return {
      $schema: '../schema/kernel-symbols-version.schema.json',
      origin: `Derived by scripts/derive-kernel-symbols.ts from Linux ${describe(releases[vi])}${dd ? ". onlyDebian: defined by Debian's tree but not by the mainline snapshot (a Debian patch or a later stable release); onlyMainline: defined by the mainline snapshot but not by Debian's tree (Debian deletes it, or a later stable release dropped it)" : ''}.`,
      version: v,
      flags,
      files: fileOverrides,
      ...(dd ? { debian: { onlyDebian: [...dd.onlyDebian].sort(), onlyMainline: [...dd.onlyMainline].sort() } } : {}),
    };
  });
  // Dependencies, shared three ways: texts (the enclosing conditions of many entries are one text),
  // pairs [enclosing, own] of text indexes, and per symbol a single pair for every line that has
  // one, else the lines where its pair changes.
  const pairKey = (p: [string, string] | undefined) => (p ? `${p[0]}\u0000${p[1]}` : '');
  const use = new Map<string, number>();
  const perSymbol = new Map<string, string[]>();
  for (const n of names) {
    const e = acc.get(n)!;
    const keys = versions.map((_, vi) => pairKey(e.depBy[vi * ARCHES.length] ?? e.depBy[vi * ARCHES.length + 1]));
    if (!keys.some(Boolean)) continue;
    perSymbol.set(n, keys);
    for (const k of keys) if (k) use.set(k, (use.get(k) ?? 0) + 1);
  }
  // The most used pairs and texts get the smallest numbers; ties by text, so the output is stable.
  const pairOrder = [...use.keys()].sort((a, b) => use.get(b)! - use.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const textUse = new Map<string, number>();
  for (const k of pairOrder)
    for (const half of k.split('\u0000')) if (half) textUse.set(half, (textUse.get(half) ?? 0) + use.get(k)!);
  const texts = [...textUse.keys()].sort((a, b) => textUse.get(b)! - textUse.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const textIdx = new Map(texts.map((t, i) => [t, i]));
  const pairIdx = new Map(pairOrder.map((k, i) => [k, i]));
  const pairs = pairOrder.flatMap((k) => k.split('\u0000').map((h) => (h ? textIdx.get(h)! : -1)));
  // Aligned with the names of symbols.json (as the flags of symbols-<v>.json are); pair p is written
  // p + 1, so that 0 (the most common entry) is "no dependency".
  const depSymbols: DependsFile['symbols'] = names.map(() => 0);
  const nameAt = new Map(names.map((n, i) => [n, i]));
  for (const [n, keys] of perSymbol) {
    const e = acc.get(n)!;
    const at = nameAt.get(n)!;
    const per = keys.map((k) => (k ? pairIdx.get(k)! + 1 : 0));
    const some = per.filter((x) => x > 0);
    const present = versions.map((_, vi) => Boolean(e.present & (((1 << ARCHES.length) - 1) << (vi * ARCHES.length))));
    if (per.every((x, vi) => x === some[0] || (!present[vi] && x === 0))) {
      depSymbols[at] = some[0];
      continue;
    }
    const runs: number[] = [];
    per.forEach((x, vi) => {
      if (vi === 0 || x !== per[vi - 1]) runs.push(vi, x);
    });
    depSymbols[at] = runs;
  }
  const depends: DependsFile = {
    $schema: '../schema/kernel-depends.schema.json',
    origin: `Derived by scripts/derive-kernel-symbols.ts from the same trees as symbols.json (lines ${versions.join(', ')}): for each symbol and line, the conditions of the enclosing \`if\` blocks, menus and choices, then the \`depends on\` lines of its definition as written, joined by &&; several definitions are alternatives (||); x86_64's definition, else arm64's; Debian's tree first. Shared: texts (used by many entries), pairs [enclosing, own] of text indexes, and per symbol (in the order of symbols.json) one pair, or the lines where its pair changes.`,
    versions,
    texts,
    pairs,
    symbols: depSymbols,
  };
  return { index, details, depends };
}

/**
 * Dependencies as text (depends.json). pairs: flat [enclosing, own] text indexes (-1 none) per pair.
 * symbols: one entry per name of symbols.json, in its order: 0 none; a number n is pair n - 1 in every
 * line that defines the symbol; a list is [line index, n (0 none)] at each line where it changes.
 */
export interface DependsFile {
  $schema: string;
  origin: string;
  versions: string[];
  texts: string[];
  pairs: number[];
  symbols: Array<number | number[]>;
}

export function serializeDepends(d: DependsFile): string {
  // Twenty entries a line: short enough to read a diff, without a newline per symbol.
  const lines: string[] = [];
  for (let i = 0; i < d.symbols.length; i += 20)
    lines.push(
      d.symbols
        .slice(i, i + 20)
        .map((v) => JSON.stringify(v))
        .join(','),
    );
  return `{\n  "$schema": ${JSON.stringify(d.$schema)},\n  "origin": ${JSON.stringify(d.origin)},\n  "versions": ${JSON.stringify(d.versions)},\n  "texts": [\n${d.texts.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ],\n  "pairs": ${JSON.stringify(d.pairs)},\n  "symbols": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** One symbol per line: readable diffs, still compact. */
export function serializeIndex(d: SymbolIndex): string {
  const lines = Object.entries(d.symbols).map(([n, v]) => `    ${JSON.stringify(n)}: ${JSON.stringify(v)}`);
  const head = { ...d, symbols: undefined, releases: undefined, typeVariants: undefined };
  return JSON.stringify(head, null, 2).replace(
    /\n}$/,
    `,\n  "releases": [\n${d.releases.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ],\n  "typeVariants": ${JSON.stringify(d.typeVariants)},\n  "symbols": {\n${lines.join(',\n')}\n  }\n}\n`,
  );
}

export function serializeDetail(d: VersionDetail): string {
  return JSON.stringify(d, null, 1) + '\n';
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (k: string, def: string): string => {
    const i = args.indexOf(k);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
  };
  const outDir = opt('--out-dir', path.join(__dirname, '..', 'server', 'data', 'kernel'));
  const trees = locateTrees();
  const absent = VERSIONS.filter((v) => !(trees.get(v) ?? []).length);
  if (absent.length)
    console.error(`no prepared tree for ${absent.join(', ')} (scripts/prepare-mainline-trees.sh); left out`);
  for (const v of DEBIAN_LINES)
    if (!(trees.get(v) ?? []).some((r) => r.debian))
      console.error(`Debian's ${v} tree is not prepared (scripts/prepare-kernel-trees.sh ${v})`);
  const { index, details, depends } = derive(trees, (s) => console.error(s));
  fs.mkdirSync(outDir, { recursive: true });
  const text = serializeIndex(index);
  fs.writeFileSync(path.join(outDir, 'symbols.json'), text);
  let total = text.length;
  const dep = serializeDepends(depends);
  fs.writeFileSync(path.join(outDir, 'depends.json'), dep);
  total += dep.length;
  for (const d of details) {
    const t = serializeDetail(d);
    fs.writeFileSync(path.join(outDir, `symbols-${d.version}.json`), t);
    total += t.length;
  }
  console.error(
    `wrote ${outDir}: ${Object.keys(index.symbols).length} symbols over ${index.versions.length} release lines, ${index.files.length} files, ${total} bytes`,
  );
}

if (require.main === module) main();
