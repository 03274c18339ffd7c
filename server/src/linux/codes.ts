import type { CodeTable } from '../core/codes';

export const linuxCodes = {
  'linux/unknown-parameter': {
    severity: 'info',
    summary:
      'The kernel does not know this word; it passes it on to init (as an argument, or as an environment variable when it has `=`), or sets it aside when the name has a dot.',
  },
  'linux/unknown-module-parameter': {
    severity: 'warning',
    summary: 'A module of this name exists (built in or loaded), but it has no parameter of this name.',
  },
  'linux/name-spelling': {
    severity: 'info',
    summary:
      "On older kernels a __setup/early_param name only matches as registered; '-' for '_' worked only for module and core parameters.",
  },
  'linux/not-in-version': {
    severity: 'warning',
    summary: 'The parameter exists in other Linux versions, not in the one targeted.',
  },
  'linux/invalid-value': {
    severity: 'error',
    summary: 'The value does not parse the way the kernel reads this parameter.',
  },
  'linux/missing-value': {
    severity: 'warning',
    summary: 'The parameter needs `=value`; the bare word is not matched.',
  },
  'linux/unexpected-value': { severity: 'warning', summary: 'The parameter is a bare switch; the value is not read.' },
  'linux/obsolete-parameter': {
    severity: 'warning',
    summary: 'The parameter is deprecated or replaced; the message names its successor.',
  },
  'linux/no-effect-in-boot-path': {
    severity: 'warning',
    summary:
      'Nothing reads this word in the way this kernel is started (for example `vga=` on a Xen dom0 module line).',
  },
  'linux/xen-advice': {
    severity: 'hint',
    summary:
      "Under Xen another setting does this job (for example Xen's `dom0_mem=` rather than `mem=`, or `console=hvc0`).",
  },
  'linux/xen-option-on-linux-line': {
    severity: 'warning',
    summary: "An option of the Xen hypervisor stands on the dom0 kernel's line, where Linux does not read it.",
  },
  'linux/other-architecture': {
    severity: 'warning',
    summary: 'The parameter only exists on another architecture than the one targeted.',
  },
  'linux/cmdline-too-long': {
    severity: 'error',
    summary: 'The command line is longer than the kernel (or Xen, for dom0) copies; the end is cut off.',
  },
  'linux/too-many-init-words': {
    severity: 'warning',
    summary: 'More words reach init than the kernel allows (CONFIG_INIT_ENV_ARG_LIMIT); the kernel panics.',
  },
  'linux/dropped-after-second-dashdash': {
    severity: 'warning',
    summary:
      'A second `--` ends the words handed to init as well: that word and everything after it reach neither the kernel nor init.',
  },
  'linux/conflicting-parameters': {
    severity: 'warning',
    summary: 'Two words contradict each other (ro and rw); the later one wins.',
  },
} as const satisfies CodeTable;
