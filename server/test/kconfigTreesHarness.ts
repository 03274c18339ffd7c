// Shared by the tests that compare the Kconfig engine with the kernel's own conf on the prepared
// Debian trees (scripts/prepare-kernel-trees.sh, scripts/kernel-trees.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { debianTree } from '../../scripts/kernel-trees';

export interface Prepared {
  ver: string;
  dir: string;
  conf: string;
}

export function prepared(ver: string): Prepared | string {
  const dir = debianTree(ver);
  const conf = path.join(dir, 'scripts/kconfig/conf');
  if (!fs.existsSync(path.join(dir, 'Kconfig')))
    return `kernel tree ${dir} is absent (run scripts/prepare-kernel-trees.sh)`;
  if (!fs.existsSync(conf)) return `${conf} was not built (run scripts/prepare-kernel-trees.sh)`;
  if (!fs.existsSync(path.join(dir, 'debian-configs/config.amd64_none_amd64')))
    return `Debian configs missing in ${dir}/debian-configs`;
  return { ver, dir, conf };
}

/** conf --olddefconfig on the concatenated inputs; returns the written .config. */
export function runConf(p: Prepared, env: Record<string, string>, inputs: string[], tmp: string): string {
  const cfg = path.join(tmp, `conf-${p.ver}.config`);
  fs.writeFileSync(cfg, inputs.map((f) => fs.readFileSync(f, 'utf8')).join(''));
  const r = spawnSync(p.conf, ['--olddefconfig', 'Kconfig'], {
    cwd: p.dir,
    env: { ...env, KCONFIG_CONFIG: cfg },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`conf failed (${r.status}): ${r.stderr}`);
  return fs.readFileSync(cfg, 'utf8');
}

export const configLines = (s: string): string[] => s.split('\n').filter((l) => /^(# )?CONFIG_/.test(l));

export function diffCount(a: string[], b: string[]): { count: number; sample: string[] } {
  const sa = new Set(a);
  const sb = new Set(b);
  const onlyA = a.filter((l) => !sb.has(l)).map((l) => `conf:   ${l}`);
  const onlyB = b.filter((l) => !sa.has(l)).map((l) => `engine: ${l}`);
  // also count order differences of equal sets
  let order = 0;
  if (!onlyA.length && !onlyB.length) for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) order++;
  return { count: onlyA.length + onlyB.length + order, sample: [...onlyA, ...onlyB].slice(0, 20) };
}
