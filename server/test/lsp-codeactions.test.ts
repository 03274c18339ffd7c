// Code actions: single quick fixes, "Fix all <n> … in this file" per code, and the
// source.fixAll.xenConfig action; edits of one action never overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { docAtCursor, service } from './helpers';
import { FIX_ALL_KIND, fixesToCodeActions, mergeFixes } from '../src/lsp/codeActions';
import type { Diagnostic, Range, TextEdit } from '../src/core/types';

type CodeAction = ReturnType<typeof fixesToCodeActions>[number];

const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });

function edits(a: CodeAction, uri: string): TextEdit[] {
  return a.edit?.changes?.[uri] ?? [];
}

/** Applies non-overlapping edits, last first. */
function apply(text: string, es: TextEdit[]): string {
  const d = TextDocument.create('file:///x', 'x', 1, text);
  return TextDocument.applyEdits(d, es);
}

function assertNoOverlap(es: TextEdit[]): void {
  const sorted = [...es].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1].range.end;
    const s = sorted[i].range.start;
    assert.ok(p.line < s.line || (p.line === s.line && p.character <= s.character), 'edits do not overlap');
  }
}

const MENU = [
  'default 0',
  'title Debian A',
  '    root (hd0,0)',
  '    kernal /boot/vmlinuz-6.1.0 root=/dev/sda1 ro',
  'title Debian B',
  '    root (hd0,0)',
  '    kernal /boot/vmlinuz-6.1.0 root=/dev/sda2 ro',
  'title Debian C',
  '    root (hd0,0)',
  '    |kernal /boot/vmlinuz-6.1.0 root=/dev/sda3 ro',
  '',
].join('\n');

test('several fixable diagnostics of one code: the single fix and "Fix all 3 … in this file"', () => {
  const { doc, pos } = docAtCursor(MENU, 'menu-lst');
  const ds = service().diagnose(doc);
  const actions = fixesToCodeActions(doc.uri, ds, { start: pos, end: pos });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Change to "kernel"'), JSON.stringify(titles));
  const all = actions.find((a) => a.title === 'Fix all 3 grub/unknown-command problems in this file');
  assert.ok(all, JSON.stringify(titles));
  assert.equal(all.kind, 'quickfix');
  assert.equal(all.diagnostics?.length, 3);
  const es = edits(all, doc.uri);
  assert.equal(es.length, 3);
  assertNoOverlap(es);
  const fixed = apply(doc.getText(), es);
  assert.equal(fixed.match(/kernal/g), null);
  assert.equal(fixed.match(/    kernel \/boot/g)?.length, 3);
  // The fixed menu no longer reports the code.
  const again = service().diagnose(TextDocument.create('file:///again', 'menu-lst', 1, fixed));
  assert.ok(!again.some((d) => d.code === 'grub/unknown-command'));
});

test('one fixable diagnostic of a code: no "Fix all" action', () => {
  const { doc, pos } = docAtCursor('title A\n    root (hd0,0)\n    |kernal /boot/vmlinuz-6.1.0 ro\n', 'menu-lst');
  const actions = fixesToCodeActions(doc.uri, service().diagnose(doc), { start: pos, end: pos });
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to "kernel"'],
  );
});

test('"Fix all" is offered only where the cursor meets a diagnostic of that code', () => {
  const { doc } = docAtCursor(MENU, 'menu-lst');
  assert.deepEqual(fixesToCodeActions(doc.uri, service().diagnose(doc), at(0)), []);
});

test('kernel config: repeated assignments removed in one edit, whole lines, no overlap', () => {
  const { doc, pos } = docAtCursor(
    '# xen-config: linux=6.1\n|CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_XEN=y\n',
    'kernel-config',
  );
  const actions = fixesToCodeActions(doc.uri, service().diagnose(doc), { start: pos, end: pos });
  const all = actions.find((a) => a.title === 'Fix all 3 kconfig/repeated-assignment problems in this file');
  assert.ok(all, JSON.stringify(actions.map((a) => a.title)));
  const es = edits(all, doc.uri);
  assert.equal(es.length, 3);
  assertNoOverlap(es);
  assert.equal(apply(doc.getText(), es), '# xen-config: linux=6.1\nCONFIG_XEN_DOM0=y\nCONFIG_XEN=y\n');
});

test('source.fixAll.xenConfig: only when asked for by kind; mechanical fixes only', () => {
  const text = [
    'title Xen',
    '    root (hd0,0)',
    '    kernel /boot/xen-4.17.gz dom0_mem=2048M x2apic_phys',
    '    module /boot/vmlinuz-6.1.0 root=/dev/sda1 ro noaspi',
    '    initrd /boot/initrd.img-6.1.0',
    '    kernal /boot/vmlinuz-6.1.0',
    '',
  ].join('\n');
  const { doc } = docAtCursor(`|${text}`, 'menu-lst');
  const ds = service().diagnose(doc);
  assert.deepEqual(
    fixesToCodeActions(doc.uri, ds, at(0)).filter((a) => a.kind === FIX_ALL_KIND),
    [],
  );
  for (const only of [['source'], ['source.fixAll'], [FIX_ALL_KIND]]) {
    const actions = fixesToCodeActions(doc.uri, ds, at(0), only);
    assert.equal(actions.length, 1, JSON.stringify(only));
    assert.equal(actions[0].kind, FIX_ALL_KIND);
  }
  const [fixAll] = fixesToCodeActions(doc.uri, ds, at(0), ['source.fixAll']);
  const result = apply(doc.getText(), edits(fixAll, doc.uri));
  // Mechanical fixes are applied (initrd → module, x2apic_phys → its successor); spelling guesses
  // (kernal, noaspi) and advice (dom0_mem without max:, a hint) are not.
  assert.match(result, /    module \/boot\/initrd\.img-6\.1\.0/);
  assert.match(result, /kernal/);
  assert.match(result, / noaspi\n/);
  assert.match(result, /dom0_mem=2048M /);
  assert.match(result, / x2apic-mode=physical\n/);
  assert.deepEqual(
    fixAll.diagnostics?.map((d) => d.code),
    ['xen/deprecated-parameter', 'grub/initrd-in-xen-entry'],
  );
  // A quick-fix-only request gets no source action.
  assert.ok(fixesToCodeActions(doc.uri, ds, at(4, 5), ['quickfix']).every((a) => a.kind === 'quickfix'));
});

test('mergeFixes drops a fix whose edits collide with one already taken, keeps touching ones', () => {
  const r = (l: number, a: number, b: number): Range => ({
    start: { line: l, character: a },
    end: { line: l, character: b },
  });
  const d = (code: string): Diagnostic => ({ range: r(0, 0, 1), severity: 'error', code, message: code });
  const { edits: es, fixed } = mergeFixes([
    { d: d('a'), fix: { title: 'a', edits: [{ range: r(0, 0, 5), newText: 'x' }] } },
    { d: d('b'), fix: { title: 'b', edits: [{ range: r(0, 3, 8), newText: 'y' }] } },
    { d: d('c'), fix: { title: 'c', edits: [{ range: r(0, 5, 6), newText: 'z' }] } },
    { d: d('d'), fix: { title: 'd', edits: [{ range: r(0, 6, 6), newText: 'w' }] } },
    {
      d: d('e'),
      fix: {
        title: 'e',
        edits: [
          { range: r(1, 0, 0), newText: 'v' },
          { range: r(1, 0, 2), newText: 'u' },
        ],
      },
    },
  ]);
  assert.deepEqual(
    fixed.map((x) => x.code),
    ['a', 'c'],
  );
  assert.equal(es.length, 2);
  assertNoOverlap(es);
});

test("removing a word that does nothing takes one side's blanks with it, and fix-all leaves it alone", () => {
  const lines = (tail: string) =>
    [
      'title Xen',
      '    root (hd0,0)',
      '    kernel /boot/xen-4.17.gz',
      `    module /boot/vmlinuz-6.1.0 ${tail}`,
      '',
    ].join('\n');
  for (const [tail, want] of [
    ['root=/dev/sda1 |vga=normal ro', 'root=/dev/sda1 ro'],
    ['root=/dev/sda1 ro |vga=normal', 'root=/dev/sda1 ro'],
    ['|vga=normal root=/dev/sda1', 'root=/dev/sda1'],
  ] as const) {
    const { doc, pos } = docAtCursor(lines(tail), 'menu-lst');
    const ds = service().diagnose(doc);
    const remove = fixesToCodeActions(doc.uri, ds, { start: pos, end: pos }).find(
      (a) => a.title === 'Remove "vga=normal"',
    );
    assert.ok(remove, tail);
    assert.equal(apply(doc.getText(), edits(remove, doc.uri)), lines(want));
    const [fixAll] = fixesToCodeActions(doc.uri, ds, at(0), ['source.fixAll']);
    assert.ok(
      !fixAll || !fixAll.diagnostics?.some((d) => d.code === 'linux/no-effect-in-boot-path'),
      'a deletion is not applied unseen',
    );
  }
});
