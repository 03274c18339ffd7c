// Issue 22's acceptance: with a project settings file (.xen-config.json) present, the same file gets
// the same diagnostics from the built CLI (`check --format json`) and from the LSP server over
// stdio; a changed settings file (workspace/didChangeWatchedFiles) changes them; a malformed one is
// a clear warning (once per change), the files are judged without it, and the server keeps serving;
// a kernel tree the project names is not used in an untrusted workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './lspClient';

const root = path.resolve(__dirname, '..');
const CLI = process.env.XEN_CONFIG_TEST_CLI ?? path.join(root, 'dist', 'cli.js');

/** The example files copied into the temporary repository, with the language the CLI gives them. */
const FILES: Array<{ from: string; to: string; language: string }> = [
  { from: 'examples/boot/grub2/grub.cfg', to: 'boot/grub/grub.cfg', language: 'grub-cfg' },
  { from: 'examples/boot/grub/menu.lst', to: 'boot/grub/menu.lst', language: 'menu-lst' },
  { from: 'examples/kernel/dom0.config', to: 'kernel/dom0.config', language: 'kernel-config' },
  { from: 'examples/kernel/domU.config', to: 'kernel/guests/domU.config', language: 'kernel-config' },
  { from: 'examples/xen/pv-guest.cfg', to: 'xen/pv-guest.cfg', language: 'xl-cfg' },
];

const PROJECT = {
  xenVersion: '4.14',
  linuxVersion: '5.10',
  role: 'dom0',
  disable: ['xen/unknown-parameter'],
  overrides: [{ files: 'kernel/guests/**', role: 'domU', disable: ['kconfig/repeated-assignment'] }],
};

type Row = [
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  severity: string,
  code: string,
  message: string,
];
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function makeRepo(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'xc-project-')));
  for (const f of FILES) {
    fs.mkdirSync(path.dirname(path.join(dir, f.to)), { recursive: true });
    fs.copyFileSync(path.join(root, f.from), path.join(dir, f.to));
  }
  fs.writeFileSync(path.join(dir, '.xen-config.json'), JSON.stringify(PROJECT, null, 2));
  return dir;
}

/** The CLI's findings for every file in one run, as 0-based rows (the JSON output is 1-based). */
function cliRows(dir: string, extra: string[] = []): Map<string, Row[]> {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, 'check', '--format', 'json', ...extra, ...FILES.map((f) => f.to)], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (e) {
    const r = e as { status?: number; stdout: string; stderr: string };
    assert.equal(r.status, 1, `CLI exit ${r.status}: ${r.stderr}`);
    out = r.stdout;
  }
  const files = (
    JSON.parse(out) as {
      files: Array<{
        path: string;
        diagnostics: Array<{
          line: number;
          column: number;
          endLine: number;
          endColumn: number;
          severity: string;
          code: string;
          message: string;
        }>;
      }>;
    }
  ).files;
  return new Map(
    files.map((file) => [
      file.path,
      file.diagnostics
        .map((d) => [d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1, d.severity, d.code, d.message] as Row)
        .sort(order),
    ]),
  );
}

function lspRows(ds: LspDiagnostic[]): Row[] {
  return ds
    .map(
      (d) =>
        [
          d.range.start.line,
          d.range.start.character,
          d.range.end.line,
          d.range.end.character,
          SEVERITY[d.severity ?? 0],
          String(d.code),
          d.message,
        ] as Row,
    )
    .sort(order);
}

function order(a: Row, b: Row): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

const uriOf = (dir: string, rel: string) => `file://${encodeURI(path.join(dir, rel))}`;

/** Opens every file and returns each one's first published diagnostics. */
async function openAll(client: TestClient, dir: string): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const f of FILES) {
    const uri = uriOf(dir, f.to);
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: f.language, version: 1, text: fs.readFileSync(path.join(dir, f.to), 'utf8') },
    });
    out.set(f.to, lspRows((await client.diagnostics(uri, 1)).diagnostics));
  }
  return out;
}

/** The next diagnostics of every open file, after something (a settings file change) made the server judge them again. */
async function republished(client: TestClient, dir: string): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const f of FILES) out.set(f.to, lspRows((await client.diagnostics(uriOf(dir, f.to), 1)).diagnostics));
  return out;
}

const settingsChanged = (client: TestClient, dir: string, type: number) =>
  client.conn.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriOf(dir, '.xen-config.json'), type }],
  });

test('project settings: the CLI and the LSP server give the same diagnostics; a change and a broken file are followed', async (t) => {
  const dir = makeRepo();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const registrations: Array<{ method: string; registerOptions?: { watchers?: Array<{ globPattern: unknown }> } }> = [];
  const client = await startClient(
    undefined,
    { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    { rootUri: `file://${dir}` },
  );
  t.after(() => client.close());
  client.conn.onRequest('client/registerCapability', (p: { registrations: typeof registrations }) => {
    registrations.push(...p.registrations);
    return null;
  });
  const messages: Array<{ type: number; message: string }> = [];
  client.conn.onNotification('window/showMessage', (m: { type: number; message: string }) => {
    messages.push(m);
  });

  // 1. The same diagnostics, and the project file really changed them.
  const first = await openAll(client, dir);
  let differs = 0;
  const [withProject, withoutProject] = [cliRows(dir), cliRows(dir, ['--no-project'])];
  for (const f of FILES) {
    const cli = withProject.get(f.to)!;
    assert.deepEqual(first.get(f.to), cli, `${f.to}: LSP and CLI differ`);
    assert.ok(!cli.some((r) => r[5] === 'xen/unknown-parameter'), `${f.to}: a disabled code is reported`);
    if (JSON.stringify(cli) !== JSON.stringify(withoutProject.get(f.to))) differs++;
  }
  assert.ok(differs >= 3, `the project file changes the findings of only ${differs} files`);
  assert.ok(
    withoutProject.get('boot/grub/grub.cfg')!.some((r) => r[5] === 'xen/unknown-parameter'),
    'the example has an unknown Xen parameter',
  );
  assert.ok(
    registrations.some(
      (r) =>
        r.method === 'workspace/didChangeWatchedFiles' &&
        r.registerOptions?.watchers?.some((w) => w.globPattern === '**/.xen-config.json'),
    ),
    JSON.stringify(registrations),
  );

  // Hovers and the status say where the target comes from.
  const grub = fs.readFileSync(path.join(dir, 'boot/grub/grub.cfg'), 'utf8').split('\n');
  const line = grub.findIndex((l) => l.includes('dom0_mem='));
  const hover = (await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri: uriOf(dir, 'boot/grub/grub.cfg') },
    position: { line, character: grub[line].indexOf('dom0_mem=') + 2 },
  })) as { contents: { value: string } } | null;
  assert.match(hover?.contents.value ?? '', /Target from \.xen-config\.json: Linux 5\.10, Xen 4\.14, role dom0/);
  const status = (await client.conn.sendRequest('xenConfig/status', {
    uri: uriOf(dir, 'kernel/guests/domU.config'),
  })) as { targets: string[]; project?: string };
  assert.match(
    status.project ?? '',
    /^target from \.xen-config\.json \(.*\.xen-config\.json\): Linux 5\.10, Xen 4\.14, role domU; silences xen\/unknown-parameter, kconfig\/repeated-assignment/,
  );
  assert.ok(
    status.targets.some((s) => s.startsWith('Linux 5.10')),
    JSON.stringify(status),
  );

  // 2. A changed settings file: the open files are judged again, still as the CLI judges them.
  fs.writeFileSync(path.join(dir, '.xen-config.json'), JSON.stringify({ linuxVersion: '6.1', xenVersion: '4.17' }));
  await settingsChanged(client, dir, 2);
  const second = await republished(client, dir);
  const cliSecond = cliRows(dir);
  for (const f of FILES)
    assert.deepEqual(second.get(f.to), cliSecond.get(f.to), `${f.to}: after the change, LSP and CLI differ`);
  assert.ok(
    second.get('boot/grub/grub.cfg')!.some((r) => r[5] === 'xen/unknown-parameter'),
    'no longer disabled, the code is back',
  );
  assert.notDeepEqual(second.get('kernel/dom0.config'), first.get('kernel/dom0.config'));

  // 3. A malformed settings file: one clear warning, the files judged without it, the server still serving.
  fs.writeFileSync(path.join(dir, '.xen-config.json'), '{ "linuxVersion": "6.1", ');
  await settingsChanged(client, dir, 2);
  const third = await republished(client, dir);
  const cliThird = cliRows(dir, ['--no-project']);
  for (const f of FILES) assert.deepEqual(third.get(f.to), cliThird.get(f.to), `${f.to}: with a broken settings file`);
  const warnings = messages.filter((m) => m.type === 2);
  assert.equal(warnings.length, 1, JSON.stringify(messages));
  assert.match(warnings[0].message, /\.xen-config\.json: not valid JSON .*not used until it is fixed/);
  const broken = (await client.conn.sendRequest('xenConfig/status', { uri: uriOf(dir, 'kernel/dom0.config') })) as {
    project?: string;
  };
  assert.match(broken.project ?? '', /^\.xen-config\.json not used: .*not valid JSON/);
  const cli = (() => {
    try {
      execFileSync(process.execPath, [CLI, 'check', 'kernel/dom0.config'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return { status: 0, stderr: '' };
    } catch (e) {
      return e as { status: number; stderr: string };
    }
  })();
  assert.equal(cli.status, 2, 'the CLI stops on a broken settings file');
  assert.match(cli.stderr, /not valid JSON/);

  // 4. Removed: back to no project settings, with no second warning.
  fs.rmSync(path.join(dir, '.xen-config.json'));
  await settingsChanged(client, dir, 3);
  const fourth = await republished(client, dir);
  const cliFourth = cliRows(dir);
  for (const f of FILES) assert.deepEqual(fourth.get(f.to), cliFourth.get(f.to), `${f.to}: with no settings file`);
  assert.equal(messages.filter((m) => m.type === 2).length, 1);
  assert.equal(client.proc.exitCode, null, 'the server is still running');
});

test('project settings: a kernel tree named by the project is used only in a trusted workspace', async (t) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'xc-project-trust-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(path.join(root, 'examples/kernel/dom0.config'), path.join(dir, 'dom0.config'));
  fs.writeFileSync(
    path.join(dir, '.xen-config.json'),
    JSON.stringify({ linuxVersion: '6.1', kernelSourcePath: 'linux' }),
  );
  const uri = uriOf(dir, 'dom0.config');
  const statusWith = async (trusted: boolean | undefined) => {
    const client = await startClient(
      undefined,
      { workspace: { configuration: true } },
      {
        rootUri: `file://${dir}`,
        configuration: (item) =>
          item.scopeUri ? { workspaceTrusted: true } : trusted === undefined ? {} : { workspaceTrusted: trusted },
      },
    );
    try {
      await client.conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri,
          languageId: 'kernel-config',
          version: 1,
          text: fs.readFileSync(path.join(dir, 'dom0.config'), 'utf8'),
        },
      });
      await client.diagnostics(uri, 1);
      // The configuration answer arrives after initialized: ask until the settings are in.
      for (let i = 0; ; i++) {
        const s = (await client.conn.sendRequest('xenConfig/status', { uri })) as {
          knowledge: string;
          project?: string;
        };
        if (trusted !== false || /not trusted/.test(s.project ?? '') || i > 50) return s;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await client.close();
    }
  };
  const untrusted = await statusWith(false);
  assert.match(untrusted.project ?? '', /Linux 6\.1; its kernelSourcePath is not used: the workspace is not trusted/);
  assert.doesNotMatch(untrusted.knowledge, /kernel tree|Kconfig files/);
  // A workspace folder's answer cannot make itself trusted (above), and an editor that says nothing is trusted.
  const silent = await statusWith(undefined);
  assert.match(
    silent.project ?? '',
    new RegExp(`kernel tree ${path.join(dir, 'linux').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  assert.doesNotMatch(silent.project ?? '', /not trusted/);
});
