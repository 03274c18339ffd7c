// The GRUB 2 command table, loaded from server/data/grub/grub2-commands.json.
import data from '../../data/grub/grub2-commands.json';

export type Grub2Loader =
  | 'linux'
  | 'initrd'
  | 'multiboot'
  | 'multiboot2'
  | 'module'
  | 'module2'
  | 'xen_hypervisor'
  | 'xen_module'
  | 'chainloader'
  | 'bsd'
  | 'other'
  | 'configfile';

export interface Grub2CommandInfo {
  usage: string;
  summary: string;
  options?: Record<string, string>;
  loader?: Grub2Loader;
  distribution?: boolean;
}

export const grub2Commands: Record<string, Grub2CommandInfo> = data.commands as Record<string, Grub2CommandInfo>;
export const grub2OtherCommands: ReadonlySet<string> = new Set(data.otherCommands);

export function isKnownGrub2Command(name: string): boolean {
  return grub2Commands[name] !== undefined || grub2OtherCommands.has(name);
}

/** Shell keywords of the GRUB 2 script language, for completion and hovers. */
export const GRUB2_KEYWORDS: Record<string, string> = {
  if: 'Runs the commands after `then` when the condition command succeeds: `if COMMANDS; then …; elif …; else …; fi`.',
  then: 'Starts the commands of an `if` branch.',
  elif: 'Another condition of an `if`.',
  else: 'The commands run when no `if` condition succeeded.',
  fi: 'Ends an `if`.',
  for: 'Repeats commands for each word: `for NAME in WORDS; do …; done`.',
  while: 'Repeats commands while a condition succeeds: `while COMMANDS; do …; done`.',
  until: 'Repeats commands until a condition succeeds.',
  do: 'Starts a loop body.',
  done: 'Ends a loop.',
  function: 'Defines a function: `function NAME { … }`.',
};
