// /etc/default/grub and /etc/default/grub.d/*.cfg: shell assignments read as /bin/sh reads them,
// the variable table, and the GRUB_CMDLINE_* values routed to the Xen and Linux engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { withFakeEngines } from './grubFakeEngines';
import { parseShell } from '../src/grub/shellAssign';
import { assignmentCmdline } from '../src/grub/grubDefaultMode';
import type { Diagnostic } from '../src/core/types';

const root = path.resolve(__dirname, '../..');
const XEN_CFG = readFileSync(path.join(root, 'examples/boot/default/grub.d/xen.cfg'), 'utf8');
const DEFAULT = readFileSync(path.join(root, 'examples/boot/default/grub'), 'utf8');
const grubOnly = (ds: Diagnostic[]) => ds.filter((d) => d.code.startsWith('grub/'));

test('shell reading: quotes, escapes, expansions, export, appending', () => {
  const s = parseShell(
    [
      `A='single $X "q"'`,
      `B="double \\"q\\" \\$notvar $X \${Y}"`,
      'export C=plain\\ word',
      'D="$D more"',
      'if [ "$E" = 1 ]; then F=1; fi',
      'G=1 some_command arg',
    ].join('\n'),
  );
  const as = s.commands.flatMap((c) =>
    c.assignments.map((a) => [a.name, a.text, a.appends, a.exported, c.rest.length, c.depth]),
  );
  assert.deepEqual(as, [
    ['A', 'single $X "q"', false, false, 0, 0],
    ['B', 'double "q" $notvar $X ${Y}', false, false, 0, 0],
    ['C', 'plain word', false, true, 0, 0],
    ['D', '$D more', true, false, 0, 0],
    ['F', '1', false, false, 0, 1],
    ['G', '1', false, false, 2, 0],
  ]);
  const b = s.commands[1].assignments[0];
  assert.deepEqual(
    b.value.filter((p) => p.kind === 'expansion').map((p) => p.variable),
    ['X', 'Y'],
  );
  assert.deepEqual(
    parseShell('H="unclosed\n').errors.map((e) => e.start),
    [2],
  );
});

test('xen.cfg: GRUB_CMDLINE_XEN_DEFAULT is a Xen segment at the right columns', () => {
  const d = doc(XEN_CFG, 'grub-default');
  withFakeEngines((seen) => {
    service().diagnose(d);
    const xen = seen.find((s) => s.kind === 'xen')!;
    assert.equal(xen.text, 'dom0_mem=2048M,max:2048M dom0_max_vcpus=2');
    assert.equal(xen.origin, 'GRUB_CMDLINE_XEN_DEFAULT');
    const line = XEN_CFG.split('\n').findIndex((l) => l.startsWith('GRUB_CMDLINE_XEN_DEFAULT='));
    assert.deepEqual(xen.positionAt(0), { line, character: 'GRUB_CMDLINE_XEN_DEFAULT="'.length });
    assert.deepEqual(xen.positionAt(xen.text.indexOf('dom0_max_vcpus')), {
      line,
      character: XEN_CFG.split('\n')[line].indexOf('dom0_max_vcpus'),
    });
    // The XEN_REPLACE value is the dom0 kernel's; the $GRUB_CMDLINE_LINUX_DEFAULT word is opaque and left out.
    const dom0 = seen.find((s) => s.origin === 'GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT')!;
    assert.equal(dom0.kind, 'linux');
    assert.equal(dom0.bootPath, 'xen-dom0');
    assert.equal(dom0.text, 'console=hvc0 earlyprintk=xen');
    assert.equal(
      d.getText({ start: dom0.positionAt(0), end: dom0.positionAt(dom0.text.length) }),
      'console=hvc0 earlyprintk=xen',
    );
  });
});

test('routing through the front door with fake engines: kinds, boot paths, columns', () => {
  const text = [
    'GRUB_CMDLINE_XEN="dom0_mem=1G bogus_x=1"',
    "GRUB_CMDLINE_LINUX='quiet bogus_l=1'",
    'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT splash \\"a b\\" bogus_d=1"',
    'GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0 bogus_r=1"',
    '',
  ].join('\n');
  const lines = text.split('\n');
  withFakeEngines((seen) => {
    const ds = service()
      .diagnose(doc(text, 'grub-default'))
      .filter((x) => /^(xen|linux)\//.test(x.code));
    assert.deepEqual(
      ds.map((x) => [x.code, x.range.start.line, x.range.start.character, x.range.end.character]),
      [
        ['xen/unknown-parameter', 0, lines[0].indexOf('bogus_x'), lines[0].indexOf('bogus_x') + 7],
        ['linux/unknown-parameter', 1, lines[1].indexOf('bogus_l'), lines[1].indexOf('bogus_l') + 7],
        ['linux/unknown-parameter', 2, lines[2].indexOf('bogus_d'), lines[2].indexOf('bogus_d') + 7],
        ['linux/unknown-parameter', 3, lines[3].indexOf('bogus_r'), lines[3].indexOf('bogus_r') + 7],
      ],
    );
    assert.deepEqual(
      seen.map((s) => [s.kind, s.bootPath]),
      [
        ['xen', undefined],
        // GRUB_CMDLINE_LINUX_XEN_REPLACE takes GRUB_CMDLINE_LINUX's place in the Xen entries; nothing
        // replaces GRUB_CMDLINE_LINUX_DEFAULT there, so it reaches both kinds of entries (20_linux_xen).
        ['linux', 'direct'],
        ['linux', 'direct-and-dom0'],
        ['linux', 'xen-dom0'],
      ],
    );
    // Escaped quotes reach the kernel as quotes, mapped back to their columns.
    assert.equal(seen[2].text, 'splash "a b" bogus_d=1');
    assert.equal(seen[2].positionAt(seen[2].text.indexOf('"a')).character, lines[2].indexOf('\\"a') + 1);
  });
});

test('the example files give no GRUB findings', () => {
  assert.deepEqual(grubOnly(service().diagnose(doc(XEN_CFG, 'grub-default'))), []);
  assert.deepEqual(grubOnly(service().diagnose(doc(DEFAULT, 'grub-default'))), []);
});

test('diagnostics: blanks around =, unquoted blanks, unknown and obsolete variables, values, repeats', () => {
  const text = [
    'GRUB_TIMEOUT = 5',
    'GRUB_CMDLINE_LINUX=quiet splash',
    'GRUB_TIMOUT=5',
    'GRUB_TIMEOUT_STYLE=hiden',
    'GRUB_ENABLE_CRYPTODISK=true',
    'GRUB_DISABLE_OS_PROBER=yes',
    'GRUB_HIDDEN_TIMEOUT=0',
    'GRUB_TIMEOUT=-2',
    'GRUB_TIMEOUT=10',
    'GRUB_CMDLINE_LINUX_DEFAULT="quiet"',
    'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT splash"',
    'if [ -e /x ]; then GRUB_TIMEOUT=1; fi',
    'GRUB_TERMINAL="console serail"',
    'MY_HELPER=1',
    'GRUB_DEVICE=/dev/sda1',
    '',
  ].join('\n');
  const ds = grubOnly(service().diagnose(doc(text, 'grub-default')));
  assert.deepEqual(
    ds.map((d) => [d.range.start.line, d.code]),
    [
      [0, 'grub/shell-syntax'],
      [1, 'grub/shell-syntax'],
      [2, 'grub/unknown-variable'],
      [3, 'grub/invalid-value'],
      [4, 'grub/invalid-value'],
      [5, 'grub/invalid-value'],
      [6, 'grub/deprecated-variable'],
      [7, 'grub/invalid-value'],
      [7, 'grub/repeated-setting'],
      [12, 'grub/invalid-value'],
      [14, 'grub/unknown-variable'],
    ],
  );
  const get = (line: number, code: string) => ds.find((d) => d.range.start.line === line && d.code === code)!;
  assert.equal(get(0, 'grub/shell-syntax').fixes![0].edits[0].newText, '=');
  assert.deepEqual(get(0, 'grub/shell-syntax').fixes![0].edits[0].range, {
    start: { line: 0, character: 12 },
    end: { line: 0, character: 15 },
  });
  assert.equal(get(1, 'grub/shell-syntax').fixes![0].edits[0].newText, '"quiet splash"');
  assert.equal(get(2, 'grub/unknown-variable').fixes![0].edits[0].newText, 'GRUB_TIMEOUT');
  assert.equal(get(2, 'grub/unknown-variable').severity, 'hint');
  assert.match(get(4, 'grub/invalid-value').message, /only turns this on for "y"/);
  assert.match(get(12, 'grub/invalid-value').message, /serail/);
  assert.deepEqual(get(6, 'grub/deprecated-variable').tags, ['deprecated']);
  assert.match(get(14, 'grub/unknown-variable').message, /computed by grub-mkconfig/);
});

test('hover and completion of variables and values', () => {
  const s = service();
  const h = docAtCursor('GRUB_CMDLINE_XEN_DE|FAULT="dom0_mem=1G"\n', 'grub-default');
  assert.match(s.hover(h.doc, h.pos)!.markdown, /Xen hypervisor command line/);
  const c1 = docAtCursor('GRUB_TIME|', 'grub-default');
  const items = s.complete(c1.doc, c1.pos);
  assert.ok(items.some((i) => i.label === 'GRUB_TIMEOUT' && i.insertText === 'GRUB_TIMEOUT=5'));
  assert.ok(items.some((i) => i.label === 'GRUB_HIDDEN_TIMEOUT' && i.deprecated));
  const c2 = docAtCursor('GRUB_TIMEOUT_STYLE=|', 'grub-default');
  assert.deepEqual(
    s.complete(c2.doc, c2.pos).map((i) => i.label),
    ['menu', 'countdown', 'hidden'],
  );
});

test('outline: settings with their values and targets', () => {
  const syms = service().symbols(doc(XEN_CFG, 'grub-default'));
  const xen = syms.find((x) => x.name === 'GRUB_CMDLINE_XEN_DEFAULT')!;
  assert.match(xen.detail!, /^dom0_mem=2048M,max:2048M dom0_max_vcpus=2 — /);
  assert.ok(syms.some((x) => x.name === 'GRUB_DEFAULT'));
});

test('assignmentCmdline keeps offsets monotonic across expansions', () => {
  const s = parseShell('X="a $Y b"');
  const { text, offsets } = assignmentCmdline(s.commands[0].assignments[0]);
  assert.equal(text, 'a b');
  for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i] >= offsets[i - 1]);
});

// Found by the sh oracle (server/test/oracle/grub-default-sh.test.ts).
test('shell reader: unclosed backquote, "\\" + newline in a name, quotes inside $( … )', () => {
  assert.match(parseShell('GRUB_DISTRIBUTOR=`lsb_release -i\n').errors[0]?.message ?? '', /backquote is never closed/);
  assert.match(parseShell('X="a `b"\n').errors[0]?.message ?? '', /backquote is never closed/);
  const split = parseShell('GRUB_DEFA\\\nULT=saved\n').commands[0];
  assert.equal(split.assignments[0]?.name, 'GRUB_DEFAULT');
  assert.equal(split.assignments[0]?.text, 'saved');
  assert.equal(parseShell('"GRUB_DEFAULT"=1\n').commands[0].assignments.length, 0, 'a quoted name is a command');
  assert.deepEqual(parseShell('GRUB_DEFAULT=$(printf "%s" "it\'s")\n').errors, []);
});
