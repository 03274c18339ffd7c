// Xen hypervisor command-line engine. Placeholder until the Xen knowledge lands.
import type { CmdlineEngine } from '../cmdline/engine';

export const xenEngine: CmdlineEngine = {
  diagnose: () => [],
  hover: () => null,
  complete: () => [],
  target: () => 'Xen (no knowledge loaded)',
};
