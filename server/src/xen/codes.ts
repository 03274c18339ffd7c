import type { CodeTable } from '../service/codes';

export const xenCodes: CodeTable = {
  'xen/unknown-parameter': { severity: 'warning', summary: 'The targeted Xen release has no boot parameter of this name; Xen ignores it.' },
  'xen/invalid-value': { severity: 'error', summary: 'The value does not parse the way Xen reads this parameter.' },
};
