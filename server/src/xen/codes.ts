import type { CodeTable } from '../core/codes';

export const xenCodes = {
  'xen/unknown-parameter': {
    severity: 'warning',
    summary: 'The targeted Xen release has no boot parameter of this name for this architecture; Xen ignores it.',
  },
  'xen/invalid-value': { severity: 'error', summary: 'The value does not parse the way Xen reads this parameter.' },
  'xen/invalid-sub-option': {
    severity: 'warning',
    summary: "The parameter's parser in the targeted release has no such sub-option.",
  },
  'xen/repeated-parameter': {
    severity: 'warning',
    summary:
      'The parameter appears more than once; Xen applies each in order: for a simple parameter the last one wins, for one with its own parser only settings given again are overridden.',
  },
  'xen/deprecated-parameter': {
    severity: 'warning',
    summary: 'The parameter is deprecated in the targeted release; a successor does the job.',
  },
  'xen/deprecated-sub-option': {
    severity: 'info',
    summary: 'The sub-option is deprecated in the targeted release; a successor does the job.',
  },
  'xen/runtime-only-parameter': {
    severity: 'warning',
    summary: 'The parameter can only be set at run time (xl set-parameters), not on the boot command line.',
  },
  'xen/possibly-compiled-out': {
    severity: 'info',
    summary: 'The setting only takes effect when Xen was built with a Kconfig option that distributions may leave out.',
  },
  'xen/negated-non-boolean': {
    severity: 'warning',
    summary: 'A "no-" prefix on a parameter that is not a boolean does not do what it says.',
  },
  'xen/word-too-long': {
    severity: 'warning',
    summary: 'Xen cuts each parameter to a fixed length; the end of this one is lost.',
  },
  'xen/cmdline-too-long': {
    severity: 'info',
    summary: 'The command line is longer than the copy Xen keeps for `xl info`, so that copy is cut.',
  },
  'xen/size-without-unit': { severity: 'hint', summary: 'A size without a unit is read as KiB.' },
  'xen/dom0-mem-without-max': {
    severity: 'hint',
    summary: 'dom0_mem sets the initial size only; without max: dom0 may balloon up.',
  },
  'xen/max-cstate-zero': {
    severity: 'info',
    summary: 'max_cstate=0 does not make CPUs poll; it turns off C-state management and idles in HLT.',
  },
  'xen/linux-parameter': {
    severity: 'warning',
    summary: 'A Linux kernel parameter on the Xen line: the hypervisor ignores it and dom0 never sees it.',
  },
  'xen/debug-only-setting': {
    severity: 'hint',
    summary: 'A setting meant for debugging that costs performance or security in normal use.',
  },
  'xen/empty-parameter': { severity: 'warning', summary: 'A parameter with an empty name (a stray "=").' },
} as const satisfies CodeTable;
