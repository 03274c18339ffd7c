// U-Boot boot scripts (boot.cmd, ImageBuilder's boot.source) as U-Boot's shell reads them:
// commands split on newlines and ";", words on blanks, "…" and '…' quotes, backslash escapes,
// $name/${name} expansions, "#" comments. The device tree edits are replayed on a tree that starts
// with the board's /chosen: `fdt mknod`/`mknode`, `fdt set` (a <…> list of cells, a […] byte
// string, else one string per word, as cmd/fdt.c's fdt_parse_prop builds them), `fdt rm`; and
// `setenv bootargs` reaches /chosen's bootargs when a boot command (booti, bootm, bootz) or
// `fdt chosen` runs. Variables set by `setenv` with a known value are expanded in fdt values,
// including the `\"${var}\"` idiom; words holding an unknown variable are left out of command
// lines. Never throws.
import { newNode, nodeAt, type CellItem, type DtNode, type DtProperty, type DtString, type DtValue } from './tree';

/** One character of a word, with its document offset; `exp` marks an expansion's place. */
type Ch = { c: string; off: number } | { exp: string; start: number; end: number };

export interface Word {
  chars: Ch[];
  start: number;
  end: number;
  raw: string;
}
export interface Command {
  words: Word[];
  start: number;
  end: number;
}

export interface UbootScript {
  commands: Command[];
  comments: Array<{ start: number; end: number }>;
  problems: Array<{ start: number; end: number; message: string; code: 'uboot-syntax' | 'uboot-fdt-usage' }>;
  root: DtNode;
  /** Nodes created by `fdt mknod`: the script shows all they hold. */
  created: Set<DtNode>;
  /** Each fdt command that touched a node, for the outline. */
  fdtCommands: Array<{ cmd: Command; node?: DtNode; sub: string }>;
}

const isBlank = (c: string) => c === ' ' || c === '\t';

// long: one scanner loop with a branch per character class (quotes, escapes, separators, variables)
export function lexScript(text: string, out: UbootScript): void {
  const n = text.length;
  let i = 0;
  let words: Word[] = [];
  let cmdStart = -1;
  let cur: Word | undefined;
  const endWord = () => {
    if (cur) {
      cur.raw = text.slice(cur.start, cur.end);
      words.push(cur);
      cur = undefined;
    }
  };
  const endCmd = (at: number) => {
    endWord();
    if (words.length) out.commands.push({ words, start: cmdStart, end: at });
    words = [];
    cmdStart = -1;
  };
  const word = (at: number): Word => {
    if (!cur) {
      cur = { chars: [], start: at, end: at, raw: '' };
      if (cmdStart < 0) cmdStart = at;
    }
    return cur;
  };
  const expansion = (at: number): number => {
    // $name or ${name}; returns the index after it.
    if (text[at + 1] === '{') {
      const e = text.indexOf('}', at + 2);
      const stop = e < 0 || text.slice(at, e).includes('\n') ? -1 : e;
      if (stop < 0) return -1;
      word(at).chars.push({ exp: text.slice(at + 2, stop), start: at, end: stop + 1 });
      return stop + 1;
    }
    let e = at + 1;
    while (e < n && /[A-Za-z0-9_?]/.test(text[e])) e++;
    if (e === at + 1) return -1;
    word(at).chars.push({ exp: text.slice(at + 1, e), start: at, end: e });
    return e;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === ';') {
      endCmd(i);
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (isBlank(c) || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !cur) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      out.comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < n) {
        word(i).chars.push({ c: text[i + 1], off: i + 1 });
        cur!.end = i + 2;
      }
      i += 2;
      continue;
    }
    if (c === "'") {
      const w = word(i);
      const e = text.indexOf("'", i + 1);
      const stop = e < 0 ? n : e;
      if (e < 0)
        out.problems.push({
          start: i,
          end: Math.min(n, i + 1),
          message: 'This single quote is never closed; U-Boot reads the rest of the script as one word.',
          code: 'uboot-syntax',
        });
      for (let k = i + 1; k < stop; k++) w.chars.push({ c: text[k], off: k });
      i = e < 0 ? n : e + 1;
      w.end = i;
      continue;
    }
    if (c === '"') {
      const w = word(i);
      let k = i + 1;
      let closed = false;
      while (k < n) {
        const d = text[k];
        if (d === '"') {
          closed = true;
          k++;
          break;
        }
        if (d === '\\' && (text[k + 1] === '"' || text[k + 1] === '\\' || text[k + 1] === '$' || text[k + 1] === '`')) {
          w.chars.push({ c: text[k + 1], off: k + 1 });
          k += 2;
          continue;
        }
        if (d === '\\' && text[k + 1] === '\n') {
          k += 2;
          continue;
        }
        if (d === '$') {
          const e = expansion(k);
          if (e > 0) {
            k = e;
            continue;
          }
        }
        w.chars.push({ c: d, off: k });
        k++;
      }
      if (!closed)
        out.problems.push({
          start: i,
          end: i + 1,
          message: 'This double quote is never closed; U-Boot reads the rest of the script as one word.',
          code: 'uboot-syntax',
        });
      i = k;
      w.end = i;
      continue;
    }
    if (c === '$') {
      const e = expansion(i);
      if (e > 0) {
        cur!.end = e;
        i = e;
        continue;
      }
    }
    word(i).chars.push({ c, off: i });
    cur!.end = i + 1;
    i++;
  }
  endCmd(n);
}

const plain = (w: Word | undefined): string =>
  w ? w.chars.map((ch) => ('c' in ch ? ch.c : `\${${ch.exp}}`)).join('') : '';

/** A variable's value as characters with their document offsets (from its last literal setenv). */
type Vars = Map<string, Ch[]>;

/** Characters of a word with known variables expanded (once more inside their values, up to a depth). */
function expand(chars: Ch[], vars: Vars, depth = 0): Ch[] {
  const out: Ch[] = [];
  for (const ch of chars) {
    if ('c' in ch) {
      out.push(ch);
      continue;
    }
    const v = vars.get(ch.exp);
    if (v && depth < 4) for (const x of expand(v, vars, depth + 1)) out.push(x);
    else out.push(ch);
  }
  return out;
}

/**
 * A string value from characters: blank-separated words, those holding an unknown expansion left
 * out (as the other hosts do), joined by one blank; `dynamic` when something was left out.
 */
function stringOf(chars: Ch[], start: number, end: number): DtString {
  const words: Array<Array<{ c: string; off: number }>> = [];
  let w: Array<{ c: string; off: number }> = [];
  let bad = false;
  let dynamic = false;
  const flush = () => {
    if (w.length && !bad) words.push(w);
    else if (bad) dynamic = true;
    w = [];
    bad = false;
  };
  for (const ch of chars) {
    if (!('c' in ch)) {
      bad = true;
      continue;
    }
    if (ch.c === ' ' || ch.c === '\t' || ch.c === '\n') {
      flush();
      continue;
    }
    w.push(ch);
  }
  flush();
  let text = '';
  const offsets: number[] = [];
  words.forEach((x, k) => {
    if (k > 0) {
      text += ' ';
      offsets.push(offsets[offsets.length - 1] + 1);
    }
    for (const ch of x) {
      text += ch.c;
      offsets.push(ch.off);
    }
  });
  const last = words[words.length - 1];
  offsets.push(last ? last[last.length - 1].off + 1 : start);
  return { kind: 'string', text, offsets, start, end, dynamic: dynamic || undefined };
}

function cellsOfWords(ws: Word[], vars: Vars): DtValue {
  const items: CellItem[] = [];
  const start = ws[0].start;
  const end = ws[ws.length - 1].end;
  for (const w of ws) {
    const chars = expand(w.chars, vars);
    let tok: Ch[] = [];
    const flush = () => {
      const t = tok.filter((x) => !('c' in x) || (x.c !== '<' && x.c !== '>'));
      if (t.length) {
        const s = t[0];
        const e = t[t.length - 1];
        const a = 'c' in s ? s.off : s.start;
        const b = 'c' in e ? e.off + 1 : e.end;
        const txt = t.every((x) => 'c' in x) ? t.map((x) => (x as { c: string }).c).join('') : undefined;
        const m = txt !== undefined ? /^(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(txt) : null;
        if (m) {
          const v = /^0[xX]/.test(m[1])
            ? BigInt(m[1])
            : m[1].length > 1 && m[1][0] === '0'
              ? BigInt(`0o${m[1].slice(1)}`)
              : BigInt(m[1]);
          items.push({ kind: 'number', value: v, start: a, end: b });
        } else items.push({ kind: 'other', start: a, end: b });
      }
      tok = [];
    };
    for (const ch of chars) {
      if ('c' in ch && (ch.c === ' ' || ch.c === '\t')) {
        flush();
        continue;
      }
      if ('c' in ch && (ch.c === '<' || ch.c === '>')) {
        flush();
        continue;
      }
      tok.push(ch);
    }
    flush();
  }
  return { kind: 'cells', bits: 32, items, start, end };
}

function valueOf(ws: Word[], vars: Vars): DtValue[] {
  if (!ws.length) return [];
  const first = plain(ws[0]);
  if (first.startsWith('<')) return [cellsOfWords(ws, vars)];
  if (first.startsWith('[')) {
    const hex = ws
      .map(plain)
      .join('')
      .replace(/[[\]\s]/g, '');
    return [{ kind: 'bytes', count: Math.floor(hex.length / 2), start: ws[0].start, end: ws[ws.length - 1].end }];
  }
  return ws.map((w) => {
    let chars = expand(w.chars, vars);
    // `\"${var}\"`: U-Boot's shell substitutes, then reads the literal quotes again, so the
    // value is the variable's text as one string.
    const q =
      chars.length >= 2 &&
      'c' in chars[0] &&
      chars[0].c === '"' &&
      'c' in chars[chars.length - 1] &&
      (chars[chars.length - 1] as { c: string }).c === '"';
    if (q) chars = chars.slice(1, -1);
    return stringOf(chars, w.start, w.end);
  });
}

const FDT_SUBS: Array<[string, number]> = [
  ['addr', 2],
  ['apply', 2],
  ['boardsetup', 3],
  ['bootcpu', 3],
  ['checksign', 3],
  ['chosen', 3],
  ['get', 1],
  ['header', 1],
  ['list', 1],
  ['memory', 2],
  ['mknode', 2],
  ['move', 2],
  ['print', 1],
  ['resize', 2],
  ['rm', 2],
  ['rsvmem', 2],
  ['set', 1],
  ['systemsetup', 3],
];

/** The fdt sub-command a word selects, by the prefix U-Boot compares. */
function fdtSub(w: string): string | undefined {
  for (const [name, n] of FDT_SUBS)
    if (w.length >= n && name.startsWith(w.slice(0, Math.min(w.length, name.length))) && w.startsWith(name.slice(0, n)))
      return name;
  return undefined;
}

function normPath(p: string): string | undefined {
  if (!p.startsWith('/')) return undefined; // an alias: resolved by U-Boot against the board's tree
  const parts = p.split('/').filter(Boolean);
  return `/${parts.join('/')}`;
}

export function parseUboot(text: string): UbootScript {
  const root: DtNode = {
    name: '',
    path: '/',
    labels: [],
    props: new Map(),
    children: [],
    nameStart: 0,
    nameEnd: 0,
    start: 0,
    end: 0,
    spans: [],
  };
  const out: UbootScript = { commands: [], comments: [], problems: [], root, created: new Set(), fdtCommands: [] };
  try {
    lexScript(text, out);
    replay(out, text.length);
  } catch {
    // A reader bug must not take the editor down: what was read stays.
  }
  return out;
}

// long: one pass over the script's commands, each command's effect on the environment a short block
function replay(s: UbootScript, docEnd: number): void {
  const vars: Vars = new Map();
  let bootargs: { chars: Ch[]; cmd: Command; nameWord: Word } | undefined;
  const ensure = (path: string, at: Command): DtNode => {
    let n = s.root;
    for (const part of path.split('/').filter(Boolean)) {
      n =
        n.children.find((c) => c.name === part) ??
        newNode(part, n, { start: at.start, end: at.end, nameStart: at.words[0].start, nameEnd: at.words[0].end });
    }
    return n;
  };
  const setProp = (node: DtNode, name: string, nameWord: Word, values: DtValue[], cmd: Command) => {
    const p: DtProperty = {
      name,
      nameStart: nameWord.start,
      nameEnd: nameWord.end,
      values,
      start: cmd.start,
      end: cmd.end,
    };
    node.props.set(name, p);
    node.end = Math.max(node.end, cmd.end);
  };
  const usage = (cmd: Command, message: string) =>
    s.problems.push({ start: cmd.start, end: cmd.end, message, code: 'uboot-fdt-usage' });
  for (const cmd of s.commands) {
    const name = plain(cmd.words[0]);
    const args = cmd.words.slice(1);
    if (name === 'setenv' || (name === 'env' && plain(args[0]) === 'set')) {
      const a = name === 'env' ? args.slice(1) : args;
      const vn = plain(a[0]);
      if (!vn) continue;
      // setenv joins its values with one blank.
      const chars: Ch[] = [];
      a.slice(1).forEach((w, k) => {
        if (k > 0) chars.push({ c: ' ', off: a[k].end });
        for (const ch of w.chars) chars.push(ch);
      });
      if (a.length > 1) vars.set(vn, chars);
      else vars.delete(vn);
      if (vn === 'bootargs') bootargs = a.length > 1 ? { chars, cmd, nameWord: a[0] } : undefined;
      continue;
    }
    const isBoot = name === 'booti' || name === 'bootm' || name === 'bootz';
    if (name === 'fdt') {
      const subWord = plain(args[0]);
      const sub = fdtSub(subWord);
      if (!subWord) {
        usage(cmd, 'fdt needs a sub-command (addr, set, mknode, rm, print, …).');
        continue;
      }
      if (!sub) {
        usage(cmd, `fdt has no sub-command "${subWord}"; U-Boot prints its usage and goes on with the next command.`);
        continue;
      }
      if (sub === 'mknode') {
        if (args.length < 3) {
          usage(cmd, "fdt mknode needs the parent node's path and the new node's name.");
          continue;
        }
        const path = normPath(plain(args[1]));
        if (!path) continue;
        const parent = ensure(path, cmd);
        const nn = plain(args[2]);
        let node = parent.children.find((c) => c.name === nn);
        if (!node) {
          node = newNode(nn, parent, {
            start: cmd.start,
            end: cmd.end,
            nameStart: args[2].start,
            nameEnd: args[2].end,
          });
          s.created.add(node);
        }
        s.fdtCommands.push({ cmd, node, sub });
      } else if (sub === 'set') {
        if (args.length < 3) {
          usage(cmd, 'fdt set needs a node path and a property name (and the value).');
          continue;
        }
        const path = normPath(plain(args[1]));
        if (!path) continue;
        const node = ensure(path, cmd);
        setProp(node, plain(args[2]), args[2], valueOf(args.slice(3), vars), cmd);
        s.fdtCommands.push({ cmd, node, sub });
      } else if (sub === 'rm') {
        if (args.length < 2) {
          usage(cmd, 'fdt rm needs a node path (and a property name to remove only it).');
          continue;
        }
        const path = normPath(plain(args[1]));
        const node = path ? nodeAt(s.root, path) : undefined;
        if (!node) continue;
        if (args.length > 2) node.props.delete(plain(args[2]));
        else if (node.parent) {
          node.parent.children = node.parent.children.filter((c) => c !== node);
        }
      } else if (sub === 'chosen') {
        ensure('/chosen', cmd);
        if (bootargs) applyBootargs();
      }
      continue;
    }
    if (isBoot && bootargs) applyBootargs();
  }
  function applyBootargs(): void {
    if (!bootargs) return;
    const chosen = ensure('/chosen', bootargs.cmd);
    const str = stringOf(expand(bootargs.chars, vars), bootargs.nameWord.start, bootargs.cmd.end);
    setProp(chosen, 'bootargs', bootargs.nameWord, [str], bootargs.cmd);
  }
  void docEnd;
}

export { plain };
