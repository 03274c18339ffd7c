import type { CodeTable } from '../core/codes';

export const syslinuxCodes = {
  'syslinux/unknown-keyword': {
    severity: 'warning',
    summary: 'SYSLINUX does not know this directive and skips the line without a word.',
  },
  'syslinux/mboot-separator': {
    severity: 'error',
    summary: 'A `---` of mboot.c32 is glued to another word, so mboot.c32 does not start a new module there.',
  },
  'syslinux/xen-without-dom0': {
    severity: 'error',
    summary: 'An mboot.c32 entry loads Xen but no dom0 kernel after a `---`.',
  },
  'syslinux/initrd-with-mboot': {
    severity: 'error',
    summary:
      "`INITRD` in an mboot.c32 entry loads nothing: SYSLINUX adds `initrd=<file>` to the last module's command line instead.",
  },
  'syslinux/default-names-no-label': {
    severity: 'warning',
    summary: '`DEFAULT` names no `LABEL`, so SYSLINUX runs it as a kernel file name.',
  },
} as const satisfies CodeTable;
