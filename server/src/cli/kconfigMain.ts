// `xen-config olddefconfig` (and the background store it starts) as a program of its own: the
// loader (scripts/code-cache-loader.cjs) starts this bundle instead of the whole CLI's for these
// commands. A kernel build may run olddefconfig many times, and a warm run is a few hundred
// milliseconds: the CLI's other commands and knowledge (four fifths of its bundle) are left out of
// its start (−10 ms and −3.5 MB peak memory on Debian's 6.1 tree). main.ts runs them the same way.
import { olddefconfigCommand } from './olddefconfig';
import { storeTreeCacheCommand, STORE_COMMAND } from './backgroundStore';
import type { CliIO } from './io';
import { runAsProgram } from './nodeMain';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'olddefconfig') return await olddefconfigCommand(rest, io);
    if (cmd === STORE_COMMAND) return storeTreeCacheCommand(rest, io);
    io.stderr(`xen-config: this entry runs only olddefconfig, not "${cmd ?? ''}"\n`);
    return 2;
  } catch (e) {
    io.stderr(`xen-config: internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
    return 2;
  }
}

if (require.main === module) runAsProgram(run);
