// The server under protocol abuse: it answers or errors cleanly, and keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SERVER, startClient } from './lspClient';

const MENU = 'title Xen\n root (hd0,0)\n kernel /xen-4.2.5.gz dom0_mem=1G\n module /vmlinuz-3.1 root=/dev/sda1\n';

test('malformed JSON-RPC frames do not stop the server', async () => {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  proc.stdin.write(frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'));
  proc.stdin.write(frame('{this is not json'));
  proc.stdin.write(frame('{"jsonrpc":"2.0","id":2,"method":"initialize"'));
  proc.stdin.write(frame('[1,2,3]'));
  proc.stdin.write(frame('{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":null}'));
  proc.stdin.write(frame('{"jsonrpc":"2.0","id":4,"method":"shutdown"}'));
  const deadline = Date.now() + 10_000;
  while (!/"id":4/.test(out) && Date.now() < deadline && proc.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  proc.kill();
  assert.match(out, /"id":1,"result":\{"capabilities"/, 'initialize answered');
  assert.match(out, /"id":4/, 'still answering after garbage (shutdown answered)');
});

test('unknown methods, unopened documents, out-of-range positions and edit bursts', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  await assert.rejects(client.conn.sendRequest('no/suchMethod', { x: 1 }), /Unhandled method|not found/i);
  // A change to a document that was never opened.
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: 'file:///never-opened', version: 5 },
    contentChanges: [{ text: 'x' }],
  });
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never-opened' } });

  const uri = 'file:///abuse/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: MENU },
  });
  await client.diagnostics(uri, 1);
  for (const position of [
    { line: -1, character: -5 },
    { line: 1e9, character: 1e9 },
    { line: 2, character: 1e6 },
  ]) {
    await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }
  // Out-of-range edits are clamped by the document model rather than crashing the server.
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: { line: 99, character: 0 }, end: { line: 120, character: 4 } }, text: '# tail\n' },
    ],
  });
  // A burst of 200 edits: only the final version's diagnostics matter, and they arrive.
  let text = MENU;
  for (let v = 3; v < 203; v++) {
    text += v % 2 ? ' bogus' : '';
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text }],
    });
  }
  const last = await client.diagnostics(uri, 202, 15_000);
  assert.ok(Array.isArray(last.diagnostics));
  const syms = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
  assert.equal(syms.length, 1, 'still serving the document');
  assert.equal(client.proc.exitCode, null, 'server alive');
});
