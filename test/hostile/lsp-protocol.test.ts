// The server under hostile protocol traffic, bounded: a malformed frame closes the connection with
// a line on stderr (never a live but deaf server); requests before `initialize` get the LSP's
// "not initialized" error; `$/cancelRequest` really stops long work, and the server keeps answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { SERVER, startClient } from '../lspClient';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const INIT = frame(
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}',
);

/** Spawns the server, writes `input`, and resolves with its exit (or null on timeout), stdout and stderr. */
function run(
  input: string[],
  timeoutMs: number,
): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve({ code: null, out, err, ms: Date.now() - t0 });
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: Date.now() - t0 });
    });
    proc.stdin.on('error', () => undefined);
    for (const chunk of input) proc.stdin.write(chunk);
  });
}

const MALFORMED: Array<[string, string]> = [
  ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
  ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0"}'],
  ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
  ['a header line without a colon', 'Content-Length 10\r\n\r\n0123456789'],
  ['a Content-Length of a terabyte', 'Content-Length: 1099511627776\r\n\r\n{}'],
  ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
  ['16 KB of text without a header end', 'x'.repeat(16 * 1024)],
];

for (const [what, bad] of MALFORMED) {
  test(`a malformed frame (${what}) closes the connection with a line on stderr`, async () => {
    const r = await run([INIT, bad], 5000);
    assert.notEqual(r.code, null, `the server exited (took ${r.ms} ms); stderr: ${r.err}`);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /malformed message from the client .*closing the connection/);
    assert.match(r.out, /"id":1,"result":\{"capabilities"/, 'the well-framed message before it was answered');
  });
}

test('a frame split across many writes, and a body in the same write as the next header, are read', async () => {
  const body = '{"jsonrpc":"2.0","id":2,"method":"shutdown"}';
  const two = INIT + frame(body);
  const r = await run([...two.split('')], 800); // one byte per write; then the server waits for more
  assert.match(r.out, /"id":1,"result"/);
  assert.match(r.out, /"id":2,"result":null/);
  assert.equal(r.err, '');
});

test('requests before initialize get ServerNotInitialized (-32002); after it, the server answers', async () => {
  const hover = frame(
    '{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x/menu.lst"},"position":{"line":0,"character":0}}}',
  );
  const custom = frame('{"jsonrpc":"2.0","id":8,"method":"xenConfig/status","params":{"uri":"file:///x/menu.lst"}}');
  const unknown = frame('{"jsonrpc":"2.0","id":9,"method":"no/suchMethod","params":{}}');
  const after = frame('{"jsonrpc":"2.0","id":10,"method":"no/suchMethod","params":{}}');
  const r = await run([hover, custom, unknown, INIT, after], 1500);
  for (const id of [7, 8, 9])
    assert.match(r.out, new RegExp(`"id":${id},"error":\\{"code":-32002`), `request ${id}: ${r.out}`);
  assert.match(r.out, /"id":1,"result":\{"capabilities"/);
  assert.match(r.out, /"id":10,"error":\{"code":-32601/);
});

test('50 cancelled whole-file code actions do not block the server', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  // 10,000 repeated assignments: 10,000 fixable findings of one code.
  const uri = 'file:///hostile/cancel/.config';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text: 'CONFIG_XEN=y\n'.repeat(20_000) },
  });
  const first = await client.diagnostics(uri, 1, 30_000);
  assert.ok(first.diagnostics.length >= 10_000);
  const other = 'file:///hostile/cancel/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: other,
      languageId: 'menu-lst',
      version: 1,
      text: 'title Xen\n kernel /xen-4.17.gz dom0_mem=1G\n',
    },
  });
  await client.diagnostics(other, 1);

  const whole = { start: { line: 0, character: 0 }, end: { line: 20_000, character: 0 } };
  // One uncancelled request: the work is real (and its length is the reference).
  let t0 = Date.now();
  const actions = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: whole,
    context: { diagnostics: [] },
  })) as unknown[];
  const one = Date.now() - t0;
  assert.ok(actions.length >= 10_000, `${actions.length} actions`);

  t0 = Date.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < 50; i++) {
    const source = new CancellationTokenSource();
    pending.push(
      client.conn
        .sendRequest(
          'textDocument/codeAction',
          { textDocument: { uri }, range: whole, context: { diagnostics: [] } },
          source.token,
        )
        .then(
          () => 'answered',
          (e: { code?: number }) => e.code,
        ),
    );
    source.cancel();
  }
  const hoverStart = Date.now();
  await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri: other },
    position: { line: 1, character: 20 },
  });
  const hoverMs = Date.now() - hoverStart;
  const results = await Promise.all(pending);
  const all = Date.now() - t0;
  t.diagnostic(
    `one whole-file code action ${one} ms; 50 cancelled ${all} ms; hover meanwhile ${hoverMs} ms; answers: ${results.filter((r) => r === -32800).length} cancelled`,
  );
  assert.ok(
    results.every((r) => r === -32800 || r === 'answered'),
    JSON.stringify(results.slice(0, 5)),
  );
  assert.ok(results.filter((r) => r === -32800).length >= 45, 'the cancelled requests were cancelled');
  assert.ok(all < Math.max(5000, 3 * one), `50 cancelled requests took ${all} ms (one uncancelled: ${one} ms)`);
  assert.ok(hoverMs < Math.max(3000, 2 * one), `hover on another document took ${hoverMs} ms`);
  assert.equal(client.proc.exitCode, null);
});
