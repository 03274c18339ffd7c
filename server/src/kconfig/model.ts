/** Data model of a parsed Kconfig tree. */

/** Tristate value: 0 = n, 1 = m, 2 = y. */
export type Tri = 0 | 1 | 2;
export const triName = (t: Tri): 'n' | 'm' | 'y' => (t === 2 ? 'y' : t === 1 ? 'm' : 'n');

/**
 * NONE, append: the lists of a tree as the parse grows them. Every empty one is the same frozen list
 * (a kernel tree has ~50,000: symbols that select nothing, entries without children), and a short
 * one is copied to its exact length as it grows (pushed on, V8 keeps room for 16 more entries). On
 * Debian's 6.1 tree: −6 MB held by the parsed tree. Code that pushes on the empty list fails at once.
 */
const NONE: readonly never[] = Object.freeze([]);

/** The empty list (see NONE). */
export function none<T>(): T[] {
  return NONE as unknown as T[];
}

/** `list` with `item` at its end: a new list while short (see NONE), else `list` itself. */
export function append<T>(list: T[], item: T): T[] {
  if (list.length < 16) return list.concat([item]);
  list.push(item);
  return list;
}

export type SymType = 'unknown' | 'bool' | 'tristate' | 'int' | 'hex' | 'string';
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface Loc {
  file: string;
  line: number;
}

export type Expr =
  | { k: 'sym'; sym: KSymbol }
  | { k: 'not'; e: Expr }
  | { k: 'and'; l: Expr; r: Expr }
  | { k: 'or'; l: Expr; r: Expr }
  | { k: 'cmp'; op: CmpOp; l: KSymbol; r: KSymbol };

export type PropKind = 'prompt' | 'menu' | 'comment' | 'default' | 'select' | 'imply' | 'range';

/** A property or a menu entry is its own location (`file`, `line`): no object apart for it. */
export interface Prop extends Loc {
  kind: PropKind;
  /** default: the value expression; select/imply: the target symbol; range: low/high. */
  expr: Expr | null;
  target?: KSymbol;
  range?: [KSymbol, KSymbol];
  /** Prompt text for prompt/menu/comment. */
  text?: string;
  /**
   * The prompt as written when it holds `$(...)` references (left unexpanded): what an editor
   * shows, so no environment variable's value reaches a hover or a completion.
   */
  shown?: string;
  /** The `if` condition as written (null: none). */
  cond: Expr | null;
  /** Condition after menu finalization: cond && all enclosing dependencies. */
  visible: Expr | null;
  menu: MenuNode;
  /** The property's text depended on a `$(shell,...)` whose result is unknown. */
  shellUnknown?: boolean;
}

export type MenuKind = 'root' | 'config' | 'menuconfig' | 'choice' | 'menu' | 'comment' | 'if';

export interface MenuNode extends Loc {
  kind: MenuKind;
  sym: KSymbol | null;
  prompt: Prop | null;
  /** `depends on` as written (AND of all of them), or the `if` condition. */
  depWritten: Expr | null;
  /** After finalization: own deps && parent deps. */
  dep: Expr | null;
  /** `visible if` of a menu. */
  visibility: Expr | null;
  parent: MenuNode | null;
  children: MenuNode[];
  help?: string;
  /** End of the block (endmenu/endif/endchoice), for block nodes. */
  endLoc?: Loc;
  shellUnknown?: boolean;
}

export interface KSymbol {
  name: string;
  /** Quoted constant or one of y/m/n. */
  isConst: boolean;
  type: SymType;
  props: Prop[];
  /** Definition locations (config/menuconfig/choice entries). */
  menus: MenuNode[];
  dirDep: Expr | null;
  revDep: Expr | null;
  implied: Expr | null;
  /** This is a choice (anonymous or named choice symbol). */
  isChoice: boolean;
  /** `optional` choice (old kernels). */
  optional: boolean;
  /** For choices: the members in definition order. */
  choiceMembers?: KSymbol[];
  /** For choice members: the choice. */
  choice?: KSymbol;
  /** For choices: the choice menu node. */
  choiceMenu?: MenuNode;
  /** Symbols that select / imply this one (with the property). */
  selectedBy: Prop[];
  impliedBy: Prop[];
  /** Old syntax `option env="VAR"`: value comes from the environment. */
  envVar?: string;
  defconfigList?: boolean;
  /** Never written to .config (`option env` symbols; the defconfig_list symbol from 4.17). */
  noWrite?: boolean;
  allnoconfigY?: boolean;
  /** `transitional` (newer kernels): read from old configs, never written. */
  transitional?: boolean;
  /** Dense index for the evaluator's arrays. */
  id: number;
}

export interface KconfigError {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}
