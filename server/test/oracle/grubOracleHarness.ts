// Shared parts of the GRUB oracles (grub-script-check.test.ts, grub-default-sh.test.ts): a seeded
// random source, tool detection (skip locally, fail with XEN_CONFIG_REQUIRE_ORACLES=1), running
// many small programs over files in a temporary folder with a small pool of shells, the allow-list
// of known disagreements (grub-oracle-allowlist.json) and the report each oracle prints.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REQUIRE = process.env.XEN_CONFIG_REQUIRE_ORACLES === '1';

/** Why the tool is missing, or undefined when `which` finds it. */
export function missingTool(tool: string, pkg: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${tool} not found (Debian package ${pkg})`;
}

/** `skip` value for node:test: a message when the tool is missing and oracles are not required. */
export function skipUnless(why: string | undefined): string | false {
  return why && !REQUIRE ? `${why}; set XEN_CONFIG_REQUIRE_ORACLES=1 to make this a failure` : false;
}

/** mulberry32: a small seeded generator, so every run tries the same inputs. */
export function rng(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Rand = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}
export interface Rand {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/**
 * Runs `script` (a POSIX sh script reading file names as arguments) over `files` split into
 * `jobs` shells at once; resolves with the concatenated standard output of each, in order.
 */
export async function shellPool(
  script: string,
  files: string[],
  jobs: number,
  cwd: string,
  env: Record<string, string>,
): Promise<string[]> {
  const per = Math.ceil(files.length / jobs);
  const parts: Array<Promise<string>> = [];
  for (let j = 0; j < jobs; j++) {
    const chunk = files.slice(j * per, (j + 1) * per);
    if (chunk.length === 0) continue;
    parts.push(
      new Promise((resolve, reject) => {
        const c = spawn('/bin/sh', ['-c', script, 'driver', ...chunk], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        c.stdout.on('data', (b: Buffer) => out.push(b));
        c.stderr.on('data', (b: Buffer) => err.push(b));
        c.on('error', reject);
        c.on('close', (code) => {
          if (code !== 0)
            reject(new Error(`driver shell exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
          else resolve(Buffer.concat(out).toString('utf8'));
        });
      }),
    );
  }
  return Promise.all(parts);
}

export interface AllowEntry {
  id: string;
  /** Why we keep this difference (or why it cannot be fixed here). */
  reason: string;
  /** What the real program does and what we do, e.g. "accept" / "reject" (or "value"). */
  real: string;
  ours: string;
  /** Regular expression matched against our first error message (when we reject). */
  oursMessage?: string;
  /** Regular expression matched against the input. */
  input?: string;
  /** An input that shows the difference today; a test checks it still does. */
  witness: string;
}

const ALLOW_FILE = path.join(__dirname, 'grub-oracle-allowlist.json');

export function allowList(oracle: 'grub-script-check' | 'grub-emu' | 'grub-default-sh'): AllowEntry[] {
  const all = JSON.parse(readFileSync(ALLOW_FILE, 'utf8')) as Record<string, AllowEntry[]>;
  return all[oracle] ?? [];
}

/** The allow-list entry covering a disagreement, if any. */
export function allowedBy(
  list: AllowEntry[],
  d: { input: string; real: string; ours: string; oursMessage?: string },
): AllowEntry | undefined {
  return list.find(
    (e) =>
      e.real === d.real &&
      e.ours === d.ours &&
      (e.oursMessage === undefined || (d.oursMessage !== undefined && new RegExp(e.oursMessage).test(d.oursMessage))) &&
      (e.input === undefined || new RegExp(e.input).test(d.input)),
  );
}

export interface Tally {
  tried: number;
  agree: number;
  allowed: Map<string, number>;
  fresh: Array<{ input: string; detail: string }>;
}
export const newTally = (): Tally => ({ tried: 0, agree: 0, allowed: new Map(), fresh: [] });

export function report(name: string, t: Tally, ms: number, extra = ''): string {
  const allowedN = [...t.allowed.values()].reduce((a, b) => a + b, 0);
  const by = [...t.allowed].map(([id, n]) => `${id}: ${n}`).join(', ');
  return `${name}: ${t.tried} inputs tried, ${t.agree} agree, ${allowedN + t.fresh.length} disagree (${allowedN} allow-listed${by ? ` [${by}]` : ''} / ${t.fresh.length} new)${extra} in ${(ms / 1000).toFixed(1)} s`;
}

export function showFresh(t: Tally, max = 30): string {
  return t.fresh
    .slice(0, max)
    .map((f) => `--- ${f.detail}\n${JSON.stringify(f.input)}`)
    .join('\n');
}
