// Completion on a Linux command line: parameter names known for the targeted version and
// architecture (our common and Xen parameters first), and values after `name=` from our value
// lists or the documented `Format: { a | b }` choices.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { CompletionItem } from '../core/types';
import { segmentRange } from '../cmdline/segment';
import { splitWords, wordAt } from '../cmdline/words';
import { allCurated, curated } from './curated';
import { KNOWN_TABLES, normName, releaseTable, tablesFor } from './tables';
import { fmt, inHistory, resolveTarget, type Target } from './version';

/**
 * Whether completion may offer the parameter `norm` (a folded name) for the target: its release's
 * source registers it (between two derived releases: both do). A name the newest source does not
 * register either (read by init, or made by a macro) is not judged here; one the newest registers
 * and the target's does not is left out, so a Linux 3.1 line is not offered 6.x module parameters.
 * (Only the target's and the newest table are read: completion does not load every release.)
 */
function registeredForTarget(norm: string, t: Target): boolean {
  const around = tablesFor(t.version).around;
  if (around.length > 0 && around.every((v) => releaseTable(v).byName.has(norm))) return true;
  return !releaseTable(KNOWN_TABLES[KNOWN_TABLES.length - 1]).byName.has(norm);
}

function docChoices(format: string | undefined): string[] {
  const m = /^\{\s*(.+?)\s*\}$/.exec(format?.trim() ?? '');
  if (!m) return [];
  return m[1].split(/\s*[|,]\s*/).filter((x) => /^[A-Za-z0-9_.-]+$/.test(x));
}

export function linuxComplete(seg: CmdlineSegment, offset: number, ctx: CmdlineContext): CompletionItem[] {
  const t = resolveTarget(seg, ctx);
  const arch = ctx.settings.arch;
  const w = wordAt(splitWords(seg.text), offset);
  if (w && seg.image && w.start === seg.image.start) return [];
  if (w && w.value !== undefined && offset > w.nameEnd) {
    const cur = curated(w.name);
    const facts = t.table.byName.get(normName(w.name));
    const range = segmentRange(seg, w.valueStart ?? w.nameEnd + 1, w.valueEnd ?? w.end);
    const items: CompletionItem[] = [];
    const seen = new Set<string>();
    for (const [val, doc] of Object.entries(cur?.values ?? {})) {
      const vh = cur?.valueHistory?.[val];
      if (vh && !inHistory(t.version, vh.since, vh.until)) continue;
      seen.add(val);
      items.push({ label: val, kind: 'value', documentation: doc, range, sortText: `0${val}` });
    }
    for (const d of facts?.docs ?? [])
      for (const c of docChoices(d.format)) {
        if (seen.has(c)) continue;
        seen.add(c);
        items.push({
          label: c,
          kind: 'value',
          detail: `from kernel-parameters.txt (${t.table.docRelease ?? t.table.release})`,
          range,
          sortText: `1${c}`,
        });
      }
    const type = facts?.defs[0]?.type;
    if (!items.length && type && /bool/.test(type))
      for (const b of ['1', '0']) items.push({ label: b, kind: 'value', range });
    return items;
  }
  const prefix = w ? seg.text.slice(w.start, Math.min(offset, w.end)) : '';
  const range = w ? segmentRange(seg, w.start, w.nameEnd) : undefined;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const np = normName(prefix);
  for (const c of allCurated()) {
    seen.add(normName(c.key));
    if (c.notAParameter || c.key.endsWith('*')) continue;
    if (c.arch && !c.arch.includes(arch)) continue;
    if (c.history.length && !c.history.some((h) => inHistory(t.version, h.since, h.until))) continue;
    if (np && !normName(c.key).startsWith(np)) continue;
    if (!c.history.length && !registeredForTarget(normName(c.key), t)) continue;
    const takes = !['flag', 'none'].includes(c.check) && !c.optionalValue;
    items.push({
      label: c.key,
      kind: 'property',
      detail: c.group === 'xen' ? 'Linux · Xen' : c.group === 'init' ? `for ${c.reader}` : 'Linux',
      documentation: c.summary,
      insertText: takes ? `${c.key}=` : c.key,
      range,
      sortText: `0${c.key}`,
      deprecated: !!c.successor,
    });
  }
  const showModules = prefix.includes('.') || np.length >= 3;
  // Between two derived releases the table knows what either registers; offer what both do.
  const both = t.exact ? [] : tablesFor(t.version).around.map((v) => releaseTable(v));
  for (const [key, f] of t.table.byName) {
    if (seen.has(key)) continue;
    if (np && !key.startsWith(np)) continue;
    if (both.length > 1 && !both.every((x) => x.byName.has(key))) continue;
    const defs = f.defs.filter((d) => d.arches.includes(arch));
    if (!defs.length && !f.boot.length) continue;
    if (!showModules && defs.every((d) => d.kind === 'module')) continue;
    const d = defs[0];
    const doc = f.docs[0];
    const takes = doc
      ? doc.takesValue
      : d
        ? d.raw.endsWith('=') || ((d.kind === 'module' || d.kind === 'core') && !/bool|flag/.test(d.type ?? ''))
        : false;
    items.push({
      label: f.name,
      kind: 'property',
      detail: `Linux ${t.exact ? t.table.release : `${t.tableVersion} (checked in place of ${fmt(t.version)})`}${d ? ` · ${d.file}` : ''}`,
      insertText: takes ? `${f.name}=` : f.name,
      range,
      sortText: `1${f.name}`,
      deprecated: f.docs.some((x) => x.deprecated),
    });
    if (items.length > 2000) break;
  }
  return items;
}
