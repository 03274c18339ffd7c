// Oracle: the Kconfig engine against the kernel's own conf on generated and perturbed
// configurations (allyes/allmod/allno/randconfig with every seventh line flipped) and arm64's
// defconfig, on Debian's 6.1 and 6.12 trees. Slow (about 2 minutes): run by `npm run oracle`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { kernelEnv, loadKconfigTreeAsync, resolveConfig } from '../../src/kconfig/index';
import { treesRequired } from '../../../scripts/kernel-trees';
import { configLines, diffCount, prepared, runConf } from '../kconfigTreesHarness';

const required = treesRequired();

for (const ver of ['6.1', '6.12']) {
  const p = prepared(ver);
  const skip = typeof p === 'string' && !required ? p : false;
  test(
    `Linux ${ver}: generated and perturbed configs (all*, rand) and arm64 match conf`,
    { skip, timeout: 900_000 },
    async (t) => {
      if (typeof p === 'string') assert.fail(p);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-gen-'));
      try {
        const env = kernelEnv({
          srcDir: p.dir,
          arch: 'x86_64',
          base: process.env as Record<string, string>,
          allowShell: true,
        });
        const { tree } = await loadKconfigTreeAsync({ srcDir: p.dir, arch: 'x86_64', env, allowShell: true });
        // The summary every oracle prints: here an input is one CONFIG_ line of conf's output.
        const sum = { configs: 0, lines: 0, differ: 0 };
        const count = (ref: string[], d: { count: number }) => {
          sum.configs++;
          sum.lines += ref.length;
          sum.differ += d.count;
        };
        for (const mode of ['allyesconfig', 'allmodconfig', 'allnoconfig', 'randconfig:1', 'randconfig:2']) {
          const [m, seed] = mode.split(':');
          const gen = path.join(tmp, 'gen.config');
          fs.rmSync(gen, { force: true });
          const g: { status: number | null; stderr: string } = spawnSync(p.conf, [`--${m}`, 'Kconfig'], {
            cwd: p.dir,
            env: { ...env, KCONFIG_CONFIG: gen, KCONFIG_SEED: seed ?? '1' },
            encoding: 'utf8',
          });
          assert.equal(g.status, 0, g.stderr);
          // make it inconsistent: flip every seventh line
          const input = fs
            .readFileSync(gen, 'utf8')
            .split('\n')
            .map((l, i) =>
              i % 7
                ? l
                : l
                    .replace(/^CONFIG_(\w+)=y$/, '# CONFIG_$1 is not set')
                    .replace(/^# CONFIG_(\w+) is not set$/, 'CONFIG_$1=y'),
            )
            .join('\n');
          const inFile = path.join(tmp, 'in.config');
          fs.writeFileSync(inFile, input);
          const ref = runConf(p, env, [inFile], tmp);
          const mine = resolveConfig(tree, [{ path: inFile, text: input }]).output;
          const d = diffCount(configLines(ref), configLines(mine));
          count(configLines(ref), d);
          t.diagnostic(`${ver} perturbed ${mode}: ${d.count} CONFIG_ line differences`);
          assert.equal(d.count, 0, `${mode}:\n${d.sample.join('\n')}`);
        }
        const envArm = kernelEnv({
          srcDir: p.dir,
          arch: 'arm64',
          base: process.env as Record<string, string>,
          allowShell: true,
        });
        const arm = await loadKconfigTreeAsync({ srcDir: p.dir, arch: 'arm64', env: envArm, allowShell: true });
        const defc = path.join(p.dir, 'arch/arm64/configs/defconfig');
        const ref = runConf(p, envArm, [defc], tmp);
        const mine = resolveConfig(arm.tree, [{ path: defc, text: fs.readFileSync(defc, 'utf8') }]).output;
        const d = diffCount(configLines(ref), configLines(mine));
        count(configLines(ref), d);
        t.diagnostic(`${ver} arm64 defconfig: ${d.count} CONFIG_ line differences`);
        t.diagnostic(
          `conf ${ver} on generated configurations: ${sum.configs} configurations, ${sum.lines} CONFIG_ lines tried, ${sum.lines - sum.differ} agree, ${sum.differ} disagree (0 allow-listed / ${sum.differ} new)`,
        );
        assert.equal(d.count, 0, d.sample.join('\n'));
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}
