// How far a fresh derivation moved from the committed data, counted in facts (names, kinds,
// gating symbols, architectures, types, presence), never in line numbers or release strings.
//
// A new Debian point release moves some facts: that is reported, not failed, so a data refresh
// is a deliberate `npm run derive` + commit. A derivation that yields nothing, or loses more than
// MAX_LOSS of the committed facts, is broken and fails.

/** The share of committed facts a fresh derivation may lose before the check calls it broken. */
export const MAX_LOSS = 0.05;

export interface Drift {
  what: string;
  committed: number;
  fresh: number;
  added: string[];
  removed: string[];
}

/** Facts are strings; a multiset compare (a name registered twice is two facts). */
export function drift(what: string, committed: string[], fresh: string[]): Drift {
  const count = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const a = count(committed);
  const b = count(fresh);
  const removed: string[] = [];
  const added: string[] = [];
  for (const [k, n] of a) for (let i = b.get(k) ?? 0; i < n; i++) removed.push(k);
  for (const [k, n] of b) for (let i = a.get(k) ?? 0; i < n; i++) added.push(k);
  return { what, committed: committed.length, fresh: fresh.length, added: added.sort(), removed: removed.sort() };
}

/** Undefined when the drift is acceptable; otherwise why the derivation looks broken. */
export function brokenBecause(d: Drift, maxLoss = MAX_LOSS): string | undefined {
  if (d.fresh === 0) return `${d.what}: the derivation produced no facts`;
  if (d.committed > 0 && d.removed.length / d.committed > maxLoss) {
    return `${d.what}: the derivation lost ${d.removed.length} of ${d.committed} committed facts (${pct(d.removed.length, d.committed)}, more than ${pct(maxLoss, 1)})`;
  }
  return undefined;
}

export function describeDrift(d: Drift, sample = 5): string {
  if (!d.added.length && !d.removed.length) return `${d.what}: ${d.committed} facts, none moved`;
  const lines = [
    `${d.what}: ${d.committed} committed facts, ${d.fresh} derived now; ${d.removed.length} gone (${pct(d.removed.length, d.committed)}), ${d.added.length} new`,
  ];
  for (const r of d.removed.slice(0, sample)) lines.push(`  - ${r}`);
  for (const r of d.added.slice(0, sample)) lines.push(`  + ${r}`);
  return lines.join('\n');
}

function pct(n: number, of: number): string {
  return `${of ? ((100 * n) / of).toFixed(n && n / of < 0.001 ? 2 : 1) : '0'}%`;
}

type Row = Array<string | number>;

/** The facts of a Linux parameter table (server/data/linux/params-<v>.json), without lines. */
export function linuxParamFacts(t: {
  files: string[];
  gates: string[];
  params: Row[];
  docs: Row[];
  boot: Row[];
}): string[] {
  const out: string[] = [];
  for (const [name, kind, file, , arch, gate, type, def] of t.params) {
    out.push(
      `param ${name} ${kind} ${t.files[Number(file)] ?? '?'} arch=${arch ?? ''} gates=${gate ? t.gates[Number(gate) - 1] : ''} type=${type ?? ''} default=${def ?? ''}`,
    );
  }
  for (const [name, , value, tags, format, deprecated, successor] of t.docs) {
    out.push(
      `doc ${name} ${value} tags=${tags ?? ''} format=${format ?? ''} ${deprecated ?? ''} ${successor ?? ''}`.trimEnd(),
    );
  }
  for (const [name, reader, file, , arch] of t.boot)
    out.push(`boot ${name} ${reader} ${t.files[Number(file)] ?? '?'} arch=${arch ?? ''}`);
  return out;
}
