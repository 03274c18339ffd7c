// What a parsed xl file means for the checks and the editor features: which file it is (domain
// config or xl.conf), which Xen release and guest type it is judged against, and where its
// embedded command lines and device specs are.
import type { ResolvedSettings } from '../core/types';
import { mappedSegment, type CmdlineSegment } from '../cmdline/segment';
import {
  allKeys,
  firstRelease,
  inReleases,
  keyArch,
  keyInfo,
  targetRelease,
  type FileKind,
  type Guest,
} from './knowledge';
import type { XlAtom, XlFile, XlSetting, XlValue } from './parse';
import { checkSpec, isSpecKey, type SpecResult } from './specs';

export interface SpecSite {
  key: string;
  atom: XlAtom;
  result: SpecResult;
}

export interface XlAnalysis {
  file: XlFile;
  kind: FileKind;
  release: string;
  releaseSource: string;
  /** Whether the settings name this release; otherwise it is assumed (see releaseSource). */
  exact: boolean;
  guest: Guest;
  /** Why the guest type is what it is, for messages. */
  guestFrom: string;
  guestSetting?: XlSetting;
  arch: 'x86' | 'arm';
  /**
   * When the architecture is not set (x86 is the default) but the file names only Arm signs, the
   * signs it was judged as an Arm guest by ("device_tree=", 'kernel="/boot/Image"'); undefined otherwise.
   */
  archFrom?: string;
  /** The settings the file is judged with (the Xen engine is asked about Xen's own words with them). */
  settings: ResolvedSettings;
  segments: CmdlineSegment[];
  specs: SpecSite[];
  /** The assignment xl uses for each key (the last one). */
  last: Map<string, XlSetting>;
}

export function fileKind(file: XlFile, path: string | undefined): FileKind {
  const base = (path ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  if (base === 'xl.conf') return 'xl.conf';
  const keys = file.settings.map((s) => s.key);
  const conf = new Set(allKeys('xl.conf'));
  const dom = new Set(allKeys('domain'));
  if (keys.length && keys.every((k) => conf.has(k) && !dom.has(k))) return 'xl.conf';
  return 'domain';
}

/**
 * The Linux version a guest kernel's file name carries (`/boot/vmlinuz-3.16.0-4-amd64` → 3.16.0): the
 * kernel that reads extra= and cmdline=, so their parameters are judged against it, not the newest.
 */
export function guestKernelVersion(path: string | undefined): string | undefined {
  const base = path?.slice(path.lastIndexOf('/') + 1);
  const m = base && /^(?:vmlinuz|vmlinux|bzimage|linux|kernel)-v?(\d+\.\d+(?:\.\d+)?)(?![\d.])/i.exec(base);
  return m ? m[1] : undefined;
}

/**
 * A BSD guest kernel (NetBSD's netbsd-XEN3_DOMU, FreeBSD's /boot/kernel/kernel): its command line is
 * not Linux's, so extra= and cmdline= are not judged as Linux parameters.
 */
export function bsdKernel(path: string | undefined): boolean {
  if (!path) return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^netbsd/i.test(base) || /freebsd/i.test(path) || /(^|\/)boot\/kernel\/kernel$/.test(path);
}

/**
 * The architecture a guest kernel's file name names: arm64's Linux image is "Image" (or Image.gz);
 * distribution kernels carry the architecture in their names (vmlinuz-6.1.0-18-arm64, …-amd64).
 */
export function kernelArch(path: string | undefined): 'x86' | 'arm' | undefined {
  if (!path) return undefined;
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^Image(?:\.gz)?$/.test(base) || /(?:^|[-_.])(?:arm64|aarch64|armhf|armmp)(?:[-_.]|$)/i.test(base)) return 'arm';
  if (/^bzImage$/.test(base) || /(?:^|[-_.])(?:amd64|x86_64|i[3-6]86|686(?:-pae)?)(?:[-_.]|$)/i.test(base))
    return 'x86';
  return undefined;
}

/**
 * The signs in a domain configuration of the architecture it is written for: options only one
 * architecture's xl acts on (derived from xl's parser and libxl, or marked in the manual) and the
 * kernel's file name. Each sign is written as the user sees it (device_tree=, kernel="/boot/Image").
 */
export function archSigns(last: Map<string, XlSetting>): { arm: string[]; x86: string[] } {
  const out = { arm: [] as string[], x86: [] as string[] };
  for (const [key] of last) {
    const info = keyInfo('domain', key);
    const arch = info && keyArch(info);
    if (arch) out[arch].push(`${key}=`);
  }
  const kernel = last.get('kernel')?.value;
  const k = kernel && kernel.kind !== 'list' ? kernel.value : undefined;
  const ka = kernelArch(k);
  if (ka) out[ka].push(`kernel="${k}"`);
  // Xen on Arm builds PVH guests only (libxl_arm.c refuses the others): an HVM guest is an x86 one.
  for (const key of ['type', 'builder']) {
    const v = last.get(key)?.value;
    if (v && v.kind === 'string' && v.value === 'hvm') out.x86.push(`${key}="hvm"`);
  }
  return out;
}

const atomValue = (s: XlSetting | undefined) => (s?.value && s.value.kind !== 'list' ? s.value.value : undefined);

/**
 * Whether a file is judged as an Arm guest by its signs: the kernel's name decides when it names an
 * architecture (an arm64 Image with one stray x86 option is still an Arm guest); otherwise the
 * options only Arm acts on must outnumber those only x86 acts on. A tie stays x86, the default.
 */
export function armByItsSigns(signs: { arm: string[]; x86: string[] }, kernel: 'x86' | 'arm' | undefined): boolean {
  if (kernel) return kernel === 'arm';
  return signs.arm.length > signs.x86.length;
}

export function atoms(v: XlValue | undefined): XlAtom[] {
  if (!v) return [];
  return v.kind === 'list' ? v.items.flatMap((i) => atoms(i)) : [v];
}

/** `inferArch` false: judge by the settings' architecture alone (x86 by default), whatever the file's signs. */
export function analyse(
  file: XlFile,
  path: string | undefined,
  settings: ResolvedSettings,
  inferArch = true,
): XlAnalysis {
  const kind = fileKind(file, path);
  const { release, source } = targetRelease(settings.xenVersion);
  const last = new Map<string, XlSetting>();
  for (const s of file.settings) last.set(s.key, s);
  // x86 is the default; a file whose only signs are Arm's is judged as an Arm guest, and says so.
  // an architecture the user named is taken as it is
  const signs = inferArch && kind === 'domain' && !settings.archSet ? archSigns(last) : { arm: [], x86: [] };
  const archFrom = armByItsSigns(signs, kernelArch(atomValue(last.get('kernel'))))
    ? signs.arm.slice(0, 2).join(' and ')
    : undefined;
  const arch = settings.arch === 'arm64' || archFrom ? 'arm' : 'x86';
  const str = (k: string) => {
    const v = last.get(k)?.value;
    return v && v.kind !== 'list' ? v.value : undefined;
  };
  let guest: Guest = arch === 'arm' ? 'pvh' : 'pv';
  let guestFrom = `there is no type= line, so xl builds a ${arch === 'arm' ? 'PVH' : 'PV'} guest${archFrom ? ` (on Arm, assumed because of ${archFrom})` : ''}`;
  let guestSetting: XlSetting | undefined;
  // type= is read from 4.10 on; before, xl ignores it and builder decides.
  const typeRead = inReleases(keyInfo('domain', 'type')?.fact.releases ?? '', release);
  const type = typeRead ? str('type') : undefined;
  if (!typeRead && str('type') !== undefined) {
    const since = firstRelease(keyInfo('domain', 'type')?.fact.releases ?? '');
    guestFrom = `xl of Xen ${release} does not read type= (it came in Xen ${since}), so it builds a ${arch === 'arm' ? 'PVH' : 'PV'} guest`;
  }
  if (type === 'pv' || type === 'pvh' || type === 'hvm') {
    guest = type;
    guestSetting = last.get('type');
    guestFrom = `type="${type}"`;
  } else if (str('builder') === 'hvm' || str('builder') === 'generic') {
    guest = str('builder') === 'hvm' ? 'hvm' : 'pv';
    guestSetting = last.get('builder');
    guestFrom = `builder="${str('builder')}"`;
  } else if (str('pvh') && str('pvh') !== '0' && inReleases(keyInfo('domain', 'pvh')?.fact.releases ?? '', release)) {
    guest = 'pvh';
    guestSetting = last.get('pvh');
    guestFrom = 'pvh=1';
  }
  const segments: CmdlineSegment[] = [];
  const specs: SpecSite[] = [];
  const kernelVersion = guestKernelVersion(str('kernel'));
  const hint = kernelVersion ? { versionHint: { version: kernelVersion, source: `kernel="${str('kernel')}"` } } : {};
  if (kind === 'domain') {
    for (const s of file.settings) {
      if (s !== last.get(s.key) && s.op === '=') continue;
      const info = keyInfo('domain', s.key);
      if (info?.note?.cmdline && s.value && s.value.kind !== 'list' && !bsdKernel(str('kernel'))) {
        const a = s.value;
        const columns = a.kind === 'string' ? a.columns : [...Array(a.value.length + 1)].map((_, k) => a.start + k);
        segments.push(
          mappedSegment('linux', a.line, a.value, columns, `xl ${s.key}=`, { bootPath: 'xl-guest', ...hint }),
        );
      }
      if (isSpecKey(s.key)) {
        for (const a of atoms(s.value)) {
          if (a.kind === 'string') specs.push({ key: s.key, atom: a, result: checkSpec(s.key, a.value, release) });
        }
      }
    }
  }
  return {
    file,
    kind,
    release,
    releaseSource: source,
    exact: source === 'from settings',
    guest,
    guestFrom,
    guestSetting,
    arch,
    archFrom,
    settings,
    segments,
    specs,
    last,
  };
}
