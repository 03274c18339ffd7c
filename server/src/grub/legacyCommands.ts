// The GRUB legacy command table, loaded from server/data/grub/legacy-commands.json.
import data from '../../data/grub/legacy-commands.json';

export interface LegacyCommandInfo {
  where: Array<'menu' | 'entry'>;
  args: string;
  summary: string;
  distribution?: boolean;
}

export const legacyCommands: Record<string, LegacyCommandInfo> = data.commands as Record<string, LegacyCommandInfo>;
