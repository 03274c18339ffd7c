// What Xen's EFI loader reads from its configuration file, per release series (derived data:
// server/data/xenefi/efi-cfg-keys.json, scripts/derive-xen-efi.ts), with our own descriptions.
import data from '../../data/xenefi/efi-cfg-keys.json';
import { compareVersions } from '../core/versions';

export interface EfiKeyFacts {
  where: Array<'global' | 'section'>;
  arch: Array<'x86' | 'arm'>;
}

const releases = data.releases as Record<string, Record<string, EfiKeyFacts>>;
export const EFI_SERIES: readonly string[] = Object.keys(releases).sort(compareVersions);

/** Our words for each key: the value's form and what Xen does with it. */
export const EFI_KEY_DOCS: Record<string, { usage: string; summary: string }> = {
  default: {
    usage: 'default=<section>',
    summary:
      'The section Xen boots when its EFI command line names none. Read only in `[global]`; the name must match a section header exactly (trailing blanks count). Without it, Xen takes each key from the first place in the file that sets it.',
  },
  options: {
    usage: 'options=<Xen command line>',
    summary:
      "The hypervisor's own command line (`console=`, `dom0_mem=`, `iommu=` …). Words given after `--` on the EFI command line come before it.",
  },
  kernel: {
    usage: 'kernel=<file> [dom0 command line]',
    summary:
      "The dom0 kernel, a file name relative to xen.efi's folder, then (after a blank) the command line dom0's Linux gets, e.g. `root=… ro`.",
  },
  ramdisk: { usage: 'ramdisk=<file>', summary: "The dom0 initial RAM disk, relative to xen.efi's folder." },
  xsm: { usage: 'xsm=<file>', summary: "An XSM/FLASK policy file loaded as a module, relative to xen.efi's folder." },
  ucode: {
    usage: 'ucode=<file>',
    summary:
      'A CPU microcode blob loaded before the system starts (x86 only); read from the chosen section, else from `[global]`.',
  },
  dtb: { usage: 'dtb=<file>', summary: 'A device tree blob that replaces the one the firmware provides (Arm only).' },
  video: {
    usage: 'video=gfx-<width>[x<height>[x<depth>]]',
    summary:
      'A text or graphics mode to switch to; read from the chosen section, else from `[global]`. Ignored when the form does not match.',
  },
  chain: {
    usage: 'chain=<file>',
    summary:
      "Another configuration file (relative to xen.efi's folder) to read when the chosen section has no `kernel=` here. Read only in `[global]`.",
  },
};

/** The series whose facts judge a target release ("4.17.3" → "4.17"); the nearest known one. */
export function efiSeriesFor(release: string): string {
  const series = release.split('.').slice(0, 2).join('.');
  if (releases[series]) return series;
  if (compareVersions(series, EFI_SERIES[0]) < 0) return EFI_SERIES[0];
  return EFI_SERIES[EFI_SERIES.length - 1];
}

export function efiKeys(series: string): Record<string, EfiKeyFacts> {
  return releases[series] ?? {};
}

/** Series in which a key is read, as "4.3–4.22". */
export function seriesWithKey(key: string): string[] {
  return EFI_SERIES.filter((s) => releases[s][key] !== undefined);
}

export function describeSeries(list: string[]): string {
  if (list.length === 0) return '';
  const runs: string[] = [];
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (j + 1 < list.length && EFI_SERIES.indexOf(list[j + 1]) === EFI_SERIES.indexOf(list[j]) + 1) j++;
    runs.push(i === j ? list[i] : `${list[i]}–${list[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** Every key any release reads. */
export function allEfiKeys(): string[] {
  return [...new Set(EFI_SERIES.flatMap((s) => Object.keys(releases[s])))].sort();
}
