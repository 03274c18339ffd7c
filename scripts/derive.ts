// npm run derive — regenerates every derived data file from its sources, in one go.
//
// - Linux (server/data/linux/params-<v>.json, server/data/kernel/symbols*.json): from Debian's
//   trees prepared by scripts/prepare-kernel-trees.sh ($XEN_CONFIG_TREES, default .cache/) and,
//   for the older release lines, single-release snapshots under <trees>/mainline/
//   (scripts/prepare-mainline-trees.sh; never in CI).
// - Xen and xl (server/data/xen/*.json, server/data/xl/*-keys.json): from a clone or bare mirror
//   of the public xen-project/xen repository named by $XEN_GIT (see server/data/xen/README.md);
//   without it these steps are skipped with a note, the committed data stays as it is.
// Each step is the derivation script's own command line, so it can be run alone too.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEBIAN_VERSIONS } from './check-data';
import { preparedTree } from './kernel-trees';

const repo = path.resolve(__dirname, '..');

interface Step {
  what: string;
  script: string;
  args: string[];
}

function steps(): { run: Step[]; skipped: string[] } {
  const run: Step[] = [];
  const skipped: string[] = [];
  for (const v of DEBIAN_VERSIONS) {
    const t = preparedTree(v);
    if ('missing' in t) skipped.push(`Linux ${v} parameters: ${t.missing}`);
    else run.push({ what: `Linux ${v} parameters`, script: 'derive-linux-params.ts', args: [t.dir] });
  }
  // Every release line needs its tree: Debian's (above) and the mainline snapshots
  // (scripts/prepare-mainline-trees.sh, a developer step); the history is computed from the result.
  run.push({ what: 'Kconfig symbols', script: 'derive-kernel-symbols.ts', args: [] });
  run.push({ what: 'Xen symbol history', script: 'derive-xen-history.ts', args: [] });
  const xen = process.env.XEN_GIT;
  if (xen && existsSync(xen)) {
    const git = path.resolve(xen);
    run.push({ what: 'Xen parameters', script: 'derive-xen-params.ts', args: ['--git', git] });
    run.push({ what: 'Xen documentation syntax', script: 'derive-xen-docs.ts', args: ['--git', git] });
    run.push({ what: 'Xen sub-options and defaults', script: 'derive-xen-suboptions.ts', args: ['--git', git] });
    run.push({ what: 'xl.cfg keys', script: 'derive-xl-cfg.ts', args: ['--git', git] });
    run.push({ what: 'xl.conf keys', script: 'derive-xl-cfg.ts', args: ['--git', git, '--conf'] });
    run.push({ what: 'Xen EFI configuration keys', script: 'derive-xen-efi.ts', args: ['--git', git] });
    run.push({ what: 'Xen on Arm device tree names', script: 'derive-xen-devicetree.ts', args: ['--git', git] });
  } else {
    skipped.push('Xen and xl data: set XEN_GIT to a clone or mirror of xen-project/xen (server/data/xen/README.md)');
  }
  return { run, skipped };
}

if (require.main === module) {
  const { run, skipped } = steps();
  let failed = 0;
  for (const s of run) {
    const t0 = Date.now();
    process.stderr.write(`derive: ${s.what} …\n`);
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts', s.script), ...s.args], {
        cwd: repo,
        stdio: 'inherit',
      });
      process.stderr.write(`derive: ${s.what} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch {
      failed++;
      process.stderr.write(`derive: ${s.what} FAILED\n`);
    }
  }
  for (const s of skipped) process.stderr.write(`derive: skipped ${s}\n`);
  process.exit(failed ? 1 : 0);
}
