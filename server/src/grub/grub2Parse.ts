// GRUB 2 script structure after grub-core/script/parser.y: commands (a word, arguments, and an
// optional `{ … }` block, which is how `menuentry` and `submenu` take their bodies), `if`/`elif`/
// `else`/`fi`, `for … in …; do … done`, `while`/`until`, `function NAME { … }`. Keywords count
// only in command position. Forgiving: errors are collected and parsing goes on. Never throws.
import { lexGrub2, type G2Comment, type G2Token, type G2Word } from './grub2Lex';

export interface G2Command {
  kind: 'command';
  words: G2Word[];
  /** The command name as GRUB looks it up (empty when the first word is a variable). */
  name: string;
  start: number;
  end: number;
  block?: G2Block;
  /** The innermost menuentry/submenu around the command, if any. */
  entry?: G2Block;
}

export type G2BlockKind = 'menuentry' | 'submenu' | 'function' | 'block' | 'if' | 'for' | 'while' | 'until';

export interface G2Block {
  kind: G2BlockKind;
  /** For menuentry/submenu: the command that owns the block. */
  head?: G2Command;
  /** Function name for `function`. */
  name?: string;
  start: number;
  end: number;
  closed: boolean;
  body: G2Node[];
  parent?: G2Block;
}

export type G2Node = G2Command | G2Block;

export interface G2Error {
  message: string;
  start: number;
  end: number;
}

export interface G2Script {
  body: G2Node[];
  /** Every simple command, in order, nested ones included. */
  commands: G2Command[];
  /** Every block, in order. */
  blocks: G2Block[];
  comments: G2Comment[];
  errors: G2Error[];
  functions: Set<string>;
  /** Keywords in command position (if, then, fi, for, do, done, function, …). */
  keywords: G2Word[];
}

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'while',
  'until',
  'function',
  'case',
  'esac',
  'select',
]);
const MAX_DEPTH = 200;
const TERMINATORS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac']);

export function parseGrub2(text: string): G2Script {
  const lexed = lexGrub2(text);
  const comments = lexed.tokens.filter((t): t is G2Comment => t.kind === 'comment');
  const toks: G2Token[] = lexed.tokens.filter((t) => t.kind !== 'comment');
  const script: G2Script = {
    body: [],
    commands: [],
    blocks: [],
    comments,
    errors: [...lexed.errors],
    functions: new Set(),
    keywords: [],
  };
  let p = 0;
  const err = (message: string, start: number, end: number) =>
    script.errors.push({ message, start, end: Math.max(end, start + 1) });
  const peek = (): G2Token | undefined => toks[p];
  const isKw = (t: G2Token | undefined, kw?: string): boolean =>
    t?.kind === 'word' && t.raw === t.value && KEYWORDS.has(t.value) && (kw === undefined || t.value === kw);
  const isOp = (t: G2Token | undefined, op: string): boolean => t?.kind === 'op' && t.op === op;
  const takeKw = () => {
    script.keywords.push(toks[p] as G2Word);
    p++;
  };
  const skipDelims = () => {
    while (peek() && (peek()!.kind === 'newline' || isOp(peek(), ';'))) p++;
  };
  /** Whether the last list parsed ended with a delimiter (a function body needs one before "}"). */
  let endedWithDelim = false;
  /** Set when a statement held only empty words (dropped, but a command to GRUB's grammar). */
  let bareStatement = false;
  /**
   * GRUB's grammar: commands are separated by one ";" or a newline, then any newlines; a list
   * starts with newlines only. Reports a misplaced ";"; returns whether a delimiter was seen.
   */
  const skipDelimsAfter = (afterStatement: boolean): boolean => {
    let semiOk = afterStatement;
    let seen = false;
    for (let t = peek(); t && (t.kind === 'newline' || isOp(t, ';')); t = peek()) {
      if (isOp(t, ';') && !semiOk)
        err(
          'GRUB 2 accepts ";" only right after a command (not at the start of a block or line, nor twice); it reports a syntax error.',
          t.start,
          t.end,
        );
      semiOk = false;
      seen = true;
      p++;
    }
    return seen;
  };
  const endOf = (): number => (p > 0 ? toks[p - 1].end : 0);

  let depth = 0;
  let tooDeep = false;
  /** Parses commands until one of `stops` (keyword in command position), `}` or the end. */
  function parseList(stops: Set<string>, parent: G2Block | undefined, entry: G2Block | undefined): G2Node[] {
    const nodes: G2Node[] = [];
    if (depth >= MAX_DEPTH) {
      // Far deeper than any real script: skip to the end rather than recurse without bound.
      if (!tooDeep) {
        const t = peek();
        err('Blocks are nested too deeply to check.', t?.start ?? 0, t?.end ?? 0);
        tooDeep = true;
      }
      p = toks.length;
      return nodes;
    }
    depth++;
    try {
      return parseListBody(stops, parent, entry, nodes);
    } finally {
      depth--;
    }
  }

  function parseListBody(
    stops: Set<string>,
    parent: G2Block | undefined,
    entry: G2Block | undefined,
    nodes: G2Node[],
  ): G2Node[] {
    let after = false;
    for (;;) {
      const delim = skipDelimsAfter(after);
      endedWithDelim = delim || !after;
      const t = peek();
      if (!t) return nodes;
      if (isOp(t, '}')) return nodes;
      if (after && !delim && t.kind === 'word')
        err(`GRUB 2 needs a newline or ";" before "${t.value}".`, t.start, t.end);
      if (t.kind === 'word' && isKw(t) && stops.has(t.value)) return nodes;
      bareStatement = false;
      const node = parseStatement(parent, entry);
      if (node) nodes.push(node);
      after = node !== undefined || bareStatement;
    }
  }

  function needBody(nodes: G2Node[], what: string, at: { start: number; end: number }) {
    if (nodes.length === 0)
      err(
        `GRUB 2 does not accept an empty ${what}: put at least one command there (for example "true").`,
        at.start,
        at.end,
      );
  }

  function expectKw(kw: string, opener: { start: number; end: number }, what: string): boolean {
    skipDelims();
    if (isKw(peek(), kw)) {
      takeKw();
      return true;
    }
    err(`This ${what} has no matching "${kw}".`, opener.start, opener.end);
    return false;
  }

  function parseBraceBody(block: G2Block, entry: G2Block | undefined) {
    // At `{`.
    const open = toks[p++];
    block.body = parseList(new Set(), block, entry);
    if (isOp(peek(), '}')) {
      if (block.kind === 'function' && !endedWithDelim && block.body.length)
        err('A function body needs a newline or ";" before its "}".', peek()!.start, peek()!.end);
      p++;
      block.closed = true;
      if (block.body.length === 0)
        err(
          'GRUB 2 does not accept an empty block: put at least one command between "{" and "}" (for example "true").',
          open.start,
          endOf(),
        );
    } else {
      const stray = peek();
      if (stray && stray.kind === 'word') {
        err(`"${stray.value}" does not belong here.`, stray.start, stray.end);
      }
      err('This "{" is never closed with "}".', open.start, open.end);
    }
    block.end = endOf();
  }

  function parseStatement(parent: G2Block | undefined, entry: G2Block | undefined): G2Node | undefined {
    const t = peek()!;
    if (t.kind === 'op') {
      p++;
      if (t.op === '{') {
        const b: G2Block = { kind: 'block', start: t.start, end: t.end, closed: false, body: [], parent };
        err(
          'A block "{ … }" must follow a command on the same line (menuentry, submenu, a function); GRUB 2 reports a syntax error for a block on its own.',
          t.start,
          t.end,
        );
        p--;
        script.blocks.push(b);
        parseBraceBody(b, entry);
        return b;
      }
      err(
        t.op === '&&' || t.op === '||' || t.op === '|' || t.op === '&' || t.op === '<' || t.op === '>' || t.op === ';;'
          ? `GRUB 2 scripts have no "${t.op}" (no pipes, redirections, && or ||); GRUB reports a syntax error.`
          : `Unexpected "${t.op}".`,
        t.start,
        t.end,
      );
      return undefined;
    }
    if (t.kind !== 'word') {
      p++;
      return undefined;
    }
    if (isKw(t)) {
      const kw = t.value;
      if (kw === 'if') {
        takeKw();
        const b: G2Block = { kind: 'if', start: t.start, end: t.end, closed: false, body: [], parent };
        script.blocks.push(b);
        const body: G2Node[] = [];
        const part = (stops: string[], what: string, at: { start: number; end: number }) => {
          const nodes = parseList(new Set(stops), b, entry);
          needBody(nodes, what, at);
          for (const n of nodes) body.push(n);
        };
        part(['then'], 'condition', t);
        if (expectKw('then', t, '"if"')) {
          for (;;) {
            part(['elif', 'else', 'fi'], '"then" part', t);
            const k = peek();
            if (isKw(k, 'elif')) {
              takeKw();
              part(['then'], 'condition', k!);
              if (!expectKw('then', k!, '"elif"')) break;
              continue;
            }
            if (isKw(k, 'else')) {
              takeKw();
              part(['fi'], '"else" part', k!);
            }
            if (expectKw('fi', t, '"if"')) b.closed = true;
            break;
          }
        }
        b.body = body;
        b.end = endOf();
        return b;
      }
      if (kw === 'for' || kw === 'while' || kw === 'until') {
        takeKw();
        const b: G2Block = { kind: kw, start: t.start, end: t.end, closed: false, body: [], parent };
        script.blocks.push(b);
        if (kw === 'for') {
          const v = peek();
          if (v?.kind === 'word' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.raw) && !isKw(v)) p++;
          else err('"for" needs a variable name (letters, digits and "_").', t.start, t.end);
          if (isKw(peek(), 'in')) {
            takeKw();
            while (peek()?.kind === 'word') p++;
          } else err('GRUB 2 needs "in" after the variable of "for" ("for x in a b; do").', t.start, t.end);
        } else {
          const cond = parseList(new Set(['do']), b, entry);
          needBody(cond, 'condition', t);
          for (const n of cond) b.body.push(n);
        }
        if (expectKw('do', t, `"${kw}"`)) {
          const loop = parseList(new Set(['done']), b, entry);
          needBody(loop, 'loop body', t);
          for (const n of loop) b.body.push(n);
          if (expectKw('done', t, `"${kw}"`)) b.closed = true;
        }
        b.end = endOf();
        return b;
      }
      if (kw === 'function') {
        takeKw();
        const nameTok = peek();
        const b: G2Block = { kind: 'function', start: t.start, end: t.end, closed: false, body: [], parent };
        script.blocks.push(b);
        if (parent)
          err('GRUB 2 defines functions only at the top level of a script, not inside a block.', t.start, t.end);
        if (nameTok?.kind === 'word' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw))
          err('A function name is letters, digits and "_", written plainly.', nameTok.start, nameTok.end);
        if (nameTok?.kind === 'word') {
          b.name = nameTok.value;
          script.functions.add(nameTok.value);
          p++;
        } else err('"function" needs a name.', t.start, t.end);
        skipDelims();
        if (isOp(peek(), '{')) parseBraceBody(b, entry);
        else err('A function body starts with "{".', t.start, endOf());
        b.end = endOf();
        return b;
      }
      if (TERMINATORS.has(kw)) {
        p++;
        err(
          `"${kw}" without a matching ${kw === 'fi' || kw === 'then' || kw === 'else' || kw === 'elif' ? '"if"' : kw === 'esac' ? '"case"' : '"for" or "while"'}.`,
          t.start,
          t.end,
        );
        return undefined;
      }
      // case/select/in in command position: GRUB has no such statements; read as a command.
      err(
        `"${kw}" is a reserved word of GRUB's script language and cannot start a command; GRUB reports a syntax error.`,
        t.start,
        t.end,
      );
    }
    // A simple command: words up to a delimiter, then an optional block.
    const all: G2Word[] = [];
    while (peek()?.kind === 'word') all.push(toks[p++] as G2Word);
    // A word that is only "\" + newline (a continuation after a blank) is empty: GRUB drops it.
    const words = all.filter((w) => w.value !== '' || w.quoted || w.hasVar);
    if (words.length === 0) {
      bareStatement = true;
      return undefined;
    }
    const first = words[0];
    const cmd: G2Command = {
      kind: 'command',
      words,
      name: first.hasVar ? '' : first.value,
      start: first.start,
      end: words[words.length - 1].end,
      entry,
    };
    script.commands.push(cmd);
    if (isOp(peek(), '{')) {
      const kind: G2BlockKind = cmd.name === 'menuentry' || cmd.name === 'submenu' ? cmd.name : 'block';
      const b: G2Block = { kind, head: cmd, start: cmd.start, end: cmd.end, closed: false, body: [], parent };
      script.blocks.push(b);
      cmd.block = b;
      parseBraceBody(b, kind === 'menuentry' || kind === 'submenu' ? b : entry);
      cmd.end = b.end;
    } else if (cmd.name === 'menuentry' || cmd.name === 'submenu') {
      err(
        `"${cmd.name}" needs its commands in a block: end the line with "{" and close it with "}".`,
        cmd.start,
        cmd.end,
      );
    }
    return cmd;
  }

  while (p < toks.length) {
    for (const n of parseList(new Set(), undefined, undefined)) script.body.push(n); // no spread: 150,000 commands overflow the stack
    const t = peek();
    if (!t) break;
    if (isOp(t, '}')) err('This "}" closes no block.', t.start, t.end);
    else if (t.kind === 'word') err(`"${t.value}" without a matching opening keyword.`, t.start, t.end);
    p++;
  }
  return script;
}
