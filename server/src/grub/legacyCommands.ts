// The GRUB legacy command table, loaded from server/data/grub/legacy-commands.json.
import data from '../../data/grub/legacy-commands.json';

export type OptionInfo = string | { summary: string; values?: string[]; distribution?: boolean };

export interface LegacyCommandInfo {
  /** `menu`: accepted before the first `title` (BUILTIN_MENU); `entry`: inside an entry (BUILTIN_CMDLINE). */
  where: Array<'menu' | 'entry'>;
  usage: string;
  /** Argument kinds, see `argumentKinds` in the data file. */
  args: string[];
  options?: Record<string, OptionInfo>;
  summary: string;
  distribution?: boolean;
  netboot?: boolean;
}

export const legacyCommands: Record<string, LegacyCommandInfo> = data.commands as Record<string, LegacyCommandInfo>;

export function optionSummary(o: OptionInfo): string {
  return typeof o === 'string' ? o : o.summary;
}

export function optionValues(o: OptionInfo): string[] | undefined {
  return typeof o === 'string' ? undefined : o.values;
}
