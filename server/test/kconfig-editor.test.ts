// The Kconfig engine wired into the editor, through the front door: kernel configurations judged
// with a real (small) kernel tree in a temp dir, loaded in the background; Kconfig files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { treeFor, treeSettled, onTreeChange, STALE_CHECK_MS } from '../src/kernelconfig/kernelTree';
import type { LanguageService } from '../src/service/service';
import { TextDocument } from 'vscode-languageserver-textdocument';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xen-config-kconfig-editor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const KCONFIG = `mainmenu "Test kernel"

config XEN
	bool "Xen guest support"
	help
	  Enables the kernel to run as a Xen guest.

config XEN_DOM0
	bool "Xen dom0 support"
	depends on XEN
	help
	  The kernel can run as the Xen control domain.

config HVC_DRIVER
	bool

config HVC_XEN
	bool "Xen console"
	select HVC_DRIVER

config NR_CPUS
	int "Maximum CPUs"
	range 2 64
	default 8

config XEN_SCRUB_PAGES_DEFAULT
	bool "Scrub pages before returning them to the system by default"
	depends on XEN

source "drivers/Kconfig"
`;
mkdirSync(path.join(dir, 'drivers'));
writeFileSync(path.join(dir, 'Kconfig'), KCONFIG);
writeFileSync(
  path.join(dir, 'drivers/Kconfig'),
  'menu "Drivers"\n\nconfig XEN_BLKDEV\n\ttristate "Xen block device"\n\tdepends on XEN\n\nendmenu\n',
);

async function ready(svc: LanguageService): Promise<void> {
  const st = await treeSettled(svc.settings);
  assert.equal(st?.state, 'ready', JSON.stringify(st && st.state === 'failed' ? st.reason : st?.state));
}

test('diagnostics come from the engine once the tree has loaded in the background', async () => {
  const svc = service({ kernelSourcePath: dir });
  const d = doc('# CONFIG_XEN is not set\nCONFIG_XEN_DOM0=y\nCONFIG_HVC_DRIVER=y\nCONFIG_NO_SUCH=y\n', 'kernel-config');
  let told = 0;
  const stop = onTreeChange(() => {
    told++;
  });
  svc.diagnose(d); // starts the load (or finds it loaded by an earlier test)
  await ready(svc);
  stop();
  assert.ok(told <= 1);
  const diags = svc.diagnose(d);
  const unmet = diags.find((x) => x.code === 'kconfig/unmet-dependency');
  assert.ok(unmet, JSON.stringify(diags));
  assert.equal(unmet.range.start.line, 1);
  assert.match(unmet.message, /unmet dependency `XEN` \(XEN=n\)/);
  // The first fix enables what the dependency needs; applied, the dependency is met.
  const enable = unmet.fixes?.[0];
  assert.equal(enable?.title, 'Enable CONFIG_XEN, which CONFIG_XEN_DOM0 depends on');
  const fixed = TextDocument.applyEdits(d, enable!.edits);
  assert.ok(
    !svc
      .diagnose(doc(fixed, 'kernel-config'))
      .some((x) => x.code === 'kconfig/unmet-dependency' && x.message.includes('XEN=n')),
    fixed,
  );
  assert.ok(
    diags.some((x) => x.code === 'kconfig/no-prompt' && x.range.start.line === 2),
    'no-prompt from the tree',
  );
  assert.ok(!diags.some((x) => x.code === 'kconfig/promptless-symbol'), 'the bundled promptless check is replaced');
  const unknown = diags.filter((x) => x.code === 'kconfig/unknown-symbol');
  assert.deepEqual(
    unknown.map((x) => x.range.start.line),
    [3],
  );
  assert.ok(unknown[0].message.length > 0);
});

test('a one-line edit is re-diagnosed incrementally and stays right', async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const a = doc('CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\n', 'kernel-config', 'file:///test/inc.config');
  assert.ok(!svc.diagnose(a).some((x) => x.code === 'kconfig/unmet-dependency'));
  TextDocument.update(
    a,
    [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, text: '# CONFIG_XEN is not set' }],
    2,
  );
  const v2 = svc.diagnose(a);
  assert.ok(
    v2.some((x) => x.code === 'kconfig/unmet-dependency' && x.range.start.line === 1),
    JSON.stringify(v2),
  );
});

test('an unknown symbol the bundled history knows was renamed gets the rename as its first fix', async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const d = doc('# xen-config: linux=6.1\nCONFIG_XEN=y\nCONFIG_XEN_SCRUB_PAGES=y\n', 'kernel-config');
  const u = svc.diagnose(d).find((x) => x.code === 'kconfig/unknown-symbol');
  assert.ok(u, 'unknown in the tree');
  assert.match(u.message, /XEN_SCRUB_PAGES_DEFAULT/);
  assert.equal(u.fixes?.[0].edits[0].newText, 'CONFIG_XEN_SCRUB_PAGES_DEFAULT');
  assert.equal(u.fixes?.[0].preferred, true);
});

test("hover shows the tree's help text; definition points at the Kconfig line", async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const { doc: d, pos } = docAtCursor('CONFIG_XEN=y\nCONFIG_XEN_D|OM0=y\n', 'kernel-config');
  const h = svc.hover(d, pos);
  assert.ok(h);
  assert.match(h.markdown, /control domain/);
  assert.match(h.markdown, /depends on/);
  const def = svc.definition(d, pos);
  assert.deepEqual(def, { path: path.join(dir, 'Kconfig'), line: 8 });
  const { doc: d2, pos: p2 } = docAtCursor('CONFIG_XEN_BLK|DEV=m\n', 'kernel-config');
  assert.deepEqual(svc.definition(d2, p2), { path: path.join(dir, 'drivers/Kconfig'), line: 3 });
});

test("completion lists the tree's symbols and values", async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const { doc: d, pos } = docAtCursor('CONFIG_XEN_|\n', 'kernel-config');
  const labels = svc.complete(d, pos).map((c) => c.label);
  assert.deepEqual(labels.sort(), ['CONFIG_XEN_BLKDEV', 'CONFIG_XEN_DOM0', 'CONFIG_XEN_SCRUB_PAGES_DEFAULT']);
  const { doc: d2, pos: p2 } = docAtCursor('CONFIG_XEN_BLKDEV=|\n', 'kernel-config');
  assert.deepEqual(
    svc.complete(d2, p2).map((c) => c.label),
    ['y', 'm', 'n'],
  );
});

test('inlay hints show the resolved value where it differs, and what selects it', async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const d = doc(
    'CONFIG_HVC_XEN=y\n# CONFIG_HVC_DRIVER is not set\nCONFIG_NR_CPUS=100\nCONFIG_XEN=y\n',
    'kernel-config',
  );
  const hints = svc.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } });
  const byLine = new Map(hints.map((h) => [h.position.line, h.label]));
  assert.match(byLine.get(1) ?? '', /→ y .*selected by HVC_XEN/);
  assert.match(byLine.get(2) ?? '', /→ 64/);
  assert.equal(byLine.has(0), false);
  assert.equal(byLine.has(3), false);
});

test('a missing tree gives one diagnostic at the top and the bundled checks', async () => {
  const svc = service({ kernelSourcePath: path.join(dir, 'nope') });
  const d = doc('CONFIG_XEN=y\nCONFIG_XEN=maybe\n', 'kernel-config');
  svc.diagnose(d);
  await treeSettled(svc.settings);
  const diags = svc.diagnose(d);
  const top = diags.filter((x) => x.code === 'kconfig/tree-unavailable');
  assert.equal(top.length, 1);
  assert.equal(top[0].range.start.line, 0);
  assert.match(top[0].message, /does not exist/);
  assert.ok(
    diags.some((x) => x.code === 'kconfig/invalid-value'),
    'bundled checks still run',
  );
});

test('the tree is loaded again when one of its Kconfig files changes', async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const before = treeFor(svc.settings);
  assert.equal(before?.state, 'ready');
  // Wait for the mtimes to be recorded, then change a file and pretend the check interval passed.
  await new Promise((r) => setTimeout(r, 50));
  const file = path.join(dir, 'drivers/Kconfig');
  writeFileSync(file, 'config XEN_NETDEV\n\ttristate "Xen network device"\n');
  const t = new Date(Date.now() + 10_000);
  utimesSync(file, t, t);
  const realNow = Date.now;
  Date.now = () => realNow() + STALE_CHECK_MS + 1;
  try {
    const reloaded = new Promise<void>((resolve) => {
      const stop = onTreeChange(() => {
        stop();
        resolve();
      });
    });
    treeFor(svc.settings);
    await reloaded;
  } finally {
    Date.now = realNow;
  }
  const st = treeFor(svc.settings);
  assert.equal(st?.state, 'ready');
  assert.notEqual(st.tree, (before as { tree: unknown }).tree);
  assert.ok(st.tree.symbol('XEN_NETDEV')?.menus.length);
});

test('Kconfig files: syntax errors with their line, outline, folding, hover, completion', async () => {
  const svc = service();
  const text =
    'menu "Xen"\n\nconfig XEN_A\n\tbool "A"\n\thelp\n\t  Help of A.\n\t  More.\n\nconfig XEN_B\n\tbool "B"\n\tdepnds on XEN_A\n\nendmenu\nsource "arch/Kconfig"\n';
  const d = doc(text, 'kconfig', 'file:///src/drivers/xen/Kconfig');
  const diags = svc.diagnose(d);
  assert.deepEqual(
    diags.map((x) => [x.code, x.range.start.line]),
    [['kconfig/syntax-error', 10]],
    JSON.stringify(diags),
  );
  const syms = svc.symbols(d);
  assert.equal(syms.length, 1);
  assert.equal(syms[0].name, 'Xen');
  assert.deepEqual(
    syms[0].children?.map((c) => c.name),
    ['XEN_A', 'XEN_B'],
  );
  assert.equal(syms[0].range.end.line, 12);
  const folds = svc.folding(d);
  assert.ok(
    folds.some((f) => f.startLine === 0 && f.endLine === 11),
    JSON.stringify(folds),
  );
  assert.ok(
    folds.some((f) => f.startLine === 4 && f.endLine === 6),
    JSON.stringify(folds),
  );
  const h = svc.hover(d, { line: 10, character: 12 });
  assert.match(h?.markdown ?? '', /XEN_A.*bool.*A/);
  assert.match(h?.markdown ?? '', /Help of A/);
  assert.deepEqual(svc.definition(d, { line: 10, character: 12 }), { path: '/src/drivers/xen/Kconfig', line: 3 });
  const { doc: d2, pos } = docAtCursor('config X\n\tdep|\n', 'kconfig');
  assert.ok(svc.complete(d2, pos).some((c) => c.label === 'depends on'));
  const { doc: d3, pos: p3 } = docAtCursor(
    'config XEN_A\n\tbool "A"\nconfig B\n\tbool "B"\n\tdepends on XEN|\n',
    'kconfig',
  );
  assert.deepEqual(
    svc.complete(d3, p3).map((c) => c.label),
    ['XEN_A'],
  );
});

test('Kconfig files with a tree: hover and definition reach the whole tree', async () => {
  const svc = service({ kernelSourcePath: dir });
  await ready(svc);
  const { doc: d, pos } = docAtCursor(
    'config MY_XEN_THING\n\tbool "thing"\n\tdepends on XEN_DOM|0\n',
    'kconfig',
    `file://${dir}/drivers/xen/Kconfig`,
  );
  assert.match(svc.hover(d, pos)?.markdown ?? '', /control domain/);
  assert.deepEqual(svc.definition(d, pos), { path: path.join(dir, 'Kconfig'), line: 8 });
  assert.deepEqual(svc.diagnose(d), []);
});
