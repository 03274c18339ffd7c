// Finds every boot parameter a C file registers: __setup / early_param / core_param /
// module_param* (named `<modname>.<param>` or with the file's MODULE_PARAM_PREFIX), following the
// file's local #includes (RCU's tree_*.h are compiled as part of tree.c, the scheduler's
// build_utility.c includes isolation.c and others).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { findCalls, lineConditions, stringLiteral, stripComments } from './cSource';

/** `direct`: code that scans the command line itself (cmdline_find_option, strstr on it). */
export type RegKind = 'setup' | 'early' | 'core' | 'module' | 'direct';

export interface Registration {
  /** As the kernel matches it: `root=` (a __setup string, `=` included), `earlyprintk`, `xen.balloon_boot_timeout`. */
  name: string;
  kind: RegKind;
  file: string;
  line: number;
  /** Extra gates from #if conditions around the registration. */
  gates: string[];
  /** module_param/core_param type (bool, int, charp, string, array of int, …). */
  type?: string;
  /** The initializer of the parameter's variable when it is a plain constant. */
  default?: string;
}

const MACROS = [
  '__setup',
  '__setup_param',
  'early_param',
  'early_param_on_off',
  'core_param',
  'core_param_unsafe',
  'module_param',
  'module_param_unsafe',
  'module_param_named',
  'module_param_named_unsafe',
  'module_param_cb',
  'module_param_cb_unsafe',
  'module_param_call',
  'module_param_string',
  'module_param_array',
  'module_param_array_named',
  'module_param_hw',
  'module_param_hw_named',
  'module_param_hw_array',
  'module_param_hw_array_named',
  // Initcall-level callbacks: parsed with the module prefix at a given initcall level.
  'core_param_cb',
  'postcore_param_cb',
  'arch_param_cb',
  'subsys_param_cb',
  'fs_param_cb',
  'device_param_cb',
  'late_param_cb',
];

interface Chunk {
  file: string;
  text: string;
}

const KEYWORDS = /\b(module_param|__setup|early_param|core_param|\w+_param_cb|cmdline_find_option|strstr)/;
const rawCache = new Map<string, string | undefined>();

function readText(tree: string, rel: string): string | undefined {
  const key = `${tree}\0${rel}`;
  if (rawCache.has(key)) return rawCache.get(key);
  let text: string | undefined;
  try {
    text = readFileSync(join(tree, rel), 'latin1');
  } catch {
    text = undefined;
  }
  // Headers are shared by many files; sources are read once.
  if (rel.endsWith('.h')) rawCache.set(key, text);
  return text;
}

/** Local headers (quoted, resolved beside the file) that register something, in include order. */
function localHeaders(
  tree: string,
  rel: string,
  raw: string,
  depth: number,
  seen: Set<string>,
): Array<{ file: string; raw: string }> {
  const out: Array<{ file: string; raw: string }> = [];
  if (depth > 3) return out;
  for (const m of raw.matchAll(/^\s*#\s*include\s+"([^"]+\.[ch])"/gm)) {
    const inc = normalize(join(dirname(rel), m[1]));
    if (seen.has(inc) || inc.startsWith('..') || inc.startsWith('include/')) continue;
    seen.add(inc);
    const sub = readText(tree, inc);
    if (sub === undefined) continue;
    if (KEYWORDS.test(sub)) out.push({ file: inc, raw: sub });
    out.push(...localHeaders(tree, inc, sub, depth + 1, seen));
  }
  return out;
}

/** The file and the local headers it includes, comments blanked, when any of them registers something. */
function chunks(tree: string, rel: string, extra?: RegExp): Chunk[] {
  const raw = readText(tree, rel);
  if (raw === undefined) return [];
  const headers = raw.includes('#include "') ? localHeaders(tree, rel, raw, 0, new Set([rel])) : [];
  if (!headers.length && !KEYWORDS.test(raw) && !(extra?.test(raw) ?? false)) return [];
  return [{ file: rel, raw }, ...headers].map((c) => ({ file: c.file, text: stripComments(c.raw) }));
}

function typeFromOps(ops: string): string {
  const m = /^&?\s*param_ops_(\w+)$/.exec(ops.trim());
  return m ? m[1] : 'custom';
}

function initializer(texts: string[], variable: string): string | undefined {
  if (!/^\w+$/.test(variable)) return undefined;
  const re = new RegExp(`^[\\w\\s\\*]*?\\b${variable}\\s*(?:\\[[^\\]]*\\])?\\s*=\\s*([^;{]+?)\\s*;`, 'm');
  for (const t of texts) {
    const m = re.exec(t);
    if (m) {
      const v = m[1].replace(/\s+/g, ' ').trim();
      if (v.length <= 40 && /^(-?(0x[0-9a-f]+|\d+)[ul]*|true|false|"[^"]*"|[A-Z][A-Z0-9_]*|NULL)$/i.test(v)) return v;
      return undefined;
    }
  }
  return undefined;
}

/**
 * A macro that wraps module_param*, such as torture_param(type, name, init, msg) in
 * include/linux/torture.h: calls of it register `<prefix><args[nameIdx]>`.
 */
interface Wrapper {
  macro: string;
  nameIdx: number;
  typeIdx?: number;
  type?: string;
}

function wrappersIn(text: string): Wrapper[] {
  const out: Wrapper[] = [];
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)/gm)) {
    if (MACROS.includes(m[1])) continue;
    const params = m[2].split(',').map((x) => x.trim());
    const body = m[3];
    const inner =
      /\bmodule_param(_named|_call|_cb|_unsafe|_named_unsafe)?\s*\(\s*(\w+)\s*,\s*&?\s*(\w+)\s*(?:,\s*(\w+))?/.exec(
        body,
      );
    if (!inner) continue;
    const nameIdx = params.indexOf(inner[2]);
    if (nameIdx < 0) continue;
    const typeWord =
      inner[1] === '_named' || inner[1] === '_named_unsafe' ? inner[4] : inner[1] === '_call' ? undefined : inner[3];
    const w: Wrapper = { macro: m[1], nameIdx };
    if (inner[1] === '_cb') w.type = typeFromOps(inner[3]);
    else if (inner[1] === '_call' || !typeWord) w.type = 'custom';
    else if (params.includes(typeWord)) w.typeIdx = params.indexOf(typeWord);
    else w.type = typeWord;
    out.push(w);
  }
  return out;
}

const globalWrappers = new Map<string, Wrapper[]>();

/** Wrappers defined in include/linux headers (other than the ones defining the macros themselves). */
function treeWrappers(tree: string): Wrapper[] {
  let w = globalWrappers.get(tree);
  if (w) return w;
  w = [];
  let files: string[] = [];
  try {
    files = readdirSync(join(tree, 'include/linux'))
      .filter((f) => f.endsWith('.h'))
      .sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    if (f === 'moduleparam.h' || f === 'init.h' || f === 'module.h') continue;
    const raw = readText(tree, `include/linux/${f}`);
    if (raw && /\bmodule_param/.test(raw)) w.push(...wrappersIn(stripComments(raw)));
  }
  globalWrappers.set(tree, w);
  return w;
}

export function registrationsOf(tree: string, rel: string, modname: string): Registration[] {
  const globals = treeWrappers(tree);
  const parts = chunks(
    tree,
    rel,
    globals.length ? new RegExp(`\\b(${globals.map((w) => w.macro).join('|')})\\s*\\(`) : undefined,
  );
  if (!parts.length) return [];
  const wrappers = [...globals, ...parts.flatMap((p) => wrappersIn(p.text))];
  const wrapperRe = wrappers.length ? new RegExp(`\\b(${wrappers.map((w) => w.macro).join('|')})\\s*\\(`) : undefined;
  if (!parts.some((p) => KEYWORDS.test(p.text) || (wrapperRe?.test(p.text) ?? false))) return [];
  const texts = parts.map((p) => p.text);
  const defines = new Map<string, string>();
  for (const t of texts) {
    for (const m of t.matchAll(/^\s*#\s*define\s+(\w+)\s+("(?:[^"\\]|\\.)*")\s*$/gm)) {
      if (m[1] !== 'MODULE_PARAM_PREFIX' && !defines.has(m[1])) defines.set(m[1], stringLiteral(m[2]) ?? '');
    }
  }
  const out: Registration[] = [];
  let prefix = `${modname}.`;
  for (const part of parts) {
    const conds = lineConditions(part.text);
    // MODULE_PARAM_PREFIX redefinitions apply from their line on.
    const prefixAt: Array<{ line: number; value: string }> = [];
    part.text.split('\n').forEach((l, i) => {
      const d = /^\s*#\s*define\s+MODULE_PARAM_PREFIX\b(.*)$/.exec(l);
      if (d) {
        const v = d[1].trim() === '' ? '' : stringLiteral(d[1], defines);
        if (v !== undefined) prefixAt.push({ line: i + 1, value: v });
      }
    });
    for (const call of findCalls(part.text, MACROS)) {
      if (call.inDefine) continue;
      const c = conds[call.line] ?? { gates: [], moduleOnly: false, never: false };
      if (c.never) continue;
      for (const p of prefixAt) if (p.line <= call.line) prefix = p.value;
      const a = call.args;
      const base = { file: part.file, line: call.line, gates: c.gates };
      const lit = (s: string | undefined) => (s === undefined ? undefined : stringLiteral(s, defines));
      switch (call.macro) {
        case '__setup':
        case '__setup_param': {
          if (c.moduleOnly) break;
          const s = lit(a[0]);
          const early = call.macro === '__setup_param' && a[3] === '1';
          if (s) out.push({ ...base, name: s, kind: early ? 'early' : 'setup' });
          break;
        }
        case 'early_param': {
          if (c.moduleOnly) break;
          const s = lit(a[0]);
          if (s) out.push({ ...base, name: s, kind: 'early' });
          break;
        }
        case 'early_param_on_off': {
          if (c.moduleOnly) break;
          for (const x of [a[0], a[1]]) {
            const s = lit(x);
            if (s) out.push({ ...base, name: s, kind: 'early', type: 'flag' });
          }
          break;
        }
        case 'core_param':
        case 'core_param_unsafe':
          if (/^\w+$/.test(a[0] ?? ''))
            out.push({ ...base, name: a[0], kind: 'core', type: a[2], default: initializer(texts, a[1]) });
          break;
        case 'postcore_param_cb':
        case 'arch_param_cb':
        case 'subsys_param_cb':
        case 'fs_param_cb':
        case 'device_param_cb':
        case 'late_param_cb':
        case 'core_param_cb':
          // These use MODULE_PARAM_PREFIX like module_param_cb (core_param_cb too, despite its name).
          if (/^\w+$/.test(a[0] ?? '') && !c.moduleOnly)
            out.push({ ...base, name: prefix + a[0], kind: 'module', type: typeFromOps(a[1] ?? '') });
          break;
        default: {
          if (c.moduleOnly || !/^\w+$/.test(a[0] ?? '')) break;
          const name = prefix + a[0];
          let type: string | undefined;
          let variable: string | undefined;
          switch (call.macro) {
            case 'module_param':
            case 'module_param_unsafe':
              type = a[1];
              variable = a[0];
              break;
            case 'module_param_named':
            case 'module_param_named_unsafe':
              type = a[2];
              variable = a[1];
              break;
            case 'module_param_cb':
            case 'module_param_cb_unsafe':
              type = typeFromOps(a[1] ?? '');
              break;
            case 'module_param_call':
              type = 'custom';
              break;
            case 'module_param_string':
              type = 'string';
              variable = a[1];
              break;
            case 'module_param_array':
              type = `array of ${a[1]}`;
              break;
            case 'module_param_array_named':
              type = `array of ${a[2]}`;
              break;
            case 'module_param_hw':
              type = a[1];
              variable = a[0];
              break;
            case 'module_param_hw_named':
              type = a[2];
              variable = a[1];
              break;
            case 'module_param_hw_array':
              type = `array of ${a[1]}`;
              break;
            case 'module_param_hw_array_named':
              type = `array of ${a[2]}`;
              break;
          }
          out.push({
            ...base,
            name,
            kind: 'module',
            type: type?.replace(/\s+/g, ' '),
            default: variable ? initializer(texts, variable) : undefined,
          });
        }
      }
    }
    // Calls of wrapper macros around module_param*.
    if (wrappers.length) {
      for (const call of findCalls(part.text, [...new Set(wrappers.map((w) => w.macro))])) {
        if (call.inDefine) continue;
        const c = conds[call.line] ?? { gates: [], moduleOnly: false, never: false };
        if (c.never || c.moduleOnly) continue;
        const w = wrappers.find((x) => x.macro === call.macro)!;
        const name = call.args[w.nameIdx];
        if (!name || !/^\w+$/.test(name)) continue;
        let pre = prefix;
        for (const p of prefixAt) if (p.line <= call.line) pre = p.value;
        const type = w.typeIdx !== undefined ? call.args[w.typeIdx]?.replace(/\s+/g, ' ') : w.type;
        out.push({ file: part.file, line: call.line, gates: c.gates, name: pre + name, kind: 'module', type });
      }
    }
    if (prefixAt.length) prefix = prefixAt[prefixAt.length - 1].value;
    // Direct scans of the command line: cmdline_find_option*(boot_command_line, "x"), strstr(cmdline, "x").
    const direct =
      /\b(?:cmdline_find_option(?:_bool)?\s*\(\s*[\w>.-]+\s*,|strstr\s*\(\s*(?:boot_command_line|saved_command_line|xen_start_info->cmd_line)\s*,)\s*"([A-Za-z0-9_.\-]+=?)"/g;
    for (const m of part.text.matchAll(direct)) {
      const line = part.text.slice(0, m.index).split('\n').length;
      const c = conds[line] ?? { gates: [], moduleOnly: false, never: false };
      if (c.never || c.moduleOnly) continue;
      out.push({ name: m[1], kind: 'direct', file: part.file, line, gates: c.gates });
    }
    // The crash-kernel reservation scans the command line it is handed for "crashkernel=" itself
    // (kernels before the placeholder early_param("crashkernel") registered nothing for it).
    if (!out.some((r) => r.name.replace(/=$/, '') === 'crashkernel')) {
      const ck = /\b(?:strstr\s*\(\s*\w+(?:\s*\+\s*1)?|__parse_crashkernel\s*\([^;]*?)\s*,\s*"(crashkernel=)"/.exec(
        part.text,
      );
      if (ck) {
        const line = part.text.slice(0, ck.index).split('\n').length;
        const c = conds[line] ?? { gates: [], moduleOnly: false, never: false };
        if (!c.never && !c.moduleOnly) out.push({ name: ck[1], kind: 'direct', file: part.file, line, gates: c.gates });
      }
    }
  }
  return out;
}
