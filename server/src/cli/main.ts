// The `xen-config` command: a thin layer over the language service.
import { CHECK_USAGE, ENABLE_USAGE, EXPLAIN_USAGE, OLDDEFCONFIG_USAGE } from './usage';
import { VERSION } from '../service/version';
import { UsageError } from './args';
import type { CliIO } from './io';
import { spawn } from 'node:child_process';

const USAGE = `xen-config — checks Xen and Linux boot and kernel configuration files

${CHECK_USAGE}

${EXPLAIN_USAGE}

${OLDDEFCONFIG_USAGE}

${ENABLE_USAGE}

Exit status: 0 no errors, 1 at least one error-severity diagnostic, 2 bad usage or unreadable input.`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    switch (cmd) {
      // Each command's code (and the knowledge it reads) loads only when that command runs.
      case 'check':
        return await (await import('./check')).checkCommand(rest, io);
      case 'explain':
        return (await import('./explain')).explainCommand(rest, io);
      case 'olddefconfig':
        return await (await import('./olddefconfig')).olddefconfigCommand(rest, io);
      case 'enable':
        return await (await import('./enable')).enableCommand(rest, io);
      case '__store-tree-cache':
        return (await import('./backgroundStore')).storeTreeCacheCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      case '-V':
      case '--version':
        io.stdout(`${VERSION}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${cmd}" (try: xen-config check PATH...)`);
    }
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`xen-config: ${msg.split('\n')[0]}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `xen-config check … | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    else throw e;
  });
  const io: CliIO = {
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
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
