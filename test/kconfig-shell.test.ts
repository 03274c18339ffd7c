// No code from the workspace runs (ARCHITECTURE.md, invariant 5), proven on the built artefacts:
// a kernel tree whose Kconfig has a `$(shell,…)` probe that would create a marker file. Neither
// `xen-config check --kernel-src` nor the language server reading the tree runs it; `olddefconfig
// --allow-shell` does (so the marker check can fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startClient, type TestClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');

function tree(t: { after: (fn: () => void) => void }): { dir: string; marker: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'xen-config-shell-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const marker = path.join(dir, 'marker');
  writeFileSync(
    path.join(dir, 'Kconfig'),
    `config PROBE\n\tdef_bool $(shell,touch ${marker} && echo y)\n\nconfig XEN\n\tbool "Xen"\n\tdepends on PROBE\n`,
  );
  const config = path.join(dir, 'x.config');
  writeFileSync(config, 'CONFIG_XEN=y\nCONFIG_NOT_IN_THIS_TREE=y\n');
  return { dir, marker, config };
}

test('xen-config check --kernel-src reads the tree without running its $(shell,…)', (t) => {
  const { dir, marker, config } = tree(t);
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--kernel-src', dir, config], {
    encoding: 'utf8',
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const diags = JSON.parse(r.stdout).files[0].diagnostics as Array<{ code: string; message: string }>;
  // The tree was really read: the verdicts are the engine's.
  assert.ok(
    diags.some((d) => d.code === 'kconfig/unknown-symbol' && /Kconfig file of this tree/.test(d.message)),
    r.stdout,
  );
  assert.equal(existsSync(marker), false, 'the probe did not run');
});

test('the language server reads the tree for a kernel configuration without running its $(shell,…)', async (t) => {
  const { dir, marker, config } = tree(t);
  const client = await startClient({ settings: { kernelSourcePath: dir } });
  t.after(() => client.close());
  const uri = `file://${config}`;
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text: 'CONFIG_XEN=y\nCONFIG_NOT_IN_THIS_TREE=y\n' },
  });
  // The first publish may come before the tree is loaded; wait for the engine's verdict.
  const deadline = Date.now() + 20_000;
  let fromTree = false;
  while (!fromTree && Date.now() < deadline) {
    const p = await client.diagnostics(uri, undefined, Math.max(1, deadline - Date.now()));
    fromTree = p.diagnostics.some(
      (d) => d.code === 'kconfig/unknown-symbol' && /Kconfig file of this tree/.test(String(d.message)),
    );
  }
  assert.ok(fromTree, 'the server judged the document with the tree');
  assert.equal(existsSync(marker), false, 'the probe did not run');
});

/** Waits for diagnostics of `uri` judged with the tree (the engine's verdict, not the bundled one). */
async function judgedWithTree(client: TestClient, uri: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const p = await client.diagnostics(uri, undefined, Math.max(1, deadline - Date.now()));
    if (
      p.diagnostics.some(
        (d) => d.code === 'kconfig/unknown-symbol' && /Kconfig file of this tree/.test(String(d.message)),
      )
    )
      return;
  }
  assert.fail('the server did not judge the document with the tree');
}

const OPEN = (uri: string) => ({
  textDocument: { uri, languageId: 'kernel-config', version: 1, text: 'CONFIG_XEN=y\nCONFIG_NOT_IN_THIS_TREE=y\n' },
});

// The shell opt-in is taken only from the user's own settings (the unscoped workspace/configuration
// answer) and only for a tree with an absolute path: a repository's settings cannot switch it on.
test('a workspace-scoped allowKconfigShell never runs a command: initializationOptions, didChangeConfiguration', async (t) => {
  const { dir, marker, config } = tree(t);
  const client = await startClient({ settings: { kernelSourcePath: dir, allowKconfigShell: true } });
  t.after(() => client.close());
  const uri = `file://${config}`;
  await client.conn.sendNotification('textDocument/didOpen', OPEN(uri));
  await judgedWithTree(client, uri);
  assert.equal(existsSync(marker), false, 'initializationOptions: the probe did not run');
  await client.conn.sendNotification('workspace/didChangeConfiguration', {
    settings: { xenConfig: { kernelSourcePath: dir, allowKconfigShell: true } },
  });
  await judgedWithTree(client, uri);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(existsSync(marker), false, 'didChangeConfiguration: the probe did not run');
});

function configClient(
  t: { after: (fn: () => void) => void },
  dir: string,
  answer: (scoped: boolean) => unknown,
  seen: string[],
): Promise<TestClient> {
  return startClient(
    undefined,
    { workspace: { configuration: true } },
    {
      rootUri: `file://${dir}`,
      configuration: (item) => {
        seen.push(item.scopeUri ? 'scoped' : 'user');
        return answer(!!item.scopeUri);
      },
    },
  ).then((c) => {
    t.after(() => c.close());
    return c;
  });
}

test('a workspace-scoped allowKconfigShell never runs a command: workspace/configuration answers with a scopeUri', async (t) => {
  const { dir, marker, config } = tree(t);
  const seen: string[] = [];
  const client = await configClient(
    t,
    dir,
    (scoped) => (scoped ? { kernelSourcePath: dir, allowKconfigShell: true } : { kernelSourcePath: dir }),
    seen,
  );
  const uri = `file://${config}`;
  await client.conn.sendNotification('textDocument/didOpen', OPEN(uri));
  await judgedWithTree(client, uri);
  // The same again after a settings change (the server asks again).
  await client.conn.sendNotification('workspace/didChangeConfiguration', {
    settings: { xenConfig: { allowKconfigShell: true } },
  });
  await judgedWithTree(client, uri);
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(seen.includes('scoped') && seen.includes('user'), `the server asked for both scopes: ${seen.join(', ')}`);
  assert.equal(existsSync(marker), false, 'the probe did not run');
});

test('the user-level opt-in runs the probe for an absolute tree path only (the checks above can fail)', async (t) => {
  const relative = tree(t);
  const seen: string[] = [];
  // A relative path names a folder of whatever workspace is open: never with the opt-in.
  const rel = await configClient(t, relative.dir, () => ({ kernelSourcePath: '.', allowKconfigShell: true }), seen);
  const relUri = `file://${relative.config}`;
  await rel.conn.sendNotification('textDocument/didOpen', OPEN(relUri));
  await judgedWithTree(rel, relUri);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(existsSync(relative.marker), false, 'relative kernelSourcePath: the probe did not run');

  const { dir, marker, config } = tree(t);
  const client = await configClient(
    t,
    dir,
    (scoped) => (scoped ? {} : { kernelSourcePath: dir, allowKconfigShell: true }),
    seen,
  );
  const uri = `file://${config}`;
  await client.conn.sendNotification('textDocument/didOpen', OPEN(uri));
  await judgedWithTree(client, uri);
  assert.equal(existsSync(marker), true, 'user settings with an absolute path: the probe ran');
});

test('olddefconfig --allow-shell does run the probe (the checks above can fail)', (t) => {
  const { dir, marker, config } = tree(t);
  const r = spawnSync(process.execPath, [CLI, 'olddefconfig', '--kernel-src', dir, '--allow-shell', config], {
    encoding: 'utf8',
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  assert.equal(existsSync(marker), true, 'the probe ran');
  assert.match(r.stdout, /CONFIG_PROBE=y/);
});
