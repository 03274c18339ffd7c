/**
 * Runs `$(shell,...)` commands ahead, in parallel, and hands each result to the
 * parse synchronously when it reaches it (see shellprefetch.ts for what is run).
 *
 * No thread of its own (a second JavaScript heap, ~12 MB of a cold
 * olddefconfig's peak): a few long-lived `/bin/sh` processes ("lanes") read
 * the commands from a named pipe this process writes without blocking, and
 * write their results to another it reads without blocking; a caller that
 * needs a result not yet there polls (every millisecond, sleeping in between).
 * Between calls a timer keeps the lanes fed while the load yields.
 *
 * Each command is written to a lane as `( eval 'CMD' ) </dev/null 2>/dev/null`
 * followed by an end marker (random per prefetcher, with a sequence number),
 * so a command costs a fork of a small shell, not of this large process. Same
 * cwd and environment as `sh -c CMD`, stdout a pipe; stdout is taken byte for
 * byte up to the marker (the first KEEP bytes). A command running longer than
 * the timeout has its lane's process group killed (the output so far is its
 * result) and the lane is replaced; so is a lane that died (`kill $$`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';

type Env = Record<string, string | undefined>;

/** Output kept of one command (the rest is read and dropped). */
const KEEP = 16384;
/** Commands a lane is given beyond the one it runs (so it does not wait for this process between them). */
const AHEAD = 2;
const { O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK } = fs.constants;

interface Lane {
  proc: ChildProcess | undefined;
  /** Our ends: its input (written without blocking) and its output (read without blocking). */
  inFd: number;
  outFd: number;
  /** Text not taken by the input pipe yet. */
  unsent: Buffer | undefined;
  /** Given to it, not finished; the first runs (since `headSince` at the latest). */
  cmds: Array<{ cmd: string; frame: string }>;
  headSince: number;
  /** The running command's output kept so far, and a tail that may be the start of its marker. */
  out: string;
  pend: string;
}

/** Named-pipe pairs for `n` lanes, opened (both ends each): the directory holding them is gone on return. */
function openPipes(n: number): Array<{ inFd: number; childIn: number; outFd: number; childOut: number }> {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'xen-config-sh-'));
  const opened: number[] = [];
  try {
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push(nodePath.join(dir, `in${i}`), nodePath.join(dir, `out${i}`));
    const r = spawnSync('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error('mkfifo failed');
    const open = (p: string, flags: number): number => {
      const fd = fs.openSync(p, flags);
      opened.push(fd);
      return fd;
    };
    const out = [];
    for (let i = 0; i < n; i++) {
      // in this order no open waits: read-write and non-blocking ends first, then the lane's blocking ones
      const inFd = open(names[2 * i]!, O_RDWR | O_NONBLOCK);
      const childIn = open(names[2 * i]!, O_RDONLY);
      const outFd = open(names[2 * i + 1]!, O_RDONLY | O_NONBLOCK);
      const childOut = open(names[2 * i + 1]!, O_WRONLY);
      out.push({ inFd, childIn, outFd, childOut });
    }
    return out;
  } catch (e) {
    for (const fd of opened) closeQuietly(fd);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    /* already closed */
  }
}

const quote = (s: string): string => `'${s.split("'").join("'\\''")}'`;

/** Runs commands on shell lanes; `run` blocks the caller until the result is there. */
export class ShellPrefetcher {
  /** Time the caller spent blocked waiting for results (ms), and requests. */
  waitedMs = 0;
  requests = 0;
  private env: Env | undefined;
  private readonly lanes: Lane[] = [];
  /** Pipes opened for lanes not started yet. */
  private readonly spare: ReturnType<typeof openPipes> = [];
  private readonly queue: string[] = [];
  private readonly started = new Set<string>();
  private readonly results = new Map<string, string>();
  private readonly mark = `kconfig-shell-end-${randomBytes(16).toString('hex')}`;
  private seq = 0;
  private closed = false;
  /** A lane could not be started (/bin/sh missing, no more processes). */
  private noShell = false;
  private readonly buf = Buffer.allocUnsafe(65536);
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * timeoutMs: a command running longer is killed (its output so far is its result). Without `env`
   * nothing runs until setEnv gives it (a prefetcher started ahead). Throws when no lane can be made
   * (no temporary directory, no mkfifo): the caller runs the commands itself then.
   */
  constructor(
    env: Env | undefined,
    private readonly cwd: string | undefined,
    private readonly concurrency: number,
    private readonly timeoutMs = 60000,
  ) {
    this.env = env;
    // the pipes of the first lanes at once (one mkfifo), before the process grows; more (a machine
    // with many processors) one by one when needed
    this.spare.push(...openPipes(Math.min(concurrency + 1, 9)));
  }

  /** The commands' environment, for a prefetcher started without one (once, before any command). */
  setEnv(env: Env): void {
    this.env = env;
    this.pump();
  }

  prefetch(cmds: string[]): void {
    for (const c of cmds) if (!this.started.has(c)) this.queue.push(c);
    this.pump();
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

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const lane of [...this.lanes]) this.drop(lane, false);
    for (const p of this.spare.splice(0)) for (const fd of Object.values(p)) closeQuietly(fd);
  }

  private runInner(cmd: string): string {
    if (this.closed) return '';
    if (!this.started.has(cmd)) {
      // asked for before the others
      const i = this.queue.indexOf(cmd);
      if (i >= 0) this.queue.splice(i, 1);
      this.queue.unshift(cmd);
    }
    const deadline = Date.now() + 2 * this.timeoutMs;
    for (;;) {
      this.pump(cmd);
      const r = this.results.get(cmd);
      if (r !== undefined) return r;
      if (Date.now() > deadline || this.closed) return '';
      Atomics.wait(this.sleeper, 0, 0, 1);
    }
  }

  /** Reads what the lanes wrote, ends what ran too long, gives queued commands to lanes with room. */
  private pump(want?: string): void {
    if (this.closed) return;
    const now = Date.now();
    for (const lane of [...this.lanes]) {
      this.drain(lane);
      if (lane.cmds.length && now - lane.headSince > this.timeoutMs) this.drop(lane, true);
    }
    while (this.env && this.queue.length) {
      const c = this.queue[0]!;
      if (this.started.has(c)) {
        this.queue.shift();
        continue;
      }
      let lane: Lane | undefined;
      for (const l of this.lanes) if (l.cmds.length <= AHEAD && (!lane || l.cmds.length < lane.cmds.length)) lane = l;
      // a new lane while there are fewer than asked for, or the one asked for waits behind others
      if ((!lane || lane.cmds.length) && this.lanes.length < this.concurrency + (want === c ? 1 : 0))
        lane = this.newLane() ?? lane;
      if (!lane && !this.lanes.length && this.noShell) {
        // /bin/sh cannot be started: like a command that printed nothing
        this.started.add(c);
        this.results.set(c, '');
        this.queue.shift();
        continue;
      }
      if (!lane) break;
      this.queue.shift();
      this.give(lane, c);
    }
    for (const lane of this.lanes) this.send(lane);
    // the lanes are fed between the caller's steps too (a load yields between slices)
    const busy = this.lanes.some((l) => l.cmds.length) || (this.env && this.queue.length);
    if (busy && !this.timer) {
      this.timer = setInterval(() => this.pump(), 2);
      this.timer.unref();
    } else if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private newLane(): Lane | undefined {
    if (!this.env) return undefined;
    let p = this.spare.pop();
    if (!p) {
      try {
        p = openPipes(1)[0]!;
      } catch {
        return undefined;
      }
    }
    const lane: Lane = {
      proc: undefined,
      inFd: p.inFd,
      outFd: p.outFd,
      unsent: undefined,
      cmds: [],
      headSince: Date.now(),
      out: '',
      pend: '',
    };
    try {
      lane.proc = spawn('/bin/sh', [], {
        cwd: this.cwd,
        env: this.env as NodeJS.ProcessEnv,
        stdio: [p.childIn, p.childOut, 'ignore'],
        detached: true,
      });
      lane.proc.on('error', () => undefined);
      lane.proc.unref();
    } catch {
      lane.proc = undefined;
    }
    // the lane has its copies of its ends
    closeQuietly(p.childIn);
    closeQuietly(p.childOut);
    this.lanes.push(lane);
    if (!lane.proc?.pid) {
      this.noShell = true;
      this.drop(lane, false);
      return undefined;
    }
    return lane;
  }

  private give(lane: Lane, cmd: string): void {
    this.started.add(cmd);
    const n = ++this.seq;
    if (!lane.cmds.length) {
      lane.headSince = Date.now();
      lane.out = '';
      lane.pend = '';
    }
    lane.cmds.push({ cmd, frame: `\n${this.mark} ${n}\n` });
    const text = Buffer.from(
      `( eval ${quote(cmd)}\n) </dev/null 2>/dev/null; printf "\\n%s %s\\n" ${this.mark} ${n}\n`,
      'latin1',
    );
    lane.unsent = lane.unsent ? Buffer.concat([lane.unsent, text]) : text;
  }

  /** Writes what the lane's input pipe takes now. */
  private send(lane: Lane): void {
    while (lane.unsent) {
      let n: number;
      try {
        n = fs.writeSync(lane.inFd, lane.unsent);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') this.drop(lane, true);
        return;
      }
      lane.unsent = n >= lane.unsent.length ? undefined : lane.unsent.subarray(n);
    }
  }

  /** Reads everything the lane has written so far; its end (no more writer) drops it. */
  private drain(lane: Lane): void {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(lane.outFd, this.buf, 0, this.buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') this.drop(lane, true);
        return;
      }
      if (n === 0) {
        this.drop(lane, true);
        return;
      }
      this.take(lane, this.buf.toString('latin1', 0, n));
    }
  }

  /** Output of the lane's running command, up to its marker; the text after a marker is the next one's. */
  private take(lane: Lane, s: string): void {
    let d = lane.pend + s;
    lane.pend = '';
    while (lane.cmds.length) {
      const head = lane.cmds[0]!;
      const i = d.indexOf(head.frame);
      if (i < 0) {
        const keep = head.frame.length - 1;
        if (d.length > keep) {
          this.keep(lane, d.slice(0, d.length - keep));
          d = d.slice(d.length - keep);
        }
        lane.pend = d;
        return;
      }
      this.keep(lane, d.slice(0, i));
      d = d.slice(i + head.frame.length);
      this.finish(lane);
    }
  }

  private keep(lane: Lane, s: string): void {
    if (lane.out.length < KEEP) lane.out += s.slice(0, KEEP - lane.out.length);
  }

  private finish(lane: Lane): void {
    const head = lane.cmds.shift();
    if (head) this.results.set(head.cmd, lane.out);
    lane.out = '';
    lane.pend = '';
    lane.headSince = Date.now();
  }

  /**
   * Ends a lane (its process group killed): its running command's output so far is its result
   * (when `finishHead`), the commands it had not started go back to the queue.
   */
  private drop(lane: Lane, finishHead: boolean): void {
    const k = this.lanes.indexOf(lane);
    if (k >= 0) this.lanes.splice(k, 1);
    if (lane.proc?.pid) {
      try {
        process.kill(-lane.proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    closeQuietly(lane.inFd);
    closeQuietly(lane.outFd);
    if (finishHead && lane.cmds.length) {
      this.keep(lane, lane.pend);
      this.finish(lane);
    }
    for (const c of lane.cmds.reverse()) {
      this.started.delete(c.cmd);
      this.queue.unshift(c.cmd);
    }
    lane.cmds = [];
  }
}
