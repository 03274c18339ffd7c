// Inlay hints for kernel configurations: a few words at the end of a line where the bundled
// knowledge says something the line does not (renamed, removed, added later, computed). Sparse on
// purpose: nothing for the ordinary symbols that are simply present.
import type { InlayHint, Range } from '../core/types';
import type { ConfigAssignment, ParsedConfig } from './configParse';
import { availability, describeFate, describeTarget, hasPrompt, type Target } from './knowledge';

function hintFor(a: ConfigAssignment, t: Target, full: boolean): { label: string; tooltip: string } | undefined {
  const av = availability(a.name, t);
  const target = describeTarget(t);
  if (av.state === 'absent') {
    const f = av.fate;
    const when = f?.version ? ` in ${f.version}` : f?.before ? ` before ${f.before}` : '';
    if (f?.kind === 'renamed')
      return { label: `→ renamed: ${f.to}`, tooltip: `CONFIG_${a.name} was ${describeFate(f)} — ${target}.` };
    if (f?.kind === 'replaced')
      return { label: `→ replaced by ${f.by}`, tooltip: `CONFIG_${a.name} was ${describeFate(f)} — ${target}.` };
    if (f?.kind === 'removed')
      return { label: `→ removed${when}`, tooltip: `CONFIG_${a.name} was ${describeFate(f)} — ${target}.` };
    if (av.addedIn)
      return {
        label: av.addedAfter ? `→ added after ${av.addedAfter}` : `→ added in ${av.addedIn}`,
        tooltip: `CONFIG_${a.name} does not exist yet for ${target}: it was added ${av.addedAfter ? `after ${av.addedAfter}, by ${av.addedIn}` : `in ${av.addedIn}`}.`,
      };
    if (av.otherArchOnly)
      return { label: `→ ${t.arch === 'x86_64' ? 'arm64' : 'x86_64'} only`, tooltip: `${av.why} — ${target}.` };
    return undefined;
  }
  if (!full && !a.notSet && av.state === 'present' && hasPrompt(a.name, t) === false) {
    return {
      label: '(no prompt: computed)',
      tooltip: `CONFIG_${a.name} has no prompt for ${target}: the kernel's tools compute its value and ignore what this line sets.`,
    };
  }
  return undefined;
}

/** First index whose line is >= `line` (assignments are in line order). */
function firstAtOrAfter(list: ConfigAssignment[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function configInlayHints(
  cfg: ParsedConfig,
  t: Target,
  full: boolean,
  within: Range,
  lineEnd: (line: number) => number,
  isCancelled: () => boolean,
): InlayHint[] {
  const out: InlayHint[] = [];
  const list = cfg.assignments;
  for (let i = firstAtOrAfter(list, within.start.line); i < list.length && list[i].line <= within.end.line; i++) {
    if ((i & 255) === 0 && isCancelled()) break;
    const a = list[i];
    const h = hintFor(a, t, full);
    if (h) out.push({ position: { line: a.line, character: a.notSet ? lineEnd(a.line) : a.valueEnd }, ...h });
  }
  return out;
}
