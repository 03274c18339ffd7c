// The built CLI and server start through scripts/code-cache-loader.cjs with V8's compiled code kept in
// the user's cache directory (issue 20). Run after `npm run build`: a first run stores the code, a second
// uses it without writing again, and a truncated, random, foreign or altered file is ignored (the run's
// output is unchanged) and replaced by a good one.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FILE = path.join(ROOT, 'examples', 'boot', 'grub', 'menu.lst');

function run(home: string, extraEnv: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', FILE], {
    env: { ...process.env, XDG_CACHE_HOME: home, XEN_CONFIG_CODE_CACHE: '', ...extraEnv },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

const codeFiles = (home: string): string[] => {
  const dir = path.join(home, 'xen-config', 'code');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
};

test('the CLI stores its compiled code once, starts from it, and ignores a damaged or foreign file', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-code-'));
  try {
    const plain = run(home, { XEN_CONFIG_CODE_CACHE: '0' });
    assert.deepEqual(codeFiles(home), [], 'XEN_CONFIG_CODE_CACHE=0 stores nothing');
    assert.match(plain.out, /dom0_mem/, 'the check ran');
    // the CLI's background store reads the code but leaves storing it to the run that started it
    assert.deepEqual(run(home, { XEN_CONFIG_CODE_CACHE: 'read' }), plain);
    assert.deepEqual(codeFiles(home), [], 'XEN_CONFIG_CODE_CACHE=read stores nothing');

    const first = run(home);
    assert.deepEqual(first, plain, 'same output with the cache being made');
    const [file] = codeFiles(home);
    assert.ok(file && /-cli\.bundle\.bin$/.test(file), `one code file for the CLI bundle (${codeFiles(home)})`);
    const good = fs.readFileSync(file);
    assert.equal(good.subarray(0, 8).toString('latin1'), 'XCCODE01');
    assert.ok(good.length > 10_000, 'holds compiled code');

    // a second start uses the file: nothing is written again
    const stamp = fs.statSync(file).mtimeMs;
    assert.deepEqual(run(home), plain);
    assert.equal(fs.statSync(file).mtimeMs, stamp, 'an accepted file is not rewritten');

    const altered = Buffer.from(good);
    altered[altered.length - 100] ^= 0xff; // same length, one byte of the code changed
    const foreign = Buffer.from(good);
    foreign.write('0'.repeat(32), 8, 'latin1'); // a checksum made for something else
    const damaged: Array<[string, Buffer]> = [
      ['truncated', good.subarray(0, good.length >> 1)],
      ['random bytes', Buffer.from(Array.from({ length: good.length }, (_, i) => (i * 7919 + 13) & 0xff))],
      ['empty', Buffer.alloc(0)],
      ['one byte altered', altered],
      ['checksum of another build', foreign],
    ];
    for (const [what, bytes] of damaged) {
      fs.writeFileSync(file, bytes);
      assert.deepEqual(run(home), plain, `${what}: same output`);
      const now = fs.readFileSync(file);
      assert.ok(!now.equals(bytes), `${what}: replaced`);
      assert.equal(now.subarray(0, 8).toString('latin1'), 'XCCODE01', `${what}: replaced by a good file`);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test("olddefconfig's own bundle: its code is stored once and used by later runs, though a run changes V8 flags", (t) => {
  // A run changes V8 flags as it goes (young generation, optimizing compiler, gc); V8 stamps the
  // code it stores with the flags in force, so a code file stored with them changed would be refused
  // by every later start and written again (what warm runs did until server/src/cli/v8Flags.ts).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'xen-config-code-odc-'));
  t.after(() => fs.rmSync(home, { recursive: true, force: true }));
  const tree = path.join(home, 'tree');
  fs.mkdirSync(tree);
  // large enough for the parse to grow the young generation (a kernel tree's does): the run then
  // ends with that flag changed
  const entries = Array.from(
    { length: 6000 },
    (_, i) =>
      `config SYM_${i}\n\tbool "entry number ${i}"\n\tdepends on XEN${i ? ` || SYM_${i - 1}` : ''}\n\tdefault y if XEN\n\thelp\n\t  Entry ${i} of a tree made up for this test.\n`,
  );
  fs.writeFileSync(path.join(tree, 'Kconfig'), `config XEN\n\tbool "Xen"\n\tdefault y\n\n${entries.join('\n')}`);
  fs.writeFileSync(path.join(tree, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  const old = new Date(Date.now() - 3600_000);
  for (const f of ['Kconfig', 'Makefile']) fs.utimesSync(path.join(tree, f), old, old);
  const config = path.join(home, 'in.config');
  fs.writeFileSync(config, 'CONFIG_XEN=y\n');
  const run = (): string => {
    const r = spawnSync(process.execPath, [CLI, 'olddefconfig', '--kernel-src', tree, '--quiet', config], {
      env: { ...process.env, XDG_CACHE_HOME: home, XEN_CONFIG_CODE_CACHE: '', XEN_CONFIG_TIMING: '1' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stderr;
  };
  const kconfigBin = (): string[] => codeFiles(home).filter((f) => /-cli-kconfig\.bundle\.bin$/.test(f));
  assert.match(run(), /\(miss/);
  // the tree is stored by a detached run: wait for it, so that the next runs are warm
  const kdir = path.join(home, 'xen-config', 'kconfig');
  const deadline = Date.now() + 30_000;
  const stored = (): boolean =>
    fs.existsSync(kdir) &&
    fs.readdirSync(kdir).some((f) => f.endsWith('.bin')) &&
    !fs.readdirSync(kdir).some((f) => f.startsWith('pending-'));
  while (!stored() && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  const [file] = kconfigBin();
  assert.ok(file, `a code file for olddefconfig's bundle (${codeFiles(home)})`);
  const stamp = fs.statSync(file).mtimeMs;
  assert.match(run(), /\(hit\)/);
  const warm = fs.statSync(file).mtimeMs;
  assert.equal(warm, stamp, 'the code stored by the cold run is used by the warm one');
  assert.match(run(), /\(hit\)/);
  assert.equal(fs.statSync(file).mtimeMs, warm, 'and by the next, not written again');
});
