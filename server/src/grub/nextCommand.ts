// Which GRUB command a menu entry expects next, for ranking command completion: after a Xen
// `kernel` (GRUB legacy) or `multiboot`/`multiboot2` line with no module yet, `module`/`module2`;
// after a Linux kernel, `initrd`; in an empty entry, the kernel line. Then the commands people use
// most, then the rest alphabetically (the editor puts items matching the typed prefix first).

/** What an entry has loaded above the cursor. */
export interface EntrySoFar {
  /** What the kernel line loads: 'xen' (also tboot, which starts Xen), 'linux', another kind, or none yet. */
  kernel?: 'xen' | 'linux' | 'other';
  /** GRUB 2: how the kernel line loads Xen: multiboot (then `module`), multiboot2 (`module2`), Arm (`xen_module`). */
  multiboot?: 1 | 2 | 'arm';
  modules: number;
  initrds: number;
  hasRoot: boolean;
}

/** The commands expected next in a GRUB legacy entry, most expected first. */
export function legacyExpected(e: EntrySoFar): string[] {
  if (!e.kernel) return e.hasRoot ? ['kernel'] : ['root', 'kernel'];
  if (e.kernel === 'xen') return e.modules < 2 ? ['module', 'modulenounzip'] : ['module', 'savedefault', 'boot'];
  if (e.kernel === 'linux') return e.initrds === 0 ? ['initrd'] : ['savedefault', 'boot'];
  return ['module', 'boot'];
}

/** The commands expected next in a GRUB 2 menuentry, most expected first. */
export function grub2Expected(e: EntrySoFar): string[] {
  if (!e.kernel) return ['linux', 'multiboot2', 'search', 'insmod', 'set'];
  const module = e.multiboot === 1 ? 'module' : e.multiboot === 'arm' ? 'xen_module' : 'module2';
  if (e.kernel === 'xen') return [module];
  if (e.kernel === 'linux') return e.initrds === 0 ? ['initrd'] : ['boot'];
  return e.multiboot ? [module, 'boot'] : ['boot'];
}

/** Commands in the order people use them most (menus as distributions write them). */
export const LEGACY_COMMON = [
  'title',
  'root',
  'kernel',
  'module',
  'initrd',
  'default',
  'timeout',
  'fallback',
  'savedefault',
  'hiddenmenu',
  'chainloader',
  'rootnoverify',
  'makeactive',
  'boot',
] as const;

export const GRUB2_COMMON = [
  'menuentry',
  'submenu',
  'set',
  'insmod',
  'search',
  'linux',
  'initrd',
  'multiboot2',
  'module2',
  'multiboot',
  'module',
  'echo',
  'if',
  'load_video',
  'chainloader',
  'export',
  'source',
  'configfile',
] as const;

/**
 * The sort key of a command in completion: expected next (in order), then common (in order),
 * then the rest by name.
 */
export function commandSortText(name: string, expected: readonly string[], common: readonly string[]): string {
  const e = expected.indexOf(name);
  if (e >= 0) return `0${String(e).padStart(2, '0')}${name}`;
  const c = common.indexOf(name);
  if (c >= 0) return `1${String(c).padStart(2, '0')}${name}`;
  return `2${name}`;
}
