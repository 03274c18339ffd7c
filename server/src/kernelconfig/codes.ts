import type { CodeTable } from '../service/codes';

export const kernelConfigCodes: CodeTable = {
  'kconfig/malformed-line': { severity: 'error', summary: 'The line is not a kernel configuration line; the kernel\'s tools ignore it.' },
  'kconfig/invalid-value': { severity: 'error', summary: 'The value does not fit the symbol\'s type (bool, tristate, int, hex or string).' },
  'kconfig/repeated-assignment': { severity: 'warning', summary: 'The symbol is assigned more than once; the last assignment wins.' },
  'kconfig/unknown-symbol': { severity: 'warning', summary: 'The targeted kernel has no such symbol; the kernel\'s tools drop the line.' },
  'kconfig/removed-symbol': { severity: 'warning', summary: 'The symbol was removed before the targeted kernel; the line is dropped. The message says what became of it.' },
  'kconfig/renamed-symbol': { severity: 'warning', summary: 'The symbol was renamed or replaced before the targeted kernel; the quick fix writes the new name.' },
  'kconfig/unverified-symbol': { severity: 'info', summary: 'The targeted kernel version is not bundled and the symbol is not in the history table; whether it exists is not known.' },
  'kconfig/promptless-symbol': { severity: 'hint', summary: 'The symbol has no prompt: the kernel\'s tools compute its value (defaults, select) and ignore what a fragment sets.' },
  'kconfig/unknown-role': { severity: 'error', summary: 'The `# xen-config: role=` comment names no known role (dom0, domU, pv-domU, pvh-domU, hvm-domU).' },
  'kconfig/role-requirement-missing': { severity: 'warning', summary: 'Options the Xen role needs are missing or disabled; the quick fix adds them.' },
  'kconfig/role-recommendation-missing': { severity: 'info', summary: 'Options usually wanted for the Xen role are missing or disabled.' },
  'kconfig/role-pointless': { severity: 'hint', summary: 'The option serves no purpose for the Xen role (for example a backend driver in a guest).' },
  'kconfig/cmdline-needs-config': { severity: 'warning', summary: 'A kernel command-line option needs a configuration option the booted kernel\'s .config lacks.' },
  'kconfig/kernel-lacks-dom0': { severity: 'error', summary: 'A Xen entry boots, as dom0, a kernel whose configuration has no dom0 support (CONFIG_XEN_DOM0).' },
};
