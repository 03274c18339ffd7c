// Language ids and how a file name maps to one. Kept in step with package.json's
// `contributes.languages` (a test compares them).

export const LANGUAGE_IDS = ['menu-lst', 'grub-cfg', 'grub-default', 'kernel-config', 'kconfig', 'xl-cfg'] as const;
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
  if (base === 'xl.conf' || base.endsWith('.xl') || /(^|\/)xen\/[^/]+\.cfg$/.test(norm)) return 'xl-cfg';
  if (base === 'Kconfig' || base.startsWith('Kconfig.')) return 'kconfig';
  if (base === '.config' || base === 'defconfig' || base.endsWith('.config') || base.endsWith('_defconfig') || /^config-\d/.test(base)) {
    return 'kernel-config';
  }
  return undefined;
}
