// `xen-config olddefconfig` subcommand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { olddefconfigCommand } from '../src/cli/olddefconfig';

function setup(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-cli-'));
  fs.mkdirSync(path.join(dir, 'src/arch/x86'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'src/Kconfig'),
    'mainmenu "Tiny $(ARCH)"\nsource "arch/$(SRCARCH)/Kconfig"\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdefault y\nconfig N\n\tint "n"\n\trange 1 4\n\tdefault 2\n',
  );
  fs.writeFileSync(path.join(dir, 'src/arch/x86/Kconfig'), 'config X86\n\tdef_bool y\n');
  fs.writeFileSync(path.join(dir, 'base.config'), 'CONFIG_A=y\nCONFIG_N=3\n');
  fs.writeFileSync(path.join(dir, 'frag.config'), '# CONFIG_B is not set\n');
  fs.writeFileSync(path.join(dir, 'bad.config'), 'CONFIG_A=maybe\n');
  return dir;
}

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await olddefconfigCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd });
  return { code, out, err };
}

test('olddefconfig: merges inputs in order and writes the .config to stdout or -o', async () => {
  const dir = setup();
  try {
    const r = await run(['--kernel-src', 'src', 'base.config', 'frag.config'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      '#\n# Automatically generated file; DO NOT EDIT.\n# Tiny x86_64\n#\nCONFIG_X86=y\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_N=3\n',
    );
    const o = await run(['--kernel-src', 'src', '--arch', 'x86_64', 'base.config', '-o', 'out.config'], dir);
    assert.equal(o.code, 0);
    assert.equal(o.out, '');
    assert.match(fs.readFileSync(path.join(dir, 'out.config'), 'utf8'), /CONFIG_B=y/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('olddefconfig: exit status 1 for invalid values, 2 for usage and unreadable input, no stack traces', async () => {
  const dir = setup();
  try {
    const bad = await run(['--kernel-src', 'src', 'bad.config'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /bad\.config:1: error: .*kconfig\/invalid-value/);
    for (const argv of [
      [],
      ['base.config'],
      ['--kernel-src', 'src'],
      ['--kernel-src', 'nowhere', 'base.config'],
      ['--kernel-src', 'src', 'missing.config'],
      ['--kernel-src', 'src', '--frobnicate', 'base.config'],
    ]) {
      const r = await run(argv, dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
    const h = await run(['--help'], dir);
    assert.equal(h.code, 0);
    assert.match(h.out, /--allow-shell/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
