import type { CodeTable } from '../service/codes';

export const xlCodes: CodeTable = {};
