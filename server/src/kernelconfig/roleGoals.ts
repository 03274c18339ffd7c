// A Xen role (dom0, a guest type) as goals for the Kconfig solver (kconfig/solve.ts): each
// requirement of the role that applies to the tree's version and architecture becomes one goal
// ("one of these symbols with one of these values"), limited to the symbols the tree defines.
import type { KconfigTree } from '../kconfig/index';
import type { Goal } from '../kconfig/solve';
import type { Arch } from '../core/types';
import { makeTarget } from './knowledge';
import { normalizeRole, roleRequirements, roleTitle, type XenRole } from './roles';

export interface RoleGoals {
  role: XenRole;
  title: string;
  goals: Goal[];
  /** Recommended requirements, as goals (not part of `goals`). */
  recommended: Goal[];
  /** Requirements left out because the tree defines none of their symbols. */
  absent: string[];
}

/** The goals of a role on a tree, or undefined for an unknown role name. */
export function roleGoals(tree: KconfigTree, roleName: string): RoleGoals | undefined {
  const role = normalizeRole(roleName);
  if (!role) return undefined;
  const target = makeTarget(tree.kernelVersion, tree.arch as Arch, 'the kernel tree');
  const goals: Goal[] = [];
  const recommended: Goal[] = [];
  const absent: string[] = [];
  for (const req of roleRequirements(role, target)) {
    const values = req.values ?? ['y'];
    const names = req.symbols.filter((s) => (tree.symbol(s)?.menus.length ?? 0) > 0);
    if (!names.length) {
      absent.push(`${req.symbols.map((s) => `CONFIG_${s}`).join(' or ')}=${values.join('/')}`);
      continue;
    }
    const label = `${names.map((s) => `CONFIG_${s}`).join(' or ')}=${values.join('/')}`;
    const g: Goal = { anyOf: names.map((name) => ({ name, values: [...values] })), label, why: req.why };
    (req.level === 'required' ? goals : recommended).push(g);
  }
  return { role, title: roleTitle(role), goals, recommended, absent };
}
