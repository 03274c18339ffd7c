// Kconfig engine benchmark: parse + olddefconfig of Linux 6.1 x86_64 beside the
// kernel's own conf in the same run (wall time, peak memory), and one-line-edit
// re-diagnosis of Debian's 6.1 amd64 config in the editor session.
//
//   node --import tsx bench/kconfig.ts      (needs scripts/prepare-kernel-trees.sh)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { debianTree } from '../scripts/kernel-trees';
import { ConfigDocumentSession, kernelEnv, loadKconfigTree, loadKconfigTreeAsync, resolveConfig } from '../server/src/kconfig/index';

export interface KconfigBenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  reference?: string;
  referenceValue?: number;
}

const root = path.resolve(__dirname, '..');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Run a command under /usr/bin/time; wall ms and peak RSS in MB. */
function timed(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }): { ms: number; mb: number; stdout: string } {
  const t0 = Date.now();
  const hasTime = fs.existsSync('/usr/bin/time');
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '@@TIME %e %M', cmd, ...args], { ...opts, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Date.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const m = /@@TIME ([0-9.]+) ([0-9]+)/.exec(r.stderr ?? '');
  return { ms, mb: m ? Number(m[2]) / 1024 : NaN, stdout: r.stdout };
}

/** Child mode: parse + olddefconfig once, print in-process timings as JSON. */
async function childMeasure(srcDir: string, config: string, out: string): Promise<void> {
  const t0 = performance.now();
  const env = kernelEnv({ srcDir, arch: 'x86_64', base: process.env, allowShell: true });
  const { tree, stats } = await loadKconfigTreeAsync({ srcDir, arch: 'x86_64', env, allowShell: true });
  const t1 = performance.now();
  if (process.env.KCONFIG_BENCH_VERBOSE) process.stderr.write(JSON.stringify(stats) + '\n');
  const r = resolveConfig(tree, [{ path: config, text: fs.readFileSync(config, 'utf8') }]);
  fs.writeFileSync(out, r.output);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ parseMs: t1 - t0, resolveMs: t2 - t1, heapMb: process.memoryUsage().heapUsed / 1048576 }) + '\n');
}

export async function kconfigBench(): Promise<KconfigBenchRow[]> {
  const src = debianTree('6.1');
  const conf = path.join(src, 'scripts/kconfig/conf');
  const config = path.join(src, 'debian-configs/config.amd64_none_amd64');
  if (!fs.existsSync(conf) || !fs.existsSync(config)) {
    process.stderr.write(`kconfig bench: run scripts/prepare-kernel-trees.sh first (no ${src})\n`);
    return [];
  }
  const rows: KconfigBenchRow[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-bench-'));
  try {
    const env = kernelEnv({ srcDir: src, arch: 'x86_64', base: process.env, allowShell: true }) as NodeJS.ProcessEnv;
    // the kernel's conf, same environment, same input
    const confRuns: Array<{ ms: number; mb: number }> = [];
    const engineRuns: Array<{ ms: number; mb: number; parseMs: number; resolveMs: number }> = [];
    for (let i = 0; i < 3; i++) {
      const cfg = path.join(tmp, 'conf.config');
      fs.copyFileSync(config, cfg);
      confRuns.push(timed(conf, ['--olddefconfig', 'Kconfig'], { cwd: src, env: { ...env, KCONFIG_CONFIG: cfg } }));
      const out = path.join(tmp, 'engine.config');
      const r = timed(process.execPath, ['--import', 'tsx', __filename, '--child', src, config, out], { cwd: root, env: process.env });
      const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      engineRuns.push({ ms: r.ms, mb: r.mb, parseMs: j.parseMs, resolveMs: j.resolveMs });
      if (fs.readFileSync(out, 'utf8') !== fs.readFileSync(cfg, 'utf8')) process.stderr.write('kconfig bench: engine output differs from conf!\n');
    }
    const med = <T>(xs: T[], f: (x: T) => number): number => percentile(xs.map(f), 50);
    rows.push({
      name: 'Linux 6.1 x86_64: parse + olddefconfig (Debian amd64 config, shell probes run), in-process, median of 3',
      value: Math.round(med(engineRuns, (r) => r.parseMs + r.resolveMs)), unit: 'ms', target: '≤ conf',
      reference: 'kernel conf --olddefconfig, whole process', referenceValue: Math.round(med(confRuns, (r) => r.ms)),
    });
    rows.push({
      name: 'Linux 6.1 x86_64: same, whole process incl. node + tsx start',
      value: Math.round(med(engineRuns, (r) => r.ms)), unit: 'ms',
      reference: 'kernel conf --olddefconfig, whole process', referenceValue: Math.round(med(confRuns, (r) => r.ms)),
    });
    rows.push({
      name: 'Linux 6.1 x86_64: peak memory (max RSS) of parse + olddefconfig',
      value: Math.round(med(engineRuns, (r) => r.mb)), unit: 'MB', target: '< 300 MB',
      reference: 'kernel conf max RSS', referenceValue: Math.round(med(confRuns, (r) => r.mb)),
    });
    // parse with known toolchain results (what an editor does after the first load)
    const probe = loadKconfigTree({ srcDir: src, arch: 'x86_64', env, allowShell: true }).tree;
    const facts: Record<string, string> = {};
    for (const c of probe.shellCalls()) facts[c.command] = c.output;
    const parses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      loadKconfigTree({ srcDir: src, arch: 'x86_64', env, toolchainFacts: facts });
      parses.push(performance.now() - t);
    }
    rows.push({ name: 'Linux 6.1 x86_64: parse with cached toolchain results (no shell), median of 3', value: Math.round(percentile(parses, 50)), unit: 'ms' });
    // one-line edit re-diagnosis in the editor session
    const text = fs.readFileSync(config, 'utf8');
    const sess = new ConfigDocumentSession(probe);
    let t = performance.now();
    sess.update(text);
    rows.push({ name: `first diagnosis of Debian 6.1 amd64 config (${text.split('\n').length} lines)`, value: Math.round(performance.now() - t), unit: 'ms' });
    const lines = text.split('\n');
    const samples: number[] = [];
    let seed = 1;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const li = seed % lines.length;
      const l = lines[li];
      let m: RegExpExecArray | null;
      if ((m = /^CONFIG_(\w+)=[ym]$/.exec(l))) lines[li] = `# CONFIG_${m[1]} is not set`;
      else if ((m = /^# CONFIG_(\w+) is not set$/.exec(l))) lines[li] = `CONFIG_${m[1]}=y`;
      else lines[li] = l + ' ';
      t = performance.now();
      sess.update(lines.join('\n'));
      samples.push(performance.now() - t);
    }
    rows.push({ name: 'one-line edit → re-diagnosis of Debian 6.1 amd64 config, median of 200 edits', value: Number(percentile(samples, 50).toFixed(2)), unit: 'ms', target: '< 20 ms' });
    rows.push({ name: 'one-line edit → re-diagnosis, 95th percentile', value: Number(percentile(samples, 95).toFixed(2)), unit: 'ms', target: '< 20 ms' });
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      resolveConfig(probe, [{ path: '', text: lines.join('\n') }]);
      full.push(performance.now() - t);
    }
    rows.push({ name: 'full re-evaluation + diagnosis of the same config (for comparison), median of 5', value: Math.round(percentile(full, 50)), unit: 'ms' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') void childMeasure(argv[1], argv[2], argv[3]);
  else {
    void kconfigBench().then((rows) => {
      for (const r of rows) {
        const ref = r.reference ? `   [${r.reference}: ${r.referenceValue} ${r.unit}]` : '';
        process.stdout.write(`${r.name}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ''}${ref}\n`);
      }
    });
  }
}
