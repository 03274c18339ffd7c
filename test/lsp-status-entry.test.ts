// xenConfig/status over stdio with the cursor position (issue 19): the built server answers with
// the versions of the boot entry around the position, a summary without one, and shrugs off a
// malformed position. Inlay hints drawn before text say so (paddingRight).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClient } from './lspClient';

const MENU = [
  'title Old Xen',
  ' kernel /xen-4.1.2.gz dom0_mem=1G',
  ' module /vmlinuz-3.1.0-1-amd64 root=/dev/sda1 ro',
  '',
  'title New Xen',
  ' kernel /xen-4.17.3.gz dom0_mem=2G',
  ' module /vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro',
  '',
].join('\n');

test('xenConfig/status: per entry with a position, a summary without', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  const uri = 'file:///boot/grub/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'menu-lst', version: 1, text: MENU },
  });
  type Status = { targets: string[]; entry?: string };
  const ask = (position?: unknown) =>
    client.conn.sendRequest('xenConfig/status', {
      uri,
      ...(position === undefined ? {} : { position }),
    }) as Promise<Status>;
  const old = await ask({ line: 2, character: 4 });
  assert.equal(old.entry, 'Old Xen');
  assert.deepEqual(
    old.targets.map((x) => x.split(' (')[0]),
    ['Xen 4.1.2', 'Linux 3.1'],
  );
  const neu = await ask({ line: 5, character: 0 });
  assert.equal(neu.entry, 'New Xen');
  assert.deepEqual(
    neu.targets.map((x) => x.split(' (')[0]),
    ['Xen 4.17.3', 'Linux 6.1'],
  );
  const summary = await ask();
  assert.equal(summary.entry, undefined);
  assert.deepEqual(summary.targets, ['Xen 4.1.2, 4.17.3', 'Linux 3.1, 6.1']);
  // a position of the wrong shape is no position
  for (const bad of [{ line: 'x' }, { line: -1, character: 0 }, 'here', null, { line: 1.5, character: 0 }])
    assert.deepEqual(await ask(bad), summary, JSON.stringify(bad));

  const hints = (await client.conn.sendRequest('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
  })) as Array<{ position: { line: number; character: number }; paddingLeft?: boolean; paddingRight?: boolean }>;
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.position.character, !!h.paddingRight, !!h.paddingLeft]),
    [
      [1, 8, true, false],
      [2, 8, true, false],
      [5, 8, true, false],
      [6, 8, true, false],
    ],
  );
});
