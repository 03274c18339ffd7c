// The device tree as Xen will see it, whichever file describes it: a .dts source (nodes merged by
// path, labels resolved) or a U-Boot script that edits the loaded tree with `fdt mknod`/`fdt set`.
// Offsets are document offsets; strings keep the document offset of every character so command
// lines inside them map back exactly.

/** One string of a property value, decoded (escapes and quotes removed). */
export interface DtString {
  kind: 'string';
  text: string;
  /** offsets[i] is the document offset of text[i]; offsets[text.length] is where the text ends. */
  offsets: number[];
  start: number;
  end: number;
  /** The text holds a variable the script expands at run time: its value is not known here. */
  dynamic?: boolean;
}

export type CellItem =
  | { kind: 'number'; value: bigint; start: number; end: number }
  | { kind: 'ref'; label: string; start: number; end: number }
  /** An expression, macro or variable whose value is not known here. */
  | { kind: 'other'; start: number; end: number };

export interface DtCells {
  kind: 'cells';
  bits: number;
  items: CellItem[];
  start: number;
  end: number;
}
export interface DtBytes {
  kind: 'bytes';
  count: number;
  start: number;
  end: number;
}
export interface DtRef {
  kind: 'ref';
  label: string;
  start: number;
  end: number;
}
/** A macro (from an #include) or anything else whose value is not known. */
export interface DtOther {
  kind: 'other';
  start: number;
  end: number;
}

export type DtValue = DtString | DtCells | DtBytes | DtRef | DtOther;

export interface DtProperty {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Empty for a property without a value (`vpl011;`). */
  values: DtValue[];
  start: number;
  end: number;
}

export interface DtNode {
  /** Full node name with unit address ("module@4a000000"); "" for the root. */
  name: string;
  path: string;
  parent?: DtNode;
  labels: string[];
  /** Properties, the last definition of each name winning (as dtc does). */
  props: Map<string, DtProperty>;
  children: DtNode[];
  /** Where the node is written (its first definition), for ranges and the outline. */
  nameStart: number;
  nameEnd: number;
  start: number;
  end: number;
  /** Every place the node is defined or extended. */
  spans: Array<{ start: number; end: number; nameStart: number; nameEnd: number }>;
}

export function newNode(
  name: string,
  parent: DtNode | undefined,
  at: { start: number; end: number; nameStart: number; nameEnd: number },
): DtNode {
  const path = parent ? (parent.path === '/' ? `/${name}` : `${parent.path}/${name}`) : '/';
  const n: DtNode = { name, path, parent, labels: [], props: new Map(), children: [], ...at, spans: [at] };
  if (parent) parent.children.push(n);
  return n;
}

export function child(node: DtNode, name: string): DtNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The node at an absolute path ("/chosen/domU1"), or undefined. */
export function nodeAt(root: DtNode, path: string): DtNode | undefined {
  let n: DtNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    n = n && child(n, part);
    if (!n) return undefined;
  }
  return n;
}

/** The strings of a property, when its whole value is strings. */
export function stringsOf(p: DtProperty | undefined): DtString[] | undefined {
  if (!p || !p.values.length || p.values.some((v) => v.kind !== 'string')) return undefined;
  return p.values as DtString[];
}

/** The property's compatible strings (empty when absent or not strings). */
export function compatibles(n: DtNode): string[] {
  return (stringsOf(n.props.get('compatible')) ?? []).map((s) => s.text);
}

/** The 32-bit cells of a property when every value is a plain `<…>` list of 32-bit cells; undefined otherwise. */
export function cellsOf(p: DtProperty | undefined): CellItem[] | undefined {
  if (!p || !p.values.length || p.values.some((v) => v.kind !== 'cells' || v.bits !== 32)) return undefined;
  return (p.values as DtCells[]).flatMap((v) => v.items);
}

/** The property's size in bytes when it is knowable. */
export function byteLength(p: DtProperty): number | undefined {
  let n = 0;
  for (const v of p.values) {
    if (v.kind === 'cells') n += (v.bits / 8) * v.items.length;
    else if (v.kind === 'bytes') n += v.count;
    else if (v.kind === 'string') {
      if (v.dynamic) return undefined;
      n += v.text.length + 1;
    } else return undefined;
  }
  return n;
}

/** Depth-first, document order; iterative (trees from hostile input can be deep). */
export function walk(root: DtNode, visit: (n: DtNode, depth: number) => void): void {
  const stack: Array<[DtNode, number]> = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    visit(n, d);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], d + 1]);
  }
}
