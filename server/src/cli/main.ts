// The `xen-config` command: a thin layer over the language service.
import { CHECK_USAGE, ENABLE_USAGE, EXPLAIN_USAGE, OLDDEFCONFIG_USAGE } from './usage';
import { VERSION } from '../service/version';
import { UsageError } from './args';
import type { CliIO } from './io';
import { runAsProgram } from './nodeMain';

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

if (require.main === module) runAsProgram(run);
