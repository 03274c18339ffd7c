// Issue 18 boot paths through the built artefacts: for tboot (GRUB legacy and GRUB 2), Xen's EFI
// configuration file and SYSLINUX/PXELINUX with mboot.c32, the example's Xen mistake and dom0
// mistake are reported at the same lines and columns by the CLI (JSON) and the LSP server over
// stdio, and a hover on a Xen parameter and completion of Xen parameters answer inside each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');

const cases: Array<{ file: string; language: string; xenWord: string; dom0Word: string; dom0Code: string }> = [
  {
    file: 'examples/boot/tboot/menu.lst',
    language: 'menu-lst',
    xenWord: 'smt=off',
    dom0Word: 'intel_iommu=of',
    dom0Code: 'linux/invalid-value',
  },
  {
    file: 'examples/boot/tboot/grub.cfg',
    language: 'grub-cfg',
    xenWord: 'dom0_max_vcpu=4',
    dom0Word: 'nomodeset=1',
    dom0Code: 'linux/unexpected-value',
  },
  {
    file: 'examples/boot/xen-efi/EFI/xen/xen-4.17-amd64.cfg',
    language: 'xen-efi-cfg',
    xenWord: 'dom0_max_vcpu=4',
    dom0Word: 'nomodeset=1',
    dom0Code: 'linux/unexpected-value',
  },
  {
    file: 'examples/boot/pxelinux/pxelinux.cfg/default',
    language: 'syslinux-cfg',
    xenWord: 'dom0_max_vcpu=2',
    dom0Word: 'nomodeset=1',
    dom0Code: 'linux/unexpected-value',
  },
];

function where(text: string, word: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(word));
  assert.ok(line >= 0, word);
  return { line, character: lines[line].indexOf(word) };
}

for (const c of cases) {
  test(`${c.language} (${c.file}): CLI and LSP agree on the Xen and dom0 mistakes; hover and completion answer`, async (t) => {
    const text = readFileSync(path.join(root, c.file), 'utf8');
    const xenAt = where(text, c.xenWord);
    const dom0At = where(text, c.dom0Word);
    // CLI (1-based lines and columns).
    const out = (() => {
      try {
        return execFileSync(process.execPath, [CLI, 'check', '--format', 'json', c.file], {
          cwd: root,
          encoding: 'utf8',
        });
      } catch (e) {
        return (e as { stdout: string }).stdout;
      }
    })();
    const cli = (
      JSON.parse(out) as {
        files: Array<{ language: string; diagnostics: Array<{ line: number; column: number; code: string }> }>;
      }
    ).files[0];
    assert.equal(cli.language, c.language);
    const cliXen = cli.diagnostics.find((d) => d.code === 'xen/unknown-parameter');
    assert.deepEqual(
      cliXen && [cliXen.line - 1, cliXen.column - 1],
      [xenAt.line, xenAt.character],
      JSON.stringify(cli.diagnostics),
    );
    const cliDom0 = cli.diagnostics.find((d) => d.code === c.dom0Code);
    assert.ok(
      cliDom0 &&
        cliDom0.line - 1 === dom0At.line &&
        cliDom0.column - 1 >= dom0At.character &&
        cliDom0.column - 1 < dom0At.character + c.dom0Word.length,
      JSON.stringify(cli.diagnostics),
    );

    // LSP over stdio.
    const client = await startClient();
    t.after(() => client.close());
    const uri = `file://${path.join('/srv/xc', c.file)}`;
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: c.language, version: 1, text },
    });
    const ds = (await client.diagnostics(uri, 1)).diagnostics;
    const lspXen = ds.find((d) => d.code === 'xen/unknown-parameter');
    assert.deepEqual(lspXen?.range.start, xenAt);
    const lspDom0 = ds.find((d) => d.code === c.dom0Code);
    assert.deepEqual(lspDom0 && [lspDom0.range.start.line, lspDom0.range.start.character], [
      cliDom0.line - 1,
      cliDom0.column - 1,
    ]);

    const memAt = where(text, 'dom0_mem=');
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: memAt.line, character: memAt.character + 3 },
    })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /dom0_mem/);
    const completion = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: memAt.line, character: memAt.character + 'dom0_m'.length },
    })) as Array<{ label: string }> | { items: Array<{ label: string }> };
    const items = Array.isArray(completion) ? completion : completion.items;
    assert.ok(
      items.some((i) => i.label.startsWith('dom0_max_vcpus')),
      JSON.stringify(items.slice(0, 5).map((i) => i.label)),
    );
  });
}
