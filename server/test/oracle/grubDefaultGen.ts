// Generated /etc/default/grub and grub.d/*.cfg files for the sh oracle: assignments as people and
// distributions write them — plain, single- and double-quoted values, escapes, `$VAR`/`${VAR}`
// (appending to a value: `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX x"`), concatenation, `export`,
// several assignments on a line, `;`, comments, line continuations, assignments before a command,
// if-bodies, command substitutions — plus mutations of them and of the example files.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Rand } from './grubOracleHarness';

const ROOT = path.join(__dirname, '../../..');

/** The variables the generator assigns and reads (and the oracle compares). */
export const NAMES = [
  'GRUB_DEFAULT',
  'GRUB_TIMEOUT',
  'GRUB_CMDLINE_LINUX',
  'GRUB_CMDLINE_LINUX_DEFAULT',
  'GRUB_CMDLINE_XEN',
  'GRUB_CMDLINE_XEN_DEFAULT',
  'GRUB_DISTRIBUTOR',
  'X',
  'Y_1',
];

const PLAIN = [
  'quiet',
  'splash',
  'console=hvc0',
  'dom0_mem=2048M,max:2048M',
  '0',
  '5',
  'saved',
  'a=b',
  'x',
  ',',
  '.',
  ':',
  '/',
  '-',
  '_',
  '+',
  '@',
  '%',
  '^',
  '{x}',
  '!',
  '*',
  '?',
  '[a]',
  '~',
  '=',
  'é',
  'a#b',
];
const ESC = ['\\ ', '\\"', "\\'", '\\$', '\\\\', '\\#', '\\n', '\\;', '\\`', '\\\n', '\\a'];
const SQ = ['a', ' ', '"', '\\', '$X', '#', '\n', 'b c', '`', '\\n', ';'];
const DQ = [
  'a',
  ' ',
  "'",
  '\\\\',
  '\\"',
  '\\$',
  '\\`',
  '\\n',
  '\\x',
  '\\\n',
  '#',
  '\n',
  'b c',
  ';',
  '$X',
  '${X}',
  '$GRUB_CMDLINE_LINUX',
  '${Y_1}',
  '$Xa',
  '$1',
  '$(echo s)',
  '`echo t`',
  '${X:-d}',
  '$',
  '{',
  '}',
  '~',
];

function value(r: Rand): string {
  const n = r.int(4);
  let v = '';
  for (let k = 0; k < n; k++) {
    const c = r.int(100);
    if (c < 30) v += r.pick(PLAIN);
    else if (c < 45) v += `'${Array.from({ length: r.int(4) }, () => r.pick(SQ)).join('')}'`;
    else if (c < 75) v += `"${Array.from({ length: r.int(5) }, () => r.pick(DQ)).join('')}"`;
    else if (c < 87)
      v += r.pick([
        '$X',
        '${X}',
        '$GRUB_CMDLINE_LINUX',
        '${GRUB_DEFAULT}',
        '$Y_1',
        '$Xa',
        '$UNSET_V',
        '$1',
        '$',
        '${X}b',
      ]);
    else v += r.pick(ESC);
  }
  return v;
}

function statement(r: Rand): string {
  const c = r.int(100);
  const asg = () => `${r.pick(NAMES)}=${value(r)}`;
  if (c < 55) return asg();
  if (c < 62) return `export ${asg()}`;
  if (c < 70) return `${asg()} ${asg()}`;
  if (c < 75) return `${asg()} ${r.pick(['true', 'echo x', 'export', ': x'])}`;
  if (c < 80) return `# ${r.pick(['comment', "don't", 'X="y', 'GRUB_DEFAULT=1'])}`;
  if (c < 85) return `if ${r.pick(['true', 'false', '[ "$X" = "" ]'])}; then ${asg()}; fi`;
  if (c < 90) return `${asg()} # ${r.pick(['note', "it's", '"'])}`;
  if (c < 94) return `echo ${value(r)}`;
  if (c < 97) return `${r.pick(NAMES)}="$${r.pick(NAMES)} ${r.pick(PLAIN)}"`;
  return `${r.pick(NAMES)}=$(${r.pick(['echo a', 'printf %s b'])})`;
}

export function genDefault(r: Rand): string {
  const n = 1 + r.int(5);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(statement(r));
  return out.map((s) => s + r.pick(['\n', '\n', '; ', ';\n', '\n\n'])).join('');
}

const MUTANTS = ['"', "'", '\\', '$', '#', ' ', '\n', ';', '=', '${', '`', '$(', 'export ', '\\\n'];

export function mutate(r: Rand, text: string): string {
  let t = text;
  const n = 1 + r.int(2);
  for (let k = 0; k < n; k++) {
    const at = r.int(t.length + 1);
    const c = r.int(100);
    if (c < 40) t = t.slice(0, at) + r.pick(MUTANTS) + t.slice(at);
    else if (c < 75) t = t.slice(0, at) + t.slice(at + 1 + r.int(2));
    else if (c < 90 && at + 1 < t.length) t = t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2);
    else t = t.slice(0, at) + value(r) + t.slice(at);
  }
  return t;
}

/** The example /etc/default/grub and grub.d/xen.cfg, line groups of them, to mutate. */
export function seedDefaults(): string[] {
  const files = ['examples/boot/default/grub', 'examples/boot/default/grub.d/xen.cfg'].map((f) =>
    readFileSync(path.join(ROOT, f), 'utf8'),
  );
  return [...files, ...files.flatMap((f) => f.split(/\n\n+/).filter((p) => p.trim()))];
}

export function defaultInputs(r: Rand, count: number): string[] {
  const seeds = seedDefaults();
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const c = k % 10;
    if (c < 6) out.push(genDefault(r));
    else if (c < 8) out.push(mutate(r, genDefault(r)));
    else out.push(mutate(r, r.pick(seeds)));
  }
  return out;
}
