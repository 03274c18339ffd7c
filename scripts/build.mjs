// Bundles the extension, the language server and the CLI into dist/ with esbuild.
// Knowledge under server/data/ is not inlined into the bundles as JavaScript: it is copied to
// dist/data/ and read with JSON.parse when first used (not when imported), which starts faster.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const dataDir = path.resolve('server/data');

/**
 * Rewrites `import x from '…/server/data/a/b.json'` into a runtime read of dist/data/a/b.json. An import
 * becomes an ES-module-shaped object whose `default` is read and parsed on first use, not at start, so a
 * start reads only the tables its first document needs (issue 20); a `require()` (already written where
 * the table is first needed) returns the parsed object.
 */
const dataAsFiles = {
  name: 'data-as-files',
  setup(build) {
    const read = (p) =>
      `JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'data', ${JSON.stringify(
        path.relative(dataDir, p).split(path.sep).join('/'),
      )}), 'utf8'))`;
    build.onResolve({ filter: /\.json$/ }, (args) => {
      if (args.kind !== 'require-call') return undefined;
      const p = path.resolve(args.resolveDir, args.path);
      return p.startsWith(dataDir + path.sep) ? { path: p, namespace: 'data-now' } : undefined;
    });
    build.onLoad({ filter: /\.json$/, namespace: 'data-now' }, (args) => ({
      loader: 'js',
      contents: `module.exports = ${read(args.path)};`,
    }));
    build.onLoad({ filter: /\.json$/ }, (args) => {
      if (!args.path.startsWith(dataDir + path.sep)) return undefined;
      return {
        loader: 'js',
        contents: [
          `let value;`,
          `Object.defineProperty(exports, '__esModule', { value: true });`,
          `Object.defineProperty(exports, 'default', { enumerable: true, get: () =>`,
          `  value === undefined ? (value = ${read(args.path)}) : value });`,
        ].join('\n'),
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
  // server.js and cli.js are scripts/code-cache-loader.cjs, which starts these with V8's code cache
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.bundle.js' }),
  // the language server's Kconfig worker thread (kernelTree.ts starts it beside dist/server.js)
  esbuild.build({
    ...common,
    entryPoints: ['server/src/kernelconfig/treeWorker.ts'],
    outfile: 'dist/kconfigWorker.js',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.bundle.js',
  }),
  // olddefconfig's own (the loader starts it for that command)
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/kconfigMain.ts'],
    outfile: 'dist/cli-kconfig.bundle.js',
  }),
]);
// Every bundle a start reads is ASCII. esbuild escapes strings, but keeps some comments as written,
// and one character outside ASCII (a "−" in a comment) makes Node decode the whole file as UTF-8
// into two-byte text: +3.5 ms of every server start for the 1.3 MB server bundle (issue 20).
for (const f of ['server.bundle.js', 'cli.bundle.js', 'cli-kconfig.bundle.js', 'kconfigWorker.js']) {
  const lines = readFileSync(path.join('dist', f), 'latin1').split('\n');
  const at = lines.findIndex((l) => /[^\x00-\x7f]/.test(l));
  if (at >= 0) {
    console.error(
      `dist/${f}:${at + 1}: a character outside ASCII (write it in ASCII in the source): ${Buffer.from(lines[at].trim(), 'latin1').toString('utf8')}`,
    );
    process.exit(1);
  }
}
const loader = readFileSync('scripts/code-cache-loader.cjs', 'utf8');
writeFileSync('dist/server.js', loader);
writeFileSync('dist/cli.js', `#!/usr/bin/env node\n${loader}`);
cpSync('server/data', 'dist/data', {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}schema`) && !src.endsWith('.md'),
});
// The code pages, for `xen-config explain` and the SARIF rules' help.
cpSync('docs/codes', 'dist/docs/codes', { recursive: true });
chmodSync('dist/cli.js', 0o755);
