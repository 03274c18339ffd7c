// Attack suite, kernel trees and Kconfig files (issue 23: F1, F2, F4–F9 for the Kconfig engine,
// the tree reader and the directory walk). Each case runs the built CLI under a heap limit and
// a kill timer (harness.ts), or the service in-process with a time bound, and asserts the bound
// and the plain-words message. Build first: `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cli, files, scratch, timed } from './harness';
import { createLanguageService } from '../../server/src/service/service';
import { loadKconfigTree, readInsideTree, DEFAULT_LIMITS } from '../../server/src/kconfig/index';

const BOUND = 5_000;
const mkfifo = (p: string): void => {
  execFileSync('mkfifo', [p]);
};
const CONFIG = 'CONFIG_A=y\n';
const BASE = 'mainmenu "hostile"\nconfig A\n\tbool "A"\n';

function olddefconfig(tree: string, extra: string[] = []) {
  return cli(['olddefconfig', '--kernel-src', tree, ...extra, path.join(tree, 'x.config')], { boundMs: BOUND });
}

// ---------------------------------------------------------------- F1: special files

test('F1: source of a symlink to /dev/zero is refused before reading (no 16 GB read)', (t) => {
  const d = scratch(t);
  files(d, { Kconfig: `${BASE}source "zero"\n`, 'x.config': CONFIG });
  symlinkSync('/dev/zero', path.join(d, 'zero'));
  const r = olddefconfig(d);
  assert.match(r.stderr, /refusing to read "zero": it resolves to \/dev\/zero, outside the source tree/);
  assert.match(r.stdout, /CONFIG_A=y/);
});

test('F1: source of a device inside the tree is refused as not a regular file', (t) => {
  const d = scratch(t);
  files(d, { Kconfig: `${BASE}source "dev/null"\n`, 'x.config': CONFIG });
  // a character device cannot be made without privileges; a directory stands for "not a regular file"
  mkdirSync(path.join(d, 'dev', 'null'), { recursive: true });
  const r = olddefconfig(d);
  assert.match(r.stderr, /refusing to read "dev\/null": it is a directory, not a regular file/);
});

test('F1: source of a named pipe does not hang', (t) => {
  const d = scratch(t);
  files(d, { Kconfig: `${BASE}source "pipe"\n`, 'x.config': CONFIG });
  mkfifo(path.join(d, 'pipe'));
  const r = olddefconfig(d);
  assert.match(r.stderr, /refusing to read "pipe": it is a named pipe, not a regular file/);
});

test('F1: a Makefile that is a named pipe, or a link to /dev/zero, hangs neither check nor olddefconfig', (t) => {
  for (const kind of ['fifo', 'zero']) {
    const d = scratch(t);
    files(d, { Kconfig: BASE, 'x.config': CONFIG });
    if (kind === 'fifo') mkfifo(path.join(d, 'Makefile'));
    else symlinkSync('/dev/zero', path.join(d, 'Makefile'));
    olddefconfig(d);
    const r = cli(['check', '--format', 'json', '--kernel-src', d, path.join(d, 'x.config')], { boundMs: BOUND });
    assert.equal(JSON.parse(r.stdout).files.length, 1);
  }
});

test('F1: a link to a named pipe outside the tree is refused by its real path, never opened', (t) => {
  const d = scratch(t);
  const out = scratch(t, 'outside');
  mkfifo(path.join(out, 'fifo'));
  files(d, { Kconfig: `${BASE}source "out"\n`, 'x.config': CONFIG });
  symlinkSync(path.join(out, 'fifo'), path.join(d, 'out'));
  // opening the pipe first would block for ever (no writer): ending at all proves the order
  const r = olddefconfig(d);
  assert.match(r.stderr, /refusing to read "out": it resolves to .*fifo, outside the source tree/);
  const rd = readInsideTree(d, 'out');
  assert.ok('refused' in rd && /outside the tree/.test(rd.refused));
});

test('F1: a Kconfig file larger than the per-file limit is refused with its size', (t) => {
  const d = scratch(t);
  files(d, { Kconfig: `${BASE}source "huge"\n`, 'x.config': CONFIG, huge: `# ${'x'.repeat(3 * 1024 * 1024)}\n` });
  const r = olddefconfig(d);
  assert.match(r.stderr, /refusing to read "huge": it is larger than 2 MB/);
});

// ---------------------------------------------------------------- F7, F8: files beside the Kconfig files

test('F7: a Makefile leading outside the tree is not read (no outside EXTRAVERSION)', (t) => {
  const d = scratch(t);
  const out = scratch(t, 'outside');
  files(out, { Makefile: 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -OUTSIDE-SECRET\n' });
  files(d, { Kconfig: BASE });
  symlinkSync(path.join(out, 'Makefile'), path.join(d, 'Makefile'));
  const { tree } = loadKconfigTree({ srcDir: d });
  assert.equal(tree.kernelVersion, undefined);
});

test('F7: scripts/Kconfig.include leading outside the tree is not read by the Kconfig mode', (t) => {
  const d = scratch(t);
  const out = scratch(t, 'outside');
  files(out, { inc: 'LEAK := fake-secret-from-outside\n' });
  files(d, { Kconfig: BASE, 'scripts/.keep': '' });
  symlinkSync(path.join(out, 'inc'), path.join(d, 'scripts', 'Kconfig.include'));
  const svc = createLanguageService({ settings: { kernelSourcePath: d } });
  const doc = TextDocument.create(
    'file:///k/Kconfig',
    'kconfig',
    1,
    'config B\n\tbool "B"\n$(warning-if,y,leak $(LEAK))\n',
  );
  const all = JSON.stringify([
    svc.diagnose(doc),
    svc.hover(doc, { line: 0, character: 8 }),
    svc.complete(doc, { line: 1, character: 1 }),
  ]);
  assert.doesNotMatch(all, /fake-secret-from-outside/);
});

test('F8: with --allow-shell, no command of a file outside the tree runs (the pre-scan reads what the parse accepts)', (t) => {
  const d = scratch(t);
  const out = scratch(t, 'outside');
  const marker = path.join(out, 'ran');
  files(out, { Kconfig: `X := $(shell,touch ${marker})\nconfig OUT\n\tdef_bool $(shell,touch ${marker} && echo y)\n` });
  files(d, { Kconfig: `${BASE}source "sub/Kconfig"\n`, 'x.config': CONFIG });
  symlinkSync(out, path.join(d, 'sub'));
  const r = olddefconfig(d, ['--allow-shell']);
  assert.match(r.stderr, /refusing to read "sub\/Kconfig": it resolves to .* outside the source tree/);
  assert.equal(existsSync(marker), false, 'no command from the outside file ran');
});

// ---------------------------------------------------------------- F5, F6: depth and size

test('F5: 8,000 nested choices in olddefconfig: bounded, with a plain message', (t) => {
  const d = scratch(t);
  const n = 8_000;
  let k = BASE;
  for (let i = 0; i < n; i++) k += `choice\n\tprompt "c${i}"\nconfig C${i}\n\tbool "c${i}"\n`;
  k += 'endchoice\n'.repeat(n) + 'config AFTER\n\tbool "after"\n\tdefault y\n';
  files(d, { Kconfig: k, 'x.config': CONFIG });
  const r = olddefconfig(d);
  assert.match(r.stderr, /blocks nested deeper than \d+ levels: the entries of the deeper blocks are not read/);
  assert.match(r.stdout, /CONFIG_AFTER=y/, 'the rest of the tree is read');
});

test('F5: 100,000 nested menus in olddefconfig: bounded, the rest of the tree read', (t) => {
  const d = scratch(t);
  const n = 100_000;
  const k = `${BASE}${'menu "m"\n'.repeat(n)}config DEEP\n\tbool "deep"\n${'endmenu\n'.repeat(n)}config AFTER\n\tbool "after"\n\tdefault y\n`;
  files(d, { Kconfig: k, 'x.config': CONFIG });
  const r = olddefconfig(d);
  assert.match(r.stderr, /nested deeper than/);
  assert.match(r.stdout, /CONFIG_AFTER=y/);
});

test('F6: 100,000 nested choices: linear, bounded', (t) => {
  const d = scratch(t);
  const n = 100_000;
  let k = BASE;
  for (let i = 0; i < n; i++) k += `choice\nprompt "c"\nconfig C${i}\nbool "c"\n`;
  k += 'endchoice\n'.repeat(n);
  files(d, { Kconfig: k, 'x.config': CONFIG });
  olddefconfig(d);
});

test('F6: 3,000 nested parentheses in depends on: that line is refused, the rest of the tree is read', (t) => {
  const d = scratch(t);
  const expr = `${'('.repeat(3000)}A${')'.repeat(3000)}`;
  files(d, {
    Kconfig: `${BASE}config P\n\tbool "p"\n\tdepends on ${expr}\nconfig AFTER\n\tbool "after"\n\tdefault y\n`,
    'x.config': CONFIG,
  });
  const r = olddefconfig(d);
  assert.match(r.stderr, /expression nested deeper than \d+ levels/);
  assert.match(r.stdout, /CONFIG_AFTER=y/);
});

test('F6: 90,000 symbols selecting one, and a 90,000-long dependency chain: no stack overflow', (t) => {
  const d = scratch(t);
  const n = 90_000;
  // in files of 15,000 entries (each under the 2 MB per-file limit)
  const map: Record<string, string> = { 'x.config': CONFIG };
  let top = `${BASE}config TARGET\n\tbool\n`;
  for (let f = 0; f * 15_000 < n; f++) {
    const parts: string[] = [];
    for (let i = f * 15_000; i < Math.min(n, (f + 1) * 15_000); i++)
      parts.push(`config S${i}\n\tdef_bool y\n\tselect TARGET\n${i ? `\tdepends on S${i - 1}\n` : ''}`);
    map[`part${f}`] = parts.join('');
    top += `source "part${f}"\n`;
  }
  map.Kconfig = top;
  files(d, map);
  const r = olddefconfig(d);
  assert.match(r.stdout, /CONFIG_TARGET=y/);
  assert.match(r.stdout, /CONFIG_S89999=y/);
});

test('F6: one 120 KB file sourced 20,000 times: stopped by a limit, in bounded time and memory', (t) => {
  const d = scratch(t);
  const entries: string[] = [];
  for (let i = 0; entries.join('').length < 120 * 1024; i++)
    entries.push(`config SYM_${i}\n\tbool "Symbol ${i}"\n\tdefault y\n\thelp\n\t  Help of ${i}.\n\n`);
  files(d, {
    'big.Kconfig': entries.join(''),
    Kconfig: `mainmenu "x"\n${'source "big.Kconfig"\n'.repeat(20_000)}`,
    'x.config': 'CONFIG_SYM_1=y\n',
  });
  const r = olddefconfig(d);
  assert.match(r.stderr, /more than [\d,]+ (entries|MB); the rest of the tree is not read/);
  // the editor and check: the tree is unavailable, with the reason, and the bundled knowledge answers
  const c = cli(['check', '--format', 'json', '--kernel-src', d, path.join(d, 'x.config')], { boundMs: BOUND });
  const diags = JSON.parse(c.stdout).files[0].diagnostics as Array<{ code: string; message: string }>;
  assert.ok(
    diags.some((x) => x.code === 'kconfig/tree-unavailable' && /safety limit/.test(x.message)),
    c.stdout,
  );
});

test('F6: a 215 KB Kconfig document of runaway macros: one clear diagnostic, well within a second or two', () => {
  const svc = createLanguageService();
  const head = [
    'X0 := 0123456789abcdef',
    ...Array.from({ length: 8 }, (_, i) => `X${i + 1} = ${`$(X${i})`.repeat(8)}`),
  ].join('\n');
  const line = '\tdefault "$(X5)$(X5)$(X5)$(X5)"\n';
  let text = `${head}\nconfig HUGE\n\tstring "huge"\n`;
  while (text.length < 215 * 1024) text += line;
  const doc = TextDocument.create('file:///hostile/Kconfig', 'kconfig', 1, text);
  const { ms, value } = timed(() => svc.diagnose(doc));
  assert.ok(ms < 2_500, `${ms} ms`);
  assert.deepEqual(
    value.map((d) => d.code),
    ['kconfig/analysis-limit'],
  );
  assert.match(value[0].message, /macro expansion .* more than/);
});

// ---------------------------------------------------------------- F4: regular expressions

test('F4: Kconfig regular expressions stay linear on their pathological shapes', () => {
  const svc = createLanguageService();
  const big = 200_000;
  const shapes: Array<[string, string, { line: number; character: number } | undefined]> = [
    // a help line of blanks then text (was /[ \t]+$/ on the line)
    ['help line', `config A\n\tbool "a"\n\thelp\n\t  x${' '.repeat(big)}y\n`, undefined],
    // completion after `select` on a long word then a blank (was `.*?([A-Za-z0-9_]*)$`)
    ['completion', `config A\n\tbool "a"\n\tselect ${'a'.repeat(big)} `, { line: 2, character: 8 + big + 1 }],
    ['completion 2', `config A\n\tbool "a"\n\tdepends on ${'a '.repeat(big / 2)}`, { line: 2, character: 12 + big }],
    // blanks before help, a line of blanks, a line of `$`
    ['help keyword', `config A\n${' '.repeat(big)}help x\n`, { line: 1, character: big }],
    ['blanks', ' '.repeat(big) + '\n', { line: 0, character: big }],
    ['dollars', `config A\n\tbool "${'$('.repeat(big / 2)}"\n`, { line: 1, character: 5 }],
    ['continuations', `config A\n\tbool "a"${' \\\n'.repeat(big / 4)}\n`, undefined],
    ['quotes', `config A\n\tbool ${'"'.repeat(big)}\n`, { line: 1, character: 3 }],
  ];
  for (const [name, text, pos] of shapes) {
    const doc = TextDocument.create(`file:///hostile/${name}/Kconfig`, 'kconfig', 1, text);
    const { ms } = timed(() => {
      svc.diagnose(doc);
      svc.folding(doc);
      svc.symbols(doc);
      const p = pos ?? doc.positionAt(text.length >> 1);
      svc.hover(doc, p);
      svc.complete(doc, p);
    });
    svc.forget(doc.uri);
    assert.ok(ms < 1_500, `${name}: ${Math.round(ms)} ms`);
  }
});

test('F4: a Makefile of pathological lines is read in linear time', (t) => {
  const d = scratch(t);
  files(d, {
    Kconfig: BASE,
    Makefile: `VERSION${' '.repeat(500_000)}x\n${'VERSION\n'.repeat(100_000)}VERSION = 6\nPATCHLEVEL = 1\n`,
  });
  const { ms, value } = timed(() => loadKconfigTree({ srcDir: d }));
  assert.ok(ms < 2_000, `${ms} ms`);
  assert.equal(value.tree.kernelVersion, '6.1');
});

// ---------------------------------------------------------------- F9: check DIR

test('F9: check DIR does not follow a link to / out of DIR, and says so', (t) => {
  const d = scratch(t);
  files(d, { 'boot/config-6.1.0': '# Automatically generated file; DO NOT EDIT.\nCONFIG_XEN=y\n' });
  symlinkSync('/', path.join(d, 'root'));
  symlinkSync(path.join(d, 'boot'), path.join(d, 'inside'));
  const r = cli(['check', '--format', 'json', d], { boundMs: BOUND });
  const paths = (JSON.parse(r.stdout).files as Array<{ path: string }>).map((f) => f.path);
  assert.ok(
    paths.some((p) => p.endsWith('boot/config-6.1.0')),
    paths.join(','),
  );
  assert.ok(
    paths.every((p) => !p.includes('/root/')),
    'nothing under the link to /',
  );
  assert.match(r.stderr, /1 symbolic link leading outside .* not followed/);
});

test('F9: check DIR stops at its file-count limit with a note', (t) => {
  const d = scratch(t);
  // 210,000 entries would take long to create; a deep tree of directories meets the depth limit instead
  let p = d;
  for (let i = 0; i < 80; i++) p = path.join(p, 'd');
  mkdirSync(p, { recursive: true });
  writeFileSync(path.join(p, 'grub.cfg'), 'menuentry "x" {\n}\n');
  const r = cli(['check', '--format', 'json', d], { boundMs: BOUND });
  assert.match(r.stderr, /nested more than \d+ levels deep are not checked/);
});

test('the limits the README states are the ones in force', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Safety and limits'));
  for (const want of [
    `${DEFAULT_LIMITS.maxParsedBytes / 1048576} MB of Kconfig text`,
    `${DEFAULT_LIMITS.maxEntries.toLocaleString('en-US')} entries`,
    `${DEFAULT_LIMITS.maxNesting} levels of menu`,
    `${DEFAULT_LIMITS.maxExprDepth} levels of parentheses`,
    '2 MB each',
  ]) {
    assert.ok(section.includes(want), `README's "Safety and limits" states "${want}"`);
  }
});
