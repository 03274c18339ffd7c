// The Kconfig scan behind derive-kernel-symbols.ts: one architecture of one tree, read syntactically
// (sources followed, entries with type, prompt, selects, defaults, and their dependencies as text).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type TypeCode = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | '';

export interface Def {
  file: string;
  line: number;
  type: TypeCode;
  prompt: boolean;
  defaultOn: boolean;
  sawDefault: boolean;
  /** `depends on` lines of the entry, as written. */
  own: string[];
  /** Conditions of the enclosing `if` blocks, menus and choices, outermost first. */
  ctx: string[];
}

/**
 * A definition's dependency in two halves, each already formatted for the whole: the enclosing
 * conditions and the entry's own `depends on` (without repeats). Joined by `&&`, they are the text.
 */
export function dependsParts(d: Pick<Def, 'own' | 'ctx'>): [string, string] {
  const ctx = [...new Set(d.ctx)];
  const own = [...new Set(d.own)].filter((p) => !ctx.includes(p));
  const many = ctx.length + own.length > 1;
  const fmt = (p: string) => (many && /\|\||\?/.test(p) ? `(${p})` : p);
  return [ctx.map(fmt).join(' && '), own.map(fmt).join(' && ')];
}

/** One dependency text: the enclosing conditions and the entry's own `depends on`, joined by `&&`. */
export function dependsText(d: Pick<Def, 'own' | 'ctx'>): string {
  return dependsParts(d).filter(Boolean).join(' && ');
}
export interface ScanResult {
  defs: Map<string, Def[]>;
  selected: Set<string>;
  files: number;
  missing: string[];
}

const TYPE_WORDS: Record<string, TypeCode> = {
  bool: 'bool',
  boolean: 'bool',
  tristate: 'tristate',
  int: 'int',
  hex: 'hex',
  string: 'string',
  def_bool: 'bool',
  def_tristate: 'tristate',
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
  // Conditions of the open `if` blocks, menus and choices (sourced files stay inside them).
  const blocks: string[][] = [];
  // An expression as written, without a trailing comment, blanks folded.
  const clean = (e: string): string =>
    e
      .replace(/\s#.*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
  const vars: Record<string, string> = { SRCARCH: srcarch, ARCH: srcarch, HEADER_ARCH: srcarch, srctree: '.' };
  // `$(VAR)` (4.18+) and `$VAR` (older trees: source "arch/$SRCARCH/Kconfig").
  const expand = (s: string): string =>
    s
      .replace(/\$\(([A-Za-z_]+)\)/g, (m, v: string) => vars[v] ?? m)
      .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, v: string) => vars[v] ?? m);

  const visit = (rel: string, optional: boolean): void => {
    const abs = path.join(root, rel);
    if (rel.includes('*')) {
      // Globs (rare): expand one directory level.
      const dir = path.dirname(rel);
      const re = new RegExp(
        '^' +
          path
            .basename(rel)
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*') +
          '$',
      );
      let names: string[] = [];
      try {
        names = fs.readdirSync(path.join(root, dir)).sort();
      } catch {
        /* none */
      }
      for (const n of names) if (re.test(n)) visit(path.posix.join(dir, n), true);
      return;
    }
    if (seenFiles.has(rel)) return;
    // Another architecture's files (6.1+ crypto/Kconfig sources arch/*/crypto/Kconfig inside
    // `if ARM` …): never reached for this one, and absent from trees extracted for x86/arm64.
    const archDir = /^arch\/([^/]+)\//.exec(rel)?.[1];
    if (archDir && archDir !== srcarch) return;
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      if (!optional) missing.push(rel);
      return;
    }
    seenFiles.add(rel);
    const raw = text.split('\n');
    let current: { name: string; def: Def } | undefined;
    let header: string[] | undefined; // the menu or choice whose `depends on` lines are being read
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
          if (w > 0) {
            helpBody = w;
            continue;
          }
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
          if (!name) {
            current = undefined;
            break;
          }
          const def: Def = {
            file: rel,
            line: lineNo,
            type: '',
            prompt: false,
            defaultOn: false,
            sawDefault: false,
            own: [],
            ctx: blocks.flat(),
          };
          header = undefined;
          const list = defs.get(name) ?? [];
          list.push(def);
          defs.set(name, list);
          current = { name, def };
          break;
        }
        case 'choice':
        case 'menu':
          current = undefined;
          blocks.push((header = []));
          break;
        case 'if':
          current = undefined;
          header = undefined;
          blocks.push([clean(rest)]);
          break;
        case 'endchoice':
        case 'endmenu':
        case 'endif':
          current = undefined;
          header = undefined;
          blocks.pop();
          break;
        case 'comment':
        case 'mainmenu':
          current = undefined;
          header = undefined;
          break;
        case 'depends': {
          const on = /^on\s+(.*)$/.exec(rest);
          if (!on) break;
          const dep = clean(on[1]);
          if (!dep) break;
          if (current) current.def.own.push(dep);
          else if (header) header.push(dep);
          break;
        }
        case 'source':
        case 'rsource':
        case 'osource':
        case 'orsource': {
          current = undefined;
          header = undefined;
          const q = /^"([^"]*)"|^(\S+)/.exec(rest);
          const target = q ? expand(q[1] ?? q[2]) : '';
          if (!target || target.includes('$')) break;
          const relative = kw === 'rsource' || kw === 'orsource';
          visit(
            relative ? path.posix.join(path.posix.dirname(rel), target) : path.posix.normalize(target),
            kw.startsWith('o'),
          );
          break;
        }
        case 'help':
        case '---help---':
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
            if (!kw.startsWith('def_') && /^["']/.test(rest)) current.def.prompt = true;
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
