// Language ids and how a file name maps to one. Kept in step with package.json's
// `contributes.languages` (a test compares them).

export const LANGUAGE_IDS = [
  'menu-lst',
  'grub-cfg',
  'grub-default',
  'kernel-config',
  'kconfig',
  'xl-cfg',
  'xen-efi-cfg',
  'syslinux-cfg',
  'ipxe',
  'dts',
  'uboot-script',
] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export function isLanguageId(id: string): id is LanguageId {
  return (LANGUAGE_IDS as readonly string[]).includes(id);
}

/** The language of a file from its path alone, or undefined when the name says nothing. */
export function languageForPath(path: string): LanguageId | undefined {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (base === 'menu.lst' || base === 'grub.conf') return 'menu-lst';
  if (base === 'grub.cfg') return 'grub-cfg';
  if (/(^|\/)default\/grub$/.test(norm) || /(^|\/)default\/grub\.d\/[^/]+\.cfg$/.test(norm)) return 'grub-default';
  // Xen's EFI configuration file sits beside xen.efi on the EFI system partition (…/EFI/xen/xen.cfg,
  // or <image name>.cfg such as xen-4.17.0.cfg); /etc/xen/*.cfg stays xl's.
  if (isXenEfiCfgPath(norm, base)) return 'xen-efi-cfg';
  // SYSLINUX, EXTLINUX and ISOLINUX; PXELINUX reads pxelinux.cfg/<MAC, IP or default>.
  if (
    base === 'syslinux.cfg' ||
    base === 'extlinux.conf' ||
    base === 'isolinux.cfg' ||
    /(^|\/)pxelinux\.cfg\/[^/]+$/.test(norm)
  )
    return 'syslinux-cfg';
  // iPXE scripts by their usual extension; others by their #!ipxe first line (languageForFile).
  if (base.endsWith('.ipxe')) return 'ipxe';
  // /etc/xen/auto/ is xendomains' folder of domains to start at boot.
  if (base === 'xl.conf' || base.endsWith('.xl') || /(^|\/)xen\/(auto\/)?[^/]+\.cfg$/.test(norm)) return 'xl-cfg';
  if (base === 'Kconfig' || base.startsWith('Kconfig.')) return 'kconfig';
  // Device tree sources; U-Boot boot scripts by the names they carry before mkimage (boot.cmd in
  // Buildroot, Yocto and Armbian, boot.source from Xen's ImageBuilder).
  if (base.endsWith('.dts') || base.endsWith('.dtsi')) return 'dts';
  if (base === 'boot.cmd' || base === 'boot.source' || base === 'boot.script') return 'uboot-script';
  if (
    base === '.config' ||
    base === 'defconfig' ||
    base.endsWith('.config') ||
    base.endsWith('_defconfig') ||
    /^config-\d/.test(base)
  ) {
    return 'kernel-config';
  }
  return undefined;
}

/** xen.cfg or xen-<version>.cfg in a folder of an EFI system partition (a path with an `EFI` folder). */
function isXenEfiCfgPath(norm: string, base: string): boolean {
  return /^xen([-_.][^/]*)?\.cfg$/i.test(base) && /(^|\/)efi\//i.test(norm) && !/(^|\/)etc\//.test(norm);
}

/**
 * `*.config` names many other things (.NET's web.config, app.config, nuget.config): for those
 * names only the content says whether the file is a kernel configuration.
 */
export function nameNeedsContent(path: string): boolean {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  return base !== '.config' && base.endsWith('.config') && languageForPath(path) === 'kernel-config';
}

const CONFIG_LINE = /^\s*(?:CONFIG_[A-Za-z0-9_]+=|#\s*CONFIG_[A-Za-z0-9_]+ is not set\s*$)/;
const CONF_MARK =
  /^#\s*(?:Automatically generated (?:file|make config)|Linux\/\S+ \S+ Kernel Configuration|Linux kernel version:)/;

/**
 * Does the text read as a kernel configuration? `strict` (for files whose name says nothing):
 * conf's header, or only configuration lines and comments with at least one `CONFIG_` line.
 * Otherwise (a `*.config` name): no markup, and at least half of the non-comment lines are
 * `CONFIG_` lines, so a fragment with a typo still counts. Looks at the first 200 lines.
 */
export function looksLikeKernelConfig(text: string, strict = false): boolean {
  let config = 0;
  let other = 0;
  let seen = 0;
  let start = 0;
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  while (start <= head.length && seen < 200) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const line = head
      .slice(start, end)
      .replace(/\r$/, '')
      .replace(/^\uFEFF/, '');
    start = end + 1;
    if (line.trim() === '') continue;
    seen++;
    if (CONF_MARK.test(line)) return true;
    if (CONFIG_LINE.test(line)) {
      config++;
      continue;
    }
    const t = line.trimStart();
    if (t.startsWith('<')) return false; // XML and HTML
    if (t.startsWith('#')) continue;
    other++;
  }
  if (strict) return config > 0 && other === 0;
  return config === 0 ? other === 0 : config >= other;
}

/**
 * The language of a file from its path and, where the name is not enough, its content: `*.config`
 * files must read as kernel configurations; files whose name says nothing (a `config`,
 * `config-base` or `x.myfrag`) are kernel configurations when conf's header or only
 * configuration lines say so.
 */
export function languageForFile(path: string, text: () => string): LanguageId | undefined {
  const byName = languageForPath(path);
  if (byName === 'kernel-config' && nameNeedsContent(path)) return looksLikeKernelConfig(text()) ? byName : undefined;
  // .dts also names DTS audio files (binary) and boot.cmd a Windows batch file now and then.
  if (byName === 'dts' && text().slice(0, 65536).includes('\0')) return undefined;
  if (byName === 'uboot-script' && /^[ \t]*@?echo[ \t]+off\b/im.test(text().slice(0, 65536))) return undefined;
  if (byName) return byName;
  // iPXE runs a file as a script only when it starts with #!ipxe (or the older #!gpxe) and a blank.
  if (/^#![ig]pxe[ \t\n\v\f\r]/.test(text().slice(0, 16))) return 'ipxe';
  return looksLikeKernelConfig(text(), true) ? 'kernel-config' : undefined;
}
