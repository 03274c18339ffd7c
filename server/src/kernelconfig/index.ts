// Public surface of the kernel-configuration area for the other areas and the CLI.
export { kernelConfigMode, symbolMarkdown, valueProblem } from './kernelConfigMode';
export { parseConfig, type ParsedConfig, type ConfigAssignment } from './configParse';
export {
  configCandidates,
  configForImage,
  configValue,
  crossCheckLinuxLine,
  crossCheckXenEntry,
  imageVersionOf,
  isBuiltIn,
  isEnabled,
  LINUX_PARAM_CHECKS,
  type ImageConfig,
  type ParamCheck,
} from './crossCheck';
export {
  chooseRole,
  formatRoleReport,
  normalizeRole,
  roleReport,
  roleRequirementsReport,
  XEN_ROLES,
  type RequirementRow,
  type RoleReport,
  type XenRole,
} from './roles';
export { availability, makeTarget, symbolInfo, targetOf, xenInfo, type Target } from './knowledge';
