import type { CodeTable } from '../service/codes';

export const kernelConfigCodes: CodeTable = {
  'kconfig/malformed-line': { severity: 'error', summary: 'The line is not a kernel configuration line; the kernel\'s tools ignore it.' },
  'kconfig/invalid-value': { severity: 'error', summary: 'The value does not fit the symbol\'s type (bool, tristate, int, hex or string).' },
  'kconfig/repeated-assignment': { severity: 'warning', summary: 'The symbol is assigned more than once; the last assignment wins.' },
  'kconfig/unknown-symbol': { severity: 'warning', summary: 'The targeted kernel has no such symbol; the kernel\'s tools drop the line.' },
};
