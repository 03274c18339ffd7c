// Oracle for the Kconfig solver (issue 17): on Debian's 6.1 and 6.12 trees, from tinyconfig,
// allnoconfig, x86_64_defconfig and Debian's cloud config (which lacks XEN_DOM0), and on arm64 from
// allnoconfig and defconfig, `enable --role dom0 / pvh-domU / pv-domU` gives a configuration that,
// after the kernel's own `conf --olddefconfig`, passes the role check; and each added line is
// necessary: without any one of them, conf's result fails the role check. Slow (conf runs every
// toolchain probe each time): run by `npm run oracle`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { kernelEnv, loadKconfigTreeAsync, type KconfigTree } from '../../src/kconfig/index';
import { editsForAdded, solveConfig } from '../../src/kconfig/solve';
import { roleGoals } from '../../src/kernelconfig/roleGoals';
import { roleRequirementsReport } from '../../src/kernelconfig/roles';
import { treesRequired } from '../../../scripts/kernel-trees';
import { prepared, type Prepared } from '../kconfigTreesHarness';
import { baseConfig, type BaseName } from '../kconfigBaseConfigs';

const required = treesRequired();
const ROLES = ['dom0', 'pvh-domU', 'pv-domU'];

/** conf --olddefconfig on a text, in its own file (several run at once). */
function confAsync(p: Prepared, env: Record<string, string>, text: string, file: string): Promise<string> {
  fs.writeFileSync(file, text);
  return new Promise((resolve, reject) => {
    const c = spawn(p.conf, ['--olddefconfig', 'Kconfig'], {
      cwd: p.dir,
      env: { ...env, KCONFIG_CONFIG: file },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    c.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    c.on('error', reject);
    c.on('close', (code) =>
      code === 0 ? resolve(fs.readFileSync(file, 'utf8')) : reject(new Error(`conf failed (${code}): ${err}`)),
    );
  });
}

/** Run jobs two at a time (the machine is shared). */
async function pool<T>(jobs: Array<() => Promise<T>>, n = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

interface Case {
  base: BaseName;
  role: string;
  text: string;
  written: string;
  withoutEach: Array<{ line: string; text: string }>;
}

async function checkArch(
  t: { diagnostic(s: string): void },
  p: Prepared,
  arch: 'x86_64' | 'arm64',
  bases: BaseName[],
  tmp: string,
): Promise<void> {
  const env = kernelEnv({
    srcDir: p.dir,
    arch,
    base: process.env as Record<string, string>,
    allowShell: true,
  }) as Record<string, string>;
  const { tree } = await loadKconfigTreeAsync({ srcDir: p.dir, arch, env, allowShell: true });
  const cases: Case[] = [];
  for (const base of bases) {
    const text = baseConfig(p, env, base, tmp, arch === 'arm64' ? 'arm64' : 'x86');
    for (const role of ROLES) cases.push(solveCase(t, tree, p, arch, base, role, text));
  }
  let n = 0;
  const jobs: Array<() => Promise<void>> = [];
  for (const c of cases) {
    jobs.push(async () => {
      const out = await confAsync(p, env, c.written, path.join(tmp, `w${n++}.config`));
      const rep = roleRequirementsReport(out, c.role, { settings: { arch } })!;
      const failing = rep.rows.filter((r) => r.status === 'FAIL' && r.level === 'required').map((r) => r.requirement);
      assert.ok(rep.ok, `${p.ver} ${arch} ${c.base} ${c.role}: after conf the role check fails: ${failing.join(', ')}`);
    });
    for (const w of c.withoutEach) {
      jobs.push(async () => {
        const out = await confAsync(p, env, w.text, path.join(tmp, `w${n++}.config`));
        const rep = roleRequirementsReport(out, c.role, { settings: { arch } })!;
        assert.ok(
          !rep.ok,
          `${p.ver} ${arch} ${c.base} ${c.role}: ${w.line} is not needed (conf passes the role check without it)`,
        );
      });
    }
  }
  t.diagnostic(`${p.ver} ${arch}: ${jobs.length} conf runs`);
  await pool(jobs);
}

function solveCase(
  t: { diagnostic(s: string): void },
  tree: KconfigTree,
  p: Prepared,
  arch: string,
  base: BaseName,
  role: string,
  text: string,
): Case {
  const rg = roleGoals(tree, role)!;
  const r = solveConfig(tree, text, rg.goals);
  assert.ok(
    r.ok,
    `${p.ver} ${arch} ${base} ${role}: ${r.goals
      .filter((g) => !g.met)
      .map((g) => `${g.label}: ${g.why}`)
      .join('; ')}`,
  );
  t.diagnostic(
    `${p.ver} ${arch} ${base} --role ${role}: ${r.added.length} added (${r.added.map((a) => a.line).join(', ') || 'none'}), ${Math.round(r.stats.ms)} ms`,
  );
  const written = editsForAdded(tree, text, r.added).text;
  const withoutEach = r.added.map((a, i) => ({
    line: a.line,
    text: editsForAdded(
      tree,
      text,
      r.added.filter((_, j) => j !== i),
    ).text,
  }));
  return { base, role, text, written, withoutEach };
}

for (const ver of ['6.1', '6.12']) {
  const p = prepared(ver);
  const skip = typeof p === 'string' && !required ? p : false;
  test(
    `Linux ${ver}: enable --role dom0/pvh-domU/pv-domU passes the role check after conf, each added line necessary (x86_64 and arm64)`,
    { skip, timeout: 1_800_000 },
    async (t) => {
      if (typeof p === 'string') assert.fail(p);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-solve-'));
      try {
        await checkArch(t, p, 'x86_64', ['tinyconfig', 'allnoconfig', 'x86_64_defconfig', 'cloud'], tmp);
        await checkArch(t, p, 'arm64', ['allnoconfig', 'defconfig'], tmp);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}
