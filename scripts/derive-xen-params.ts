// Derives the project's Xen boot-parameter registry (server/data/xen/params.json) and the
// existence fixture of its tests (server/test/fixtures/xen-param-existence.json).
//
//   node --import tsx scripts/derive-xen-params.ts --git /path/to/xen.git      # a Xen checkout or bare mirror
//   node --import tsx scripts/derive-xen-params.ts --tsv params-by-release.tsv  # release\tname\tmacro\tarch\tfile rows
//
// Git mode lists the RELEASE-4.x.y tags (4.0.0 and later), and per tag `git grep`s the
// `<kind>_param("name"` registrations under xen/, exactly the rows the TSV format holds. Both modes
// produce the same JSON. Only names, kinds, architectures, files and release ranges are taken.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareVersions, encodeRanges, hexMask, jsonOnePerLine } from './xen-derive-common';

export interface Row {
  release: string; name: string; macro: string;
  /** Architecture as this project files it: x86, arm, riscv, ia64 (4.0/4.1 only) or common. */
  arch: string;
  /** Architecture as the input labels it (the TSV files ia64 sources under common); kept for the fixture. */
  inputArch: string;
  file: string; target?: string;
}

const REG = /\b(boolean|integer|size|string|custom|ignore|no_config)_(runtime_only_|runtime_)?param\(\s*"([^"]*)"(?:\s*,\s*"([^"]*)")?/;

export function rowsFromGit(gitDir: string): Row[] {
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const tags = git('tag', '--list', 'RELEASE-4.*')
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => /^RELEASE-4\.\d+\.\d+$/.test(t));
  const rows: Row[] = [];
  for (const tag of tags) {
    const release = tag.slice('RELEASE-'.length);
    let out = '';
    try {
      out = git('grep', '-n', '-E', '\\b(boolean|integer|size|string|custom|ignore|no_config)_(runtime_only_|runtime_)?param\\("', tag, '--', 'xen/');
    } catch { out = ''; }
    for (const line of out.split('\n')) {
      const m = /^[^:]+:([^:]+):\d+:(.*)$/.exec(line);
      if (!m) continue;
      const r = REG.exec(m[2]);
      if (!r || /#\s*define/.test(m[2])) continue;
      const macro = r[2] ? `${r[1]}_${r[2].slice(0, -1)}` : r[1];
      rows.push({ release, name: r[3], macro, arch: archOf(m[1]), inputArch: tsvArch(m[1]), file: m[1], target: r[1] === 'no_config' ? r[4] : undefined });
    }
  }
  return rows;
}

export function rowsFromTsv(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f.length < 5 || f[0] === 'release') continue;
    const file = f[4].trim();
    rows.push({ release: f[0], name: f[1], macro: f[2], arch: file.startsWith('xen/arch/ia64/') ? 'ia64' : f[3], inputArch: f[3], file });
  }
  return rows;
}

function archOf(file: string): string {
  const m = /^xen\/arch\/([a-z0-9]+)\//.exec(file);
  return m ? m[1] : 'common';
}

/** The TSV's labelling: x86, arm and riscv sources by directory, everything else common. */
function tsvArch(file: string): string {
  const a = archOf(file);
  return a === 'x86' || a === 'arm' || a === 'riscv' ? a : 'common';
}

// The TSV does not carry the parameter a no_config_param() belongs to; these are read off the
// sources (`no_config_param("CFG", "param", …)`), and git mode reads them directly.
const NO_CONFIG_TARGET: Record<string, string> = {
  AMD_IOMMU: 'iommu', INTEL_IOMMU: 'iommu', PV32: 'pv', INDIRECT_THUNK: 'spec-ctrl',
  SPECULATIVE_HARDEN_BRANCH: 'spec-ctrl', SPECULATIVE_HARDEN_LOCK: 'spec-ctrl',
  XEN_IBT: 'cet', XEN_SHSTK: 'cet', 'XEN_{SHSTK,IBT}': 'cet',
};

export function build(rows: Row[], source: string) {
  const releases = [...new Set(rows.map((r) => r.release))].sort(compareVersions);
  const index = new Map(releases.map((r, i) => [r, i]));
  type Key = string;
  const groups = new Map<Key, { row: Row; set: Set<number> }>();
  for (const r of rows) {
    const key = [r.name, r.macro, r.arch, r.file].join('\t');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { row: r, set: new Set() }));
    g.set.add(index.get(r.release)!);
  }
  const params: Record<string, Array<{ kind: string; arch: string; releases: string; file: string }>> = {};
  const compiledOut: Record<string, Array<{ param: string; arch: string; releases: string; file: string }>> = {};
  const sorted = [...groups.values()].sort((a, b) => a.row.name.localeCompare(b.row.name) || Math.min(...a.set) - Math.min(...b.set)
    || a.row.arch.localeCompare(b.row.arch) || a.row.file.localeCompare(b.row.file) || a.row.macro.localeCompare(b.row.macro));
  for (const { row, set } of sorted) {
    const releasesStr = encodeRanges([...set], releases);
    if (row.macro === 'no_config') {
      (compiledOut[row.name] ??= []).push({ param: row.target ?? NO_CONFIG_TARGET[row.name] ?? '', arch: row.arch, releases: releasesStr, file: row.file });
    } else {
      (params[row.name] ??= []).push({ kind: row.macro, arch: row.arch, releases: releasesStr, file: row.file });
    }
  }
  // Existence fixture, encoded independently of the ranges above: per (name, arch) a bit per release.
  const exist = new Map<string, Set<number>>();
  for (const r of rows) {
    const key = `${r.name}\t${r.inputArch}`;
    let s = exist.get(key);
    if (!s) exist.set(key, (s = new Set()));
    s.add(index.get(r.release)!);
  }
  const fixture = {
    comment: `Generated by scripts/derive-xen-params.ts from ${source}: for each (name, arch) a hex bit mask over the releases, bit i = releases[i]. Every registration macro counts, no_config included.`,
    releases,
    rows: Object.fromEntries([...exist.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => [k, hexMask(s, releases.length)])),
  };
  const data = {
    $schema: '../schema/xen-params.schema.json',
    origin: `Boot parameter registrations (boolean_param, integer_param, size_param, string_param, custom_param, their _runtime/_runtime_only forms, ignore_param, no_config_param) in the Xen sources under xen/, per release tag RELEASE-<release>; derived by scripts/derive-xen-params.ts from ${source}. Each entry's 'file' is the source file that registers it in the releases listed.`,
    releases,
    params,
    compiledOut,
  };
  return { data, fixture };
}

function main(argv: string[]): void {
  const root = join(__dirname, '..');
  let rows: Row[];
  let source: string;
  const gi = argv.indexOf('--git');
  const ti = argv.indexOf('--tsv');
  if (gi >= 0 && argv[gi + 1]) {
    rows = rowsFromGit(argv[gi + 1]);
    source = 'a Xen git repository (git grep over the RELEASE-4.x.y tags)';
  } else if (ti >= 0 && argv[ti + 1]) {
    rows = rowsFromTsv(readFileSync(argv[ti + 1], 'utf8'));
    source = 'a params-by-release TSV (release, name, macro, arch, file per registration)';
  } else {
    console.error('usage: derive-xen-params.ts (--git <xen.git> | --tsv <params-by-release.tsv>)');
    process.exit(2);
  }
  const { data, fixture } = build(rows, source);
  const out = join(root, 'server/data/xen/params.json');
  const fix = join(root, 'server/test/fixtures/xen-param-existence.json');
  mkdirSync(dirname(out), { recursive: true });
  mkdirSync(dirname(fix), { recursive: true });
  writeFileSync(out, jsonOnePerLine(data, ['params', 'compiledOut']));
  writeFileSync(fix, jsonOnePerLine(fixture, ['rows']));
  console.log(`${rows.length} registrations, ${data.releases.length} releases, ${Object.keys(data.params).length} parameters -> ${out}`);
}

if (require.main === module) main(process.argv.slice(2));
