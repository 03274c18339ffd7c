// Which architectures a Kconfig symbol can be enabled on, from the Kconfig files: symbols defined
// under arch/x86 or arch/arm64 belong to that architecture, and `depends on` (with enclosing
// `if` blocks) that require X86 or ARM64 — directly or through the symbols they depend on —
// restrict a symbol too (`depends on X86 || COMPILE_TEST` counts as X86). Makefiles alone would
// claim, say, drivers/idle/intel_idle.c for arm64.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchKey } from './kbuild';

const ALL: ArchKey[] = ['x86_64', 'arm64'];
const ARCH_TOKENS: Record<string, ArchKey[]> = {
  X86: ['x86_64'],
  X86_64: ['x86_64'],
  X86_32: [],
  ARM64: ['arm64'],
  ARM: [],
  IA64: [],
  PPC: [],
  PPC64: [],
  PPC32: [],
  S390: [],
  MIPS: [],
  RISCV: [],
  SPARC: [],
  SPARC64: [],
  PARISC: [],
  LOONGARCH: [],
  ALPHA: [],
  SUPERH: [],
  M68K: [],
  XTENSA: [],
  UML: [],
  MICROBLAZE: [],
  NIOS2: [],
  OPENRISC: [],
  CSKY: [],
  HEXAGON: [],
  ARC: [],
  SH: [],
};
const OTHER_ARCH_DIRS = new Set([
  'alpha',
  'arc',
  'arm',
  'csky',
  'hexagon',
  'ia64',
  'loongarch',
  'm68k',
  'microblaze',
  'mips',
  'nios2',
  'openrisc',
  'parisc',
  'powerpc',
  'riscv',
  's390',
  'sh',
  'sparc',
  'um',
  'xtensa',
]);

interface Def {
  deps: string[];
  dirArch?: ArchKey;
}

function kconfigFiles(tree: string, dir = '', out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(join(tree, dir)).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const rel = dir ? `${dir}/${n}` : n;
    if (!dir && (n === 'tools' || n === 'Documentation' || n === 'scripts' || n.startsWith('.'))) continue;
    if (dir === 'arch' && OTHER_ARCH_DIRS.has(n)) continue;
    let st;
    try {
      st = statSync(join(tree, rel));
    } catch {
      continue;
    }
    if (st.isDirectory()) kconfigFiles(tree, rel, out);
    else if (/^Kconfig/.test(n)) out.push(rel);
  }
  return out;
}

/** Splits at top-level `&&` (outside parentheses). */
function conjuncts(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && expr.startsWith('&&', i)) {
      out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function parse(tree: string): Map<string, Def[]> {
  const defs = new Map<string, Def[]>();
  for (const file of kconfigFiles(tree)) {
    let text: string;
    try {
      text = readFileSync(join(tree, file), 'utf8');
    } catch {
      continue;
    }
    const dirArch: ArchKey | undefined = file.startsWith('arch/x86/')
      ? 'x86_64'
      : file.startsWith('arch/arm64/')
        ? 'arm64'
        : undefined;
    const ifs: string[] = [];
    let cur: Def | undefined;
    const lines = text.replace(/\\\n/g, ' ').split('\n');
    for (const raw of lines) {
      const line = raw.replace(/#.*$/, '').trim();
      let m: RegExpExecArray | null;
      if ((m = /^(?:menu)?config\s+(\w+)/.exec(line))) {
        cur = { deps: [...ifs], dirArch };
        const list = defs.get(m[1]) ?? [];
        list.push(cur);
        defs.set(m[1], list);
        continue;
      }
      if ((m = /^if\s+(.+)$/.exec(line))) {
        ifs.push(m[1]);
        cur = undefined;
        continue;
      }
      if (/^endif\b/.test(line)) {
        ifs.pop();
        cur = undefined;
        continue;
      }
      if (/^(choice|endchoice|menu|endmenu|source|comment|mainmenu)\b/.test(line)) {
        cur = undefined;
        continue;
      }
      if (cur && (m = /^depends\s+on\s+(.+)$/.exec(line))) cur.deps.push(m[1]);
    }
  }
  return defs;
}

/** For each symbol that cannot be enabled on every architecture, the architectures where it can. */
export function symbolArches(tree: string): Map<string, ArchKey[]> {
  const defs = parse(tree);
  const memo = new Map<string, ArchKey[]>();
  const visiting = new Set<string>();
  const allowed = (sym: string): ArchKey[] => {
    if (sym in ARCH_TOKENS) return ARCH_TOKENS[sym];
    const hit = memo.get(sym);
    if (hit) return hit;
    const list = defs.get(sym);
    if (!list || visiting.has(sym)) return ALL;
    visiting.add(sym);
    const union = new Set<ArchKey>();
    for (const d of list) {
      let set: ArchKey[] = d.dirArch ? [d.dirArch] : ALL;
      for (const dep of d.deps.flatMap(conjuncts)) set = set.filter((a) => exprAllows(dep).includes(a));
      for (const a of set) union.add(a);
    }
    visiting.delete(sym);
    const res = ALL.filter((a) => union.has(a));
    memo.set(sym, res);
    return res;
  };
  const exprAllows = (conj: string): ArchKey[] => {
    let e = conj.trim();
    while (/^\(.*\)$/.test(e) && balanced(e.slice(1, -1))) e = e.slice(1, -1).trim();
    const alts = e
      .split('||')
      .map((x) => x.trim())
      .filter((x) => x !== 'COMPILE_TEST');
    if (!alts.length) return ALL;
    const union = new Set<ArchKey>();
    for (const alt of alts) {
      if (!/^\w+$/.test(alt)) return ALL; // `!FOO`, `FOO=y`, nested expressions: not restricting
      for (const a of allowed(alt)) union.add(a);
    }
    return ALL.filter((a) => union.has(a));
  };
  const out = new Map<string, ArchKey[]>();
  for (const sym of [...defs.keys()].sort()) {
    const a = allowed(sym);
    if (a.length < ALL.length) out.set(sym, a);
  }
  return out;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}
