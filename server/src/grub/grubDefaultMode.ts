// /etc/default/grub and grub.d/*.cfg. Not built yet: see the GRUB boot menus issue.
import { emptyMode, type LanguageMode } from '../service/mode';

export const grubDefaultMode: LanguageMode = emptyMode;
