// Entry point of dist/server.js. `--stdio`, `--node-ipc` and `--socket=N` are read by
// vscode-languageserver's createConnection.
import { startServer } from './server';

process.on('uncaughtException', (e) => {
  process.stderr.write(`xen-config server: unexpected error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
});
startServer();
