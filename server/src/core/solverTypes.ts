// Plain data of the solver's features (kernel configurations with a Kconfig tree): code actions
// whose edits are worked out only when chosen, and the configurator view's menus and edits.
import type { TextEdit } from './types';

/**
 * A code action offered cheaply; its edits are computed when the user picks it (`resolveAction`).
 * `data` goes back to the mode unchanged.
 */
export interface LazyAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  preferred?: boolean;
  data: SolverActionData;
}

export type SolverActionData = { k: 'role'; role: string } | { k: 'enable'; name: string; values: string[] };

/** The edits of a chosen action, and what to tell the user when it cannot be done (no edits). */
export interface ResolvedAction {
  edits: TextEdit[];
  message?: string;
}

export interface ConfigMenuRequest {
  /** A node id from an earlier answer; absent: the top level. */
  parent?: string;
  /** 'xen': the symbols of the Xen menus and the role's requirements, as one flat list. */
  filter?: 'xen';
  /** Symbols whose name or prompt contains this (case-insensitive), as one flat list. */
  query?: string;
}

export interface ConfigMenuItem {
  id: string;
  kind: 'menu' | 'symbol' | 'choice';
  /** The prompt, or the symbol name when it has none. */
  label: string;
  /** The symbol, without CONFIG_. */
  name?: string;
  type?: string;
  /** What olddefconfig gives it with the document as it is. */
  value?: string;
  /** Its prompt is shown (its dependencies hold): setting it needs nothing else. */
  visible?: boolean;
  /** The values it can take (bool: y n; tristate: y m n); absent for int/hex/string. */
  choices?: string[];
  hasChildren: boolean;
  /** The help text of the tree, and where it is defined. */
  tooltip?: string;
}

export interface ConfigMenuAnswer {
  /** "Linux 6.1.0 x86_64", for the view's title. */
  tree: string;
  role?: string;
  items: ConfigMenuItem[];
  /** More matched than were sent. */
  truncated?: boolean;
}

export interface ConfigSetRequest {
  name: string;
  value: string;
}

export interface ConfigSetAnswer {
  ok: boolean;
  edits: TextEdit[];
  /** In plain words: what was added, or why it cannot be done. */
  message: string;
}
