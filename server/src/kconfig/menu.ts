/**
 * The Kconfig menu tree: the counterpart of the kernel's scripts/kconfig/menu.c. MenuBuilder adds
 * entries and properties as the parser reads them (menu_add_entry, menu_add_prop,
 * menu_add_prompt, menu_set_type); finalizeTree then propagates dependencies down the tree, gives
 * choices their members and collects each symbol's select/imply/dependency expressions
 * (menu_finalize).
 */
import { and, exprContains, exprDependsOn, joinAll, leaf, or } from './expr';
import { append, Expr, KSymbol, Loc, MenuKind, MenuNode, none, Prop, PropKind, SymType } from './model';
import { KconfigSemantics, Reporter } from './parseOptions';

/** Where an option statement may stand: which entry it belongs to. */
export type EntryKind = 'config' | 'choice' | 'menu' | 'comment' | 'any';

export function mkProp(
  kind: PropKind,
  expr: Expr | null,
  text: string | undefined,
  cond: Expr | null,
  menu: MenuNode,
  loc: Loc,
): Prop {
  // every field a property may get, `target` too: one added later takes a block of its own
  // (40 bytes a select, −0.3 MB on a kernel tree)
  return { kind, expr, text, cond, visible: null, menu, file: loc.file, line: loc.line, target: undefined };
}

/** The menu tree as it is read: the open block, the entry options go to, the open choice. */
export class MenuBuilder {
  readonly root: MenuNode;
  currentMenu: MenuNode;
  currentEntry: MenuNode;
  currentChoice: MenuNode | null = null;
  private entries = 0;
  /** `depends on` / `visible if` parts per entry, joined when the parse ends (long lists balanced). */
  private readonly depParts: Parts<MenuNode> = new Map();
  private readonly visParts: Parts<MenuNode> = new Map();

  constructor(
    rootFile: string,
    private readonly maxEntries: number,
    private readonly host: Reporter,
  ) {
    this.root = {
      kind: 'root',
      sym: null,
      prompt: null,
      depWritten: null,
      dep: null,
      visibility: null,
      parent: null,
      children: [],
      file: rootFile,
      line: 1,
    };
    this.currentMenu = this.root;
    this.currentEntry = this.root;
  }

  addEntry(kind: MenuKind, sym: KSymbol | null, loc: Loc): MenuNode {
    if (++this.entries > this.maxEntries) {
      this.host.stop(
        `the Kconfig files hold more than ${this.maxEntries.toLocaleString('en-US')} entries; the rest of the tree is not read`,
      );
    }
    const m: MenuNode = {
      kind,
      sym,
      prompt: null,
      depWritten: null,
      dep: null,
      visibility: null,
      parent: this.currentMenu,
      children: none(),
      file: loc.file,
      line: loc.line,
      // (see mkProp)
      help: undefined,
    };
    this.currentMenu.children = append(this.currentMenu.children, m);
    if (sym) sym.menus = append(sym.menus, m);
    this.currentEntry = m;
    return m;
  }

  addProp(kind: PropKind, expr: Expr | null, cond: Expr | null, loc: Loc, text?: string): Prop {
    const entry = this.currentEntry;
    const prop = mkProp(kind, expr, text, cond, entry, loc);
    if (entry.sym) entry.sym.props = append(entry.sym.props, prop);
    return prop;
  }

  addPrompt(kind: PropKind, text: string, cond: Expr | null, loc: Loc, shown?: string): Prop {
    const entry = this.currentEntry;
    if (/^\s/.test(text)) {
      this.host.err('leading whitespace ignored', loc.line, loc.file, 'warning');
      text = text.trimStart();
    }
    if (entry.prompt) this.host.err('prompt redefined', loc.line, loc.file, 'warning');
    let c = cond;
    if (kind === 'prompt') {
      for (let m = entry.parent; m; m = m.parent) {
        const vp = this.visParts.get(m);
        if (vp) {
          // no `visible if` can follow once the menu has entries
          m.visibility = joined('and', vp);
          this.visParts.delete(m);
        }
        if (m.visibility) c = and(c, m.visibility);
      }
    }
    const prop = this.addProp(kind, null, c, loc, text);
    if (shown !== undefined && shown !== text) prop.shown = shown.trimStart();
    entry.prompt = prop;
    return prop;
  }

  setType(t: SymType, loc: Loc): void {
    const sym = this.currentEntry.sym;
    if (!sym) return;
    if (sym.type === t) return;
    if (sym.type === 'unknown') {
      sym.type = t;
      return;
    }
    this.host.err(
      `ignoring type redefinition of '${sym.name || '<choice>'}' from '${sym.type}' to '${t}'`,
      loc.line,
      loc.file,
      'warning',
    );
  }

  /** `depends on e` of the current entry. */
  addDep(e: Expr): void {
    addPart(this.depParts, this.currentEntry, e);
  }

  /** `visible if e` of the current menu. */
  addVisibility(e: Expr): void {
    addPart(this.visParts, this.currentEntry, e);
  }

  /** Whether an option statement for an entry of this kind may stand here. */
  entryAccepts(kind: EntryKind): boolean {
    const k = this.currentEntry.kind;
    if (this.currentEntry === this.currentMenu && k !== 'root') {
      // options of a block entry (menu/choice/if) come before its first child
      if (this.currentEntry.children.length) return false;
    }
    switch (kind) {
      case 'config':
        return k === 'config' || k === 'menuconfig';
      case 'choice':
        return k === 'choice';
      case 'menu':
        return k === 'menu';
      case 'comment':
        return k === 'comment';
      default:
        return k !== 'root' && k !== 'if';
    }
  }

  /** At the end of the parse: the `depends on` and `visible if` parts joined on their entries. */
  joinParts(): void {
    for (const [m, parts] of this.depParts) m.depWritten = joined('and', parts);
    for (const [m, parts] of this.visParts) m.visibility = joined('and', parts);
    // let go now, not with the builder after finalization (~10,000 lists on a kernel tree)
    this.depParts.clear();
    this.visParts.clear();
  }
}

// ---------------------------------------------------------------- finalization (menu_finalize)

/**
 * Menu finalization: every entry's dependency (its own && its parents'), every property's
 * visibility, the select/imply/dependency expressions of each symbol, and (LEGACY, see
 * KconfigSemantics) the choices' types and members. Yields every few hundred entries.
 */
export function* finalizeTree(
  root: MenuNode,
  sem: KconfigSemantics,
  yes: KSymbol,
  mod: KSymbol,
  modules: KSymbol,
  transBool = false,
): Generator<void, void, void> {
  yield* new Finalizer(sem === 'legacy', yes, mod, modules, transBool).run(root);
}

class Finalizer {
  // revDep / implied / dirDep are ORs over many places: joined at the end (balanced when long)
  private readonly rev: Parts<KSymbol> = new Map();
  private readonly imp: Parts<KSymbol> = new Map();
  private readonly dir: Parts<KSymbol> = new Map();
  // a symbol's properties per definition (a symbol defined in 20,000 places must not make
  // finalization quadratic)
  private readonly byMenu = new Map<KSymbol, Map<MenuNode, Prop[]>>();

  constructor(
    private readonly legacy: boolean,
    private readonly yes: KSymbol,
    private readonly mod: KSymbol,
    private readonly modules: KSymbol,
    /** ParseOptions.transBool. */
    private readonly transBool: boolean,
  ) {}

  *run(root: MenuNode): Generator<void, void, void> {
    let n = 0;
    const work: Array<{ node: MenuNode; insideChoice: boolean }> = [{ node: root, insideChoice: false }];
    // iterative DFS (deep trees must not overflow the stack)
    while (work.length) {
      if ((++n & 511) === 0) yield;
      const { node: parent, insideChoice } = work.pop()!;
      const sym = parent.sym;
      const legacyChoice = this.legacy && sym?.isChoice ? sym : null;
      if (parent.children.length) {
        if (legacyChoice) this.legacyChoiceType(parent, legacyChoice);
        const pd = legacyChoice ? leaf(legacyChoice) : parent.dep;
        for (const c of parent.children) {
          if ((++n & 511) === 0) yield; // a menu may hold 100,000 entries
          this.finalizeEntry(c, pd);
        }
        // flatten `if` blocks inside choices so members are direct children
        const isChoice = !!sym?.isChoice;
        for (let i = parent.children.length - 1; i >= 0; i--)
          work.push({ node: parent.children[i], insideChoice: isChoice });
        if (legacyChoice) this.legacyChoiceMembers(parent, legacyChoice);
      } else if (sym && (this.legacy || !insideChoice)) {
        if (parent.dep) addPart(this.dir, sym, parent.dep); // or(x, null) is x, as before
      }
      if (legacyChoice && !legacyChoice.optional && parent.prompt) {
        const v = parent.prompt.visible;
        const term: Expr = v ? { k: 'and', l: v, r: leaf(this.mod) } : leaf(this.mod);
        addPart(this.rev, legacyChoice, term);
      }
    }
    for (const [s, parts] of this.rev) s.revDep = or(s.revDep, joined('or', parts));
    for (const [s, parts] of this.imp) s.implied = or(s.implied, joined('or', parts));
    for (const [s, parts] of this.dir) s.dirDep = or(s.dirDep, joined('or', parts));
  }

  private propsOf(c: MenuNode): Prop[] {
    const s = c.sym;
    if (!s) return c.prompt ? [c.prompt] : [];
    if (s.menus.length <= 1) return s.props;
    let m = this.byMenu.get(s);
    if (!m) {
      m = new Map();
      for (const p of s.props) pushPart(m, p.menu, p);
      this.byMenu.set(s, m);
    }
    return m.get(c) ?? [];
  }

  /** One entry under a block whose dependency is pd: its dependency, its properties' visibility. */
  private finalizeEntry(c: MenuNode, pd: Expr | null): void {
    const basedep = and(pd, rewriteM(c.depWritten, this.mod, this.modules));
    c.dep = basedep;
    for (const p of this.propsOf(c)) {
      if (p.menu !== c) continue;
      p.visible = and(basedep, rewriteM(p.cond, this.mod, this.modules));
      if (this.transBool && c.sym && c.sym.type !== 'tristate') p.visible = transBool(p.visible);
      if ((p.kind === 'select' || p.kind === 'imply') && p.target && c.sym) {
        const term: Expr = p.visible ? { k: 'and', l: leaf(c.sym), r: p.visible } : leaf(c.sym);
        if (p.kind === 'select') {
          addPart(this.rev, p.target, term);
          p.target.selectedBy = append(p.target.selectedBy, p);
        } else {
          addPart(this.imp, p.target, term);
          p.target.impliedBy = append(p.target.impliedBy, p);
        }
      }
    }
  }

  /** LEGACY: an untyped choice takes its first typed member's type; untyped members take the choice's. */
  private legacyChoiceType(parent: MenuNode, sym: KSymbol): void {
    if (sym.type === 'unknown') {
      for (const c of parent.children)
        if (c.sym && c.sym.type !== 'unknown') {
          sym.type = c.sym.type;
          break;
        }
    }
    for (const c of parent.children) if (c.sym && c.sym.type === 'unknown') c.sym.type = sym.type;
  }

  /** LEGACY: the members of a choice (entries nested under a member left out); bool ones of a tristate choice. */
  private legacyChoiceMembers(parent: MenuNode, sym: KSymbol): void {
    const members: MenuNode[] = [];
    const nested = nestedUnderMembers(parent);
    const collect = (n: MenuNode): void => {
      for (const c of n.children) {
        if (nested.has(c)) continue;
        if (c.kind === 'if' || (c.sym === null && c.kind !== 'comment')) collect(c);
        else if (c.sym) members.push(c);
      }
    };
    collect(parent);
    for (const c of members) {
      const ms = c.sym!;
      if (!ms.choice) {
        ms.choice = sym;
        sym.choiceMembers!.push(ms);
      }
      if (sym.type === 'tristate' && ms.type !== 'tristate') {
        const base: Expr = { k: 'cmp', op: '=', l: sym, r: this.yes };
        c.dep = and(base, c.dep);
        for (const p of this.propsOf(c)) if (p.menu === c) p.visible = and(base, p.visible);
      }
    }
  }
}

/** conf's expr_trans_bool (ParseOptions.transBool): `X != n` with X tristate becomes `X`, under and/or/not. */
function transBool(e: Expr | null): Expr | null {
  if (!e) return e;
  switch (e.k) {
    case 'not': {
      const x = transBool(e.e)!;
      return x === e.e ? e : { k: 'not', e: x };
    }
    case 'and':
    case 'or': {
      const l = transBool(e.l)!;
      const r = transBool(e.r)!;
      return l === e.l && r === e.r ? e : { k: e.k, l, r };
    }
    case 'cmp':
      // the constant n (any spelling of it is the one symbol n)
      return e.op === '!=' && e.l.type === 'tristate' && e.r.isConst && e.r.name === 'n' ? leaf(e.l) : e;
    default:
      return e;
  }
}

/** `m` in a dependency means `m && MODULES`. */
function rewriteM(e: Expr | null, mod: KSymbol, modules: KSymbol): Expr | null {
  if (!e) return e;
  switch (e.k) {
    case 'not': {
      const x = rewriteM(e.e, mod, modules)!;
      return x === e.e ? e : { k: 'not', e: x };
    }
    case 'and':
    case 'or': {
      const l = rewriteM(e.l, mod, modules)!;
      const r = rewriteM(e.r, mod, modules)!;
      return l === e.l && r === e.r ? e : { k: e.k, l, r };
    }
    case 'sym':
      if (e.sym === mod) return { k: 'and', l: e, r: leaf(modules) };
      return e;
    default:
      return e;
  }
}

/**
 * Entries of a LEGACY choice (see KconfigSemantics) that menu_finalize moves under a preceding entry
 * because their prompt's (or, promptless, their) dependency depends on it: those are no choice
 * values (3.1's USB gadget choice: USB_ETH_RNDIS `depends on USB_ETH` right after USB_ETH).
 * The kernel's second test (dependency equal to the entry's after dropping common terms) is
 * left out: such entries stay members here.
 */
function nestedUnderMembers(choice: MenuNode): Set<MenuNode> {
  const nested = new Set<MenuNode>();
  // the entry's prompt (or, promptless, its) dependency as menu_finalize has it then (entries
  // of `if` blocks are not finalized yet when the choice is, so it is built here)
  const depOf = (m: MenuNode, parentDep: Expr | null): Expr | null => {
    const base = and(parentDep, m.depWritten);
    return m.prompt ? and(base, m.prompt.cond) : base;
  };
  // returns the index of the last sibling moved under list[i] (itself when none)
  const absorb = (list: MenuNode[], i: number, parentDep: Expr | null): number => {
    const s = list[i].sym;
    if (!s || list[i].children.length) return i;
    let j = i + 1;
    while (j < list.length) {
      const m = list[j];
      const dep = depOf(m, parentDep);
      if (!exprContains(dep, s) || !exprDependsOn(dep, s)) break;
      nested.add(m);
      j = absorb(list, j, parentDep) + 1;
    }
    return j - 1;
  };
  const walk = (n: MenuNode, parentDep: Expr | null): void => {
    for (let i = 0; i < n.children.length; i++) i = absorb(n.children, i, parentDep);
    for (const c of n.children) {
      if (!nested.has(c) && (c.kind === 'if' || (c.sym === null && c.kind !== 'comment')))
        walk(c, and(parentDep, c.depWritten));
    }
  };
  walk(choice, leaf(choice.sym!));
  return nested;
}

/**
 * The parts of a symbol's OR, joined when finalization ends: a single part as it is, a list from
 * the second on (most symbols have one: a list each is ~1 MB more on a kernel tree while it lasts).
 */
type Parts<K> = Map<K, Expr | Expr[]>;

function addPart<K>(m: Parts<K>, k: K, v: Expr): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, v);
  else if (Array.isArray(l)) l.push(v);
  else m.set(k, [l, v]);
}

function joined(k: 'and' | 'or', p: Expr | Expr[]): Expr | null {
  return Array.isArray(p) ? joinAll(k, p) : p;
}

function pushPart<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
