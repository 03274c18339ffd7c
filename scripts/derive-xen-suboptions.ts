// Derives, per release, the sub-option words each custom Xen boot parameter's parser compares
// against (server/data/xen/suboptions.json), straight from the sources: for every
// `custom_param("name", handler)` registration in params.json, the handler's body in the
// registering file at RELEASE-<release>, and the string literals it passes to strcmp/strncmp/
// cmdline_strcmp/parse_boolean/parse_signed_integer. Needs a Xen git checkout (there is no TSV
// form of this); the other Xen data files do not depend on it.
//
//   node --import tsx scripts/derive-xen-suboptions.ts --git /path/to/xen.git
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRanges, jsonOnePerLine } from './xen-derive-common';

const COMPARE =
  /\b(strn?cmp|cmdline_strcmp|parse_boolean|parse_signed_integer|parse_integer|parse_named_bool)\s*\(\s*(?:[a-z_>.-]+\s*,\s*)?"([^"%\\]*)"/g;

/** The body of C function `fn` defined in `src` (from its header to the closing brace in column 0). */
export function functionBody(src: string, fn: string): string | undefined {
  const re = new RegExp(`^[a-z][^;\\n]*\\b${fn}\\s*\\([^;]*?\\)\\s*\\n\\{`, 'm');
  const m = re.exec(src);
  if (!m) return undefined;
  const end = src.indexOf('\n}', m.index);
  return src.slice(m.index, end < 0 ? undefined : end);
}

/**
 * The initialiser of the variable a simple registration (`boolean_param("x", var)`) sets, as
 * written in the file: "true", "-1", "\"com1,vga\"", "OPT_CONSOLE_STR"; "0" for a file-scope
 * variable without one (C zero-initialises those); undefined when not found.
 */
export function initialiser(src: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reg = new RegExp(
    `\\b(?:boolean|invbool|integer|size|string)_(?:runtime_)?param\\(\\s*"${esc}"\\s*,\\s*([A-Za-z0-9_]+)\\s*\\)`,
  ).exec(src);
  if (!reg) return undefined;
  const v = reg[1];
  const decl = new RegExp(
    `^[a-z][^;()\\n]*\\b${v}\\s*(?:\\[[^\\]]*\\])?\\s*(?:__[a-z_]+\\s*)*(?:=\\s*([^;]+))?;`,
    'm',
  ).exec(src);
  if (!decl) return undefined;
  return (decl[1] ?? '0').trim().replace(/\s+/g, ' ');
}

export function compareWords(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(COMPARE)) {
    const w = m[2];
    if (!w || w === 'no-' || w === 'no') continue;
    out.add(w);
  }
  return [...out];
}

function main(argv: string[]): void {
  const gi = argv.indexOf('--git');
  if (gi < 0 || !argv[gi + 1]) {
    console.error('usage: derive-xen-suboptions.ts --git <xen.git>');
    process.exit(2);
  }
  const gitDir = argv[gi + 1];
  const root = join(__dirname, '..');
  const params = JSON.parse(readFileSync(join(root, 'server/data/xen/params.json'), 'utf8')) as {
    releases: string[];
    params: Record<string, Array<{ kind: string; arch: string; releases: string; file: string }>>;
  };
  const releases = params.releases;
  const expand = (r: string): number[] =>
    r.split(',').flatMap((p) => {
      const [a, b] = p.split('..');
      const i = releases.indexOf(a);
      const j = b ? releases.indexOf(b) : i;
      return Array.from({ length: j - i + 1 }, (_, k) => i + k);
    });
  // (tag, file) pairs needed, read through one `git cat-file --batch`, deduplicated by blob.
  const wanted: Array<{ name: string; arch: string; file: string; rel: number; kind: string }> = [];
  for (const [name, entries] of Object.entries(params.params)) {
    for (const e of entries)
      if (/^(custom|boolean|invbool|integer|size|string)/.test(e.kind) && !e.kind.endsWith('_only'))
        for (const rel of expand(e.releases)) wanted.push({ name, arch: e.arch, file: e.file, rel, kind: e.kind });
  }
  const specs = [...new Set(wanted.map((w) => `RELEASE-${releases[w.rel]}:${w.file}`))];
  const ids = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', ...specs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
    .trim()
    .split('\n');
  const blobOf = new Map(specs.map((s, i) => [s, ids[i]]));
  const unique = [...new Set(ids)];
  const batch = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
    input: unique.join('\n') + '\n',
    maxBuffer: 1 << 30,
  });
  const buf = batch.stdout;
  const text = new Map<string, string>();
  let off = 0;
  for (const id of unique) {
    const nl = buf.indexOf(10, off);
    const header = buf.subarray(off, nl).toString();
    const size = Number(header.split(' ')[2]);
    text.set(id, buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    off = nl + 1 + size + 1;
  }
  // Per (name, arch): words per release, then grouped into ranges with identical word lists.
  const per = new Map<string, Map<number, string[]>>();
  const cache = new Map<string, string[]>();
  const inits = new Map<string, Map<number, string>>();
  for (const w of wanted) {
    const blob = blobOf.get(`RELEASE-${releases[w.rel]}:${w.file}`)!;
    if (!w.kind.startsWith('custom')) {
      const init = initialiser(text.get(blob) ?? '', w.name);
      if (init !== undefined) {
        const k = `${w.name}\t${w.arch}`;
        if (!inits.has(k)) inits.set(k, new Map());
        inits.get(k)!.set(w.rel, init);
      }
      continue;
    }
    const key = `${blob}\t${w.name}`;
    let words = cache.get(key);
    if (!words) {
      const src = text.get(blob) ?? '';
      const esc = w.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const reg = new RegExp(`custom_(?:runtime_(?:only_)?)?param\\(\\s*"${esc}"\\s*,\\s*([A-Za-z0-9_]+)`).exec(src);
      const body = reg ? functionBody(src, reg[1]) : undefined;
      words = body ? compareWords(body) : [];
      cache.set(key, words);
    }
    const k = `${w.name}\t${w.arch}`;
    if (!per.has(k)) per.set(k, new Map());
    per.get(k)!.set(w.rel, words);
  }
  const out: Record<string, Array<{ arch: string; releases: string; words: string[] }>> = {};
  for (const [k, byRel] of [...per.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [name, arch] = k.split('\t');
    const groups = new Map<string, number[]>();
    for (const [rel, words] of byRel) {
      const g = words.join(' ');
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(rel);
    }
    const list = [...groups.entries()]
      .filter(([g]) => g)
      .map(([g, rels]) => ({ arch, releases: encodeRanges(rels, releases), words: g.split(' ') }));
    if (list.length) (out[name] ??= []).push(...list);
  }
  const data = {
    $schema: '../schema/xen-suboptions.schema.json',
    origin:
      'String literals compared by each custom_param handler (strcmp, strncmp, cmdline_strcmp, parse_boolean, parse_signed_integer) in the file registering it, at each RELEASE-<release> tag of the Xen sources; derived by scripts/derive-xen-suboptions.ts. Words ending in ":" or "=" take a value; words are as the parser spells them.',
    params: out,
  };
  writeFileSync(join(root, 'server/data/xen/suboptions.json'), jsonOnePerLine(data, ['params']));
  const defaults: Record<string, Array<{ arch: string; releases: string; init: string }>> = {};
  for (const [k, byRel] of [...inits.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [name, arch] = k.split('\t');
    const groups = new Map<string, number[]>();
    for (const [rel, init] of byRel) {
      if (!groups.has(init)) groups.set(init, []);
      groups.get(init)!.push(rel);
    }
    (defaults[name] ??= []).push(
      ...[...groups.entries()].map(([init, rels]) => ({ arch, releases: encodeRanges(rels, releases), init })),
    );
  }
  writeFileSync(
    join(root, 'server/data/xen/source-defaults.json'),
    jsonOnePerLine(
      {
        $schema: '../schema/xen-source-defaults.schema.json',
        origin:
          'The initialiser of the variable each boolean/invbool/integer/size/string registration sets (for invbool_param, 4.0–4.6, the variable holds the opposite of the parameter), as written in the registering file at each RELEASE-<release> tag ("0" where a file-scope variable has none, since C zero-initialises it); derived by scripts/derive-xen-suboptions.ts.',
        params: defaults,
      },
      ['params'],
    ),
  );
  console.log(`${unique.length} source blobs, ${Object.keys(out).length} parameters with sub-option words`);
}

if (require.main === module) main(process.argv.slice(2));
