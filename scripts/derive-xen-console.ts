// Derives which console= words each Xen release accepts (server/data/xen/console.json), straight
// from the sources at every RELEASE-4.x.y tag:
//  - xen/drivers/char/console.c, the loop of console_init_preirq() ("Where should console output
//    go?"): each `!strncmp(p, "<word>", <n>)` branch accepts any item starting with the first <n>
//    characters of <word> ("vga", "pv", "xen", "none"); an `#ifdef CONFIG_X86` around a branch makes
//    it x86-only; an item no branch takes goes to serial_parse_handle() (in 4.0–4.2 only when it
//    starts with the `strncmp(p, "com", 3)` gate), and when that fails Xen prints
//    "Bad console= option '<item>'";
//  - xen/drivers/char/serial.c, serial_parse_handle(): `!strncmp(conf, "<word>", <n>)` branches
//    ("dbgp", "ehci", "xhci", "dtuart"), exact when followed by `(!conf[<n>] || conf[<n>] == ',')`;
//    the `strncmp(conf, "com", 3)` branch with its `case '<digit>':` ports and `conf[4] == 'H'/'L'`
//    suffixes;
//  - the size of opt_console[] (string_param keeps one character less).
// Whether a device behind a word is present (a driver built in, the hardware found) is decided at
// boot and not modelled here.
//
//   node --import tsx scripts/derive-xen-console.ts --git /path/to/xen.git
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, encodeRanges, jsonOnePerLine } from './xen-derive-common';

export interface ConsoleWord {
  /** The word as the source spells it ("com1", "dtuart", "vga"). */
  word: string;
  /** The characters compared: an item matches when it starts with them. */
  prefix: string;
  /** The item must end right after the prefix (or at a comma). */
  exact: boolean;
  /** Letters that may follow the word and change its meaning (com1H, com1L). */
  suffixes?: string[];
  arch: 'common' | 'x86';
  file: string;
}

export interface ConsoleFacts {
  words: ConsoleWord[];
  size?: number;
}

/** The text of the console= loop in console.c (from the comment to serial_set_rx_handler). */
function consoleLoop(src: string): string | undefined {
  const a = src.indexOf('Where should console output go');
  if (a < 0) return undefined;
  const b = src.indexOf('serial_set_rx_handler', a);
  return src.slice(a, b < 0 ? undefined : b);
}

function functionBody(src: string, fn: string): string | undefined {
  const m = new RegExp(`^[a-z][^;\\n]*\\b${fn}\\s*\\([^;]*?\\)\\s*\\n\\{`, 'm').exec(src);
  if (!m) return undefined;
  const end = src.indexOf('\n}', m.index);
  return src.slice(m.index, end < 0 ? undefined : end);
}

export function consoleFacts(consoleC: string, serialC: string): ConsoleFacts {
  const words: ConsoleWord[] = [];
  const loop = consoleLoop(consoleC) ?? '';
  let gate: string | undefined;
  let x86 = 0;
  for (const line of loop.split('\n')) {
    if (/^\s*#\s*ifdef\s+CONFIG_X86\b/.test(line)) {
      x86++;
      continue;
    }
    if (/^\s*#\s*endif/.test(line) && x86 > 0) {
      x86--;
      continue;
    }
    for (const m of line.matchAll(/(!?)\s*strncmp\(\s*p\s*,\s*"([^"]+)"\s*,\s*(\d+)\s*\)/g)) {
      if (m[1] === '!')
        words.push({
          word: m[2],
          prefix: m[2].slice(0, Number(m[3])),
          exact: false,
          arch: x86 ? 'x86' : 'common',
          file: 'xen/drivers/char/console.c',
        });
      else gate = m[2].slice(0, Number(m[3]));
    }
  }
  if (/serial_parse_handle/.test(loop)) {
    const body = functionBody(serialC, 'serial_parse_handle') ?? '';
    for (const m of body.matchAll(
      /!strncmp\(\s*conf\s*,\s*"([^"]+)"\s*,\s*(\d+)\s*\)(\s*&&\s*\(\s*!conf\[\d+\]\s*\|\|\s*conf\[\d+\]\s*==\s*','\s*\))?/g,
    )) {
      words.push({
        word: m[1],
        prefix: m[1].slice(0, Number(m[2])),
        exact: !!m[3],
        arch: 'common',
        file: 'xen/drivers/char/serial.c',
      });
    }
    const com = /\bstrncmp\(\s*conf\s*,\s*"([^"]+)"\s*,\s*(\d+)\s*\)\s*\)\s*goto\s+fail/.exec(body);
    if (com) {
      const base = com[1].slice(0, Number(com[2]));
      const rest = body.slice(com.index);
      const sw = /switch\s*\(\s*conf\[\d+\]\s*\)\s*\{([\s\S]*?)\n\s*\}/.exec(rest);
      const suffixes = [...rest.matchAll(/conf\[\d+\]\s*==\s*'([A-Za-z])'/g)].map((m) => m[1]);
      for (const c of sw ? sw[1].matchAll(/case\s+'(\w)'\s*:/g) : []) {
        words.push({
          word: base + c[1],
          prefix: base + c[1],
          exact: false,
          ...(suffixes.length ? { suffixes } : {}),
          arch: 'common',
          file: 'xen/drivers/char/serial.c',
        });
      }
    }
    if (gate)
      for (let i = words.length - 1; i >= 0; i--)
        if (words[i].file.endsWith('serial.c') && !words[i].prefix.startsWith(gate)) words.splice(i, 1);
  }
  const size = /\bopt_console\s*\[\s*(\d+)\s*\]/.exec(consoleC);
  return { words, size: size ? Number(size[1]) : undefined };
}

function main(argv: string[]): void {
  const gi = argv.indexOf('--git');
  if (gi < 0 || !argv[gi + 1]) {
    console.error('usage: derive-xen-console.ts --git <xen.git>');
    process.exit(2);
  }
  const gitDir = argv[gi + 1];
  const root = join(__dirname, '..');
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const params = JSON.parse(readFileSync(join(root, 'server/data/xen/params.json'), 'utf8')) as { releases: string[] };
  const releases = [...params.releases].sort(compareVersions);
  const byKey = new Map<string, { w: ConsoleWord; rels: number[] }>();
  const sizes = new Map<number, number[]>();
  releases.forEach((rel, i) => {
    const read = (f: string) => {
      try {
        return git('show', `RELEASE-${rel}:${f}`);
      } catch {
        return '';
      }
    };
    const facts = consoleFacts(read('xen/drivers/char/console.c'), read('xen/drivers/char/serial.c'));
    for (const w of facts.words) {
      const key = JSON.stringify(w);
      if (!byKey.has(key)) byKey.set(key, { w, rels: [] });
      byKey.get(key)!.rels.push(i);
    }
    if (facts.size) {
      if (!sizes.has(facts.size)) sizes.set(facts.size, []);
      sizes.get(facts.size)!.push(i);
    }
  });
  const words: Record<string, Array<Omit<ConsoleWord, 'word'> & { releases: string }>> = {};
  for (const { w, rels } of [...byKey.values()].sort(
    (a, b) => a.w.word.localeCompare(b.w.word) || a.rels[0] - b.rels[0],
  )) {
    const { word, ...rest } = w;
    (words[word] ??= []).push({ ...rest, releases: encodeRanges(rels, releases) });
  }
  const data = {
    $schema: '../schema/xen-console.schema.json',
    origin:
      'The console= words Xen accepts, per RELEASE-<release> tag of the Xen sources: the strncmp branches of the console loop in console_init_preirq() (xen/drivers/char/console.c) and of serial_parse_handle() (xen/drivers/char/serial.c), with the #ifdef CONFIG_X86 around a branch, and the size of opt_console[]; derived by scripts/derive-xen-console.ts. An item no branch takes makes Xen print "Bad console= option" and ignore it.',
    releases,
    words,
    bufferSize: Object.fromEntries([...sizes.entries()].map(([n, rels]) => [String(n), encodeRanges(rels, releases)])),
  };
  writeFileSync(join(root, 'server/data/xen/console.json'), jsonOnePerLine(data, ['words']));
  console.log(`${Object.keys(words).length} console words over ${releases.length} releases`);
}

if (require.main === module) main(process.argv.slice(2));
