// The Kconfig engine alone, for `xen-config olddefconfig`: importing service/kernel.ts would also
// start the kernel-configuration area (its knowledge tables are read when their modules load),
// which a run that only predicts `make olddefconfig` never uses.
export {
  kernelEnv,
  loadKconfigTreeAsync,
  readKconfigTreeCacheAhead,
  resolveConfig,
  startShellAhead,
  storeDeferredTree,
  type DeferredTreeStore,
} from '../kconfig/index';
export { ccVersionCommand, rustcVersionCommand } from '../kconfig/env';
