// Completion ranked for the place (issue 19): in a GRUB entry the command expected next comes
// first (`module` after a Xen kernel line with no module yet, `initrd` after a Linux kernel), and
// Linux parameters offered on a line are those the targeted release registers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAtCursor, service } from './helpers';
import type { CompletionItem } from '../src/core/types';
import { KNOWN_TABLES, normName, releaseTable, tablesFor } from '../src/linux/tables';

/** The labels in the order an editor shows them with nothing typed: by sortText, then label. */
function ordered(items: CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label))
    .map((i) => i.label);
}

function first(text: string, languageId: string): string[] {
  const { doc, pos } = docAtCursor(text, languageId);
  return ordered(service().complete(doc, pos));
}

test('GRUB legacy: after a Xen kernel line with no module yet, module comes first', () => {
  const got = first('title Xen\n root (hd0,0)\n kernel /boot/xen-4.17-amd64.gz dom0_mem=1G\n |\n', 'menu-lst');
  assert.equal(got[0], 'module', got.slice(0, 5).join(', '));
  // and the alphabet no longer decides: `boot`, `chainloader`, … come after it
  assert.ok(got.indexOf('module') < got.indexOf('boot'));
  assert.ok(got.indexOf('module') < got.indexOf('chainloader'));
});

test('GRUB legacy: behind tboot (the Xen module not yet given) module comes first too', () => {
  const got = first('title TXT\n kernel /boot/tboot.gz logging=serial\n |\n', 'menu-lst');
  assert.equal(got[0], 'module', got.slice(0, 5).join(', '));
});

test('GRUB legacy: after a Linux kernel line, initrd; in an empty entry, root then kernel', () => {
  assert.equal(first('title L\n root (hd0,0)\n kernel /vmlinuz-6.1 root=/dev/sda1\n |\n', 'menu-lst')[0], 'initrd');
  assert.deepEqual(first('title L\n |\n', 'menu-lst').slice(0, 2), ['root', 'kernel']);
  assert.equal(first('title L\n root (hd0,0)\n |\n', 'menu-lst')[0], 'kernel');
});

test('GRUB legacy: outside entries the common menu commands lead (title, default, timeout)', () => {
  const got = first('|\n', 'menu-lst');
  assert.deepEqual(got.slice(0, 3), ['title', 'default', 'timeout']);
});

test('GRUB legacy: the cursor line decides, not the rest of the entry', () => {
  // the module below the cursor is not "already there"
  const got = first(
    'title Xen\n kernel /boot/xen-4.17-amd64.gz\n |\n module /boot/vmlinuz-6.1.0 root=/dev/sda1\n',
    'menu-lst',
  );
  assert.equal(got[0], 'module');
});

test('GRUB 2: after multiboot2 with Xen and no module, module2 first; after multiboot, module', () => {
  const mb2 = first("menuentry 'Xen' {\n\tmultiboot2 /boot/xen-4.17-amd64.gz placeholder\n\t|\n}\n", 'grub-cfg');
  assert.equal(mb2[0], 'module2', mb2.slice(0, 5).join(', '));
  const mb1 = first("menuentry 'Xen' {\n\tmultiboot /boot/xen-4.1.2.gz\n\t|\n}\n", 'grub-cfg');
  assert.equal(mb1[0], 'module', mb1.slice(0, 5).join(', '));
  const linux = first("menuentry 'L' {\n\tlinux /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1\n\t|\n}\n", 'grub-cfg');
  assert.equal(linux[0], 'initrd');
  const arm = first("menuentry 'Xen' {\n\txen_hypervisor /boot/xen\n\t|\n}\n", 'grub-cfg');
  assert.equal(arm[0], 'xen_module');
});

test('GRUB 2: at top level the common commands lead, before the alphabet', () => {
  const got = first('|\n', 'grub-cfg');
  assert.deepEqual(got.slice(0, 3), ['menuentry', 'submenu', 'set']);
});

/** The Linux parameter names completion offers after `word` on a dom0 line of kernel `image`. */
function linuxOffers(image: string, word: string): string[] {
  const { doc, pos } = docAtCursor(
    `title x\n kernel /xen-4.1.2.gz dom0_mem=1G\n module /${image} root=/dev/sda1 ${word}|\n`,
    'menu-lst',
  );
  return service()
    .complete(doc, pos)
    .filter((i) => i.kind === 'property')
    .map((i) => i.label);
}

const newest = releaseTable(KNOWN_TABLES[KNOWN_TABLES.length - 1]);

test('Linux 3.1 dom0 line: xen… offers only parameters the 3.1 source registers', () => {
  const t31 = releaseTable(tablesFor([3, 1]).exact!);
  const got = linuxOffers('vmlinuz-3.1.0-1-amd64', 'xen');
  assert.ok(got.length >= 5, got.join(', '));
  // every name is registered by 3.1, or by no release we derived (read elsewhere, not ours to judge)
  const foreign = got.filter((n) => !t31.byName.has(normName(n)) && newest.byName.has(normName(n)));
  assert.deepEqual(foreign, []);
  // the newer releases' module parameters are offered where they exist
  const later = linuxOffers('vmlinuz-6.1.0-18-amd64', 'xen');
  const only61 = later.filter((n) => !got.includes(n));
  assert.ok(
    only61.some((n) => n.startsWith('xen_blkback.')),
    only61.join(', '),
  );
  assert.ok(!got.includes('xen_blkback.max_queues') && later.includes('xen_blkback.max_queues'));
});

test('Linux between two derived releases: offers what both register', () => {
  // a version with no table of its own, between two that have one
  const known = KNOWN_TABLES.map((v) => v.split('.').map(Number));
  let between: number[] | undefined;
  for (let i = 0; i + 1 < known.length && !between; i++) {
    const [a, b] = [known[i], known[i + 1]];
    if (a[0] === b[0] && b[1] - a[1] > 1) between = [a[0], a[1] + 1];
  }
  assert.ok(between, 'some minor release has no table of its own');
  const around = tablesFor(between).around.map((v) => releaseTable(v));
  assert.equal(around.length, 2);
  const got = linuxOffers(`vmlinuz-${between.join('.')}.0-1-amd64`, 'xen');
  assert.ok(got.length > 0);
  const notBoth = got.filter((n) => !around.every((t) => t.byName.has(normName(n))) && newest.byName.has(normName(n)));
  assert.deepEqual(notBoth, [], `offered on ${between.join('.')} though not in both neighbours`);
});
