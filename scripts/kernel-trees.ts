// The one place kernel trees live, for every script, test and benchmark.
//
// `scripts/prepare-kernel-trees.sh` extracts Debian's linux-source-<v> tarballs into
// <root>/linux-<v> (Kconfig files, Makefiles, C sources and headers of x86 and arm64,
// kernel-parameters.txt, scripts/ with a built `conf`) and records what it came from in
// <root>/linux-<v>/.source.json. <root> is $XEN_CONFIG_TREES, or .cache/ in the repository.
// Trees of other releases (fetched by a developer, never by CI) live under <root>/mainline/.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..');

/** Where trees are prepared: $XEN_CONFIG_TREES (relative to the current directory) or <repo>/.cache. */
export function treesRoot(): string {
  const env = process.env.XEN_CONFIG_TREES;
  return env ? path.resolve(env) : path.join(repo, '.cache');
}

/** The prepared tree of Debian's linux-source-<version>. */
export function debianTree(version: string): string {
  return path.join(treesRoot(), `linux-${version}`);
}

/** CI sets XEN_CONFIG_REQUIRE_TREES=1: a missing tree is then a failure, not a skip. */
export function treesRequired(): boolean {
  return process.env.XEN_CONFIG_REQUIRE_TREES === '1';
}

/** What a prepared tree was extracted from (written by prepare-kernel-trees.sh). */
export interface TreeSource {
  package: string;
  version: string;
  sha256: string;
}

export function treeSource(dir: string): TreeSource | undefined {
  try {
    const s = JSON.parse(readFileSync(path.join(dir, '.source.json'), 'utf8')) as Partial<TreeSource>;
    if (typeof s.package === 'string' && typeof s.version === 'string' && typeof s.sha256 === 'string')
      return s as TreeSource;
  } catch {
    /* not prepared */
  }
  return undefined;
}

/** A prepared tree's directory, or why it is not there. */
export function preparedTree(version: string): { dir: string; source: TreeSource } | { missing: string } {
  const dir = debianTree(version);
  const source = treeSource(dir);
  if (!existsSync(path.join(dir, '.extracted')) || !source) {
    return {
      missing: `${dir} is not prepared (apt-get install linux-source-${version} linux-config-${version}; bash scripts/prepare-kernel-trees.sh ${version})`,
    };
  }
  return { dir, source };
}
