// Which language mode answers for which language id.
import type { LanguageId } from './core/languages';
import type { LanguageMode } from './core/mode';
import { menuLstMode } from './grub/menuLstMode';
import { grubCfgMode } from './grub/grubCfgMode';
import { grubDefaultMode } from './grub/grubDefaultMode';
import { kernelConfigMode } from './kernelconfig/kernelConfigMode';
import { xlCfgMode } from './xl/xlCfgMode';
import { kconfigMode } from './kernelconfig/kconfigMode';
import { efiCfgMode } from './xenefi/efiCfgMode';
import { syslinuxMode } from './syslinux/syslinuxMode';
import { ipxeMode } from './ipxe/ipxeMode';
import { dtsMode } from './devicetree/dtsMode';
import { ubootScriptMode } from './devicetree/ubootMode';

export const modes: Record<LanguageId, LanguageMode> = {
  'menu-lst': menuLstMode,
  'grub-cfg': grubCfgMode,
  'grub-default': grubDefaultMode,
  'kernel-config': kernelConfigMode,
  kconfig: kconfigMode,
  'xl-cfg': xlCfgMode,
  'xen-efi-cfg': efiCfgMode,
  'syslinux-cfg': syslinuxMode,
  ipxe: ipxeMode,
  dts: dtsMode,
  'uboot-script': ubootScriptMode,
};
