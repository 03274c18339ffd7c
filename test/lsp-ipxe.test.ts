// Issue 18, iPXE: the example script's Xen mistake (on the `kernel` line) and dom0 mistake (on the
// first `module` line) are reported at the same lines and columns by the built CLI (JSON) and the
// LSP server over stdio; a hover on a Xen parameter and completion of Xen parameters answer inside
// the script; a file named without .ipxe is recognised by its #!ipxe first line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');
const FILE = 'examples/boot/ipxe/xen.ipxe';

type CliFile = { language: string; diagnostics: Array<{ line: number; column: number; code: string }> };

function check(file: string, cwd: string): CliFile {
  const out = (() => {
    try {
      return execFileSync(process.execPath, [CLI, 'check', '--format', 'json', file], { cwd, encoding: 'utf8' });
    } catch (e) {
      return (e as { stdout: string }).stdout;
    }
  })();
  return (JSON.parse(out) as { files: CliFile[] }).files[0];
}

function where(text: string, word: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(word));
  assert.ok(line >= 0, word);
  return { line, character: lines[line].indexOf(word) };
}

test('iPXE (examples/boot/ipxe/xen.ipxe): CLI and LSP agree on the Xen and dom0 mistakes; hover and completion answer', async (t) => {
  const text = readFileSync(path.join(root, FILE), 'utf8');
  const xenAt = where(text, 'dom0_max_vcpu=4');
  const dom0At = where(text, 'nomodeset=1');

  const cli = check(FILE, root);
  assert.equal(cli.language, 'ipxe');
  const cliXen = cli.diagnostics.find((d) => d.code === 'xen/unknown-parameter');
  assert.deepEqual(
    cliXen && [cliXen.line - 1, cliXen.column - 1],
    [xenAt.line, xenAt.character],
    JSON.stringify(cli.diagnostics),
  );
  const cliDom0 = cli.diagnostics.find((d) => d.code === 'linux/unexpected-value');
  assert.ok(
    cliDom0 &&
      cliDom0.line - 1 === dom0At.line &&
      cliDom0.column - 1 >= dom0At.character &&
      cliDom0.column - 1 < dom0At.character + 'nomodeset=1'.length,
    JSON.stringify(cli.diagnostics),
  );
  assert.deepEqual(
    cli.diagnostics.filter((d) => d.code.startsWith('ipxe/')),
    [],
  );

  // The same script under a name that says nothing: its #!ipxe first line decides.
  const dir = mkdtempSync(path.join(tmpdir(), 'xc-ipxe-'));
  writeFileSync(path.join(dir, 'boot'), text);
  const plain = check('boot', dir);
  assert.equal(plain.language, 'ipxe');
  assert.deepEqual(
    plain.diagnostics.map((d) => [d.code, d.line, d.column]),
    cli.diagnostics.map((d) => [d.code, d.line, d.column]),
  );

  const client = await startClient();
  t.after(() => client.close());
  const uri = `file://${path.join('/srv/xc', FILE)}`;
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'ipxe', version: 1, text },
  });
  const ds = (await client.diagnostics(uri, 1)).diagnostics;
  assert.deepEqual(ds.find((d) => d.code === 'xen/unknown-parameter')?.range.start, xenAt);
  const lspDom0 = ds.find((d) => d.code === 'linux/unexpected-value');
  assert.deepEqual(lspDom0 && [lspDom0.range.start.line, lspDom0.range.start.character], [
    cliDom0.line - 1,
    cliDom0.column - 1,
  ]);

  const memAt = where(text, 'dom0_mem=');
  const hover = (await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: memAt.line, character: memAt.character + 3 },
  })) as { contents: { value: string } } | null;
  assert.match(hover?.contents.value ?? '', /dom0_mem/);
  const completion = (await client.conn.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line: memAt.line, character: memAt.character + 'dom0_m'.length },
  })) as Array<{ label: string }> | { items: Array<{ label: string }> };
  const items = Array.isArray(completion) ? completion : completion.items;
  assert.ok(
    items.some((i) => i.label.startsWith('dom0_max_vcpus')),
    JSON.stringify(items.slice(0, 5).map((i) => i.label)),
  );
});
