// Just enough C lexing to find registration macros: comments blanked out (line numbers kept),
// preprocessor conditions tracked as gates, macro calls split into top-level arguments.

/** Replaces comments with spaces, keeping newlines and string/char literals intact. */
export function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) =>
    m[0] === '"' || m[0] === "'" ? m : m.replace(/[^\n]/g, ' '),
  );
}

export interface MacroCall {
  macro: string;
  args: string[];
  offset: number;
  line: number;
  inDefine: boolean;
}

/** Finds calls of the named macros; `inDefine` marks those inside a #define body. */
export function findCalls(text: string, macros: string[]): MacroCall[] {
  const re = new RegExp(`\\b(${macros.join('|')})\\s*\\(`, 'g');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (off: number): number => {
    let lo = 0,
      hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: MacroCall[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const open = m.index + m[0].length - 1;
    const args = splitArgs(text, open);
    if (!args) continue;
    const line = lineOf(m.index);
    out.push({ macro: m[1], args, offset: m.index, line: line + 1, inDefine: inDefine(text, lineStarts, line) });
  }
  return out;
}

function inDefine(text: string, lineStarts: number[], line: number): boolean {
  for (let l = line; l >= 0; l--) {
    const s = text.slice(lineStarts[l], (lineStarts[l + 1] ?? text.length + 1) - 1);
    if (/^\s*#\s*define\b/.test(s)) return true;
    if (l === line) continue;
    if (!/\\\s*$/.test(s)) return false;
  }
  return false;
}

function splitArgs(text: string, open: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = open; i < text.length && i < open + 4000; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      cur += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(') {
      if (depth++ > 0) cur += c;
      continue;
    }
    if (c === ')') {
      if (--depth === 0) {
        args.push(cur.trim());
        return args;
      }
      cur += c;
      continue;
    }
    if (c === ',' && depth === 1) {
      args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  return undefined;
}

/** The value of a C string literal expression ("a" "b"), or undefined when it is not one. */
export function stringLiteral(expr: string, defines?: Map<string, string>): string | undefined {
  let rest = expr.trim();
  let out = '';
  if (!rest) return undefined;
  while (rest) {
    const m = /^"((?:[^"\\]|\\.)*)"\s*/.exec(rest);
    if (m) {
      out += m[1].replace(/\\(.)/g, '$1');
      rest = rest.slice(m[0].length);
      continue;
    }
    const id = /^([A-Za-z_]\w*)\s*/.exec(rest);
    if (id && defines?.has(id[1])) {
      out += defines.get(id[1]);
      rest = rest.slice(id[0].length);
      continue;
    }
    return undefined;
  }
  return out;
}

/**
 * Preprocessor conditions in effect at each line: `#ifdef CONFIG_X`, `#if IS_ENABLED(CONFIG_X)`,
 * `#ifndef MODULE` … Returns per line (1-based) the gate list, and whether the line only exists
 * in a module build (`#ifdef MODULE`) or never (`#if 0`).
 */
export function lineConditions(text: string): Array<{ gates: string[]; moduleOnly: boolean; never: boolean }> {
  const lines = text.split('\n');
  const stack: Array<{ gates: string[]; moduleOnly: boolean; never: boolean; simple: boolean }> = [];
  const out: Array<{ gates: string[]; moduleOnly: boolean; never: boolean }> = [
    { gates: [], moduleOnly: false, never: false },
  ];
  const current = () => ({
    gates: [...new Set(stack.flatMap((s) => s.gates))],
    moduleOnly: stack.some((s) => s.moduleOnly),
    never: stack.some((s) => s.never),
  });
  for (const line of lines) {
    const m = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/.exec(line);
    if (m) {
      const d = m[1];
      const expr = m[2].trim();
      if (d === 'ifdef' || d === 'ifndef') {
        const neg = d === 'ifndef';
        const sym = /^CONFIG_(\w+)/.exec(expr);
        if (sym) stack.push({ gates: [neg ? `!${sym[1]}` : sym[1]], moduleOnly: false, never: false, simple: true });
        else if (expr === 'MODULE') stack.push({ gates: [], moduleOnly: !neg, never: false, simple: true });
        else stack.push({ gates: [], moduleOnly: false, never: false, simple: false });
      } else if (d === 'if') {
        const one =
          /^(!\s*)?(?:defined\s*\(?\s*CONFIG_(\w+)\s*\)?|IS_ENABLED\s*\(\s*CONFIG_(\w+)\s*\)|IS_BUILTIN\s*\(\s*CONFIG_(\w+)\s*\)|CONFIG_(\w+))\s*$/.exec(
            expr,
          );
        if (expr === '0') stack.push({ gates: [], moduleOnly: false, never: true, simple: true });
        else if (one) {
          const sym = one[2] ?? one[3] ?? one[4] ?? one[5];
          stack.push({ gates: [one[1] ? `!${sym}` : sym], moduleOnly: false, never: false, simple: true });
        } else {
          const all =
            /^(?:(?:defined\s*\(?\s*CONFIG_\w+\s*\)?|IS_ENABLED\s*\(\s*CONFIG_\w+\s*\))\s*(?:&&\s*|$))+$/.test(expr);
          const syms = all ? [...expr.matchAll(/CONFIG_(\w+)/g)].map((x) => x[1]) : [];
          stack.push({ gates: syms, moduleOnly: false, never: false, simple: false });
        }
      } else if (d === 'elif') {
        const top = stack.pop();
        stack.push({ gates: [], moduleOnly: false, never: false, simple: false });
        void top;
      } else if (d === 'else') {
        const top = stack.pop();
        if (top && top.simple && top.gates.length === 1) {
          const g = top.gates[0];
          stack.push({
            gates: [g.startsWith('!') ? g.slice(1) : `!${g}`],
            moduleOnly: false,
            never: false,
            simple: true,
          });
        } else if (top && top.simple && (top.moduleOnly || top.never)) {
          stack.push({ gates: [], moduleOnly: false, never: false, simple: true });
        } else if (top && top.simple && top.gates.length === 0 && !top.moduleOnly) {
          // #ifndef MODULE … #else: the else branch is module-only.
          stack.push({ gates: [], moduleOnly: true, never: false, simple: true });
        } else stack.push({ gates: [], moduleOnly: false, never: false, simple: false });
      } else if (d === 'endif') stack.pop();
    }
    out.push(current());
  }
  return out;
}
