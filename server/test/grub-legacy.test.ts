// GRUB legacy menus (menu.lst): parsing the way GRUB 0.97 reads them, the boot entry model and
// the command lines it routes to the Xen and Linux engines, diagnostics, hovers, completion, outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { withFakeEngines } from './grubFakeEngines';
import { parseLegacyMenu } from '../src/grub/legacyParse';
import { analyseLegacyMenu } from '../src/grub/legacyEntries';
import { parseLegacyDevice, parseLegacyFile } from '../src/grub/legacyDevice';
import { legacyCommands } from '../src/grub/legacyCommands';
import type { Diagnostic } from '../src/core/types';

const root = path.resolve(__dirname, '../..');
const SEED =
  '# [3] X/LAPP Xen\ntitle [3] X/LAPP Xen                  (LFS-7.0, Linux-3.1, Xen-4.2.5)\n        root(hd0,0)\n        kernel /xen-4.2.5.gz dom0_mem=2048M max_cstate=0 msi=false\n        module /vmlinuz-3.1-lfs-7.0 root=/dev/sda5 raid=noautodetect console=tty0 earlyprintk=xen nomodeset vga=normal nofb video=vesafb:off pcie_aspm=off\n';
const MIXED = readFileSync(path.join(root, 'examples/boot/grub-legacy-mixed/menu.lst'), 'utf8');

const grubOnly = (ds: Diagnostic[]) => ds.filter((d) => d.code.startsWith('grub/'));
const at = (ds: Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('the seed example is the canonical examples/boot/grub/menu.lst', () => {
  assert.equal(readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8'), SEED);
});

test('seed: root(hd0,0) is reported with the exact fix, and nothing else from GRUB', () => {
  const ds = grubOnly(service().diagnose(doc(SEED, 'menu-lst')));
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const d = ds[0];
  assert.equal(d.code, 'grub/missing-space');
  assert.deepEqual(d.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 19 } });
  assert.equal(d.fixes?.[0].edits[0].newText, 'root (hd0,0)');
  assert.deepEqual(d.fixes?.[0].edits[0].range, d.range);
});

test('seed: the kernel line is a Xen segment and the first module the dom0 kernel, at the right columns', () => {
  const boot = analyseLegacyMenu(parseLegacyMenu(SEED));
  assert.equal(boot.entries[0].kind, 'xen');
  const [xen, dom0] = boot.segments;
  assert.equal(xen.kind, 'xen');
  assert.equal(xen.text, '/xen-4.2.5.gz dom0_mem=2048M max_cstate=0 msi=false');
  assert.deepEqual(xen.image, { path: '/xen-4.2.5.gz', start: 0, end: 13 });
  assert.deepEqual(xen.versionHint, { version: '4.2.5', source: 'the image name' });
  assert.deepEqual(xen.positionAt(xen.text.indexOf('dom0_mem')), {
    line: 3,
    character: SEED.split('\n')[3].indexOf('dom0_mem'),
  });
  assert.equal(dom0.kind, 'linux');
  assert.equal(dom0.bootPath, 'xen-dom0');
  assert.ok(dom0.text.startsWith('/vmlinuz-3.1-lfs-7.0 root=/dev/sda5 '));
  assert.equal(dom0.image?.path, '/vmlinuz-3.1-lfs-7.0');
  assert.deepEqual(dom0.positionAt(dom0.text.indexOf('pcie_aspm')), {
    line: 4,
    character: SEED.split('\n')[4].indexOf('pcie_aspm'),
  });
});

test('routing through the front door: each line goes to the right engine at the right columns (fake engines)', () => {
  const text = [
    'title Xen',
    '  root (hd0,0)',
    '  kernel --type=multiboot /boot/xen-4.17.gz bogus_x=1',
    '  module /boot/vmlinuz-6.1 bogus_l=1',
    '  module /boot/initrd.img-6.1 bogus_i=1',
    'title Linux',
    '  kernel /boot/vmlinuz-6.1 ro bogus_d=1',
    '  initrd /boot/initrd.img-6.1',
    '',
  ].join('\n');
  withFakeEngines((seen) => {
    const ds = service()
      .diagnose(doc(text, 'menu-lst'))
      .filter((d) => d.code.startsWith('xen/') || d.code.startsWith('linux/'));
    assert.deepEqual(
      ds.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        [
          'xen/unknown-parameter',
          2,
          text.split('\n')[2].indexOf('bogus_x'),
          text.split('\n')[2].indexOf('bogus_x') + 7,
        ],
        [
          'linux/unknown-parameter',
          3,
          text.split('\n')[3].indexOf('bogus_l'),
          text.split('\n')[3].indexOf('bogus_l') + 7,
        ],
        [
          'linux/unknown-parameter',
          6,
          text.split('\n')[6].indexOf('bogus_d'),
          text.split('\n')[6].indexOf('bogus_d') + 7,
        ],
      ],
    );
    assert.deepEqual(
      seen.map((s) => [s.kind, s.bootPath, s.image?.path]),
      [
        ['xen', undefined, '/boot/xen-4.17.gz'],
        ['linux', 'xen-dom0', '/boot/vmlinuz-6.1'],
        ['linux', 'direct', '/boot/vmlinuz-6.1'],
      ],
    );
  });
});

test('mixed Debian / Red Hat menu: entry kinds, numbering and segments', () => {
  const boot = analyseLegacyMenu(parseLegacyMenu(MIXED));
  assert.deepEqual(
    boot.entries.map((e) => e.kind),
    ['xen', 'xen', 'linux', 'linux', 'xen', 'linux', 'linux', 'other', 'xen', 'chainload', 'none'],
  );
  assert.equal(boot.count, 11);
  // Red Hat's xen.gz-2.6.18-194.el5 names the dom0 kernel's version, not Xen's.
  const rhel = boot.entries[4];
  assert.equal(rhel.segments[0].kind, 'xen');
  assert.equal(rhel.segments[0].versionHint, undefined);
  assert.equal(rhel.segments[1].bootPath, 'xen-dom0');
  assert.equal(rhel.segments[1].versionHint?.version, '2.6.18');
  // The failsafe entry's kernel carries a device before the path.
  const failsafe = boot.entries[6];
  assert.equal(failsafe.image, '(hd0,1)/vmlinuz-2.6.18-194.el5');
  assert.equal(failsafe.segments[0].bootPath, 'direct');
  // Later modules of a Xen entry are initrds, not command lines.
  assert.equal(boot.entries[0].segments.length, 2);
});

test('mixed menu: the GRUB diagnostics a reader expects, and no others', () => {
  const ds = grubOnly(service().diagnose(doc(MIXED, 'menu-lst')));
  const initrd = lineOf(MIXED, 'initrd          /boot/initrd.img-3.2.0-4-amd64');
  assert.deepEqual(ds.map((d) => d.code).sort(), [
    'grub/entry-boots-nothing',
    'grub/initrd-in-xen-entry',
    'grub/malformed-device',
    'grub/misplaced-command',
    'grub/xen-without-dom0',
  ]);
  const fix = ds.find((d) => d.code === 'grub/initrd-in-xen-entry')!;
  assert.equal(fix.range.start.line, initrd);
  assert.equal(fix.fixes?.[0].edits[0].newText, 'module');
  assert.deepEqual(at(ds, 'grub/malformed-device'), [[lineOf(MIXED, '(hd0,msdos2)'), 14, 26]]);
  assert.match(ds.find((d) => d.code === 'grub/malformed-device')!.message, /\(hd0,1\)/);
  assert.deepEqual(at(ds, 'grub/misplaced-command'), [[lineOf(MIXED, '\ttimeout 10'), 1, 8]]);
  assert.equal(at(ds, 'grub/xen-without-dom0')[0][0], lineOf(MIXED, 'title Xen without dom0'));
  assert.equal(at(ds, 'grub/entry-boots-nothing')[0][0], lineOf(MIXED, 'title Broken entry'));
});

test('commands are read the way GRUB 0.97 reads them', () => {
  const m = parseLegacyMenu(
    'timeout=5\n  # comment\ndefault\t0 # not a comment\ntitle=Entry one\n\tkernel=/vmlinuz ro\n',
  );
  assert.deepEqual(
    m.globals.map((c) => [c.name, c.args, c.equalsSeparator]),
    [
      ['timeout', '5', true],
      ['default', '0 # not a comment', false],
    ],
  );
  assert.equal(m.entries[0].title.args, 'Entry one');
  assert.deepEqual(
    m.entries[0].commands[0].words.map((w) => [w.text, w.start]),
    [
      ['/vmlinuz', 8],
      ['ro', 17],
    ],
  );
});

test('the command table matches GRUB 0.97 builtins.c where it matters', () => {
  // BUILTIN_MENU only: before the first title.
  for (const c of ['default', 'fallback', 'hiddenmenu', 'timeout'])
    assert.deepEqual(legacyCommands[c].where, ['menu'], c);
  // BUILTIN_CMDLINE only: inside an entry.
  for (const c of [
    'kernel',
    'module',
    'initrd',
    'root',
    'chainloader',
    'savedefault',
    'install',
    'setup',
    'map',
    'md5crypt',
    'quit',
  ])
    assert.deepEqual(legacyCommands[c].where, ['entry'], c);
  // Both.
  for (const c of ['color', 'password', 'serial', 'terminal', 'device', 'hide', 'pager'])
    assert.deepEqual(legacyCommands[c].where, ['menu', 'entry'], c);
  assert.ok(legacyCommands.dump && legacyCommands.modulenounzip && legacyCommands.rootnoverify);
  assert.ok(legacyCommands.splashimage.distribution && !legacyCommands.kernel.distribution);
});

test('devices: forms GRUB legacy accepts, and what is wrong with the others', () => {
  const ok = (s: string) => {
    const d = parseLegacyDevice(s);
    assert.equal(d.error, undefined, `${s}: ${d.error?.message}`);
    assert.equal(d.end, s.length, s);
    return d;
  };
  assert.deepEqual([ok('(hd0,0)').drive, ok('(hd0,0)').partition], [{ kind: 'hd', number: 0 }, 0]);
  assert.equal(ok('(hd0,0,a)').bsd, 'a');
  assert.equal(ok('(hd1,a)').bsd, 'a');
  assert.deepEqual(ok('(fd0)').drive, { kind: 'fd', number: 0 });
  assert.deepEqual(ok('(nd)').drive, { kind: 'nd' });
  assert.deepEqual(ok('(cd)').drive, { kind: 'cd' });
  assert.deepEqual(ok('(0x80)').drive, { kind: 'bios', number: 0x80 });
  assert.equal(ok('(hd0,4)').partition, 4);
  const bad = (s: string, re: RegExp) => {
    const d = parseLegacyDevice(s);
    assert.ok(d.error, s);
    assert.match(d.error.message, re, s);
  };
  bad('(fd0,0)', /Floppy/);
  bad('(hd0,255)', /0 to 254/);
  bad('(hd0,msdos1)', /GRUB 2.*\(hd0,0\)/);
  bad('(sda1)', /not a GRUB legacy drive/);
  bad('(hd0,0', /not closed/);
  bad('(hd)', /drive number/);
  bad('(hd0,x)', /not a partition/);
  assert.equal(parseLegacyFile('+1').kind, 'blocklist');
  assert.equal(parseLegacyFile('(hd0,0)0+1').kind, 'blocklist');
  assert.equal(parseLegacyFile('(hd0,0)/boot/vmlinuz').kind, 'path');
  assert.equal(parseLegacyFile('(hd0,0)', true).kind, 'device-only');
  assert.match(parseLegacyFile('vmlinuz').error!.message, /Error 1/);
});

test('argument checks: counts, numbers, options, colours, devices, places', () => {
  const text = [
    'timeout abc',
    'timeout 5',
    'default 7',
    'color cyan/blue pink/blue',
    'hiddenmenu now',
    'makeactive',
    'kernal /vmlinuz',
    'title A',
    '  root /dev/sda2',
    '  kernel --typo /vmlinuz-6.1 ro',
    '  kernel --type=multiboot2 /xen.gz',
    '  default 0',
    'title B',
    '  module /vmlinuz-6.1',
    '  kernel',
    'title C',
    '  chainloader +1',
    '',
  ].join('\n');
  const ds = grubOnly(service().diagnose(doc(text, 'menu-lst')));
  const codesByLine = ds.map((d) => [d.range.start.line, d.code]).sort((a, b) => (a[0] as number) - (b[0] as number));
  assert.deepEqual(codesByLine, [
    [0, 'grub/invalid-argument'],
    [0, 'grub/repeated-setting'],
    [2, 'grub/default-out-of-range'],
    [3, 'grub/invalid-argument'],
    [4, 'grub/argument-count'],
    [5, 'grub/misplaced-command'],
    [6, 'grub/unknown-command'],
    [7, 'grub/xen-without-dom0'],
    [8, 'grub/malformed-device'],
    [9, 'grub/invalid-argument'],
    [9, 'grub/repeated-setting'],
    [10, 'grub/invalid-argument'],
    [11, 'grub/misplaced-command'],
    [13, 'grub/load-order'],
    [14, 'grub/argument-count'],
  ]);
  const get = (line: number, code: string) => ds.find((d) => d.range.start.line === line && d.code === code)!;
  assert.match(get(8, 'grub/malformed-device').message, /\(hd0,1\)/);
  assert.match(get(3, 'grub/invalid-argument').message, /pink/);
  assert.equal(get(6, 'grub/unknown-command').fixes?.[0].edits[0].newText, 'kernel');
  assert.match(get(6, 'grub/unknown-command').message, /skips this line/);
  assert.match(get(11, 'grub/misplaced-command').message, /Error 27/);
  assert.equal(get(11, 'grub/misplaced-command').severity, 'error');
  assert.equal(get(5, 'grub/misplaced-command').severity, 'warning');
  assert.match(get(2, 'grub/default-out-of-range').message, /3 entries/);
  assert.equal(get(4, 'grub/argument-count').severity, 'warning');
  assert.equal(get(10, 'grub/invalid-argument').severity, 'warning');
  assert.match(get(10, 'grub/invalid-argument').message, /reads "multiboot2" as "multiboot"/);
});

test('an entry GRUB drops (no known command) does not count for default', () => {
  const text = 'default 1\ntitle Ghost\n  kernal /vmlinuz\ntitle Real\n  kernel /vmlinuz-6.1 ro\n';
  const ds = grubOnly(service().diagnose(doc(text, 'menu-lst')));
  assert.ok(ds.some((d) => d.code === 'grub/empty-entry' && d.range.start.line === 1));
  assert.ok(
    ds.some((d) => d.code === 'grub/default-out-of-range' && d.range.start.line === 0),
    'only one entry is shown, so 1 is past the end',
  );
});

test('hovers: commands, options and devices', () => {
  const s = service();
  const h1 = docAtCursor('title x\n  ker|nel /xen.gz\n', 'menu-lst');
  assert.match(s.hover(h1.doc, h1.pos)!.markdown, /\*\*kernel\*\*.*--type/s);
  const h2 = docAtCursor('title x\n  root (hd0,|0)\n  kernel /vmlinuz\n', 'menu-lst');
  const dev = s.hover(h2.doc, h2.pos)!;
  assert.match(dev.markdown, /first hard disk/);
  assert.match(dev.markdown, /first primary partition/);
  assert.deepEqual(dev.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 14 } });
  const h3 = docAtCursor('title x\n  kernel --ty|pe=multiboot /xen.gz\n', 'menu-lst');
  assert.match(s.hover(h3.doc, h3.pos)!.markdown, /multiboot/);
  const h4 = docAtCursor('tit|le x\n  kernel /xen-4.2.gz\n  module /vmlinuz\n', 'menu-lst');
  assert.match(s.hover(h4.doc, h4.pos)!.markdown, /number 0.*Xen/s);
  const h5 = docAtCursor('splash|image /grub/splash.xpm.gz\n', 'menu-lst');
  assert.match(s.hover(h5.doc, h5.pos)!.markdown, /distribution addition/);
});

test('completion: commands by place, options, option values, entry numbers', () => {
  const s = service();
  const labels = (text: string) => {
    const c = docAtCursor(text, 'menu-lst');
    return s.complete(c.doc, c.pos).map((i) => i.label);
  };
  const inEntry = labels('title x\n  k|');
  assert.ok(inEntry.includes('kernel') && inEntry.includes('module'));
  assert.ok(!inEntry.includes('timeout'), 'timeout is not offered inside an entry');
  const global = labels('time|');
  assert.ok(global.includes('timeout') && !global.includes('kernel'));
  assert.deepEqual(labels('title x\n  kernel --|').sort(), ['--no-mem-option', '--type=']);
  assert.ok(labels('title x\n  kernel --type=|').includes('multiboot'));
  assert.deepEqual(labels('default |\ntitle A\n kernel /a\ntitle B\n kernel /b\n'), ['0', '1']);
});

test('outline and folding: entries with what they boot', () => {
  const s = service();
  const d = doc(MIXED, 'menu-lst');
  const syms = s.symbols(d).filter((x) => x.kind === 'entry');
  assert.equal(syms.length, 11);
  assert.match(syms[0].detail!, /^#0 Xen entry: /);
  assert.match(syms[2].detail!, /^#2 Linux entry: /);
  assert.match(syms[9].detail!, /chain-loads/);
  assert.deepEqual(
    syms[0].children!.map((c) => c.name),
    ['root', 'kernel', 'module', 'module'],
  );
  const folds = s.folding(d);
  assert.equal(folds.length, 11);
  assert.equal(folds[0].startLine, lineOf(MIXED, 'title           Xen 4.1.4 / Debian GNU/Linux, kernel 3.2.0-4-amd64'));
});

test('a backslash at the end of a line continues the command on the next line', () => {
  const text = 'title x\n  kernel /vmlinuz-6.1 ro \\\n    quiet splash\n  initrd /initrd.img-6.1\n';
  const m = parseLegacyMenu(text);
  assert.deepEqual(
    m.entries[0].commands.map((c) => [c.name, c.args]),
    [
      ['kernel', '/vmlinuz-6.1 ro'],
      ['initrd', '/initrd.img-6.1'],
    ],
  );
  assert.deepEqual(
    grubOnly(service().diagnose(doc(text, 'menu-lst'))),
    [],
    'the continuation line is not read as a command',
  );
  const eq = parseLegacyMenu('timeout == 5\n');
  assert.equal(eq.globals[0].args, '5', 'GRUB skips every blank and = after the name');
});
