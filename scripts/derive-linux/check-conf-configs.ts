// Cross-checks the derived Kconfig symbol tables (server/data/kernel/symbols*.json) against kernel
// configurations that a release's own `conf` wrote: every symbol such a file names (`CONFIG_X=…`
// or `# CONFIG_X is not set`) existed in that release, so it must be in that release's x86_64
// table. A release between two derived lines is checked against both neighbours; a symbol that
// neither has is a disagreement. A developer step (reads a local git clone; never run in CI).
//
//   node --import tsx scripts/derive-linux/check-conf-configs.ts [--markdown out.md] <git-dir> [file …]
//
// <git-dir>: a clone of the Qubes OS kernel repository (github:QubesOS/qubes-linux-kernel), whose
// history keeps the x86_64 configuration of each kernel it built: `config-pvops` (2011–2015),
// `config` (2015–2017) and `config-base` (2017 on; Fedora's configuration put through
// `make oldconfig` of the built release). The release of a version of the file is the one its
// `# Linux/x86 X.Y.Z Kernel Configuration` header names, else the repository's `version` file of
// the same commit. Prints each disagreement once per release line, with the commits naming it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { treesRoot } from '../kernel-trees';
import * as path from 'node:path';

const DATA = path.resolve(__dirname, '../../server/data/kernel');

export interface ConfFile {
  /** The release the file's header names (`Linux/x86 4.13.12 Kernel Configuration`), if any. */
  headerRelease?: string;
  /** Whether the file says conf wrote it (its header, or Qubes' "make oldconfig" note). */
  confWritten: boolean;
  /** Every symbol named, without CONFIG_. */
  symbols: string[];
}

/** Reads a configuration file's header and the symbols it names. Never throws. */
export function readConf(text: string): ConfFile {
  const head = text.split('\n', 12).join('\n');
  const m =
    /^#\s*Linux\/[\w-]+\s+(\d+(?:\.\d+)+)\S*\s+Kernel Configuration/m.exec(head) ??
    /^#\s*Linux kernel version:\s*(\d+(?:\.\d+)+)/m.exec(head);
  const confWritten = !!m || /Automatically generated/i.test(head) || /make oldconfig|make olddefconfig/.test(head);
  const symbols = new Set<string>();
  for (const line of text.split('\n')) {
    const s = /^CONFIG_([A-Za-z0-9_]+)=/.exec(line) ?? /^# CONFIG_([A-Za-z0-9_]+) is not set\s*$/.exec(line);
    if (s) symbols.add(s[1]);
  }
  return { headerRelease: m?.[1], confWritten, symbols: [...symbols] };
}

export interface Tables {
  versions: string[];
  /** For each symbol, per version: present on x86_64. */
  present(symbol: string, version: string): boolean;
  known(symbol: string): boolean;
}

export function loadTables(dir = DATA): Tables {
  const index = JSON.parse(readFileSync(path.join(dir, 'symbols.json'), 'utf8')) as {
    versions: string[];
    symbols: Record<string, unknown>;
  };
  const names = Object.keys(index.symbols);
  const pos = new Map(names.map((n, i) => [n, i]));
  const flags = new Map<string, string>();
  for (const v of index.versions) {
    const d = JSON.parse(readFileSync(path.join(dir, `symbols-${v}.json`), 'utf8')) as {
      flags: Record<string, string>;
    };
    flags.set(v, d.flags.x86_64 ?? '');
  }
  return {
    versions: index.versions,
    known: (s) => pos.has(s),
    present: (s, v) => {
      const i = pos.get(s);
      const f = flags.get(v);
      return i !== undefined && !!f && i < f.length && f[i] !== '-';
    },
  };
}

function key(v: string): number {
  const [a, b] = v.split('.').map(Number);
  return a * 1000 + b;
}

/** The derived lines a release is judged by: its own, else both neighbours; none outside the range. */
export function linesFor(release: string, versions: string[]): string[] {
  const line = release.split('.').slice(0, 2).join('.');
  if (versions.includes(line)) return [line];
  const k = key(line);
  const sorted = [...versions].sort((a, b) => key(a) - key(b));
  const below = sorted.filter((v) => key(v) < k).pop();
  const above = sorted.find((v) => key(v) > k);
  return below && above ? [below, above] : [];
}

/** The symbols of a conf-written file that none of the lines judging its release has. */
export function disagreements(conf: ConfFile, release: string, t: Tables): { lines: string[]; missing: string[] } {
  const lines = linesFor(release, t.versions);
  if (!lines.length) return { lines, missing: [] };
  return { lines, missing: conf.symbols.filter((s) => !lines.some((l) => t.present(s, l))).sort() };
}

/** Every name a tree's Kconfig files define (`config X` / `menuconfig X`), any architecture kept in the tree. */
export function definedInTree(dir: string): Set<string> | undefined {
  if (!existsSync(dir)) return undefined;
  let out = '';
  try {
    out = execFileSync(
      'grep',
      ['-rhoE', '--include=Kconfig*', '^[[:space:]]*(menu)?config[[:space:]]+[A-Za-z0-9_]+', dir],
      {
        maxBuffer: 1 << 28,
      },
    ).toString('utf8');
  } catch {
    return undefined;
  }
  return new Set(
    out
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[1])
      .filter(Boolean),
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const mi = args.indexOf('--markdown');
  const markdown = mi >= 0 ? args.splice(mi, 2)[1] : undefined;
  const [gitDir, ...fileArgs] = args;
  if (!gitDir) {
    console.error(
      'usage: node --import tsx scripts/derive-linux/check-conf-configs.ts [--markdown out.md] <git-dir> [file …]',
    );
    process.exit(2);
  }
  const files = fileArgs.length ? fileArgs : ['config-pvops', 'config', 'config-base'];
  const git = (...a: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...a], {
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString('utf8');
  const t = loadTables();
  // release line -> symbol -> { releases, commits }
  const found = new Map<string, Map<string, { releases: Set<string>; commits: Set<string>; where: string }>>();
  let checked = 0;
  const skipped = new Map<string, number>();
  const perLine = new Map<string, Set<string>>();
  for (const file of files) {
    const commits = git('log', '--all', '--format=%H', '--', file).split('\n').filter(Boolean);
    for (const c of commits) {
      let text: string;
      try {
        text = git('show', `${c}:${file}`);
      } catch {
        continue; // deleted by this commit
      }
      const conf = readConf(text);
      let release = conf.headerRelease;
      if (!release) {
        try {
          release = git('show', `${c}:version`).trim();
        } catch {
          release = undefined;
        }
      }
      // "5.6~rc4" (a release candidate in the version file) is release 5.6.
      release = release && /^\d+(?:\.\d+)+/.exec(release)?.[0];
      if (!release || !conf.confWritten) {
        skipped.set('no release or not written by conf', (skipped.get('no release or not written by conf') ?? 0) + 1);
        continue;
      }
      const { lines, missing } = disagreements(conf, release, t);
      if (!lines.length) {
        const why = `release ${release.split('.').slice(0, 2).join('.')} outside the derived lines`;
        skipped.set(why, (skipped.get(why) ?? 0) + 1);
        continue;
      }
      checked++;
      const line = release.split('.').slice(0, 2).join('.');
      (perLine.get(line) ?? perLine.set(line, new Set()).get(line)!).add(release);
      const m = found.get(line) ?? found.set(line, new Map()).get(line)!;
      for (const s of missing) {
        const e = m.get(s) ?? m.set(s, { releases: new Set(), commits: new Set(), where: '' }).get(s)!;
        e.releases.add(release);
        e.commits.add(`${c.slice(0, 10)}:${file}`);
        if (!e.where) {
          const elsewhere = t.versions.filter((v) => t.present(s, v));
          e.where = !t.known(s)
            ? 'in no derived release'
            : elsewhere.length
              ? `derived in ${elsewhere.join(', ')}`
              : 'known only on arm64';
        }
      }
    }
  }
  console.log(`checked ${checked} conf-written versions of ${files.join(', ')}`);
  for (const [why, n] of skipped) console.log(`skipped ${n}: ${why}`);
  // An exact line's disagreement is looked up in the prepared tree(s) of that line: a name the tree
  // defines is a derivation bug; one it does not define came or went in another point release.
  const trees = new Map<string, Array<Set<string>>>();
  const inTree = (line: string, s: string): boolean | undefined => {
    if (!trees.has(line)) {
      const dirs = [path.join(treesRoot(), 'mainline', `linux-${line}`), path.join(treesRoot(), `linux-${line}`)];
      trees.set(
        line,
        dirs.map(definedInTree).filter((x): x is Set<string> => !!x),
      );
    }
    const sets = trees.get(line)!;
    return sets.length ? sets.some((d) => d.has(s)) : undefined;
  };
  const derivedRelease = releasesOf();
  let total = 0;
  let bugs = 0;
  const md: string[] = [];
  for (const line of [...perLine.keys()].sort((a, b) => key(a) - key(b))) {
    const rel = [...perLine.get(line)!].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const m = found.get(line);
    const judgedBy = linesFor(line, t.versions);
    const judged = judgedBy.join(' and ');
    console.log(`\n${line} (${rel.join(', ')}; judged by ${judged}): ${m?.size ?? 0} disagreement(s)`);
    const groups = new Map<string, string[]>();
    for (const [s, e] of [...(m ?? new Map())].sort((a, b) => a[0].localeCompare(b[0]))) {
      total++;
      let tree = '';
      let group: string;
      if (t.versions.includes(line)) {
        const d = inTree(line, s);
        if (d === true) bugs++;
        tree =
          d === undefined ? '' : d ? '; DEFINED in the prepared tree: a derivation bug' : '; not in the prepared tree';
        group = d
          ? `defined in the ${derivedRelease.get(line)} tree: a derivation bug`
          : `not in the ${derivedRelease.get(line) ?? line} tree: another point release added or removed it`;
      } else if (!t.known(s)) {
        group = 'in no derived release: lived only between the derived lines (or a Qubes patch)';
      } else {
        group = `in neither ${judgedBy.map((v) => derivedRelease.get(v) ?? v).join(' nor ')}: ${e.where}`;
      }
      const rs = [...e.releases].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      console.log(
        `  ${s}: named by ${rs.join(', ')} (${e.commits.size} commit(s), e.g. ${[...e.commits][0]}); ${e.where}${tree}`,
      );
      const g = groups.get(group) ?? groups.set(group, []).get(group)!;
      g.push(`${s} (${rs.length > 1 ? `${rs[0]}–${rs[rs.length - 1]}` : rs[0]})`);
    }
    const span = rel.length > 1 ? `${rel[0]} … ${rel[rel.length - 1]}` : rel[0];
    md.push(`- **${line}** (${span}; judged by ${judged})${groups.size ? ':' : ': none'}`);
    for (const [g, names] of [...groups].sort((a, b) => a[0].localeCompare(b[0])))
      md.push(`  - ${g}: ${names.join(', ')}`);
  }
  console.log(`\n${total} disagreement(s), ${bugs} defined in the prepared tree of their line`);
  if (markdown) writeFileSync(markdown, `${md.join('\n')}\n`);
}

/** The point release of each derived line (symbols.json `releases`). */
function releasesOf(): Map<string, string> {
  const index = JSON.parse(readFileSync(path.join(DATA, 'symbols.json'), 'utf8')) as {
    releases: Array<{ version: string; mainline?: { release: string }; debian?: { version: string } }>;
  };
  return new Map(
    index.releases.map((r) => [
      r.version,
      [r.mainline?.release, r.debian ? `Debian ${r.debian.version}` : undefined].filter(Boolean).join(' + '),
    ]),
  );
}

if (require.main === module) main();
