/**
 * Faster `$(shell,...)` for loads with allowShell: a quick scan of the tree
 * (only `source` lines, macro assignments and `$(...)` references) lists the
 * commands whose text is known; a worker thread runs them in parallel while
 * the scan and the real parse go on, and hands each result to the parse
 * synchronously when the parse reaches it. The scan waits for the results
 * of simple (`:=`) macro assignments, so commands built from them (compiler
 * name and version, `$(m64-flag)`) are foreseen too. Commands the scan could
 * not foresee are run on request. Results equal running each command when
 * conf would.
 *
 * The worker does not spawn one process per command from Node (costly from a
 * large process): it keeps a few long-lived `/bin/sh` processes ("lanes") and
 * writes each command to one's stdin as `( eval 'CMD' ) </dev/null 2>/dev/null`
 * followed by an end marker (random per load, with a sequence number), so a
 * command costs a fork of a small shell. Same cwd and environment as
 * `sh -c CMD`; stdout is taken byte for byte up to the marker. A command
 * running longer than the timeout has its lane's process group killed (the
 * output so far is its result) and the lane is replaced.
 */
import * as nodePath from 'path';
import { Worker } from 'worker_threads';
import { TreeFs } from './fs';
import { Preprocessor } from './preprocess';
import { DEFAULT_LIMITS } from './parseOptions';

export interface PrescanOptions {
  srcDir: string;
  fs: TreeFs;
  env: Record<string, string | undefined>;
  toolchainFacts?: Record<string, string>;
  rootFile?: string;
  /** Called for each command as soon as the scan knows it (to start it early). */
  onCommand?: (cmd: string) => void;
  /**
   * Runs a command and returns its raw stdout, blocking. With it, the scan
   * waits for the results of simple (`:=`) macro assignments and so also
   * foresees the commands built from them.
   */
  run?: (cmd: string) => string;
  /** Kconfig text read at most (default: the parse's limit). */
  maxBytes?: number;
}

/** Commands the tree will (very likely) run, in the order met. */
export function prescanShellCommands(o: PrescanOptions): string[] {
  const scan = new Prescan(o);
  scan.visit(o.rootFile ?? 'Kconfig', 0);
  return scan.found;
}

/** The quick scan: files followed through `source`, macro assignments applied, `$(...)` expanded. */
class Prescan {
  private file = '';
  private line = 0;
  private blocking = false;
  readonly found: string[] = [];
  private readonly foundSet = new Set<string>();
  private readonly pp: Preprocessor;
  private readonly seen = new Set<string>();
  private readonly srcAbs: string;
  private readonly srcReal: string;
  private files = 0;
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(private readonly o: PrescanOptions) {
    this.pp = new Preprocessor({
      env: o.env,
      allowShell: true,
      toolchainFacts: o.toolchainFacts,
      cwd: o.srcDir,
      position: () => ({ file: this.file, line: this.line }),
      report: () => undefined,
      budget: { steps: DEFAULT_LIMITS.maxMacroSteps, output: DEFAULT_LIMITS.maxMacroOutput },
      runShell: (cmd, argsUnknown) => {
        if (argsUnknown) return undefined;
        if (!this.foundSet.has(cmd)) {
          this.foundSet.add(cmd);
          this.found.push(cmd);
        }
        if (this.blocking && o.run) return o.run(cmd);
        o.onCommand?.(cmd);
        return undefined;
      },
    });
    this.srcAbs = nodePath.resolve(o.srcDir);
    // the parser's own refusals: the scan reads nothing the parse would not read
    this.srcReal = (o.fs.realpath ? o.fs.realpath(this.srcAbs) : undefined) ?? this.srcAbs;
    this.maxBytes = o.maxBytes ?? DEFAULT_LIMITS.maxParsedBytes;
  }

  /** Names (and, through recursive variables, names they use) a text refers to. */
  private refsOf(text: string, out: Set<string>, depth: number): void {
    for (const m of text.matchAll(/\$\(([A-Za-z0-9_.-]+)/g)) {
      if (out.has(m[1])) continue;
      out.add(m[1]);
      const v = this.pp.vars.get(m[1]);
      if (v && v.flavor === 'recursive' && depth < 8) this.refsOf(v.value, out, depth + 1);
    }
  }

  /**
   * Before waiting for the `:=` at lines[i]: start the commands of the later
   * `:=` lines of the file that do not use anything assigned from line i on
   * (so their text is already final), e.g. ld-info while cc-info runs.
   */
  private lookAhead(lines: string[], i: number, done: Set<number>): void {
    const assigned = new Set<string>();
    for (let j = i; j < lines.length && j < i + 200; j++) {
      const l = lines[j];
      if (l.endsWith('\\')) break;
      const t = l.trimStart();
      const a = t.includes('=') ? /^([A-Za-z0-9_-]+)\s*(:=|\+=|=)\s*(.*)$/.exec(t) : null;
      if (!a || KEYWORDS.has(a[1])) continue;
      if (j > i && a[2] === ':=' && !done.has(j) && a[3].includes('$(')) {
        const refs = new Set<string>();
        this.refsOf(a[3], refs, 0);
        if (![...refs].some((r) => assigned.has(r))) {
          done.add(j);
          const before = this.found.length;
          this.pp.expandString(a[3]);
          for (const c of this.found.slice(before))
            if (this.pp.shellCalls.get(c)?.source === 'unknown') this.pp.shellCalls.delete(c);
        }
      }
      assigned.add(a[1]);
    }
  }

  /** One file (relative to the tree), unless past a limit, outside the tree or seen already. */
  visit(rel: string, depth: number): void {
    const o = this.o;
    if (depth > DEFAULT_LIMITS.maxIncludeDepth || ++this.files > DEFAULT_LIMITS.maxFiles || this.bytes > this.maxBytes)
      return;
    const abs = nodePath.resolve(this.srcAbs, rel);
    if (!under(abs, this.srcAbs)) return;
    const real = o.fs.realpath ? o.fs.realpath(abs) : abs;
    if (!real || this.seen.has(real) || !under(real, this.srcReal)) return;
    const text = o.fs.readFile(real);
    if (text === undefined) return;
    this.seen.add(real);
    if ((this.bytes += text.length) > this.maxBytes) return;
    this.scanLines(text.split('\n'), nodePath.relative(this.srcAbs, abs), depth);
  }

  /** The lines of one file: help texts skipped, `source` followed, assignments applied, references expanded. */
  private scanLines(lines: string[], relFile: string, depth: number): void {
    const pp = this.pp;
    const lookedAhead = new Set<number>();
    let helpIndent = -1; // -2: in help, indentation not known yet
    for (let i = 0; i < lines.length; i++) {
      if (pp.exhausted) return;
      let l = lines[i];
      const start = i;
      if (l.endsWith('\\') && i + 1 < lines.length) {
        const parts: string[] = [];
        while (l.endsWith('\\') && i + 1 < lines.length) {
          parts.push(l.slice(0, -1));
          l = lines[++i];
        }
        parts.push(l);
        l = parts.join('');
      }
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
      const c0 = trimmed[0];
      if ((c0 === 'h' || c0 === '-') && /^(help|---help---)\s*(#.*)?$/.test(trimmed)) {
        helpIndent = -2;
        continue;
      }
      if (trimmed === '' || c0 === '#') continue;
      this.file = relFile;
      this.line = start + 1;
      const src = c0 === 'o' || c0 === 'r' || c0 === 's' ? /^(o?r?source)\s+"([^"]*)"/.exec(trimmed) : null;
      if (src) {
        const p = pp.expandString(src[2]);
        this.visit(
          src[1] === 'rsource' || src[1] === 'orsource' ? nodePath.join(nodePath.dirname(relFile), p) : p,
          depth + 1,
        );
        continue;
      }
      const asg = trimmed.includes('=') ? /^([A-Za-z0-9_$()-]+)\s*(:=|\+=|=)\s*(.*)$/.exec(trimmed) : null;
      if (asg && !KEYWORDS.has(asg[1])) {
        const name = asg[1].includes('$') ? pp.expandString(asg[1]) : asg[1];
        if (asg[2] === ':=' && this.o.run && asg[3].includes('$(')) this.lookAhead(lines, i, lookedAhead);
        this.blocking = asg[2] === ':=';
        pp.define(name, asg[3], asg[2] === ':=' ? 'simple' : asg[2] === '+=' ? 'append' : 'recursive');
        this.blocking = false;
        continue;
      }
      if (l.includes('$(')) pp.expandString(stripComment(l));
    }
  }
}

const under = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith('/') ? root : root + '/');

const KEYWORDS = new Set([
  'config',
  'menuconfig',
  'default',
  'depends',
  'select',
  'imply',
  'range',
  'def_bool',
  'def_tristate',
  'prompt',
  'if',
  'visible',
]);

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
const { randomBytes } = require('crypto');
const ctl = new Int32Array(workerData.sab, 0, 2);
const buf = new Uint8Array(workerData.sab, 8);
const MARK = 'kconfig-shell-end-' + randomBytes(16).toString('hex');
const KEEP = 16384;
const results = new Map();
const started = new Set();
const queue = [];
const lanes = [];
let want = null;
let seq = 0;
// the environment of the commands: given at the start, or later (a worker started ahead)
let env = workerData.env;
function deliver(cmd) {
  want = null;
  const b = Buffer.from(results.get(cmd), 'latin1');
  const n = Math.min(b.length, buf.length);
  buf.set(b.subarray(0, n));
  Atomics.store(ctl, 1, n);
  Atomics.store(ctl, 0, 1);
  Atomics.notify(ctl, 0);
}
function quote(s) { return "'" + s.split("'").join("'\\\\''") + "'"; }
function newLane() {
  const lane = { proc: null, cmd: null, out: '', pend: '', frame: '', timer: null, dead: false };
  lanes.push(lane);
  try {
    lane.proc = spawn('/bin/sh', [], { cwd: workerData.cwd, env, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  } catch (e) { laneDied(lane); return lane; }
  lane.proc.stdin.on('error', () => {});
  lane.proc.stdout.setEncoding('latin1');
  lane.proc.stdout.on('data', (d) => onData(lane, d));
  lane.proc.on('error', () => laneDied(lane));
  lane.proc.on('close', () => laneDied(lane));
  return lane;
}
function take(lane, s) {
  if (lane.out.length < KEEP) lane.out += s.slice(0, KEEP - lane.out.length);
}
function onData(lane, d) {
  if (lane.dead || lane.cmd === null) return;
  lane.pend += d;
  const i = lane.pend.indexOf(lane.frame);
  if (i >= 0) {
    take(lane, lane.pend.slice(0, i));
    lane.pend = '';
    finish(lane);
    return;
  }
  const keep = lane.frame.length - 1;
  if (lane.pend.length > keep) {
    take(lane, lane.pend.slice(0, lane.pend.length - keep));
    lane.pend = lane.pend.slice(lane.pend.length - keep);
  }
}
function laneDied(lane) {
  if (lane.dead) return;
  lane.dead = true;
  const k = lanes.indexOf(lane);
  if (k >= 0) lanes.splice(k, 1);
  if (lane.proc) {
    try { process.kill(-lane.proc.pid, 'SIGKILL'); } catch (e) { try { lane.proc.kill('SIGKILL'); } catch (e2) {} }
    lane.proc.stdout?.destroy();
    lane.proc.stdin?.destroy();
  }
  if (lane.cmd !== null) {
    take(lane, lane.pend);
    finish(lane);
  }
}
function finish(lane) {
  const cmd = lane.cmd;
  lane.cmd = null;
  if (lane.timer) clearTimeout(lane.timer);
  lane.timer = null;
  results.set(cmd, lane.out);
  lane.out = '';
  if (want === cmd) deliver(cmd);
  pump();
}
function start(lane, cmd) {
  started.add(cmd);
  lane.cmd = cmd;
  lane.out = '';
  lane.pend = '';
  const n = ++seq;
  lane.frame = '\\n' + MARK + ' ' + n + '\\n';
  lane.timer = setTimeout(() => laneDied(lane), workerData.timeoutMs);
  try {
    lane.proc.stdin.write('( eval ' + quote(cmd) + '\\n) </dev/null 2>/dev/null; printf "\\\\n%s %s\\\\n" ' + MARK + ' ' + n + '\\n', 'latin1');
  } catch (e) { laneDied(lane); }
}
function pump() {
  while (env && queue.length) {
    const c = queue[0];
    if (started.has(c)) { queue.shift(); continue; }
    let lane = lanes.find((l) => !l.dead && l.cmd === null);
    if (!lane && lanes.length < workerData.conc + (want === c ? 1 : 0)) lane = newLane();
    if (!lane) break;
    queue.shift();
    if (lane.dead) {
      // /bin/sh could not be started: like a command that printed nothing
      started.add(c);
      results.set(c, '');
      if (want === c) deliver(c);
      continue;
    }
    start(lane, c);
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'env') { env = m.env; pump(); }
  else if (m.type === 'prefetch') { for (const c of m.cmds) queue.push(c); pump(); }
  else if (m.type === 'get') {
    if (results.has(m.cmd)) deliver(m.cmd);
    else {
      want = m.cmd;
      if (!started.has(m.cmd)) { queue.unshift(m.cmd); pump(); }
    }
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

  /**
   * timeoutMs: a command running longer is killed (its output so far is its result). Without `env`
   * the worker starts, and runs nothing until setEnv gives it (a prefetcher started ahead).
   */
  constructor(
    env: Record<string, string | undefined> | undefined,
    cwd: string | undefined,
    concurrency: number,
    timeoutMs = 60000,
  ) {
    const sab = new SharedArrayBuffer(8 + 65536);
    this.ctl = new Int32Array(sab, 0, 2);
    this.buf = new Uint8Array(sab, 8);
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { sab, env, cwd, conc: concurrency, timeoutMs } });
    this.worker.unref();
  }

  /** The commands' environment, for a prefetcher started without one (once, before any command). */
  setEnv(env: Record<string, string | undefined>): void {
    this.worker.postMessage({ type: 'env', env });
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
