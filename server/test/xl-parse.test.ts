// The xl configuration parser: xl's own lexical rules, and recovery without throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXl, type XlAtom, type XlList } from '../src/xl/parse';

test('reads numbers, both quote styles, escapes, += and ; separators', () => {
  // "\101": xl reads an octal escape but stores nothing for it (libxlu_cfg.c); "\x41" it refuses.
  const f = parseXl(`name = "a\\"b\\101\\n" ; memory=0x200\nextra += 'it\\'s'\n`);
  assert.deepEqual(f.errors, []);
  assert.deepEqual(
    f.settings.map((s) => [s.key, s.op, (s.value as XlAtom).value]),
    [
      ['name', '=', 'a"b\n'],
      ['memory', '=', '0x200'],
      ['extra', '+=', "it's"],
    ],
  );
  const name = f.settings[0].value as XlAtom;
  // Each decoded character maps to its source column: the escape's backslash.
  assert.equal(name.columns[1], 9);
  assert.equal(name.columns[2], 11);
  assert.equal(name.columns.at(-1), 18);
  assert.deepEqual(
    parseXl('name = "a\\x41"\n').errors.map((e) => e.code),
    ['xl/bad-escape'],
  );
});

test('lists span lines, nest, and may end with a comma; comments are skipped', () => {
  const f = parseXl(`disk = [ # the disks\n  'a',\n  [ "b", 1 ],\n\n  'c',\n]\nvcpus = 2\n`);
  assert.deepEqual(f.errors, []);
  const disk = f.settings[0];
  const list = disk.value as XlList;
  assert.equal(list.items.length, 3);
  assert.equal((list.items[1] as XlList).items.length, 2);
  assert.deepEqual([disk.line, disk.endLine, disk.endCol], [0, 5, 1]);
  assert.equal(f.settings[1].key, 'vcpus');
});

test('bare words, units, upper-case names and unclosed strings are errors at their columns', () => {
  const f = parseXl(`pae = yes\nmemory = 512M\nName = "x"\nkernel = "/boot/vmlinuz\nvcpus = 1\n`);
  const got = f.errors.map((e) => [e.code, e.line, e.start, e.end]).sort((x, y) => Number(x[1]) - Number(y[1]));
  assert.deepEqual(got, [
    ['xl/unquoted-value', 0, 6, 9],
    ['xl/syntax-error', 1, 9, 13],
    ['xl/syntax-error', 2, 0, 4],
    ['xl/syntax-error', 3, 9, 23],
  ]);
  // Recovery: the next line still parses.
  assert.deepEqual(
    f.settings.map((s) => s.key),
    ['pae', 'memory', 'kernel', 'vcpus'],
  );
});

test('an unclosed list stops at the next setting instead of eating the file', () => {
  const f = parseXl(`vif = [ 'bridge=xenbr0'\nmemory = 512\n`);
  assert.deepEqual(
    f.errors.map((e) => [e.message, e.line, e.start, e.end]),
    [['This list is never closed with "]".', 0, 6, 7]],
  );
  assert.deepEqual(
    f.settings.map((s) => s.key),
    ['vif', 'memory'],
  );
});

test('unknown escapes and Windows line endings are reported', () => {
  const f = parseXl(`extra = "a\\qb"\r\nname = "x"\r\n`);
  assert.deepEqual(f.errors.map((e) => [e.code, e.line, e.start, e.end]).sort(), [
    ['xl/bad-escape', 0, 10, 12],
    ['xl/crlf', 0, 0, 14],
  ]);
});

test('Python (xm) lines are recognised, with their indented blocks', () => {
  const f = parseXl(`import os\ndef f(x):\n    return x\nname = "a"\nif 1:\n    memory = 5\n`);
  assert.deepEqual(
    f.pythonLines.map((p) => p.line),
    [0, 1, 2, 4, 5],
  );
});

test('never throws on arbitrary input', () => {
  const alphabet = `ab=[]'",;+#\n\\ 0x9.:()-_AZ\r\t`;
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let n = 0; n < 2000; n++) {
    let s = '';
    const len = Math.floor(rand() * 60);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const f = parseXl(s);
    assert.ok(Array.isArray(f.settings) && Array.isArray(f.errors));
  }
});
