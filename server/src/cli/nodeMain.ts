// What the command line's entry files (main.ts, kconfigMain.ts) share: the process's input and
// output as a CliIO, and running a command as the program.
import { spawn } from 'node:child_process';
import type { CliIO } from './io';

/** The real command line's io: standard output and error, the working directory, starting itself again. */
export function processIo(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    spawnSelf: (args) => {
      // the same node, flags and entry file (dist/cli.js, or the sources under tsx)
      const entry = process.argv[1];
      if (!entry) throw new Error('no entry file');
      const child = spawn(process.execPath, [...process.execArgv, entry, ...args], {
        detached: true,
        stdio: 'ignore',
        // the compiled code is this process's to store (see scripts/code-cache-loader.cjs)
        env: { ...process.env, XEN_CONFIG_CODE_CACHE: process.env.XEN_CONFIG_CODE_CACHE === '0' ? '0' : 'read' },
      });
      // a start that fails (no more processes) is reported after this returns: nothing is lost but
      // the cache, and it must not end this process with an error
      child.on('error', () => undefined);
      child.unref();
    },
  };
}

/** Runs `run` on the process's arguments; its result is the exit status. */
export function runAsProgram(run: (argv: string[], io: CliIO) => Promise<number>): void {
  // `xen-config check … | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    else throw e;
  });
  void run(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
