// Codes of kernel configurations and Kconfig files: the bundled-knowledge checks, the Kconfig
// engine's (KCONFIG_ENGINE_CODES, emitted when `kernelSourcePath` names a tree), and the Kconfig
// file mode's. Codes both sources emit have one entry whose summary covers both.
import type { CodeTable } from '../core/codes';
import { KCONFIG_ENGINE_CODES } from '../kconfig/codes';

/** Codes the bundled checks and the Kconfig engine share: one summary for both uses. */
const shared = {
  'kconfig/malformed-line': {
    severity: 'error',
    summary:
      "The line is not a kernel configuration line (neither `CONFIG_NAME=value` nor `# CONFIG_NAME is not set`); the kernel's tools ignore it.",
  },
  'kconfig/invalid-value': {
    severity: 'error',
    summary:
      "The value does not fit the symbol's type (bool, tristate, int, hex or string), from the bundled knowledge or the kernel tree; the line is ignored. An error only when the type is certain for the file's own release; otherwise a warning that says which release was assumed.",
  },
  'kconfig/repeated-assignment': {
    severity: 'warning',
    summary:
      'The symbol is assigned more than once; the last assignment wins (with a kernel tree: a hint when the values are the same).',
  },
  'kconfig/unknown-symbol': {
    severity: 'warning',
    summary:
      "The targeted kernel (bundled knowledge, or the Kconfig files of `kernelSourcePath`) has no such symbol; the kernel's tools drop the line.",
  },
} as const satisfies CodeTable;

/** The engine's codes not shared with the bundled checks. */
const engineOnly = Object.fromEntries(Object.entries(KCONFIG_ENGINE_CODES).filter(([c]) => !(c in shared))) as Omit<
  typeof KCONFIG_ENGINE_CODES,
  keyof typeof shared
>;

export const kernelConfigCodes = {
  ...shared,
  ...engineOnly,
  'kconfig/tree-unavailable': {
    severity: 'warning',
    summary:
      'The kernel tree named by `kernelSourcePath` (or `--kernel-src`) cannot be read; the file is checked with the bundled knowledge instead.',
  },
  'kconfig/syntax-error': {
    severity: 'error',
    summary:
      "A Kconfig file has a syntax error the kernel's Kconfig parser would reject (or warn about); the message says what it expected.",
  },
  'kconfig/removed-symbol': {
    severity: 'warning',
    summary:
      'The symbol was removed before the targeted kernel; the line is dropped. The message says what became of it.',
  },
  'kconfig/renamed-symbol': {
    severity: 'warning',
    summary: 'The symbol was renamed or replaced before the targeted kernel; the quick fix writes the new name.',
  },
  'kconfig/unverified-symbol': {
    severity: 'info',
    summary:
      "Whether the symbol exists in the file's kernel is not certain: the release is not one the extension knows exactly, only some known releases have it, or a distribution (Debian) removes it from mainline.",
  },
  'kconfig/promptless-symbol': {
    severity: 'hint',
    summary:
      "The bundled knowledge says the symbol has no prompt: the kernel's tools compute its value (defaults, select) and ignore what a fragment sets. With a kernel tree, `kconfig/no-prompt` says it instead.",
  },
  'kconfig/unknown-role': {
    severity: 'error',
    summary: 'The `# xen-config: role=` comment names no known role (dom0, domU, pv-domU, pvh-domU, hvm-domU).',
  },
  'kconfig/role-requirement-missing': {
    severity: 'warning',
    summary: 'Options the Xen role needs are missing or disabled; the quick fix adds them.',
  },
  'kconfig/role-recommendation-missing': {
    severity: 'info',
    summary: 'Options usually wanted for the Xen role are missing or disabled.',
  },
  'kconfig/role-pointless': {
    severity: 'hint',
    summary: 'The option serves no purpose for the Xen role (for example a backend driver in a guest).',
  },
  'kconfig/cmdline-needs-config': {
    severity: 'warning',
    summary: "A kernel command-line option needs a configuration option the booted kernel's .config lacks.",
  },
  'kconfig/kernel-lacks-dom0': {
    severity: 'error',
    summary: 'A Xen entry boots, as dom0, a kernel whose configuration has no dom0 support (CONFIG_XEN_DOM0).',
  },
} as const satisfies CodeTable;
