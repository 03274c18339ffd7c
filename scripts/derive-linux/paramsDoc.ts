// Facts from Documentation/admin-guide/kernel-parameters.txt: for each documented name, its line,
// its tags ([X86], [KNL], [XEN] …), its value format ("Format:" lines and value shapes written in
// the entry's head), and whether the entry calls itself deprecated or obsoleted by another name.
// No description text is kept.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocEntry {
  name: string;
  /** Whether the head writes the name with `=` (takes a value). */
  takesValue: boolean;
  line: number;
  tags: string[];
  format?: string;
  deprecated?: boolean;
  successor?: string;
}

export const PARAMS_DOC = 'Documentation/admin-guide/kernel-parameters.txt';
/** Where trees before 4.10 keep it (it moved with the admin-guide in 4.10). */
export const OLD_PARAMS_DOC = 'Documentation/kernel-parameters.txt';

/** The tree's kernel-parameters.txt, relative to the tree. */
export function paramsDocOf(tree: string): string {
  return !existsSync(join(tree, PARAMS_DOC)) && existsSync(join(tree, OLD_PARAMS_DOC)) ? OLD_PARAMS_DOC : PARAMS_DOC;
}

export function docEntries(tree: string): DocEntry[] {
  let text: string;
  try {
    text = readFileSync(join(tree, paramsDocOf(tree)), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  const out: DocEntry[] = [];
  let cur: { e: DocEntry; body: string[] } | undefined;
  const finish = () => {
    if (!cur) return;
    const body = cur.body;
    const e = cur.e;
    // Tags: bracket groups of capitals at the start of the head's rest or of the first body line.
    for (const chunk of [body[0] ?? '', body[1] ?? '']) {
      const t = /^\s*((?:\[[A-Za-z0-9_\-=, ]+\]\s*)+)/.exec(chunk);
      if (t) {
        for (const g of t[1].matchAll(/\[([^\]]+)\]/g))
          for (const tag of g[1].split(',')) {
            const x = tag.trim();
            if (x && /^[A-Z0-9_\-= ]+$/i.test(x) && x !== 'Deprecated') e.tags.push(x.toUpperCase());
          }
        if (e.tags.length) break;
      }
    }
    e.tags = [...new Set(e.tags)];
    for (let i = 0; i < body.length; i++) {
      const f = /Format:\s*(.*)$/.exec(body[i]);
      if (f && e.format === undefined) {
        let fmt = f[1].trim();
        let j = i;
        const open = (s: string) => (s.match(/[{[<(]/g)?.length ?? 0) - (s.match(/[}\]>)]/g)?.length ?? 0);
        while (open(fmt) > 0 && j + 1 < body.length && j < i + 4) fmt += ` ${body[++j].trim()}`;
        if (fmt) e.format = fmt.replace(/\s+/g, ' ');
      }
    }
    const all = body.join(' ');
    const s =
      /obsoleted? by (?:the )?"([\w.\-=]+)"/i.exec(all) ??
      /(?:replaced|superseded) by (?:the )?"([\w.\-=]+)"/i.exec(all);
    if (s) e.successor = s[1].replace(/=$/, '');
    // Deprecated: the entry says so of itself ([Deprecated], "This option is deprecated", an
    // obsoleting successor), not when one of its values is.
    if (
      s ||
      /\[deprecated\]/i.test(all) ||
      /\b(?:this|the) (?:option|parameter|boot option|param) (?:is|has been) (?:now )?(?:deprecated|obsolete)/i.test(
        all,
      ) ||
      /^\s*(?:deprecated|obsolete)\b/i.test(body[0] ?? '') ||
      /^\s*\[?(?:deprecated|obsolete)\b/i.test(body[1] ?? '')
    )
      e.deprecated = true;
    out.push(e);
    cur = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const head = /^\t([^\t ][^\t ]*)(.*)$/.exec(l);
    if (head && /^[A-Za-z0-9_<>.\-]/.test(head[1])) {
      finish();
      const token = head[1];
      const eq = token.indexOf('=');
      const name = eq >= 0 ? token.slice(0, eq) : token;
      const e: DocEntry = { name, takesValue: eq >= 0, line: i + 1, tags: [] };
      const inline = eq >= 0 ? token.slice(eq + 1) : '';
      if (inline && /[<\[{|nN]/.test(inline)) e.format = inline;
      cur = { e, body: [head[2], ...[]] };
      continue;
    }
    if (!cur) continue;
    if (/^\S/.test(l) && l.trim() !== '') {
      finish();
      continue;
    }
    cur.body.push(l);
  }
  finish();
  return out.filter((e) => /^[A-Za-z0-9_<>.\-]+$/.test(e.name));
}

/**
 * The documentation facts of a release whose tree has no kernel-parameters.txt, from the files of
 * releases around it (the first list's entries, in its order and with its lines): an entry is
 * kept when every list documents the name ('-' and '_' alike), and of its facts only what every
 * list agrees on — tags all carry, a format written the same, deprecation, the same successor,
 * a value when all write one.
 */
export function commonDocEntries(lists: DocEntry[][]): DocEntry[] {
  if (!lists.length) return [];
  const fold = (n: string) => n.replace(/-/g, '_');
  const byName = lists.slice(1).map((l) => {
    const m = new Map<string, DocEntry[]>();
    for (const e of l) m.set(fold(e.name), [...(m.get(fold(e.name)) ?? []), e]);
    return m;
  });
  const out: DocEntry[] = [];
  for (const e of lists[0]) {
    const others = byName.map((m) => m.get(fold(e.name)));
    if (others.some((o) => !o)) continue;
    const all = others as DocEntry[][];
    const every = (p: (x: DocEntry) => boolean) => all.every((o) => o.some(p));
    const kept: DocEntry = {
      name: e.name,
      takesValue: e.takesValue && every((x) => x.takesValue),
      line: e.line,
      tags: e.tags.filter((t) => every((x) => x.tags.includes(t))),
    };
    if (e.format !== undefined && every((x) => x.format === e.format)) kept.format = e.format;
    if (e.deprecated && every((x) => x.deprecated === true)) kept.deprecated = true;
    if (e.successor !== undefined && every((x) => x.successor === e.successor)) kept.successor = e.successor;
    out.push(kept);
  }
  return out;
}
