import type { CodeTable } from '../core/codes';

export const ipxeCodes = {
  'ipxe/unknown-command': {
    severity: 'warning',
    summary:
      'iPXE has no command of this name: it prints "command not found" and the script stops there unless `||` follows.',
  },
  'ipxe/xen-without-dom0': {
    severity: 'warning',
    summary: 'The script loads Xen but fetches no module for it, so Xen has no dom0 kernel to start.',
  },
  'ipxe/module-before-kernel': {
    severity: 'warning',
    summary:
      "An image fetched before Xen's `kernel` line still becomes one of Xen's modules, in the order fetched, ahead of the ones after it.",
  },
  'ipxe/no-boot': {
    severity: 'warning',
    summary: 'A `kernel` line with no `boot` after it: the script ends with the image loaded but never started.',
  },
  'ipxe/unset-variable': {
    severity: 'info',
    summary:
      'A `${name}` reference to a setting the script never sets and iPXE does not provide; it expands to nothing unless it comes from DHCP or another script.',
  },
  'ipxe/unknown-label': {
    severity: 'warning',
    summary: '`goto` names a label no `:label` line defines, so the command fails.',
  },
} as const satisfies CodeTable;
