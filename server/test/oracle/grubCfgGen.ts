// Generated grub.cfg scripts for the grub-script-check oracle: a small grammar of the forms real
// grub.cfg files use (grub-mkconfig's output, hand-written custom entries) — commands, menuentry and
// submenu blocks, if/elif/else, for, while, functions, single and double quotes, escapes, `$var`,
// `${var}`, positional and special variables, comments, line continuations — plus mutations
// (characters and keywords inserted, deleted, lines dropped or doubled) of those scripts and of the
// example grub.cfg, so that about half the inputs are wrong in some way.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Rand } from './grubOracleHarness';

const ROOT = path.join(__dirname, '../../..');

const PLAIN = [
  '/boot/xen.gz',
  '/boot/vmlinuz-6.1.0-18-amd64',
  'root=/dev/sda1',
  'ro',
  'quiet',
  'dom0_mem=1024M,max:1024M',
  'console=hvc0',
  'placeholder',
  '--nounzip',
  '(hd0,gpt2)/boot/initrd.img',
  'a=b',
  'x',
  '--class',
  'gnu-linux',
  'foo#bar',
  'loglvl=all',
  '--set=root',
  '--fs-uuid',
  '0b1e2c4d-5f60',
  'hd0,gpt2',
  '[',
  ']',
  '=',
  'x$',
  '!',
  'a(b)',
  '-o',
  'xy',
  'time',
  '*',
  '?',
  'a%b',
  'é',
];
const KEYWORDS = [
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'while',
  'until',
  'function',
  'case',
  'esac',
  'select',
];
const VARS = [
  '$v',
  '${v}',
  '$root',
  '${xen_rm_opts}',
  '$1',
  '${1}',
  '$10',
  '${10}',
  '$?',
  '${?}',
  '$#',
  '$@',
  '$*',
  '${#}',
  '$_x',
  '$v1',
];
const BADVARS = ['$', '${', '${v', '${v-x}', '$$', '$!', '$-', '${ v}', '${1a}', '$"x"'];
const SQ_CHARS = ['a', ' ', '"', '$v', '\\', '{', '}', ';', '#', '\n', 'b c', '&&', '|', '\\n'];
const DQ_CHARS = [
  'a',
  ' ',
  "'",
  '\\\\',
  '\\"',
  '\\$',
  '\\x',
  '$v',
  '${v}',
  '$1',
  '{',
  '}',
  ';',
  '#',
  '\n',
  '\\\n',
  'b c',
  '|',
  '<',
  '\\',
];
const ESCAPES = ['\\ ', '\\;', '\\{', '\\}', '\\"', "\\'", '\\$', '\\\\', '\\#', '\\a', '\\|', '\\<'];
const COMMANDS = [
  'set',
  'insmod',
  'echo',
  'search',
  'load_video',
  'true',
  'export',
  'save_env',
  'terminal_output',
  'initrd',
  'chainloader',
  'f',
  'g_1',
];
const LOADERS = ['linux', 'multiboot', 'multiboot2', 'module', 'module2'];

export function genWord(r: Rand): string {
  const n = 1 + (r.chance(0.7) ? 0 : r.int(3));
  let w = '';
  for (let k = 0; k < n; k++) {
    const c = r.int(100);
    if (c < 40) w += r.pick(PLAIN);
    else if (c < 55) w += `'${Array.from({ length: r.int(4) }, () => r.pick(SQ_CHARS)).join('')}'`;
    else if (c < 75) w += `"${Array.from({ length: r.int(4) }, () => r.pick(DQ_CHARS)).join('')}"`;
    else if (c < 83) w += r.pick(VARS);
    else if (c < 90) w += r.pick(ESCAPES);
    else if (c < 93) w += r.pick(BADVARS);
    else if (c < 96) w += r.pick(KEYWORDS);
    else w += 'a\\\nb';
  }
  return w;
}

const sep = (r: Rand) => r.pick([' ', ' ', ' ', '\t', '  ', ' \\\n ']);

function simple(r: Rand, loaderBias = 0.3): string {
  const name = r.chance(loaderBias) ? r.pick(LOADERS) : r.chance(0.9) ? r.pick(COMMANDS) : genWord(r);
  const n = r.int(name.startsWith('m') || name === 'linux' ? 6 : 3);
  let s = name;
  for (let k = 0; k < n; k++) s += sep(r) + genWord(r);
  if (r.chance(0.05)) s += ` #${r.pick(['c', ' "unclosed', " don't", ' {'])}`;
  return s;
}

const delim = (r: Rand) => r.pick(['\n', '\n', '; ', ';\n', '\n\n', ' ;\n', '\n# comment\n']);

function body(r: Rand, depth: number, ind: string): string {
  const n = 1 + r.int(3);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(ind + statement(r, depth + 1, ind, false));
  return parts.join(delim(r));
}

function cond(r: Rand): string {
  return r.pick([
    '[ -s $prefix/grubenv ]',
    '[ "${next_entry}" ]',
    'true',
    'false',
    '[ x$feature_all_video_module = xy ]',
    'test -n "$v"',
    'search --file /x',
  ]);
}

export function statement(r: Rand, depth: number, ind: string, top: boolean): string {
  const c = depth > 3 ? 0 : r.int(100);
  const i2 = `${ind}  `;
  if (c < 45) return simple(r);
  if (c < 62) {
    const kw = r.chance(0.8) ? 'menuentry' : 'submenu';
    const args = Array.from({ length: 1 + r.int(3) }, () =>
      r.chance(0.5)
        ? r.pick(["'Debian GNU/Linux'", '"Xen $v"', '--class', 'xen', '$menuentry_id_option', "'id-1'"])
        : genWord(r),
    ).join(' ');
    return `${kw} ${args} {\n${body(r, depth, i2)}\n${ind}}`;
  }
  if (c < 77) {
    let s = `if ${cond(r)}; then\n${body(r, depth, i2)}\n`;
    if (r.chance(0.3)) s += `${ind}elif ${cond(r)}; then\n${body(r, depth, i2)}\n`;
    if (r.chance(0.5)) s += `${ind}else\n${body(r, depth, i2)}\n`;
    return `${s}${ind}fi`;
  }
  if (c < 84 && top)
    return `function ${r.pick(['load_video', 'f', 'g_1', 'savedefault'])} {\n${body(r, depth, i2)}\n${ind}}`;
  if (c < 90)
    return `for ${r.pick(['x', 'i', 'dev'])} in ${Array.from({ length: r.int(3) }, () => genWord(r)).join(' ')}; do\n${body(r, depth, i2)}\n${ind}done`;
  if (c < 95) return `${r.pick(['while', 'until'])} ${cond(r)}; do\n${body(r, depth, i2)}\n${ind}done`;
  return `${r.pick(COMMANDS)} ${genWord(r)} {\n${body(r, depth, i2)}\n${ind}}`;
}

export function genScript(r: Rand): string {
  const n = 1 + r.int(4);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(statement(r, 0, '', true));
  return parts.join(delim(r)) + (r.chance(0.8) ? '\n' : '');
}

const MUTANTS = [
  '{',
  '}',
  ';',
  '"',
  "'",
  '\\',
  '$',
  '#',
  '\n',
  ' ',
  'fi',
  'then',
  'do',
  'done',
  'else',
  '${',
  '&&',
  '|',
  'function',
  'in',
  ';;',
  '\\\n',
  '<',
  'elif',
  '[[',
  'esac',
  '{ ',
  '; }',
  'menuentry',
];

export function mutate(r: Rand, text: string): string {
  let t = text;
  const n = 1 + r.int(3);
  for (let k = 0; k < n; k++) {
    const at = r.int(t.length + 1);
    const c = r.int(100);
    if (c < 35) t = t.slice(0, at) + r.pick(MUTANTS) + t.slice(at);
    else if (c < 65) t = t.slice(0, at) + t.slice(at + 1 + r.int(3));
    else if (c < 80) {
      const lines = t.split('\n');
      const li = r.int(lines.length);
      if (r.chance(0.5)) lines.splice(li, 1);
      else lines.splice(li, 0, lines[li]);
      t = lines.join('\n');
    } else if (c < 90 && at + 1 < t.length) t = t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2);
    else t = t.slice(0, at) + genWord(r) + t.slice(at);
  }
  return t;
}

/** The example grub.cfg and its top-level pieces (split at blank lines), to mutate. */
export function seedScripts(): string[] {
  const ex = readFileSync(path.join(ROOT, 'examples/boot/grub2/grub.cfg'), 'utf8');
  return [ex, ...ex.split(/\n\n+/).filter((p) => p.trim())];
}

/** `count` inputs: generated scripts, mutated generated scripts and mutated examples, in a fixed mix. */
export function grubCfgInputs(r: Rand, count: number): string[] {
  const seeds = seedScripts();
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const c = k % 10;
    if (c < 5) out.push(genScript(r));
    else if (c < 8) out.push(mutate(r, genScript(r)));
    else out.push(mutate(r, r.pick(seeds)));
  }
  return out;
}
