// The editor's incremental session (kconfig/session.ts) against a full evaluation, over random
// edits that repeat names (a later assignment wins, so the per-name line lists must stay in line
// order as lines come and go). Two known differences are kept as a todo test (found by it, not
// fixed yet): a message quoting another line's number keeps the old number when lines are
// inserted or deleted above, and a choice member's message is not refreshed when another member
// changes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigDocumentSession, diagnoseConfigDocument, resolveConfig } from '../src/kconfig/index';
import { tree } from './kconfig-helpers';

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

function randomEdits(pool: string[], shiftLines: boolean): void {
  const { tree: t } = tree(TREE);
  const s = new ConfigDocumentSession(t);
  let seed = 11;
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
    assert.deepEqual(got, diagnoseConfigDocument(t, text), `edit ${i}`);
    assert.equal(s.resolved!.output, resolveConfig(t, [{ path: '', text }]).output, `edit ${i}`);
  }
  assert.ok(incremental > 300, `${incremental} incremental updates`);
}

test('editor session: lines replaced, added and dropped at the end, names repeated: same as a full evaluation', () => {
  randomEdits(
    POOL.filter((l) => !/CONFIG_P[12]=/.test(l)),
    false,
  );
});

test(
  'editor session: lines inserted and deleted anywhere, choice members too: same as a full evaluation',
  { todo: 'messages quoting a shifted line number, and choice members, are not refreshed' },
  () => {
    randomEdits(POOL, true);
  },
);
