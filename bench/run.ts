// `npm run bench`: the numbers that matter, each beside a reference measured in the same run,
// printed as one table and written to bench/results/<timestamp>.json for comparison across runs.
import { debianTree } from '../scripts/kernel-trees';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/service/service';
import { nodeFs } from '../server/src/service/nodeFs';
import { resolveSettings, type Settings } from '../server/src/core/types';
import { loadTreeNow } from '../server/src/kernelconfig/kernelTree';
import { startClient } from '../test/lspClient';

export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  reference?: string;
  referenceValue?: number;
}

const root = path.resolve(__dirname, '..');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** A real 10,000-line configuration when Debian's is installed, else one made from the examples. */
function bigConfig(): { text: string; source: string } {
  const debian = '/usr/src/linux-config-6.1/config.amd64_none_amd64.xz';
  if (existsSync(debian))
    return {
      text: execFileSync('xz', ['-dc', debian], { encoding: 'utf8', maxBuffer: 1 << 28 }),
      source: 'Debian 6.1 amd64 config',
    };
  const lines: string[] = [];
  for (let i = 0; lines.length < 10_000; i++) lines.push(i % 3 ? `CONFIG_SYM_${i}=y` : `# CONFIG_SYM_${i} is not set`);
  return { text: lines.join('\n') + '\n', source: 'synthetic 10,000-line config' };
}

async function firstDiagnostics(): Promise<Row[]> {
  const text = readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8');
  const runs: number[] = [];
  const nodeStarts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    execFileSync(process.execPath, ['-e', '0']);
    nodeStarts.push(Date.now() - t0);
    const t = Date.now();
    const client = await startClient();
    const uri = `file:///bench/${i}/menu.lst`;
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'menu-lst', version: 1, text },
    });
    await client.diagnostics(uri, 1);
    runs.push(Date.now() - t);
    await client.close();
  }
  return [
    {
      name: `server start → first diagnostics (menu.lst, bundled knowledge), median of 5 (${(
        percentile(runs, 50) / percentile(nodeStarts, 50)
      ).toFixed(1)}× node)`,
      value: percentile(runs, 50),
      unit: 'ms',
      target: '≤ 2× bare node',
      reference: 'bare `node -e 0` start',
      referenceValue: percentile(nodeStarts, 50),
    },
  ];
}

/** Diagnoses `text`, then 100 one-line edits of it; the first time and the edit times. */
function editLoop(settings: Settings, text: string): { full: number; samples: number[] } {
  const service = createLanguageService({ settings });
  const lines = text.split('\n');
  let doc = TextDocument.create(
    `file:///bench/${settings.kernelSourcePath ? 'tree' : 'bundled'}/.config`,
    'kernel-config',
    1,
    text,
  );
  const full = time(() => service.diagnose(doc));
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) {
    // one line changed, sent as a ranged change the way an editor with incremental sync sends it
    const line = 100 + ((i * 97) % (lines.length - 200));
    const before = lines[line];
    lines[line] = /=y$/.test(before) ? before.replace(/=y$/, '=m') : before.replace(/=m$/, '=y');
    const range = { start: { line, character: 0 }, end: { line, character: before.length } };
    doc = TextDocument.update(doc, [{ range, text: lines[line] }], doc.version + 1);
    samples.push(time(() => service.diagnose(doc)));
  }
  return { full, samples };
}

function treeRows(text: string): Row[] {
  const src = debianTree('6.1');
  if (!existsSync(path.join(src, 'Kconfig'))) return [];
  const settings: Settings = { linuxVersion: '6.1', kernelSourcePath: src };
  const t = Date.now();
  loadTreeNow(resolveSettings(settings), nodeFs);
  const load = Date.now() - t;
  const { full, samples } = editLoop(settings, text);
  return [
    { name: 'Linux 6.1 tree load in the editor (no shell probes)', value: load, unit: 'ms' },
    { name: 'first full diagnosis with the 6.1 tree (Kconfig engine)', value: full, unit: 'ms' },
    {
      name: 're-diagnosis after a one-line edit, with the 6.1 tree, p50',
      value: percentile(samples, 50),
      unit: 'ms',
    },
    {
      name: 're-diagnosis after a one-line edit, with the 6.1 tree, p95',
      value: percentile(samples, 95),
      unit: 'ms',
      target: '≤ 10 ms',
    },
  ];
}

function rediagnosis(): Row[] {
  const { text, source } = bigConfig();
  const lines = text.split('\n');
  const { full, samples } = editLoop({ linuxVersion: '6.1' }, text);
  const service = createLanguageService();
  const menu = readFileSync(path.join(root, 'examples/boot/grub/menu.lst'), 'utf8');
  const mdoc = TextDocument.create('file:///bench/menu.lst', 'menu-lst', 1, menu);
  const kernelLine = menu.split('\n').findIndex((l) => l.includes('kernel /xen'));
  const hovers: number[] = [];
  const completions: number[] = [];
  for (let i = 0; i < 200; i++) {
    hovers.push(time(() => service.hover(mdoc, { line: kernelLine, character: 30 })));
    completions.push(time(() => service.complete(mdoc, { line: kernelLine, character: 29 })));
  }
  return [
    { name: `first full diagnosis, ${lines.length}-line config (${source})`, value: full, unit: 'ms' },
    {
      name: 're-diagnosis after a one-line edit, bundled knowledge, p50',
      value: percentile(samples, 50),
      unit: 'ms',
    },
    {
      name: 're-diagnosis after a one-line edit, bundled knowledge, p95',
      value: percentile(samples, 95),
      unit: 'ms',
      target: '≤ 5 ms',
    },
    { name: 'hover on a Xen parameter, p95', value: percentile(hovers, 95), unit: 'ms' },
    { name: 'completion of Xen parameters, p95', value: percentile(completions, 95), unit: 'ms' },
    ...treeRows(text),
  ];
}

async function extra(): Promise<Row[]> {
  // The Kconfig engine against the kernel's own conf (needs scripts/prepare-kernel-trees.sh).
  const { kconfigBench } = await import('./kconfig');
  return [...(await kconfigBench()), ...(await (await import('./kconfig-solve')).kconfigSolveBench())];
}

async function main(): Promise<void> {
  // `npm run bench -- --editor-only`: the editor rows alone (start, keystrokes), without the Kconfig runs
  const editorOnly = process.argv.includes('--editor-only');
  const rows: Row[] = [...(await firstDiagnostics()), ...rediagnosis(), ...(editorOnly ? [] : await extra())];
  rows.push({
    name: 'peak resident memory of this benchmark process',
    value: Math.round(process.resourceUsage().maxRSS / 1024),
    unit: 'MB',
  });
  const fmt = (v: number | undefined, unit: string) =>
    v === undefined ? '' : `${v < 10 ? v.toFixed(2) : Math.round(v)} ${unit}`;
  const table = [['measure', 'value', 'reference (same run)', 'target']];
  for (const r of rows)
    table.push([
      r.name,
      fmt(r.value, r.unit),
      r.reference ? `${r.reference}: ${fmt(r.referenceValue, r.unit)}` : '',
      r.target ?? '',
    ]);
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const [i, row] of table.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c])).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
  console.log(`\nwritten to ${path.relative(root, file)}`);
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
