// Where the version hint of a boot line is drawn (issue 19, item 9): never where parameters are
// typed. On every example file with command lines, each hint sits before text (the image path,
// or the line's first word) — or after a closing quote — never at the end of a line whose
// parameters run to its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { doc, service } from './helpers';
import { languageForFile } from '../src/core/languages';

const ROOT = resolve(__dirname, '..', '..');
const ALL = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('every example boot file: version hints sit out of the typing position', () => {
  let hints = 0;
  let before = 0;
  const langs = new Set<string>();
  for (const f of files(join(ROOT, 'examples'))) {
    const text = readFileSync(f, 'utf8');
    const lang = languageForFile(f, () => text);
    if (!lang || lang === 'kernel-config' || lang === 'kconfig') continue;
    const d = doc(text, lang);
    const lines = text.split(/\r?\n/);
    for (const h of service({ xenVersion: '4.17', linuxVersion: '6.1' }).inlayHints(d, ALL)) {
      const line = lines[h.position.line] ?? '';
      const where = `${relative(ROOT, f)}:${h.position.line + 1}:${h.position.character + 1} "${h.label}"`;
      const end = line.trimEnd().length;
      hints++;
      langs.add(lang);
      if (h.paddingRight) {
        before++;
        // before text: a word starts here
        assert.match(line.slice(h.position.character), /^\S/, where);
        assert.ok(h.position.character < end, where);
      } else {
        // after text: only after a closing quote, at the end of the line
        assert.equal(h.position.character, end, where);
        assert.match(line.slice(0, end), /["'][;,]?$/, where);
      }
    }
  }
  // the examples cover GRUB legacy and 2, /etc/default/grub, SYSLINUX, iPXE, Xen EFI, U-Boot, DTS, xl
  assert.ok(hints >= 20, `${hints} hints`);
  assert.ok(before >= 15, `${before} hints before text`);
  assert.ok(langs.size >= 6, [...langs].join(', '));
});

test('a GRUB line with no parameters yet: the hint is before the image, not where they will be typed', () => {
  const text = 'title Xen\n kernel /boot/xen-4.17.gz \n module /boot/vmlinuz-6.1.0-18-amd64\n';
  const hs = service().inlayHints(doc(text, 'menu-lst'), ALL);
  assert.deepEqual(
    hs.map((h) => [h.position, !!h.paddingRight]),
    [
      [{ line: 1, character: 8 }, true],
      [{ line: 2, character: 8 }, true],
    ],
  );
});
