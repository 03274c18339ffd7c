// Which boot parameters a Xen release registers, for which architecture, with which parser kind
// (server/data/xen/params.json, derived from the sources by scripts/derive-xen-params.ts).
import data from '../../data/xen/params.json';
import type { Arch } from '../core/types';
import { inRanges, parseRanges, RELEASES } from './releases';

/** The registration macro: boolean, invbool (4.0–4.6), integer, size, string, custom, their _runtime / _runtime_only forms, ignore. */
export type RegKind = string;
export type XenArch = 'x86' | 'arm' | 'riscv' | 'ia64' | 'common';

export interface Registration {
  name: string;
  kind: RegKind;
  arch: XenArch;
  file: string;
  ranges: Array<[number, number]>;
}

const byName = new Map<string, Registration[]>();
for (const [name, entries] of Object.entries(
  data.params as Record<string, Array<{ kind: string; arch: string; releases: string; file: string }>>,
)) {
  byName.set(
    name,
    entries.map((e) => ({
      name,
      kind: e.kind,
      arch: e.arch as XenArch,
      file: e.file,
      ranges: parseRanges(e.releases),
    })),
  );
}

export interface CompiledOut {
  cfg: string;
  param: string;
  arch: XenArch;
  ranges: Array<[number, number]>;
  file: string;
}
export const compiledOut: CompiledOut[] = Object.entries(
  data.compiledOut as Record<string, Array<{ param: string; arch: string; releases: string; file: string }>>,
).flatMap(([cfg, es]) =>
  es.map((e) => ({ cfg, param: e.param, arch: e.arch as XenArch, ranges: parseRanges(e.releases), file: e.file })),
);

export function archMatches(a: XenArch, arch: Arch): boolean {
  return a === 'common' || (a === 'x86' && arch === 'x86_64') || (a === 'arm' && arch === 'arm64');
}

export function archLabel(a: XenArch): string {
  return a === 'x86'
    ? 'x86'
    : a === 'arm'
      ? 'Arm'
      : a === 'riscv'
        ? 'RISC-V'
        : a === 'ia64'
          ? 'IA-64'
          : 'all architectures';
}

export function allNames(): string[] {
  return [...byName.keys()];
}

export function registrationsOf(name: string): Registration[] {
  return byName.get(name) ?? [];
}

/** Registrations of `name` in the release with index `rel`, on any architecture when `arch` is undefined. */
export function registrationsAt(name: string, rel: number, arch?: Arch): Registration[] {
  return registrationsOf(name).filter(
    (r) => inRanges(r.ranges, rel) && (arch === undefined || archMatches(r.arch, arch)),
  );
}

export interface ParamAt {
  name: string;
  regs: Registration[];
  /** How the command-line parser treats the name: the boot-time kind (runtime-only and ignore registrations set aside). */
  kind: 'boolean' | 'integer' | 'size' | 'string' | 'custom' | 'ignore' | 'runtime-only';
  /** Also changeable at run time (xl set-parameters). */
  runtime: boolean;
  /** Also registered with ignore_param (a build may accept and drop it). */
  ignorable: boolean;
  /**
   * Registered with invbool_param (4.0–4.6): read like a boolean, but the variable gets the
   * opposite ("smep" clears disable_smep, "no-smep" sets it). The word still means what it says.
   */
  inverted?: boolean;
}

export function paramAt(name: string, rel: number, arch: Arch): ParamAt | undefined {
  const regs = registrationsAt(name, rel, arch);
  if (!regs.length) return undefined;
  const boot = regs.filter((r) => r.kind !== 'ignore' && r.kind !== 'custom_runtime_only');
  const base = (k: string) => (k === 'invbool' ? 'boolean' : k.replace(/_runtime(_only)?$/, '')) as ParamAt['kind'];
  const kind: ParamAt['kind'] = boot.length
    ? base(boot[0].kind)
    : regs.some((r) => r.kind === 'ignore')
      ? 'ignore'
      : 'runtime-only';
  const p: ParamAt = {
    name,
    regs,
    kind,
    runtime: regs.some((r) => r.kind.includes('_runtime')),
    ignorable: regs.some((r) => r.kind === 'ignore'),
  };
  if (boot[0]?.kind === 'invbool') p.inverted = true;
  return p;
}

const namesCache = new Map<string, string[]>();
/** Names a release parses from its boot command line on `arch` (runtime-only ones excluded). */
export function namesAt(rel: number, arch: Arch): string[] {
  const key = `${rel}/${arch}`;
  let names = namesCache.get(key);
  if (!names) {
    names = allNames()
      .filter((n) => {
        const p = paramAt(n, rel, arch);
        return p !== undefined && p.kind !== 'runtime-only';
      })
      .sort();
    namesCache.set(key, names);
  }
  return names;
}

/** Index ranges where `name` exists on `arch` (any architecture when undefined). */
export function existence(name: string, arch?: Arch): Array<[number, number]> {
  return registrationsOf(name)
    .filter((r) => arch === undefined || archMatches(r.arch, arch))
    .flatMap((r) => r.ranges);
}

export function firstRelease(ranges: Array<[number, number]>): number {
  return ranges.length ? Math.min(...ranges.map((r) => r[0])) : -1;
}

export function lastRelease(ranges: Array<[number, number]>): number {
  return ranges.length ? Math.max(...ranges.map((r) => r[1])) : -1;
}

export { RELEASES };
