// The parsed tree made compact once the parse is over (issue 20: the memory a parsed tree holds).
//
// Two things a parse leaves that the tree does not need, both V8 behaviour measured on Debian's 6.1
// tree (heap snapshots after a full collection):
// - a name or prompt cut out of a file's text (13 characters or more) is a view that keeps that
//   whole text alive: ~12,000 of them held 5.3 MB of Kconfig text;
// - a list grown one push at a time keeps room for 16 more entries: 4.3 MB of empty room (the parse
//   now keeps lists under 16 entries exact, model.ts append: what is left here is the longer ones).
// What this still gives back, once the parse did its part: 3.2 MB (22.7 -> 19.6 MB held, 45 ms).
import type { MenuNode, Prop } from './model';
import type { ParsedTree } from './parseOptions';

/**
 * Makes `s` a string of its own: a string used as a property name is copied into V8's table of
 * names, and `s` becomes a pointer to that copy, so the text it was cut from can go. Strings
 * shorter than 13 characters are copies already.
 */
function own(names: Record<string, number>, s: string): void {
  if (s.length >= 13) names[s] = 0;
}

/** The same entries in a list of exactly their number (an empty list has no room to give back). */
function exact<T>(a: T[]): T[] {
  return a.length ? a.slice() : a;
}

function compactProp(names: Record<string, number>, p: Prop): void {
  if (p.text !== undefined) own(names, p.text);
  if (p.shown !== undefined) own(names, p.shown);
}

/**
 * Names, prompts and help texts of their own; every list trimmed; without `help`, the help texts
 * dropped (a caller that never shows one). In place; nothing else changes.
 */
export function compactTree(t: ParsedTree, help: boolean): void {
  // (let go at the end: the names in it are the tree's own)
  const names = Object.create(null) as Record<string, number>;
  for (const s of t.allSymbols) {
    own(names, s.name);
    s.props = exact(s.props);
    for (const p of s.props) compactProp(names, p);
    s.menus = exact(s.menus);
    s.selectedBy = exact(s.selectedBy);
    s.impliedBy = exact(s.impliedBy);
    if (s.choiceMembers) s.choiceMembers = exact(s.choiceMembers);
  }
  const stack: MenuNode[] = [t.root];
  for (let m = stack.pop(); m; m = stack.pop()) {
    if (m.prompt) compactProp(names, m.prompt);
    if (m.help !== undefined) {
      if (help) own(names, m.help);
      else m.help = undefined;
    }
    m.children = exact(m.children);
    for (const c of m.children) stack.push(c);
  }
}
