// The developer script that cross-checks the derived symbol tables against conf-written
// configurations (scripts/derive-linux/check-conf-configs.ts): header and symbol reading, which
// derived lines judge a release, and what counts as a disagreement. Fixtures are written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disagreements, linesFor, loadTables, readConf } from '../../scripts/derive-linux/check-conf-configs';

const CONF = [
  '#',
  '# Automatically generated file; DO NOT EDIT.',
  '# Linux/x86 4.13.12 Kernel Configuration',
  '#',
  'CONFIG_64BIT=y',
  'CONFIG_XEN_PV=y',
  '# CONFIG_XEN_PVH is not set',
  'CONFIG_NOT_A_REAL_SYMBOL_XYZ=m',
  '# a comment naming CONFIG_IGNORED_IN_A_COMMENT',
  'CONFIG_XEN_PV=y',
  '',
].join('\n');

test('reads the release from the header and every symbol named once', () => {
  const c = readConf(CONF);
  assert.equal(c.headerRelease, '4.13.12');
  assert.equal(c.confWritten, true);
  assert.deepEqual(c.symbols.sort(), ['64BIT', 'NOT_A_REAL_SYMBOL_XYZ', 'XEN_PV', 'XEN_PVH']);
  assert.equal(readConf('# Linux kernel version: 2.6.34.1\nCONFIG_X=y\n').headerRelease, '2.6.34.1');
  // A hand-written fragment says nothing about conf.
  assert.equal(readConf('CONFIG_XEN=y\n').confWritten, false);
  assert.deepEqual(readConf('').symbols, []);
});

test('a derived line judges its own releases; others are judged by both neighbours', () => {
  const v = ['3.1', '3.10', '4.9', '4.14', '6.12'];
  assert.deepEqual(linesFor('4.14.6', v), ['4.14']);
  assert.deepEqual(linesFor('4.13.12', v), ['4.9', '4.14']);
  assert.deepEqual(linesFor('3.2.7', v), ['3.1', '3.10']);
  assert.deepEqual(linesFor('2.6.32', v), []);
  assert.deepEqual(linesFor('7.1.8', v), []);
});

test('a symbol is a disagreement only when no judging line has it on x86_64', () => {
  const t = loadTables();
  const c = readConf(CONF);
  // XEN_PV appears by 4.14: 4.13 is judged by 4.9 and 4.14, so only the made-up name disagrees.
  assert.deepEqual(disagreements(c, '4.13.12', t).missing, ['NOT_A_REAL_SYMBOL_XYZ']);
  // Judged by 4.9 alone (a file claiming 4.9), XEN_PV is missing too.
  assert.deepEqual(disagreements(c, '4.9.50', t).missing, ['NOT_A_REAL_SYMBOL_XYZ', 'XEN_PV']);
  // An arm64-only symbol is not an x86_64 one.
  const arm = readConf('# Linux/x86 5.15.6 Kernel Configuration\nCONFIG_ARM64_VA_BITS_48=y\nCONFIG_X86_64=y\n');
  assert.deepEqual(disagreements(arm, '5.15.6', t).missing, ['ARM64_VA_BITS_48']);
});
