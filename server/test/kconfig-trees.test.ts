// Acceptance test: on real kernel trees (Debian's linux-source 6.1 and 6.12,
// prepared by scripts/prepare-kernel-trees.sh, see scripts/kernel-trees.ts), the
// engine's olddefconfig must write the same CONFIG_ lines as the kernel's own
// conf, run on the same input in the same environment (shell probes allowed).
//
// Skips when the trees are absent, unless XEN_CONFIG_REQUIRE_TREES=1.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { kernelEnv, loadKconfigTree, loadKconfigTreeAsync, resolveConfig } from '../src/kconfig/index';
import { SEMANTICS_CASES } from './kconfig-cases';
import { treesRequired } from '../../scripts/kernel-trees';
import { configLines, diffCount, prepared, runConf, type Prepared } from './kconfigTreesHarness';

const required = treesRequired();

for (const ver of ['6.1', '6.12']) {
  const p = prepared(ver);
  const skip = typeof p === 'string' && !required ? p : false;
  test(`olddefconfig on Linux ${ver} x86_64 matches the kernel's conf`, { skip, timeout: 900_000 }, async (t) => {
    if (typeof p === 'string') assert.fail(p);
    const env = kernelEnv({
      srcDir: p.dir,
      arch: 'x86_64',
      base: process.env as Record<string, string>,
      allowShell: true,
    });
    // the parallel loader here; the sequential one in the make-environment test below. Cold
    // (parsed, then stored in a fresh parsed-tree cache) and warm (read back from that cache):
    // both must write conf's output.
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-trees-cache-'));
    t.after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
    const { tree, errors, stats } = await loadKconfigTreeAsync({
      srcDir: p.dir,
      arch: 'x86_64',
      env,
      allowShell: true,
      cache: cacheDir,
    });
    assert.deepEqual(
      errors.filter((e) => e.severity === 'error'),
      [],
    );
    assert.match(stats.cache ?? '', /stored$/);
    const warm = loadKconfigTree({ srcDir: p.dir, arch: 'x86_64', env, allowShell: true, cache: cacheDir });
    assert.equal(warm.stats.cache, 'hit');
    // and as the CLI reads it: without the flat form kept, the slots read from the file in pieces
    const pieces = loadKconfigTree({
      srcDir: p.dir,
      arch: 'x86_64',
      env,
      allowShell: true,
      cache: cacheDir,
      keepFlat: false,
      help: false,
    });
    assert.equal(pieces.stats.cache, 'hit');
    t.diagnostic(`${ver}: cold load ${Math.round(stats.totalMs)} ms, warm ${Math.round(warm.stats.totalMs)} ms`);
    assert.ok(tree.shellCalls().length > 0 && tree.shellCalls().every((c) => c.source === 'ran'));
    const deb = path.join(p.dir, 'debian-configs');
    const defc = path.join(p.dir, 'arch/x86/configs/x86_64_defconfig');
    const cases: Array<[string, string[]]> = [
      ['debian amd64', [path.join(deb, 'config.amd64_none_amd64')]],
      ['debian cloud-amd64', [path.join(deb, 'config.amd64_none_cloud-amd64')]],
      ['debian rt amd64', [path.join(deb, 'config.amd64_rt_amd64')]],
      ['x86_64_defconfig', [defc]],
      [
        'x86_64_defconfig + xen fragments',
        [defc, path.join(p.dir, 'kernel/configs/xen.config'), path.join(p.dir, 'arch/x86/configs/xen.config')],
      ],
    ];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-trees-'));
    const report: string[] = [];
    try {
      for (const [name, inputs] of cases) {
        const ref = runConf(p, env, inputs, tmp);
        const texts = inputs.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
        const mine = resolveConfig(tree, texts).output;
        assert.equal(
          resolveConfig(warm.tree, texts).output,
          mine,
          `${ver} ${name}: the cached tree writes another file`,
        );
        assert.equal(
          resolveConfig(pieces.tree, texts).output,
          mine,
          `${ver} ${name}: the cached tree read in pieces writes another file`,
        );
        const d = diffCount(configLines(ref), configLines(mine));
        const full = ref === mine ? 'identical file' : 'comment lines differ';
        report.push(`${ver} ${name}: ${d.count} CONFIG_ line differences (${full})`);
        assert.equal(d.count, 0, `${ver} ${name}:\n${d.sample.join('\n')}`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      for (const l of report) t.diagnostic(l);
    }
  });

  test(
    `Linux ${ver}: the emulated make environment equals make's own (make olddefconfig)`,
    { skip, timeout: 600_000 },
    () => {
      if (typeof p === 'string') assert.fail(p);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-make-'));
      try {
        const defc = path.join(p.dir, 'arch/x86/configs/x86_64_defconfig');
        const cfg = path.join(tmp, 'make.config');
        fs.copyFileSync(defc, cfg);
        const r = spawnSync('make', ['-s', '-C', p.dir, 'ARCH=x86_64', `KCONFIG_CONFIG=${cfg}`, 'olddefconfig'], {
          encoding: 'utf8',
          timeout: 300_000,
        });
        assert.equal(r.status, 0, r.stderr);
        const env = kernelEnv({
          srcDir: p.dir,
          arch: 'x86_64',
          base: process.env as Record<string, string>,
          allowShell: true,
        });
        const { tree } = loadKconfigTree({ srcDir: p.dir, arch: 'x86_64', env, allowShell: true });
        const mine = resolveConfig(tree, [{ path: defc, text: fs.readFileSync(defc, 'utf8') }]).output;
        const d = diffCount(configLines(fs.readFileSync(cfg, 'utf8')), configLines(mine));
        assert.equal(d.count, 0, d.sample.join('\n'));
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}

// The semantics fixture (server/test/kconfig-cases.ts) re-checked against conf.
{
  const p61 = prepared('6.1');
  const p612 = prepared('6.12');
  const skip = (typeof p61 === 'string' || typeof p612 === 'string') && !required ? 'kernel trees absent' : false;
  test('semantics fixture agrees with the kernel conf binaries', { skip }, () => {
    if (typeof p61 === 'string') assert.fail(p61);
    if (typeof p612 === 'string') assert.fail(p612);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-sem-'));
    try {
      for (const c of SEMANTICS_CASES) {
        const pairs: Array<[Prepared, string | undefined]> = [
          [p61, c.legacy],
          [p612, c.modern],
        ];
        for (const [p, want] of pairs) {
          if (want === undefined) continue;
          const d = fs.mkdtempSync(path.join(tmp, 'c'));
          fs.writeFileSync(path.join(d, 'Kconfig'), c.kconfig);
          if (c.config !== null) fs.writeFileSync(path.join(d, '.config'), c.config);
          const r: { status: number | null; stderr: string } = spawnSync(p.conf, ['--olddefconfig', 'Kconfig'], {
            cwd: d,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
            encoding: 'utf8',
          });
          assert.equal(r.status, 0, r.stderr);
          assert.equal(fs.readFileSync(path.join(d, '.config'), 'utf8'), want, `${c.name} (${p.ver})`);
        }
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
