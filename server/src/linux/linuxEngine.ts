// Linux kernel command-line engine. Placeholder until the Linux knowledge lands.
import type { CmdlineEngine } from '../cmdline/engine';

export const linuxEngine: CmdlineEngine = {
  diagnose: () => [],
  hover: () => null,
  complete: () => [],
  target: () => 'Linux (no knowledge loaded)',
};
