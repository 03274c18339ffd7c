// `check --fix` and `--fix-dry-run` on copies of the examples: fixed files re-check without the
// fixed codes, a second --fix changes nothing, files without a fix are not touched, permissions
// are kept, a read-only file or one changed since it was read is left alone (exit 2), and the
// dry run's diff is what --fix writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { FixWriteError, writeFixed } from '../src/cli/fix';
import { unifiedDiff } from '../src/cli/diff';

const ROOT = path.resolve(__dirname, '..', '..');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    cwd,
  });
  return { code, out, err };
}

function copyExamples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fix-'));
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, { text: string; mtimeMs: number; ino: number; mode: number }> {
  const out = new Map<string, { text: string; mtimeMs: number; ino: number; mode: number }>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.set(path.relative(dir, p), {
          text: fs.readFileSync(p, 'utf8'),
          mtimeMs: st.mtimeMs,
          ino: st.ino,
          mode: st.mode,
        });
      }
    }
  };
  walk(dir);
  return out;
}

type Json = { files: Array<{ path: string; diagnostics: Array<{ code: string }> }> };

test('--fix on the examples: fixed codes are gone, untouched files stay as they were, a second run changes nothing', async () => {
  const dir = copyExamples();
  try {
    const menu = path.join(dir, 'examples/boot/grub/menu.lst');
    fs.chmodSync(menu, 0o640);
    const before = snapshot(dir);
    const first = await cli(['check', '--format', 'json', 'examples/'], dir);
    const beforeJson = JSON.parse(first.out) as Json;

    const fixed = await cli(['check', '--fix', '--format', 'json', 'examples/'], dir);
    assert.ok(fixed.code === 0 || fixed.code === 1, fixed.err);
    const lines = fixed.err.split('\n').filter((l) => l.startsWith('fixed '));
    assert.ok(lines.length >= 3, fixed.err);
    const after = snapshot(dir);
    const changed = [...after].filter(([p, s]) => s.text !== before.get(p)!.text).map(([p]) => p);
    assert.equal(changed.length, lines.length, 'one "fixed" line per changed file');
    for (const [p, s] of after) {
      const b = before.get(p)!;
      if (changed.includes(p)) {
        assert.equal(s.mode, b.mode, `${p}: permissions kept`);
        assert.ok(
          lines.some((l) => l.startsWith(`fixed ${p}: `)),
          `${p} reported as fixed`,
        );
      } else {
        assert.equal(s.ino, b.ino, `${p}: not rewritten`);
        assert.equal(s.mtimeMs, b.mtimeMs, `${p}: not touched`);
      }
    }
    assert.ok(changed.includes('examples/boot/grub/menu.lst'));
    assert.equal(after.get('examples/boot/grub/menu.lst')!.mode & 0o777, 0o640);
    // No temporary file left behind.
    assert.ok(![...after.keys()].some((p) => p.includes('.xen-config-')));

    // The codes named as fixed are gone from the files they were fixed in.
    const afterJson = JSON.parse(fixed.out) as Json;
    for (const l of lines) {
      const m = /^fixed (\S+): \d+ problems? \((.*)\)$/.exec(l);
      assert.ok(m, l);
      const codes = m[2].split(', ').map((c) => c.replace(/ ×\d+$/, ''));
      const report = afterJson.files.find((f) => f.path === m[1])!;
      const earlier = beforeJson.files.find((f) => f.path === m[1])!;
      for (const c of codes) {
        const n = (f: Json['files'][number]) => f.diagnostics.filter((d) => d.code === c).length;
        assert.equal(n(report), 0, `${m[1]}: no ${c} left after the fix (${n(earlier)} before)`);
      }
    }
    // The report after --fix is what a fresh check says.
    const recheck = await cli(['check', '--format', 'json', 'examples/'], dir);
    assert.equal(recheck.out, fixed.out);

    const second = await cli(['check', '--fix', 'examples/'], dir);
    assert.ok(!second.err.includes('fixed examples'), second.err);
    assert.match(second.err, /; 0 files fixed:/);
    const again = snapshot(dir);
    for (const [p, s] of again) assert.equal(s.mtimeMs, after.get(p)!.mtimeMs, `${p}: untouched by the second --fix`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix-dry-run prints the diff --fix would apply and writes nothing', async () => {
  const dir = copyExamples();
  const other = copyExamples();
  try {
    const before = snapshot(dir);
    const dry = await cli(['check', '--fix-dry-run', 'examples/'], dir);
    assert.match(dry.out, /^--- examples\/\S+\n\+\+\+ examples\/\S+\n@@ -\d+(,\d+)? \+\d+(,\d+)? @@/);
    assert.match(dry.err, /\d+ files would change/);
    for (const [p, s] of snapshot(dir)) assert.equal(s.mtimeMs, before.get(p)!.mtimeMs, `${p}: untouched`);
    await cli(['check', '--fix', 'examples/'], other);
    const patch = spawnSync('patch', ['-p0', '-s'], { cwd: dir, input: dry.out });
    if (patch.error) return; // no patch(1) here: the diff's shape was checked above
    assert.equal(patch.status, 0, patch.stderr.toString());
    const a = snapshot(dir);
    for (const [p, s] of snapshot(other))
      assert.equal(a.get(p)?.text, s.text, `${p}: the patched file equals the fixed one`);
    // No changes: no diff, exit 0 with nothing on stdout.
    const none = await cli(['check', '--fix-dry-run', 'examples/kernel/pvh-guest-6.1.config'], other);
    assert.equal(none.out, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test('--fix on a read-only file: a clear message, exit 2, the file unchanged', async () => {
  const dir = copyExamples();
  try {
    const menu = path.join(dir, 'examples/boot/grub/menu.lst');
    const text = fs.readFileSync(menu, 'utf8');
    fs.chmodSync(menu, 0o444);
    const r = await cli(['check', '--fix', 'examples/boot/grub/menu.lst'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot fix examples\/boot\/grub\/menu\.lst: the file is read-only; nothing was changed/);
    assert.equal(fs.readFileSync(menu, 'utf8'), text);
    assert.equal(fs.statSync(menu).mode & 0o777, 0o444);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFixed: a file changed since it was read is not overwritten; a symlink stays a symlink', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fix-'));
  try {
    const f = path.join(dir, 'menu.lst');
    fs.writeFileSync(f, 'title A\n');
    const read = fs.readFileSync(f);
    fs.writeFileSync(f, 'title B\n'); // someone else saved it meanwhile
    assert.throws(
      () => writeFixed(f, 'menu.lst', read, 'title C\n'),
      (e: unknown) => e instanceof FixWriteError && /changed on disk since it was read/.test(e.message),
    );
    assert.equal(fs.readFileSync(f, 'utf8'), 'title B\n');

    const link = path.join(dir, 'link.lst');
    fs.symlinkSync('menu.lst', link);
    writeFixed(link, 'link.lst', fs.readFileSync(link), 'title D\n');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(f, 'utf8'), 'title D\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['link.lst', 'menu.lst']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix leaves a file that is not valid UTF-8 alone', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fix-'));
  try {
    const f = path.join(dir, 'menu.lst');
    const bytes = Buffer.concat([Buffer.from('title \xff\n', 'latin1'), Buffer.from('root(hd0,0)\nkernel /vmlinuz\n')]);
    fs.writeFileSync(f, bytes);
    const r = await cli(['check', '--fix', 'menu.lst'], dir);
    assert.match(r.err, /not fixing menu\.lst: it is not valid UTF-8/);
    assert.ok(fs.readFileSync(f).equals(bytes));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix and --fix-dry-run: usage errors', async () => {
  assert.equal((await cli(['check', '--fix', '--fix-dry-run', 'examples/'], ROOT)).code, 2);
  const r = await cli(['check', '--fix-dry-run', '--format', 'json', 'examples/'], ROOT);
  assert.equal(r.code, 2);
  assert.match(r.err, /--fix-dry-run prints a diff/);
});

test('unifiedDiff: hunks, context and a missing final newline', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'f', 'f'), '');
  assert.equal(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'f', 'f'), '--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  assert.equal(unifiedDiff('a', 'a\n', 'f', 'f'), '--- f\n+++ f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n');
  const long = Array.from({ length: 40 }, (_, i) => `l${i}`);
  const changed = [...long];
  changed[5] = 'X';
  changed[30] = 'Y';
  const d = unifiedDiff(long.join('\n') + '\n', changed.join('\n') + '\n', 'f', 'f');
  assert.equal((d.match(/^@@/gm) ?? []).length, 2, 'far-apart changes make two hunks');
  assert.match(d, /@@ -3,7 \+3,7 @@/);
});
