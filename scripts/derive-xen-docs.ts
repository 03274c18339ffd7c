// Derives per-release-series syntax and default facts for Xen boot parameters from upstream's
// xen-command-line document (server/data/xen/doc-syntax.json). Only the terse grammar lines
// (`= List of ( min:<size> | … )`), the `Default:` values, the section heading and its anchor are
// taken; none of upstream's prose is copied.
//
//   node --import tsx scripts/derive-xen-docs.ts --docs <dir of xen-command-line-<ver>.md>
//   node --import tsx scripts/derive-xen-docs.ts --git <xen.git>   # docs/misc/xen-command-line.* at the newest tag of each series
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, jsonOnePerLine } from './xen-derive-common';

export interface DocSection {
  names: string[];
  heading: string;
  note?: string;
  anchor: string;
  syntax?: string;
  default?: string;
  subOptions: string[];
  values: Record<string, string[]>;
}

/** Expands `a{b,c}d` shell-style, nested braces included. */
export function expandBraces(s: string): string[] {
  const open = s.indexOf('{');
  if (open < 0) return [s];
  let depth = 0;
  let close = -1;
  const cuts: number[] = [];
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (s[i] === ',' && depth === 1) cuts.push(i);
  }
  if (close < 0) return [s];
  const parts: string[] = [];
  let from = open + 1;
  for (const c of [...cuts, close]) {
    parts.push(s.slice(from, c));
    from = c + 1;
  }
  const out: string[] = [];
  for (const p of parts) for (const e of expandBraces(s.slice(0, open) + p + s.slice(close + 1))) out.push(e);
  return out;
}

/** pandoc's automatic identifier for a heading text. */
export function pandocAnchor(text: string): string {
  const t = text
    .replace(/\\(.)/g, '$1')
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_\-.\s]/g, '')
    .trim()
    .replace(/\s+/g, '-');
  return t.replace(/^[^a-z]+/, '');
}

export function headingNames(heading: string): { names: string[]; note?: string } {
  let h = heading.replace(/\\(.)/g, '$1').trim();
  let note: string | undefined;
  const m = /\s*\(([^)]*)\)\s*$/.exec(h);
  if (m) {
    note = m[1];
    h = h.slice(0, m.index).trim();
  }
  h = h.replace(/\[`?<[^>]*>`?\]/g, '[');
  // "cpuid_mask_ ecx,edx,…" (4.2-era) lists suffixes after a prefix.
  const pre = /^([a-z0-9_]+_) (.*)$/.exec(h);
  if (pre) h = `${pre[1]}{${pre[2]}}`;
  const names = expandBraces(h.includes('{') ? h : h.includes(',') ? `{${h}}` : h)
    .map((s) => s.trim())
    .filter(Boolean);
  return { names, note };
}

const NOT_OPTIONS = new Set([
  'list',
  'of',
  'boolean',
  'bool',
  'integer',
  'size',
  'string',
  'and',
  'or',
  'x86',
  'arm',
  'only',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
]);

/** Splits at top-level separators (outside `{…}`). */
function splitTop(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth === 0 && seps.includes(ch)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const WORD = /^[A-Za-z][A-Za-z0-9_.\-]*[=:]?$/;

/**
 * Sub-option words of a grammar line, `name=`/`name:` when they take a value, and the literal
 * values named after such an `=` (`bti-thunk=retpoline|lfence|jmp`).
 */
export function subOptionsOf(syntax: string): { subOptions: string[]; values: Record<string, string[]> } {
  const s = syntax
    .replace(/^=\s*/, '')
    .replace(/\s+or\s+=\s*/g, ' , ')
    .replace(/<[^>]*>/g, '');
  const subs = new Set<string>();
  const values: Record<string, string[]> = {};
  for (const item of splitTop(s, ', []()')) {
    const alts = splitTop(item, '|');
    const first = alts[0] ?? '';
    const eq = /^(.*?[^=:])([=:])(.*)$/.exec(first);
    if (eq && !eq[1].includes('=')) {
      const vals = [eq[3], ...alts.slice(1)]
        .flatMap(expandBraces)
        .filter((v) => WORD.test(v) && !NOT_OPTIONS.has(v.toLowerCase()));
      for (const n of expandBraces(eq[1])) {
        if (!WORD.test(n) || NOT_OPTIONS.has(n.toLowerCase()) || n.length < 2) continue;
        subs.add(n + eq[2]);
        if (vals.length) values[n] = [...new Set([...(values[n] ?? []), ...vals])];
      }
      continue;
    }
    for (const a of alts)
      for (const w of expandBraces(a)) {
        if (WORD.test(w) && !NOT_OPTIONS.has(w.replace(/[=:]$/, '').toLowerCase()) && w.length >= 2) subs.add(w);
      }
  }
  return { subOptions: [...subs], values };
}

export function parseDoc(md: string): DocSection[] {
  const lines = md.split('\n');
  const out: DocSection[] = [];
  let inDetails = false;
  // Headings directly followed by another heading share the next section ("### com1", "### com2").
  let pending: Array<{ names: string[]; note?: string; heading: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^## Parameter details/.test(lines[i])) inDetails = true;
    const hm = /^### (.+)$/.exec(lines[i]);
    if (!hm || !inDetails) continue;
    const { names, note } = headingNames(hm[1]);
    const syntax: string[] = [];
    let def: string | undefined;
    let body = false;
    let j = i + 1;
    for (; j < lines.length && !/^#{2,3} /.test(lines[j]); j++) {
      if (lines[j].trim()) body = true;
      // Grammar: "> `= …`" quote lines (possibly continued on further "> " lines), or a 4-space indented block starting with "=".
      if (/^> ?`=/.test(lines[j])) {
        let text = lines[j].replace(/^> ?`/, '');
        while (!text.includes('`') && j + 1 < lines.length && /^>/.test(lines[j + 1]))
          text += ' ' + lines[++j].replace(/^>\s*/, '');
        syntax.push(text.replace(/`.*$/, '').replace(/\s+/g, ' ').trim());
        continue;
      }
      if (syntax.length === 0 && /^ {4}=/.test(lines[j])) {
        let k = j;
        const block: string[] = [];
        while (k < lines.length && /^ {4,}\S/.test(lines[k])) block.push(lines[k++].trim());
        syntax.push(block.join(' ').replace(/\s+/g, ' '));
        j = k - 1;
        continue;
      }
      const d = /^>?\s*Default\s*(\([^)]*\))?\s*:\s*(.*)$/.exec(lines[j]);
      if (d && (def === undefined || d[1])) {
        const v = d[2].trim();
        const val = (v.length <= 60 ? v : (v.match(/`[^`]+`/g) ?? []).join(', ')).replace(/`/g, '');
        def =
          def === undefined
            ? d[1]
              ? `${d[1].slice(1, -1)}: ${val}`
              : val
            : `${def}; ${d[1] ? `${d[1].slice(1, -1)}: ` : ''}${val}`;
      }
    }
    if (!body) {
      pending.push({ names, note, heading: hm[1] });
      continue;
    }
    const { subOptions, values } = subOptionsOf(syntax.join(' or '));
    for (const h of [...pending, { names, note, heading: hm[1] }]) {
      out.push({
        names: h.names,
        heading: h.heading.replace(/\\(.)/g, '$1'),
        note: h.note,
        anchor: pandocAnchor(h.heading),
        syntax: syntax.length ? syntax.join('  or  ') : undefined,
        default: def || undefined,
        subOptions,
        values,
      });
    }
    pending = [];
  }
  return out;
}

function docsFromDir(dir: string): Map<string, { release: string; text: string }> {
  const out = new Map<string, { release: string; text: string }>();
  for (const f of readdirSync(dir)) {
    const m = /^xen-command-line-(\d+\.\d+)\.(\d+)\.md$/.exec(f);
    if (m) out.set(m[1], { release: `${m[1]}.${m[2]}`, text: readFileSync(join(dir, f), 'utf8') });
  }
  return out;
}

function docsFromGit(gitDir: string): Map<string, { release: string; text: string }> {
  const git = (...a: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...a], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const newest = new Map<string, string>();
  for (const t of git('tag', '--list', 'RELEASE-4.*').split('\n')) {
    const m = /^RELEASE-(4\.\d+)\.(\d+)$/.exec(t.trim());
    if (!m) continue;
    const cur = newest.get(m[1]);
    if (!cur || compareVersions(`${m[1]}.${m[2]}`, cur) > 0) newest.set(m[1], `${m[1]}.${m[2]}`);
  }
  const out = new Map<string, { release: string; text: string }>();
  for (const [series, release] of newest) {
    for (const f of [
      'docs/misc/xen-command-line.pandoc',
      'docs/misc/xen-command-line.markdown',
      'docs/misc/xen-command-line.md',
    ]) {
      try {
        out.set(series, { release, text: git('show', `RELEASE-${release}:${f}`) });
        break;
      } catch {
        /* next name */
      }
    }
  }
  return out;
}

function main(argv: string[]): void {
  const di = argv.indexOf('--docs');
  const gi = argv.indexOf('--git');
  const docs = di >= 0 ? docsFromDir(argv[di + 1]) : gi >= 0 ? docsFromGit(argv[gi + 1]) : undefined;
  if (!docs) {
    console.error('usage: derive-xen-docs.ts (--docs <dir> | --git <xen.git>)');
    process.exit(2);
  }
  const seriesList = [...docs.keys()].sort(compareVersions);
  type Entry = {
    series: string[];
    heading: string;
    note?: string;
    anchor: string;
    syntax?: string;
    default?: string;
    subOptions?: string[];
    values?: Record<string, string[]>;
  };
  const params: Record<string, Entry[]> = {};
  for (const series of seriesList) {
    for (const sec of parseDoc(docs.get(series)!.text)) {
      for (const name of sec.names) {
        const list = (params[name] ??= []);
        const last = [...list].reverse().find((e) => e.note === sec.note);
        const same =
          last &&
          last.syntax === sec.syntax &&
          last.default === sec.default &&
          last.note === sec.note &&
          last.anchor === sec.anchor &&
          seriesList.indexOf(last.series[last.series.length - 1]) === seriesList.indexOf(series) - 1;
        if (same) last.series.push(series);
        else
          list.push({
            series: [series],
            heading: sec.heading,
            note: sec.note,
            anchor: sec.anchor,
            syntax: sec.syntax,
            default: sec.default,
            subOptions: sec.subOptions.length ? sec.subOptions : undefined,
            values: Object.keys(sec.values).length ? sec.values : undefined,
          });
      }
    }
  }
  const compact = Object.fromEntries(
    Object.entries(params)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, es]) => [
        n,
        es.map((e) => ({
          series: e.series.length === 1 ? e.series[0] : `${e.series[0]}..${e.series[e.series.length - 1]}`,
          ...(e.note ? { note: e.note } : {}),
          anchor: e.anchor,
          ...(e.syntax ? { syntax: e.syntax } : {}),
          ...(e.default ? { default: e.default } : {}),
          ...(e.subOptions ? { subOptions: e.subOptions } : {}),
          ...(e.values ? { values: e.values } : {}),
        })),
      ]),
  );
  const data = {
    $schema: '../schema/xen-doc-syntax.schema.json',
    origin: `Grammar lines, Default values, headings and anchors of each parameter's section in upstream's docs/misc/xen-command-line document, one document per release series: ${seriesList.map((s) => `${s} from ${docs.get(s)!.release}`).join(', ')}. Derived by scripts/derive-xen-docs.ts; no prose carried over.`,
    series: Object.fromEntries(seriesList.map((s) => [s, docs.get(s)!.release])),
    params: compact,
  };
  const out = join(__dirname, '..', 'server/data/xen/doc-syntax.json');
  writeFileSync(out, jsonOnePerLine(data, ['params']));
  console.log(`${seriesList.length} series, ${Object.keys(compact).length} documented names -> ${out}`);
}

if (require.main === module) main(process.argv.slice(2));
