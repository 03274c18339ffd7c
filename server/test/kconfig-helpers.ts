// Helpers for the Kconfig engine tests: small in-memory trees.
import { loadKconfigTree, memoryTreeFs, resolveConfig, KconfigTree } from '../src/kconfig/index';

export type Sem = 'modern' | 'legacy';

/** Parse an in-memory tree rooted at /t (files: path -> text; "Kconfig" is the top file). */
export function tree(
  files: Record<string, string> | string,
  opts: {
    semantics?: Sem;
    env?: Record<string, string>;
    allowShell?: boolean;
    toolchainFacts?: Record<string, string>;
  } = {},
): { tree: KconfigTree; errors: ReturnType<typeof loadKconfigTree>['errors'] } {
  const f = typeof files === 'string' ? { Kconfig: files } : files;
  return loadKconfigTree({
    srcDir: '/t',
    fs: memoryTreeFs(f, '/t'),
    env: { SRCARCH: 'x86', ARCH: 'x86_64', srctree: '/t', ...(opts.env ?? {}) },
    semantics: opts.semantics ?? 'modern',
    allowShell: opts.allowShell,
    toolchainFacts: opts.toolchainFacts,
  });
}

/** The CONFIG_ lines (and "is not set" lines) of olddefconfig on `config`. */
export function olddef(t: KconfigTree, ...configs: string[]): string[] {
  const r = resolveConfig(
    t,
    configs.map((text, i) => ({ path: `in${i}`, text })),
  );
  return r.output.split('\n').filter((l) => /^(# )?CONFIG_/.test(l));
}
