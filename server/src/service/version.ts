// The extension's version, one place for the CLI (--version, SARIF) and the language server
// (serverInfo): package.json's, read at build time (esbuild keeps only this field).
import { version } from '../../../package.json';

export const VERSION: string = version;
