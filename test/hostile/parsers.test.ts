// The document parsers under hostile input (issue 23, F2, F4, F5, F10), each case bounded by a kill
// timer and a memory limit (a child node with --max-old-space-size=1024):
//  - F4: every shape that took quadratic time in a regular expression answers within 1 s at 100 KB
//    and grows linearly (1 MB within about ten times the 100 KB time), through the service;
//  - F5: inputs that overflowed the stack or ran for minutes are answered by the built CLI with
//    diagnostics, no "internal error", within 5 s and 1 GB;
//  - through the LSP server, a hover on another document answers within 200 ms after each;
//  - file text in hovers stays data: no link, image or HTML comes out of it, and code spans hold.
// The CLI cases need the build (`npm run build`: dist/cli.js, dist/server.js); `npm test` builds first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/service';
import { HUGE, QUADRATIC } from './parserCases';
import { startClient } from '../lspClient';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RUNNER = path.join(__dirname, 'parserRunner.ts');
const MAX_RSS = path.join(__dirname, 'maxRss.cjs');
const MEMORY_MB = 1024;

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
  rssMb: number;
  killed: boolean;
}

/** Runs node with `args` under the memory limit; kills it after `killMs`. */
function node(args: string[], killMs: number): Promise<Child> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [`--max-old-space-size=${MEMORY_MB}`, '--require', MAX_RSS, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    let killed = false;
    proc.stdout.on('data', (d: Buffer) => out.push(d));
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, killMs);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const rss = /xen-config-test-max-rss-kb=(\d+)/.exec(err);
      resolve({
        code,
        signal,
        out: Buffer.concat(out).toString(),
        err: err.replace(/\n?xen-config-test-max-rss-kb=\d+\n/, ''),
        ms: performance.now() - t0,
        rssMb: rss ? Number(rss[1]) / 1024 : NaN,
        killed,
      });
    });
  });
}

interface Timings {
  ms: Record<string, number>;
  errors: string[];
  longestMessage: number;
}

async function shape(index: number, size: number): Promise<Timings> {
  const r = await node(['--import', 'tsx', RUNNER, String(index), String(size)], 60_000);
  assert.ok(!r.killed, `killed after 60 s (size ${size})`);
  assert.equal(r.code, 0, `exit ${r.code} ${r.signal ?? ''}: ${r.err.slice(0, 500)}`);
  assert.ok(r.rssMb <= MEMORY_MB, `${r.rssMb.toFixed(0)} MB`);
  return JSON.parse(r.out.trim().split('\n').pop()!) as Timings;
}

QUADRATIC.forEach((c, index) => {
  test(`linear: ${c.what} (${c.features.join(', ')}): ≤ 1 s at 100 KB, 1 MB within about ten times that`, async () => {
    const small = await shape(index, 100_000);
    assert.deepEqual(small.errors, []);
    const big = await shape(index, 1_000_000);
    assert.deepEqual(big.errors, []);
    for (const f of c.features) {
      assert.ok(small.ms[f] <= 1000, `${f}: ${small.ms[f]} ms at 100 KB`);
      // Quadratic growth would be a hundred times; the slack absorbs a shared, busy machine.
      assert.ok(
        big.ms[f] <= 15 * small.ms[f] + 750,
        `${f}: ${big.ms[f]} ms at 1 MB against ${small.ms[f]} ms at 100 KB`,
      );
    }
    assert.ok(big.longestMessage <= 4100, `a message of ${big.longestMessage} characters`);
  });
});

/** Writes `bytes` as `name` in a fresh folder and runs `xen-config check --format json` on it. */
async function check(
  name: string,
  bytes: Buffer,
): Promise<{ r: Child; diagnostics: Array<{ message: string; code: string }> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xen-config-hostile-'));
  try {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    const r = await node([CLI, 'check', '--no-project', '--format', 'json', file], 30_000);
    assert.ok(!r.killed, 'killed after 30 s');
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code} ${r.signal ?? ''}: ${r.err.slice(0, 500)}`);
    assert.doesNotMatch(r.err, /internal error|Maximum call stack|RangeError/i);
    const files = (JSON.parse(r.out) as { files: Array<{ diagnostics: Array<{ message: string; code: string }> }> })
      .files;
    assert.equal(files.length, 1);
    return { r, diagnostics: files[0].diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const h of HUGE) {
  test(
    `CLI: ${h.what} — diagnostics, no crash, ≤ 5 s and ≤ 1 GB`,
    { skip: !existsSync(CLI) && 'needs npm run build' },
    async () => {
      const { r, diagnostics } = await check(h.fileName, h.bytes());
      assert.ok(r.ms <= 5000, `${r.ms.toFixed(0)} ms`);
      assert.ok(r.rssMb <= MEMORY_MB, `${r.rssMb.toFixed(0)} MB`);
      for (const d of diagnostics) {
        assert.ok(
          d.message.length > 0 && d.message.length <= 4100,
          `${d.code}: a message of ${d.message.length} characters`,
        );
      }
    },
  );
}

test(
  'CLI: the 100 KB crashkernel= line of the report answers within 5 s with its error',
  { skip: !existsSync(CLI) && 'needs npm run build' },
  async () => {
    const { r, diagnostics } = await check('grub.cfg', Buffer.from(QUADRATIC[0].text(100_000)));
    assert.ok(r.ms <= 5000, `${r.ms.toFixed(0)} ms`);
    assert.ok(
      diagnostics.some((d) => /crashkernel= takes a size/.test(d.message)),
      JSON.stringify(diagnostics).slice(0, 500),
    );
  },
);

test(
  'LSP: after each hostile document, a hover on another document answers within 200 ms',
  { skip: !existsSync(path.join(ROOT, 'dist', 'server.js')) && 'needs npm run build', timeout: 300_000 },
  async () => {
    const client = await startClient();
    try {
      const other = 'file:///hostile/other/menu.lst';
      const otherText =
        'title Xen\n kernel /xen-4.2.5.gz dom0_mem=2048M,max:2048M\n module /vmlinuz-3.1 root=/dev/sda5 console=hvc0\n';
      await client.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: other, languageId: 'menu-lst', version: 1, text: otherText },
      });
      await client.diagnostics(other, 1, 20_000);
      const hoverOther = async (): Promise<number> => {
        const t0 = performance.now();
        const h = (await client.conn.sendRequest('textDocument/hover', {
          textDocument: { uri: other },
          position: { line: 2, character: 24 },
        })) as { contents: { value: string } } | null;
        const ms = performance.now() - t0;
        assert.match(h?.contents.value ?? '', /root/);
        return ms;
      };
      await hoverOther();
      const cases: Array<{
        what: string;
        languageId: string;
        text: string;
        at?: 'end' | 'middle';
        features: string[];
      }> = [
        ...QUADRATIC.map((c) => ({
          what: c.what,
          languageId: c.languageId,
          text: c.text(100_000),
          at: c.at,
          features: c.features,
        })),
        ...HUGE.filter((h) => !/random bytes|xl\.cfg string|repeated settings/.test(h.what)).map((h) => ({
          what: h.what,
          text: h.bytes().toString('utf8'),
          features: ['hover', 'complete', 'inlay'],
          languageId:
            h.fileName === '.config'
              ? 'kernel-config'
              : h.fileName === 'menu.lst'
                ? 'menu-lst'
                : h.fileName === 'default/grub'
                  ? 'grub-default'
                  : h.fileName === 'xl.conf'
                    ? 'xl-cfg'
                    : 'grub-cfg',
        })),
      ];
      let n = 0;
      for (const c of cases) {
        const uri = `file:///hostile/lsp/${n++}`;
        const doc = TextDocument.create(uri, c.languageId, 1, c.text);
        const end = doc.positionAt(c.text.length);
        const position = c.at === 'end' ? end : doc.positionAt(c.text.length >> 1);
        const t0 = performance.now();
        await client.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: c.languageId, version: 1, text: c.text },
        });
        await client.diagnostics(uri, 1, 20_000);
        await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        await client.conn.sendRequest('textDocument/inlayHint', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end },
        });
        const busy = performance.now() - t0;
        assert.ok(
          busy <= 10_000,
          `${c.what}: ${busy.toFixed(0)} ms for diagnostics, hover, completion and inlay hints`,
        );
        let ms = await hoverOther();
        if (ms > 200) ms = await hoverOther(); // one retry: a garbage collection of the big document may land here
        assert.ok(ms <= 200, `${c.what}: the hover on another document took ${ms.toFixed(0)} ms`);
        await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      assert.equal(client.proc.exitCode, null, `the server stopped: ${client.stderr().slice(0, 500)}`);
    } finally {
      await client.close();
    }
  },
);

// F2: text from a file goes into hovers as data. Rendered with markdown-it (linkify on, as editors
// render hovers): no link, image or HTML element may come out of the file's text.
const requireFromHere = createRequire(__filename);
let markdownIt: ((md: string) => string) | undefined;
try {
  const MarkdownIt = requireFromHere('markdown-it') as new (o: object) => { render(s: string): string };
  const md = new MarkdownIt({ html: true, linkify: true });
  markdownIt = (s) => md.render(s);
} catch {
  /* markdown-it comes with @vscode/vsce; without it the check below is skipped */
}

const EVIL =
  '![x](https://evil.example/p.png?k=1)<img src=x onerror=alert(1)>[link](https://evil.example/)https://evil.example/auto www.evil.example';
/** EVIL as one word of a command line (no spaces). */
const WORD = EVIL.replace(/ /g, '');

test(
  'hovers quote file text as data: no link, image or HTML from it, code spans hold',
  { skip: !markdownIt && 'markdown-it is not installed' },
  () => {
    const service = createLanguageService();
    const tick = '`';
    const docs: Array<[string, string, string]> = [
      // [language, text, the text to hover on]
      ['kernel-config', `CONFIG_CMDLINE="a${tick}${EVIL}${tick}b"\n`, 'CMDLINE'],
      ['kernel-config', `CONFIG_XEN=${tick}${tick}${EVIL}\n`, 'XEN'],
      ['grub-cfg', `menuentry x {\n linux /vmlinuz-6.1 'evil=${tick}${WORD}'\n}\n`, 'evil='],
      ['grub-cfg', `menuentry x {\n linux '/boot${tick}${WORD}/vmlinuz-6.1' quiet\n}\n`, 'quiet'],
      ['grub-cfg', `menuentry x {\n multiboot2 '/boot${tick}${WORD}/xen-4.17.gz' dom0_mem=1G\n}\n`, 'dom0_mem'],
      ['grub-cfg', `menuentry x {\n multiboot2 /xen.gz '${WORD}=1'\n}\n`, 'evil'],
      ['grub-cfg', `function 'f${tick}${WORD}' { true; }\n'f${tick}${WORD}'\n`, 'f'],
      ['grub-cfg', `set 'root=(lvm/${tick}${WORD.replace(/\)/g, '')})'\n`, 'lvm'],
      ['menu-lst', `title x\n kernel /vmlinuz init=${tick}${WORD}\n`, 'init='],
      ['xl-cfg', `extra = "root=/dev/xvda1 x=${tick}${WORD}"\n`, 'x='],
    ];
    const without: string[] = [];
    for (const [languageId, text, word] of docs) {
      const doc = TextDocument.create(`file:///hostile/md/${languageId}`, languageId, 1, text);
      const at = text.indexOf(word) + 1;
      const h = service.hover(doc, doc.positionAt(at));
      if (!h) {
        without.push(`${languageId}: ${word}`);
        continue;
      }
      const html = markdownIt!(h.markdown);
      assert.doesNotMatch(
        html,
        /<img\b|<script\b|<a\s[^>]*evil|\ssrc="[^"]*evil/i,
        `${languageId} hover on ${word}:\n${h.markdown}\n→ ${html}`,
      );
      service.forget(doc.uri);
    }
    assert.deepEqual(without, [], 'these gave no hover, so nothing was checked');
  },
);
