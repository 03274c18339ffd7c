// The shape of a diagnostic-code table. Each area keeps its table beside its checks (xen/codes.ts, …)
// written `{ … } as const satisfies CodeTable`, so its codes are a type (`keyof typeof xenCodes`) and a
// check takes its severity from the table (`severityOf(xenCodes, code)`) instead of repeating it;
// service/codes.ts joins the tables into the registry the CLI, the editor and the docs read.
import type { Diagnostic, Range, Severity } from './types';

export interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}
export type CodeTable = Readonly<Record<string, CodeInfo>>;

/** The registered severity of one of a table's own codes (a typo in `code` is a type error). */
export function severityOf<T extends CodeTable>(table: T, code: keyof T & string): Severity {
  return table[code].severity;
}

/**
 * The one code for a check that failed instead of answering (a bug of ours): reported where it
 * happened, with the reason, so a failure is never silent; the rest of the file is still checked.
 */
export const internalCodes = {
  'xenconfig/internal-error': {
    severity: 'error',
    summary:
      'A check failed on this input instead of giving an answer; the rest of the file is still checked. Please report it.',
  },
} as const satisfies CodeTable;

export const INTERNAL_ERROR = 'xenconfig/internal-error';

/** What the internal-error diagnostic says about a failure `err` of the check named `check`. */
export function internalErrorMessage(check: string, err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  return `The ${check} failed here instead of giving an answer (${reason}). Please report it with this line; the rest of the file is still checked.`;
}

/** The internal-error diagnostic for a failure `err` of the check named `check` at `range`. */
export function internalError(range: Range, check: string, err: unknown): Diagnostic {
  return {
    range,
    severity: severityOf(internalCodes, INTERNAL_ERROR),
    code: INTERNAL_ERROR,
    message: internalErrorMessage(check, err),
  };
}
