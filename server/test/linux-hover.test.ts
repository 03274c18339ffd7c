// Acceptance: hovers on earlyprintk=xen, pcie_aspm=off and console=hvc0 explain them in our own
// words; and no description we ship repeats kernel-parameters.txt (checked against the 6.1 text
// when a tree is at hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debianTree, treesRequired } from '../../scripts/kernel-trees';
import { docAtCursor, service } from './helpers';
import curatedData from '../data/linux/curated-params.json';

const DOM0 =
  'title x\n root (hd0,0)\n kernel /xen-4.17.gz dom0_mem=4G\n module /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro console=hvc0 earlyprintk=xen pcie_aspm=off\n';

/** `details`: the hoverDetails setting (where the kernel registers the word, the whole description). */
function hover(text: string, word: string, details = false): string {
  const at = text.indexOf(` ${word}`) + 2;
  const { doc, pos } = docAtCursor(`${text.slice(0, at)}|${text.slice(at)}`, 'menu-lst');
  const h = service({ hoverDetails: details }).hover(doc, pos);
  assert.ok(h, `hover on ${word}`);
  return h.markdown;
}

// Sentences of kernel-parameters.txt (6.1) for these entries; our hovers must not carry them.
const UPSTREAM_SENTENCES = [
  'Forcibly enable or disable PCIe Active State Power Management',
  'Output console device and options',
  'Enable ASPM even on devices that claim not to support it',
  'Disable ASPM',
  'Use xen for early printk output',
];

test('earlyprintk=xen: what it does, when it works, in our words', () => {
  const md = hover(DOM0, 'earlyprintk=xen');
  assert.match(md, /before the regular console drivers are running/);
  assert.match(md, /\*\*`xen`\*\*: Writes through Xen's console hypercall/);
  assert.match(md, /only when the kernel runs on Xen/);
  assert.match(md, /CONFIG_XEN/);
  // where the kernel registers it: with the hoverDetails setting
  assert.doesNotMatch(md, /early_printk\.c/);
  const full = hover(DOM0, 'earlyprintk=xen', true);
  assert.match(full, /arch\/x86\/kernel\/early_printk\.c:\d+/);
  assert.match(full, /built when CONFIG_EARLY_PRINTK/);
  for (const s of UPSTREAM_SENTENCES) assert.ok(!md.includes(s) && !full.includes(s), s);
});

test('pcie_aspm=off: link power management, and what off does', () => {
  const md = hover(DOM0, 'pcie_aspm=off');
  assert.match(md, /PCI Express Active State Power Management/);
  assert.match(md, /\*\*`off`\*\*: Disable PCIe link power management\./);
  const full = hover(DOM0, 'pcie_aspm=off', true);
  assert.match(full, /CONFIG_PCIEASPM/);
  assert.match(full, /drivers\/pci\/pcie\/aspm\.c:\d+/);
  for (const s of UPSTREAM_SENTENCES) assert.ok(!md.includes(s), s);
});

test('console=hvc0: the hypervisor console, right for dom0', () => {
  const md = hover(DOM0, 'console=hvc0');
  assert.match(md, /\*\*`hvc0`\*\*: Hypervisor console: under Xen, the console Xen provides to dom0/);
  assert.match(md, /last one becomes `\/dev\/console`/);
  assert.match(md, /Read by the kernel/);
  for (const s of UPSTREAM_SENTENCES) assert.ok(!md.includes(s), s);
});

test('console=hvc0 on a kernel booted directly on hardware is pointed out', () => {
  const text = 'title y\n root (hd0,0)\n kernel /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 console=hvc0\n';
  // Said once, by the diagnostic; the hover does not repeat it.
  const d = service()
    .diagnose(docAtCursor(`|${text}`, 'menu-lst').doc)
    .find((x) => /started directly on hardware has none/.test(x.message));
  assert.ok(d);
  assert.doesNotMatch(hover(text, 'console=hvc0'), /started directly on hardware has none/);
});

function shingles(text: string, n: number): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

test('no shipped description repeats a run of 8 words from kernel-parameters.txt', (t) => {
  const file = join(debianTree('6.1'), 'Documentation/admin-guide/kernel-parameters.txt');
  if (!existsSync(file)) {
    if (treesRequired()) assert.fail(`${file} missing: run scripts/prepare-kernel-trees.sh`);
    t.skip('no kernel-parameters.txt at hand (scripts/prepare-kernel-trees.sh prepares it)');
    return;
  }
  const upstream = shingles(readFileSync(file, 'utf8'), 8);
  const texts: string[] = [];
  for (const p of Object.values(curatedData.params) as Array<{
    summary: string;
    values?: Record<string, string>;
    xen?: string;
  }>) {
    texts.push(p.summary, ...Object.values(p.values ?? {}), ...(p.xen ? [p.xen] : []));
  }
  const copied = texts.flatMap((s) =>
    [...shingles(s, 8)].filter((x) => upstream.has(x)).map((x) => `${x}  ← ${s.slice(0, 60)}`),
  );
  assert.deepEqual(copied, []);
});

test('Linux hovers stay short: at most 10 lines of text, one link, no repeated diagnostic', () => {
  const text =
    'title x\n root (hd0,0)\n kernel /xen-4.17.gz dom0_mem=4G\n module /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro console=hvc0 earlyprintk=xen pcie_aspm=off vga=normal clk_ignore_unused intel_idle.max_cstate=1\n';
  const { doc } = docAtCursor(`|${text}`, 'menu-lst');
  const messages = service()
    .diagnose(doc)
    .map((d) => d.message);
  for (const word of [
    'root=/dev/sda1',
    'console=hvc0',
    'earlyprintk=xen',
    'pcie_aspm=off',
    'vga=normal',
    'clk_ignore_unused',
    'intel_idle.max_cstate=1',
  ]) {
    const md = hover(text, word);
    const lines = md.split('\n').filter((l) => l.trim() && l.trim() !== '---');
    assert.ok(lines.length <= 10, `${word}: ${lines.length} lines\n${md}`);
    assert.equal(md.match(/\]\(http/g)?.length ?? 0, 1, word);
    for (const m of messages) assert.ok(!md.includes(m.slice(0, 60)), `${word} repeats "${m}"`);
    // Only the target architecture's registrations (x86_64 here).
    assert.doesNotMatch(md, /arm64 only/, word);
  }
});
