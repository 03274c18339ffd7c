// `xen-config olddefconfig` stores the parsed-tree cache after its output is out, in a detached run
// of itself (server/src/cli/backgroundStore.ts): that run answers the tree's `$(shell,…)` commands
// from the first run's outputs and runs nothing; it stores the same bytes an inline store writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { olddefconfigCommand } from '../server/src/cli/olddefconfig';
import { enableCommand } from '../server/src/cli/enable';
import { storeTreeCacheCommand, STORE_COMMAND } from '../server/src/cli/backgroundStore';
import type { CliIO } from '../server/src/cli/io';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');

/** A tree whose one probe appends a line to a marker file each time it runs. */
function tree(base: string): { dir: string; marker: string; config: string } {
  const dir = path.join(base, 'tree');
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(base, 'runs');
  fs.writeFileSync(
    path.join(dir, 'Kconfig'),
    `config PROBE\n\tdef_bool $(shell,echo ran >> ${marker}; echo y)\n\nconfig XEN\n\tbool "Xen"\n\tdepends on PROBE\n\tdefault y\n`,
  );
  fs.writeFileSync(path.join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  const old = new Date(Date.now() - 3600_000);
  for (const f of ['Kconfig', 'Makefile']) fs.utimesSync(path.join(dir, f), old, old);
  const config = path.join(base, 'in.config');
  fs.writeFileSync(config, 'CONFIG_XEN=y\n');
  return { dir, marker, config };
}

const runs = (marker: string): number =>
  fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split('\n').length - 1 : 0;
const binFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];

async function withCacheHome<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = home;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = before;
  }
}

test('the deferred store replays the probes (runs nothing) and writes the bytes an inline store writes', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-bgstore-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { dir, marker, config } = tree(base);
  let err = '';
  const io = (spawnSelf?: CliIO['spawnSelf']): CliIO => ({
    stdout: () => undefined,
    stderr: (s) => (err += s),
    cwd: base,
    spawnSelf,
  });
  const argv = ['--kernel-src', dir, '--allow-shell', '--quiet', config, '-o', path.join(base, 'out.config')];
  // deferred: the "background run" is this process calling the command the detached run calls
  const requests: string[][] = [];
  const deferredHome = path.join(base, 'deferred');
  await withCacheHome(deferredHome, async () => {
    assert.equal(
      await olddefconfigCommand(
        argv,
        io((args) => requests.push(args)),
      ),
      0,
      err,
    );
  });
  assert.equal(runs(marker), 1, 'the load ran the probe once');
  assert.equal(requests.length, 1);
  assert.equal(requests[0]![0], STORE_COMMAND);
  const kdir = path.join(deferredHome, 'xen-config', 'kconfig');
  assert.deepEqual(binFiles(kdir), [], 'nothing stored before the background run');
  assert.ok(fs.existsSync(requests[0]![1]!), 'the request file is there for it');
  await withCacheHome(deferredHome, async () => {
    assert.equal(storeTreeCacheCommand(requests[0]!.slice(1), io()), 0, err);
  });
  assert.equal(runs(marker), 1, 'the background run answered the probe from the first run: nothing ran');
  assert.equal(fs.existsSync(requests[0]![1]!), false, 'the request file is removed');
  const deferred = binFiles(kdir);
  assert.equal(deferred.length, 1);
  // inline (no background run possible): stored during the load, into the same place (the environment,
  // $XDG_CACHE_HOME included, is part of the key when probes run)
  const deferredBytes = fs.readFileSync(path.join(kdir, deferred[0]!));
  fs.rmSync(path.join(kdir, deferred[0]!));
  await withCacheHome(deferredHome, async () => {
    assert.equal(await olddefconfigCommand(argv, io()), 0, err);
  });
  assert.equal(runs(marker), 2);
  assert.deepEqual(binFiles(kdir), deferred, 'same file name');
  assert.ok(fs.readFileSync(path.join(kdir, deferred[0]!)).equals(deferredBytes), 'same bytes');
  // and the deferred cache is used: no probe runs, same output
  const out1 = fs.readFileSync(path.join(base, 'out.config'), 'utf8');
  await withCacheHome(deferredHome, async () => {
    assert.equal(
      await olddefconfigCommand(
        argv,
        io((args) => requests.push(args)),
      ),
      0,
      err,
    );
  });
  assert.equal(runs(marker), 2, 'warm: the probe did not run');
  assert.equal(requests.length, 1, 'warm: nothing to store');
  assert.equal(fs.readFileSync(path.join(base, 'out.config'), 'utf8'), out1);
});

test('a request that is not one is refused and removed; a foreign file name is not touched', (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-bgstore-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  let err = '';
  const io: CliIO = { stdout: () => undefined, stderr: (s) => (err += s), cwd: base };
  const other = path.join(base, 'notes.txt');
  fs.writeFileSync(other, 'keep me');
  assert.equal(storeTreeCacheCommand([other], io), 2);
  assert.equal(fs.readFileSync(other, 'utf8'), 'keep me');
  assert.match(err, /internal command/);
  for (const body of ['not json', '{}', JSON.stringify({ srcDir: 'relative', arch: 'x86_64' }), '[1,2]']) {
    const f = path.join(base, 'pending-1-abc.json');
    fs.writeFileSync(f, body);
    assert.equal(storeTreeCacheCommand([f], io), 1, body);
    assert.equal(fs.existsSync(f), false, body);
  }
  // a request naming another directory than its own is not followed
  const f = path.join(base, 'pending-2-abc.json');
  fs.writeFileSync(
    f,
    JSON.stringify({
      srcDir: base,
      arch: 'x86_64',
      cacheDir: '/elsewhere',
      allowShell: false,
      env: {},
      shellOutputs: {},
    }),
  );
  assert.equal(storeTreeCacheCommand([f], io), 1);
});

test('the real command line: olddefconfig ends, a detached run stores the cache, the next run uses it', (t) => {
  if (!fs.existsSync(CLI)) {
    if (process.env.REQUIRE_EDITORS === '1') assert.fail(`${CLI} missing: npm run build`);
    t.skip('dist/cli.js missing (npm run build)');
    return;
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-bgstore-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { dir, marker, config } = tree(base);
  const env = { ...process.env, XDG_CACHE_HOME: path.join(base, 'home'), XEN_CONFIG_TIMING: '1' };
  const run = () =>
    spawnSync(process.execPath, [CLI, 'olddefconfig', '--kernel-src', dir, '--allow-shell', '--quiet', config], {
      encoding: 'utf8',
      env,
    });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /to be stored\).*store in the background/);
  const kdir = path.join(base, 'home', 'xen-config', 'kconfig');
  const deadline = Date.now() + 30_000;
  while (binFiles(kdir).length === 0 && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  assert.equal(binFiles(kdir).length, 1, 'stored by the detached run');
  while (fs.readdirSync(kdir).some((f) => f.startsWith('pending-')) && Date.now() < deadline)
    spawnSync('sleep', ['0.1']);
  assert.deepEqual(
    fs.readdirSync(kdir).filter((f) => !f.endsWith('.bin')),
    [],
    'no request or temporary file left',
  );
  assert.equal(runs(marker), 1, 'the detached run ran nothing');
  const second = run();
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /\(hit\)/);
  assert.equal(second.stdout, first.stdout);
  assert.equal(runs(marker), 1);
});

test('enable leaves the store to a background run as olddefconfig does, also when no goal can be reached', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-bgstore-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { dir, marker, config } = tree(base);
  let err = '';
  const requests: string[][] = [];
  const io: CliIO = {
    stdout: () => undefined,
    stderr: (s) => (err += s),
    cwd: base,
    spawnSelf: (args) => requests.push(args),
  };
  const home = path.join(base, 'home');
  await withCacheHome(home, async () => {
    // a symbol this tree does not define: nothing can be written, the tree is still worth keeping
    assert.equal(await enableCommand(['--kernel-src', dir, '--allow-shell', '--quiet', 'NOPE', config], io), 2);
  });
  assert.equal(requests.length, 1, err);
  await withCacheHome(home, async () => {
    assert.equal(storeTreeCacheCommand(requests[0]!.slice(1), io), 0, err);
    assert.equal(await enableCommand(['--kernel-src', dir, '--allow-shell', '--quiet', 'XEN', config], io), 0, err);
  });
  assert.equal(requests.length, 1, 'warm: nothing more to store');
  assert.equal(runs(marker), 1, 'the probe ran once: the background run and the warm run ran nothing');
});

test('no background run possible: stored now; a cache directory that cannot be written: nothing tried', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-bgstore-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const { dir, config } = tree(base);
  let err = '';
  const argv = ['--kernel-src', dir, '--allow-shell', '--quiet', config, '-o', path.join(base, 'out.config')];
  // the detached run cannot start (no more processes): the store happens in this run
  const home = path.join(base, 'home');
  await withCacheHome(home, async () => {
    const io: CliIO = {
      stdout: () => undefined,
      stderr: (s) => (err += s),
      cwd: base,
      spawnSelf: () => {
        throw new Error('spawn EAGAIN');
      },
    };
    assert.equal(await olddefconfigCommand(argv, io), 0, err);
  });
  const kdir = path.join(home, 'xen-config', 'kconfig');
  assert.equal(binFiles(kdir).length, 1, 'stored by this run');
  assert.deepEqual(
    fs.readdirSync(kdir).filter((f) => !f.endsWith('.bin')),
    [],
    'the request file is removed',
  );
  // $XDG_CACHE_HOME is a file: no directory, no request, no background run, the output still written
  const blocked = path.join(base, 'blocked');
  fs.writeFileSync(blocked, 'not a directory');
  const spawned: string[][] = [];
  await withCacheHome(blocked, async () => {
    const io: CliIO = {
      stdout: () => undefined,
      stderr: (s) => (err += s),
      cwd: base,
      spawnSelf: (a) => spawned.push(a),
    };
    assert.equal(await olddefconfigCommand(argv, io), 0, err);
  });
  assert.deepEqual(spawned, []);
  assert.match(fs.readFileSync(path.join(base, 'out.config'), 'utf8'), /CONFIG_XEN=y/);
});
