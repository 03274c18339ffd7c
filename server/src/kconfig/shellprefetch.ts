/**
 * Faster `$(shell,...)` for loads with allowShell: a quick scan of the tree
 * (only `source` lines, macro assignments and `$(...)` references) lists the
 * commands whose text is known; a worker thread runs them in parallel while
 * the real parse goes on, and hands each result to the parse synchronously
 * when the parse reaches it. Commands the scan could not foresee are run on
 * request. Results equal running each command when conf would.
 */
import * as nodePath from 'path';
import { Worker } from 'worker_threads';
import { TreeFs } from './fs';
import { Preprocessor } from './preprocess';

export interface PrescanOptions {
  srcDir: string;
  fs: TreeFs;
  env: Record<string, string | undefined>;
  toolchainFacts?: Record<string, string>;
  rootFile?: string;
}

/** Commands the tree will (very likely) run, in the order met. */
export function prescanShellCommands(o: PrescanOptions): string[] {
  let file = '';
  let line = 0;
  const pp = new Preprocessor({
    env: o.env, allowShell: false, toolchainFacts: o.toolchainFacts, cwd: o.srcDir,
    position: () => ({ file, line }), report: () => undefined,
  });
  const seen = new Set<string>();
  const srcAbs = nodePath.resolve(o.srcDir);
  let files = 0;
  const visit = (rel: string, depth: number): void => {
    if (depth > 100 || ++files > 20000) return;
    const abs = nodePath.resolve(srcAbs, rel);
    if (!(abs === srcAbs || abs.startsWith(srcAbs + '/'))) return;
    const real = o.fs.realpath ? o.fs.realpath(abs) : abs;
    if (!real || seen.has(real)) return;
    const text = o.fs.readFile(real);
    if (text === undefined) return;
    seen.add(real);
    const relFile = nodePath.relative(srcAbs, abs);
    const lines = text.split('\n');
    let helpIndent = -1; // -2: in help, indentation not known yet
    for (let i = 0; i < lines.length; i++) {
      let l = lines[i];
      const start = i;
      while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + lines[++i];
      const trimmed = l.trimStart();
      const indent = indentOf(l);
      if (helpIndent !== -1) {
        if (trimmed === '') continue;
        if (helpIndent === -2 && indent > 0) {
          helpIndent = indent;
          continue;
        }
        if (helpIndent > 0 && indent >= helpIndent) continue;
        helpIndent = -1;
      }
      if (/^(help|---help---)\s*(#.*)?$/.test(trimmed)) {
        helpIndent = -2;
        continue;
      }
      if (trimmed === '' || trimmed[0] === '#') continue;
      file = relFile;
      line = start + 1;
      const src = /^(o?r?source)\s+"([^"]*)"/.exec(trimmed);
      if (src) {
        const p = pp.expandString(src[2]);
        visit(src[1] === 'rsource' || src[1] === 'orsource' ? nodePath.join(nodePath.dirname(relFile), p) : p, depth + 1);
        continue;
      }
      const asg = /^([A-Za-z0-9_$()-]+)\s*(:=|\+=|=)\s*(.*)$/.exec(trimmed);
      if (asg && !KEYWORDS.has(asg[1])) {
        const name = asg[1].includes('$') ? pp.expandString(asg[1]) : asg[1];
        pp.define(name, asg[3], asg[2] === ':=' ? 'simple' : asg[2] === '+=' ? 'append' : 'recursive');
        continue;
      }
      if (l.includes('$(')) pp.expandString(stripComment(l));
    }
  };
  visit(o.rootFile ?? 'Kconfig', 0);
  return [...pp.shellCalls.values()].filter((c) => c.source === 'unknown' && !c.argsUnknown).map((c) => c.command);
}

const KEYWORDS = new Set(['config', 'menuconfig', 'default', 'depends', 'select', 'imply', 'range', 'def_bool', 'def_tristate', 'prompt', 'if', 'visible']);

function indentOf(l: string): number {
  let ts = 0;
  for (const c of l) {
    if (c === ' ') ts++;
    else if (c === '\t') ts = (ts & ~7) + 8;
    else break;
  }
  return ts;
}

function stripComment(l: string): string {
  let q = '';
  let depth = 0;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '#' && depth <= 0) return l.slice(0, i);
  }
  return l;
}

const WORKER_CODE = `
const { parentPort, workerData } = require('worker_threads');
const { spawn } = require('child_process');
const ctl = new Int32Array(workerData.sab, 0, 2);
const buf = new Uint8Array(workerData.sab, 8);
const results = new Map();
const started = new Set();
const queue = [];
let running = 0;
let want = null;
function deliver(cmd) {
  want = null;
  const b = Buffer.from(results.get(cmd), 'latin1');
  const n = Math.min(b.length, buf.length);
  buf.set(b.subarray(0, n));
  Atomics.store(ctl, 1, n);
  Atomics.store(ctl, 0, 1);
  Atomics.notify(ctl, 0);
}
function pump() {
  while (running < workerData.conc && queue.length) {
    const c = queue.shift();
    if (!started.has(c)) start(c);
  }
}
function start(cmd) {
  started.add(cmd);
  running++;
  let out = '';
  let done = false;
  let timer = null;
  const fin = () => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    running--;
    results.set(cmd, out);
    if (want === cmd) deliver(cmd);
    pump();
  };
  let child;
  try {
    child = spawn('/bin/sh', ['-c', cmd], { cwd: workerData.cwd, env: workerData.env, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) { fin(); return; }
  timer = setTimeout(() => { try { child.kill('SIGKILL'); } catch (e) {} }, 60000);
  child.stdout.setEncoding('latin1');
  child.stdout.on('data', (d) => { if (out.length < 16384) out += d; });
  child.on('close', fin);
  child.on('error', fin);
}
parentPort.on('message', (m) => {
  if (m.type === 'prefetch') { for (const c of m.cmds) queue.push(c); pump(); }
  else if (m.type === 'get') {
    if (results.has(m.cmd)) deliver(m.cmd);
    else { want = m.cmd; if (!started.has(m.cmd)) start(m.cmd); }
  }
});
`;

/** Runs commands in a worker thread; `run` blocks the caller until the result is there. */
export class ShellPrefetcher {
  private readonly worker: Worker;
  private readonly ctl: Int32Array;
  private readonly buf: Uint8Array;
  /** Time the caller spent blocked waiting for results (ms), and requests. */
  waitedMs = 0;
  requests = 0;

  constructor(env: Record<string, string | undefined>, cwd: string | undefined, concurrency: number) {
    const sab = new SharedArrayBuffer(8 + 65536);
    this.ctl = new Int32Array(sab, 0, 2);
    this.buf = new Uint8Array(sab, 8);
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { sab, env, cwd, conc: concurrency } });
    this.worker.unref();
  }

  prefetch(cmds: string[]): void {
    this.worker.postMessage({ type: 'prefetch', cmds });
  }

  /** Raw stdout of cmd (started now unless prefetched). */
  run(cmd: string): string {
    const t0 = performance.now();
    this.requests++;
    try {
      return this.runInner(cmd);
    } finally {
      this.waitedMs += performance.now() - t0;
    }
  }

  private runInner(cmd: string): string {
    Atomics.store(this.ctl, 0, 0);
    this.worker.postMessage({ type: 'get', cmd });
    const deadline = Date.now() + 120000;
    while (Atomics.load(this.ctl, 0) === 0) {
      if (Atomics.wait(this.ctl, 0, 0, 1000) === 'timed-out' && Date.now() > deadline) return '';
    }
    const n = Atomics.load(this.ctl, 1);
    return Buffer.from(this.buf.subarray(0, n)).toString('latin1');
  }

  close(): void {
    void this.worker.terminate();
  }
}
