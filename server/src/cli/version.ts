// The CLI's version: package.json's, read at build time (esbuild keeps only this field).
import { version } from '../../../package.json';

export const VERSION: string = version;
