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
