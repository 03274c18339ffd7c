// The configurator view's data (VS Code's "Kernel configuration" tree, client/src/configurator.ts):
// the Kconfig menu hierarchy of the tree with each symbol's value for the document as olddefconfig
// makes it, children one level at a time; a Xen filter (the symbols of the Xen menus and the role's
// requirements) and a search by name or prompt, as flat lists; and setting a symbol through the
// solver, so that what it needs comes along, as edits of the document.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ConfigMenuAnswer,
  ConfigMenuItem,
  ConfigMenuRequest,
  ConfigSetAnswer,
  ConfigSetRequest,
} from '../core/solverTypes';
import type { Expr, KconfigTree, KSymbol, MenuNode, ResolveResult } from '../kconfig/index';
import type { Goal } from '../kconfig/solve';
import { CHANGED_MEANWHILE, goalsOfRole, listLines, solutionEdits, solveOnDocument, unreachable } from './codeActions';
import type { ModeContext } from '../core/mode';

const MAX_LIST = 300;
const MAX_HELP = 1500;

interface Index {
  nodes: MenuNode[];
  ids: Map<MenuNode, number>;
  /** The children the view shows per node, nested as menuconfig does (see `nest`). */
  kids: Map<MenuNode, MenuNode[]>;
}
const indexes = new WeakMap<KconfigTree, Index>();

function indexOf(tree: KconfigTree): Index {
  let ix = indexes.get(tree);
  if (ix) return ix;
  ix = { nodes: [], ids: new Map(), kids: new Map() };
  const stack: MenuNode[] = [tree.parsed.root];
  while (stack.length) {
    const n = stack.pop()!;
    ix.ids.set(n, ix.nodes.length);
    ix.nodes.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  indexes.set(tree, ix);
  return ix;
}

/** A node the view shows: a menu, a choice, or a symbol with a prompt. */
function shown(n: MenuNode): boolean {
  if (n.kind === 'menu' || n.kind === 'choice') return !!n.prompt;
  return (n.kind === 'config' || n.kind === 'menuconfig') && !!n.sym && !!n.prompt;
}

/** The shown nodes under `n`: `if` blocks and nodes without a prompt are looked through. */
function shownChildren(n: MenuNode): MenuNode[] {
  const out: MenuNode[] = [];
  const stack = [...n.children].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (shown(c)) out.push(c);
    else if (c.kind !== 'comment') for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]);
  }
  return out;
}

/** Whether a dependency needs `s` on (`S`, `S != n`, or a part of an `&&`), as the kernel's menus judge it. */
function dependsOn(e: Expr | null, s: KSymbol): boolean {
  const stack = e ? [e] : [];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === 'sym' && x.sym === s) return true;
    if (x.k === 'and') stack.push(x.l, x.r);
    if (x.k === 'cmp' && x.op === '!=' && x.l === s && x.r.name === 'n') return true;
  }
  return false;
}

/**
 * The kernel's menus put the entries that follow a symbol and depend on it under that symbol
 * (menuconfig NET, then `if NET` … `endif`): the same nesting here.
 */
function nest(ix: Index, list: MenuNode[]): MenuNode[] {
  const out: MenuNode[] = [];
  let i = 0;
  while (i < list.length) {
    const n = list[i++];
    out.push(n);
    if (!n.sym || (n.kind !== 'config' && n.kind !== 'menuconfig')) continue;
    const start = i;
    while (i < list.length && dependsOn(list[i].dep, n.sym)) i++;
    if (i > start) ix.kids.set(n, [...nest(ix, shownChildren(n)), ...nest(ix, list.slice(start, i))]);
  }
  return out;
}

function childrenOf(ix: Index, n: MenuNode): MenuNode[] {
  let c = ix.kids.get(n);
  if (!c) ix.kids.set(n, (c = nest(ix, shownChildren(n))));
  return c;
}

const TRI_CHOICES: Record<string, string[]> = { bool: ['y', 'n'], tristate: ['y', 'm', 'n'] };

function symbolItem(ix: Index, res: ResolveResult, n: MenuNode, withChildren: boolean): ConfigMenuItem {
  const id = ix.ids.get(n) ?? 0;
  const s = n.sym!;
  const ex = res.explain(s.name);
  const help = s.menus.map((m) => m.help).find((h) => h?.trim());
  const where = `${n.file}:${n.line}`;
  return {
    id: String(id),
    kind: 'symbol',
    label: n.prompt?.text || s.name,
    name: s.name,
    type: s.type,
    value: res.value(s.name),
    visible: ex ? ex.visible !== 'n' : undefined,
    choices: TRI_CHOICES[s.type],
    hasChildren: withChildren && childrenOf(ix, n).length > 0,
    tooltip: `CONFIG_${s.name} (${s.type}), ${where}${help ? `\n\n${help.trim().slice(0, MAX_HELP)}` : ''}`,
  };
}

function itemOf(ix: Index, res: ResolveResult, n: MenuNode): ConfigMenuItem {
  const id = ix.ids.get(n) ?? 0;
  if (n.kind === 'menu' || n.kind === 'choice') {
    const chosen = n.kind === 'choice' ? n.sym?.choiceMembers?.find((m) => res.value(m.name) === 'y') : undefined;
    return {
      id: String(id),
      kind: n.kind === 'menu' ? 'menu' : 'choice',
      label: n.prompt?.text ?? '',
      value: chosen ? `CONFIG_${chosen.name}` : undefined,
      hasChildren: childrenOf(ix, n).length > 0,
      tooltip: n.help?.trim() ? n.help.trim().slice(0, MAX_HELP) : `${n.file}:${n.line}`,
    };
  }
  return symbolItem(ix, res, n, true);
}

/** The first node of a symbol that has a prompt. */
function promptNode(s: KSymbol): MenuNode | undefined {
  return s.menus.find((m) => m.prompt);
}

/**
 * The role's requirements first (in the role's order), then the symbols of the Xen menus (defined
 * in a Xen directory or named for Xen), by name.
 */
function xenSymbols(tree: KconfigTree, role: string | undefined): KSymbol[] {
  const first: string[] = [];
  for (const g of (role && goalsOfRole(tree, role)?.goals) || [])
    for (const t of g.anyOf) if (!first.includes(t.name)) first.push(t.name);
  const rest: string[] = [];
  for (const s of tree.symbols()) {
    if (!promptNode(s) || first.includes(s.name)) continue;
    if (/XEN/.test(s.name) || s.menus.some((m) => /(^|\/)xen\//.test(m.file))) rest.push(s.name);
  }
  return [...first, ...rest.sort()].map((n) => tree.symbol(n)!).filter((s) => s && promptNode(s));
}

function matching(tree: KconfigTree, query: string): KSymbol[] {
  const q = query
    .trim()
    .toUpperCase()
    .replace(/^CONFIG_/, '');
  if (!q) return [];
  const byName: KSymbol[] = [];
  const byPrompt: KSymbol[] = [];
  for (const s of tree.symbols()) {
    const p = promptNode(s);
    if (!p) continue;
    if (s.name.includes(q)) byName.push(s);
    else if (p.prompt?.text?.toUpperCase().includes(q)) byPrompt.push(s);
  }
  const rank = (s: KSymbol): number => (s.name === q ? 0 : s.name.startsWith(q) ? 1 : 2);
  byName.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return [...byName, ...byPrompt];
}

/** The view's items for `req` on the document's values. */
export function configMenu(
  tree: KconfigTree,
  res: ResolveResult,
  req: ConfigMenuRequest,
  role: string | undefined,
): ConfigMenuAnswer {
  const ix = indexOf(tree);
  const answer: ConfigMenuAnswer = {
    tree: `Linux ${tree.kernelVersion ?? '(tree)'} ${tree.arch}`,
    role,
    items: [],
  };
  const flat = (syms: KSymbol[]): void => {
    for (const s of syms.slice(0, MAX_LIST)) {
      const n = promptNode(s)!;
      answer.items.push(symbolItem(ix, res, n, false));
    }
    if (syms.length > MAX_LIST) answer.truncated = true;
  };
  if (req.query !== undefined) flat(matching(tree, req.query));
  else if (req.filter === 'xen') flat(xenSymbols(tree, role));
  else {
    const parent = req.parent === undefined ? tree.parsed.root : ix.nodes[Number(req.parent)];
    if (!parent) return answer;
    for (const c of childrenOf(ix, parent)) answer.items.push(itemOf(ix, res, c));
  }
  return answer;
}

/** Sets a symbol through the solver: the edits add what it needs (its dependencies come along). */
export async function configSet(
  doc: TextDocument,
  tree: KconfigTree,
  req: ConfigSetRequest,
  ctx: ModeContext,
): Promise<ConfigSetAnswer> {
  const s = tree.symbol(req.name);
  if (!s?.menus.length)
    return { ok: false, edits: [], message: `CONFIG_${req.name} is not an option of this kernel tree.` };
  let value = req.value;
  if (s.type === 'bool' || s.type === 'tristate') {
    if (!(TRI_CHOICES[s.type] ?? []).includes(value))
      return { ok: false, edits: [], message: `CONFIG_${s.name} takes ${TRI_CHOICES[s.type].join(', ')}.` };
  } else if (s.type === 'string') {
    // the value as typed; quotes around it are the file's spelling, not part of it
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  } else if (s.type === 'int' ? !/^-?\d+$/.test(value) : !/^(0[xX])?[0-9a-fA-F]+$/.test(value)) {
    return {
      ok: false,
      edits: [],
      message: `CONFIG_${s.name} is an ${s.type} option: "${value.slice(0, 80)}" is not one.`,
    };
  }
  const goal: Goal = { anyOf: [{ name: s.name, values: [value] }] };
  const solved = await solveOnDocument(doc, tree, [goal], `set:${s.name}=${value}`, ctx);
  const r = solved.result;
  const what = `CONFIG_${s.name}=${s.type === 'string' ? JSON.stringify(value) : value}`;
  if (!r.ok) return { ok: false, edits: [], message: `${what} cannot be set: ${unreachable(r)}` };
  if (!r.added.length) return { ok: true, edits: [], message: `${what} already holds.` };
  if (doc.version !== solved.version) return { ok: false, edits: [], message: CHANGED_MEANWHILE };
  return {
    ok: true,
    edits: solutionEdits(tree, solved),
    message: r.added.length === 1 ? `Set ${r.added[0].line}.` : `For ${what}: set ${listLines(r)}.`,
  };
}
