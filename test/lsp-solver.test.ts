// The Kconfig solver in the editor, over stdio against the built server (dist/server.js) with
// Debian's 6.1 tree as `kernelSourcePath`: code actions listed without edits and completed by
// codeAction/resolve ("Enable CONFIG_X and what it needs", "Make this configuration dom0-ready"),
// the hover "To get CONFIG_X=y: set …", and the configurator view's requests. Every edit is applied
// to the text and the result is judged independently: the Kconfig engine (equal to the kernel's
// conf, see server/test/oracle) resolves it, and the server's own role check must stop complaining.
// Skips without the prepared tree unless XEN_CONFIG_REQUIRE_TREES=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './lspClient';
import { debianTree, treesRequired } from '../scripts/kernel-trees';
import { kernelEnv, loadKconfigTreeAsync, resolveConfig, type KconfigTree } from '../server/src/kconfig/index';
import { roleGoals } from '../server/src/kernelconfig/roleGoals';

const TREE = debianTree('6.1');
const URI = 'file:///tmp/xen-config-solver-test/.config';
const TEXT = [
  '# xen-config: role=dom0',
  'CONFIG_64BIT=y',
  '# CONFIG_XEN_DOM0 is not set',
  'CONFIG_XEN_NETDEV_BACKEND=y',
  '',
].join('\n');

let engineTree: KconfigTree | undefined;
async function engine(): Promise<KconfigTree> {
  if (!engineTree) {
    const env = kernelEnv({ srcDir: TREE, arch: 'x86_64', base: process.env, allowShell: false });
    engineTree = (await loadKconfigTreeAsync({ srcDir: TREE, arch: 'x86_64', env, allowShell: false, cache: true }))
      .tree;
  }
  return engineTree;
}
async function valueAfterOlddefconfig(text: string, name: string): Promise<string | undefined> {
  return resolveConfig(await engine(), [{ path: '.config', text }]).value(name);
}

function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'kernel-config', 1, text), edits);
}

/** Diagnostics until the tree's own checks arrive (the tree loads in the background). */
async function treeDiagnostics(c: TestClient, version: number): Promise<Diagnostic[]> {
  const until = Date.now() + 120_000;
  for (;;) {
    const p = await c.diagnostics(URI, version, Math.max(1, until - Date.now()));
    if (p.diagnostics.some((d) => d.code === 'kconfig/unmet-dependency')) return p.diagnostics;
  }
}

async function withServer(t: { skip: (m: string) => void }, fn: (c: TestClient) => Promise<void>): Promise<void> {
  if (!existsSync(`${TREE}/Kconfig`)) {
    const msg = `${TREE} is not prepared (bash scripts/prepare-kernel-trees.sh 6.1)`;
    if (treesRequired()) assert.fail(msg);
    t.skip(msg);
    return;
  }
  const c = await startClient(
    { settings: { kernelSourcePath: TREE } },
    { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } },
  );
  try {
    await c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'kernel-config', version: 1, text: TEXT },
    });
    await treeDiagnostics(c, 1);
    await fn(c);
  } finally {
    await c.close();
  }
}

/** A hover's Markdown with its escapes taken out. */
function plain(h: Hover | null): string {
  const md = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  return md.replace(/\\(.)/g, '$1');
}

const actionsAt = (c: TestClient, line: number): Promise<CodeAction[]> =>
  c.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });

test(
  'code actions: listed without edits, resolved into edits that make the goal hold after olddefconfig',
  { timeout: 240_000 },
  async (t) => {
    await withServer(t, async (c) => {
      const onDom0 = await actionsAt(c, 2);
      const titles = onDom0.map((a) => a.title);
      t.diagnostic(`actions on "# CONFIG_XEN_DOM0 is not set": ${titles.join(' | ')}`);
      const enable = onDom0.find((a) => a.title === 'Enable CONFIG_XEN_DOM0 and what it needs');
      assert.ok(enable, `no "Enable CONFIG_XEN_DOM0 and what it needs" in ${titles.join(', ')}`);
      const dom0 = onDom0.find((a) => a.title === 'Make this configuration dom0-ready');
      assert.ok(dom0, `no "Make this configuration dom0-ready" in ${titles.join(', ')}`);
      for (const g of ['pv-domU', 'pvh-domU', 'hvm-domU'])
        assert.ok(titles.includes(`Make this configuration ${g}-ready`), `no ${g} action in ${titles.join(', ')}`);
      // nothing solved yet: the list carries no edits
      assert.ok(onDom0.every((a) => !a.edit || a.title.startsWith('Fix all') || a.kind === 'quickfix'));
      assert.equal(enable.edit, undefined);
      assert.equal(dom0.edit, undefined);

      assert.equal(await valueAfterOlddefconfig(TEXT, 'XEN_DOM0'), 'n');
      let t0 = Date.now();
      const en: CodeAction = await c.conn.sendRequest('codeAction/resolve', enable);
      t.diagnostic(`resolve "Enable CONFIG_XEN_DOM0": ${Date.now() - t0} ms`);
      const enEdits = en.edit?.changes?.[URI] ?? [];
      assert.ok(enEdits.length > 0, 'the resolved action has no edits');
      const enText = applied(TEXT, enEdits);
      t.diagnostic(`after "Enable CONFIG_XEN_DOM0":\n${enText}`);
      assert.equal(await valueAfterOlddefconfig(enText, 'XEN_DOM0'), 'y');
      // the line itself is changed in place, not left contradicting the added one
      assert.ok(!enText.includes('# CONFIG_XEN_DOM0 is not set'));

      // the solve runs in the tree worker: a request sent meanwhile is answered before it ends
      t0 = Date.now();
      let statusAt = 0;
      const pendingResolve = c.conn
        .sendRequest<CodeAction>('codeAction/resolve', dom0)
        .then((r) => ({ rd: r, at: Date.now() }));
      await c.conn.sendRequest('xenConfig/status', { uri: URI });
      statusAt = Date.now();
      const { rd, at: resolvedAt } = await pendingResolve;
      t.diagnostic(
        `resolve "Make this configuration dom0-ready": ${resolvedAt - t0} ms; a status request sent meanwhile: ${statusAt - t0} ms`,
      );
      assert.ok(statusAt <= resolvedAt, 'the status request waited for the solve');
      // the role comment's hover says what makes it dom0-ready: the same lines as the action
      const roleHover = plain(
        await c.conn.sendRequest('textDocument/hover', {
          textDocument: { uri: URI },
          position: { line: 0, character: 5 },
        }),
      );
      const toDom0 = /\*\*To make it dom0-ready:\*\* set (.*)\./.exec(roleHover);
      assert.ok(toDom0, `the role comment's hover has no "To make it dom0-ready: set …":\n${roleHover}`);

      const rdLines = (rd.edit?.changes?.[URI] ?? [])
        .flatMap((e) => e.newText.split('\n'))
        .filter((l) => l.startsWith('CONFIG_'));
      assert.deepEqual(toDom0[1].split(/, | and /).sort(), rdLines.sort());
      const rdText = applied(TEXT, rd.edit?.changes?.[URI] ?? []);
      assert.notEqual(rdText, TEXT);
      assert.equal(await valueAfterOlddefconfig(rdText, 'XEN_DOM0'), 'y');
      // the server's own role check, on the edited document: no missing requirement left
      await c.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ text: rdText }],
      });
      const after = (await c.diagnostics(URI, 2, 60_000)).diagnostics;
      assert.deepEqual(
        after.filter((d) => d.code === 'kconfig/role-requirement-missing').map((d) => d.message),
        [],
      );
      // once ready, dom0's action is no longer offered
      const later = await actionsAt(c, 0);
      assert.ok(!later.some((a) => a.title === 'Make this configuration dom0-ready'));
    });
  },
);

test(
  'unmet dependency: the line gets "Enable … and what it needs" and the hover says what to set',
  { timeout: 240_000 },
  async (t) => {
    await withServer(t, async (c) => {
      assert.equal(await valueAfterOlddefconfig(TEXT, 'XEN_NETDEV_BACKEND'), 'n');
      const acts = await actionsAt(c, 3);
      const enable = acts.find((a) => a.title === 'Enable CONFIG_XEN_NETDEV_BACKEND and what it needs');
      assert.ok(enable, acts.map((a) => a.title).join(', '));
      assert.equal(enable.isPreferred, true);
      const r: CodeAction = await c.conn.sendRequest('codeAction/resolve', enable);
      const edits = r.edit?.changes?.[URI] ?? [];
      const text = applied(TEXT, edits);
      assert.equal(await valueAfterOlddefconfig(text, 'XEN_NETDEV_BACKEND'), 'y');
      const addedLines = edits.flatMap((e) => e.newText.split('\n')).filter((l) => l.startsWith('CONFIG_'));
      t.diagnostic(`added: ${addedLines.join(', ')}`);
      assert.ok(addedLines.length >= 2, 'NET, XEN and the backend switch need more than one line');

      const h: Hover | null = await c.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line: 3, character: 10 },
      });
      const md = plain(h);
      const m = /\*\*To get CONFIG_XEN_NETDEV_BACKEND=y:\*\* set (.*)\./.exec(md);
      assert.ok(m, `hover has no "To get CONFIG_XEN_NETDEV_BACKEND=y: set …":\n${md}`);
      // the hover names exactly the lines the action adds
      for (const l of addedLines) assert.ok(m[1].includes(l), `hover misses ${l}: ${m[1]}`);

      // a line that holds gets no such hint
      const ok: Hover | null = await c.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line: 1, character: 10 },
      });
      const okMd = plain(ok);
      assert.doesNotMatch(okMd, /To get/);
    });
  },
);

interface Item {
  id: string;
  kind: string;
  label: string;
  name?: string;
  value?: string;
  hasChildren: boolean;
  tooltip?: string;
}

test(
  'configurator requests: menus with values, the Xen filter, search, and setting through the solver',
  { timeout: 240_000 },
  async (t) => {
    await withServer(t, async (c) => {
      const top: { tree: string; items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', { uri: URI });
      t.diagnostic(`${top.tree}: ${top.items.map((i) => i.label).join(' | ')}`);
      assert.match(top.tree, /^Linux 6\.1/);
      const proc = top.items.find((i) => i.kind === 'menu' && /Processor type and features/.test(i.label));
      assert.ok(proc?.hasChildren, 'no "Processor type and features" menu at the top');
      const sub: { items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', { uri: URI, parent: proc.id });
      assert.ok(sub.items.length > 10, `only ${sub.items.length} items under ${proc.label}`);
      const smp = sub.items.find((i) => i.name === 'SMP');
      assert.ok(smp, 'SMP is under Processor type and features');
      assert.equal(smp.value, await valueAfterOlddefconfig(TEXT, 'SMP'));

      // the kernel's menus put what depends on a menuconfig under it: Networking options under NET
      assert.ok(!top.items.some((i) => i.label === 'Networking options'), 'Networking options is not at the top');
      const net = top.items.find((i) => i.name === 'NET');
      assert.ok(net?.hasChildren, 'Networking support (NET) has children');
      const underNet: { items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', {
        uri: URI,
        parent: net.id,
      });
      assert.ok(underNet.items.some((i) => i.label === 'Networking options'));

      const xen: { items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', { uri: URI, filter: 'xen' });
      // the role's requirements come first
      const required = new Set(roleGoals(await engine(), 'dom0')!.goals.flatMap((g) => g.anyOf.map((x) => x.name)));
      const firstOther = xen.items.findIndex((i) => !required.has(i.name!));
      assert.ok(firstOther > 0, 'the list starts with the requirements');
      assert.ok(
        xen.items.slice(firstOther).every((i) => !required.has(i.name!)),
        'no requirement after the first other symbol',
      );
      const d0 = xen.items.find((i) => i.name === 'XEN_DOM0');
      assert.ok(d0, 'the Xen filter lists XEN_DOM0');
      assert.equal(d0.value, 'n');
      // the role's requirements that are not Xen symbols are there too (dom0 needs ACPI and PCI)
      assert.ok(xen.items.some((i) => i.name === 'PCI'));
      assert.ok(d0.tooltip && /CONFIG_XEN_DOM0 \(bool\), arch\/x86\/xen\/Kconfig:\d+/.test(d0.tooltip), d0.tooltip);

      const found: { items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', {
        uri: URI,
        query: 'xen_dom0',
      });
      assert.equal(found.items[0]?.name, 'XEN_DOM0');
      const byPrompt: { items: Item[] } = await c.conn.sendRequest('xenConfig/configMenu', {
        uri: URI,
        query: 'virtual block device',
      });
      assert.ok(
        byPrompt.items.some((i) => i.name === 'XEN_BLKDEV_FRONTEND'),
        `search by prompt: ${byPrompt.items.map((i) => i.name).join(', ')}`,
      );

      const set: { ok: boolean; edits: TextEdit[]; message: string } = await c.conn.sendRequest('xenConfig/configSet', {
        uri: URI,
        name: 'XEN_DOM0',
        value: 'y',
      });
      t.diagnostic(set.message);
      assert.equal(set.ok, true);
      assert.equal(await valueAfterOlddefconfig(applied(TEXT, set.edits), 'XEN_DOM0'), 'y');
      const bad: { ok: boolean; message: string } = await c.conn.sendRequest('xenConfig/configSet', {
        uri: URI,
        name: 'XEN_DOM0',
        value: 'm',
      });
      assert.equal(bad.ok, false);
      assert.match(bad.message, /takes y, n/);
    });
  },
);
