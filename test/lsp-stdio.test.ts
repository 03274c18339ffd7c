// The built language server over stdio, as an editor drives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const menuLst = readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8');

test('LSP over stdio: the seed menu.lst end to end', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///srv/xc/example/boot/grub/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: menuLst },
  });

  const first = await client.diagnostics(uri, 1);
  const codes = first.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('grub/missing-space'), `root(hd0,0) is reported; got ${JSON.stringify(codes)}`);
  const missing = first.diagnostics.find((d) => d.code === 'grub/missing-space')!;
  assert.deepEqual(missing.range.start, { line: 2, character: 8 });

  const lines = menuLst.split('\n');
  const kernelLine = lines.findIndex((l) => l.includes('kernel /xen-4.2.5.gz'));
  const hover = (await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: kernelLine, character: lines[kernelLine].indexOf('dom0_mem') + 3 },
  })) as { contents: { value: string } } | null;
  assert.ok(hover, 'hover on dom0_mem answers');
  assert.match(hover.contents.value, /dom0/i);
  assert.match(hover.contents.value, /memory/i);

  const after = lines[kernelLine].indexOf('/xen-4.2.5.gz') + '/xen-4.2.5.gz '.length;
  const completion = (await client.conn.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line: kernelLine, character: after },
  })) as Array<{ label: string }> | { items: Array<{ label: string }> };
  const items = Array.isArray(completion) ? completion : completion.items;
  assert.ok(
    items.some((i) => i.label === 'dom0_mem'),
    'completion after the Xen image offers dom0_mem',
  );

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
  const uri = 'file:///srv/xc/example/dom0.config';
  const text = 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\n';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text },
  });
  await client.diagnostics(uri, 1);
  const hover = (await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 10 },
  })) as { contents: { value: string } } | null;
  assert.ok(hover, 'hover answers');
  assert.match(hover.contents.value, /CONFIG_XEN_DOM0/);
  const prose = hover.contents.value.replace(/CONFIG_XEN_DOM0|XEN_DOM0/g, '');
  assert.match(prose, /dom0|domain 0|host|privileged/i, 'the hover explains the option, not only names it');
});

test('LSP over stdio: quick fix for root(hd0,0), and the server survives bad requests', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///srv/xc/x/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: menuLst },
  });
  await client.diagnostics(uri, 1);
  const actions = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } },
    context: { diagnostics: [] },
  })) as Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>;
  const fix = actions.find((a) => a.edit.changes[uri]?.[0]?.newText === 'root (hd0,0)');
  assert.ok(fix, `a quick fix rewrites to "root (hd0,0)"; got ${JSON.stringify(actions.map((a) => a.title))}`);

  // Positions far out of range and unknown documents answer cleanly.
  const h = await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 9999, character: 9999 },
  });
  assert.equal(h, null);
  const h2 = await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri: 'file:///nope' },
    position: { line: 0, character: 0 },
  });
  assert.equal(h2, null);
  await assert.rejects(client.conn.sendRequest('xen/unknownMethod', {}));
  // Still serving.
  const syms = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as Array<{
    name: string;
  }>;
  assert.equal(syms.length, 1);
  assert.match(syms[0].name, /X\/LAPP Xen/);
});

test('LSP over stdio: code links, inlay hints, semantic tokens, fix-all actions', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///srv/xc/x2/boot/grub/menu.lst';
  const text = [
    'title A',
    ' root (hd0,0)',
    ' kernal /boot/vmlinuz-6.1.0 root=/dev/sda1 ro',
    'title Xen',
    ' root (hd0,0)',
    ' kernel /boot/xen-4.17.gz dom0_mem=4G,max:4G',
    ' module /boot/vmlinuz-6.1.0 root=/dev/sda1 ro',
    ' initrd /boot/initrd.img-6.1.0',
    'title B',
    ' root (hd0,0)',
    ' kernal /boot/vmlinuz-6.1.0 root=/dev/sda2 ro',
    '',
  ].join('\n');
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text },
  });
  const { diagnostics } = await client.diagnostics(uri, 1);
  const unknown = diagnostics.find((d) => d.code === 'grub/unknown-command')!;
  // The page installed beside the server, as a file link: offline, no made-up address.
  const href = unknown.codeDescription?.href ?? '';
  assert.match(href, /^file:\/\/.*\/docs\/codes\/grub-unknown-command\.md$/);
  assert.match(readFileSync(fileURLToPath(href), 'utf8'), /unknown-command/);

  const hints = (await client.conn.sendRequest('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } },
  })) as Array<{ position: { line: number }; label: string }>;
  // The misspelt entries load no kernel, so only the Xen entry's two lines get hints.
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.label.replace(/^Xen 4\.17\.\d+/, 'Xen 4.17')]),
    [
      [5, 'Xen 4.17'],
      [6, 'dom0 kernel · Linux 6.1'],
    ],
  );

  const tokens = (await client.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as {
    data: number[];
  };
  assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);

  const actions = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } },
    context: { diagnostics: [] },
  })) as Array<{ title: string; kind: string; edit: { changes: Record<string, unknown[]> } }>;
  const all = actions.find((a) => a.title === 'Fix all 2 grub/unknown-command problems in this file');
  assert.ok(all, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(all.edit.changes[uri].length, 2);
  const onSave = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  })) as Array<{ kind: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>;
  assert.deepEqual(
    onSave.map((a) => a.kind),
    ['source.fixAll.xenConfig'],
  );
  assert.deepEqual(
    onSave[0].edit.changes[uri].map((e) => e.newText),
    ['module'],
  );
});

test('LSP over stdio: CONFIG_XEN_SCRUB_PAGES in a 6.1 configuration gets a rename quick fix', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///srv/xc/example/config-6.1.0-18-amd64';
  const text = '# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_XEN=y\nCONFIG_XEN_SCRUB_PAGES=y\n';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text },
  });
  const diags = await client.diagnostics(uri, 1);
  const renamed = diags.diagnostics.find((d) => d.range.start.line === 2);
  assert.ok(renamed, `CONFIG_XEN_SCRUB_PAGES is reported; got ${JSON.stringify(diags.diagnostics.map((d) => d.code))}`);
  const actions = (await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: renamed.range,
    context: { diagnostics: [renamed] },
  })) as Array<{ title: string; edit?: { changes: Record<string, Array<{ newText: string }>> } }>;
  assert.ok(
    actions.some((a) => a.edit?.changes[uri]?.some((e) => e.newText === 'CONFIG_XEN_SCRUB_PAGES_DEFAULT')),
    `a quick fix renames it to CONFIG_XEN_SCRUB_PAGES_DEFAULT; got ${JSON.stringify(actions.map((a) => a.title))}`,
  );
});

test('LSP over stdio: a client that pulls diagnostics gets them pulled, not pushed', async (t) => {
  const client = await startClient(undefined, { textDocument: { diagnostic: { dynamicRegistration: false } } });
  t.after(() => client.close());
  const uri = 'file:///srv/xc/pull/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: menuLst },
  });
  const report = (await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as {
    kind: string;
    items: Array<{ code: string }>;
  };
  assert.equal(report.kind, 'full');
  assert.ok(report.items.some((d) => d.code === 'grub/missing-space'));
  await assert.rejects(client.diagnostics(uri, 1, 1500), /no diagnostics/, 'nothing is pushed to a pulling client');
});
