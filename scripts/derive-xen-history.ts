// Recomputes the history of the Xen-related symbols in server/data/kernel/xen-symbols.json from the
// derived symbol tables (server/data/kernel/symbols.json and symbols-<v>.json): added, removed,
// renamed, type-changed, promptless and prompt-added, each between two derived release lines —
// "after A, by B" — never a release the tables cannot show. Descriptions are kept; old events are
// dropped except notes that cite a file of a bundled tree. Every event is derived or cited, so
// none carries a confidence.
//
// A rename is inferred only where one symbol disappears and exactly one other appears between the
// same two lines, in the same Kconfig file, sharing a name word of four letters or more.
//
// Usage: node --import tsx scripts/derive-xen-history.ts [--check]
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.join(__dirname, '..', 'server', 'data', 'kernel');

interface Index {
  versions: string[];
  arches: string[];
  types: string[];
  typeVariants: string[];
  files: string[];
  releases: Array<{ version: string; mainline?: { release: string }; debian?: { version: string } }>;
  symbols: Record<string, [number, number, number, number]>;
}
interface Detail {
  flags: Record<string, string>;
  files: Record<string, number>;
}
interface Event {
  kind: string;
  version?: string;
  before?: string;
  after?: string;
  to?: string;
  by?: string;
  source: string;
}

export function computeHistory(index: Index, details: Detail[], wanted: string[]): Record<string, Event[]> {
  const V = index.versions;
  const nA = index.arches.length;
  const names = Object.keys(index.symbols);
  const pos = new Map(names.map((n, i) => [n, i]));
  const rel = (i: number): string => {
    const r = index.releases[i];
    return [r.mainline?.release, r.debian ? `Debian ${r.debian.version}` : ''].filter(Boolean).join(' + ');
  };
  const present = (n: string, v: number): boolean => {
    const r = index.symbols[n];
    return !!r && (r[1] & (((1 << nA) - 1) << (v * nA))) !== 0;
  };
  const typeAt = (n: string, v: number): string => {
    const r = index.symbols[n];
    const slot = v * nA + ((r[1] >> (v * nA)) & 1 ? 0 : 1);
    return r[0] < 10 ? index.types[r[0]] : index.types[Number(index.typeVariants[r[0] - 10][slot])];
  };
  const prompt = (n: string, v: number): boolean | undefined => {
    const i = pos.get(n);
    if (i === undefined || !present(n, v)) return undefined;
    const fl = index.arches.map((a) => details[v].flags[a]?.[i] ?? '-').filter((c) => c !== '-');
    return fl.some((c) => (Number(c) & 1) !== 0);
  };
  const fileAt = (n: string, v: number): string => {
    const o = details[v].files[n];
    const r = index.symbols[n];
    return index.files[o ?? r[2]] ?? '';
  };
  const between = (a: number, b: number): string => `${V[a]} (${rel(a)}) and ${V[b]} (${rel(b)})`;
  const addedBetween = (a: number): string[] => names.filter((n) => present(n, a + 1) && !present(n, a));
  const words = (n: string): Set<string> => new Set(n.split('_').filter((w) => w.length >= 4));
  const out: Record<string, Event[]> = {};
  for (const n of wanted) {
    const ev: Event[] = [];
    if (!index.symbols[n]) {
      out[n] = ev;
      continue;
    }
    let wasPrompt: boolean | undefined;
    for (let v = 0; v < V.length; v++) {
      const here = present(n, v);
      const prev = v > 0 ? present(n, v - 1) : undefined;
      if (v > 0 && here && !prev) {
        ev.push({
          kind: 'added',
          version: V[v],
          after: V[v - 1],
          source: `Kconfig files: not defined in ${V[v - 1]} (${rel(v - 1)}), defined in ${V[v]} (${rel(v)})`,
        });
      }
      if (v > 0 && !here && prev) {
        const f = fileAt(n, v - 1);
        const w = words(n);
        const cands = addedBetween(v - 1).filter(
          (m) => m !== n && fileAt(m, v) === f && [...words(m)].some((x) => w.has(x)),
        );
        if (cands.length === 1) {
          ev.push({
            kind: 'renamed',
            before: V[v],
            after: V[v - 1],
            to: cands[0],
            source: `inferred from the kernel's Kconfig files: ${n} is gone and ${cands[0]} appears in ${f} between ${between(v - 1, v)}`,
          });
        } else {
          ev.push({
            kind: 'removed',
            before: V[v],
            after: V[v - 1],
            source: `Kconfig files: defined in ${V[v - 1]} (${rel(v - 1)}), not in ${V[v]} (${rel(v)})`,
          });
        }
      }
      if (here && prev && typeAt(n, v) !== typeAt(n, v - 1)) {
        ev.push({
          kind: 'type-changed',
          version: V[v],
          after: V[v - 1],
          source: `Kconfig files: ${typeAt(n, v - 1)} in ${V[v - 1]}, ${typeAt(n, v)} in ${V[v]}`,
        });
      }
      const p = prompt(n, v);
      if (p !== undefined) {
        if (wasPrompt === undefined && !p)
          ev.push({
            kind: 'promptless',
            version: V[v],
            source: `Kconfig files: no prompt in ${V[v]} (${rel(v)})`,
          });
        else if (wasPrompt === true && !p)
          ev.push({
            kind: 'promptless',
            version: V[v],
            after: V[v - 1],
            source: `Kconfig files: a prompt in ${V[v - 1]}, none in ${V[v]} (${rel(v)})`,
          });
        else if (wasPrompt === false && p)
          ev.push({
            kind: 'prompt-added',
            version: V[v],
            after: V[v - 1],
            source: `Kconfig files: no prompt in ${V[v - 1]}, a prompt in ${V[v]} (${rel(v)})`,
          });
        wasPrompt = p;
      }
    }
    out[n] = ev;
  }
  return out;
}

function main(): void {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'symbols.json'), 'utf8')) as Index;
  const details = index.versions.map(
    (v) => JSON.parse(fs.readFileSync(path.join(dir, `symbols-${v}.json`), 'utf8')) as Detail,
  );
  const file = path.join(dir, 'xen-symbols.json');
  const xen = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    $schema: string;
    origin: string;
    symbols: Record<string, { description: string; history: Event[] }>;
  };
  const hist = computeHistory(index, details, Object.keys(xen.symbols));
  for (const [n, s] of Object.entries(xen.symbols)) {
    // Notes cite a tree's file; a field other than these (an old confidence) is not kept.
    const notes = s.history
      .filter((e) => e.kind === 'note')
      .map(({ kind, version, before, after, to, by, source }) => ({ kind, version, before, after, to, by, source }));
    s.history = [...hist[n], ...notes];
  }
  xen.origin = `Descriptions written by this project. History computed by scripts/derive-xen-history.ts from the derived symbol tables (symbols.json, lines ${index.versions.join(', ')}): each event lies between two derived lines ("after" the older, by "version"/"before" the newer); renames are inferred only from one symbol leaving and one appearing in the same Kconfig file between the same two lines. Notes cite a file of Debian's 6.1/6.12 trees.`;
  const lines = Object.entries(xen.symbols).map(
    ([n, s]) =>
      `    ${JSON.stringify(n)}: {\n      "description": ${JSON.stringify(s.description)},\n      "history": [${s.history.length ? '\n' + s.history.map((e) => `        ${JSON.stringify(e)}`).join(',\n') + '\n      ' : ''}]\n    }`,
  );
  const text = `{\n  "$schema": ${JSON.stringify(xen.$schema)},\n  "origin": ${JSON.stringify(xen.origin)},\n  "symbols": {\n${lines.join(',\n')}\n  }\n}\n`;
  if (process.argv.includes('--check')) {
    if (fs.readFileSync(file, 'utf8') !== text) {
      console.error('xen-symbols.json history is not what the tables give: run scripts/derive-xen-history.ts');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(file, text);
  console.error(`wrote ${file}`);
}

if (require.main === module) main();
