// Derives server/data/kernel/symbols.json: every Kconfig symbol of the bundled Linux versions for
// x86_64 and arm64 — name, type, which version/arch slots define it, which give it a prompt,
// which select it, and where it is defined.
//
// Usage: node --import tsx scripts/derive-kernel-symbols.ts [--trees /work/trees] [--out FILE]
//   Trees are expected at <trees>/linux-source-<version> (Debian's linux-source packages).
//
// The scan is syntactic and deliberately simple: starting at the tree's top `Kconfig` with
// SRCARCH set for the architecture, it follows every `source`/`rsource`/`osource`/`orsource`
// (whether or not it sits inside an `if` block), reads `config`/`menuconfig` entries, their
// type (bool, tristate, int, hex, string, def_bool, def_tristate), whether they have a prompt,
// and `select` statements; help texts are skipped by indentation like the kernel's lexer does.
// Output is deterministic: symbols and files sorted, no timestamps.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const VERSIONS = ['6.1', '6.12'] as const;
export const ARCHES = [
  { name: 'x86_64', srcarch: 'x86' },
  { name: 'arm64', srcarch: 'arm64' },
] as const;

export type TypeCode = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | '';

interface Def { file: string; line: number; type: TypeCode; prompt: boolean; defaultOn: boolean; sawDefault: boolean }
export interface ScanResult {
  defs: Map<string, Def[]>;
  selected: Set<string>;
  files: number;
  missing: string[];
}

const TYPE_WORDS: Record<string, TypeCode> = {
  bool: 'bool', boolean: 'bool', tristate: 'tristate', int: 'int', hex: 'hex', string: 'string',
  def_bool: 'bool', def_tristate: 'tristate',
};

function indentWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (ch === ' ') w++;
    else if (ch === '\t') w = (Math.floor(w / 8) + 1) * 8;
    else break;
  }
  return w;
}

/** Scans one architecture of one tree. */
export function scanTree(root: string, srcarch: string): ScanResult {
  const defs = new Map<string, Def[]>();
  const selected = new Set<string>();
  const missing: string[] = [];
  const seenFiles = new Set<string>();
  const vars: Record<string, string> = { SRCARCH: srcarch, ARCH: srcarch, HEADER_ARCH: srcarch };
  const expand = (s: string): string => s.replace(/\$\(([A-Za-z_]+)\)/g, (m, v: string) => vars[v] ?? m);

  const visit = (rel: string, optional: boolean): void => {
    const abs = path.join(root, rel);
    if (rel.includes('*')) {
      // Globs (rare): expand one directory level.
      const dir = path.dirname(rel);
      const re = new RegExp('^' + path.basename(rel).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
      let names: string[] = [];
      try { names = fs.readdirSync(path.join(root, dir)).sort(); } catch { /* none */ }
      for (const n of names) if (re.test(n)) visit(path.posix.join(dir, n), true);
      return;
    }
    if (seenFiles.has(rel)) return;
    let text: string;
    try { text = fs.readFileSync(abs, 'utf8'); } catch {
      if (!optional) missing.push(rel);
      return;
    }
    seenFiles.add(rel);
    const raw = text.split('\n');
    let current: { name: string; def: Def } | undefined;
    let helpIndent = -1; // >= 0 while inside a help text
    let helpBody = -1; // indent of the first help line
    for (let i = 0; i < raw.length; i++) {
      let line = raw[i];
      const lineNo = i + 1;
      if (helpIndent >= 0) {
        if (line.trim() === '') continue;
        const w = indentWidth(line);
        if (helpBody < 0) {
          // Like the kernel's lexer: the first help line sets the indent (even when it is not
          // deeper than the `help` keyword); the text ends at a line indented less.
          if (w > 0) { helpBody = w; continue; }
        } else if (w >= helpBody) continue;
        helpIndent = -1;
        helpBody = -1;
      }
      while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + ' ' + raw[++i];
      const t = line.trim();
      if (t === '' || t.startsWith('#')) continue;
      const m = /^([A-Za-z_-]+)\s*(.*)$/.exec(t);
      if (!m) continue;
      const [, kw, rest] = m;
      switch (kw) {
        case 'config':
        case 'menuconfig': {
          const name = /^([A-Za-z0-9_]+)/.exec(rest)?.[1];
          if (!name) { current = undefined; break; }
          const def: Def = { file: rel, line: lineNo, type: '', prompt: false, defaultOn: false, sawDefault: false };
          const list = defs.get(name) ?? [];
          list.push(def);
          defs.set(name, list);
          current = { name, def };
          break;
        }
        case 'choice': case 'endchoice': case 'menu': case 'endmenu': case 'if': case 'endif':
        case 'comment': case 'mainmenu':
          current = undefined;
          break;
        case 'source': case 'rsource': case 'osource': case 'orsource': {
          current = undefined;
          const q = /^"([^"]*)"|^(\S+)/.exec(rest);
          const target = q ? expand(q[1] ?? q[2]) : '';
          if (!target || target.includes('$(')) break;
          const relative = kw === 'rsource' || kw === 'orsource';
          visit(relative ? path.posix.join(path.posix.dirname(rel), target) : path.posix.normalize(target), kw.startsWith('o'));
          break;
        }
        case 'help': case '---help---':
          helpIndent = indentWidth(line);
          helpBody = -1;
          break;
        case 'prompt':
          if (current) current.def.prompt = true;
          break;
        case 'default':
          // Only the first default counts; "on" when it is a literal y or m without condition.
          if (current && !current.def.sawDefault) {
            current.def.sawDefault = true;
            current.def.defaultOn = /^[ym]\s*$/.test(rest);
          }
          break;
        case 'select': {
          const s = /^([A-Za-z0-9_]+)/.exec(rest)?.[1];
          if (s) selected.add(s);
          break;
        }
        default: {
          const ty = TYPE_WORDS[kw];
          if (ty !== undefined && current) {
            if (!current.def.type) current.def.type = ty;
            if (!kw.startsWith('def_') && /^"/.test(rest)) current.def.prompt = true;
            if (kw.startsWith('def_') && !current.def.sawDefault) {
              current.def.sawDefault = true;
              current.def.defaultOn = /^[ym]\s*$/.test(rest);
            }
          }
        }
      }
    }
  };
  visit('Kconfig', false);
  return { defs, selected, files: seenFiles.size, missing };
}

export interface SymbolData {
  $schema: string;
  origin: string;
  /** Slot i (bit 1<<i) is versions[i / arches.length] × arches[i % arches.length]. */
  versions: string[];
  arches: string[];
  types: TypeCode[];
  files: string[];
  /** name → [typeIndex (one digit per slot when slots differ), presentMask, promptMask, selectedMask, defaultOnMask, fileIndex, line] */
  symbols: Record<string, [number, number, number, number, number, number, number]>;
}

export function derive(treesDir: string, log: (s: string) => void = () => undefined): SymbolData {
  const types: TypeCode[] = ['', 'bool', 'tristate', 'int', 'hex', 'string'];
  interface Acc { type: TypeCode; typeBy: TypeCode[]; present: number; prompt: number; selected: number; defaultOn: number; loc?: { file: string; line: number; slot: number } }
  const acc = new Map<string, Acc>();
  let slot = 0;
  const selectedBySlot: Set<string>[] = [];
  for (const v of VERSIONS) {
    for (const a of ARCHES) {
      const root = path.join(treesDir, `linux-source-${v}`);
      const r = scanTree(root, a.srcarch);
      log(`${v}/${a.name}: ${r.files} Kconfig files, ${r.defs.size} symbols${r.missing.length ? `, missing: ${r.missing.join(' ')}` : ''}`);
      const bit = 1 << slot;
      for (const [name, ds] of r.defs) {
        const e = acc.get(name) ?? { type: '' as TypeCode, typeBy: VERSIONS.flatMap(() => ARCHES.map(() => '' as TypeCode)), present: 0, prompt: 0, selected: 0, defaultOn: 0 };
        e.present |= bit;
        if (ds.some((d) => d.prompt)) e.prompt |= bit;
        if (ds.some((d) => d.defaultOn)) e.defaultOn |= bit;
        const ty = ds.find((d) => d.type)?.type;
        // The newest typed definition wins (slots run oldest → newest).
        if (ty) e.type = ty;
        if (ty) e.typeBy[slot] = ty;
        // Location: newest version, x86_64 before arm64.
        const vIdx = Math.floor(slot / ARCHES.length);
        if (!e.loc || Math.floor(e.loc.slot / ARCHES.length) < vIdx) e.loc = { file: ds[0].file, line: ds[0].line, slot };
        acc.set(name, e);
      }
      selectedBySlot.push(r.selected);
      slot++;
    }
  }
  selectedBySlot.forEach((set, i) => { for (const n of set) { const e = acc.get(n); if (e) e.selected |= 1 << i; } });
  const names = [...acc.keys()].sort();
  const fileSet = new Set<string>();
  for (const n of names) { const l = acc.get(n)!.loc; if (l) fileSet.add(l.file); }
  const files = [...fileSet].sort();
  const fileIdx = new Map(files.map((f, i) => [f, i]));
  const symbols: SymbolData['symbols'] = {};
  for (const n of names) {
    const e = acc.get(n)!;
    // Type per slot as digits (one per slot, slot 0 first), collapsed to one digit when all slots
    // agree; a slot without the symbol takes the newest known type.
    const per = e.typeBy.map((ty) => types.indexOf(ty || e.type));
    const typeCode = per.every((x) => x === per[0]) ? per[0] : Number(per.join(''));
    symbols[n] = [typeCode, e.present, e.prompt, e.selected, e.defaultOn, e.loc ? fileIdx.get(e.loc.file)! : -1, e.loc?.line ?? 0];
  }
  return {
    $schema: '../schema/kernel-symbols.schema.json',
    origin: `Derived by scripts/derive-kernel-symbols.ts from Debian's linux-source-${VERSIONS.join(' and linux-source-')} trees (Kconfig files reached from the top Kconfig with SRCARCH=${ARCHES.map((a) => a.srcarch).join('/')}). Locations are from the newest version that defines the symbol.`,
    versions: [...VERSIONS],
    arches: ARCHES.map((a) => a.name),
    types,
    files,
    symbols,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (k: string, d: string): string => { const i = args.indexOf(k); return i >= 0 && args[i + 1] ? args[i + 1] : d; };
  const trees = opt('--trees', '/work/trees');
  const out = opt('--out', path.join(__dirname, '..', 'server', 'data', 'kernel', 'symbols.json'));
  const data = derive(trees, (s) => console.error(s));
  // One symbol per line: readable diffs, still compact.
  const lines = Object.entries(data.symbols).map(([n, v]) => `    ${JSON.stringify(n)}: ${JSON.stringify(v)}`);
  const head = { ...data, symbols: undefined };
  const text = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "symbols": {\n${lines.join(',\n')}\n  }\n}\n`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.error(`wrote ${out}: ${Object.keys(data.symbols).length} symbols, ${data.files.length} files, ${text.length} bytes`);
}

if (require.main === module) main();
