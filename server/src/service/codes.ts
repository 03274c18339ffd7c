// Every diagnostic code the service can emit, with its default severity and a one-line summary.
// Each area keeps its table beside its code (xen/codes.ts, …); this module joins them, and is the
// one place the CLI, the editor and docs/diagnostics.md (generated: `npm run docs`) read codes from.
import { internalCodes, type CodeInfo } from '../core/codes';
import { xenCodes } from '../xen/codes';
import { linuxCodes } from '../linux/codes';
import { grubCodes } from '../grub/codes';
import { kernelConfigCodes } from '../kernelconfig/codes';
import { xlCodes } from '../xl/codes';
import { efiCodes } from '../xenefi/codes';
import { syslinuxCodes } from '../syslinux/codes';
import { ipxeCodes } from '../ipxe/codes';
import { devicetreeCodes } from '../devicetree/codes';

export type { CodeInfo, CodeTable } from '../core/codes';
export { internalCodes } from '../core/codes';

const AREAS = ['grub', 'kconfig', 'xl', 'efi', 'devicetree', 'syslinux', 'ipxe'] as const;

/** Codes the front door itself emits, one per area so each language reports in its own area. */
const serviceCodes = Object.fromEntries(
  AREAS.map((area) => [
    `${area}/too-many-problems`,
    {
      severity: 'info' as const,
      summary:
        'The file has more problems than are worth listing; only the first 10,000 are shown. Fix those and check again.',
    },
  ]),
) as Record<`${(typeof AREAS)[number]}/too-many-problems`, CodeInfo>;

const tables = [
  xenCodes,
  linuxCodes,
  grubCodes,
  kernelConfigCodes,
  xlCodes,
  efiCodes,
  devicetreeCodes,
  syslinuxCodes,
  ipxeCodes,
  serviceCodes,
  internalCodes,
] as const;

/** Every registered code, as a type: a code not in any table is a type error where this is used. */
export type Code = { [K in keyof typeof tables]: keyof (typeof tables)[K] }[number] & string;

export const CODE_PATTERN =
  /^(xen|linux|grub|kconfig|xl|efi|devicetree|syslinux|ipxe|xenconfig)\/[a-z0-9]+(-[a-z0-9]+)*$/;

const all = new Map<string, CodeInfo>();
for (const t of tables) for (const [code, info] of Object.entries(t)) all.set(code, info);

export function codeInfo(code: Code | string): CodeInfo | undefined {
  return all.get(code);
}

export function allCodes(): ReadonlyMap<string, CodeInfo> {
  return all;
}
