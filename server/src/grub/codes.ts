import type { CodeTable } from '../core/codes';

export const grubCodes = {
  // GRUB legacy and GRUB 2 menus.
  'grub/unknown-command': {
    severity: 'error',
    summary:
      'GRUB legacy does not know this command: it skips the line when reading the menu (typed at the prompt it fails with "Error 27: Unrecognized command").',
  },
  'grub/missing-space': {
    severity: 'error',
    summary: 'A command name runs into its argument (`root(hd0,0)`), so GRUB reads one unknown command.',
  },
  'grub/misplaced-command': {
    severity: 'warning',
    summary: 'The command belongs in the global part of the menu or inside an entry, not where it stands.',
  },
  'grub/argument-count': {
    severity: 'error',
    summary: 'The command gets fewer arguments than it needs, or more than it reads.',
  },
  'grub/invalid-argument': {
    severity: 'error',
    summary:
      'An argument or option is not one the command accepts (a number, a listed value, a colour pair, a known option).',
  },
  'grub/malformed-device': {
    severity: 'error',
    summary:
      'A device name does not parse: GRUB stops with "Error 11: Unrecognized device string" or reads another device.',
  },
  'grub/bad-file-name': {
    severity: 'error',
    summary: 'A file name is neither an absolute path nor a blocklist ("Error 1").',
  },
  'grub/default-out-of-range': {
    severity: 'warning',
    summary: '`default` or `fallback` names an entry past the last one; GRUB falls back to another entry.',
  },
  'grub/repeated-setting': {
    severity: 'warning',
    summary: 'A setting is given more than once; only one of them takes effect.',
  },
  'grub/load-order': {
    severity: 'error',
    summary: 'A module or initrd is loaded before the kernel it belongs to, or without one.',
  },
  'grub/empty-entry': {
    severity: 'warning',
    summary: 'An entry has no commands GRUB knows; GRUB legacy leaves it out of the menu and later entries move up.',
  },
  'grub/xen-without-dom0': {
    severity: 'error',
    summary: 'A Xen entry loads the hypervisor but no dom0 kernel `module`.',
  },
  'grub/initrd-in-xen-entry': {
    severity: 'error',
    summary: 'In a Xen entry the dom0 initrd must be loaded with `module`, not `initrd`.',
  },
  'grub/entry-boots-nothing': { severity: 'warning', summary: 'The entry loads no kernel and chain-loads nothing.' },
  'grub/multiboot-mismatch': {
    severity: 'error',
    summary:
      'Multiboot 1 and Multiboot 2 commands are mixed (`multiboot` with `module2`, or `multiboot2` with `module`).',
  },
  // GRUB 2 scripts.
  'grub/unknown-grub2-command': {
    severity: 'hint',
    summary: 'Not a command of GRUB 2 or its usual modules, nor a function defined in the file.',
  },
  'grub/script-syntax': {
    severity: 'error',
    summary: 'The GRUB 2 script does not parse (an unclosed quote or block, a stray keyword).',
  },
  // /etc/default/grub.
  'grub/unknown-variable': { severity: 'hint', summary: 'grub-mkconfig does not read this variable.' },
  'grub/invalid-value': {
    severity: 'warning',
    summary: 'The value is not one grub-mkconfig understands for this variable.',
  },
  'grub/shell-syntax': {
    severity: 'error',
    summary: 'The line is not a shell assignment as /bin/sh reads it (a blank around `=`, an unclosed quote).',
  },
  'grub/deprecated-variable': { severity: 'hint', summary: 'The variable is obsolete in current GRUB 2 releases.' },
} as const satisfies CodeTable;
