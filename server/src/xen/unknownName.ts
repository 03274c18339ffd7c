// Explains why a name is not a boot parameter of the targeted release: added later, removed
// earlier, another architecture's, runtime-only, spelt with "-" for "_", a Linux parameter, or
// simply close to a real one.
import type { Arch } from '../core/types';
import { didYouMean } from '../core/text';
import advice from '../../data/xen/advice.json';
import { archLabel, existence, firstRelease, lastRelease, namesAt, registrationsOf } from './registry';
import { describeRanges, RELEASES } from './releases';
import type { RegisteredBy } from '../cmdline/engine';

export interface UnknownVerdict {
  code: 'xen/unknown-parameter' | 'xen/linux-parameter';
  message: string;
  /** Set when the code's usual severity would say more than is known. */
  severity?: 'info';
  /** Names to offer as replacements, best first. */
  replacements: string[];
}

/** Words for dom0's system rather than its kernel (init, initramfs, udev, boot splash): no Linux source registers them. */
const DOM0_SYSTEM = new Set(advice.linuxParameters);

/** Where dom0's kernel words go, in the words of the file the Xen line comes from. */
export function dom0Place(origin: string): string {
  if (/^xen\.cfg/.test(origin)) return 'on the section\'s "kernel=" line, after the file name';
  if (/^GRUB_CMDLINE_XEN/.test(origin))
    return "in GRUB_CMDLINE_LINUX_DEFAULT (grub-mkconfig puts it on the dom0 kernel's line of the Xen entries, and on the native entries' line too; GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT keeps a word to the Xen entries)";
  if (/bootargs/.test(origin)) return "in xen,dom0-bootargs (or the bootargs of the dom0 kernel's module node)";
  if (/^mboot\.c32/.test(origin)) return 'after the next " --- " on the APPEND line, with the dom0 kernel';
  return 'on the dom0 kernel\'s "module" line (or after " -- ")';
}

const seriesOfRelease = (r: string): string => r.split('.').slice(0, 2).join('.');

export function explainUnknown(
  name: string,
  rel: number,
  arch: Arch,
  hasValue: boolean,
  origin = '',
  linuxRegisters?: (name: string) => RegisteredBy | undefined,
): UnknownVerdict {
  const release = RELEASES[rel];
  let laterInBranch = false;
  const here = existence(name, arch);
  const anywhere = existence(name);
  const valid = namesAt(rel, arch);
  let why: string;
  if (here.length) {
    const first = firstRelease(here);
    const last = lastRelease(here);
    laterInBranch = first > rel && seriesOfRelease(RELEASES[first]) === seriesOfRelease(release);
    if (laterInBranch)
      why = `it came in Xen ${RELEASES[first]}, a later update of the same ${seriesOfRelease(release)} branch (in ${describeRanges(here)}); distributions often carry such fixes in their own ${release} builds, and if this one does, the setting works`;
    else if (first > rel) why = `it exists from Xen ${RELEASES[first]} on (in ${describeRanges(here)})`;
    else if (last < rel) why = `it was removed after Xen ${RELEASES[last]} (it exists in ${describeRanges(here)})`;
    else why = `it exists only in ${describeRanges(here)}`;
  } else if (anywhere.length) {
    const archs = [...new Set(registrationsOf(name).map((r) => archLabel(r.arch)))];
    why = `it exists on ${archs.join(' and ')} only (in ${describeRanges(anywhere)}), and this line is checked for ${arch === 'arm64' ? 'Arm' : 'x86'}`;
  } else {
    why = `no Xen release from ${RELEASES[0]} to ${RELEASES[RELEASES.length - 1]} registers it`;
  }
  // "-" and "_" are different characters to Xen's strcmp in every release.
  const swapped = [name.replace(/-/g, '_'), name.replace(/_/g, '-')].filter((n) => n !== name && valid.includes(n));
  if (swapped.length) {
    return {
      code: 'xen/unknown-parameter',
      message: `Xen ${release} has no parameter "${name}"; the parameter is spelt "${swapped[0]}". Xen compares names character by character, so "-" and "_" are not interchangeable (unlike Linux).`,
      replacements: swapped,
    };
  }
  const near = didYouMean(name, valid);
  const xenNear = near.length ? ` If a Xen setting was meant: ${near.map((n) => `"${n}"`).join(' or ')}.` : '';
  const xenRange = `no Xen release from ${RELEASES[0]} to ${RELEASES[RELEASES.length - 1]} does`;
  if (!anywhere.length) {
    const linux = linuxRegisters?.(name);
    if (linux) {
      return {
        code: 'xen/linux-parameter',
        message: `"${name}" is a Linux kernel parameter written on the hypervisor's line: ${linux.release} has it${linux.note} and ${xenRange}. Xen ignores it and dom0's kernel never receives it. Put it ${dom0Place(origin)}.${xenNear}`,
        replacements: [],
      };
    }
    if (DOM0_SYSTEM.has(name) || DOM0_SYSTEM.has(name.split('.')[0]) || /^(rd|systemd|udev)\./.test(name)) {
      return {
        code: 'xen/linux-parameter',
        message: `"${name}" is a word for dom0's Linux system (its init, initramfs or boot splash read it from the kernel's command line), written on the hypervisor's line: Xen ignores it and dom0 never receives it. Put it ${dom0Place(origin)}.`,
        replacements: [],
      };
    }
  }
  const mean = near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
  const kind = hasValue ? 'ignores the setting' : 'ignores it';
  return {
    code: 'xen/unknown-parameter',
    message: `Xen ${release} has no boot parameter "${name}" for ${arch === 'arm64' ? 'Arm' : 'x86'}: ${why}. ${laterInBranch ? 'Otherwise Xen' : 'Xen'} ${kind}.${mean}`,
    replacements: near,
    ...(laterInBranch ? { severity: 'info' as const } : {}),
  };
}
