// The role report with a kernel tree: a requirement that olddefconfig meets (a default, a select)
// counts as met, written or not — the same verdict the editor's role warnings give.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModeContext } from '../core/mode';
import { treeFor } from './kernelTree';
import { treeResolved } from './treeConfig';
import { requirementHolds } from './codeActions';
import type { RoleReport } from './roles';

let reportSeq = 0;

/**
 * `rep` re-judged after olddefconfig when the tree `ctx` names is loaded; `rep` itself otherwise.
 * With the editor's open `doc` (of `text`), its kept session answers, so nothing is evaluated again.
 */
export function roleReportAfterOlddefconfig(
  rep: RoleReport,
  text: string,
  ctx: ModeContext,
  doc?: TextDocument,
): RoleReport {
  const st = treeFor(ctx.settings, ctx.fs);
  if (st?.state !== 'ready') return rep;
  const tree = st.tree;
  // a document of its own, forgotten at once, so no editor document's cached session is touched
  const own = doc && doc.getText() === text ? doc : undefined;
  const uri = own ? own.uri : `xen-config-role-report:${++reportSeq}`;
  try {
    const res = treeResolved(own ?? TextDocument.create(uri, 'kernel-config', 1, text), tree, ctx.caches);
    if (!res) return rep;
    const rows = rep.rows.map((r) =>
      r.status === 'FAIL' && requirementHolds(tree, res, r.requirement)
        ? { ...r, status: 'OK' as const, fix: undefined, line: undefined, why: metByTree(r.requirement, r.why) }
        : r,
    );
    return { ...rep, rows, ok: rows.every((x) => x.status === 'OK' || x.level !== 'required') };
  } finally {
    if (!own) ctx.caches.forget(uri);
  }
}

/** The reason of a row that only olddefconfig meets: said as such, with the requirement's own reason kept. */
function metByTree(requirement: string, why: string): string {
  const names = requirement.replace(/=[^=]*$/, '');
  const reason = why.includes(': ') ? why.slice(why.indexOf(': ') + 2) : why;
  return `${names} is not switched on in this file, but olddefconfig with this kernel tree turns it on: ${reason}`;
}
