// Derives the project's Xen boot-parameter registry (server/data/xen/params.json) and the
// existence fixture of its tests (server/test/fixtures/xen-param-existence.json).
//
//   node --import tsx scripts/derive-xen-params.ts --git /path/to/xen.git      # a Xen checkout or bare mirror
//   node --import tsx scripts/derive-xen-params.ts --tsv params-by-release.tsv  # release\tname\tmacro\tarch\tfile rows
//
// Git mode lists the RELEASE-4.x.y tags (4.0.0 and later), reads per tag which `<kind>_param`
// registration macros the headers define (registrationMacros), and `git grep`s their
// `<kind>_param("name"` uses under xen/, exactly the rows the TSV format holds. Both modes
// produce the same JSON. Only names, kinds, architectures, files and release ranges are taken.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareVersions, encodeRanges, hexMask, jsonOnePerLine } from './xen-derive-common';

export interface Row {
  release: string;
  name: string;
  macro: string;
  /** Architecture as this project files it: x86, arm, riscv, ia64 (4.0/4.1 only) or common. */
  arch: string;
  /** Architecture as the input labels it (the TSV files ia64 sources under common); kept for the fixture. */
  inputArch: string;
  file: string;
  target?: string;
}

/**
 * The registration macros a release defines: every function-like `<x>_param` its headers
 * (xen/include/xen/init.h, from 4.10 also xen/include/xen/param.h) declare, as a `#define` or, for
 * no_config_param from 4.14, a static inline function. Read per tag, so invbool_param (4.0–4.6),
 * the _runtime forms (4.10+), ignore_param (4.12+) and no_config_param (4.14+) come and go with the
 * headers instead of a list written here. Linux-style early_param (ia64's linux-xen code) is not
 * among them: no header defines it, so those lines never build.
 */
export function registrationMacros(headers: string[]): string[] {
  const out = new Set<string>();
  for (const h of headers) {
    for (const m of h.matchAll(/^\s*#\s*define\s+([a-z]\w*_param)\s*\(/gm)) out.add(m[1]);
    for (const m of h.matchAll(/^(?:static\s+)?(?:inline\s+)?[a-z_][\w\s*]*?\b([a-z]\w*_param)\s*\(/gm)) out.add(m[1]);
  }
  return [...out].sort();
}

const HEADERS = ['xen/include/xen/init.h', 'xen/include/xen/param.h'];

/** Macro name to the kind this project files: "boolean_runtime_param" → "boolean_runtime", "no_config_param" → "no_config". */
export function kindOfMacro(macro: string): string {
  return macro.replace(/_param$/, '');
}

export function rowsFromGit(gitDir: string): Row[] {
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const tags = git('tag', '--list', 'RELEASE-4.*')
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => /^RELEASE-4\.\d+\.\d+$/.test(t));
  const rows: Row[] = [];
  for (const tag of tags) {
    const release = tag.slice('RELEASE-'.length);
    const headers = HEADERS.map((h) => {
      try {
        return git('show', `${tag}:${h}`);
      } catch {
        return '';
      }
    });
    const macros = registrationMacros(headers);
    if (!macros.length) continue;
    const alt = macros.join('|');
    const reg = new RegExp(`\\b(${alt})\\(\\s*"([^"]*)"(?:\\s*,\\s*"([^"]*)")?`);
    let out = '';
    try {
      out = git('grep', '-n', '-E', `\\b(${alt})\\("`, tag, '--', 'xen/');
    } catch {
      out = '';
    }
    for (const line of out.split('\n')) {
      const m = /^[^:]+:([^:]+):\d+:(.*)$/.exec(line);
      if (!m || HEADERS.includes(m[1])) continue;
      const r = reg.exec(m[2]);
      if (!r || /#\s*define/.test(m[2])) continue;
      const kind = kindOfMacro(r[1]);
      rows.push({
        release,
        name: r[2],
        macro: kind,
        arch: archOf(m[1]),
        inputArch: tsvArch(m[1]),
        file: m[1],
        target: kind === 'no_config' ? r[3] : undefined,
      });
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
    // early_param lines (ia64's linux-xen code) use a macro no Xen header defines: they never build.
    if (f[2] === 'early') continue;
    rows.push({
      release: f[0],
      name: f[1],
      macro: f[2],
      arch: file.startsWith('xen/arch/ia64/') ? 'ia64' : f[3],
      inputArch: f[3],
      file,
    });
  }
  return rows;
}

function archOf(file: string): string {
  const m = /^xen\/arch\/([a-z0-9]+)\//.exec(file);
  return m ? m[1] : 'common';
}

/** The TSV's labelling: x86, arm, riscv and ia64 sources by directory, everything else common. */
function tsvArch(file: string): string {
  const a = archOf(file);
  return a === 'x86' || a === 'arm' || a === 'riscv' || a === 'ia64' ? a : 'common';
}

// The TSV does not carry the parameter a no_config_param() belongs to; these are read off the
// sources (`no_config_param("CFG", "param", …)`), and git mode reads them directly.
const NO_CONFIG_TARGET: Record<string, string> = {
  AMD_IOMMU: 'iommu',
  INTEL_IOMMU: 'iommu',
  PV32: 'pv',
  INDIRECT_THUNK: 'spec-ctrl',
  SPECULATIVE_HARDEN_BRANCH: 'spec-ctrl',
  SPECULATIVE_HARDEN_LOCK: 'spec-ctrl',
  XEN_IBT: 'cet',
  XEN_SHSTK: 'cet',
  'XEN_{SHSTK,IBT}': 'cet',
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
  const sorted = [...groups.values()].sort(
    (a, b) =>
      a.row.name.localeCompare(b.row.name) ||
      Math.min(...a.set) - Math.min(...b.set) ||
      a.row.arch.localeCompare(b.row.arch) ||
      a.row.file.localeCompare(b.row.file) ||
      a.row.macro.localeCompare(b.row.macro),
  );
  for (const { row, set } of sorted) {
    const releasesStr = encodeRanges([...set], releases);
    if (row.macro === 'no_config') {
      (compiledOut[row.name] ??= []).push({
        param: row.target ?? NO_CONFIG_TARGET[row.name] ?? '',
        arch: row.arch,
        releases: releasesStr,
        file: row.file,
      });
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
    rows: Object.fromEntries(
      [...exist.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => [k, hexMask(s, releases.length)]),
    ),
  };
  const data = {
    $schema: '../schema/xen-params.schema.json',
    origin: `Boot parameter registrations (every <kind>_param macro the release's xen/include/xen/init.h or param.h defines: boolean_param, invbool_param (4.0–4.6), integer_param, size_param, string_param, custom_param, their _runtime/_runtime_only forms, ignore_param, no_config_param) in the Xen sources under xen/, per release tag RELEASE-<release>; derived by scripts/derive-xen-params.ts from ${source}. Each entry's 'file' is the source file that registers it in the releases listed.`,
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
  console.log(
    `${rows.length} registrations, ${data.releases.length} releases, ${Object.keys(data.params).length} parameters -> ${out}`,
  );
}

if (require.main === module) main(process.argv.slice(2));
