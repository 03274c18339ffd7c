// The built language server over stdio, as an editor drives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const menuLst = readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8');

test('LSP over stdio: the seed menu.lst end to end', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///work/example/boot/grub/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'menu-lst', version: 1, text: menuLst } });

  const first = await client.diagnostics(uri, 1);
  const codes = first.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('grub/missing-space'), `root(hd0,0) is reported; got ${JSON.stringify(codes)}`);
  const missing = first.diagnostics.find((d) => d.code === 'grub/missing-space')!;
  assert.deepEqual(missing.range.start, { line: 2, character: 8 });

  const lines = menuLst.split('\n');
  const kernelLine = lines.findIndex((l) => l.includes('kernel /xen-4.2.5.gz'));
  const hover = await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: kernelLine, character: lines[kernelLine].indexOf('dom0_mem') + 3 },
  }) as { contents: { value: string } } | null;
  assert.ok(hover, 'hover on dom0_mem answers');
  assert.match(hover.contents.value, /dom0/i);
  assert.match(hover.contents.value, /memory/i);

  const after = lines[kernelLine].indexOf('/xen-4.2.5.gz') + '/xen-4.2.5.gz '.length;
  const completion = await client.conn.sendRequest('textDocument/completion', {
    textDocument: { uri }, position: { line: kernelLine, character: after },
  }) as Array<{ label: string }> | { items: Array<{ label: string }> };
  const items = Array.isArray(completion) ? completion : completion.items;
  assert.ok(items.some((i) => i.label === 'dom0_mem'), 'completion after the Xen image offers dom0_mem');

  // An edit that fixes root(hd0,0) is re-diagnosed and the error goes away.
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, text: ' ' }],
  });
  const second = await client.diagnostics(uri, 2);
  assert.ok(!second.diagnostics.some((d) => d.code === 'grub/missing-space'), 'the fixed line is no longer reported');
});

test('LSP over stdio: hover on CONFIG_XEN_DOM0 in a kernel config', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///work/example/dom0.config';
  const text = 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\n';
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kernel-config', version: 1, text } });
  await client.diagnostics(uri, 1);
  const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } }) as { contents: { value: string } } | null;
  assert.ok(hover, 'hover answers');
  assert.match(hover.contents.value, /CONFIG_XEN_DOM0/);
  const prose = hover.contents.value.replace(/CONFIG_XEN_DOM0|XEN_DOM0/g, '');
  assert.match(prose, /dom0|domain 0|host|privileged/i, 'the hover explains the option, not only names it');
});

test('LSP over stdio: quick fix for root(hd0,0), and the server survives bad requests', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///work/x/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'menu-lst', version: 1, text: menuLst } });
  await client.diagnostics(uri, 1);
  const actions = await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, context: { diagnostics: [] },
  }) as Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>;
  const fix = actions.find((a) => a.edit.changes[uri]?.[0]?.newText === 'root (hd0,0)');
  assert.ok(fix, `a quick fix rewrites to "root (hd0,0)"; got ${JSON.stringify(actions.map((a) => a.title))}`);

  // Positions far out of range and unknown documents answer cleanly.
  const h = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: 9999 } });
  assert.equal(h, null);
  const h2 = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope' }, position: { line: 0, character: 0 } });
  assert.equal(h2, null);
  await assert.rejects(client.conn.sendRequest('xen/unknownMethod', {}));
  // Still serving.
  const syms = await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as Array<{ name: string }>;
  assert.equal(syms.length, 1);
  assert.match(syms[0].name, /X\/LAPP Xen/);
});
