// The public kernel snapshots behind the derived data. scripts/prepare-mainline-trees.sh (RELEASES)
// and scripts/derive-linux/prepare-tree.ts (MAINLINE) must list the same repository and commit for
// a line, and the data must name that snapshot: symbols.json's `releases`, each mainline
// params-<v>.json's `source`, with the same point release in both. Where a tree is prepared, its
// .source.json must be that snapshot too (a tree left from an older snapshot would be re-derived
// from silently). How each snapshot was checked to be plain mainline, and which copies were found to
// be forks, is in server/data/kernel/README.md ("The snapshots are plain mainline").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAINLINE } from '../../scripts/derive-linux/prepare-tree';
import { treesRoot } from '../../scripts/kernel-trees';

const repo = path.resolve(__dirname, '../..');

interface Snapshot {
  repository: string;
  commit: string;
  subdir?: string;
}

/** The RELEASES block of prepare-mainline-trees.sh: "line|owner/name|commit|subdir". */
function releasesOfScript(): Map<string, Snapshot> {
  const text = readFileSync(path.join(repo, 'scripts/prepare-mainline-trees.sh'), 'utf8');
  const block = /^RELEASES='\n([\s\S]*?)\n'/m.exec(text);
  assert.ok(block, 'prepare-mainline-trees.sh has a RELEASES block');
  const out = new Map<string, Snapshot>();
  for (const line of block[1].split('\n')) {
    const [v, repository, commit, subdir] = line.split('|');
    if (!v) continue;
    out.set(v, { repository, commit, ...(subdir ? { subdir } : {}) });
  }
  return out;
}

interface Release {
  version: string;
  mainline?: { repository: string; commit: string; release: string };
  debian?: { package: string };
}
const index = JSON.parse(readFileSync(path.join(repo, 'server/data/kernel/symbols.json'), 'utf8')) as {
  versions: string[];
  releases: Release[];
};
const params = (v: string) =>
  JSON.parse(readFileSync(path.join(repo, `server/data/linux/params-${v}.json`), 'utf8')) as {
    release: string;
    source: { repository?: string; commit?: string; package?: string };
  };

/** A commit as RELEASES may abbreviate it. */
const sameCommit = (full: string, listed: string) => listed.length >= 7 && full.startsWith(listed);

test('the two snapshot lists agree, and every derived line has a snapshot', () => {
  const script = releasesOfScript();
  assert.deepEqual([...script.keys()], index.versions);
  for (const [v, m] of Object.entries(MAINLINE)) {
    const s = script.get(v);
    assert.ok(s, `${v} of prepare-tree.ts is in RELEASES`);
    assert.equal(s.repository, m.repository, v);
    assert.ok(sameCommit(m.commit, s.commit), `${v}: ${s.commit} vs ${m.commit}`);
    assert.equal(s.subdir, m.subdir, v);
  }
  // Lines prepare-tree.ts does not list take their command-line table from Debian's tree.
  for (const v of script.keys()) if (!MAINLINE[v]) assert.ok(params(v).source.package, `${v}: Debian's table`);
});

test('the data names the listed snapshots', () => {
  const script = releasesOfScript();
  for (const r of index.releases) {
    const s = script.get(r.version)!;
    assert.ok(r.mainline, `${r.version} has a mainline tree`);
    assert.equal(r.mainline.repository, s.repository, r.version);
    assert.ok(sameCommit(r.mainline.commit, s.commit), `${r.version}: ${r.mainline.commit} vs ${s.commit}`);
    const p = params(r.version);
    if (p.source.package) continue;
    assert.equal(p.source.repository, s.repository, `params-${r.version}.json`);
    assert.equal(p.source.commit, r.mainline.commit, `params-${r.version}.json`);
    assert.equal(p.release, r.mainline.release, `params-${r.version}.json and symbols.json read one tree`);
  }
});

test('snapshots found to be forks are not used', () => {
  // Pascal-0x90/linux-4.19 is a Raspberry Pi tree (USB_DWCOTG, BCM2835_SMI_DEV, SND_BCM2708_SOC_*);
  // jyizheng/linux-3.16 adds a research project's PASR_HYPERCALL to the top Kconfig.
  const forks = ['Pascal-0x90/linux-4.19', 'jyizheng/linux-3.16'];
  for (const s of releasesOfScript().values()) assert.ok(!forks.includes(s.repository), s.repository);
  for (const r of index.releases) assert.ok(!forks.includes(r.mainline?.repository ?? ''), r.version);
});

for (const [v, s] of releasesOfScript()) {
  test(`Linux ${v}: the prepared tree is the listed snapshot`, (t) => {
    // Mainline trees are fetched by a developer (scripts/prepare-mainline-trees.sh), never by CI:
    // no tree is a skip; a tree without its record is a failure.
    const dir = path.join(treesRoot(), 'mainline', `linux-${v}`);
    const file = path.join(dir, '.source.json');
    if (!existsSync(dir)) return t.skip(`no prepared ${v} tree (scripts/prepare-mainline-trees.sh ${v})`);
    assert.ok(existsSync(file), `${file} is missing: the tree was not prepared by prepare-mainline-trees.sh`);
    const src = JSON.parse(readFileSync(file, 'utf8')) as { repository: string; commit: string; release: string };
    assert.equal(src.repository, s.repository);
    assert.ok(sameCommit(src.commit, s.commit), `${src.commit} vs ${s.commit}`);
    assert.equal(src.release, index.releases.find((r) => r.version === v)?.mainline?.release);
  });
}
