// Language ids and how a file name maps to one. Kept in step with package.json's
// `contributes.languages` (a test compares them).
import * as fs from 'node:fs';

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
  // Many setups keep it elsewhere (at the top of a repository, in boot/, efi/ or xen/): such a name
  // is Xen's file only when its content says so (xl's domain files are .cfg too); see languageForFile.
  if (isXenCfgName(norm, base) && !/(^|\/)xen\/(auto\/)?[^/]+\.cfg$/.test(norm)) return 'xen-efi-cfg';
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
  // Linux 6.5 on names device-tree overlays *.dtso.
  if (base.endsWith('.dts') || base.endsWith('.dtsi') || base.endsWith('.dtso')) return 'dts';
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

/** xen.cfg or xen-<version>.cfg outside an EFI folder and outside /etc (where xl's files live). */
function isXenCfgName(norm: string, base: string): boolean {
  return /^xen([-_.][^/]*)?\.cfg$/i.test(base) && !/(^|\/)efi\//i.test(norm) && !/(^|\/)etc\//.test(norm);
}

/** Keys only xl's domain files have (xen.efi reads none of them). */
const XL_ONLY_KEYS =
  /^(?:name|memory|maxmem|vcpus|maxvcpus|vif|disk|builder|type|on_reboot|on_crash|on_poweroff|uuid|pci|vfb|bootloader|extra|cmdline|root|device_model_version|serial|usbdevice|boot)$/;
/** Keys only xen.efi reads (xl has none of them). */
const EFI_ONLY_KEYS = /^(?:options|dtb|xsm|ucode|chain|default)$/;

/**
 * Does the text read as Xen's EFI configuration file (the one xen.efi reads)? Either sections, with
 * a `[global]` section naming the `default=` one and a section that sets `options=` or `kernel=`;
 * or no sections at all (xen.efi then reads the keys from the top of the file), with `options=` or
 * `dtb=` and no key of xl's domain files. An xl file has `name = …`, `memory = …` lines and never a
 * section line. Looks at the first 200 lines.
 */
export function looksLikeXenEfiCfg(text: string): boolean {
  const lines = text.slice(0, 65536).split(/\r?\n/).slice(0, 200);
  let section: string | undefined;
  let sections = 0;
  let globalDefault = false;
  let bootSection = false;
  let efiKey = false;
  let xlKey = false;
  for (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const head = /^\[([^\]]*)\]$/.exec(line);
    if (head) {
      section = head[1].trim();
      sections++;
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    if (XL_ONLY_KEYS.test(key) || /^["'[]/.test(value)) xlKey = true;
    if (EFI_ONLY_KEYS.test(key)) efiKey = true;
    if (section === 'global' && key === 'default') globalDefault = true;
    if (section !== undefined && section !== 'global' && (key === 'options' || key === 'kernel')) bootSection = true;
  }
  if (sections) return globalDefault && bootSection;
  return efiKey && !xlKey;
}

/** No section line and some `key = value` line of xl's domain files. */
function looksLikeXlCfg(text: string): boolean {
  const lines = text.slice(0, 65536).split(/\r?\n/).slice(0, 200);
  if (lines.some((l) => /^\s*\[[^\]=]*\]\s*$/.test(l))) return false;
  return lines.some((l) => {
    const kv = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(l);
    return kv !== null && (XL_ONLY_KEYS.test(kv[1]) || /^["'[]/.test(kv[2]));
  });
}

/**
 * A `*.cfg` in the same folder as a `xen*.efi` image, or as an `.efi` of its own name: xen.efi reads
 * <its own name>.cfg beside it, whatever it was renamed to (a Gentoo report's roger0528.efi read
 * roger0528.cfg; its content still has to read as Xen's).
 */
function besideXenEfi(norm: string, base: string): boolean {
  if (!/\.cfg$/i.test(base) || /(^|\/)etc\//.test(norm)) return false;
  const dir = norm.slice(0, norm.lastIndexOf('/') + 1) || './';
  const own = `${base.slice(0, -4)}.efi`.toLowerCase();
  try {
    return fs.readdirSync(dir).some((n) => /^xen[^/]*\.efi$/i.test(n) || n.toLowerCase() === own);
  } catch {
    return false;
  }
}

/**
 * `*.config` names many other things (.NET's web.config, app.config, nuget.config): for those
 * names only the content says whether the file is a kernel configuration.
 */
export function nameNeedsContent(path: string): boolean {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (isXenCfgName(norm, base)) return true;
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
  // xen.cfg outside an EFI folder, or a .cfg beside xen.efi: Xen's file when its content reads so.
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (isXenCfgName(norm, base) || ((byName === undefined || byName === 'xl-cfg') && besideXenEfi(norm, base))) {
    if (looksLikeXenEfiCfg(text())) return 'xen-efi-cfg';
    if (byName === 'xen-efi-cfg') return looksLikeXlCfg(text()) ? 'xl-cfg' : byName;
  }
  if (byName) return byName;
  // iPXE runs a file as a script only when it starts with #!ipxe (or the older #!gpxe) and a blank.
  if (/^#![ig]pxe[ \t\n\v\f\r]/.test(text().slice(0, 16))) return 'ipxe';
  return looksLikeKernelConfig(text(), true) ? 'kernel-config' : undefined;
}
