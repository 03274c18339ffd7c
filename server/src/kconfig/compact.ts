// The parsed tree made compact once the parse is over (issue 20: peak memory of a cold run).
//
// Two things a parse leaves that the tree does not need, both V8 behaviour measured on Debian's 6.1
// tree (heap snapshots after a full collection):
// - a name or prompt cut out of a file's text (13 characters or more) is a view that keeps that
//   whole text alive: ~12,000 of them held 5.3 MB of Kconfig text;
// - a list grown one push at a time keeps room for 16 more entries: 4.3 MB of empty room.
import type { MenuNode, Prop } from './model';
import type { ParsedTree } from './parseOptions';

/**
 * `s` as a string of its own: V8 copies a view into the table of property names, and the view then
 * points at that copy, so the text it was cut from can go.
 */
export function own(s: string): string {
  return s.length < 13 ? s : Object.keys({ [s]: 0 })[0]!;
}

/** The same entries in a list of exactly their number (an empty list has no room to give back). */
function exact<T>(a: T[]): T[] {
  return a.length ? a.slice() : a;
}

function compactProp(p: Prop): void {
  if (p.text !== undefined) p.text = own(p.text);
  if (p.shown !== undefined) p.shown = own(p.shown);
}

/**
 * Names, prompts and help texts of their own; every list trimmed; without `help`, the help texts
 * dropped (a caller that never shows one). In place; nothing else changes.
 */
export function compactTree(t: ParsedTree, help: boolean): void {
  for (const s of t.allSymbols) {
    s.name = own(s.name);
    s.props = exact(s.props);
    for (const p of s.props) compactProp(p);
    s.menus = exact(s.menus);
    s.selectedBy = exact(s.selectedBy);
    s.impliedBy = exact(s.impliedBy);
    if (s.choiceMembers) s.choiceMembers = exact(s.choiceMembers);
  }
  const stack: MenuNode[] = [t.root];
  for (let m = stack.pop(); m; m = stack.pop()) {
    if (m.prompt) compactProp(m.prompt);
    if (m.help !== undefined) m.help = help ? own(m.help) : undefined;
    m.children = exact(m.children);
    for (const c of m.children) stack.push(c);
  }
}
