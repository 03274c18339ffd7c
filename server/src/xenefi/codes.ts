import type { CodeTable } from '../core/codes';

export const efiCodes = {
  'efi/malformed-line': {
    severity: 'error',
    summary:
      'A line of xen.cfg is neither a `[section]` header nor `key=value` (or its key has a blank before `=`), so Xen does not read it.',
  },
  'efi/unknown-key': {
    severity: 'warning',
    summary: "Xen's EFI loader does not read this key (in the targeted release, or on this architecture).",
  },
  'efi/misplaced-key': {
    severity: 'warning',
    summary:
      'The key stands where Xen does not look for it: `default=`/`chain=` outside `[global]`, a per-section key in `[global]` or before the first section.',
  },
  'efi/repeated-setting': {
    severity: 'warning',
    summary: 'A key repeated in one section, or a section name used twice: Xen reads only the first.',
  },
  'efi/default-names-no-section': {
    severity: 'error',
    summary: '`default=` names a section the file does not have (trailing blanks count), so Xen finds no dom0 kernel.',
  },
  'efi/no-default': {
    severity: 'warning',
    summary:
      'No `default=` in `[global]` while several sections boot something: Xen then takes each key from the first place in the file that sets it, mixing sections.',
  },
  'efi/no-dom0-kernel': {
    severity: 'error',
    summary:
      'The section Xen boots has no `kernel=` (and `[global]` no `chain=`): Xen stops at boot without a dom0 kernel to start.',
  },
  'efi/no-final-newline': { severity: 'warning', summary: 'The last line has no newline, and Xen does not read it.' },
  'efi/tab-splits-line': {
    severity: 'warning',
    summary: 'Xen ends a line at a tab: a value stops there and the text after it is read as a line of its own.',
  },
  'efi/invalid-value': {
    severity: 'warning',
    summary:
      'A value Xen cannot use (a `video=` mode not of the form `gfx-<width>x<height>x<depth>`, a file name with a blank).',
  },
} as const satisfies CodeTable;
