// Two language services in one process, with different settings, answer the same document (same
// URI, same version) independently: nothing one of them caches for a document leaks into the
// other's answers. Each answer is compared with that of a service that never saw the other's
// settings, asked in a fresh order (the other service asked first, then again after).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageService } from '../src/service/service';

import type { Settings } from '../src/core/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xen-config-instances-'));
const other = mkdtempSync(path.join(os.tmpdir(), 'xen-config-instances-other-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});
writeFileSync(
  path.join(dir, 'Kconfig'),
  'mainmenu "Test kernel"\n\nconfig XEN\n\tbool "Xen guest support"\n\nconfig XEN_DOM0\n\tbool "Xen dom0 support"\n\tdepends on XEN\n',
);

// a second tree that does define the symbol the first lacks
writeFileSync(
  path.join(other, 'Kconfig'),
  'mainmenu "Other kernel"\n\nconfig XEN\n\tbool "Xen guest support"\n\nconfig NOT_IN_THIS_TREE\n\tbool "Here it is"\n',
);

/** What a service says about a document, in a form that compares whole answers. */
function answers(svc: LanguageService, d: TextDocument, line: number, character: number): string {
  const diags = svc.diagnose(d).map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character} ${x.message}`);
  const hover = svc.hover(d, { line, character });
  const status = svc.status(d);
  return JSON.stringify({ diags, hover: hover?.markdown ?? null, status });
}

async function settled(svc: LanguageService): Promise<void> {
  if (svc.settings.kernelSourcePath) assert.equal((await svc.treeSettled())?.state, 'ready');
}

async function independent(
  a: Settings,
  b: Settings,
  d: () => TextDocument,
  line: number,
  character: number,
): Promise<{ a: string; b: string }> {
  // the reference answers: each from a service that is alone with the document
  const refA = createLanguageService({ settings: a });
  await settled(refA);
  const aliceAlone = answers(refA, d(), line, character);
  refA.forget(d().uri);
  const refB = createLanguageService({ settings: b });
  await settled(refB);
  const bobAlone = answers(refB, d(), line, character);
  refB.forget(d().uri);
  // the two together, asked in turn about the same URI and version
  const alice = createLanguageService({ settings: a });
  const bob = createLanguageService({ settings: b });
  await settled(alice);
  await settled(bob);
  const doc = d();
  const first = answers(alice, doc, line, character);
  const second = answers(bob, doc, line, character);
  const third = answers(alice, doc, line, character);
  assert.equal(first, aliceAlone);
  assert.equal(second, bobAlone);
  assert.equal(third, aliceAlone);
  return { a: first, b: second };
}

test('two services targeting different Xen releases judge the same boot menu each by its own', async () => {
  const text = 'title x\nkernel /xen.gz x2apic-mode=cluster dom0=pvh\nmodule /vmlinuz root=/dev/sda1\n';
  const d = () => TextDocument.create('file:///instances/menu.lst', 'menu-lst', 1, text);
  const r = await independent({ xenVersion: '4.2.0' }, { xenVersion: '4.22.0' }, d, 1, 17);
  assert.notEqual(r.a, r.b);
  assert.match(r.a, /Xen 4\.2\.0 has no boot parameter/);
  assert.match(r.b, /"hover":"[^"]/, 'the hover on x2apic-mode is compared too');
  assert.doesNotMatch(r.b, /Xen 4\.22\.0 has no boot parameter/);
});

test('two services targeting different Linux versions judge the same GRUB file each by its own', async () => {
  const text = 'menuentry "x" {\n  multiboot2 /xen.gz\n  module2 /vmlinuz root=/dev/sda1 mitigations=auto\n}\n';
  const d = () => TextDocument.create('file:///instances/grub.cfg', 'grub-cfg', 1, text);
  const r = await independent({ linuxVersion: '4.9' }, { linuxVersion: '6.12' }, d, 2, 40);
  assert.notEqual(r.a, r.b);
});

test('a service with a kernel tree and one without judge the same .config each by its own', async () => {
  const text = 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_NOT_IN_THIS_TREE=y\n';
  const d = () => TextDocument.create('file:///instances/.config', 'kernel-config', 1, text);
  const r = await independent({ kernelSourcePath: dir }, {}, d, 2, 9);
  assert.notEqual(r.a, r.b);
  assert.match(r.a, /kconfig\/unknown-symbol/);
});

test('two services with different kernel trees judge the same .config each by its own', async () => {
  const text = 'CONFIG_XEN=y\nCONFIG_XEN_DOM0=y\nCONFIG_NOT_IN_THIS_TREE=y\n';
  const d = () => TextDocument.create('file:///instances/two-trees/.config', 'kernel-config', 1, text);
  const r = await independent({ kernelSourcePath: dir }, { kernelSourcePath: other }, d, 2, 9);
  assert.match(r.a, /CONFIG_NOT_IN_THIS_TREE is not defined/);
  assert.doesNotMatch(r.b, /CONFIG_NOT_IN_THIS_TREE is not defined/);
});
