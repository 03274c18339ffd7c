import type { CodeTable } from '../service/codes';

export const grubCodes: CodeTable = {
  'grub/unknown-command': { severity: 'error', summary: 'GRUB does not know this command; GRUB legacy stops the entry with "Error 27: Unrecognized command".' },
  'grub/missing-space': { severity: 'error', summary: 'A command name runs into its argument (`root(hd0,0)`), so GRUB reads one unknown command.' },
  'grub/misplaced-command': { severity: 'warning', summary: 'The command belongs in the global part of the menu or inside an entry, not where it stands.' },
  'grub/xen-without-dom0': { severity: 'error', summary: 'A Xen entry loads the hypervisor but no dom0 kernel `module`.' },
  'grub/initrd-in-xen-entry': { severity: 'error', summary: 'In a Xen entry the dom0 initrd must be loaded with `module`, not `initrd`.' },
  'grub/entry-boots-nothing': { severity: 'warning', summary: 'The entry loads no kernel and chain-loads nothing.' },
};
