// A minimal LSP client over stdio for tests: spawns dist/server.js and speaks JSON-RPC to it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** The built server; XEN_CONFIG_TEST_SERVER points the tests at another bundle (a private build). */
export const SERVER = process.env.XEN_CONFIG_TEST_SERVER ?? path.resolve(__dirname, '..', 'dist', 'server.js');

export interface TestClient {
  conn: ProtocolConnection;
  proc: ChildProcess;
  stderr: () => string;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Sent as initialize's rootUri and single workspace folder. */
  rootUri?: string;
  /** Answers each item of a `workspace/configuration` request (default: null). */
  configuration?: (item: { section?: string; scopeUri?: string }) => unknown;
}

export async function startClient(
  initializationOptions?: unknown,
  capabilities: object = {},
  options: ClientOptions = {},
): Promise<TestClient> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<() => void> = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string; scopeUri?: string }> }) =>
    p.items.map((item) => options.configuration?.(item) ?? null),
  );
  conn.listen();
  const { rootUri } = options;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: rootUri ?? null,
    capabilities,
    initializationOptions,
    ...(rootUri ? { workspaceFolders: [{ uri: rootUri, name: 'workspace' }] } : {}),
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    stderr: () => err,
    diagnostics(uri, version, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${err}`)),
          timeoutMs,
        );
        const look = () => {
          const i = published.findIndex((p) => p.uri === uri && (version === undefined || p.version === version));
          if (i >= 0) {
            clearTimeout(timer);
            resolve(published.splice(i, 1)[0]);
          } else waiters.push(look);
        };
        look();
      });
    },
    async close() {
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      conn.dispose();
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, 3000);
        proc.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
