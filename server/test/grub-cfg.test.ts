// GRUB 2 grub.cfg: the script tokenizer and parser, the entry model and its routing of Xen and
// Linux command lines, diagnostics, hovers, completion and outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { withFakeEngines } from './grubFakeEngines';
import { lexGrub2, type G2Word } from '../src/grub/grub2Lex';
import { parseGrub2 } from '../src/grub/grub2Parse';
import { analyseGrub2Entries } from '../src/grub/grub2Entries';
import { parseGrub2Device } from '../src/grub/grub2Device';
import type { Diagnostic } from '../src/core/types';

const root = path.resolve(__dirname, '../..');
const DEBIAN = readFileSync(path.join(root, 'examples/boot/grub2/grub.cfg'), 'utf8');
const grubOnly = (ds: Diagnostic[]) => ds.filter((d) => d.code.startsWith('grub/'));
const words = (text: string) => lexGrub2(text).tokens.filter((t): t is G2Word => t.kind === 'word');
const entriesOf = (text: string) => {
  const d = doc(text, 'grub-cfg');
  return { d, entries: analyseGrub2Entries(parseGrub2(text), (o) => d.positionAt(o)) };
};

const XEN_ENTRY = [
  "menuentry 'Debian GNU/Linux, with Xen hypervisor' --class debian --class xen $menuentry_id_option 'xen-gnulinux-simple-0b1e' {",
  '\tinsmod part_gpt',
  "\tset root='hd0,gpt2'",
  '\tmultiboot2\t/boot/xen-4.17-amd64.gz placeholder dom0_mem=1024M,max:1024M dom0_max_vcpus=2 ${xen_rm_opts}',
  '\tmodule2\t/boot/vmlinuz-6.1.0-18-amd64 placeholder root=UUID=0b1e2c4d-5f60-4a1b-8c9d-0e1f2a3b4c5d ro quiet',
  '\tmodule2\t--nounzip   /boot/initrd.img-6.1.0-18-amd64',
  '}',
  '',
].join('\n');

test('tokenizer: quotes, escapes, variables, comments, continuations', () => {
  const w = words(`echo 'a b' "x \\"y\\" $v" c\\ d \${e}f # no\nlinux /vmlinuz \\\n  ro`);
  // "\\" + newline after a blank is a word of its own to GRUB's lexer (empty: the parser drops it).
  assert.deepEqual(
    w.map((x) => x.value),
    ['echo', 'a b', 'x "y" $v', 'c d', '${e}f', 'linux', '/vmlinuz', '', 'ro'],
  );
  assert.deepEqual(
    w.map((x) => x.hasVar),
    [false, false, true, false, true, false, false, false, false],
  );
  assert.deepEqual(
    parseGrub2(`linux /vmlinuz \\\n  ro`).commands[0].words.map((x) => x.value),
    ['linux', '/vmlinuz', 'ro'],
  );
  assert.deepEqual(w[4].vars, ['e']);
  const lexed = lexGrub2('# comment\necho hi#there');
  assert.equal(lexed.tokens[0].kind, 'comment');
  assert.equal(words('echo hi#there')[1].value, 'hi#there', '# inside a word is not a comment');
  // Character offsets survive quote removal.
  const q = words(`linux /v "acpi_osi=Windows 2020"`)[2];
  assert.equal(q.offsets[0], 10);
  assert.equal(q.offsets[q.value.length - 1], 30);
  assert.match(lexGrub2(`echo "unclosed`).errors[0].message, /never closed/);
  assert.match(lexGrub2(`echo 'unclosed`).errors[0].message, /never closed/);
});

test('parser: if/elif/else/fi, for, while, functions, menuentry and submenu blocks', () => {
  const s = parseGrub2(
    [
      'if [ -s $prefix/grubenv ]; then load_env; elif true; then echo x; else echo y; fi',
      'for f in a b c; do echo $f; done',
      'while false; do echo never; done',
      'function load_video { insmod all_video; }',
      "submenu 'Advanced' { menuentry 'inner' { linux /vmlinuz-6.1 ro; } }",
    ].join('\n'),
  );
  assert.deepEqual(s.errors, []);
  assert.deepEqual(
    s.blocks.map((b) => b.kind),
    ['if', 'for', 'while', 'function', 'submenu', 'menuentry'],
  );
  assert.ok(s.functions.has('load_video'));
  const inner = s.commands.find((c) => c.name === 'linux')!;
  assert.equal(inner.entry?.kind, 'menuentry');
  assert.equal(inner.entry?.parent?.kind, 'submenu');
  // Keywords only count in command position.
  assert.deepEqual(parseGrub2('echo fi done then').errors, []);
});

test('parser: script errors are reported, parsing goes on', () => {
  const msgs = (t: string) => parseGrub2(t).errors.map((e) => e.message);
  assert.match(msgs('if true; then echo x\n')[0], /no matching "fi"/);
  assert.match(msgs('echo x }\n')[0], /closes no block/);
  assert.match(msgs("menuentry 'x' {\n")[0], /never closed/);
  assert.match(msgs("menuentry 'x' {\n}\n")[0], /empty block/);
  assert.match(msgs('true && echo x\n')[0], /no "&&"/);
  assert.match(msgs('fi\n')[0], /without a matching "if"/);
  assert.match(msgs("menuentry 'x'\nlinux /v\n")[0], /needs its commands in a block/);
  // Deep nesting is cut off instead of overflowing the stack.
  assert.ok(parseGrub2('{'.repeat(100_000)).errors.length > 0);
});

test('Debian Xen entry: multiboot2 is the Xen segment, the first module2 the dom0 kernel, --nounzip module2 an initrd', () => {
  const { d, entries } = entriesOf(XEN_ENTRY);
  assert.equal(entries.length, 1);
  const e = entries[0];
  assert.equal(e.kind, 'xen');
  assert.equal(e.multiboot, 2);
  assert.equal(e.title, 'Debian GNU/Linux, with Xen hypervisor');
  assert.equal(e.id, 'xen-gnulinux-simple-0b1e');
  assert.equal(e.modules.length, 2);
  const [xen, dom0] = e.segments;
  assert.equal(e.segments.length, 2, 'the initrd module has no command line segment');
  assert.equal(xen.kind, 'xen');
  // GRUB 2 passes the words after the file, not the file: no image; ${xen_rm_opts} is opaque and
  // left out, and so is grub-mkconfig's leading `placeholder` (no parameter of Xen or Linux).
  assert.equal(xen.image, undefined);
  assert.equal(xen.text, 'dom0_mem=1024M,max:1024M dom0_max_vcpus=2');
  assert.deepEqual(xen.versionHint, { version: '4.17', source: 'the image name' });
  const xenLine = XEN_ENTRY.split('\n')[3];
  assert.deepEqual(xen.positionAt(xen.text.indexOf('dom0_max_vcpus')), {
    line: 3,
    character: xenLine.indexOf('dom0_max_vcpus'),
  });
  assert.deepEqual(xen.positionAt(xen.text.length), { line: 3, character: xenLine.indexOf('dom0_max_vcpus=2') + 16 });
  assert.equal(dom0.kind, 'linux');
  assert.equal(dom0.bootPath, 'xen-dom0');
  assert.equal(dom0.text, 'root=UUID=0b1e2c4d-5f60-4a1b-8c9d-0e1f2a3b4c5d ro quiet');
  assert.equal(dom0.versionHint?.version, '6.1.0');
  assert.deepEqual(dom0.positionAt(dom0.text.indexOf('quiet')), {
    line: 4,
    character: XEN_ENTRY.split('\n')[4].indexOf('quiet'),
  });
  assert.equal(d.getText({ start: dom0.positionAt(0), end: dom0.positionAt(4) }), 'root');
});

test('routing through the front door with fake engines: columns in the document', () => {
  const text =
    XEN_ENTRY.replace('dom0_max_vcpus=2', 'dom0_max_vcpus=2 bogus_x=1').replace('ro quiet', 'ro quiet bogus_l=1') +
    'menuentry \'Linux\' {\n\tlinux /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda2 "acpi_osi=Windows 2020" bogus_d=1\n\tinitrd /boot/initrd.img-6.1.0-18-amd64\n}\n';
  const lines = text.split('\n');
  withFakeEngines((seen) => {
    const ds = service()
      .diagnose(doc(text, 'grub-cfg'))
      .filter((x) => /^(xen|linux)\//.test(x.code));
    assert.deepEqual(
      ds.map((x) => [x.code, x.range.start.line, x.range.start.character]),
      [
        ['xen/unknown-parameter', 3, lines[3].indexOf('bogus_x')],
        ['linux/unknown-parameter', 4, lines[4].indexOf('bogus_l')],
        [
          'linux/unknown-parameter',
          lines.findIndex((l) => l.includes('bogus_d')),
          lines.find((l) => l.includes('bogus_d'))!.indexOf('bogus_d'),
        ],
      ],
    );
    assert.deepEqual(
      seen.map((s) => [s.kind, s.bootPath]),
      [
        ['xen', undefined],
        ['linux', 'xen-dom0'],
        ['linux', 'direct'],
      ],
    );
    // A quoted word with a blank goes to the kernel quoted, as grub_create_loader_cmdline does.
    assert.equal(seen[2].text, 'root=/dev/sda2 "acpi_osi=Windows 2020" bogus_d=1');
  });
});

test('other loaders: multiboot v1, Arm xen_hypervisor/xen_module, linux16/linuxefi, chainloader', () => {
  const { entries } = entriesOf(
    [
      "menuentry 'mb1' { multiboot /boot/xen.gz dom0_mem=512M; module /boot/vmlinuz-5.10 root=/dev/sda1; module --nounzip /boot/initrd.img-5.10; }",
      "menuentry 'arm' { xen_hypervisor /boot/xen-4.18 dom0_mem=1G; xen_module /boot/Image-6.6 console=hvc0; xen_module --nounzip /boot/initrd.img; }",
      "menuentry 'efi' { linuxefi /vmlinuz-5.14.0-362.el9.x86_64 ro; initrdefi /initramfs.img; }",
      "menuentry 'win' { insmod chain; chainloader /EFI/Microsoft/Boot/bootmgfw.efi; }",
      "menuentry 'memtest' { linux16 /boot/memtest86+.bin; }",
    ].join('\n'),
  );
  assert.deepEqual(
    entries.map((e) => [e.kind, e.multiboot]),
    [
      ['xen', 1],
      ['xen', 'arm'],
      ['linux', undefined],
      ['chainload', undefined],
      ['other', undefined],
    ],
  );
  assert.deepEqual(entries[4].segments, [], 'memtest86+ started with linux16 gets no Linux command line');
  assert.deepEqual(
    entries[0].segments.map((s) => [s.kind, s.bootPath, s.text]),
    [
      ['xen', undefined, 'dom0_mem=512M'],
      ['linux', 'xen-dom0', 'root=/dev/sda1'],
    ],
  );
  assert.deepEqual(
    entries[1].segments.map((s) => [s.kind, s.bootPath, s.text]),
    [
      ['xen', undefined, 'dom0_mem=1G'],
      ['linux', 'xen-dom0', 'console=hvc0'],
    ],
  );
  assert.equal(entries[2].segments[0].bootPath, 'direct');
});

test('the Debian example grub.cfg: only the intended finding, no false positives from scripting', () => {
  const ds = grubOnly(service().diagnose(doc(DEBIAN, 'grub-cfg')));
  assert.deepEqual(
    ds.map((x) => x.code),
    ['grub/initrd-in-xen-entry'],
  );
  const fix = ds[0].fixes![0].edits[0];
  assert.equal(fix.newText, 'module2 --nounzip');
  assert.equal(DEBIAN.split('\n')[ds[0].range.start.line].trim().split(/\s+/)[0], 'initrd');
});

test('diagnostics: Xen entries, Multiboot versions, load order, devices, unknown commands', () => {
  const text = [
    "menuentry 'xen no dom0' { multiboot2 /boot/xen.gz; }",
    "menuentry 'mixed' { multiboot2 /boot/xen.gz; module /boot/vmlinuz-6.1 ro; }",
    "menuentry 'order' { module2 /boot/vmlinuz-6.1; multiboot2 /boot/xen.gz; }",
    "menuentry 'nothing' { insmod ext2; }",
    "menuentry 'devices' { set root=(hd0,0); linux (hd0,msdos1)/vmlinuz ro; }",
    'multiboo2 /boot/xen.gz',
    'my_helper arg',
    'linux',
  ].join('\n');
  const ds = grubOnly(service().diagnose(doc(text, 'grub-cfg')));
  const got = ds.map((x) => [x.range.start.line, x.code]);
  assert.deepEqual(got, [
    [4, 'grub/malformed-device'],
    [5, 'grub/unknown-grub2-command'],
    [6, 'grub/unknown-grub2-command'],
    [7, 'grub/argument-count'],
    [0, 'grub/xen-without-dom0'],
    [1, 'grub/multiboot-mismatch'],
    [2, 'grub/load-order'],
    [3, 'grub/entry-boots-nothing'],
  ]);
  const mismatch = ds.find((x) => x.code === 'grub/multiboot-mismatch')!;
  assert.equal(mismatch.fixes![0].edits[0].newText, 'module2');
  const unknown = ds.find((x) => x.range.start.line === 5)!;
  assert.equal(unknown.severity, 'hint');
  assert.match(unknown.fixes![0].edits[0].newText, /^multiboot2?$/);
  assert.match(unknown.message, /"multiboot2"/);
  assert.match(ds[0].message, /counts partitions from 1/);
});

test('devices: GRUB 2 forms', () => {
  assert.deepEqual(parseGrub2Device('(hd0,msdos1)')!.partitions, [{ table: 'msdos', number: 1 }]);
  assert.deepEqual(parseGrub2Device('(hd1,gpt2)')!.disk, { kind: 'hd', number: 1 });
  assert.deepEqual(parseGrub2Device('(hd0,msdos5,bsd1)')!.partitions.length, 2);
  assert.equal(parseGrub2Device('(lvm/vg0-root)')!.error, undefined);
  assert.equal(parseGrub2Device('(md/0)')!.error, undefined);
  assert.match(parseGrub2Device('(hd0,0)')!.error!.message, /from 1/);
  assert.match(parseGrub2Device('(hd0,foo1)')!.error!.message, /not a GRUB 2 partition/);
});

test('hovers: commands, keywords, options, devices, $menuentry_id_option, entries', () => {
  const s = service();
  const hov = (t: string) => {
    const c = docAtCursor(t, 'grub-cfg');
    return s.hover(c.doc, c.pos)?.markdown ?? '';
  };
  assert.match(hov("menuentry 'x' { multi|boot2 /boot/xen.gz; module2 /v; }"), /Multiboot2/);
  assert.match(hov('i|f true; then echo; fi'), /keyword/);
  assert.match(hov("menuentry 'x' { module2 --nou|nzip /i; }"), /decompress/);
  assert.match(hov("menuentry 'x' { linux (hd0,ms|dos1)/vmlinuz; }"), /first disk.*MBR \(msdos\) partition 1/s);
  assert.match(hov("menuentry 'x' $menuentry_id|_option 'id' { true; }"), /--id/);
  assert.match(hov("menu|entry 'x' { multiboot2 /boot/xen-4.17.gz; module2 /v; }"), /Xen hypervisor/);
});

test('completion: commands, keywords and functions at command position; options; modules', () => {
  const s = service();
  const labels = (t: string) => {
    const c = docAtCursor(t, 'grub-cfg');
    return s.complete(c.doc, c.pos).map((i) => i.label);
  };
  const atCmd = labels('function load_video { insmod all_video; }\nmenuentry x {\n\t|\n}');
  for (const l of ['menuentry', 'multiboot2', 'module2', 'linux', 'if', 'load_video']) assert.ok(atCmd.includes(l), l);
  assert.deepEqual(labels('menuentry x { module2 --|'), ['--nounzip']);
  assert.ok(labels('insmod part_|').includes('part_gpt'));
});

test('outline and folding: nested submenus, functions, what each entry boots', () => {
  const s = service();
  const d = doc(DEBIAN, 'grub-cfg');
  const syms = s.symbols(d);
  assert.deepEqual(
    syms.map((x) => x.name),
    [
      'function load_video',
      'Debian GNU/Linux',
      'Debian GNU/Linux, with Xen hypervisor',
      'Advanced options for Debian GNU/Linux (with Xen hypervisor)',
      'UEFI Firmware Settings',
    ],
  );
  assert.match(syms[2].detail!, /^Xen entry: /);
  assert.match(syms[1].detail!, /^Linux entry: /);
  const adv = syms[3];
  assert.equal(adv.kind, 'menu');
  assert.equal(adv.children![0].kind, 'menu');
  assert.match(adv.children![0].children![0].name, /recovery mode/);
  const folds = s.folding(d);
  const xenStart = DEBIAN.split('\n').findIndex((l) =>
    l.startsWith("menuentry 'Debian GNU/Linux, with Xen hypervisor'"),
  );
  assert.ok(folds.some((f) => f.startLine === xenStart && DEBIAN.split('\n')[f.endLine].trim() === '}'));
  assert.ok(
    folds.some((f) => f.startLine === 0 && f.endLine === 5),
    'the header comment block folds',
  );
});

test('hover on a root device written without parentheses; outline of an entry that runs a command', () => {
  const s = service();
  const c = docAtCursor("menuentry 'x' {\n\tset root='hd0,gp|t2'\n\tlinux /vmlinuz\n}\n", 'grub-cfg');
  assert.match(s.hover(c.doc, c.pos)!.markdown, /GPT partition 2/);
  const syms = s.symbols(doc(DEBIAN, 'grub-cfg'));
  assert.equal(syms.find((x) => x.name === 'UEFI Firmware Settings')!.detail, 'runs fwsetup');
});

// Found by the grub-script-check oracle (server/test/oracle/grub-script-check.test.ts): forms GRUB's
// parser rejects that we used to accept, and forms it accepts that must stay accepted.
test('parser: the grammar of grub-script-check (GRUB 2.06)', () => {
  const rejects = [
    '{ echo a; }\n', // a block on its own
    'echo $\n',
    'echo "$"\n',
    'echo ${a-b}\n',
    'echo $$\n',
    'echo ${1a}\n', // "$" without a variable
    'echo a \\\n',
    'echo a\\', // continued past the end of the file
    'echo [[ x\n',
    'echo ]]\n',
    'function f { echo a }\n', // a function body needs a delimiter before "}"
    'menuentry a { function f { echo; }; }\n', // functions only at the top level
    'function f-x { echo; }\n',
    'function "f" { echo; }\n',
    'for x; do echo; done\n',
    'for $x in a; do echo; done\n',
    'in x\n',
    'case x\n',
    'select x\n',
    'if true; then fi\n',
    'if true; then echo; else fi\n',
    'if; then echo; fi\n',
    'while true; do done\n',
    'if true; then; echo; fi\n',
    'echo\n;echo\n',
    ';\n',
    'echo; ;echo\n',
    'menuentry a {; echo; }\n',
    'menuentry a { echo; } foo\n',
    'if true; then echo; fi fi\n',
    'i\\f true; then echo; fi\n', // an escaped keyword is a plain word
    'function f {\n  echo\n\\\n}\n', // "\\" + newline starts a word: "}" then needs a delimiter
  ];
  for (const t of rejects) assert.ok(parseGrub2(t).errors.length > 0, `should reject ${JSON.stringify(t)}`);
  const accepts = [
    'menuentry x { echo a }\n',
    'echo a{b}\n',
    'echo $"x"\n',
    'echo ${1} $10 ${?} "$#" $@ $*\n',
    'echo time !\n',
    'f() { echo; }\n',
    'function f { echo; }\nf\n',
    'echo a;\n',
    'echo ;\n\n echo\n',
    'for x in; do echo; done\n',
    'echo a\\\n\n',
    'echo a #b\n',
    'echo a#b\n',
    'menuentry x {\necho a }\n',
    'if true; then echo; elif false; then echo; else echo; fi\n',
    'echo if then fi do done in\n',
  ];
  for (const t of accepts) assert.deepEqual(parseGrub2(t).errors, [], `should accept ${JSON.stringify(t)}`);
});
