import type { CodeTable } from '../service/codes';

export const linuxCodes: CodeTable = {
  'linux/unknown-parameter': { severity: 'info', summary: 'The kernel does not know this word; it passes it on to init.' },
};
