import type { CodeTable } from '../core/codes';

export const devicetreeCodes = {
  'devicetree/syntax': {
    severity: 'error',
    summary: "The device tree source does not follow dtc's grammar here; dtc refuses the file.",
  },
  'devicetree/unknown-label': {
    severity: 'error',
    summary: 'A &label reference names no label defined in this file (and nothing is included that could define it).',
  },
  'devicetree/include-not-followed': {
    severity: 'info',
    summary: 'An included file is not read: what it adds to /chosen is not part of the checks.',
  },
  'devicetree/unknown-xen-property': {
    severity: 'warning',
    summary:
      "Xen's Arm boot code of the targeted release does not read this xen,* (or multiboot,*) name; Xen ignores it.",
  },
  'devicetree/domain-property-not-read': {
    severity: 'warning',
    summary: 'The targeted Xen release does not read this property of a dom0less domain; it has no effect there.',
  },
  'devicetree/bootargs-not-string': {
    severity: 'error',
    summary:
      'A command-line property holds something other than a string; Xen and Linux read it as text and get garbage or nothing.',
  },
  'devicetree/string-list': {
    severity: 'warning',
    summary: 'A command-line property holds several strings; Xen and Linux read only the first.',
  },
  'devicetree/bootargs-unused': {
    severity: 'info',
    summary: 'This command line is read by nobody: another property takes precedence for both Xen and dom0.',
  },
  'devicetree/domain-without-kernel': {
    severity: 'error',
    summary: 'A dom0less domain has no kernel module; Xen stops at boot when it builds the domain.',
  },
  'devicetree/domain-memory': {
    severity: 'error',
    summary:
      "A dom0less domain's memory property is missing or not a 64-bit number of KiB; Xen cannot build the domain.",
  },
  'devicetree/domain-cpus': {
    severity: 'error',
    summary: "A dom0less domain's cpus property is missing or not a 32-bit number; Xen stops at boot.",
  },
  'devicetree/missing-cells': {
    severity: 'warning',
    summary:
      "The node holding boot modules does not set #address-cells and #size-cells; Xen reads the modules' reg with inherited or default sizes.",
  },
  'devicetree/module-reg': {
    severity: 'error',
    summary: "A boot module's reg is missing, or its length does not fit #address-cells and #size-cells.",
  },
  'devicetree/module-not-multiboot': {
    severity: 'warning',
    summary:
      'The node names a specific module kind but lacks the generic "multiboot,module" compatible; Xen does not treat it as a boot module.',
  },
  'devicetree/uboot-syntax': {
    severity: 'error',
    summary: "The U-Boot script line does not parse the way U-Boot's shell reads it (an unclosed quote).",
  },
  'devicetree/uboot-fdt-usage': {
    severity: 'error',
    summary:
      'An fdt command lacks arguments or names no fdt sub-command; U-Boot prints its usage and the device tree stays unchanged.',
  },
} as const satisfies CodeTable;
