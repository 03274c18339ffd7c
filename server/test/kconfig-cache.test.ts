// The parsed-tree cache (server/src/kconfig/treeCache.ts): a warm load gives the same tree; a
// damaged, hostile or foreign cache file is detected and ignored (with a note), never trusted.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createHash } from 'node:crypto';
import { loadKconfigTree, loadKconfigTreeAsync, resolveConfig } from '../src/kconfig/index';
import { readTreeCacheAhead } from '../src/kconfig/treeCache';
import {
  decodeGraphNow,
  encodeGraph,
  FlatGraphError,
  packStrings,
  stringsLast,
  unpackStrings,
} from '../src/kconfig/flatGraph';
import { evalOrder } from '../src/kconfig/reads';
import { lettingGo, treeReader } from '../src/kconfig/fs';

const KCONFIG = `mainmenu "Test $(KERNELVERSION)"
config A
\tbool "a"
\tdefault y
\thelp
\t  Say Y here.
config B
\ttristate "b"
\tdepends on A
\tselect C
config C
\tbool
config S
\tstring "s"
\tdefault "$(FOO)"
source "sub/Kconfig"
`;
const SUB = `menu "Sub"
config D
\tint "d"
\trange 1 10
\tdefault 5
endmenu
`;

function makeTree(root: string, extra = ''): string {
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'Kconfig'), KCONFIG + extra);
  fs.writeFileSync(path.join(root, 'sub/Kconfig'), SUB);
  fs.writeFileSync(path.join(root, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  // files touched during the load are not trusted: make them old
  const old = new Date(Date.now() - 3600_000);
  for (const f of ['Kconfig', 'sub/Kconfig', 'Makefile']) fs.utimesSync(path.join(root, f), old, old);
  return root;
}

function setup(t: { after: (fn: () => void) => void }): { a: string; b: string; cache: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-cache-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  return {
    a: makeTree(path.join(base, 'a')),
    b: makeTree(path.join(base, 'b'), 'config E\n\tbool "e"\n'),
    cache: path.join(base, 'cache'),
  };
}

const env = { FOO: 'foo' };
const load = (srcDir: string, cache: string, e: Record<string, string> = env) =>
  loadKconfigTree({ srcDir, arch: 'x86_64', env: e, cache });
const out = (r: ReturnType<typeof load>) => resolveConfig(r.tree, [{ path: '.config', text: 'CONFIG_B=m\n' }]).output;
const cacheFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => path.join(dir, f));

test('cold then warm: the cached tree writes the same .config', (t) => {
  const { a, cache } = setup(t);
  const cold = load(a, cache);
  assert.equal(cold.stats.cache, 'miss: none yet; stored');
  const warm = load(a, cache);
  assert.equal(warm.stats.cache, 'hit');
  assert.equal(out(warm), out(cold));
  assert.deepEqual(warm.tree.files(), cold.tree.files());
  assert.equal(warm.tree.symbol('D')?.menus[0]?.parent?.prompt?.text, 'Sub');
  assert.equal(warm.tree.kernelVersion, cold.tree.kernelVersion);
  // the file is the user's alone
  assert.equal(fs.statSync(cacheFiles(cache)[0]!).mode & 0o777, 0o600);
  // no cache without the option, nor with another file access
  assert.equal(loadKconfigTree({ srcDir: a, arch: 'x86_64', env }).stats.cache, undefined);
});

test('a changed file, or a changed variable the parse read, is a miss; a touched but equal file is not', (t) => {
  const { a, cache } = setup(t);
  load(a, cache);
  const sub = path.join(a, 'sub/Kconfig');
  const later = new Date(Date.now() - 1800_000);
  fs.utimesSync(sub, later, later); // same content, other mtime: the content hash decides
  assert.equal(load(a, cache).stats.cache, 'hit');
  fs.writeFileSync(sub, SUB.replace('default 5', 'default 6'));
  fs.utimesSync(sub, later, later);
  const r = load(a, cache);
  assert.match(r.stats.cache ?? '', /^miss: sub\/Kconfig changed/);
  assert.equal(r.tree.symbol('D')?.props.find((p) => p.kind === 'default')?.expr?.k, 'sym');
  assert.match(out(r), /CONFIG_D=6/);
  assert.match(load(a, cache, { FOO: 'bar' }).stats.cache ?? '', /^miss: \$FOO changed/);
  assert.match(out(load(a, cache, { FOO: 'bar' })), /CONFIG_S="bar"/);
});

test('a truncated file, random bytes and a cache of another tree are detected and ignored', (t) => {
  const { a, b, cache } = setup(t);
  const good = out(load(a, cache));
  const file = cacheFiles(cache)[0]!;
  const bytes = fs.readFileSync(file);

  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  let r = load(a, cache);
  assert.match(r.stats.cache ?? '', /^miss: damaged \(checksum\); stored$/);
  assert.equal(out(r), good);

  fs.writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 255)));
  r = load(a, cache);
  assert.match(r.stats.cache ?? '', /^miss: not a cache file of this format; stored$/);
  assert.equal(out(r), good);

  fs.writeFileSync(file, Buffer.alloc(0));
  assert.match(load(a, cache).stats.cache ?? '', /^miss: not a cache file/);

  // tree b's cache put where tree a's belongs
  const bCacheDir = path.join(cache, 'b');
  load(b, bCacheDir);
  fs.copyFileSync(cacheFiles(bCacheDir)[0]!, file);
  r = load(a, cache);
  assert.match(r.stats.cache ?? '', /^miss: made for another tree or engine; stored$/);
  assert.equal(r.tree.symbol('E'), undefined);
  assert.equal(out(r), good);
});

/** Rewrites the cache file's body with a valid checksum: what a hostile writer could do. */
function forge(file: string, edit: (body: Record<string, unknown>) => void): void {
  const bytes = fs.readFileSync(file);
  const body = v8.deserialize(bytes.subarray(40)) as Record<string, unknown>;
  edit(body);
  const nb = v8.serialize(body);
  fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, 8), createHash('sha256').update(nb).digest(), nb]));
}

test('a forged cache with a valid checksum is validated: bad indices, prototype names, wrong layout', (t) => {
  const { a, cache } = setup(t);
  const good = out(load(a, cache));
  const file = cacheFiles(cache)[0]!;
  const saved = fs.readFileSync(file);
  const cases: Array<[string, (b: Record<string, unknown>) => void, RegExp]> = [
    [
      'index out of bounds',
      (b) => {
        // the values are kept as bytes beside the graph (b.valBytes)
        const g = b.graph as { tag: Uint8Array };
        const vals = new Uint32Array((b.valBytes as Uint8Array).slice().buffer);
        vals[g.tag.indexOf(6)] = 1e9;
        b.valBytes = new Uint8Array(vals.buffer);
      },
      /damaged \(slot index/,
    ],
    [
      'values that are not whole slots',
      (b) => {
        b.valBytes = (b.valBytes as Uint8Array).subarray(1);
      },
      /damaged \(layout/,
    ],
    [
      'fewer values than slots',
      (b) => {
        b.valBytes = (b.valBytes as Uint8Array).subarray(4);
      },
      /damaged \(tables of different lengths|damaged \(slot count/,
    ],
    [
      '__proto__ as a property name',
      (b) => {
        (b.graph as { shapes: string[][] }).shapes[0]![0] = '__proto__';
      },
      /damaged \(bad property name/,
    ],
    [
      'not a parsed tree',
      (b) => {
        b.graph = encodeGraph({ symbolMap: 1 });
        delete b.helpFrom; // (past the end of this graph's strings: a layout error first)
      },
      /damaged \(not a parsed tree/,
    ],
    [
      'a graph that is not one',
      (b) => {
        b.graph = 'x';
      },
      /damaged/,
    ],
    [
      'a file list entry that is not one',
      (b) => {
        (b.files as unknown[]).push(null);
      },
      /damaged \(file list/,
    ],
  ];
  for (const [name, edit, re] of cases) {
    fs.writeFileSync(file, saved);
    forge(file, edit);
    const r = load(a, cache);
    assert.match(r.stats.cache ?? '', re, name);
    assert.equal(out(r), good, name);
  }
});

test('the directory keeps the 8 most recently used cache files', (t) => {
  const { a, cache } = setup(t);
  fs.mkdirSync(cache, { recursive: true });
  const old = new Date(Date.now() - 86400_000);
  for (let i = 0; i < 10; i++) {
    const f = path.join(cache, `${String(i).padStart(32, '0')}.bin`);
    fs.writeFileSync(f, 'x');
    fs.utimesSync(f, old, old);
  }
  fs.writeFileSync(path.join(cache, 'other.txt'), 'not ours');
  load(a, cache);
  const left = fs.readdirSync(cache).sort();
  assert.equal(left.filter((f) => f.endsWith('.bin')).length, 8);
  assert.ok(left.includes('other.txt'));
  assert.equal(load(a, cache).stats.cache, 'hit');
});

test('flatGraph keeps shared references, cycles, Maps and Sets; refuses what it cannot keep', () => {
  const shared = { v: 1 };
  const root: Record<string, unknown> = {
    a: shared,
    b: [shared, null, undefined, true, 'x'],
    m: new Map([['k', shared]]),
    s: new Set([2]),
    n: [0, -0, 7, 4294967295, 4294967296, -1, 1.5, NaN, Infinity],
  };
  root.self = root;
  const back = decodeGraphNow(encodeGraph(root)) as typeof root;
  assert.equal(back.self, back);
  assert.equal((back.b as unknown[])[0], back.a);
  assert.equal((back.m as Map<string, unknown>).get('k'), back.a);
  assert.deepEqual([...(back.s as Set<number>)], [2]);
  // every number exactly (small whole numbers are kept apart from the others)
  assert.deepEqual(back.n, root.n);
  assert.ok(Object.is((back.n as number[])[1], -0));
  assert.throws(() => encodeGraph({ f: () => 1 }), FlatGraphError);
  assert.throws(() => encodeGraph({ d: new Date() }), FlatGraphError);
  // a deep chain (the reason for the flat form: v8.serialize recurses)
  let deep: { next?: unknown } = {};
  for (let i = 0; i < 200_000; i++) deep = { next: deep };
  assert.ok(decodeGraphNow(encodeGraph(deep)));
});

test('decoded trees share one frozen empty list and one expression per symbol; nothing grows a list after the parse', (t) => {
  const { a, cache } = setup(t);
  const cold = load(a, cache);
  const warm = load(a, cache);
  assert.equal(warm.stats.cache, 'hit');
  // every occurrence of a symbol alone is one expression, parsed or decoded
  for (const r of [cold, warm]) {
    const b = r.tree.symbol('B')!;
    const select = b.props.find((p) => p.kind === 'select')!;
    assert.ok(select.expr?.k === 'sym' && select.expr.sym === r.tree.symbol('C'));
    // C is selected by B (visible when A is): the A there is the A of `depends on A`
    const rev = r.tree.symbol('C')!.revDep;
    assert.ok(rev?.k === 'and' && b.dirDep?.k === 'sym' && b.dirDep.sym === r.tree.symbol('A'));
    assert.equal(rev.r, b.dirDep);
  }
  const c = warm.tree.symbol('C')!;
  const d = warm.tree.symbol('D')!;
  assert.equal(c.selectedBy.length, 1);
  assert.equal(c.impliedBy, d.impliedBy);
  assert.ok(Object.isFrozen(c.impliedBy));
  assert.throws(() => (c.impliedBy as unknown[]).push(1), TypeError);
  // and the warm tree resolves as the cold one
  assert.equal(out(warm), out(cold));
  // a property and a menu entry carry their own place
  const range = d.props.find((p) => p.kind === 'range')!;
  assert.deepEqual([range.file, range.line], ['sub/Kconfig', 4]);
  assert.deepEqual(warm.tree.definitions('D'), [{ file: 'sub/Kconfig', line: 2 }]);
});

test('the evaluation order kept with the tree is used when it is a permutation of the defined symbols, else ignored', (t) => {
  const { a, cache } = setup(t);
  const cold = load(a, cache);
  const good = out(cold);
  const ids = (r: ReturnType<typeof load>) => evalOrder(r.tree.parsed).map((s) => s.id);
  const warm = load(a, cache);
  assert.equal(warm.stats.cache, 'hit');
  assert.deepEqual(ids(warm), ids(cold));
  assert.equal(out(warm), good);
  const file = cacheFiles(cache)[0]!;
  for (const order of [Uint32Array.from([0, 0, 0]), new Uint32Array(0), Uint32Array.from([1e9])]) {
    forge(file, (b) => {
      b.order = order;
    });
    const r = load(a, cache);
    assert.equal(r.stats.cache, 'hit');
    assert.deepEqual(ids(r), ids(cold));
    assert.equal(out(r), good);
  }
});

test('with shell probes allowed, any variable is part of the key but what a login shell changes per command', (t) => {
  const { a, cache } = setup(t);
  const shell = (e: Record<string, string>) =>
    loadKconfigTree({ srcDir: a, arch: 'x86_64', env: e, cache, allowShell: true }).stats.cache;
  const base = { FOO: 'foo', PATH: process.env.PATH ?? '/usr/bin:/bin' };
  assert.equal(shell({ ...base, _: '/usr/bin/node', SHLVL: '1', PWD: '/', OLDPWD: '/tmp' }), 'miss: none yet; stored');
  assert.equal(shell({ ...base, _: '/usr/bin/time', SHLVL: '2', PWD: '/home', OLDPWD: '/' }), 'hit');
  // this program's own switches are not the probes' business either
  assert.equal(shell({ ...base, XEN_CONFIG_TIMING: '1', XEN_CONFIG_CODE_CACHE: '0' }), 'hit');
  assert.match(shell({ ...base, CC: 'clang' }) ?? '', /^miss: /);
});

test('read ahead: the checksum worked out in steps still decides; changed or vanished files too', async (t) => {
  const { a, cache } = setup(t);
  load(a, cache);
  const ahead = () => readTreeCacheAhead(cache, { srcDir: path.resolve(a), arch: 'x86_64', allowShell: false });
  const loadAsync = () => loadKconfigTreeAsync({ srcDir: a, arch: 'x86_64', env, cache });
  ahead();
  assert.equal((await loadAsync()).stats.cache, 'hit');
  // a damage that still reads and decodes (one letter of a prompt): only the checksum can tell
  const file = cacheFiles(cache)[0]!;
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(Buffer.from('"Sub"'.slice(1, 4)));
  assert.ok(at > 40, 'the prompt is in the file');
  const damaged = Buffer.from(bytes);
  damaged[at + 2] = 'x'.charCodeAt(0); // "Sux"
  fs.writeFileSync(file, damaged);
  ahead();
  const r1 = await loadAsync();
  assert.equal(r1.stats.cache, 'miss: damaged (checksum); stored');
  assert.equal(r1.tree.symbol('D')?.menus[0]?.parent?.prompt?.text, 'Sub', 'parsed, not the damaged copy');
  ahead();
  assert.equal((await loadAsync()).stats.cache, 'hit', 'stored again');
  // the same damage, read without the ahead: checked at once
  fs.writeFileSync(file, damaged);
  assert.equal(load(a, cache).stats.cache, 'miss: damaged (checksum); stored');
  const sub = path.join(a, 'sub/Kconfig');
  const later = new Date(Date.now() - 1800_000);
  fs.writeFileSync(sub, SUB.replace('default 5', 'default 7'));
  fs.utimesSync(sub, later, later);
  ahead();
  const r = await loadAsync();
  assert.match(r.stats.cache ?? '', /^miss: sub\/Kconfig changed/);
  assert.match(out(r as ReturnType<typeof load>), /CONFIG_D=7/);
  fs.rmSync(sub);
  ahead();
  assert.match((await loadAsync()).stats.cache ?? '', /^miss: sub\/Kconfig is gone/);
});

test('help texts: strings only they use go last, and a tree read without help never holds them', (t) => {
  // the flat form: a string used as help and elsewhere stays among the others
  const root = { menus: [{ help: 'only help', text: 'shared' }, { help: 'shared' }, { help: 'only help' }] };
  const g = encodeGraph(root);
  const from = stringsLast(g, 'help');
  assert.deepEqual(g.strings.slice(from), ['only help']);
  assert.ok(g.strings.slice(0, from).includes('shared'));
  assert.deepEqual(decodeGraphNow(g), root, 'renumbered, the same graph');
  const short = { ...g, strings: g.strings.slice(0, from) };
  const back = decodeGraphNow(short, undefined, 'help') as typeof root;
  assert.deepEqual(
    back.menus.map((m) => [m.help, (m as { text?: string }).text]),
    [
      [undefined, 'shared'],
      [undefined, undefined],
      [undefined, undefined],
    ],
  );
  // a slot of another property that points among the help texts is out of bounds without them
  const bad = encodeGraph({ a: { help: 'h' }, b: { text: 'h2' } });
  const badFrom = stringsLast(bad, 'help');
  assert.throws(() => decodeGraphNow({ ...bad, strings: bad.strings.slice(0, badFrom - 1) }, undefined, 'help'));

  // the cache: read as the CLI reads it (in pieces, help: false), then as an editor does
  const { a, cache } = setup(t);
  const cold = load(a, cache);
  const good = out(cold);
  assert.equal(cold.tree.symbol('A')?.menus[0]?.help?.trim(), 'Say Y here.');
  const cli = () => loadKconfigTree({ srcDir: a, arch: 'x86_64', env, cache, keepFlat: false, help: false });
  const lean = cli();
  assert.equal(lean.stats.cache, 'hit');
  assert.equal(lean.tree.symbol('A')?.menus[0]?.help, undefined);
  assert.equal(out(lean), good);
  assert.equal(load(a, cache).tree.symbol('A')?.menus[0]?.help?.trim(), 'Say Y here.', 'the file keeps them');
  // a parsed tree is stored with its help texts, then lets them go
  const other = path.join(cache, 'other');
  const parsedLean = loadKconfigTree({ srcDir: a, arch: 'x86_64', env, cache: other, keepFlat: false, help: false });
  assert.match(parsedLean.stats.cache ?? '', /stored$/);
  assert.equal(parsedLean.tree.symbol('A')?.menus[0]?.help, undefined);
  assert.equal(load(a, other).tree.symbol('A')?.menus[0]?.help?.trim(), 'Say Y here.');
  // a forged start of the help texts: out of range is refused; too low leaves a slot out of bounds
  const file = cacheFiles(cache)[0]!;
  for (const [helpFrom, why] of [
    [-1, /damaged \(layout\)/],
    [1e6, /damaged \(layout\)/],
    [0, /damaged \(slot index out of bounds\)/],
  ] as const) {
    forge(file, (b) => {
      b.helpFrom = helpFrom;
    });
    const r = cli();
    assert.match(r.stats.cache ?? '', why, String(helpFrom));
    assert.equal(out(r), good);
  }
});

test('strings sent to another thread as one text come back the same; ends that do not fit are refused', () => {
  const strings = ['', 'a', 'Ä€😀', '', 'x'.repeat(70_000), 'tail'];
  const run = (p: ReturnType<typeof packStrings>): string[] => {
    const it = unpackStrings(p, 2);
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  };
  const p = packStrings(strings);
  assert.deepEqual(run(p), strings);
  assert.deepEqual(run(packStrings([])), []);
  const bad =
    (ends: number[], text = p.text) =>
    () =>
      run({ text, ends: Uint32Array.from(ends) });
  assert.throws(bad([5, 3]), FlatGraphError, 'ends going back');
  assert.throws(bad([p.text.length + 1]), FlatGraphError, 'past the text');
  assert.throws(bad([1]), FlatGraphError, 'text left over');
  assert.throws(() => run({ text: 1 as unknown as string, ends: new Uint32Array(0) }), FlatGraphError);
});

test('beforeParse is called once before a parse, never on a hit', async (t) => {
  const { a, cache } = setup(t);
  let calls = 0;
  const opts = { srcDir: a, arch: 'x86_64', env, cache, beforeParse: () => void calls++ };
  assert.match(loadKconfigTree(opts).stats.cache ?? '', /^miss/);
  assert.equal(calls, 1);
  assert.equal(loadKconfigTree(opts).stats.cache, 'hit');
  assert.equal((await loadKconfigTreeAsync(opts)).stats.cache, 'hit');
  assert.equal(calls, 1);
  assert.match((await loadKconfigTreeAsync({ ...opts, cache: path.join(cache, 'other') })).stats.cache ?? '', /^miss/);
  assert.equal(calls, 2);
});

test('a parsed tree keeps no file text alive: names and prompts cut from a large file are its own (compact)', (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-compact-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  // four 2 MB files (long comments) whose entries have names and prompts of 13 characters or more:
  // a name cut out of a file's text keeps the whole text alive unless copied
  const entries = (f: number): string =>
    Array.from(
      { length: 50 },
      (_, i) =>
        `config A_RATHER_LONG_SYMBOL_NAME_${f * 50 + i}\n\tbool "a prompt long enough to be cut out ${f * 50 + i}"\n`,
    ).join('');
  for (let f = 0; f < 4; f++)
    fs.writeFileSync(path.join(base, `K${f}`), `${'#'.repeat(100)}\n`.repeat(20_000) + entries(f));
  fs.writeFileSync(path.join(base, 'Kconfig'), [0, 1, 2, 3].map((f) => `source "K${f}"\n`).join(''));
  fs.writeFileSync(path.join(base, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const held = (compact: boolean): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const r = loadKconfigTree({ srcDir: base, arch: 'x86_64', env: {}, compact });
    assert.equal(r.tree.symbols().length, 200);
    gc();
    const after = process.memoryUsage().heapUsed;
    assert.equal(r.tree.symbol('A_RATHER_LONG_SYMBOL_NAME_7')?.props[0]?.text, 'a prompt long enough to be cut out 7');
    return after - before;
  };
  // (the parse copies names as it meets them, symbol.ts; compacting copies help texts and prompts)
  const kept = held(false);
  const compacted = held(true);
  assert.ok(kept < 2_000_000, `as parsed, it holds ${kept} bytes`);
  assert.ok(compacted < 2_000_000, `compacted, it holds ${compacted} bytes`);
});

test('a load that stores no tree lets the reader drop each text the parse was handed; a reader drops only what it is told', (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-release-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  fs.writeFileSync(path.join(base, 'Kconfig'), 'config A\n\tbool "a"\nsource "K1"\n');
  fs.writeFileSync(path.join(base, 'K1'), 'config B\n\tbool "b"\n');
  fs.writeFileSync(path.join(base, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
  // the tree's reader keeps what it read until told to let it go (a change on disk is then seen)
  const reader = treeReader(base);
  const k1 = path.join(base, 'K1');
  assert.match(reader.readFile(k1) ?? '', /config B/);
  fs.writeFileSync(k1, 'config C\n\tbool "c"\n');
  assert.match(reader.readFile(k1) ?? '', /config B/);
  reader.release!(k1);
  assert.match(reader.readFile(k1) ?? '', /config C/);
  // a missing file stays missing after a release (its reason kept)
  reader.readFile(path.join(base, 'absent'));
  reader.release!(path.join(base, 'absent'));
  assert.match(reader.refusal!(path.join(base, 'absent')) ?? '', /does not exist/);
  // the parse of a load that stores nothing hands every file it read back, and reads it only once
  const released: string[] = [];
  const reads = new Map<string, number>();
  const spy = treeReader(base);
  const fsSpy = {
    ...spy,
    readFile: (p: string) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return spy.readFile(p);
    },
    release: (p: string) => {
      released.push(path.relative(base, p));
      spy.release!(p);
    },
  };
  const r = loadKconfigTree({ srcDir: base, arch: 'x86_64', env: {}, fs: fsSpy });
  assert.deepEqual(
    r.tree.symbols().map((s) => s.name),
    ['A', 'C'],
  );
  assert.deepEqual(released.filter((f) => f.startsWith('K')).sort(), ['K1', 'Kconfig']);
  assert.equal(reads.get(path.join(base, 'K1')), 1);
  // lettingGo leaves a reader that cannot let go as it is
  const plain = { readFile: () => 'x', exists: () => true };
  assert.equal(lettingGo(plain), plain);
});
