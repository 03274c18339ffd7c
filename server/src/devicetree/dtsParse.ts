// Device tree source (.dts/.dtsi) reader, after dtc's grammar (dtc-parser.y; the lexer, after
// dtc-lexer.l, is dtsLex.ts): nodes, labels, `&label` and `&{/path}` references, properties with
// strings, cells (`/bits/`), bytes and references, `/delete-node/`, `/delete-property/`,
// `/include/` and the C preprocessor's `#include`, which are recorded but not followed. Node
// blocks are merged by path as dtc does (a later definition of a property replaces the earlier
// one). Never throws; iterative, so deep nesting cannot overflow.
import { newNode, child, nodeAt, type CellItem, type DtNode, type DtProperty, type DtValue } from './tree';
import { parseNumber, tokenize, type Tok } from './dtsLex';

export interface Problem {
  start: number;
  end: number;
  message: string;
  code?: 'unknown-label';
}

export interface Include {
  start: number;
  end: number;
  file: string;
  how: '/include/' | '#include';
}

export interface Block {
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  node: DtNode;
  depth: number;
}

export interface DtsFile {
  root: DtNode;
  /** Nodes written as `&label { … }` whose label is not defined in this file. */
  detached: DtNode[];
  includes: Include[];
  /** Other preprocessor lines (#define, #if …): their effect is not applied. */
  preprocessor: Array<{ start: number; end: number }>;
  comments: Array<{ start: number; end: number }>;
  /** Every `{ … }` block as written, for folding. */
  blocks: Block[];
  labels: Map<string, DtNode>;
  problems: Problem[];
  /** The file is an overlay (`/plugin/;`): its references are resolved against the base tree it is applied to. */
  plugin?: boolean;
}

// one closure over the token cursor and the tree being built (its steps are the named closures inside)
export function parseDts(text: string): DtsFile {
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
  const f: DtsFile = {
    root,
    detached: [],
    includes: [],
    preprocessor: [],
    comments: [],
    blocks: [],
    labels: new Map(),
    problems: [],
  };
  let toks: Tok[];
  try {
    toks = tokenize(text, f);
  } catch {
    return f;
  }
  let p = 0;
  const peek = (k = 0) => toks[Math.min(p + k, toks.length - 1)];
  const next = () => toks[Math.min(p++, toks.length - 1)];
  const isP = (t: Tok, s: string) => t.kind === 'punct' && t.text === s;
  const problem = (start: number, end: number, message: string, code?: Problem['code']) => {
    if (f.problems.length < 1000) f.problems.push({ start, end, message, code });
  };
  /** Skips to the end of a broken statement: past the next `;`, or to a `}` that closes the block. */
  const recover = () => {
    let depth = 0;
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') return;
      if (isP(t, '{')) depth++;
      if (isP(t, '}')) {
        if (depth === 0) return;
        depth--;
      }
      next();
      if (isP(t, ';') && depth === 0) return;
    }
  };
  const expectSemi = (after: Tok) => {
    if (isP(peek(), ';')) {
      next();
      return;
    }
    problem(after.start, after.end, 'A ";" is missing after this.');
  };
  const defineLabels = (labels: Tok[], node: DtNode) => {
    for (const l of labels) {
      const name = l.text;
      const prev = f.labels.get(name);
      if (prev && prev !== node)
        problem(
          l.start,
          l.end - 1,
          `The label "${name}" is already given to ${prev.path}; dtc refuses a label defined twice.`,
        );
      f.labels.set(name, node);
      if (!node.labels.includes(name)) node.labels.push(name);
    }
  };
  const deleteNode = (node: DtNode) => {
    if (!node.parent) {
      node.children = [];
      node.props.clear();
      return;
    }
    node.parent.children = node.parent.children.filter((c) => c !== node);
    for (const [k, v] of f.labels) {
      for (let x: DtNode | undefined = v; x; x = x.parent)
        if (x === node) {
          f.labels.delete(k);
          break;
        }
    }
  };
  const resolveRef = (t: Tok): DtNode | undefined => {
    if (t.start < text.length && text[t.start + 1] === '{') {
      let n: DtNode = root;
      for (const part of t.text.split('/').filter(Boolean))
        n = child(n, part) ?? newNode(part, n, { start: t.start, end: t.end, nameStart: t.start, nameEnd: t.end });
      return n;
    }
    return f.labels.get(t.text);
  };

  // The open blocks: the node each `{` opened.
  const stack: Array<{ node: DtNode; open: Tok; nameStart: number; nameEnd: number }> = [];
  let guard = 0;
  while (peek().kind !== 'eof' && guard++ < toks.length * 4) {
    const t = peek();
    const cur = stack.length ? stack[stack.length - 1].node : undefined;
    if (isP(t, '}')) {
      next();
      const b = stack.pop();
      if (!b) {
        problem(t.start, t.end, 'This "}" closes nothing.');
        continue;
      }
      b.node.end = Math.max(b.node.end, t.end);
      f.blocks.push({
        start: b.open.start,
        end: t.end,
        nameStart: b.nameStart,
        nameEnd: b.nameEnd,
        node: b.node,
        depth: stack.length,
      });
      if (isP(peek(), ';')) next();
      else problem(t.start, t.end, 'A ";" is missing after this "}".');
      continue;
    }
    if (isP(t, ';')) {
      next();
      continue;
    }
    if (t.kind === 'directive') {
      next();
      const d = t.text;
      if (d === 'dts-v1' || d === 'plugin') {
        if (d === 'plugin') f.plugin = true;
        expectSemi(t);
        continue;
      }
      if (d === 'memreserve') {
        recover();
        continue;
      }
      if (d === 'omit-if-no-ref') continue;
      if (d === 'include') {
        const s = peek();
        if (s.kind === 'string') {
          next();
          f.includes.push({ start: t.start, end: s.end, file: s.text, how: '/include/' });
        } else problem(t.start, t.end, '/include/ needs a file name in double quotes.');
        continue;
      }
      if (d === 'delete-node') {
        const s = next();
        if (s.kind === 'ref') {
          const n = resolveRef(s);
          if (n) deleteNode(n);
          else if (!f.includes.length)
            problem(s.start, s.end, `No node has the label "${s.text}" in this file.`, 'unknown-label');
        } else if (s.kind === 'word' && cur) {
          const n = child(cur, s.text);
          if (n) deleteNode(n);
        } else problem(s.start, s.end, '/delete-node/ needs a node name (inside a node) or a &reference.');
        expectSemi(s);
        continue;
      }
      if (d === 'delete-property') {
        const s = next();
        if (s.kind === 'word' && cur) cur.props.delete(s.text);
        else problem(s.start, s.end, '/delete-property/ needs a property name, inside a node.');
        expectSemi(s);
        continue;
      }
      problem(t.start, t.end, `dtc knows no /${d}/ directive here.`);
      recover();
      continue;
    }
    // Labels, then a node, a property or a reference.
    const labels: Tok[] = [];
    while (peek().kind === 'label') labels.push(next());
    const h = peek();
    if (!cur) {
      // Top level: `/ {` or `&ref {`.
      if (isP(h, '/') && isP(peek(1), '{')) {
        next();
        const open = next();
        defineLabels(labels, root);
        if (!root.spans.length) {
          root.start = h.start;
          root.nameStart = h.start;
          root.nameEnd = h.end;
        }
        root.spans.push({ start: h.start, end: h.end, nameStart: h.start, nameEnd: h.end });
        stack.push({ node: root, open, nameStart: h.start, nameEnd: h.end });
        continue;
      }
      if (h.kind === 'ref' && isP(peek(1), '{')) {
        next();
        const open = next();
        let node = resolveRef(h);
        if (!node) {
          if (!f.includes.length)
            problem(
              h.start,
              h.end,
              `No node has the label "${h.text}" in this file, so dtc cannot extend it.`,
              'unknown-label',
            );
          node = {
            name: `&${h.text}`,
            path: `&${h.text}`,
            labels: [],
            props: new Map(),
            children: [],
            nameStart: h.start,
            nameEnd: h.end,
            start: h.start,
            end: h.end,
            spans: [],
          };
          f.detached.push(node);
        }
        node.spans.push({ start: h.start, end: h.end, nameStart: h.start, nameEnd: h.end });
        defineLabels(labels, node);
        stack.push({ node, open, nameStart: h.start, nameEnd: h.end });
        continue;
      }
      if (h.kind === 'word' && /^[A-Z_][A-Z0-9_]*$/.test(h.text)) {
        // A macro use at top level (from an #include): its expansion is unknown.
        next();
        if (isP(peek(), '(')) {
          let d = 0;
          while (peek().kind !== 'eof') {
            const x = next();
            if (isP(x, '(')) d++;
            if (isP(x, ')') && --d === 0) break;
          }
        }
        continue;
      }
      problem(
        h.start,
        Math.max(h.end, h.start + 1),
        'At the top of a device tree source only "/ { … };", "&label { … };" and directives such as /dts-v1/; may appear.',
      );
      next();
      recover();
      continue;
    }
    if (h.kind !== 'word') {
      problem(
        h.start,
        Math.max(h.end, h.start + 1),
        h.kind === 'eof'
          ? 'The file ends inside a node: a "};" is missing.'
          : `A property or node name is expected here, not "${text.slice(h.start, Math.max(h.end, h.start + 1))}".`,
      );
      if (h.kind === 'eof') break;
      next();
      recover();
      continue;
    }
    next();
    const after = peek();
    if (isP(after, '{')) {
      next();
      let node = child(cur, h.text);
      if (!node) node = newNode(h.text, cur, { start: h.start, end: after.end, nameStart: h.start, nameEnd: h.end });
      else node.spans.push({ start: h.start, end: after.end, nameStart: h.start, nameEnd: h.end });
      defineLabels(labels, node);
      stack.push({ node, open: after, nameStart: h.start, nameEnd: h.end });
      continue;
    }
    if (isP(after, ';')) {
      next();
      cur.props.set(h.text, {
        name: h.text,
        nameStart: h.start,
        nameEnd: h.end,
        values: [],
        start: h.start,
        end: after.end,
      });
      continue;
    }
    if (isP(after, '=')) {
      next();
      const values = parseValues();
      if (values === undefined) {
        recover();
        continue;
      }
      const semi = peek();
      if (isP(semi, ';')) next();
      else problem(h.start, h.end, `A ";" is missing after the value of ${h.text}.`);
      cur.props.set(h.text, {
        name: h.text,
        nameStart: h.start,
        nameEnd: h.end,
        values,
        start: h.start,
        end: isP(semi, ';') ? semi.end : (values[values.length - 1]?.end ?? after.end),
      });
      continue;
    }
    problem(
      h.start,
      h.end,
      `"${h.text}" must be followed by "=" and a value, ";" (a property without value) or "{" (a node).`,
    );
    recover();
  }
  for (const b of stack) problem(b.open.start, b.open.end, 'This "{" is never closed: a "};" is missing.');
  return f;

  // long: one branch per kind of property value (strings, cells, bytes, references), as dtc's propdata
  function parseValues(): DtValue[] | undefined {
    const out: DtValue[] = [];
    for (;;) {
      while (peek().kind === 'label') next();
      const v = peek();
      if (v.kind === 'string') {
        next();
        out.push(v.str!);
      } else if (v.kind === 'ref') {
        next();
        out.push({ kind: 'ref', label: v.text, start: v.start, end: v.end });
      } else if (isP(v, '<') || (v.kind === 'directive' && v.text === 'bits')) {
        let bits = 32;
        if (v.kind === 'directive') {
          next();
          const b = next();
          const n = b.kind === 'word' ? Number(b.text) : NaN;
          if (![8, 16, 32, 64].includes(n)) problem(b.start, b.end, '/bits/ takes 8, 16, 32 or 64.');
          else bits = n;
          if (!isP(peek(), '<')) {
            problem(b.start, b.end, '/bits/ must be followed by a <…> list.');
            return undefined;
          }
        }
        const open = next();
        const items: CellItem[] = [];
        let closed = false;
        for (;;) {
          const c = peek();
          if (isP(c, '>')) {
            next();
            closed = true;
            break;
          }
          if (c.kind === 'eof' || isP(c, ';') || isP(c, '{') || isP(c, '}')) break;
          next();
          if (c.kind === 'word') {
            const num = parseNumber(c.text);
            if (num !== undefined) items.push({ kind: 'number', value: num, start: c.start, end: c.end });
            else {
              let end = c.end;
              if (isP(peek(), '(')) end = skipParens();
              items.push({ kind: 'other', start: c.start, end });
            }
          } else if (c.kind === 'ref') items.push({ kind: 'ref', label: c.text, start: c.start, end: c.end });
          else if (isP(c, '(')) {
            p--;
            const end = skipParens();
            items.push({ kind: 'other', start: c.start, end });
          } else if (c.kind === 'char')
            items.push({
              kind: 'number',
              value: BigInt(text.charCodeAt(c.start + 1) || 0),
              start: c.start,
              end: c.end,
            });
          else if (c.kind === 'label') continue;
          else items.push({ kind: 'other', start: c.start, end: c.end });
        }
        if (!closed) {
          problem(open.start, open.end, 'This "<" list is never closed with ">".');
        }
        out.push({ kind: 'cells', bits, items, start: open.start, end: toks[Math.max(0, p - 1)].end });
        if (!closed) return out;
      } else if (isP(v, '[')) {
        const open = next();
        let hex = '';
        let closed = false;
        for (;;) {
          const c = peek();
          if (isP(c, ']')) {
            next();
            closed = true;
            break;
          }
          if (c.kind === 'eof' || isP(c, ';') || isP(c, '{') || isP(c, '}')) break;
          next();
          if (c.kind === 'word' && /^[0-9A-Fa-f]+$/.test(c.text)) hex += c.text;
          else if (c.kind !== 'label') problem(c.start, c.end, 'A byte string holds pairs of hexadecimal digits.');
        }
        if (!closed) problem(open.start, open.end, 'This "[" byte string is never closed with "]".');
        if (hex.length % 2)
          problem(
            open.start,
            toks[Math.max(0, p - 1)].end,
            'A byte string needs an even number of hexadecimal digits.',
          );
        out.push({
          kind: 'bytes',
          count: Math.floor(hex.length / 2),
          start: open.start,
          end: toks[Math.max(0, p - 1)].end,
        });
      } else if (v.kind === 'word') {
        next();
        let end = v.end;
        if (isP(peek(), '(')) end = skipParens();
        out.push({ kind: 'other', start: v.start, end });
      } else {
        problem(
          v.start,
          Math.max(v.end, v.start + 1),
          'A value is expected here: "a string", <cells>, [bytes] or &reference.',
        );
        return undefined;
      }
      if (isP(peek(), ',')) {
        next();
        continue;
      }
      return out;
    }
  }

  /** Consumes a balanced ( … ) group starting at the current token; returns its end offset. */
  function skipParens(): number {
    let depth = 0;
    let end = peek().end;
    for (;;) {
      const c = peek();
      if (c.kind === 'eof' || isP(c, ';') || isP(c, '{') || isP(c, '}')) return end;
      next();
      end = c.end;
      if (isP(c, '(')) depth++;
      else if (isP(c, ')') && --depth <= 0) return end;
    }
  }
}

export { nodeAt };
export type { DtProperty };
