// Derives which device tree names Xen's Arm boot code reads, per release series
// (server/data/devicetree/xen-arm.json), from the sources at every RELEASE-4.x.0 tag:
//  - every string literal of the form "xen,…", "#xen,…" or "multiboot,…" in the Arm boot code
//    (xen/arch/arm/**, xen/common/device-tree/**, xen/common/device_tree.c, the Arm and bootfdt
//    headers): the property names and compatible strings Xen looks for in the host device tree;
//  - for the properties of a dom0less domain node (`compatible = "xen,domain"`), the names listed
//    in the newest release's docs/misc/arm/device-tree/booting.txt, each marked present in a
//    release when that release's Arm boot code passes its literal to a device tree accessor
//    (dt_/fdt_ functions reading a property) on one line, and the release builds dom0less domains at all.
// A series is represented by its .0 tag; point releases rarely add boot bindings.
//
//   node --import tsx scripts/derive-xen-devicetree.ts --git /path/to/xen.git
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, encodeRanges, jsonOnePerLine } from './xen-derive-common';

const DOMAIN_PROPERTIES = [
  'memory',
  'cpus',
  'vpl011',
  'nr_spis',
  '#address-cells',
  '#size-cells',
  'direct-map',
  'domain-cpupool',
  'sve',
  'llc-colors',
  'capabilities',
  'trap-unmapped-accesses',
  'passthrough',
  'max_grant_version',
  'max_grant_frames',
  'max_maptrack_frames',
  'v8r_el1_msa',
];

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function armFiles(dir: string, tag: string): string[] {
  return git(dir, [
    'ls-tree',
    '-r',
    '--name-only',
    tag,
    '--',
    'xen/arch/arm',
    'xen/common/device-tree',
    'xen/common/device_tree.c',
    'xen/include/asm-arm',
    'xen/include/xen/bootfdt.h',
    'xen/include/xen/device_tree.h',
  ])
    .split('\n')
    .filter((f) => /\.[ch]$/.test(f));
}

/** Literals passed to a property accessor (dt_/fdt_/device_tree_ functions reading a property or phandle) on the same line. */
function readLiterals(dir: string, tag: string, files: string[]): Set<string> {
  if (!files.length) return new Set();
  const out = git(dir, [
    'grep',
    '-h',
    '-E',
    '\\b(dt|fdt|device_tree)_[a-z0-9_]*(prop|read|phandle|meminfo)[a-z0-9_]* *\\([^;]*"[#a-z0-9_,.-]+"',
    tag,
    '--',
    ...files,
  ]);
  const lits = new Set<string>();
  for (const line of out.split('\n')) for (const m of line.matchAll(/"([#a-z0-9_,.-]+)"/g)) lits.add(m[1]);
  return lits;
}

function sourcesAt(dir: string, tag: string): string[] {
  const files = git(dir, [
    'ls-tree',
    '-r',
    '--name-only',
    tag,
    '--',
    'xen/arch/arm',
    'xen/common/device-tree',
    'xen/common/device_tree.c',
    'xen/include/asm-arm',
    'xen/include/xen/bootfdt.h',
    'xen/include/xen/device_tree.h',
  ])
    .split('\n')
    .filter((f) => /\.[ch]$/.test(f));
  if (!files.length) return [];
  // One `git cat-file --batch` would be faster; `git grep -h` of literals is enough and simple.
  const out = git(dir, ['grep', '-h', '-o', '-E', '"[#a-z0-9_,.-]+"', tag, '--', ...files.map((f) => f)]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(1, -1));
}

function main(): void {
  const gi = process.argv.indexOf('--git');
  const dir = gi > 0 ? process.argv[gi + 1] : process.env.XEN_GIT;
  if (!dir) throw new Error('usage: derive-xen-devicetree.ts --git /path/to/xen.git');
  const gitDir = execFileSync('git', ['-C', dir, 'rev-parse', '--git-dir'], { encoding: 'utf8' }).trim();
  const abs = gitDir.startsWith('/') ? gitDir : join(dir, gitDir);
  const tags = git(abs, ['tag', '-l', 'RELEASE-4.*.0'])
    .split('\n')
    .filter((t) => /^RELEASE-4\.\d+\.0$/.test(t))
    .sort((a, b) => compareVersions(a.slice(8), b.slice(8)));
  const series = tags.map((t) => t.slice(8).split('.').slice(0, 2).join('.'));
  const names = new Map<string, number[]>();
  const domain = new Map<string, number[]>();
  tags.forEach((tag, i) => {
    const lits = new Set(sourcesAt(abs, tag));
    const reads = readLiterals(abs, tag, armFiles(abs, tag));
    for (const l of lits) {
      if (/^#?(xen|multiboot),[a-z0-9][a-z0-9_,.-]*[a-z0-9]$/.test(l))
        (names.get(l) ?? names.set(l, []).get(l)!).push(i);
    }
    // Domain properties only count once Xen builds dom0less domains at all.
    if (!lits.has('xen,domain')) return;
    for (const p of DOMAIN_PROPERTIES) if (reads.has(p)) (domain.get(p) ?? domain.set(p, []).get(p)!).push(i);
  });
  const sorted = (m: Map<string, number[]>) =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, encodeRanges(v, series)]));
  const data = {
    $schema: '../schema/devicetree-xen-arm.schema.json',
    origin: `Derived by scripts/derive-xen-devicetree.ts from xen-project/xen at the tags ${tags[0]}..${tags[tags.length - 1]}: string literals of Xen's Arm boot code (xen/arch/arm, xen/common/device-tree); domain property names from docs/misc/arm/device-tree/booting.txt of ${tags[tags.length - 1]}. Ranges are over release series.`,
    releases: series,
    names: sorted(names),
    domainProperties: sorted(domain),
  };
  writeFileSync(
    join(__dirname, '..', 'server', 'data', 'devicetree', 'xen-arm.json'),
    jsonOnePerLine(data, ['names', 'domainProperties']),
  );
}

if (require.main === module) main();
