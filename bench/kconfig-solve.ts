// The Kconfig solver (`xen-config enable`, issue 17) beside the kernel's own `conf --olddefconfig`
// in the same run: per tree, starting configuration and role, the solver's time on a loaded tree
// (search, minimizing, final full check) and the whole in-process `enable` (tree load with the
// toolchain probes + solve), against one whole `conf --olddefconfig` of the same configuration.
//
//   node --import tsx bench/kconfig-solve.ts      (needs scripts/prepare-kernel-trees.sh)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kernelEnv, loadKconfigTreeAsync } from '../server/src/kconfig/index';
import { solveConfig } from '../server/src/kconfig/solve';
import { roleGoals } from '../server/src/kernelconfig/roleGoals';
import { prepared } from '../server/test/kconfigTreesHarness';
import { baseConfig, type BaseName } from '../server/test/kconfigBaseConfigs';
import type { KconfigBenchRow } from './kconfig';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function kconfigSolveBench(versions = ['6.1', '6.12']): Promise<KconfigBenchRow[]> {
  const rows: KconfigBenchRow[] = [];
  for (const ver of versions) {
    const p = prepared(ver);
    if (typeof p === 'string') {
      process.stderr.write(`kconfig solve bench: ${p}\n`);
      continue;
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-solve-bench-'));
    try {
      const env = kernelEnv({ srcDir: p.dir, arch: 'x86_64', base: process.env, allowShell: true }) as Record<
        string,
        string
      >;
      let t = performance.now();
      const { tree } = await loadKconfigTreeAsync({ srcDir: p.dir, arch: 'x86_64', env, allowShell: true });
      const loadMs = performance.now() - t;
      for (const base of ['cloud', 'x86_64_defconfig', 'tinyconfig'] as BaseName[]) {
        const text = baseConfig(p, env, base, tmp);
        // one whole conf --olddefconfig of the same configuration (median of 3)
        const confMs: number[] = [];
        for (let i = 0; i < 3; i++) {
          const cfg = path.join(tmp, 'conf.config');
          fs.writeFileSync(cfg, text);
          t = performance.now();
          const r = spawnSync(p.conf, ['--olddefconfig', 'Kconfig'], {
            cwd: p.dir,
            env: { ...env, KCONFIG_CONFIG: cfg },
            encoding: 'utf8',
          });
          confMs.push(performance.now() - t);
          if (r.status !== 0) throw new Error(`conf failed: ${r.stderr}`);
        }
        const conf = Math.round(median(confMs));
        for (const role of ['dom0', 'pvh-domU', 'pv-domU']) {
          const goals = roleGoals(tree, role)!.goals;
          const runs: number[] = [];
          let added = 0;
          let ok = true;
          for (let i = 0; i < 3; i++) {
            const r = solveConfig(tree, text, goals);
            runs.push(r.stats.ms);
            added = r.added.length;
            ok = r.ok;
          }
          const solveMs = median(runs);
          const full = base === 'cloud';
          rows.push({
            name: `Linux ${ver}: enable --role ${role} on ${base === 'cloud' ? "Debian's cloud config" : base} (${ok ? `${added} line${added === 1 ? '' : 's'} added` : 'UNREACHED'}), solver on a loaded tree, median of 3`,
            value: Math.round(solveMs),
            unit: 'ms',
            target: full ? '< 3× conf' : undefined,
            reference: 'kernel conf --olddefconfig, whole process',
            referenceValue: conf,
          });
          if (role === 'dom0' && full) {
            rows.push({
              name: `Linux ${ver}: same, with the tree load (toolchain probes run), in-process`,
              value: Math.round(loadMs + solveMs),
              unit: 'ms',
              target: full ? '< 3× conf' : undefined,
              reference: 'kernel conf --olddefconfig, whole process',
              referenceValue: conf,
            });
          }
        }
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return rows;
}

if (require.main === module) {
  void kconfigSolveBench(process.argv.slice(2).length ? process.argv.slice(2) : undefined).then((rows) => {
    for (const r of rows) {
      const ref = r.reference ? `   [${r.reference}: ${r.referenceValue} ${r.unit}]` : '';
      process.stdout.write(`${r.name}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ''}${ref}\n`);
    }
  });
}
