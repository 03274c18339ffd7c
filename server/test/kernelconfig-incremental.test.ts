// The keystroke path reuses the previous parse of a .config: a parse given the previous one must
// equal a fresh parse of the same text, whatever the edit (lines changed, added, removed, the header
// or a directive edited).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig } from '../src/kernelconfig/configParse';

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
  for (const eol of ['\n', '\r\n']) {
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
