// GRUB 2 grub.cfg. Not built yet: see the GRUB boot menus issue.
import { emptyMode, type LanguageMode } from '../service/mode';

export const grubCfgMode: LanguageMode = emptyMode;
