// The editor's incremental session (kconfig/session.ts) against a full evaluation, over random
// edits that repeat names (a later assignment wins, so the per-name line lists must stay in line
// order as lines come and go), insert and delete lines anywhere, and reorder choice members.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigDocumentSession, diagnoseConfigDocument, resolveConfig } from '../src/kconfig/index';
import { tree, type Sem } from './kconfig-helpers';

const TREE = `
config MODULES
\tbool "modules"
\tmodules
\tdefault y
config PCI
\tbool "PCI"
config NET
\tbool "Networking"
config DRV
\ttristate "A driver"
\tdepends on PCI && NET
config LIB
\ttristate "A library"
config USER
\ttristate "Uses LIB"
\tselect LIB
config NUM
\tint "number"
\trange 1 8
\tdefault 2
choice
\tprompt "pick"
config P1
\tbool "p1"
config P2
\tbool "p2"
endchoice
`;

const POOL = [
  'CONFIG_PCI=y',
  '# CONFIG_PCI is not set',
  'CONFIG_NET=y',
  'CONFIG_NET=n',
  'CONFIG_DRV=m',
  'CONFIG_DRV=y',
  'CONFIG_USER=m',
  'CONFIG_LIB=n',
  'CONFIG_NUM=3',
  'CONFIG_NUM=99',
  'CONFIG_P1=y',
  'CONFIG_P2=y',
  'CONFIG_NOPE=y',
  'garbage',
  '',
];

function randomEdits(pool: string[], shiftLines: boolean, seed = 11, semantics: Sem = 'modern'): void {
  const { tree: t } = tree(TREE, { semantics });
  const s = new ConfigDocumentSession(t);
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const lines = ['CONFIG_PCI=y', 'CONFIG_NET=y', 'CONFIG_DRV=m', 'CONFIG_PCI=n', 'CONFIG_NUM=3'];
  s.update(lines.join('\n'));
  let incremental = 0;
  for (let i = 0; i < 400; i++) {
    const op = rnd(4);
    if (op === 0 && lines.length < 30)
      lines.splice(shiftLines ? rnd(lines.length + 1) : lines.length, 0, pool[rnd(pool.length)]!);
    else if (op === 1 && lines.length > 2) lines.splice(shiftLines ? rnd(lines.length) : lines.length - 1, 1);
    else lines[rnd(lines.length)] = pool[rnd(pool.length)]!;
    const text = lines.join('\n');
    const got = s.update(text);
    if (!s.lastUpdate.full) incremental++;
    const at = `edit ${i} (seed ${seed}, ${semantics})`;
    assert.deepEqual(got, diagnoseConfigDocument(t, text), at);
    assert.equal(s.resolved!.output, resolveConfig(t, [{ path: '', text }]).output, at);
  }
  assert.ok(incremental > 300, `${incremental} incremental updates (seed ${seed}, ${semantics})`);
}

test('editor session: lines replaced, added and dropped at the end, names repeated: same as a full evaluation', () => {
  randomEdits(
    POOL.filter((l) => !/CONFIG_P[12]=/.test(l)),
    false,
  );
});

// Lines inserted or deleted above a line whose message quotes another line's number ("assigned again
// at line N") must give the new number; and a choice whose members' lines are reordered (no member's
// written value changes, but which one was set to y last does) must be recomputed with its members.
for (const semantics of ['modern', 'legacy'] as const)
  for (const seed of [11, 23, 57])
    test(`editor session: lines inserted and deleted anywhere, choice members too (seed ${seed}, ${semantics})`, () => {
      randomEdits(POOL, true, seed, semantics);
    });

test('editor session: a line inserted above gives the new number in "assigned again at line N"', () => {
  const { tree: t } = tree(TREE);
  const s = new ConfigDocumentSession(t);
  s.update('CONFIG_PCI=y\nCONFIG_NET=y\nCONFIG_PCI=n\n');
  const text = 'CONFIG_NUM=3\nCONFIG_PCI=y\nCONFIG_NET=y\nCONFIG_PCI=n\n';
  const got = s.update(text);
  assert.equal(s.lastUpdate.full, false);
  assert.match(got.find((d) => d.code === 'kconfig/repeated-assignment')!.message, /again at line 4 /);
  assert.deepEqual(got, diagnoseConfigDocument(t, text));
});

for (const semantics of ['modern', 'legacy'] as const)
  test(`editor session: two choice members set to y swapped: the other one is chosen (${semantics})`, () => {
    const { tree: t } = tree(TREE, { semantics });
    const s = new ConfigDocumentSession(t);
    s.update('CONFIG_PCI=y\nCONFIG_P1=y\nCONFIG_P2=y\n');
    const text = 'CONFIG_PCI=y\nCONFIG_P2=y\nCONFIG_P1=y\n';
    const got = s.update(text);
    assert.equal(s.lastUpdate.full, false);
    assert.match(got.find((d) => d.code === 'kconfig/choice-conflict')!.message, /^CONFIG_P2 .*CONFIG_P1 is chosen/);
    assert.deepEqual(got, diagnoseConfigDocument(t, text));
    assert.equal(s.resolved!.output, resolveConfig(t, [{ path: '', text }]).output);
  });
