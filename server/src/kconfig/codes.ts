import { severityOf, type CodeTable } from '../core/codes';
import type { Severity } from '../core/types';

/**
 * Diagnostic codes emitted by the Kconfig engine (diagnoseConfigDocument,
 * resolveConfig, ConfigDocumentSession), with their usual severity and a
 * summary, in the same shape as the service's code tables so they can be
 * merged into the registry.
 */
export const KCONFIG_ENGINE_CODES = {
  'kconfig/unknown-symbol': {
    severity: 'warning',
    summary: 'No Kconfig file of the kernel tree defines the symbol; make olddefconfig drops the line.',
  },
  'kconfig/invalid-value': {
    severity: 'error',
    summary: "The value does not fit the symbol's type as the kernel reads it; the line is ignored.",
  },
  'kconfig/out-of-range': {
    severity: 'warning',
    summary:
      "An int or hex value outside the symbol's active range; olddefconfig replaces it (the message gives the range and the result).",
  },
  'kconfig/unmet-dependency': {
    severity: 'warning',
    summary:
      "The value will not survive olddefconfig because the symbol's prompt is hidden or limited by its dependencies; the message names the failing part and the values of its symbols.",
  },
  'kconfig/forced-by-select': {
    severity: 'warning',
    summary: 'A select from another enabled symbol raises the value above the one written here.',
  },
  'kconfig/no-prompt': {
    severity: 'warning',
    summary: 'The symbol has no prompt, so a written value has no effect: defaults and selects decide.',
  },
  'kconfig/repeated-assignment': {
    severity: 'warning',
    summary: 'The symbol is assigned more than once; the last assignment wins (a hint when the values are the same).',
  },
  'kconfig/choice-conflict': {
    severity: 'warning',
    summary:
      'A choice member is set against the choice: another member wins, or the member picked by the choice is written as n.',
  },
  'kconfig/n-assignment-style': {
    severity: 'hint',
    summary: '`CONFIG_X=n` is what the kernel writes as `# CONFIG_X is not set`; both mean n.',
  },
  'kconfig/depends-on-shell': {
    severity: 'info',
    summary:
      'The verdict on the value depends on a `$(shell,...)` toolchain probe that was not run (shell commands are off).',
  },
  'kconfig/value-changed': {
    severity: 'warning',
    summary: 'olddefconfig will write another value for the symbol; the message explains why.',
  },
  'kconfig/internal-error': {
    severity: 'error',
    summary: 'The Kconfig engine failed on this input; the message says where. Please report it.',
  },
  'kconfig/analysis-limit': {
    severity: 'warning',
    summary:
      "A Kconfig file is too large or its macros expand too much to be analysed within the editor's safety limits; it is not checked.",
  },
  'kconfig/malformed-line': {
    severity: 'error',
    summary: "The line is neither `CONFIG_NAME=value` nor `# CONFIG_NAME is not set`; the kernel's tools ignore it.",
  },
} as const satisfies CodeTable;

export type KconfigEngineCode = keyof typeof KCONFIG_ENGINE_CODES;

/** The engine's severity for one of its codes, as registered (one place for both). */
export function engineSeverity(code: KconfigEngineCode): Severity {
  return severityOf(KCONFIG_ENGINE_CODES, code);
}
