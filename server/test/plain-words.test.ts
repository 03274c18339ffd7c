// User-facing text in plain words (issue 19): no internal terms — "nearest", "facts",
// "confidence", "recalled", "our table" and the like — in any string a user can see: the prose of
// the shipped data (descriptions, summaries, advice, value notes, command usage), the code
// pages, and what the service says about the examples (diagnostics, hovers over every word,
// inlay hints, the status), plus every Xen parameter's hover in 4.2.5 and 4.22.0.
// Developer-facing fields (origin, sources, schemas, derived tables) are not shown to users.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { languageForFile } from '../src/core/languages';
import { namesAt } from '../src/xen/registry';
import { releaseIndex } from '../src/xen/releases';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Internal words. "table" alone is a real thing (ACPI, page, partition tables) and "the nearest
 * known name" is plain English; only our own uses are banned ("nearest: 6.1 table").
 */
const BANNED: RegExp[] = [
  /\bnearest(?::|\s+(?:\d|table|release|version|series))/i,
  /\bfacts?\b/i,
  /\bconfidence\b/i,
  /\brecalled\b/i,
  /\bknowledge base\b/i,
  /\b(?:source|release|derived|our|params?|symbol|the project's|the nearest|Linux \d+\.\d+) tables?\b/,
  /\b\d+\.\d+ table\b/,
];

function banned(text: string): string | undefined {
  for (const re of BANNED) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Keys whose strings are for developers: where data came from, how it was derived. */
const DEVELOPER_KEYS = new Set([
  'origin',
  'source',
  'sources',
  'src',
  'ref',
  'refs',
  'evidence',
  '$comment',
  '$schema',
]);
/** Derived tables (names, files, numbers) and schemas carry no prose a user reads. */
const NOT_PROSE = /\/schema\/|\/(params|symbols)-[\d.]+\.json$|\/symbols\.json$|\/depends\.json$|\/xen-symbols\.json$/;

test('the prose of the shipped data uses no internal words', () => {
  const hits: string[] = [];
  let strings = 0;
  const walk = (x: unknown, where: string): void => {
    if (typeof x === 'string') {
      if (!x.includes(' ')) return;
      strings++;
      const b = banned(x);
      if (b) hits.push(`${where}: "${b}" in ${x.slice(0, 120)}`);
    } else if (Array.isArray(x)) x.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (x && typeof x === 'object')
      for (const [k, v] of Object.entries(x)) if (!DEVELOPER_KEYS.has(k)) walk(v, `${where}.${k}`);
  };
  for (const f of files(join(ROOT, 'server', 'data')).filter((p) => p.endsWith('.json') && !NOT_PROSE.test(p)))
    walk(JSON.parse(readFileSync(f, 'utf8')), relative(ROOT, f));
  assert.ok(strings > 1000, `${strings} strings read`);
  assert.deepEqual(hits, []);
});

test('the code pages use no internal words', () => {
  const pages = files(join(ROOT, 'docs', 'codes')).filter((p) => p.endsWith('.md'));
  assert.ok(pages.length > 50);
  const hits = pages.flatMap((p) => {
    const b = banned(readFileSync(p, 'utf8'));
    return b ? [`${relative(ROOT, p)}: "${b}"`] : [];
  });
  assert.deepEqual(hits, []);
});

test('what the service says about the examples uses no internal words', () => {
  const s = service();
  const hits: string[] = [];
  let said = 0;
  const check = (text: string | undefined, where: string): void => {
    if (!text) return;
    said++;
    const b = banned(text);
    if (b) hits.push(`${where}: "${b}" in ${text.slice(0, 160)}`);
  };
  for (const f of files(join(ROOT, 'examples'))) {
    const text = readFileSync(f, 'utf8');
    const lang = languageForFile(f, () => text);
    if (!lang) continue;
    const d = doc(text, lang);
    const name = relative(ROOT, f);
    for (const x of s.diagnose(d)) check(x.message, `${name}:${x.range.start.line + 1} ${x.code}`);
    const all = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
    for (const h of s.inlayHints(d, all)) {
      check(h.label, `${name} hint`);
      check(h.tooltip, `${name} hint tooltip`);
    }
    const st = s.status(d);
    check(st.targets.join(' · '), `${name} status`);
    // a hover on every word of every line
    const lines = text.split(/\r?\n/);
    for (let line = 0; line < lines.length && line < 400; line++)
      for (const m of lines[line].matchAll(/\S+/g)) {
        const h = s.hover(d, { line, character: m.index + 1 });
        check(h?.markdown, `${name}:${line + 1}:${m.index + 1} hover`);
      }
  }
  assert.ok(said > 500, `${said} texts`);
  assert.deepEqual(hits, []);
});

test("every Xen parameter's hover (4.2.5, 4.22.0) uses no internal words", () => {
  const s = service();
  const hits: string[] = [];
  for (const rel of ['4.2.5', '4.22.0'])
    for (const name of namesAt(releaseIndex(rel), 'x86_64')) {
      const { doc: d, pos } = docAtCursor(
        `title x\n kernel /xen-${rel}.gz ${name.slice(0, 1)}|${name.slice(1)}=1\n`,
        'menu-lst',
      );
      const md = s.hover(d, pos)?.markdown ?? '';
      const b = banned(md);
      if (b) hits.push(`${rel} ${name}: "${b}"`);
    }
  assert.deepEqual(hits, []);
});
