// Derives server/data/xenefi/efi-cfg-keys.json: for every Xen release tag x.y.0, the keys Xen's EFI
// loader reads from its configuration file (xen.cfg beside xen.efi), where it looks for each one
// ([global] or the chosen section) and on which architecture. Read from the sources that parse the
// file: get_value(&cfg, <section>, "<key>") calls in xen/common/efi/boot.c and the architectures'
// efi-boot.h (xen/arch/x86/efi/boot.c before 4.5).
//
//   node --import tsx scripts/derive-xen-efi.ts --git <clone or bare mirror of xen-project/xen>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareVersions, jsonOnePerLine } from './xen-derive-common';

const FILES: Array<{ file: string; arch: 'x86' | 'arm' | 'all' }> = [
  { file: 'xen/common/efi/boot.c', arch: 'all' },
  { file: 'xen/arch/x86/efi/boot.c', arch: 'x86' },
  { file: 'xen/arch/x86/efi/efi-boot.h', arch: 'x86' },
  { file: 'xen/arch/arm/efi/efi-boot.h', arch: 'arm' },
];

interface KeyFacts {
  where: Array<'global' | 'section'>;
  arch: Array<'x86' | 'arm'>;
}

function git(dir: string, args: string[]): string {
  const gitDir = dir.endsWith('.git') || dir.endsWith('/repo') ? ['--git-dir', dir] : ['-C', dir];
  try {
    return execFileSync('git', [...gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}

export function keysOfRelease(dir: string, tag: string): Record<string, KeyFacts> {
  const out: Record<string, KeyFacts> = {};
  // Architectures with an EFI loader in this release (x86 from 4.2, Arm from 4.5).
  const archs: Array<'x86' | 'arm'> = [];
  for (const f of FILES) {
    const src = git(dir, ['show', `${tag}:${f.file}`]);
    if (!src) continue;
    if (f.arch !== 'all' && !archs.includes(f.arch)) archs.push(f.arch);
    for (const m of src.matchAll(/get_value\(\s*&cfg\s*,\s*([^,]+?)\s*,\s*"([a-z0-9_]+)"\s*\)/g)) {
      const where = m[1] === '"global"' ? 'global' : 'section';
      const k = (out[m[2]] ??= { where: [], arch: [] });
      if (!k.where.includes(where)) k.where.push(where);
      const arches: Array<'x86' | 'arm'> = f.arch === 'all' ? ['x86', 'arm'] : [f.arch];
      for (const a of arches) if (!k.arch.includes(a)) k.arch.push(a);
    }
  }
  // Keys of the common file apply only to architectures that have an EFI loader.
  for (const k of Object.values(out)) {
    k.arch = k.arch.filter((a) => archs.includes(a)).sort();
    k.where.sort();
  }
  return Object.fromEntries(
    Object.entries(out)
      .filter(([, k]) => k.arch.length > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

if (require.main === module) {
  const i = process.argv.indexOf('--git');
  const dir = i > 0 ? process.argv[i + 1] : process.env.XEN_GIT;
  if (!dir) {
    process.stderr.write('usage: derive-xen-efi.ts --git <xen clone or mirror>\n');
    process.exit(2);
  }
  const tags = git(dir, ['tag', '--list', 'RELEASE-4.*.0'])
    .split('\n')
    .filter((t) => /^RELEASE-4\.\d+\.0$/.test(t))
    .sort((a, b) => compareVersions(a.slice(8), b.slice(8)));
  const releases: Record<string, Record<string, KeyFacts>> = {};
  for (const tag of tags) {
    const keys = keysOfRelease(dir, tag);
    if (Object.keys(keys).length) releases[tag.slice(8).replace(/\.0$/, '')] = keys;
  }
  if (Object.keys(releases).length === 0) {
    process.stderr.write('derive-xen-efi: no release has an EFI configuration file reader\n');
    process.exit(1);
  }
  const data = {
    $schema: '../schema/xenefi-keys.schema.json',
    origin:
      'xen-project/xen tags RELEASE-4.x.0: get_value(&cfg, …) calls in xen/common/efi/boot.c, xen/arch/x86/efi/boot.c (before 4.5), xen/arch/x86/efi/efi-boot.h and xen/arch/arm/efi/efi-boot.h',
    releases,
  };
  const out = path.resolve(__dirname, '../server/data/xenefi/efi-cfg-keys.json');
  writeFileSync(out, jsonOnePerLine(data, ['releases']));
  process.stderr.write(
    `derive-xen-efi: ${Object.keys(releases).length} releases → ${path.relative(process.cwd(), out)}\n`,
  );
}
