// The built CLI as users get it: `npm pack` gives a package that installs `xen-config` globally
// without the network; its --version is package.json's; `explain` prints the shipped code pages;
// the pre-commit hook's entry, run the way pre-commit runs it (entry + the staged file names that
// match its `files` pattern), fails on a bad file and passes on a good one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("built CLI: --version is package.json's; explain prints every code's page from dist/", () => {
  assert.ok(fs.existsSync(CLI), 'npm run build first');
  assert.equal(sh(process.execPath, [CLI, '--version'], ROOT).out, `${pkg.version}\n`);
  const pages = fs.readdirSync(path.join(ROOT, 'docs', 'codes'));
  assert.equal(fs.readdirSync(path.join(ROOT, 'dist', 'docs', 'codes')).length, pages.length, 'every page is in dist');
  const r = sh(process.execPath, [CLI, 'explain', 'grub/missing-space'], os.tmpdir());
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, fs.readFileSync(path.join(ROOT, 'docs', 'codes', 'grub-missing-space.md'), 'utf8'));
  const list = sh(process.execPath, [CLI, 'explain', '--list'], ROOT);
  assert.equal(list.out.trim().split('\n').length, pages.length, 'one code per page');
  const bad = sh(process.execPath, [CLI, 'explain', 'grub/misssing-space'], ROOT);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown code "grub\/misssing-space"; did you mean grub\/missing-space\?/);
  assert.equal(sh(process.execPath, [CLI, 'explain'], ROOT).code, 2);
});

test('npm pack: the package installs xen-config globally offline, and it checks, explains and fixes', () => {
  assert.ok(fs.existsSync(CLI), 'npm run build first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-package-'));
  try {
    // --ignore-scripts: dist/ is already built (prepack would rebuild it under the other tests' feet).
    const pack = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    assert.equal(pack.code, 0, pack.err);
    const tgz = path.join(dir, `xen-config-${pkg.version}.tgz`);
    assert.ok(fs.existsSync(tgz));
    const prefix = path.join(dir, 'global');
    const inst = sh('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz], dir);
    assert.equal(inst.code, 0, inst.err);
    const bin = path.join(prefix, 'bin', 'xen-config');
    const installed = path.join(prefix, 'lib', 'node_modules', 'xen-config');
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'no runtime dependencies: the bundles hold them');
    assert.ok(
      !fs.existsSync(path.join(installed, 'server')) && !fs.existsSync(path.join(installed, 'examples')),
      'no sources or examples',
    );
    assert.equal(sh(bin, ['--version'], dir).out, `${pkg.version}\n`);
    assert.match(sh(bin, ['explain', 'xen/unknown-parameter'], dir).out, /^# `xen\/unknown-parameter`/);
    fs.writeFileSync(
      path.join(dir, 'menu.lst'),
      'title X\nroot(hd0,0)\nkernel /boot/xen-4.17.3.gz\nmodule /vmlinuz root=/dev/sda1\n',
    );
    const check = sh(bin, ['check', '--format', 'sarif', 'menu.lst'], dir);
    assert.equal(check.code, 1, check.err);
    assert.ok(
      (JSON.parse(check.out) as { runs: Array<{ results: Array<{ ruleId: string }> }> }).runs[0].results.some(
        (r) => r.ruleId === 'grub/missing-space',
      ),
    );
    const fix = sh(bin, ['check', '--fix', 'menu.lst'], dir);
    assert.match(fix.err, /fixed menu\.lst: 1 problem \(grub\/missing-space\)/);
    assert.match(fs.readFileSync(path.join(dir, 'menu.lst'), 'utf8'), /^root \(hd0,0\)$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pre-commit: the hook entry on the staged files it matches fails on a bad file and passes once fixed', () => {
  assert.ok(fs.existsSync(CLI), 'npm run build first');
  const hooks = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const entry = /- id: xen-config\n[\s\S]*?entry: (.+)\n/.exec(hooks)?.[1].trim().split(/\s+/);
  const files = /files: &files '(.+)'/.exec(hooks)?.[1];
  assert.ok(entry && files, 'the hook names an entry and a files pattern');
  assert.equal(entry[0], 'xen-config');
  const pattern = new RegExp(files); // pre-commit's patterns are Python regexes; this one reads the same in JavaScript
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-precommit-'));
  try {
    const git = (...a: string[]) => sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], dir);
    git('init', '-q');
    fs.mkdirSync(path.join(dir, 'boot', 'grub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dotnet'));
    fs.writeFileSync(
      path.join(dir, 'boot', 'grub', 'menu.lst'),
      'title X\nroot(hd0,0)\nkernel /boot/xen-4.17.3.gz\nmodule /vmlinuz root=/dev/sda1\n',
    );
    fs.writeFileSync(path.join(dir, 'dotnet', 'web.config'), '<?xml version="1.0"?>\n<configuration/>\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'root(hd0,0)\n');
    git('add', '.');
    const staged = git('diff', '--cached', '--name-only')
      .out.trim()
      .split('\n')
      .filter((f) => pattern.test(f));
    assert.deepEqual(staged.sort(), ['boot/grub/menu.lst', 'dotnet/web.config']);
    const runHook = () => sh(process.execPath, [CLI, ...entry.slice(1), ...staged], dir);
    const bad = runHook();
    assert.equal(bad.code, 1, bad.err);
    assert.match(bad.out, /boot\/grub\/menu\.lst:2:1: error grub\/missing-space/);
    // The fix hook's entry, then the check hook passes.
    const fixEntry = /- id: xen-config-fix\n[\s\S]*?entry: (.+)\n/.exec(hooks)?.[1].trim().split(/\s+/) ?? [];
    assert.equal(sh(process.execPath, [CLI, ...fixEntry.slice(1), ...staged], dir).code, 0);
    const good = runHook();
    assert.equal(good.code, 0, good.out + good.err);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
