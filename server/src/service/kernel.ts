// What the language server and the CLI use of the kernel-configuration area and the Kconfig engine
// (role reports, tree loading and its change events, olddefconfig and the solver), offered here
// because the adapters (lsp/, cli/) import the front door only (ARCHITECTURE.md, "Layers").
export { formatRoleReport, normalizeRole, roleRequirementsReport, type RoleReport } from '../kernelconfig/roles';
export { roleGoals } from '../kernelconfig/roleGoals';
export { loadTreeNow, onTreeChange } from '../kernelconfig/kernelTree';
export { kernelEnv, loadKconfigTreeAsync, resolveConfig, type KconfigTree } from '../kconfig/index';
export { editsForAdded, solveConfig, type Goal, type SolveResult } from '../kconfig/solve';
export { treeSettled } from '../kernelconfig/kernelTree';
