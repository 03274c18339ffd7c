// Entry point of dist/server.js. `--node-ipc` (VS Code), `--socket=N` and `--pipe` are read by
// vscode-languageserver's createConnection; `--stdio` (every other editor) reads stdin through
// the frame guard, so a malformed frame closes the connection with a line on stderr instead of
// leaving the server alive but deaf.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { FrameGuard } from './framing';
import { startServer } from './server';

process.on('uncaughtException', (e) => {
  process.stderr.write(
    `xen-config server: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
});

if (process.argv.includes('--stdio')) {
  // stdout carries the protocol: anything logged goes to stderr.
  for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[k] = (...args: unknown[]) => {
      process.stderr.write(`${args.map(String).join(' ')}\n`);
    };
  }
  const input = new FrameGuard((reason) => {
    process.stderr.write(`xen-config server: malformed message from the client (${reason}); closing the connection.\n`);
    // A moment for the answers to the well-framed messages before it, then the end.
    setTimeout(() => process.stdout.end(() => process.exit(1)), 200);
    setTimeout(() => process.exit(1), 2000).unref();
  });
  process.stdin.pipe(input);
  process.stdin.on('close', () => input.end());
  startServer(createConnection(ProposedFeatures.all, input, process.stdout));
} else {
  startServer();
}
