import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

// The layering of server/src (ARCHITECTURE.md, "Layers"): each layer may import only the layers
// listed for it, so every arrow points down. Paths are globs relative to this file; a layer is a
// folder, except cmdline/: the files named in CMDLINE_HOST host command lines above the engines,
// every other file of it (engine, segment, words, …) is the shared base the engines use. An import
// of a layer not listed in `may` is refused by no-restricted-paths; no-cycle refuses import cycles.
const S = 'server/src';
const CMDLINE_HOST = 'host,editorAids,engines,hostedMode';
const layers = {
  // contracts: types, the mode interface, the code-table type, text helpers
  core: { paths: [`${S}/core/**`], may: [] },
  // shared engines: command-line words and segments, the Kconfig language
  cmdline: { paths: [`${S}/cmdline/!(${CMDLINE_HOST.replaceAll(',', '|')}).ts`], may: ['core'] },
  kconfig: { paths: [`${S}/kconfig/**`], may: ['core'] },
  // the command-line engines and the kernel-configuration area
  xen: { paths: [`${S}/xen/**`], may: ['core', 'cmdline'] },
  linux: { paths: [`${S}/linux/**`], may: ['core', 'cmdline'] },
  kernelconfig: { paths: [`${S}/kernelconfig/**`], may: ['core', 'cmdline', 'kconfig'] },
  // hosting command lines in boot files: dispatches to the engines; the kernel cross-checks are
  // wired in by the service (core/provide.ts), not imported
  cmdlineHost: {
    paths: [`${S}/cmdline/{${CMDLINE_HOST}}.ts`],
    may: ['core', 'cmdline', 'xen', 'linux'],
  },
  // the boot-file languages
  grub: { paths: [`${S}/grub/**`], may: ['core', 'cmdline', 'cmdlineHost'] },
  xl: { paths: [`${S}/xl/**`], may: ['core', 'cmdline', 'cmdlineHost'] },
  xenefi: { paths: [`${S}/xenefi/**`], may: ['core', 'cmdline', 'cmdlineHost', 'xen'] },
  devicetree: { paths: [`${S}/devicetree/**`], may: ['core', 'cmdline', 'cmdlineHost', 'xen'] },
  syslinux: { paths: [`${S}/syslinux/**`], may: ['core', 'cmdline', 'cmdlineHost', 'grub'] },
  ipxe: { paths: [`${S}/ipxe/**`], may: ['core', 'cmdline', 'cmdlineHost', 'grub'] },
  // the front door and the wiring (which modes, engines and code tables exist)
  service: {
    paths: [`${S}/service/**`, `${S}/*.ts`],
    may: ['core', 'cmdline', 'kconfig', 'xen', 'linux', 'kernelconfig', 'cmdlineHost', 'grub', 'xl', 'xenefi'].concat([
      'devicetree',
      'syslinux',
      'ipxe',
    ]),
  },
  // the adapters: the language server and the command line use the front door only
  lsp: { paths: [`${S}/lsp/**`], may: ['core', 'service'] },
  cli: { paths: [`${S}/cli/**`], may: ['core', 'service'] },
};

const zones = Object.entries(layers).flatMap(([name, { paths, may }]) => {
  const refused = Object.entries(layers)
    .filter(([other]) => other !== name && !may.includes(other))
    .flatMap(([, l]) => l.paths);
  return paths.map((target) => ({
    target,
    from: refused,
    message: `The ${name} layer may import only ${may.length ? may.join(', ') : 'nothing above it'} (ARCHITECTURE.md, Layers).`,
  }));
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*'],
              message:
                'The language service is editor-independent: only server/src/lsp and client/ may import editor APIs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/lsp/**', 'client/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: [`${S}/**/*.ts`],
    plugins: { 'import-x': importX },
    settings: {
      // dependencies are read with the TypeScript parser (no-cycle follows them through .ts files)
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
);
