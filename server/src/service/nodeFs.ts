// Read-only access to the real file system (kconfig/nodeFs.ts), offered to the language server and the CLI.
export { nodeFs } from '../kconfig/nodeFs';
