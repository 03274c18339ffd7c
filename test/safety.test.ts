// No network, no writes: the CLI and the server only read the user's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');
const PRELOAD = path.join(__dirname, 'fixtures', 'no-network.cjs');

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), `${st.mtimeMs}:${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return out;
}

test('the CLI checks every example without touching the network or changing any file', (t) => {
  const work = mkdtempSync(path.join(tmpdir(), 'xen-config-safety-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  cpSync(path.join(root, 'examples'), path.join(work, 'examples'), { recursive: true });
  const before = snapshot(work);
  const netLog = path.join(tmpdir(), `xen-config-net-${process.pid}.log`);
  rmSync(netLog, { force: true });
  const r = spawnSync(process.execPath, ['--require', PRELOAD, CLI, 'check', '--format', 'json', 'examples'], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, XEN_CONFIG_NET_LOG: netLog },
  });
  assert.ok(r.status === 0 || r.status === 1, `check ran (exit ${r.status}): ${r.stderr}`);
  assert.ok(JSON.parse(r.stdout).files.length > 0);
  assert.equal(existsSync(netLog) ? readFileSync(netLog, 'utf8') : '', '', 'no network access');
  assert.deepEqual(snapshot(work), before, 'no file was written, created or removed');
});

test('the preload really refuses network access (the check above can fail)', () => {
  const netLog = path.join(tmpdir(), `xen-config-net-probe-${process.pid}.log`);
  rmSync(netLog, { force: true });
  spawnSync(process.execPath, ['--require', PRELOAD, '-e', "require('node:net').connect(9, '127.0.0.1')"], {
    env: { ...process.env, XEN_CONFIG_NET_LOG: netLog },
  });
  assert.match(readFileSync(netLog, 'utf8'), /net\.connect/);
  rmSync(netLog, { force: true });
});

test('the server answers every feature on the examples without writing to them', async (t) => {
  const work = mkdtempSync(path.join(tmpdir(), 'xen-config-safety-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  cpSync(path.join(root, 'examples'), path.join(work, 'examples'), { recursive: true });
  const before = snapshot(work);
  const client = await startClient();
  t.after(() => client.close());
  const files = execFileSync('find', [path.join(work, 'examples'), '-type', 'f'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  const { languageForPath } = await import('../server/src/core/languages');
  for (const f of files) {
    const languageId = languageForPath(f);
    if (!languageId) continue;
    const uri = `file://${f}`;
    const text = readFileSync(f, 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const diags = await client.diagnostics(uri, 1);
    for (const d of diags.diagnostics) {
      await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d] },
      });
    }
    await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  }
  assert.deepEqual(snapshot(work), before, 'the server wrote nothing');
});
