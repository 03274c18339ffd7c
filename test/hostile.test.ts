// Hostile inputs get answers within the bounds README.md states (generous limits here: these
// catch hangs and blow-ups; speed itself is measured by `npm run bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/service/service';
import { LANGUAGE_IDS } from '../server/src/core/languages';

const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const service = createLanguageService();

function all(languageId: string, text: string, boundMs: number): void {
  const doc = TextDocument.create(`file:///hostile/${languageId}`, languageId, 1, text);
  const t = Date.now();
  service.diagnose(doc);
  service.symbols(doc);
  service.folding(doc);
  service.hover(doc, doc.positionAt(text.length >> 1));
  service.complete(doc, doc.positionAt(text.length >> 1));
  service.forget(doc.uri);
  const ms = Date.now() - t;
  assert.ok(ms < boundMs, `${languageId}: ${ms} ms for ${text.length} chars (bound ${boundMs} ms)`);
}

test('a 100,000-line menu.lst', { timeout: 120_000 }, () => {
  const entry =
    'title Xen\n root (hd0,0)\n kernel /xen-4.2.5.gz dom0_mem=2048M,max:2048M\n module /vmlinuz-3.1 root=/dev/sda5 console=hvc0\n';
  all('menu-lst', entry.repeat(25_000), 20_000);
});

test(
  'a single 1 MB line, binary garbage, invalid UTF-8 and mixed line endings, in every language',
  { timeout: 300_000 },
  () => {
    const oneLine = 'kernel /xen.gz ' + 'x=1 '.repeat(262_144);
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const garbage = bytes.toString('latin1');
    const invalidUtf8 = Buffer.from([0x43, 0x4f, 0x4e, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xe2, 0x82, 0x0a])
      .toString('utf8')
      .repeat(5000);
    const mixed = 'CONFIG_XEN=y\r\nCONFIG_XEN_DOM0=y\rtitle x\n kernel /xen.gz\r\n'.repeat(2000);
    for (const id of LANGUAGE_IDS) {
      for (const text of [oneLine, garbage, invalidUtf8, mixed]) all(id, text, 20_000);
    }
  },
);

test('a 50 MB configuration is checked from the CLI without a crash', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xen-config-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'huge.config');
  const block: string[] = [];
  for (let i = 0; i < 1000; i++)
    block.push(
      i % 4 ? `CONFIG_XEN_SYM_${i}=y` : `# CONFIG_OTHER_${i} is not set`,
      'CONFIG_CMDLINE="console=hvc0 earlyprintk=xen"',
    );
  const chunk = block.join('\n') + '\n';
  writeFileSync(file, chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length)));
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 180_000,
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}, signal ${r.signal}: ${r.stderr.slice(0, 500)}`);
  assert.equal(JSON.parse(r.stdout).files.length, 1);
});
