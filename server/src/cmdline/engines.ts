// The command-line engines by kind.
import type { CmdlineEngine } from './engine';
import type { CmdlineKind } from './segment';
import { xenEngine } from '../xen/xenEngine';
import { linuxEngine } from '../linux/linuxEngine';

export const engines: Record<CmdlineKind, CmdlineEngine> = { xen: xenEngine, linux: linuxEngine };
