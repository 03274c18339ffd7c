// Xen domain configuration files (xl.cfg, xl.conf). Not built yet: see issue "Xen domain configuration files".
import { emptyMode, type LanguageMode } from '../service/mode';

export const xlCfgMode: LanguageMode = emptyMode;
