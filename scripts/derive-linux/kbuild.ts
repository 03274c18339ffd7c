// Walks the kernel's Kbuild/Makefile object lists from the top of the tree, the way kbuild
// descends, and answers for each C file reached: the module name its objects get
// (KBUILD_MODNAME), the Kconfig symbols that gate it on the way down, and the architectures
// whose build reaches it. Only what the make syntax states plainly is followed; lines built from
// other make variables are skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ArchKey = 'x86_64' | 'arm64';
export const ARCHES: ArchKey[] = ['x86_64', 'arm64'];
const SRCARCH: Record<ArchKey, string> = { x86_64: 'x86', arm64: 'arm64' };

/** Symbols that are fixed by the architecture: true ones drop out of gates, false ones prune. */
const FIXED: Record<ArchKey, Record<string, boolean>> = {
  x86_64: {
    X86: true,
    X86_64: true,
    '64BIT': true,
    MMU: true,
    X86_32: false,
    ARM64: false,
    ARM: false,
    PPC: false,
    S390: false,
    MIPS: false,
    RISCV: false,
    SPARC: false,
    PARISC: false,
    IA64: false,
    LOONGARCH: false,
    ALPHA: false,
    SUPERH: false,
    M68K: false,
    COMPILE_TEST: false,
  },
  arm64: {
    ARM64: true,
    '64BIT': true,
    MMU: true,
    X86: false,
    X86_64: false,
    X86_32: false,
    ARM: false,
    PPC: false,
    S390: false,
    MIPS: false,
    RISCV: false,
    SPARC: false,
    PARISC: false,
    IA64: false,
    LOONGARCH: false,
    ALPHA: false,
    SUPERH: false,
    M68K: false,
    COMPILE_TEST: false,
  },
};

export interface ReachedFile {
  /** Path relative to the tree, e.g. "drivers/md/md-autodetect.c". */
  path: string;
  modname: string;
  /** Kconfig symbols (without CONFIG_) that must be set; "!X" means X must be unset. */
  gates: string[];
  arches: ArchKey[];
}

interface Cond {
  syms: string[];
  moduleOnly: boolean;
  dead: boolean;
}

/** Evaluates a kbuild condition such as `y`, `m`, `$(CONFIG_FOO)`, `$(subst m,y,$(CONFIG_FOO))`. */
function parseCond(cond: string, arch: ArchKey): Cond | undefined {
  if (cond === 'y' || cond === 'objs' || cond === '') return { syms: [], moduleOnly: false, dead: false };
  if (cond === 'm') return { syms: [], moduleOnly: true, dead: false };
  const syms = [...cond.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  if (syms.length === 0) return undefined;
  return applyFixed(syms, arch);
}

export function applyFixed(syms: string[], arch: ArchKey): Cond {
  const out: string[] = [];
  let dead = false;
  for (const s of syms) {
    const neg = s.startsWith('!');
    const name = neg ? s.slice(1) : s;
    const fixed = FIXED[arch][name];
    if (fixed === undefined) out.push(s);
    else if (fixed === neg) dead = true;
  }
  return { syms: out, moduleOnly: false, dead };
}

interface Assign {
  lhs: string;
  cond: Cond;
  items: string[];
  gates: string[];
  assign: boolean;
}

/** Joins continuation lines, drops comments, and yields assignments with the ifdef gates around them. */
function parseMakefile(text: string, arch: ArchKey): Assign[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const stack: Array<{ syms: string[]; dead: boolean }> = [];
  const out: Assign[] = [];
  for (let raw of lines) {
    const hash = raw.indexOf('#');
    if (hash >= 0) raw = raw.slice(0, hash);
    const line = raw.trim();
    if (!line) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(ifdef|ifndef)\s+CONFIG_(\w+)/.exec(line))) {
      const c = applyFixed([m[1] === 'ifndef' ? `!${m[2]}` : m[2]], arch);
      stack.push({ syms: c.syms, dead: c.dead });
      continue;
    }
    if ((m = /^(ifeq|ifneq)\s*\(\s*\$\(CONFIG_(\w+)\)\s*,\s*(\w*)\s*\)/.exec(line))) {
      // ifeq ($(CONFIG_X),y) / ifneq ($(CONFIG_X),) / ifeq ($(CONFIG_X),) / ifneq ($(CONFIG_X),y)
      const wantsSet = (m[1] === 'ifeq') === (m[3] === 'y' || m[3] === 'm');
      const c = applyFixed([wantsSet ? m[2] : `!${m[2]}`], arch);
      stack.push({ syms: c.syms, dead: c.dead });
      continue;
    }
    if (/^if(eq|neq|def|ndef)\b/.test(line)) {
      stack.push({ syms: [], dead: false });
      continue;
    }
    if (/^else\b/.test(line)) {
      const top = stack.pop();
      if (top) {
        if (top.syms.length === 1) {
          const s = top.syms[0];
          const c = applyFixed([s.startsWith('!') ? s.slice(1) : `!${s}`], arch);
          stack.push({ syms: c.syms, dead: c.dead });
        } else stack.push({ syms: [], dead: top.dead ? false : false });
      }
      continue;
    }
    if (/^endif\b/.test(line)) {
      stack.pop();
      continue;
    }
    if (stack.some((s) => s.dead)) continue;
    m = /^([A-Za-z0-9_./$()-]+?)-(y|m|objs|\$\((?:[^()]|\([^()]*\))*\))\s*(\+|:|\?)?=\s*(.*)$/.exec(line);
    if (!m) continue;
    const cond = parseCond(m[2], arch);
    if (!cond) continue;
    const items = m[4]
      .replace(/\$\(BITS\)/g, '64')
      .replace(/\$\(SRCARCH\)/g, SRCARCH[arch])
      .split(/\s+/)
      .map((w) => {
        const v = /^\$\(([A-Za-z0-9_-]+)-(y|objs)\)$/.exec(w);
        return v ? `@${v[1]}` : w;
      })
      .filter((w) => w && !w.includes('$'));
    out.push({ lhs: m[1], cond, items, gates: stack.flatMap((s) => s.syms), assign: m[3] !== '+' });
  }
  return out;
}

function readBuildFile(tree: string, dir: string): string | undefined {
  for (const name of ['Kbuild', 'Makefile']) {
    const p = join(tree, dir, name);
    if (existsSync(p)) {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const uniq = (xs: string[]): string[] => [...new Set(xs)];

function modnameOf(objPath: string): string {
  const base = objPath.slice(objPath.lastIndexOf('/') + 1).replace(/\.o$/, '');
  return base.replace(/[-,]/g, '_');
}

function walkArch(tree: string, arch: ArchKey, found: Map<string, ReachedFile>, opts: WalkOptions): void {
  // A directory reached by several routes (drivers/usb/ from CONFIG_USB and CONFIG_USB_PHY …) is
  // gated only by what all routes share; a revisit with fewer gates walks it again.
  const dirGates = new Map<string, string[]>();
  const visit = (dir: string, routeGates: string[]): void => {
    const prevGates = dirGates.get(dir);
    const gates = prevGates ? prevGates.filter((g) => routeGates.includes(g)) : routeGates;
    if (prevGates && gates.length === prevGates.length) return;
    dirGates.set(dir, gates);
    const text = readBuildFile(tree, dir);
    if (text === undefined) return;
    const assigns = parseMakefile(text, arch);
    const composites = new Map<string, Array<{ item: string; gates: string[] }>>();
    for (const a of assigns) {
      if (
        [
          'obj',
          'lib',
          'subdir',
          'always',
          'targets',
          'extra',
          'hostprogs',
          'userprogs',
          'core',
          'libs',
          'drivers',
        ].includes(a.lhs)
      )
        continue;
      if (a.cond.dead || a.cond.moduleOnly) continue;
      // `x-y := …` replaces what came before when it certainly applies (no open condition).
      // `fb-objs := $(fb-y)` names the list itself: it keeps what fb-y gathered. (Read so only
      // with `selfComposites`: the 6.1/6.12 tables are regenerated byte for byte without it.)
      const self = opts.selfComposites && a.items.includes(`@${a.lhs}`);
      const list = a.assign && !self && !a.cond.syms.length && !a.gates.length ? [] : (composites.get(a.lhs) ?? []);
      for (const item of a.items)
        if (item !== `@${a.lhs}`) list.push({ item, gates: uniq([...a.gates, ...a.cond.syms]) });
      composites.set(a.lhs, list);
    }
    const addSource = (obj: string, modname: string, g: string[]): void => {
      const c = join(dir, obj.replace(/\.o$/, '.c'));
      if (!existsSync(join(tree, c))) return;
      const prev = found.get(c);
      if (prev) {
        if (!prev.arches.includes(arch)) prev.arches.push(arch);
        const shared = prev.gates.filter((x) => g.includes(x));
        if (shared.length !== prev.gates.length) prev.gates = shared;
        return;
      }
      found.set(c, { path: c, modname, gates: uniq(g), arches: [arch] });
    };
    for (const a of assigns) {
      if (!['obj', 'lib', 'core', 'libs', 'drivers'].includes(a.lhs)) continue;
      if (a.cond.dead || a.cond.moduleOnly) continue;
      const g = uniq([...gates, ...a.gates, ...a.cond.syms]);
      // `obj-y += $(mmu-y)`: the variable's objects, each with its own gates.
      const items: Array<{ item: string; extra: string[] }> = [];
      for (const item of a.items) {
        if (item.startsWith('@'))
          for (const p of composites.get(item.slice(1)) ?? []) items.push({ item: p.item, extra: p.gates });
        else items.push({ item, extra: [] });
      }
      for (const { item: written, extra } of items) {
        const g2 = uniq([...g, ...extra]);
        // Before 3.16 a directory could be named by its archive: `obj-$(CONFIG_X) += selinux/built-in.o`.
        const item = written.replace(/\/built-in\.o$/, '/');
        if (item.endsWith('/')) {
          const sub =
            ['core', 'libs', 'drivers'].includes(a.lhs) || dir === '' ? item.replace(/\/$/, '') : join(dir, item);
          visit(sub.replace(/\/$/, ''), g2);
        } else if (item.endsWith('.o')) {
          const name = item.replace(/\.o$/, '');
          const parts = composites.get(name);
          if (parts) {
            for (const p of parts) if (p.item.endsWith('.o')) addSource(p.item, modnameOf(item), [...g2, ...p.gates]);
          } else addSource(item, modnameOf(item), g2);
        }
      }
    }
  };
  // The top of the tree: Kbuild's obj-y list plus the architecture Makefile's core/libs/drivers.
  visit('', []);
  // Before 6.1 the top Kbuild lists no directories: the top Makefile's init-y, core-y, drivers-y,
  // net-y, libs-y and virt-y do (init/, kernel/, drivers/ …).
  const topKbuild = readBuildFile(tree, '') ?? '';
  if (!/^\s*obj-[^\s=+:]+\s*[+:]?=\s*[^#\n]*\/\s*$/m.test(topKbuild) && existsSync(join(tree, 'Makefile'))) {
    for (const a of parseMakefile(readFileSync(join(tree, 'Makefile'), 'utf8'), arch)) {
      if (!['init', 'core', 'drivers', 'net', 'libs', 'virt'].includes(a.lhs) || a.cond.dead || a.cond.moduleOnly)
        continue;
      for (const item of a.items)
        if (item.endsWith('/') && !item.startsWith('/'))
          visit(item.replace(/\/$/, ''), uniq([...a.gates, ...a.cond.syms]));
    }
  }
  visit('lib', []);
  const archMk = join(tree, 'arch', SRCARCH[arch], 'Makefile');
  if (existsSync(archMk)) {
    for (const a of parseMakefile(readFileSync(archMk, 'utf8'), arch)) {
      if (!['core', 'libs', 'drivers'].includes(a.lhs) || a.cond.dead) continue;
      for (const item of a.items)
        if (item.endsWith('/')) visit(item.replace(/\/$/, ''), uniq([...a.gates, ...a.cond.syms]));
    }
  }
}

export interface WalkOptions {
  /** Follow `x-objs := $(x-y)` (a composite naming its own list) instead of emptying it. */
  selfComposites?: boolean;
}

/** Every C file the x86_64 and arm64 builds can compile into the kernel image, sorted by path. */
export function reachedFiles(tree: string, opts: WalkOptions = {}): ReachedFile[] {
  const found = new Map<string, ReachedFile>();
  // Only the architectures the tree has (arm64 arrived in 3.7).
  for (const arch of ARCHES)
    if (existsSync(join(tree, 'arch', SRCARCH[arch], 'Makefile'))) walkArch(tree, arch, found, opts);
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
