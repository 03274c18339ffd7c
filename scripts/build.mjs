// Bundles the extension, the language server and the CLI into dist/ with esbuild.
// Knowledge under server/data/ is not inlined into the bundles as JavaScript: it is copied to
// dist/data/ and read with JSON.parse when first imported, which starts faster for large tables.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const dataDir = path.resolve('server/data');

/** Rewrites `import x from '…/server/data/a/b.json'` into a runtime read of dist/data/a/b.json. */
const dataAsFiles = {
  name: 'data-as-files',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      if (!args.path.startsWith(dataDir + path.sep)) return undefined;
      const rel = path.relative(dataDir, args.path).split(path.sep).join('/');
      return {
        loader: 'js',
        contents: `module.exports = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'data', ${JSON.stringify(rel)}), 'utf8'));`,
      };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  minifySyntax: true,
  plugins: [dataAsFiles],
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  // the language server's Kconfig worker thread (kernelTree.ts starts it beside dist/server.js)
  esbuild.build({
    ...common,
    entryPoints: ['server/src/kernelconfig/treeWorker.ts'],
    outfile: 'dist/kconfigWorker.js',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
cpSync('server/data', 'dist/data', {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}schema`) && !src.endsWith('.md'),
});
// The code pages, for `xen-config explain` and the SARIF rules' help.
cpSync('docs/codes', 'dist/docs/codes', { recursive: true });
chmodSync('dist/cli.js', 0o755);
