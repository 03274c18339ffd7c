// Packages dist/ into xen-config.vsix with vsce, offline. vsce reads every file under the folder
// it packages before applying .vscodeignore (minutes when .cache/ holds kernel trees), so it runs
// on a staging copy of just the files the package may contain.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'xen-config.vsix');
const SHIPPED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  '.vscodeignore',
  'dist',
  'schemas',
  'syntaxes',
  'images',
  'docs/images',
];

for (const f of [
  'dist/server.js',
  'dist/server.bundle.js',
  'dist/kconfigWorker.js',
  'dist/extension.js',
  'dist/cli.js',
  'dist/cli.bundle.js',
  'dist/cli-kconfig.bundle.js',
]) {
  if (!existsSync(path.join(root, f))) {
    console.error(`package: ${f} is missing: run npm run build first`);
    process.exit(2);
  }
}
const stage = mkdtempSync(path.join(tmpdir(), 'xen-config-vsix-'));
try {
  for (const f of SHIPPED)
    if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(stage, f), { recursive: true });
  // The project has no public repository yet: no address is invented for it, and README's relative
  // links stay relative (the docs they name are shipped in the package).
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'],
    { cwd: stage, stdio: 'inherit', timeout: 300_000 },
  );
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
