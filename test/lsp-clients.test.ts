// The server as editors other than VS Code meet it: documents under the editor's own filetype
// names (Neovim's `grub`, `cfg`, `conf`) are recognised by file name and content; the version lists
// the pickers offer; inlay hints, semantic tokens and diagnostics refreshed after a settings change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClient } from './lspClient';

const MENU =
  'title Xen\n root (hd0,0)\n kernel /boot/xen.gz dom0_mem=1G bogus_xen_word\n module /boot/vmlinuz-6.1.0 root=/dev/sda1 ro\n';

test('documents with an unknown languageId are served by file name and content', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const cases: Array<[string, string, string, boolean]> = [
    // [uri, Neovim's filetype, text, expect findings]
    ['file:///etc/grub/menu.lst', 'grub', MENU, true],
    [
      'file:///boot/grub/grub.cfg',
      'cfg',
      'menuentry "Xen" {\n  multiboot2 /boot/xen.gz dom0_mem=1G bogus_xen_word\n  module2 /boot/vmlinuz-6.1.0 root=/dev/sda1\n}\n',
      true,
    ],
    ['file:///etc/default/grub', 'conf', 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=1G bogus_xen_word"\n', true],
    ['file:///src/linux/.config', 'conf', 'CONFIG_XEN=y\nCONFIG_XEN=y\n', true],
    ['file:///etc/xen/guest.cfg', 'cfg', 'name = "guest"\nmemory = 512\nbogus_key = 1\n', true],
    // Not ours: a .NET web.config under `xml`, a plain text file.
    ['file:///app/web.config', 'xml', '<configuration>\n</configuration>\n', false],
    ['file:///notes/todo.txt', 'text', 'Remember to set CONFIG_XEN=y.\n', false],
  ];
  for (const [uri, languageId, text, findings] of cases) {
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const p = await client.diagnostics(uri, 1);
    if (findings) assert.ok(p.diagnostics.length > 0, `${uri} (${languageId}): diagnostics`);
    else assert.equal(p.diagnostics.length, 0, `${uri} (${languageId}): nothing said about a file that is not ours`);
    const syms = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
    if (findings && !uri.endsWith('.config') && !uri.endsWith('grub')) assert.ok(syms.length > 0, `${uri}: outline`);
  }
  // A file not recognised at open (empty) is recognised once its content says so.
  const uri = 'file:///work/fragment';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'conf', version: 1, text: '' },
  });
  await client.diagnostics(uri, 1);
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: 'CONFIG_XEN=y\nCONFIG_XEN=y\n' }],
  });
  const later = await client.diagnostics(uri, 2);
  assert.ok(
    later.diagnostics.some((d) => String(d.code).startsWith('kconfig/')),
    JSON.stringify(later.diagnostics),
  );
});

test('xenConfig/knownVersions lists every Xen release and every Linux version the server can judge', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const known = (await client.conn.sendRequest('xenConfig/knownVersions')) as { xen: string[]; linux: string[] };
  for (const v of ['4.17.0', '4.22.0']) assert.ok(known.xen.includes(v), v);
  for (const v of ['3.1', '4.19', '5.10', '6.1', '6.12'])
    assert.ok(known.linux.includes(v), `Linux ${v}: ${known.linux.join(', ')}`);
});

test('after a settings change the server asks the editor to refresh inlay hints, semantic tokens and diagnostics', async (t) => {
  let xenVersion = '';
  const client = await startClient(
    undefined,
    {
      workspace: {
        configuration: true,
        inlayHint: { refreshSupport: true },
        semanticTokens: { refreshSupport: true },
        diagnostics: { refreshSupport: true },
      },
      textDocument: { diagnostic: { dynamicRegistration: false } },
    },
    { configuration: () => ({ xenVersion }) },
  );
  t.after(() => client.close());
  const asked: string[] = [];
  for (const m of ['workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh', 'workspace/diagnostic/refresh']) {
    client.conn.onRequest(m, () => {
      asked.push(m);
      return null;
    });
  }
  const uri = 'file:///boot/grub/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: MENU },
  });
  const hints = async () =>
    JSON.stringify(
      await client.conn.sendRequest('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
      }),
    );
  const before = await hints();
  xenVersion = '4.17.0';
  asked.length = 0;
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { xenConfig: { xenVersion } } });
  const deadline = Date.now() + 5000;
  while (asked.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([...new Set(asked)].sort(), [
    'workspace/diagnostic/refresh',
    'workspace/inlayHint/refresh',
    'workspace/semanticTokens/refresh',
  ]);
  const after = await hints();
  assert.match(after, /4\.17\.0/, `inlay hints follow the setting: ${after}`);
  assert.notEqual(after, before);
});
