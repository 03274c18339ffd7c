// The language server's tree load in a worker thread (kernelTree.ts + treeWorker.ts): the first
// request answers 'loading' at once, the tree arrives rebuilt from the worker's flat form, a failed
// tree says why, and a changed file reloads it (through the parsed-tree cache's check).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearTrees, onTreeChange, STALE_CHECK_MS, treeFor, treeSettled } from '../src/kernelconfig/kernelTree';
import { resolveSettings } from '../src/core/types';
import { KconfigTree, loadKconfigTree, resolveConfig } from '../src/kconfig/index';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-worker-'));
// the worker inherits the environment: its cache goes here, not into the user's
process.env.XDG_CACHE_HOME = path.join(base, 'cache');
test.after(() => {
  clearTrees();
  fs.rmSync(base, { recursive: true, force: true });
});

function tree(name: string, d: string): string {
  const dir = path.join(base, name);
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'Kconfig'),
    `config A\n\tbool "a"\n\tdefault y\nconfig B\n\ttristate "b"\n\tdepends on A\n\tselect C\nconfig C\n\tbool\nsource "sub/Kconfig"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'sub/Kconfig'),
    `menu "Sub"\nconfig D\n\tint "d"\n\trange 1 10\n\tdefault ${d}\nendmenu\n`,
  );
  fs.writeFileSync(path.join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  const old = new Date(Date.now() - 3600_000);
  for (const f of ['Kconfig', 'sub/Kconfig', 'Makefile']) fs.utimesSync(path.join(dir, f), old, old);
  return dir;
}

test('the tree loads in the worker: loading at first, then the same tree as an in-process load', async () => {
  const dir = tree('t1', '5');
  const s = resolveSettings({ linuxVersion: '6.1', kernelSourcePath: dir });
  let heard = 0;
  const stop = onTreeChange(() => {
    heard++;
  });
  try {
    assert.equal(treeFor(s)?.state, 'loading');
    const st = await treeSettled(s);
    assert.equal(st?.state, 'ready');
    if (st?.state !== 'ready') return;
    assert.ok(st.tree instanceof KconfigTree);
    assert.equal(heard, 1);
    const here = loadKconfigTree({ srcDir: dir, arch: 'x86_64', envPolicy: 'kernel' }).tree;
    const input = [{ path: '.config', text: 'CONFIG_B=m\nCONFIG_D=12\n' }];
    assert.equal(resolveConfig(st.tree, input).output, resolveConfig(here, input).output);
    assert.deepEqual(st.tree.files(), here.files());
    assert.equal(st.tree.symbol('D')?.menus[0]?.parent?.prompt?.text, 'Sub');
    assert.equal(treeFor(s), st);
  } finally {
    stop();
  }
});

test('a path without a Kconfig tree fails with the reason, from the worker too', async () => {
  const empty = path.join(base, 'empty');
  fs.mkdirSync(empty);
  const st = await treeSettled(resolveSettings({ linuxVersion: '6.1', kernelSourcePath: empty }));
  assert.equal(st?.state, 'failed');
  assert.match(st?.state === 'failed' ? st.reason : '', /no top-level Kconfig file/);
  const gone = await treeSettled(
    resolveSettings({ linuxVersion: '6.1', kernelSourcePath: path.join(base, 'nowhere') }),
  );
  assert.match(gone?.state === 'failed' ? gone.reason : '', /does not exist/);
});

test('a changed file reloads the tree in the worker; the old tree answers meanwhile', { timeout: 20_000 }, async () => {
  const dir = tree('t2', '5');
  const s = resolveSettings({ linuxVersion: '6.1', kernelSourcePath: dir });
  const first = await treeSettled(s);
  assert.equal(first?.state, 'ready');
  if (first?.state !== 'ready') return;
  const value = (t: KconfigTree) => resolveConfig(t, [{ path: '.config', text: '' }]).value('D');
  assert.equal(value(first.tree), '5');
  // the files' mtimes are recorded just after a load (asynchronously): change the file after that
  await new Promise((r) => setTimeout(r, 300));
  fs.writeFileSync(
    path.join(dir, 'sub/Kconfig'),
    `menu "Sub"\nconfig D\n\tint "d"\n\trange 1 10\n\tdefault 7\nendmenu\n`,
  );
  const old = new Date(Date.now() - 1800_000);
  fs.utimesSync(path.join(dir, 'sub/Kconfig'), old, old);
  await new Promise((r) => setTimeout(r, STALE_CHECK_MS + 200));
  const reloaded = new Promise<void>((r) => {
    const stop = onTreeChange(() => {
      stop();
      r();
    });
  });
  assert.equal(treeFor(s), first); // starts the check; the old tree answers
  await reloaded;
  const now = treeFor(s);
  assert.equal(now?.state, 'ready');
  assert.notEqual(now, first);
  if (now?.state === 'ready') assert.equal(value(now.tree), '7');
});
