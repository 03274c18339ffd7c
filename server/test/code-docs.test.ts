// The per-code documentation pages (docs/codes/<area>-<name>.md): one per registered code, none
// for unknown codes, the usual sections, and an example that really produces the code when run
// through the language service. docs/codes/pending/ holds pages for codes the Kconfig engine
// declares but the registry does not list yet; their examples run through the engine directly.
// A page may set up its example with front-matter comments:
//   <!-- settings: {"xenVersion":"4.2.0"} -->   service settings
//   <!-- path: /etc/xen/xl.conf -->             the document's file path
//   <!-- files: {"/boot/config-6.1.0":"…"} -->  read-only files the service may read
//   <!-- eol: crlf -->                          the example's lines end in CRLF
//   <!-- example: none -->                      no runnable example (the page says why)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allCodes } from '../src/service/codes';
import { createLanguageService } from '../src/service/service';
import { isLanguageId } from '../src/core/languages';
import type { Settings } from '../src/core/types';
import { renderDiagnosticsDoc, codePagePath } from '../../scripts/gen-docs';
import { diagnoseConfigDocument, KCONFIG_ENGINE_CODES, loadKconfigTree, memoryTreeFs } from '../src/kconfig/index';
import { loadTreeNow } from '../src/kernelconfig/kernelTree';

const DIR = path.resolve(__dirname, '../../docs/codes');
const SECTIONS = ['## What it means', '## Why it matters', '## Example', '## How to fix'];

export interface CodePage {
  file: string;
  code: string;
  text: string;
  none: boolean;
  settings?: Settings;
  docPath?: string;
  files?: Record<string, string>;
  crlf: boolean;
  example?: { language: string; body: string };
}

function directive(text: string, name: string): string | undefined {
  return new RegExp(`<!--\\s*${name}:\\s*(.*?)\\s*-->`).exec(text)?.[1];
}

/** `grub-load-order.md` → `grub/load-order` (the area is the part before the first dash). */
export function codeOfFile(file: string): string {
  const base = file.replace(/\.md$/, '');
  const dash = base.indexOf('-');
  return dash < 0 ? base : `${base.slice(0, dash)}/${base.slice(dash + 1)}`;
}

export function readPage(file: string, dir = DIR): CodePage {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const settings = directive(text, 'settings');
  const files = directive(text, 'files');
  const afterExample = text.slice(text.indexOf('## Example'));
  const fence = /^```([\w-]+)[^\n]*\n([\s\S]*?)^```\s*$/m.exec(afterExample);
  return {
    file,
    code: codeOfFile(file),
    text,
    none: directive(text, 'example') === 'none',
    settings: settings ? (JSON.parse(settings) as Settings) : undefined,
    docPath: directive(text, 'path'),
    files: files ? (JSON.parse(files) as Record<string, string>) : undefined,
    crlf: directive(text, 'eol') === 'crlf',
    example: fence ? { language: fence[1], body: fence[2] } : undefined,
  };
}

export function runExample(p: CodePage): string[] {
  const files = p.files ?? {};
  const fs = {
    readFile: (f: string) => files[f],
    exists: (f: string) => f in files || Object.keys(files).some((k) => k.startsWith(f.endsWith('/') ? f : `${f}/`)),
  };
  const svc = createLanguageService({ settings: p.settings, fs });
  // Like the CLI: the kernel tree (in `files`) is loaded before diagnosing.
  if (svc.settings.kernelSourcePath) loadTreeNow(svc.settings, fs);
  const body = p.crlf ? p.example!.body.replace(/\r?\n/g, '\r\n') : p.example!.body;
  const uri = p.docPath ? `file://${p.docPath}` : `file:///docs-example/${p.file}`;
  const doc = TextDocument.create(uri, p.example!.language, 1, body);
  return svc.diagnose(doc).map((d) => d.code);
}

const pages = readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readPage(f));

test('every registered code has a page, and every page belongs to a registered code', () => {
  const codes = new Set(allCodes().keys());
  const documented = new Set(pages.map((p) => p.code));
  assert.deepEqual(
    [...codes].filter((c) => !documented.has(c)),
    [],
    'codes without a page',
  );
  assert.deepEqual(
    [...documented].filter((c) => !codes.has(c)),
    [],
    'pages for no registered code',
  );
  for (const c of codes)
    assert.ok(
      pages.some((p) => `codes/${p.file}` === codePagePath(c)),
      c,
    );
});

test('each page has a title with its code and the four sections', () => {
  for (const p of pages) {
    assert.match(p.text.split('\n')[0], new RegExp(`^# .*\`?${p.code.replace('/', '\\/')}\`?`), `${p.file}: title`);
    let at = -1;
    for (const s of SECTIONS) {
      const i = p.text.indexOf(`\n${s}`);
      assert.ok(i > at, `${p.file}: section "${s}" present and in order`);
      at = i;
    }
  }
});

test('pages without an example say why', () => {
  for (const p of pages.filter((x) => x.none)) {
    const section = p.text.slice(p.text.indexOf('## Example'), p.text.indexOf('## How to fix'));
    assert.ok(section.replace(/<!--.*?-->/g, '').trim().length > 40, `${p.file}: explains why there is no example`);
  }
});

for (const p of pages.filter((x) => !x.none)) {
  test(`example of ${p.code} produces it`, () => {
    assert.ok(p.example, `${p.file}: has a fenced example after "## Example"`);
    assert.ok(isLanguageId(p.example.language), `${p.file}: fence language "${p.example.language}" is a language id`);
    const codes = runExample(p);
    assert.ok(
      codes.includes(p.code),
      `${p.file}: example reports ${p.code}; got ${JSON.stringify([...new Set(codes)])}`,
    );
  });
}

test('the index links every code to its page', () => {
  const index = renderDiagnosticsDoc();
  for (const c of allCodes().keys()) assert.ok(index.includes(`](${codePagePath(c)})`), c);
});

// Pages waiting for their code to be registered (the Kconfig engine's codes).
const PENDING = path.join(DIR, 'pending');
const pending = existsSync(PENDING)
  ? readdirSync(PENDING)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => readPage(f, PENDING))
  : [];

for (const p of pending) {
  test(`pending page ${p.code}: declared by the Kconfig engine, and its example produces it there`, () => {
    assert.ok(p.code in KCONFIG_ENGINE_CODES, `${p.file}: the Kconfig engine declares ${p.code}`);
    assert.ok(!allCodes().has(p.code), `${p.code} is registered now: move ${p.file} up to docs/codes/`);
    const root = (p.settings as { kernelSourcePath?: string } | undefined)?.kernelSourcePath;
    assert.ok(root && p.files && p.example, `${p.file}: kernelSourcePath, files and an example`);
    const rel = Object.fromEntries(Object.entries(p.files).map(([f, t]) => [path.posix.relative(root, f), t]));
    const { tree } = loadKconfigTree({
      srcDir: root,
      fs: memoryTreeFs(rel, root),
      env: { SRCARCH: 'x86', ARCH: 'x86_64', srctree: root },
      semantics: 'modern',
    });
    const codes = diagnoseConfigDocument(tree, p.example.body).map((d) => d.code);
    assert.ok(codes.includes(p.code), `${p.file}: got ${JSON.stringify(codes)}`);
  });
}
