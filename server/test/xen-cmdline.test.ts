// Unit tests of how the Xen engine reads a command line (release rules, words, values) and picks
// the targeted release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineSegment } from '../src/cmdline/segment';
import { readCmdline, readRules, bracketName } from '../src/xen/readCmdline';
import { resolveRelease, describeRanges, parseRanges } from '../src/xen/releases';
import { resolveTarget, versionFromImage } from '../src/xen/target';
import { checkDom0Mem, checkInteger, checkMaxCstate, checkSize, parseBool } from '../src/xen/values';
import { resolveSettings } from '../src/core/types';
import type { CmdlineContext } from '../src/cmdline/engine';

const seg = (text: string, image = true) => {
  const m = /^\S+/.exec(text);
  return lineSegment(
    'xen',
    0,
    0,
    text,
    'test',
    image && m ? { image: { path: m[0], start: 0, end: m[0].length } } : {},
  );
};
const ctx = (xenVersion?: string): CmdlineContext => ({
  settings: resolveSettings({ xenVersion }),
  fs: { readFile: () => undefined, exists: () => false },
});

test('words: the image is skipped, blanks split, " -- " hands the rest to dom0, no- is stripped', () => {
  const line = readCmdline(seg('/xen.gz  a=1 no-b c=x=y -- root=/dev/sda quiet'), readRules('4.22.0'));
  assert.deepEqual(
    line.words.map((w) => [w.key, w.name, w.negated, w.value]),
    [
      ['a', 'a', false, '1'],
      ['no-b', 'b', true, undefined],
      ['c', 'c', false, 'x=y'],
    ],
  );
  assert.equal(
    seg('/xen.gz  a=1 no-b c=x=y -- root=/dev/sda quiet').text.slice(line.dom0!.start),
    'root=/dev/sda quiet',
  );
  // Without a leading blank " -- " is not found, as strstr(" -- ") in setup.c.
  assert.equal(readCmdline(seg('/xen.gz --x'), readRules('4.22.0')).dom0, undefined);
  // Tabs and quotes are ordinary characters to Xen.
  assert.deepEqual(
    readCmdline(seg('/xen.gz a\tb "c d"'), readRules('4.22.0')).words.map((w) => w.text),
    ['a\tb', '"c', 'd"'],
  );
});

test('words: cut at 99 characters before 4.10.0, 127 from 4.10.0', () => {
  const long = `x=${'a'.repeat(200)}`;
  assert.equal(readCmdline(seg(`/xen.gz ${long}`), readRules('4.9.4')).words[0].text.length, 99);
  assert.equal(readCmdline(seg(`/xen.gz ${long}`), readRules('4.10.0')).words[0].text.length, 127);
  assert.equal(readCmdline(seg(`/xen.gz ${long}`), readRules('4.10.0')).words[0].cut, 202 - 127);
});

test('release rules follow the kernel.c history', () => {
  assert.deepEqual(readRules('4.2.5'), {
    maxWord: 99,
    strict: false,
    customNo: false,
    bracketNames: false,
    sizeT: false,
    boolPrefixes: false,
  });
  assert.deepEqual(readRules('4.4.0'), {
    maxWord: 99,
    strict: false,
    customNo: false,
    bracketNames: true,
    sizeT: false,
    boolPrefixes: false,
  });
  assert.deepEqual(readRules('4.5.0'), {
    maxWord: 99,
    strict: false,
    customNo: true,
    bracketNames: true,
    sizeT: true,
    boolPrefixes: false,
  });
  assert.deepEqual(readRules('4.22.0'), {
    maxWord: 127,
    strict: true,
    customNo: true,
    bracketNames: true,
    sizeT: true,
    boolPrefixes: false,
  });
  assert.equal(readRules('4.10.0').boolPrefixes, true);
  assert.equal(readRules('4.10.3').boolPrefixes, false);
  assert.equal(readRules('4.11.1').boolPrefixes, true);
  assert.equal(readRules('4.11.2').boolPrefixes, false);
  assert.equal(bracketName('ivrs_ioapic[4]'), 'ivrs_ioapic[');
});

test('values: booleans, integers (base 0), sizes (KiB default, T from 4.5), dom0_mem, max_cstate', () => {
  assert.equal(parseBool('enable'), 1);
  assert.equal(parseBool('off'), 0);
  assert.equal(parseBool('maybe'), -1);
  assert.deepEqual(checkInteger('0x1f', 0, readRules('4.22.0')), []);
  assert.deepEqual(checkInteger('017', 0, readRules('4.22.0')), []);
  assert.match(checkInteger('12ab', 0, readRules('4.22.0'))[0].message, /rejects/);
  assert.match(checkInteger('12ab', 0, readRules('4.2.5'))[0].message, /silently ignores/);
  assert.deepEqual(checkSize('512M', 0, readRules('4.2.5')), []);
  assert.equal(checkSize('512', 0, readRules('4.2.5'))[0].code, 'xen/size-without-unit');
  assert.match(checkSize('1T', 0, readRules('4.2.5'))[0].message, /4\.5\.0/);
  assert.deepEqual(checkSize('1T', 0, readRules('4.5.0')), []);
  assert.deepEqual(checkDom0Mem('1G,max:2G', 0, readRules('4.22.0'), '4.22.0'), []);
  assert.deepEqual(checkDom0Mem('-1G,min:10%', 0, readRules('4.22.0'), '4.22.0'), []);
  assert.deepEqual(checkDom0Mem('1G+10%', 0, readRules('4.22.0'), '4.22.0'), []);
  assert.match(
    checkDom0Mem('10%', 0, readRules('4.11.0'), '4.11.0')
      .map((i) => i.message)
      .join(' '),
    /4\.12\.0/,
  );
  assert.equal(checkDom0Mem('foo:1G', 0, readRules('4.22.0'), '4.22.0')[0].code, 'xen/invalid-sub-option');
  assert.deepEqual(checkMaxCstate('1,3', 0, readRules('4.22.0'), '4.22.0'), []);
  assert.equal(checkMaxCstate('1,3', 0, readRules('4.12.0'), '4.12.0').length, 1);
});

test('releases: tags, series, nearest point release, ranges', () => {
  assert.deepEqual(resolveRelease('4.2.5'), { release: '4.2.5' });
  assert.equal(resolveRelease('4.17')!.release, '4.17.7');
  assert.equal(resolveRelease('4.6.2')!.release, '4.6.1');
  assert.equal(resolveRelease('4.30.1')!.release, '4.22.0');
  assert.equal(resolveRelease('banana'), undefined);
  assert.equal(describeRanges(parseRanges('4.2.2..4.22.0')), '4.2.2–4.22.0');
});

test('target: image name, then the xenVersion setting, then the newest release', () => {
  assert.equal(versionFromImage('/xen-4.2.5.gz'), '4.2.5');
  assert.equal(versionFromImage('/boot/xen-4.17-amd64.gz'), '4.17');
  assert.equal(versionFromImage('(hd0,0)/boot/xen-4.11.4.gz'), '4.11.4');
  assert.equal(versionFromImage('/boot/xen.gz'), undefined);
  assert.equal(resolveTarget(seg('/xen-4.2.5.gz a'), ctx('4.17.3')).release, '4.2.5');
  const deb = resolveTarget(seg('/boot/xen-4.17-amd64.gz a'), ctx());
  assert.equal(deb.release, '4.17.7');
  assert.match(deb.why, /newest 4\.17\.x release/);
  assert.equal(resolveTarget(seg('/boot/xen.gz a'), ctx('4.17.3')).release, '4.17.3');
  assert.match(resolveTarget(seg('/boot/xen.gz a'), ctx('4.17.3')).why, /xenVersion setting/);
  assert.equal(resolveTarget(seg('/boot/xen.gz a'), ctx()).release, '4.22.0');
});
