// Xen on Arm through the built artefacts: the CLI and the language server over stdio report the
// Xen mistake and the dom0 (or dom0less domain) mistake of each example at the right columns, and
// answer hovers and completion inside the device tree strings and the U-Boot script's values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');

interface CliDiag {
  line: number;
  column: number;
  code: string;
  message: string;
}

const CASES = [
  {
    file: 'examples/arm/xen-dom0less.dts',
    language: 'dts',
    xen: 'dom0_max_vcpu=',
    other: 'loglevl=3',
    otherCode: 'linux/unknown-parameter',
  },
  {
    file: 'examples/arm/boot.cmd',
    language: 'uboot-script',
    xen: 'sync_consle',
    other: 'rootfstyp=',
    otherCode: 'linux/unknown-parameter',
  },
] as const;

/** 0-based line and column of the first occurrence of `needle`. */
function at(text: string, needle: string): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i);
  return { line: before.split('\n').length - 1, character: i - before.lastIndexOf('\n') - 1 };
}

test('CLI: each Arm example reports its Xen and its dom0/domU mistake at the right columns', () => {
  const out = execFileSync(process.execPath, [CLI, 'check', '--format', 'json', ...CASES.map((c) => c.file)], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = (JSON.parse(out) as { files: Array<{ path: string; language: string; diagnostics: CliDiag[] }> }).files;
  for (const c of CASES) {
    const f = files.find((x) => x.path === c.file);
    assert.ok(f, c.file);
    assert.equal(f.language, c.language);
    const text = readFileSync(path.join(root, c.file), 'utf8');
    const xen = at(text, c.xen);
    assert.ok(
      f.diagnostics.some(
        (d) => d.code === 'xen/unknown-parameter' && d.line === xen.line + 1 && d.column === xen.character + 1,
      ),
      `${c.file}: Xen mistake at ${xen.line + 1}:${xen.character + 1}; got ${JSON.stringify(f.diagnostics)}`,
    );
    const o = at(text, c.other);
    assert.ok(
      f.diagnostics.some((d) => d.code === c.otherCode && d.line === o.line + 1 && d.column === o.character + 1),
      `${c.file}: Linux mistake at ${o.line + 1}:${o.character + 1}`,
    );
  }
});

test('LSP over stdio: diagnostics, a hover on a Xen parameter and completion in each Arm format', async (t) => {
  const client = await startClient();
  t.after(() => client.close());
  for (const c of CASES) {
    const text = readFileSync(path.join(root, c.file), 'utf8');
    // Neovim's filetypes: dts for device trees; a U-Boot script opened as plain text is recognised by name.
    const uri = `file:///srv/board/${path.basename(c.file)}`;
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: c.language === 'dts' ? 'dts' : 'text', version: 1, text },
    });
    const pub = await client.diagnostics(uri, 1);
    const xen = at(text, c.xen);
    assert.ok(
      pub.diagnostics.some(
        (d) =>
          d.code === 'xen/unknown-parameter' &&
          d.range.start.line === xen.line &&
          d.range.start.character === xen.character,
      ),
      `${c.file}: ${JSON.stringify(pub.diagnostics.map((d) => [d.code, d.range.start]))}`,
    );
    const o = at(text, c.other);
    assert.ok(
      pub.diagnostics.some(
        (d) => d.code === c.otherCode && d.range.start.line === o.line && d.range.start.character === o.character,
      ),
    );

    const mem = at(text, 'dom0_mem');
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: mem.line, character: mem.character + 3 },
    })) as { contents: { value: string } } | null;
    assert.ok(hover, `${c.file}: hover on dom0_mem`);
    assert.match(hover.contents.value, /dom0/);

    const after = at(text, 'console=dtuart ');
    const completion = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: after.line, character: after.character + 'console=dtuart '.length },
    })) as Array<{ label: string }> | { items: Array<{ label: string }> };
    const items = Array.isArray(completion) ? completion : completion.items;
    assert.ok(
      items.some((i) => i.label === 'dom0_mem'),
      `${c.file}: completion in Xen's string offers dom0_mem`,
    );
  }
});
