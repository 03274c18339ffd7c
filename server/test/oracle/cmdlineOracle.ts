// Shared harness of the command-line oracles (linux-cmdline.test.ts, xen-cmdline.test.ts): the
// real parser's C functions are cut out of an upstream source file at test time, compiled with a
// shim of ours (linux-harness.c, xen-harness.c) into a temporary directory, and fed many inputs in
// one process. Upstream code is never copied into this repository.
//
// Protocol of a harness: one input per stdin line, hex-encoded bytes; for each input it prints
// event lines `TAG <hex|~> <hex|~>` (`~` = NULL) and then a line `.`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const oracleDir = __dirname;

/** CI sets XEN_CONFIG_REQUIRE_ORACLES=1: a missing tool or source is then a failure, not a skip. */
export function oraclesRequired(): boolean {
  return process.env.XEN_CONFIG_REQUIRE_ORACLES === '1';
}

/** Why gcc cannot be used, or undefined when it can. */
export function gccMissing(): string | undefined {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'gcc is not installed (apt-get install gcc libc6-dev)';
}

/**
 * The full definition of C function `name` in `src` (from its line's start to its closing brace),
 * found by its name at the start of a definition; strings, characters and comments are skipped
 * when matching braces. Throws when absent: the oracle must not silently test nothing.
 */
export function extractFunction(src: string, name: string, file: string): string {
  const re = new RegExp(`^[A-Za-z_][\\w \\t\\*]*\\b${name}\\s*\\(`, 'gm');
  for (let m = re.exec(src); m; m = re.exec(src)) {
    let i = m.index + m[0].length;
    let depth = 1;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '(') depth++;
      else if (src[i] === ')') depth--;
    }
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (src[i] !== '{') continue; // a declaration
    const end = matchBrace(src, i);
    return src.slice(m.index, end + 1);
  }
  throw new Error(`${file}: no definition of ${name}()`);
}

/** Offset of the `}` closing the `{` at `open`. */
export function matchBrace(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 1;
      if (i <= 0) break;
    } else if (c === '/' && src[i + 1] === '/') {
      i = src.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}

/** A temporary build directory (removed by `done`). */
export function buildDir(prefix: string): { dir: string; done(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Compiles `main` (a file of ours in this directory) with the extracted upstream code in `dir`. */
export function compile(dir: string, main: string, out: string, defines: string[] = []): string {
  const bin = path.join(dir, out);
  const r = spawnSync(
    'gcc',
    ['-std=gnu11', '-O1', '-w', `-I${dir}`, ...defines.map((d) => `-D${d}`), '-o', bin, path.join(oracleDir, main)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`gcc ${main} failed:\n${r.stderr}`);
  return bin;
}

export interface Event {
  tag: string;
  a: string | null;
  b: string | null;
}

/** Runs a harness over all inputs in one process; one event list per input. */
export function runBatch(bin: string, inputs: string[]): Event[][] {
  const stdin = inputs.map((s) => Buffer.from(s, 'utf8').toString('hex')).join('\n') + '\n';
  const r = spawnSync(bin, [], { input: stdin, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} exited ${r.status ?? r.signal}: ${r.stderr}`);
  const out: Event[][] = [];
  let cur: Event[] = [];
  const dec = (f: string | undefined) => (f === undefined || f === '~' ? null : Buffer.from(f, 'hex').toString('utf8'));
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    if (line === '.') {
      out.push(cur);
      cur = [];
      continue;
    }
    const [tag, a, b] = line.split(' ');
    cur.push({ tag: tag!, a: dec(a), b: dec(b) });
  }
  if (out.length !== inputs.length) throw new Error(`${bin}: ${out.length} results for ${inputs.length} inputs`);
  return out;
}

export function showEvents(es: Event[]): string {
  return es.map((e) => `${e.tag} ${JSON.stringify(e.a)} ${JSON.stringify(e.b)}`).join(' | ') || '(none)';
}

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
export function rng(seed: number): {
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
} {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

/** Random edits of a string: insert, delete or replace characters drawn from `alphabet`. */
export function mutate(s: string, r: ReturnType<typeof rng>, alphabet: readonly string[]): string {
  let out = s;
  const edits = 1 + r.int(3);
  for (let k = 0; k < edits; k++) {
    const at = r.int(out.length + 1);
    const op = r.int(3);
    if (op === 0) out = out.slice(0, at) + r.pick(alphabet) + out.slice(at);
    else if (op === 1) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + r.pick(alphabet) + out.slice(at + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The allow-list of known disagreements (cmdline-allowlist.json): each entry names the oracle, a
// regular expression an input's text must match for a disagreement to be allow-listed, the reason,
// and examples that must still disagree. An entry that matched no disagreement of the run, or an
// example that agrees, fails the test: the list cannot outlive the disagreement it explains.

export interface AllowEntry {
  id: string;
  oracle: string;
  match: string;
  reason: string;
  examples: string[];
  /**
   * When set, a disagreement is allow-listed only if our events, cut before the first event equal
   * to this text, equal the real program's: the entry then explains exactly the tail it names.
   */
  truncateOursAt?: string;
}

function explains(e: AllowEntry, re: RegExp, input: string, mine: string, real: string): boolean {
  if (!re.test(input)) return false;
  if (e.truncateOursAt === undefined) return true;
  const at = mine.indexOf(e.truncateOursAt);
  if (at < 0) return false;
  return (mine.slice(0, at).replace(/ \| $/, '') || '(none)') === real;
}

/** The entries of `oracle` ("xen@4.10.0": those of "xen@4.10.0" and of "xen"). */
export function allowList(oracle: string): AllowEntry[] {
  const all = JSON.parse(fs.readFileSync(path.join(oracleDir, 'cmdline-allowlist.json'), 'utf8')) as {
    entries: AllowEntry[];
  };
  const base = oracle.split('@')[0];
  return all.entries.filter((e) => e.oracle === oracle || e.oracle === base);
}

export interface Tally {
  tried: number;
  agree: number;
  allowed: Map<string, number>;
  fresh: string[];
  freshCount: number;
}

/**
 * Compares both sides on every input; inputs whose results differ are allow-listed by the first
 * matching entry or counted as new. `examples` of each entry are checked to still disagree.
 */
export function compareAll(
  inputs: string[],
  real: (inputs: string[]) => string[],
  ours: (input: string) => string,
  entries: AllowEntry[],
): { tally: Tally; stale: string[] } {
  const examples = entries.flatMap((e) => e.examples);
  const all = [...inputs, ...examples];
  const ref = real(all);
  const tally: Tally = {
    tried: inputs.length,
    agree: 0,
    allowed: new Map(entries.map((e) => [e.id, 0])),
    fresh: [],
    freshCount: 0,
  };
  const res = entries.map((e) => new RegExp(e.match, 'u'));
  for (let i = 0; i < inputs.length; i++) {
    const mine = ours(inputs[i]!);
    if (mine === ref[i]) {
      tally.agree++;
      continue;
    }
    const k = res.findIndex((re, j) => explains(entries[j]!, re, inputs[i]!, mine, ref[i]!));
    if (k >= 0) {
      tally.allowed.set(entries[k]!.id, tally.allowed.get(entries[k]!.id)! + 1);
      continue;
    }
    tally.freshCount++;
    if (tally.fresh.length < 15)
      tally.fresh.push(`input ${JSON.stringify(inputs[i])}\n    real: ${ref[i]}\n    ours: ${mine}`);
  }
  const stale: string[] = [];
  let j = inputs.length;
  for (const e of entries) {
    const re = new RegExp(e.match, 'u');
    for (const ex of e.examples) {
      const r = ref[j++]!;
      const mine = ours(ex);
      if (mine === r) stale.push(`${e.id}: example ${JSON.stringify(ex)} no longer disagrees`);
      else if (!explains(e, re, ex, mine, r))
        stale.push(
          `${e.id}: example ${JSON.stringify(ex)} disagrees otherwise than the entry says:\n    real: ${r}\n    ours: ${mine}`,
        );
    }
    if (tally.allowed.get(e.id) === 0) stale.push(`${e.id}: no generated input disagrees under this entry any more`);
  }
  return { tally, stale };
}

export function summary(name: string, t: Tally, ms: number): string {
  const allowed = [...t.allowed].reduce((s, [, n]) => s + n, 0);
  const per = [...t.allowed].map(([id, n]) => `${id}: ${n}`).join(', ');
  return `${name}: ${t.tried} inputs, ${t.agree} agree, ${t.tried - t.agree} disagree (${allowed} allow-listed${per ? ` [${per}]` : ''}, ${t.freshCount} new), ${(ms / 1000).toFixed(1)} s`;
}
