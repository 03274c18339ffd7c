// The derived per-release tables (server/data/linux/params-<v>.json, written by
// scripts/derive-linux-params.ts from the kernel sources), decoded on first use into lookups by
// parameter name. Names are keyed with '-' folded to '_' because the kernel compares them so.
import p61 from '../../data/linux/params-6.1.json';
import p612 from '../../data/linux/params-6.12.json';
import type { Arch } from '../service/types';

export type DefKind = 'setup' | 'early' | 'core' | 'module' | 'direct' | 'sysctl-alias';
export type BootReader = 'x86-setup' | 'x86-decompressor' | 'efi-stub' | 'arm64-early';

export interface Definition {
  /** The name as registered, with `=` when a __setup string has one. */
  raw: string;
  kind: DefKind;
  file: string;
  line: number;
  arches: Arch[];
  /** Kconfig symbols (without CONFIG_) that gate the code; `!X` = X must be off. */
  gates: string[];
  type?: string;
  default?: string;
}

export interface DocFact { line: number; takesValue: boolean; tags: string[]; format?: string; deprecated: boolean; successor?: string }
export interface BootFact { reader: BootReader; file: string; line: number; arches: Arch[] }

export interface ParamFacts {
  /** Display name: the registered or documented spelling, without `=`. */
  name: string;
  defs: Definition[];
  docs: DocFact[];
  boot: BootFact[];
}

export interface ReleaseTable {
  version: string;
  release: string;
  byName: Map<string, ParamFacts>;
  /** Module (prefix) names that have at least one built-in-capable parameter. */
  modules: Set<string>;
  commandLineSize: Partial<Record<Arch, { value: number; at: string }>>;
  initArgsLimit?: { value: number; at: string };
  docFile: string;
}

interface RawTable {
  version: string;
  release: string;
  limits: Record<string, { value: number; at: string } | null | undefined>;
  files: string[];
  gates: string[];
  params: Array<Array<string | number>>;
  docs: Array<Array<string | number>>;
  boot: Array<Array<string | number>>;
}

export const KNOWN_TABLES = ['6.1', '6.12'] as const;
export type TableVersion = (typeof KNOWN_TABLES)[number];

const raw: Record<TableVersion, RawTable> = { '6.1': p61 as unknown as RawTable, '6.12': p612 as unknown as RawTable };
const decoded = new Map<TableVersion, ReleaseTable>();

export function normName(name: string): string {
  return name.replace(/=$/, '').replace(/-/g, '_');
}

function arches(code: unknown): Arch[] {
  if (code === 'x') return ['x86_64'];
  if (code === 'a') return ['arm64'];
  return ['x86_64', 'arm64'];
}

const KINDS: Record<string, DefKind> = { s: 'setup', e: 'early', c: 'core', m: 'module', d: 'direct', y: 'sysctl-alias' };

function decode(t: RawTable): ReleaseTable {
  const byName = new Map<string, ParamFacts>();
  const modules = new Set<string>();
  const entry = (name: string): ParamFacts => {
    // `__setup("ring3mwait=disable", …)` registers a name with its only value: index the name.
    const eq = name.indexOf('=');
    const bare = eq > 0 ? name.slice(0, eq) : name;
    const key = normName(bare);
    let e = byName.get(key);
    if (!e) { e = { name: bare, defs: [], docs: [], boot: [] }; byName.set(key, e); }
    return e;
  };
  for (const r of t.params) {
    const [name, kind, file, line, arch, gate, type, def] = r as [string, string, number, number, string?, number?, string?, string?];
    const k = KINDS[kind] ?? 'setup';
    const gates = gate ? (t.gates[gate - 1] ?? '') : '';
    entry(name).defs.push({ raw: name, kind: k, file: t.files[file] ?? '?', line, arches: arches(arch), gates: gates ? gates.split(',') : [], type: type || undefined, default: def || undefined });
    if (k === 'module') { const dot = name.indexOf('.'); if (dot > 0) modules.add(normName(name.slice(0, dot))); }
  }
  for (const r of t.docs) {
    const [name, line, eq, tags, format, dep, succ] = r as [string, number, string, string?, string?, string?, string?];
    entry(name).docs.push({ line, takesValue: eq === '=', tags: tags ? tags.split(',') : [], format: format || undefined, deprecated: dep === 'deprecated', successor: succ || undefined });
  }
  for (const r of t.boot) {
    const [name, reader, file, line, arch] = r as [string, BootReader, number, number, string?];
    entry(name).boot.push({ reader, file: t.files[file] ?? '?', line, arches: arches(arch) });
  }
  const lim = (k: string) => t.limits[k] ?? undefined;
  const docFile = t.files.find((f) => f.endsWith('kernel-parameters.txt')) ?? 'Documentation/admin-guide/kernel-parameters.txt';
  return {
    version: t.version,
    release: t.release,
    byName,
    modules,
    commandLineSize: { x86_64: lim('commandLineSize_x86_64'), arm64: lim('commandLineSize_arm64') },
    initArgsLimit: lim('initArgsAndEnvs'),
    docFile,
  };
}

export function releaseTable(v: TableVersion): ReleaseTable {
  let t = decoded.get(v);
  if (!t) { t = decode(raw[v]); decoded.set(v, t); }
  return t;
}
