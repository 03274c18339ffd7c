// Shell probes run through the long-lived /bin/sh lanes: same
// output as `/bin/sh -c`, bounded, and the pre-scan foresees commands built
// from `:=` results.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadKconfigTree, memoryTreeFs, resolveConfig, startShellAhead } from '../src/kconfig/index';
import { prescanShellCommands, ShellPrefetcher } from '../src/kconfig/shellprefetch';

const shC = (cmd: string, cwd: string): string => {
  try {
    return execFileSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
};

test('lane output equals /bin/sh -c byte for byte, whatever the command does', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-lanes-'));
  const cmds = [
    'echo hi',
    'printf abc',
    'printf "a\\n\\nb\\n\\n\\n"',
    "echo 'it'\"'\"'s'",
    'echo )',
    'echo "unterminated',
    'exit 3',
    'echo x; exit 1',
    'kill $$',
    'echo after',
    'printf "a\\0b\\377"',
    'set -- A B && echo $2',
    'cd /; pwd',
    'pwd',
    'cat',
    'read x; echo "[$x]"',
    'echo err >&2; echo out',
    'trap "echo bye" EXIT; echo hi',
    '{ trap "rm -rf .tmp_$$" EXIT; mkdir .tmp_$$; echo made > .tmp_$$/f; cat .tmp_$$/f; }',
    'printf "%s" "kconfig-shell-end-"',
  ];
  const pf = new ShellPrefetcher({ ...process.env, PROBE_VAR: 'from env' }, dir, 2);
  try {
    pf.prefetch(cmds);
    for (const c of cmds) assert.equal(pf.run(c), shC(c, dir), c);
    assert.equal(pf.run('echo "$PROBE_VAR"'), 'from env\n');
  } finally {
    pf.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a hanging command is cut at the timeout and does not wedge later ones', () => {
  const pf = new ShellPrefetcher(process.env, undefined, 1, 500);
  try {
    const t0 = Date.now();
    assert.equal(pf.run('echo part; sleep 30; echo never'), 'part\n');
    assert.ok(Date.now() - t0 < 10000);
    assert.equal(pf.run('echo next'), 'next\n');
  } finally {
    pf.close();
  }
});

test('a long queue, a command longer than a pipe holds and an output no one reads yet neither block nor are lost', () => {
  const pf = new ShellPrefetcher(process.env, undefined, 1);
  try {
    const big = 'head -c 300000 /dev/zero | tr "\\0" a';
    const long = `echo ${'b'.repeat(100000)} | wc -c`;
    const many = Array.from({ length: 300 }, (_, i) => `echo ${i}`);
    pf.prefetch([big, long, ...many]);
    // asked for last first: the lane's earlier output is read (and kept up to its limit) meanwhile
    for (const c of [...many].reverse()) assert.equal(pf.run(c), `${c.slice(5)}\n`);
    assert.equal(pf.run(long), '100001\n');
    assert.equal(pf.run(big), 'a'.repeat(16384));
  } finally {
    pf.close();
  }
});

test('more lanes than the pipes made ahead: the others are made when needed', () => {
  const pf = new ShellPrefetcher(process.env, undefined, 14);
  try {
    // each command holds its lane a while, so all 14 are started
    const cmds = Array.from({ length: 40 }, (_, i) => `sleep 0.05; echo ${i} $$`);
    pf.prefetch(cmds);
    const outs = cmds.map((c) => pf.run(c));
    outs.forEach((o, i) => assert.match(o, new RegExp(`^${i} \\d+\\n$`)));
    // $$ in the subshell is its lane's pid: more lanes than the 9 whose pipes were made first
    assert.ok(new Set(outs.map((o) => o.split(' ')[1])).size > 9);
  } finally {
    pf.close();
  }
});

test('lanes leave no file behind, and closing ends the commands still running', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-lanes-tmp-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  const marker = `sleep 3${Math.floor(Math.random() * 1e6)}.5`;
  const pf = new ShellPrefetcher(process.env, undefined, 2);
  try {
    assert.deepEqual(fs.readdirSync(tmp), [], 'the named pipes are unlinked once opened');
    pf.prefetch([marker]);
    assert.equal(pf.run('echo up'), 'up\n');
    // a process whose command line has the marker (the sleep, or the subshell that runs it)
    const running = (): boolean =>
      fs.readdirSync('/proc').some((d) => {
        try {
          return /^\d+$/.test(d) && fs.readFileSync(`/proc/${d}/cmdline`, 'latin1').includes(marker.slice(6));
        } catch {
          return false;
        }
      });
    const t0 = Date.now();
    while (!running() && Date.now() - t0 < 5000) spawnSync('sleep', ['0.02']);
    assert.ok(running(), 'the prefetched command runs');
    pf.close();
    while (running() && Date.now() - t0 < 10000) spawnSync('sleep', ['0.05']);
    assert.ok(!running(), 'closed: the command was ended');
    assert.deepEqual(fs.readdirSync(tmp), []);
  } finally {
    pf.close();
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('lanes end with the thread that made them, even when it dies of an uncaught error', async () => {
  // (Node closes the descriptors a worker opened when it ends: a lane reads the end of its input
  // and exits; the language server loads its trees in a worker)
  // this process's live /bin/sh children (an ended lane stays a zombie until reaped: not counted)
  const shells = (): string[] =>
    fs.readdirSync('/proc').filter((d) => {
      try {
        const st = fs.readFileSync(`/proc/${d}/stat`, 'latin1');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        return /^\d+$/.test(d) && st.includes('(sh)') && f[0] !== 'Z' && Number(f[1]) === process.pid;
      } catch {
        return false;
      }
    });
  // the thread's lanes: the shells started since (one an earlier test left may end meanwhile)
  const earlier = new Set(shells());
  const lanes = (): number => shells().filter((d) => !earlier.has(d)).length;
  const src = path.join(__dirname, '../src/kconfig/shellLanes.ts');
  const w = new Worker(
    `require('tsx/cjs');
     const { parentPort } = require('node:worker_threads');
     const { ShellPrefetcher } = require(${JSON.stringify(src)});
     const pf = new ShellPrefetcher(process.env, undefined, 2);
     pf.prefetch(['echo a', 'echo b', 'echo c']);
     parentPort.postMessage(pf.run('echo a'));
     parentPort.once('message', () => { throw new Error('the thread dies'); });`,
    { eval: true },
  );
  const first = await new Promise<unknown>((resolve) => w.once('message', resolve));
  assert.equal(first, 'a\n');
  assert.ok(lanes() > 0, 'the thread has lanes');
  const ended = new Promise<unknown>((resolve) => w.once('error', resolve));
  w.postMessage('die');
  assert.match(String(await ended), /the thread dies/);
  const t0 = Date.now();
  while (lanes() > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
  assert.equal(lanes(), 0, 'no lane left waiting');
});

test('the pre-scan waits for := results and foresees the commands built from them', () => {
  const files = {
    '/src/Kconfig':
      [
        'if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")',
        'success = $(if-success,$(1),y,n)',
        'info := $(shell,echo GCC 1234)',
        'name := $(shell,set -- $(info) && echo $1)',
        'config CC_IS_GCC',
        '\tdef_bool $(success,test "$(name)" = GCC)',
      ].join('\n') + '\n',
  };
  const env = { ...process.env };
  const fsm = memoryTreeFs(files, '/');
  const pf = new ShellPrefetcher(env, undefined, 2);
  try {
    const cmds = prescanShellCommands({
      srcDir: '/src',
      fs: fsm,
      env,
      run: (c) => pf.run(c),
      onCommand: (c) => pf.prefetch([c]),
    });
    assert.deepEqual(cmds, [
      'echo GCC 1234',
      'set -- GCC 1234 && echo $1',
      '{ test "GCC" = GCC; } >/dev/null 2>&1 && echo "y" || echo "n"',
    ]);
  } finally {
    pf.close();
  }
  // without a runner the scan cannot know them
  assert.deepEqual(prescanShellCommands({ srcDir: '/src', fs: fsm, env }), ['echo GCC 1234']);
  const { tree } = loadKconfigTree({ srcDir: '/src', fs: fsm, env, allowShell: true });
  assert.deepEqual(
    tree.shellCalls().map((c) => [c.output, c.source]),
    [
      ['GCC 1234', 'ran'],
      ['GCC', 'ran'],
      ['y', 'ran'],
    ],
  );
});

test('lanes made ahead run nothing until they have the environment, then run with it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-ahead-'));
  const pf = new ShellPrefetcher(undefined, dir, 2);
  try {
    // asked before it has an environment: queued, not run with another one
    pf.prefetch(['echo "[$AHEAD_VAR]"', 'pwd']);
    pf.setEnv({ PATH: process.env.PATH, AHEAD_VAR: 'given late' });
    assert.equal(pf.run('echo "[$AHEAD_VAR]"'), '[given late]\n');
    assert.equal(pf.run('pwd'), `${fs.realpathSync(dir)}\n`);
  } finally {
    pf.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('startShellAhead: a load of that tree gets the same commands and outputs; lanes made for another are not used', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-ahead-tree-'));
  try {
    fs.writeFileSync(
      path.join(base, 'Kconfig'),
      'config A\n\tstring "a"\n\tdefault "$(shell,echo $AHEAD_VAR)"\nconfig B\n\tdef_bool $(shell,test -n "$AHEAD_VAR" && echo y)\n',
    );
    const load = () =>
      loadKconfigTree({
        srcDir: base,
        arch: 'x86_64',
        env: { PATH: process.env.PATH, AHEAD_VAR: 'v' },
        allowShell: true,
      });
    const plain = load();
    startShellAhead(base);
    const ahead = load();
    assert.equal(ahead.stats.prefetched, plain.stats.prefetched);
    assert.deepEqual(ahead.tree.shellCalls(), plain.tree.shellCalls());
    assert.deepEqual(
      ahead.tree.shellCalls().map((c) => c.output),
      ['v', 'y'],
    );
    assert.equal(resolveConfig(ahead.tree, []).value('B'), 'y');
    // started for another directory: closed, and the load runs its own
    startShellAhead(os.tmpdir());
    assert.deepEqual(load().tree.shellCalls(), plain.tree.shellCalls());
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
