// Console names a kernel tree registers: `console=NAME<n>` selects the registered `struct console`
// whose `.name` is NAME (kernel/printk/printk.c matches the name and takes the trailing digits as
// the index). Found in the C files the build reaches, as `struct console x = { … .name = … }`
// or `strcpy(….console.name, …)` (drivers that fill theirs in when they start), with the name a
// string literal or a macro #defined as one in the file or its local headers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineConditions, stringLiteral, stripComments } from './cSource';

export interface ConsoleDef {
  name: string;
  file: string;
  line: number;
  /** Kconfig symbols of the #if blocks around the definition. */
  gates: string[];
}

function read(tree: string, rel: string): string | undefined {
  try {
    return readFileSync(join(tree, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** The headers a file includes with "…", relative to its directory (one level: enough for name macros). */
function localHeaders(tree: string, rel: string, text: string): string[] {
  const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
    const h = read(tree, dir ? `${dir}/${m[1]}` : m[1]);
    if (h !== undefined) out.push(stripComments(h));
  }
  return out;
}

export function consolesOf(tree: string, rel: string): ConsoleDef[] {
  const raw = read(tree, rel);
  if (raw === undefined || !/\bstruct\s+console\b/.test(raw)) return [];
  const text = stripComments(raw);
  const defines = new Map<string, string>();
  for (const t of [text, ...localHeaders(tree, rel, text)])
    for (const m of t.matchAll(/^\s*#\s*define\s+(\w+)\s+("(?:[^"\\]|\\.)*")\s*$/gm))
      if (!defines.has(m[1])) defines.set(m[1], stringLiteral(m[2]) ?? '');
  const conds = lineConditions(text);
  const out: ConsoleDef[] = [];
  for (const m of text.matchAll(/\bstruct\s+console\s+\w+\s*=\s*\{/g)) {
    // the initializer up to its closing brace (console initializers hold no nested braces but
    // for the odd `{ 0 }`: count them)
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    const body = text.slice(m.index + m[0].length, end);
    const n = /\.name\s*=\s*([^,}]+)/.exec(body);
    if (!n) continue;
    const name = stringLiteral(n[1], defines);
    if (!name || !/^[A-Za-z][\w-]*$/.test(name)) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const c = conds[line] ?? { gates: [], moduleOnly: false, never: false };
    if (c.never) continue;
    out.push({ name, file: rel, line, gates: c.gates });
  }
  // a console whose name is set when the driver starts: strcpy(tcu->console.name, "ttyTCU")
  for (const m of text.matchAll(/\bstr[ls]?cpy\s*\(\s*[\w>.-]*\bconsole\.name\s*,\s*("(?:[^"\\]|\\.)*"|\w+)/g)) {
    const name = stringLiteral(m[1], defines);
    if (!name || !/^[A-Za-z][\w-]*$/.test(name)) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const c = conds[line] ?? { gates: [], moduleOnly: false, never: false };
    if (c.never) continue;
    out.push({ name, file: rel, line, gates: c.gates });
  }
  return out;
}
