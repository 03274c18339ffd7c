// What a parsed xl file means for the checks and the editor features: which file it is (domain
// config or xl.conf), which Xen release and guest type it is judged against, and where its
// embedded command lines and device specs are.
import type { ResolvedSettings } from '../core/types';
import { mappedSegment, type CmdlineSegment } from '../cmdline/segment';
import { allKeys, firstRelease, inReleases, keyInfo, targetRelease, type FileKind, type Guest } from './knowledge';
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

export function atoms(v: XlValue | undefined): XlAtom[] {
  if (!v) return [];
  return v.kind === 'list' ? v.items.flatMap((i) => atoms(i)) : [v];
}

export function analyse(file: XlFile, path: string | undefined, settings: ResolvedSettings): XlAnalysis {
  const kind = fileKind(file, path);
  const { release, source } = targetRelease(settings.xenVersion);
  const last = new Map<string, XlSetting>();
  for (const s of file.settings) last.set(s.key, s);
  const arch = settings.arch === 'arm64' ? 'arm' : 'x86';
  const str = (k: string) => {
    const v = last.get(k)?.value;
    return v && v.kind !== 'list' ? v.value : undefined;
  };
  let guest: Guest = arch === 'arm' ? 'pvh' : 'pv';
  let guestFrom = `there is no type= line, so xl builds a ${arch === 'arm' ? 'PVH' : 'PV'} guest`;
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
    segments,
    specs,
    last,
  };
}
