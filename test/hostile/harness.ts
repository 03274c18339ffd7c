// Shared pieces of the attack suite: hostile trees in a temporary directory, and the built CLI
// run as a child under a heap limit and a kill timer, so a case that regresses fails (killed,
// out of memory) instead of hanging the test run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The built CLI; XEN_CONFIG_TEST_CLI points the tests at another bundle (a private build). */
export const CLI = process.env.XEN_CONFIG_TEST_CLI ?? path.join(ROOT, 'dist', 'cli.js');

/** A fresh directory removed after the test. */
export function scratch(t: { after: (fn: () => void) => void }, name = 'hostile'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `xen-config-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path relative to dir → text), creating directories. */
export function files(dir: string, map: Record<string, string>): void {
  for (const [rel, text] of Object.entries(map)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the built CLI with `node --max-old-space-size=heapMb`, killed after killMs. Asserts it
 * ended by itself within boundMs (no kill, no crash: exit 0, 1 or 2).
 */
export function cli(
  args: string[],
  o: { cwd?: string; boundMs: number; heapMb?: number; killMs?: number; env?: NodeJS.ProcessEnv },
): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${o.heapMb ?? 1024}`, CLI, ...args], {
    cwd: o.cwd,
    encoding: 'utf8',
    timeout: o.killMs ?? Math.max(o.boundMs * 4, 20_000),
    killSignal: 'SIGKILL',
    maxBuffer: 256 << 20,
    env: o.env ?? process.env,
  });
  const run: Run = {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    ms: Date.now() - t0,
  };
  assert.equal(run.signal, null, `killed (${run.signal}) after ${run.ms} ms: ${run.stderr.slice(0, 500)}`);
  assert.ok(
    run.status === 0 || run.status === 1 || run.status === 2,
    `exit ${run.status}: ${run.stderr.slice(0, 800)}`,
  );
  assert.ok(run.ms <= o.boundMs, `took ${run.ms} ms (bound ${o.boundMs} ms)`);
  return run;
}

/** Milliseconds a synchronous call takes, with its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}
