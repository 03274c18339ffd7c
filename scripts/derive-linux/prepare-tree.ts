// Extracts one release's kernel tree from a git snapshot into <root>/mainline/linux-<major.minor>
// (<root> from scripts/kernel-trees.ts: $XEN_CONFIG_TREES or .cache/), for
// scripts/derive-linux-params.ts. A developer step: CI never fetches nor extracts; the derived
// tables are committed, each naming the repository, commit and Makefile version it came from.
//
//   node --import tsx scripts/derive-linux/prepare-tree.ts <git-dir> <commit> <owner/name> [subdir]
//
// <git-dir> is a (bare) clone of a public repository whose tree at <commit> holds a single
// release (check its top Makefile and compare well-known files with another copy: no vendor or
// BSP fork). The snapshots used for server/data/linux/params-<v>.json are listed in MAINLINE
// below. Architectures other than x86 and arm64 are left out; files the snapshot lacks (large
// blobs) are skipped and counted. The tree gets a .source.json {repository, commit, version,
// release} and an .extracted marker. Kernel code is never committed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { treesRoot } from '../kernel-trees';

/** The snapshots behind the committed tables (repository, commit, subdirectory holding the tree). */
export const MAINLINE: Record<string, { repository: string; commit: string; subdir?: string }> = {
  '3.1': { repository: '303750856/linux-3.1', commit: 'bd91fcefe79bdd5e1f97c9e5e8a9a161976e9c4c' },
  // The repository's first commit, a plain 3.2.4 tree, before its VANET changes.
  '3.2': { repository: 'qiubing/vanet-linux-3.2.4', commit: '9358c5ca56f07711023dd46da009abd9758833e2' },
  '3.10': { repository: 'harviswang/linux-3.10.99', commit: '8072c307a15fcaaac0de6e59734ab0cd158786e4' },
  '3.16': { repository: 'sndrzt/linux-3.16', commit: 'e8dbc28b31fcf14ca80f9b35af3ed13c332a5de0' },
  '3.18': { repository: 'junan76/linux-3.18.140', commit: '7bc0decedb0e7c64109facfc05f85470ad4df12e' },
  '4.4': { repository: 'MichaelTong/linux-4.4.178', commit: '443dfc7e93666adc78c5a9e9afcc242d83456e4c' },
  '4.9': { repository: 'Metaln00b/linux-4.9.124', commit: 'c187ac20835474cbddddd00611ff35d2299e970b' },
  '4.14': { repository: 'YimengZhao/linux-4.14.67', commit: 'c685f05ba987c507d75a40b883e8a58879cf56e0' },
  '4.19': { repository: 'HengBu/linux-4.19.79', commit: '33b1cc079b4eae9148f717dc0dfe98ea57304dd9' },
  '5.4': {
    repository: 'BoKyoungHan/linux-5.4.59-vanilla',
    commit: '8b9bd8c4249b93898885d4797a10b7e749e9dfbe',
    subdir: 'linux-5.4.59',
  },
  '5.10': { repository: 'Prashant446/linux-5.10.89', commit: '871a80bc57f0567f238b87333cb2f0bb2c96d7fb' },
  '5.15': { repository: 'wowk/linux-5.15', commit: 'ff71afbf67b6482f07c62b3bd3786cdc25807c6b' },
  '6.6': { repository: 'Yunbaby8/linux-6.6.87-lab', commit: '12bdb17085816306b04a108658e92a86c737c24b' },
};

const OTHER_ARCHES = /^arch\/(?!x86\/|arm64\/|Kconfig$|Makefile$)[^/]+\//;

export function mainlineTree(version: string): string {
  return join(treesRoot(), 'mainline', `linux-${version}`);
}

async function main(): Promise<void> {
  const [gitDir, commitArg, repository, subdirArg] = process.argv.slice(2);
  if (!gitDir || !commitArg || !repository) {
    console.error(
      'usage: node --import tsx scripts/derive-linux/prepare-tree.ts <git-dir> <commit> <owner/name> [subdir]',
    );
    process.exit(2);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', gitDir, ...args], { maxBuffer: 1 << 30 }).toString('utf8');
  const commit = git('rev-parse', `${commitArg}^{commit}`).trim();
  const subdir = subdirArg ? subdirArg.replace(/\/$/, '') + '/' : '';
  const makefile = git('show', `${commit}:${subdir}Makefile`);
  const v = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\d*)`, 'm').exec(makefile)?.[1] ?? '';
  const version = `${v('VERSION')}.${v('PATCHLEVEL')}`;
  const release = `${version}.${v('SUBLEVEL') || '0'}`;
  const dest = mainlineTree(version);
  if (existsSync(join(dest, '.extracted'))) {
    console.error(`${dest} is already prepared; remove it to extract again`);
    return;
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const entries = git('ls-tree', '-r', '-z', '--full-tree', commit, ...(subdir ? [subdir] : []))
    .split('\0')
    .filter(Boolean)
    .map((l) => {
      const [meta, path] = l.split('\t');
      const [mode, type, sha] = meta.split(' ');
      return { mode, type, sha, path: path.slice(subdir.length) };
    })
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.mode !== '160000' && !OTHER_ARCHES.test(e.path));
  // One `git cat-file --batch` for all blobs: "<sha> blob <size>\n<content>\n", or "<sha> missing\n".
  const proc = spawn('git', ['-C', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf: Buffer = Buffer.alloc(0);
  let i = 0;
  let written = 0;
  const missing: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const head = buf.subarray(0, nl).toString('latin1');
        if (head.endsWith(' missing')) {
          missing.push(entries[i++].path);
          buf = buf.subarray(nl + 1);
          continue;
        }
        const size = Number(head.split(' ')[2]);
        if (buf.length < nl + 1 + size + 1) return;
        const e = entries[i++];
        const out = join(dest, e.path);
        mkdirSync(dirname(out), { recursive: true });
        // executable as in git: Kconfig of 4.18 and later runs scripts/*.sh of the tree
        writeFileSync(out, buf.subarray(nl + 1, nl + 1 + size), { mode: e.mode === '100755' ? 0o755 : 0o644 });
        written++;
        buf = buf.subarray(nl + 1 + size + 1);
      }
    });
    proc.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file exited with ${code}`))));
  });
  for (const e of entries) proc.stdin.write(`${e.sha}\n`);
  proc.stdin.end();
  await done;
  writeFileSync(
    join(dest, '.source.json'),
    `${JSON.stringify({ repository, commit, version, release, ...(subdir ? { subdir: subdir.slice(0, -1) } : {}) }, null, 2)}\n`,
  );
  writeFileSync(join(dest, '.extracted'), '');
  console.error(
    `prepare-tree: Linux ${release} from ${repository}@${commit.slice(0, 12)} -> ${dest}: ${written} files${missing.length ? `, ${missing.length} absent from the snapshot (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})` : ''}`,
  );
}

if (require.main === module)
  void main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
