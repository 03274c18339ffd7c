// Derives server/data/xl/xl-cfg-keys.json (or, with --conf, xl-conf-keys.json) from the xl manuals.
//
//   node --import tsx scripts/derive-xl-cfg.ts DIR [--conf] [--out FILE]
//   node --import tsx scripts/derive-xl-cfg.ts --git XEN_GIT_DIR [--conf] [--out FILE]
//
// DIR holds `xl.cfg-<version>.pod` files (or `xl.conf-<version>.pod` with --conf), one per release
// series; it may instead be a Xen checkout, whose docs/man/xl.cfg.5.pod.in (xl.conf.5.pod.in) is
// read as the release named in xen/Makefile. With --git, the manual of the newest RELEASE-4.x.y tag
// of every series from 4.2 on is read straight from a clone of xen-project/xen (this is how the
// shipped xl-conf-keys.json and xl-cfg-keys.json were made). Only facts are kept: option names, value kinds,
// literal values, the manual section (which says the guest types), architecture, the releases each
// appears in, deprecation markers and the source line. No manual prose is copied.
//
// With --git (domain configurations only), xl's own parser at the same tag is read too:
// tools/xl/xl_parse.c (tools/libxl/xl_cmdimpl.c before 4.9). Every key it asks libxlutil for
// (xlu_cfg_get_string, _long, _list, … with a literal name, and names pasted by a macro such as
// "device_model_args"#type) is recorded per release as `read`, because xl reads some keys its
// manual no longer lists (opengl in 4.21+) and the manual is not the program. Keys read but in no
// manual go to `sourceOnly`. The cpupool configuration reader that shared xl_cmdimpl.c is left out.
// A key xl asks for only to print that it ignores it (`if (!xlu_cfg_get_long(config, "vncviewer", …))`
// followed by nothing but a "WARNING: ignoring …" or "… not supported …" message) is recorded per
// release as `ignored` as well: that release's xl does not act on it.
// A key only one architecture's toolstack uses is recorded as `parserArch` (x86 or arm): xl stores its
// value in b_info->arch_arm / arch_x86, or in a field that libxl uses only in libxl_arm*.c or
// libxl_x86*.c at the same tag (device_tree). It must be the same in every release that tells one.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { boldChunks, plain, readPod, walk, type PodItem } from './xl-pod';

type Kind = 'string' | 'number' | 'boolean' | 'list';
type Guest = 'pv' | 'pvh' | 'hvm';

interface ValueFact {
  releases: string[];
  guests?: Guest[];
  deprecated?: boolean;
  removed?: boolean;
  removedSince?: string;
  isDefault?: boolean;
}
interface FieldFact {
  types: Kind[];
  placeholder: string;
  values?: string[];
  line: number;
}
interface KeyFact {
  read?: string;
  types: Kind[];
  placeholder: string;
  section: string;
  guests: Guest[];
  arch?: 'x86' | 'arm';
  releases: string[];
  default?: string;
  deprecated?: boolean;
  successor?: string;
  deprecatedForms?: Array<'number' | 'string'>;
  values?: Record<string, ValueFact>;
  fields?: Record<string, FieldFact>;
  origin: string;
}

const NUMERIC = new Set([
  'N',
  'M',
  'NUMBER',
  'MBYTES',
  'KBYTES',
  'SECONDS',
  'WEIGHT',
  'DISPLAYNUM',
  'NR_SPIS',
  'PORTS',
  'VERSION',
  'MULTI_TOUCH_WIDTH',
  'MULTI_TOUCH_HEIGHT',
  'MULTI_TOUCH_NUM_CONTACTS',
  'WIDTH',
  'HEIGHT',
  'PORT',
  'CONTROLLER',
]);
const WORD = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Lower-case placeholders the manual writes in quotes (sve="vl"), not literal values. */
const PLACEHOLDER_WORDS = new Set(['vl', 'uart']);
const ALL: Guest[] = ['pv', 'pvh', 'hvm'];
/** Names that look like options at the outer level only because a manual misses an =over (vsnd's fields in 4.12+). */
const NOT_KEYS = new Set(['backend']);

function kindsOf(ph: string): { types: Kind[]; literals: string[] } {
  const types = new Set<Kind>();
  const literals: string[] = [];
  const p = ph.trim();
  if (p.startsWith('[')) return { types: ['list'], literals };
  for (const raw of p.split('|')) {
    const alt = raw.trim();
    const q = /^["']([^"']*)["']?$/.exec(alt) ?? /^["']?([^"']*)["']$/.exec(alt);
    const inner = q ? q[1] : alt;
    if (alt === 'BOOLEAN') types.add('boolean');
    else if (!q && NUMERIC.has(alt)) types.add('number');
    else if (/^[a-z0-9][a-z0-9_.-]*$/.test(inner) && !PLACEHOLDER_WORDS.has(inner) && (q || ph.includes('|'))) {
      types.add('string');
      literals.push(inner);
    } else types.add('string');
  }
  return { types: [...types], literals };
}

function guestsOf(h: string[]): Guest[] {
  const all = h.join(' / ');
  if (/Paravirtualised \(PV\)/.test(h[1]) || /^PV guest options/.test(h[3])) return ['pv'];
  if (/Fully-virtualised \(HVM\)/.test(h[1]) || /HVM Specific/.test(h[2]) || /^HVM guest options/.test(h[3]))
    return ['hvm'];
  if (/^PVH Guest/.test(h[1]) || /^PVH guest options/.test(h[3])) return ['pvh'];
  void all;
  return ALL;
}

function archOf(h: string[], body: string): 'x86' | 'arm' | undefined {
  if (/Architecture Specific/i.test(h[1])) return /^ARM/i.test(h[2]) ? 'arm' : /x86/i.test(h[2]) ? 'x86' : undefined;
  const t = plain(body).slice(0, 40);
  if (/^\(x86 only\)/i.test(t)) return 'x86';
  if (/^\(ARM only\)/i.test(t)) return 'arm';
  return undefined;
}

function defaultOf(body: string): string | undefined {
  const t = plain(body.replace(/[BC]<([\w.:/-]+)>/g, '"$1"'));
  const paren = /\bdefault is \((\d+)\)/i.exec(t);
  if (paren) return paren[1];
  const colon = /^Default: "([^"@\s]+)"/m.exec(
    plain(body.replace(/[BC]<([\w.:/-]+)>/g, '"$1"')).replace(/ Default:/g, '\nDefault:'),
  );
  if (colon) return colon[1];
  const m = /\bdefault(?: value)? is\s+(["']?)([A-Za-z0-9_.:/-]+?)\1(?:\s+\((\d+)\))?[\s,.;)]/i.exec(t + ' ');
  if (!m) return undefined;
  const word = m[2];
  // Keep only what reads as a value: a number, true/false, or a quoted literal.
  if (/^(?:0x[0-9a-f]+|\d+)$/i.test(word)) return word;
  if (/^(?:true|false)$/i.test(word)) return m[3] ? m[3] : word.toLowerCase() === 'true' ? '1' : '0';
  if (m[1]) return word;
  return undefined;
}

function leafWord(label: string): string | undefined {
  const chunks = boldChunks(label);
  const text = chunks.length === 1 ? chunks[0].inner : chunks.length === 0 ? label : '';
  const w = text.replace(/^["']|["']$/g, '').trim();
  return WORD.test(w) && !w.includes('=') ? w : undefined;
}

function fieldOf(item: PodItem): [string, FieldFact] | undefined {
  const c = boldChunks(item.label)[0];
  if (!c) return undefined;
  const m = /^([a-z][a-z0-9_-]*)=(.*)$/.exec(c.inner);
  if (!m) return undefined;
  const { types } = kindsOf(m[2]);
  const values = item.children.map((x) => leafWord(x.label)).filter((x): x is string => !!x);
  return [
    m[1],
    {
      types,
      placeholder: m[2],
      values: values.length && values.length === item.children.length ? values : undefined,
      line: item.line,
    },
  ];
}

function factsOf(text: string, file: string): Map<string, KeyFact> {
  const keys = new Map<string, KeyFact>();
  for (const { item, depth } of walk(readPod(text))) {
    if (depth !== 0 || item.headings[0] !== 'OPTIONS') continue;
    for (const chunk of boldChunks(item.label)) {
      const m = /^([a-z][._0-9a-z]*)(?:=(.*))?$/.exec(chunk.inner);
      if (!m) continue;
      const name = m[1];
      if (NOT_KEYS.has(name)) continue;
      const ph = m[2] ?? chunk.after.replace(/^=/, '').replace(/\s+or$/, '');
      if (!ph && m[2] === undefined && !chunk.after.startsWith('=')) continue;
      const { types, literals } = kindsOf(ph);
      const h = item.headings;
      const guests = guestsOf(h);
      const body = item.body;
      const pbody = plain(body);
      let k = keys.get(name);
      if (!k) {
        k = {
          types: [],
          placeholder: ph,
          section: h[3] || h[2] || h[1],
          guests: [],
          releases: [],
          origin: `${file}:${item.line}`,
        };
        keys.set(name, k);
      }
      for (const t of types) if (!k.types.includes(t)) k.types.push(t);
      for (const g of guests) if (!k.guests.includes(g)) k.guests.push(g);
      k.arch ??= archOf(h, body);
      k.default ??= defaultOf(body);
      const aboutOther = /old \S+ option is deprecated/i.test(pbody);
      if (
        /^Deprecated/i.test(h[2]) ||
        (!aboutOther && /(?<!second )option is (?:being |now )?deprecated|deprecated in favou?r/i.test(pbody))
      ) {
        k.deprecated = true;
        const s = /use (?:the option )?["']?([a-z][a-z0-9_]*(?:=["']?[a-z0-9]+["']?)?)["']? instead/i.exec(pbody);
        if (s) k.successor = s[1];
      }
      if (/as a number is deprecated/i.test(pbody))
        k.deprecatedForms = [...new Set([...(k.deprecatedForms ?? []), 'number' as const])];
      if (/second option is deprecated/i.test(pbody))
        k.deprecatedForms = [...new Set([...(k.deprecatedForms ?? []), 'string' as const])];
      // A literal value on the item itself (type="pv", firmware="bios").
      const addValue = (v: string, vb: string, vg: Guest[]) => {
        k!.values ??= {};
        const pv = plain(vb);
        const fact: ValueFact = k!.values[v] ?? { releases: [] };
        if (vg.length < 3) fact.guests = [...new Set([...(fact.guests ?? []), ...vg])];
        if (/\bdeprecated\b/i.test(pv)) fact.deprecated = true;
        if (/has been removed|no longer (?:supported|available)/i.test(pv)) fact.removed = true;
        if (/\bis the default\b|\(default\)|^default\b/i.test(pv) && !/default on (?:Arm|x86)/i.test(pv))
          fact.isDefault = true;
        k!.values[v] = fact;
      };
      if (literals.length && !ph.includes('|')) addValue(literals[0], body, guests);
      for (const l of ph.includes('|') ? literals : []) addValue(l, '', guests);
      // Nested items: a closed list of values, or the fields of a spec string.
      const words = item.children.map((c) => leafWord(c.label));
      if (item.children.length && words.every((w) => w)) {
        item.children.forEach((c, i) => addValue(words[i]!, c.body, ALL));
      } else {
        for (const c of item.children) {
          const f = fieldOf(c);
          if (f) {
            k.fields ??= {};
            k.fields[f[0]] ??= f[1];
          }
        }
      }
    }
  }
  return keys;
}

function releaseOf(file: string): string | undefined {
  const m = /-(\d+\.\d+)(?:\.\d+)?\.pod$/.exec(basename(file));
  return m?.[1];
}

function cmpRel(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** ["4.2","4.3","4.5"] over the known releases → "4.2-4.3,4.5". */
function ranges(rels: string[], all: string[]): string {
  const idx = rels.map((r) => all.indexOf(r)).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < idx.length; i++) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    out.push(i === j ? all[idx[i]] : `${all[idx[i]]}-${all[idx[j]]}`);
    i = j;
  }
  return out.join(',');
}

/** The manual of the newest point release of each series 4.2+ in a Xen git clone. */
const PARSERS = ['tools/xl/xl_parse.c', 'tools/libxl/xl_cmdimpl.c'];

/** Keys xl's domain configuration parser reads, from its C source. */
function keysReadBy(src: string): Set<string> {
  // xl_cmdimpl.c (to 4.8) also holds `xl cpupool-create`, whose configuration is another file.
  const pool = /^int main_cpupoolcreate\(/m.exec(src);
  if (pool) {
    const next = /^int main_\w+\(/m.exec(src.slice(pool.index + 10));
    src = src.slice(0, pool.index) + (next ? src.slice(pool.index + 10 + next.index) : '');
  }
  const keys = new Set<string>();
  const call =
    /xlu_cfg_(?:get_string|replace_string|get_long|get_bounded_long|get_defbool|get_list|get_list_as_string_list|get_value)\s*\(\s*\w+\s*,\s*"([a-z][a-z0-9_.]*)"(\s*#\s*\w+)?/g;
  for (const m of src.matchAll(call)) if (!m[2]) keys.add(m[1]);
  // #define NAME(param) … "prefix"#param …, then NAME(arg) → prefixarg.
  for (const m of src.matchAll(/#define\s+(\w+)\((\w+)\)((?:[^\n]*\\\n)*[^\n]*)/g)) {
    const [, name, param, body] = m;
    for (const p of body.matchAll(new RegExp(`"([a-z][a-z0-9_]*)"\\s*#\\s*${param}\\b`, 'g'))) {
      for (const inv of src.slice(m.index! + m[0].length).matchAll(new RegExp(`\\b${name}\\((\\w*)\\)`, 'g')))
        keys.add(p[1] + inv[1]);
    }
  }
  return keys;
}

/** What xl's parser at one tag does with keys: those it asks for, and those it only warns that it ignores. */
interface Parser {
  file: string;
  keys: Set<string>;
  ignored: Set<string>;
  /** Keys whose value only one architecture's toolstack uses (see keysOfOneArch). */
  arch: Map<string, 'x86' | 'arm'>;
}

/** libxl's per-architecture sources (libxl_arm.c, libxl_arm_acpi.c, libxl_x86.c, libxl_x86_acpi.c). */
const ARCH_FILE = /\/libxl_(arm|x86)[\w]*\.c$/;

/**
 * Keys only one architecture acts on, from xl's parser at one tag and libxl beside it: what xl does
 * with a key is the call that reads it and, when that call is an `if (!xlu_cfg_get_…)` condition, the
 * body it guards. A key stored in `b_info->arch_arm.…` (vuart, gic_version, sve, nr_spis) or
 * `b_info->arch_x86.…` (msr_relaxed) belongs to that architecture; a key stored in a plain field
 * (`b_info->device_tree`) belongs to one when every use of that field in libxl's C sources is in
 * that architecture's own files (libxl_arm.c reads the partial device tree). `fieldUses(fields)`
 * answers, per field name, the libxl files that name it.
 */
function keysOfOneArch(
  src: string,
  keys: Set<string>,
  fieldUses: (fields: string[]) => Map<string, Set<string>>,
): Map<string, 'x86' | 'arm'> {
  const blank = code(src, 0, src.length);
  const sites = new Map<string, string[]>();
  const call = /xlu_cfg_(?:get_\w+|replace_string)\s*\(\s*\w+\s*,\s*"([a-z][a-z0-9_.]*)"/g;
  for (const m of src.matchAll(call)) {
    if (!keys.has(m[1])) continue;
    // In an `if (…)` condition: the whole condition and the body it guards; else the call's statement.
    const cond = /\bif\s*\(\s*!?\s*$/.exec(blank.slice(Math.max(0, m.index! - 40), m.index!));
    let i = cond ? m.index! - cond[0].length + cond[0].indexOf('(') + 1 : m.index! + m[0].length;
    for (let depth = 1; i < blank.length && depth > 0; i++) {
      if (blank[i] === '(') depth++;
      else if (blank[i] === ')') depth--;
    }
    const end = cond ? statementEnd(blank, i) : blank.indexOf(';', i) + 1 || blank.length;
    sites.set(m[1], [...(sites.get(m[1]) ?? []), blank.slice(m.index!, end)]);
  }
  const plainFields = new Map<string, string[]>();
  const out = new Map<string, 'x86' | 'arm'>();
  for (const [key, texts] of sites) {
    const text = texts.join('\n');
    const archs = new Set([...text.matchAll(/\barch_(arm|x86)\./g)].map((m) => m[1] as 'arm' | 'x86'));
    if (archs.size === 1) out.set(key, [...archs][0]);
    else if (!archs.size) {
      const fields = [...text.matchAll(/\b(?:b_info|c_info|d_config)->([a-z_]+)\b(?!\s*\.)/g)].map((m) => m[1]);
      if (fields.length) plainFields.set(key, [...new Set(fields)]);
    }
  }
  const uses = fieldUses([...new Set([...plainFields.values()].flat())]);
  for (const [key, fields] of plainFields) {
    const files = fields.flatMap((f) => [...(uses.get(f) ?? [])]);
    if (!files.length) continue;
    const archs = new Set(files.map((f) => ARCH_FILE.exec(f)?.[1] ?? 'any'));
    if (archs.size === 1 && !archs.has('any')) out.set(key, [...archs][0] as 'x86' | 'arm');
  }
  return out;
}

/** `src` from `at` on with its string literals and comments blanked out (same length). */
function code(src: string, at: number, end: number): string {
  let out = '';
  for (let i = at; i < end; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      out += ' ';
      for (i++; i < end && src[i] !== c; i++) out += src[i] === '\\' ? (i++, '  ') : ' ';
      out += ' ';
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const stop = close < 0 ? end : Math.min(end, close + 2);
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else out += c;
  }
  return out;
}

/** The end (exclusive) of the statement or { block } starting at `at` (after blanks), in code text. */
function statementEnd(text: string, at: number): number {
  let i = at;
  while (/\s/.test(text[i] ?? '')) i++;
  if (text[i] === '{') {
    let depth = 0;
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return i + 1;
    }
    return text.length;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ';' && depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * Keys xl asks for only to tell the user that it ignores them: every `xlu_cfg_get_…(config, "KEY", …)`
 * of the key is the condition `if (!…)` of a body that assigns nothing and calls nothing but fprintf
 * (and strstr to pick the words), with a message saying "ignor…" or "not supported". (4.2–4.4 warn
 * that they ignore `kernel` for HVM guests but read it for PV ones: not ignored.)
 */
function keysOnlyWarnedAbout(src: string): Set<string> {
  const out = new Set<string>();
  const asked = new Map<string, number>();
  for (const m of src.matchAll(/xlu_cfg_(?:get_\w+|replace_string)\s*\(\s*\w+\s*,\s*"([a-z][a-z0-9_.]*)"/g))
    asked.set(m[1], (asked.get(m[1]) ?? 0) + 1);
  const warned = new Map<string, number>();
  const blank = code(src, 0, src.length);
  const cond = /if\s*\(\s*!\s*xlu_cfg_get_\w+\s*\(\s*\w+\s*,\s*"([a-z][a-z0-9_.]*)"[^;{]*?\)\s*\)/g;
  for (const m of src.matchAll(cond)) {
    const start = m.index! + m[0].length;
    const end = statementEnd(blank, start);
    const body = blank.slice(start, end);
    const calls = [...body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((c) => c[1]);
    const assigns = /[^=!<>]=[^=]|\+\+|--/.test(body);
    if (
      !assigns &&
      calls.includes('fprintf') &&
      calls.every((c) => ['fprintf', 'strstr', 'if'].includes(c)) &&
      /ignor|not supported/i.test(src.slice(start, end))
    )
      warned.set(m[1], (warned.get(m[1]) ?? 0) + 1);
  }
  for (const [key, n] of warned) if (asked.get(key) === n) out.add(key);
  return out;
}

function fromGit(
  gitDir: string,
  stem: string,
): Array<{ release: string; file: string; text: string; parser?: Parser }> {
  const git = (...a: string[]) =>
    execFileSync('git', ['--git-dir', existsSync(join(gitDir, '.git')) ? join(gitDir, '.git') : gitDir, ...a], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  const newest = new Map<string, { tag: string; patch: number }>();
  for (const tag of git('tag', '-l', 'RELEASE-4.*').split('\n')) {
    const m = /^RELEASE-(4)\.(\d+)\.(\d+)$/.exec(tag.trim());
    if (!m || Number(m[2]) < 2) continue;
    const series = `${m[1]}.${m[2]}`;
    if ((newest.get(series)?.patch ?? -1) < Number(m[3])) newest.set(series, { tag: tag.trim(), patch: Number(m[3]) });
  }
  const out: Array<{ release: string; file: string; text: string; parser?: Parser }> = [];
  for (const [release, { tag }] of newest) {
    const names = git('ls-tree', '-r', '--name-only', tag, 'docs/man').split('\n');
    const path = names.find(
      (n) =>
        n === `docs/man/${stem}.5.pod.in` ||
        n === `docs/man/${stem}.5.pod` ||
        n === `docs/man/${stem}.pod.5` ||
        n === `docs/man/${stem}.pod.5.in`,
    );
    if (!path) continue;
    const entry: (typeof out)[number] = { release, file: `${tag}:${path}`, text: git('show', `${tag}:${path}`) };
    if (stem === 'xl.cfg') {
      const tree = new Set(git('ls-tree', '-r', '--name-only', tag, 'tools/xl', 'tools/libxl').split('\n'));
      const parser = PARSERS.find((p) => tree.has(p));
      if (parser) {
        const src = git('show', `${tag}:${parser}`);
        const keys = keysReadBy(src);
        const libxl = ['tools/libxl', 'tools/libs/light'].filter((d) =>
          git('ls-tree', '--name-only', tag, `${d}/`).trim(),
        );
        const fieldUses = (fields: string[]) => {
          const uses = new Map<string, Set<string>>();
          if (!fields.length) return uses;
          const pattern = `(->|\\.)(${fields.join('|')})\\b`;
          let hits = '';
          try {
            hits = git('grep', '-n', '-E', pattern, tag, '--', ...libxl.map((d) => `${d}/libxl*.c`));
          } catch {
            hits = ''; // git grep exits 1 when nothing matches
          }
          for (const line of hits.split('\n')) {
            const m = /^[^:]+:([^:]+):\d+:(.*)$/.exec(line);
            if (!m) continue;
            for (const f of fields)
              if (new RegExp(`(->|\\.)${f}\\b`).test(m[2])) uses.set(f, (uses.get(f) ?? new Set()).add(m[1]));
          }
          return uses;
        };
        entry.parser = {
          file: `${tag}:${parser}`,
          keys,
          ignored: keysOnlyWarnedAbout(src),
          arch: keysOfOneArch(src, keys, fieldUses),
        };
      }
    }
    out.push(entry);
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const conf = args.includes('--conf');
  const outIdx = args.indexOf('--out');
  const out =
    outIdx >= 0
      ? args[outIdx + 1]
      : join(__dirname, '..', 'server', 'data', 'xl', conf ? 'xl-conf-keys.json' : 'xl-cfg-keys.json');
  const gitIdx = args.indexOf('--git');
  const dir = args.find((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1));
  if (!dir) {
    console.error('usage: derive-xl-cfg.ts DIR|--git XEN_GIT_DIR [--conf] [--out FILE]');
    process.exit(2);
  }
  const stem = conf ? 'xl.conf' : 'xl.cfg';
  const inputs: Array<{ release: string; file: string; text: string; parser?: Parser }> = [];
  const checkout = join(dir, 'docs', 'man', `${stem}.5.pod.in`);
  if (gitIdx >= 0) {
    inputs.push(...fromGit(dir, stem));
  } else if (existsSync(checkout)) {
    const mk = readFileSync(join(dir, 'xen', 'Makefile'), 'utf8');
    const v = `${/XEN_VERSION\s*=\s*(\d+)/.exec(mk)?.[1]}.${/XEN_SUBVERSION\s*=\s*(\d+)/.exec(mk)?.[1]}`;
    inputs.push({ release: v, file: `docs/man/${stem}.5.pod.in`, text: readFileSync(checkout, 'utf8') });
  } else {
    for (const f of readdirSync(dir)) {
      const rel = f.startsWith(`${stem}-`) ? releaseOf(f) : undefined;
      if (rel) inputs.push({ release: rel, file: f, text: readFileSync(join(dir, f), 'utf8') });
    }
  }
  inputs.sort((a, b) => cmpRel(a.release, b.release));
  if (!inputs.length) {
    console.error(`no ${stem} manuals found in ${dir}`);
    process.exit(1);
  }
  const releases = inputs.map((i) => i.release);
  const merged = new Map<string, KeyFact>();
  for (const input of inputs) {
    for (const [name, k] of factsOf(input.text, input.file)) {
      const prev = merged.get(name);
      k.releases = [...(prev?.releases ?? []), input.release];
      if (k.values) {
        for (const [v, f] of Object.entries(k.values)) {
          const before = prev?.values?.[v];
          f.releases = [...(before?.releases ?? []), input.release];
          // The manual keeps a removed value listed ("this mode has been removed"): note since when.
          if (f.removed) f.removedSince = before?.removedSince ?? input.release;
          delete f.removed;
        }
      }
      // Values known in earlier releases but gone from this one stay, with their releases.
      if (prev?.values)
        for (const [v, f] of Object.entries(prev.values))
          if (!k.values?.[v]) {
            k.values ??= {};
            k.values[v] = f;
          }
      // Newer manuals win for every other fact; a deprecation seen once stays recorded.
      if (prev?.deprecated && !k.deprecated) {
        k.deprecated = prev.deprecated;
        k.successor ??= prev.successor;
      }
      merged.set(name, k);
    }
  }
  // Releases in which xl's parser reads each key (when the parser source was read).
  const read = new Map<string, string[]>();
  for (const input of inputs)
    for (const k of input.parser?.keys ?? []) read.set(k, [...(read.get(k) ?? []), input.release]);
  // Releases in which xl's parser reads the key only to warn that it ignores it.
  const ignored = new Map<string, string[]>();
  for (const input of inputs)
    for (const k of input.parser?.ignored ?? []) ignored.set(k, [...(ignored.get(k) ?? []), input.release]);
  // The architecture a key belongs to in xl's parser: the same one in every release that tells one.
  const parserArch = new Map<string, { arch: 'x86' | 'arm' | 'mixed'; origin: string }>();
  for (const input of inputs)
    for (const [k, arch] of input.parser?.arch ?? []) {
      const prev = parserArch.get(k);
      parserArch.set(k, { arch: prev && prev.arch !== arch ? 'mixed' : arch, origin: input.parser!.file });
    }
  const keys: Record<string, unknown> = {};
  for (const name of [...merged.keys()].sort()) {
    const k = merged.get(name)!;
    const values =
      k.values &&
      Object.fromEntries(
        Object.entries(k.values).map(([v, f]) => [v, { ...f, releases: ranges(f.releases, releases) }]),
      );
    const r = read.get(name);
    const ign = ignored.get(name);
    const pa = parserArch.get(name);
    keys[name] = {
      ...k,
      releases: ranges(k.releases, releases),
      ...(r ? { read: ranges(r, releases) } : {}),
      ...(ign ? { ignored: ranges(ign, releases) } : {}),
      ...(pa && pa.arch !== 'mixed' ? { parserArch: pa.arch, parserArchOrigin: pa.origin } : {}),
      values,
    };
  }
  const parsers = inputs.filter((i) => i.parser);
  const sourceOnly: Record<string, { read: string; origin: string }> = {};
  for (const [name, rels] of [...read].sort(([a], [b]) => a.localeCompare(b))) {
    if (merged.has(name)) continue;
    const last = parsers.filter((i) => rels.includes(i.release)).pop()!;
    sourceOnly[name] = { read: ranges(rels, releases), origin: last.parser!.file };
  }
  const data = {
    $schema: '../schema/xl-keys.schema.json',
    origin: `Derived by scripts/derive-xl-cfg.ts from the ${stem}(5) manual source of each release series (${inputs.map((i) => i.file).join(', ')})${parsers.length ? ` and from the keys xl's parser reads at the same tags (${parsers.map((i) => i.parser!.file).join(', ')}), repository github.com/xen-project/xen` : ''}. Facts only; the project's own descriptions live in xl-notes.json.`,
    releases,
    keys,
    ...(parsers.length ? { sourceOnly } : {}),
  };
  writeFileSync(out, JSON.stringify(data, null, 1) + '\n');
  console.log(`${out}: ${Object.keys(keys).length} keys over ${releases.length} releases`);
}

main();
