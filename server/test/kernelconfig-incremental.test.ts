// The keystroke path reuses the previous parse of a .config: a parse given the previous one must
// equal a fresh parse of the same text, whatever the edit (lines changed, added, removed, the header
// or a directive edited); the repeated-assignment check, which keeps its per-name slots from one
// diagnosis to the next, finds the same repeats as a first diagnosis would.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfig } from '../src/kernelconfig/configParse';
import { service } from './helpers';

const BASE = [
  '#',
  '# Automatically generated file; DO NOT EDIT.',
  '# Linux/x86 6.1.0 Kernel Configuration',
  '#',
  '# xen-config: arch=x86_64',
  'CONFIG_XEN=y',
  '# CONFIG_XEN_PVH is not set',
  'CONFIG_LOCALVERSION="-x"',
  '',
  'CONFIG_NR_CPUS=64',
  'garbage line',
  '# a comment',
];

const EDITS: Array<(l: string[]) => void> = [
  (l) => (l[5] = 'CONFIG_XEN=m'),
  (l) => l.splice(3, 0, 'CONFIG_NEW=y'),
  (l) => l.splice(1, 1),
  (l) => (l[2] = '# Linux/arm64 6.12.0 Kernel Configuration'),
  (l) => (l[4] = '# xen-config: linux=5.10 arch=arm64'),
  (l) => (l[4] = '# xen-config: nothing'),
  (l) => l.splice(0, 3),
  (l) => l.push('CONFIG_XEN=n'),
  (l) => (l[7] = 'CONFIG_LOCALVERSION="-x" '),
];

const plain = (p: ReturnType<typeof parseConfig>) => ({
  items: p.items,
  assignments: p.assignments,
  header: p.header,
  directives: p.directives,
  generated: p.generated,
});

test('a parse that reuses the previous one equals a fresh parse, edit after edit', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    let lines = BASE.slice();
    let prev = parseConfig(lines.join(eol));
    // every edit, then every pair of edits in a row
    for (let i = 0; i < EDITS.length * EDITS.length; i++) {
      const edit = EDITS[i % EDITS.length]!;
      if (i % EDITS.length === 0) {
        lines = BASE.slice();
        prev = parseConfig(lines.join(eol));
      }
      edit(lines);
      const text = lines.join(eol);
      const reused = parseConfig(text, prev);
      assert.deepEqual(plain(reused), plain(parseConfig(text)), `edit ${i % EDITS.length} (${JSON.stringify(eol)})`);
      prev = reused;
    }
  }
});

test('repeated assignments are found afresh at each re-diagnosis, whatever was diagnosed in between', () => {
  const svc = service({ linuxVersion: '6.1' });
  const repeats = (d: TextDocument) =>
    svc
      .diagnose(d)
      .filter((x) => x.code === 'kconfig/repeated-assignment')
      .map((x) => x.range.start.line);
  const text = 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_XEN=m\n';
  let a = TextDocument.create('file:///t/a/.config', 'kernel-config', 1, text);
  const b = TextDocument.create('file:///t/b/.config', 'kernel-config', 1, 'CONFIG_XEN_DOM0=y\nCONFIG_XEN=y\n');
  assert.deepEqual(repeats(a), [0]);
  assert.deepEqual(repeats(b), []);
  assert.deepEqual(repeats(a), [0]);
  // the repeat removed by a one-line edit, then put back further down
  a = TextDocument.update(
    a,
    [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } }, text: '# x' }],
    2,
  );
  assert.deepEqual(repeats(a), []);
  a = TextDocument.update(
    a,
    [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, text: 'CONFIG_XEN_DOM0=n' }],
    3,
  );
  assert.deepEqual(repeats(a), [1]);
});

test('random edits (characters, line breaks of every kind) keep the reusing parse equal to a fresh one', () => {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pieces = ['\n', '\r\n', '\r', 'CONFIG_A=y', '# CONFIG_B is not set', 'x', '=', '#', ' ', 'CONFIG_', '\n\n'];
  let text = BASE.join('\n') + '\n';
  let prev = parseConfig(text);
  for (let i = 0; i < 2000; i++) {
    const at = rnd(text.length + 1);
    const del = rnd(4) === 0 ? rnd(20) : 0;
    text = text.slice(0, at) + (rnd(3) ? pieces[rnd(pieces.length)] : '') + text.slice(at + del);
    if (text.length > 3000) text = text.slice(0, 1000);
    const reused = parseConfig(text, prev);
    assert.deepEqual(plain(reused), plain(parseConfig(text)), `edit ${i}`);
    prev = reused;
  }
});
