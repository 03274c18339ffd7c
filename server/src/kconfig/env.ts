/**
 * The environment the kernel's Makefile gives Kconfig (ARCH, SRCARCH, srctree,
 * CC, LD, CC_VERSION_TEXT, ...), so that the engine sees what `make
 * olddefconfig` would show `conf`.
 */
import { execFileSync } from 'child_process';
import * as nodePath from 'path';
import { TreeFs, nodeTreeFs } from './fs';

/** Kernel architecture name (ARCH=) to source directory under arch/ (SRCARCH). */
export function srcArchOf(arch: string): string {
  switch (arch) {
    case 'x86_64':
    case 'i386':
    case 'x86':
    case 'amd64':
      return 'x86';
    case 'aarch64':
    case 'arm64':
      return 'arm64';
    case 'sparc32':
    case 'sparc64':
      return 'sparc';
    case 'sh64':
      return 'sh';
    case 'tilepro':
    case 'tilegx':
      return 'tile';
    case 'ppc':
    case 'ppc64':
    case 'ppc64le':
    case 'powerpc64':
      return 'powerpc';
    case 'riscv64':
    case 'riscv32':
      return 'riscv';
    case 'loongarch64':
      return 'loongarch';
    default:
      return arch;
  }
}

/** Normalize user-facing arch names (amd64, aarch64) to the kernel's ARCH. */
export function kernelArchOf(arch: string): string {
  switch (arch) {
    case 'amd64':
      return 'x86_64';
    case 'aarch64':
      return 'arm64';
    default:
      return arch;
  }
}

export interface KernelVersion {
  version: number;
  patchlevel: number;
  sublevel: number;
  extraversion: string;
  /** e.g. "6.1.192" */
  text: string;
}

/**
 * VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION from the top Makefile (read through fs: with the
 * tree's reader, a Makefile that leads outside the tree or is not a regular file is not read).
 */
export function readKernelVersion(srcDir: string, fs: TreeFs = nodeTreeFs): KernelVersion | undefined {
  const mk = fs.readFile(nodePath.join(srcDir, 'Makefile'));
  if (!mk) return undefined;
  const get = (k: string): string => {
    // `NAME = value` at the start of a line; [ \t]* (not \s*) so no match spans lines
    const m = new RegExp(`^${k}[ \\t]*=([^\\n]*)$`, 'm').exec(mk);
    return m ? m[1].trim().slice(0, 64) : '';
  };
  const version = parseInt(get('VERSION'), 10);
  if (!Number.isFinite(version)) return undefined;
  const pl = get('PATCHLEVEL');
  const sl = get('SUBLEVEL');
  const ev = get('EXTRAVERSION');
  const text = `${version}${pl ? '.' + pl + (sl ? '.' + sl : '') : ''}${ev}`;
  return {
    version,
    patchlevel: parseInt(pl || '0', 10) || 0,
    sublevel: parseInt(sl || '0', 10) || 0,
    extraversion: ev,
    text,
  };
}

export interface KernelEnvOptions {
  srcDir: string;
  arch: string;
  /** Starting environment (default: none). Values here win over the defaults. */
  base?: Record<string, string | undefined>;
  /** Run `$(CC) --version` for CC_VERSION_TEXT (as make does). */
  allowShell?: boolean;
  /** command -> output, used instead of running commands. */
  toolchainFacts?: Record<string, string>;
  fs?: TreeFs;
  /** Environment of the probes' shell (default: the result itself). */
  shellBase?: Record<string, string | undefined>;
}

/** The shell command make uses for CC_VERSION_TEXT. */
export const ccVersionCommand = (cc: string): string => `LC_ALL=C ${cc} --version 2>/dev/null | head -n 1`;
export const rustcVersionCommand = (rustc: string): string => `${rustc} --version 2>/dev/null`;

/**
 * Build the environment Kconfig sees under `make ARCH=<arch> olddefconfig`.
 * Variables already in `base` are kept as given.
 */
export function kernelEnv(o: KernelEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.base ?? {})) if (v !== undefined) env[k] = v;
  const arch = kernelArchOf(o.arch);
  const setDefault = (k: string, v: string): void => {
    if (env[k] === undefined) env[k] = v;
  };
  env.ARCH = arch;
  env.SRCARCH = srcArchOf(arch);
  env.srctree = nodePath.resolve(o.srcDir);
  const cross = env.CROSS_COMPILE ?? '';
  setDefault('CROSS_COMPILE', cross);
  setDefault('CC', `${cross}gcc`);
  setDefault('LD', `${cross}ld`);
  setDefault('AR', `${cross}ar`);
  setDefault('NM', `${cross}nm`);
  setDefault('OBJCOPY', `${cross}objcopy`);
  setDefault('HOSTCC', 'gcc');
  setDefault('HOSTCXX', 'g++');
  setDefault('RUSTC', 'rustc');
  setDefault('BINDGEN', 'bindgen');
  setDefault('PAHOLE', 'pahole');
  setDefault('CONFIG_SHELL', 'sh');
  // scripts/subarch.include: the host's architecture; arch/um/Makefile exports it
  if (arch === 'um') {
    const host =
      (
        {
          x64: 'x86',
          ia32: 'x86',
          arm64: 'arm64',
          arm: 'arm',
          ppc64: 'powerpc',
          s390x: 's390',
          riscv64: 'riscv',
          loong64: 'loongarch',
          mips: 'mips',
          mipsel: 'mips',
        } as Record<string, string>
      )[process.arch] ?? process.arch;
    setDefault('SUBARCH', host);
    setDefault('HEADER_ARCH', env.SUBARCH === 'i386' || env.SUBARCH === 'x86_64' ? 'x86' : env.SUBARCH);
  }
  const kv = readKernelVersion(o.srcDir, o.fs ?? nodeTreeFs);
  if (kv) {
    setDefault('KERNELVERSION', kv.text);
    setDefault('VERSION', String(kv.version));
    setDefault('PATCHLEVEL', String(kv.patchlevel));
    setDefault('SUBLEVEL', String(kv.sublevel));
  }
  const probe = (cmd: string): string | undefined => {
    const facts = o.toolchainFacts;
    if (facts && Object.prototype.hasOwnProperty.call(facts, cmd)) return facts[cmd];
    if (!o.allowShell) return undefined;
    try {
      return execFileSync('/bin/sh', ['-c', cmd], {
        env: o.shellBase ? ({ ...o.shellBase, ...env } as NodeJS.ProcessEnv) : env,
        encoding: 'latin1',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 30000,
      });
    } catch (e) {
      const out = (e as { stdout?: unknown }).stdout;
      return typeof out === 'string' ? out : '';
    }
  };
  const clean = (s: string): string => s.replace(/\n+$/, '').replace(/\n/g, ' ').replace(/#/g, '');
  if (env.CC_VERSION_TEXT === undefined) {
    const v = probe(ccVersionCommand(env.CC));
    if (v !== undefined) env.CC_VERSION_TEXT = clean(v);
  }
  if (env.RUSTC_VERSION_TEXT === undefined) {
    const v = probe(rustcVersionCommand(env.RUSTC));
    if (v !== undefined) env.RUSTC_VERSION_TEXT = clean(v);
  }
  return env;
}
