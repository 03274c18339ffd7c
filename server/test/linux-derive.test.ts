// CI check: regenerating the Linux parameter tables from Debian's kernel sources gives exactly the
// committed server/data/linux/params-<v>.json. The sources come from
// /usr/src/linux-source-<v>.tar.xz (apt-get install linux-source-<v>), extracted once into
// .cache/linux-params-<v> (only what the derivation reads: *.c, *.h, Makefile, Kbuild, Kconfig,
// kernel-parameters.txt; other architectures and tools/ left out), or from .cache/linux-<v> when that tree already has them.
// Without the tarball the test skips, unless XEN_CONFIG_REQUIRE_TREES=1 (CI), where it fails.
// KERNEL_TREES_CACHE moves .cache; LINUX_SOURCE_TARBALLS moves /usr/src.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deriveLinuxParams, serializeTable } from '../../scripts/derive-linux-params';

const root = resolve(__dirname, '..', '..');
const cache = process.env.KERNEL_TREES_CACHE ?? join(root, '.cache');
const required = process.env.XEN_CONFIG_REQUIRE_TREES === '1';
/** Where Debian's linux-source packages put their tarballs (overridable for tests of this test). */
const sourceDir = process.env.LINUX_SOURCE_TARBALLS ?? '/usr/src';

/** What the derivation needs from a tree; a tree with all of these is used as it is. */
const NEEDED = ['Makefile', 'Kbuild', 'init/main.c', 'init/Kconfig', 'drivers/md/md-autodetect.c', 'kernel/rcu/tree_plugin.h', 'include/linux/torture.h', 'fs/proc/proc_sysctl.c', 'drivers/idle/Kconfig', 'arch/x86/Kconfig', 'Documentation/admin-guide/kernel-parameters.txt', 'arch/x86/include/asm/setup.h'];
const OTHER_ARCHES = ['alpha', 'arc', 'arm', 'csky', 'hexagon', 'ia64', 'loongarch', 'm68k', 'microblaze', 'mips', 'nios2', 'openrisc', 'parisc', 'powerpc', 'riscv', 's390', 'sh', 'sparc', 'um', 'xtensa'];

function complete(dir: string): boolean {
  return NEEDED.every((f) => existsSync(join(dir, f)));
}

/** A tree for version v, extracting from Debian's tarball when needed; a reason string when impossible. */
function treeFor(v: string): { dir: string; extractedMs?: number } | { missing: string } {
  const shared = join(cache, `linux-${v}`);
  if (complete(shared)) return { dir: shared };
  const own = join(cache, `linux-params-${v}`);
  if (existsSync(join(own, '.complete')) && complete(own)) return { dir: own };
  const tarball = join(sourceDir, `linux-source-${v}.tar.xz`);
  if (!existsSync(tarball)) return { missing: `${tarball} not found (apt-get install linux-source-${v})` };
  const top = `linux-source-${v}`;
  // Test runs may overlap (several engineers, parallel runners): extract into a private directory
  // and move it into place only when complete; a tree someone else completed meanwhile wins.
  const tmp = `${own}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const t0 = Date.now();
  const excludes = [...OTHER_ARCHES.map((a) => `--exclude=${top}/arch/${a}/*`), `--exclude=${top}/tools/*`, `--exclude=${top}/include/dt-bindings/*`, `--exclude=${top}/include/uapi/*`];
  try {
    execFileSync('tar', ['-xJf', tarball, '-C', tmp, '--strip-components=1', '--wildcards', ...excludes,
      '*.c', '*.h', '*/Makefile', '*/Kbuild', '*/Kconfig*', `${top}/Documentation/admin-guide/kernel-parameters.txt`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    return { missing: `extracting ${tarball} failed: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!complete(tmp)) {
    rmSync(tmp, { recursive: true, force: true });
    return { missing: `${tarball} lacks files the derivation needs` };
  }
  const ms = Date.now() - t0;
  writeFileSync(join(tmp, '.complete'), `extracted from ${tarball} in ${ms} ms\n`);
  if (existsSync(join(own, '.complete')) && complete(own)) {
    rmSync(tmp, { recursive: true, force: true });
    return { dir: own, extractedMs: ms };
  }
  const stale = `${own}.stale-${process.pid}`;
  try { if (existsSync(own)) renameSync(own, stale); } catch { /* moved by another run */ }
  try {
    renameSync(tmp, own);
  } catch {
    // Another run put its tree in place between our check and the move: use ours where it is.
    return { dir: tmp, extractedMs: ms };
  } finally {
    rmSync(stale, { recursive: true, force: true });
  }
  return { dir: own, extractedMs: ms };
}

/** The first differing lines, so a failure shows what changed rather than two megabytes. */
function firstDifferences(a: string, b: string, max = 8): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const setB = new Set(lb);
  const setA = new Set(la);
  const gone = la.filter((l) => !setB.has(l)).slice(0, max);
  const added = lb.filter((l) => !setA.has(l)).slice(0, max);
  return [`committed ${la.length} lines, regenerated ${lb.length} lines`, ...gone.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)].join('\n');
}

for (const v of ['6.1', '6.12']) {
  test(`Linux ${v} parameter table regenerates identically from Debian's source`, { timeout: 10 * 60_000 }, (t) => {
    const tree = treeFor(v);
    if ('missing' in tree) {
      if (required) assert.fail(`XEN_CONFIG_REQUIRE_TREES=1 but the Linux ${v} source is unavailable: ${tree.missing}`);
      t.skip(`Linux ${v} source unavailable: ${tree.missing}; set XEN_CONFIG_REQUIRE_TREES=1 to make this a failure`);
      return;
    }
    const t0 = Date.now();
    const fresh = serializeTable(deriveLinuxParams(tree.dir));
    const deriveMs = Date.now() - t0;
    t.diagnostic(`tree ${tree.dir}${tree.extractedMs !== undefined ? `, extracted in ${(tree.extractedMs / 1000).toFixed(1)} s` : ''}, derived in ${(deriveMs / 1000).toFixed(1)} s`);
    const committed = readFileSync(join(root, 'server', 'data', 'linux', `params-${v}.json`), 'utf8');
    if (fresh !== committed) {
      assert.fail(`server/data/linux/params-${v}.json is stale; rerun: node --import tsx scripts/derive-linux-params.ts ${tree.dir}\n${firstDifferences(committed, fresh)}`);
    }
    const parsed = JSON.parse(fresh) as { version: string; params: unknown[] };
    assert.equal(parsed.version, v);
    assert.ok(parsed.params.length > 5000, 'a full tree registers thousands of parameters');
  });
}
