// Hovers are short by default (issue 19): about ten lines as an editor shows them — what the word
// is, its value here, whether the targeted version has it, one link. Counted as the lines of a
// hover 80 characters wide (each Markdown line wraps; blank lines and link targets do not count).
// Bounded for every Xen parameter of 4.2.5 and 4.22.0 (on its name and on its value) and every
// Linux parameter of the project's own list on a dom0 line. The hoverDetails setting brings the
// history and source details back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAtCursor, service } from './helpers';
import { namesAt, paramAt } from '../src/xen/registry';
import { releaseIndex } from '../src/xen/releases';
import { allCurated } from '../src/linux/curated';

const WIDTH = 80;
const XEN_MAX = 10;
const LINUX_MAX = 12;

/** Lines a hover `WIDTH` characters wide shows for this Markdown. */
function shownLines(md: string): number {
  return md
    .split('\n')
    .filter((l) => l.trim() && l.trim() !== '---')
    .reduce((n, l) => n + Math.ceil(l.replace(/\]\([^)]*\)/g, ']').length / WIDTH), 0);
}

function xenHover(rel: string, before: string, after: string, details = false): string {
  const { doc, pos } = docAtCursor(`title x\n kernel /xen-${rel}.gz ${before}|${after}\n`, 'menu-lst');
  return service({ hoverDetails: details }).hover(doc, pos)?.markdown ?? '';
}

for (const rel of ['4.2.5', '4.22.0'])
  test(`every Xen ${rel} parameter: its hover, on the name and on a value, is at most ${XEN_MAX} lines`, () => {
    const idx = releaseIndex(rel);
    const long: string[] = [];
    let n = 0;
    for (const name of namesAt(idx, 'x86_64')) {
      const p = paramAt(name, idx, 'x86_64')!;
      const onName = xenHover(rel, name.slice(0, 1), p.kind === 'boolean' ? name.slice(1) : `${name.slice(1)}=1`);
      const onValue = xenHover(rel, `${name}=`, '1');
      for (const [where, md] of [
        ['name', onName],
        ['value', onValue],
      ] as const) {
        assert.ok(md, `${name}: no hover on the ${where}`);
        n++;
        if (shownLines(md) > XEN_MAX) long.push(`${name} (${where}): ${shownLines(md)} lines`);
      }
      // the essentials are there: the name, whether the target has it, one link
      assert.match(onName, new RegExp(`\\*\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*\\*`));
      assert.match(onName, /Exists in Xen|not in Xen|Checked against/);
      assert.equal(onName.match(/\]\(https?:/g)?.length ?? 0, 1, `${name}: one link`);
    }
    assert.ok(n > 200, `${n} hovers`);
    assert.deepEqual(long, []);
  });

test(`every Linux parameter of our list on a dom0 line: its hover is at most ${LINUX_MAX} lines`, () => {
  const s = service();
  const long: string[] = [];
  let n = 0;
  for (const c of allCurated()) {
    if (c.key.endsWith('*') || c.notAParameter) continue;
    const w = c.check === 'flag' || c.check === 'none' ? c.key : `${c.key}=1`;
    const { doc, pos } = docAtCursor(
      `title x\n kernel /xen-4.17.3.gz dom0_mem=1G\n module /vmlinuz-6.1.0-18-amd64 ${w.slice(0, 1)}|${w.slice(1)}\n`,
      'menu-lst',
    );
    const md = s.hover(doc, pos)?.markdown;
    assert.ok(md, `${c.key}: no hover`);
    n++;
    if (shownLines(md) > LINUX_MAX) long.push(`${c.key}: ${shownLines(md)} lines`);
  }
  assert.ok(n > 100, `${n} hovers`);
  assert.deepEqual(long, []);
});

test('the hoverDetails setting brings back the source details and the whole description', () => {
  // Xen 4.2.5 reads mce as an inverted switch: a source detail
  const short = xenHover('4.2.5', 'm', 'ce');
  const full = xenHover('4.2.5', 'm', 'ce', true);
  assert.doesNotMatch(short, /inverted switch/);
  assert.match(full, /inverted switch/);
  assert.match(full, /- Architectures:/);
  assert.ok(shownLines(full) > shownLines(short));
  // Linux: where the kernel registers the word
  const line = 'title x\n kernel /xen-4.17.3.gz\n module /vmlinuz-6.1.0-18-amd64 co|nsole=hvc0\n';
  const { doc, pos } = docAtCursor(line, 'menu-lst');
  assert.doesNotMatch(service().hover(doc, pos)?.markdown ?? '', /\*\*Source:\*\*/);
  assert.match(service({ hoverDetails: true }).hover(doc, pos)?.markdown ?? '', /\*\*Source:\*\* `kernel\/printk/);
});

test('a long first sentence is cut at a word, never inside a code span', () => {
  const md = xenHover('4.22.0', 'dom0-iommu=', '1');
  for (const line of md.split('\n')) assert.equal((line.match(/`/g)?.length ?? 0) % 2, 0, line);
});
