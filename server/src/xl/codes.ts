import type { CodeTable } from '../core/codes';

export const xlCodes = {
  'xl/syntax-error': {
    severity: 'error',
    summary: "xl's configuration parser cannot read the line (it refuses the whole file).",
  },
  'xl/bad-escape': { severity: 'error', summary: 'A quoted string uses a backslash escape xl does not know.' },
  'xl/unquoted-value': {
    severity: 'error',
    summary: 'A value is a bare word; xl accepts only numbers, quoted strings and lists.',
  },
  'xl/crlf': { severity: 'error', summary: 'The file has Windows (CRLF) line endings, which xl rejects.' },
  'xl/python-config': {
    severity: 'error',
    summary: 'The file is an old xm configuration with Python code, which xl does not run.',
  },
  'xl/unknown-key': { severity: 'warning', summary: 'xl does not know this option and ignores it.' },
  'xl/key-not-in-release': {
    severity: 'warning',
    summary: 'The option exists only in other Xen releases than the one checked against.',
  },
  'xl/wrong-type': {
    severity: 'error',
    summary: 'The value has the wrong kind (number, string or list) for the option.',
  },
  'xl/value-not-allowed': { severity: 'error', summary: 'The option does not accept this value.' },
  'xl/value-not-in-release': {
    severity: 'error',
    summary: 'The value is valid only in other Xen releases than the one checked against.',
  },
  'xl/wrong-guest-type': {
    severity: 'warning',
    summary: 'The option does not apply to this kind of guest (PV, PVH or HVM) and has no effect.',
  },
  'xl/wrong-arch': { severity: 'warning', summary: 'The option is for another architecture (x86 or Arm).' },
  'xl/deprecated-key': { severity: 'warning', summary: 'The option is deprecated; a newer option replaces it.' },
  'xl/deprecated-value': { severity: 'warning', summary: 'This form or value of the option is deprecated or removed.' },
  'xl/duplicate-key': {
    severity: 'warning',
    summary: 'The option is set again later; xl uses only the last assignment.',
  },
  'xl/append-type-mismatch': {
    severity: 'error',
    summary: '`+=` joins a string to a string or a list to a list only.',
  },
  'xl/missing-name': { severity: 'error', summary: 'A domain configuration needs `name`.' },
  'xl/maxmem-below-memory': { severity: 'error', summary: '`maxmem` is lower than `memory`.' },
  'xl/maxvcpus-below-vcpus': {
    severity: 'error',
    summary: '`maxvcpus` is lower than `vcpus`; xl refuses to create the domain.',
  },
  'xl/conflicting-settings': {
    severity: 'error',
    summary:
      'Two settings contradict each other in a way xl refuses (builder and type naming different guest types, timer_mode on a PV guest…).',
  },
  'xl/pv-without-kernel': {
    severity: 'error',
    summary: 'A PV guest has neither `kernel`, `bootloader` nor a PV firmware to boot from.',
  },
  'xl/unknown-spec-field': {
    severity: 'error',
    summary: 'A disk, vif, pci or other device spec names a field xl does not know.',
  },
  'xl/bad-spec-value': { severity: 'error', summary: 'A field of a device spec has a value xl rejects.' },
  'xl/bad-mac-address': { severity: 'error', summary: 'A vif `mac=` is not a valid unicast MAC address.' },
  'xl/missing-spec-field': {
    severity: 'error',
    summary: 'A device spec lacks a field xl needs (a disk without vdev, a channel without name…).',
  },
  'xl/deprecated-spec-syntax': {
    severity: 'hint',
    summary: 'A device spec uses an old xend-era form that xl still accepts.',
  },
  'xl/autoballoon': {
    severity: 'hint',
    summary: 'With a fixed `dom0_mem` on Xen\'s command line, set autoballoon="off" in xl.conf.',
  },
} as const satisfies CodeTable;
