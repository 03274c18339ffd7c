// Checks a GRUB legacy command's arguments against the command table: options, argument count,
// and the form of files, devices, numbers and choices.
import type { Diagnostic } from '../core/types';
import { range } from '../core/text';
import type { LegacyCommand, LegacyWord } from './legacyParse';
import { legacyCommands, optionValues, type LegacyCommandInfo } from './legacyCommands';
import { parseLegacyDevice, parseLegacyFile } from './legacyDevice';

const COLORS = [
  'black',
  'blue',
  'green',
  'cyan',
  'red',
  'magenta',
  'brown',
  'light-gray',
  'dark-gray',
  'light-blue',
  'light-green',
  'light-cyan',
  'light-red',
  'light-magenta',
  'yellow',
  'white',
];
const NUMBER = /^(0[xX][0-9a-fA-F]+|\d+)$/;

interface Spec {
  kind: string;
  optional: boolean;
  repeat: boolean;
  atLeastOne: boolean;
}

function parseSpec(s: string): Spec {
  let kind = s;
  let optional = false;
  let repeat = false;
  let atLeastOne = false;
  if (kind.endsWith('?')) {
    optional = true;
    kind = kind.slice(0, -1);
  }
  if (kind.endsWith('*')) {
    repeat = true;
    optional = true;
    kind = kind.slice(0, -1);
  }
  if (kind.endsWith('+')) {
    repeat = true;
    atLeastOne = true;
    kind = kind.slice(0, -1);
  }
  if (kind === 'text') optional = true;
  return { kind, optional, repeat, atLeastOne };
}

/** The command's option words (leading `--…` words the command knows) and the positional words after them. */
export function splitOptions(
  cmd: LegacyCommand,
  info: LegacyCommandInfo,
): { options: LegacyWord[]; positional: LegacyWord[] } {
  let i = 0;
  if (info.options) while (i < cmd.words.length && cmd.words[i].text.startsWith('--')) i++;
  return { options: cmd.words.slice(0, i), positional: cmd.words.slice(i) };
}

export function optionName(word: string): string {
  const eq = word.indexOf('=');
  return eq >= 0 ? word.slice(0, eq + 1) : word;
}

export function checkLegacyArgs(cmd: LegacyCommand): Diagnostic[] {
  const info = legacyCommands[cmd.name];
  if (!info) return [];
  const out: Diagnostic[] = [];
  const at = (w: LegacyWord, s = 0, e = w.text.length) => range(cmd.line, w.start + s, w.start + Math.max(e, s + 1));
  const { options, positional } = splitOptions(cmd, info);
  for (const o of options) {
    const name = optionName(o.text);
    const known = info.options?.[name] ?? (cmd.name === 'password' ? info.options?.['--md5'] : undefined);
    if (!info.options?.[name]) {
      if (cmd.name === 'password') continue; // GRUB accepts any `--TYPE` here and refuses the password at boot.
      out.push({
        range: at(o),
        severity: 'error',
        code: 'grub/invalid-argument',
        message: `"${cmd.name}" has no option "${name}"${cmd.name === 'kernel' ? '; GRUB takes it as the kernel file name and stops with "Error 1"' : ''}. Its options: ${Object.keys(info.options ?? {}).join(', ')}.`,
      });
      continue;
    }
    const values = known ? optionValues(known) : undefined;
    if (values && name.endsWith('=')) {
      const v = o.text.slice(name.length);
      // GRUB compares prefixes (`--type=multiboot2` reads as multiboot), so check the word exactly.
      if (!values.includes(v)) {
        const prefix = values.find((x) => v.startsWith(x));
        out.push({
          range: at(o, name.length, o.text.length),
          severity: prefix ? 'warning' : 'error',
          code: 'grub/invalid-argument',
          message: prefix
            ? `GRUB legacy only compares the start of the value, so it reads "${v}" as "${prefix}". Write ${name}${prefix}.`
            : `"${v}" is not a value of ${name.slice(0, -1)}: use ${values.join(', ')}.`,
        });
      }
    }
  }
  const specs = info.args.map(parseSpec);
  let wi = 0;
  for (const spec of specs) {
    if (spec.kind === 'text') {
      wi = positional.length;
      break;
    }
    if (wi >= positional.length) {
      if (!spec.optional) {
        out.push({
          range: range(cmd.line, cmd.nameStart, cmd.nameEnd),
          severity: 'error',
          code: 'grub/argument-count',
          message: `"${cmd.name}" needs ${specs.filter((s) => !s.optional).length === 1 ? 'an argument' : 'more arguments'}: ${info.usage}.`,
        });
      }
      break;
    }
    const take = spec.repeat ? positional.length - wi : 1;
    for (let k = 0; k < take; k++) {
      const d = checkWord(cmd, positional[wi], spec.kind);
      if (d) out.push(d);
      wi++;
    }
  }
  if (wi < positional.length) {
    const first = positional[wi];
    const last = positional[positional.length - 1];
    out.push({
      range: range(cmd.line, first.start, last.end),
      severity: 'warning',
      code: 'grub/argument-count',
      message: `"${cmd.name}" takes ${info.args.length === 0 ? 'no arguments' : `at most ${info.args.length}`} (${info.usage}); GRUB ignores the rest.`,
      tags: ['unnecessary'],
    });
  }
  return out;
}

function checkWord(cmd: LegacyCommand, w: LegacyWord, kind: string): Diagnostic | undefined {
  const r = (s = 0, e = w.text.length) => range(cmd.line, w.start + s, w.start + Math.max(e, s + 1));
  const t = w.text;
  const bad = (message: string, code = 'grub/invalid-argument', s?: number, e?: number): Diagnostic => ({
    range: r(s, e),
    severity: 'error',
    code,
    message,
  });
  if (kind === 'file') {
    const f = parseLegacyFile(t);
    if (!f.error) return undefined;
    const deviceProblem = f.device?.error !== undefined;
    return bad(
      f.error.message,
      deviceProblem ? 'grub/malformed-device' : 'grub/bad-file-name',
      f.error.start,
      f.error.end,
    );
  }
  if (kind === 'device' || kind === 'drive' || kind === 'partition') {
    if (!t.startsWith('(')) {
      const hint = /^\/dev\/[sh]d[a-z]\d*$/.test(t)
        ? ` GRUB legacy names disks by BIOS order and counts partitions from 0, so ${t} is usually ${linuxToLegacy(t)}.`
        : '';
      return bad(`"${cmd.name}" needs a GRUB device in parentheses, such as (hd0,0).${hint}`, 'grub/malformed-device');
    }
    const d = parseLegacyDevice(t, 0);
    if (d.error) return bad(d.error.message, 'grub/malformed-device', d.error.start, d.error.end);
    if (d.end < t.length)
      return bad(
        `"${cmd.name}" takes a device alone; "${t.slice(d.end)}" after it is not read as intended.`,
        'grub/malformed-device',
        d.end,
        t.length,
      );
    if (kind === 'drive' && (d.partition !== undefined || d.bsd))
      return bad(`"${cmd.name}" takes a whole drive, such as (hd0), not a partition.`, 'grub/malformed-device');
    if (kind === 'partition' && d.partition === undefined)
      return bad(`"${cmd.name}" takes a partition, such as (hd0,0).`, 'grub/malformed-device');
    return undefined;
  }
  if (kind === 'number')
    return NUMBER.test(t)
      ? undefined
      : bad(`"${t}" is not a number: GRUB stops with "Error 23: Error while parsing number".`);
  if (kind.startsWith('enum-or-number:')) {
    const word = kind.slice('enum-or-number:'.length);
    return NUMBER.test(t) || t === word
      ? undefined
      : bad(`"${t}" is neither an entry number (counted from 0) nor "${word}".`);
  }
  if (kind.startsWith('enum:')) {
    const values = kind.slice(5).split('|');
    return values.includes(t) ? undefined : bad(`"${t}" is not accepted here: use ${values.join(', ')}.`);
  }
  if (kind === 'color') {
    if (NUMBER.test(t)) return undefined;
    const m = /^(blink-)?([a-z-]+)\/([a-z-]+)$/.exec(t);
    if (!m) return bad(`"${t}" is not a colour pair: write FOREGROUND/BACKGROUND, for example light-gray/blue.`);
    if (!COLORS.includes(m[2]))
      return bad(
        `"${m[2]}" is not a GRUB colour: use one of ${COLORS.join(', ')}.`,
        undefined,
        (m[1] ?? '').length,
        (m[1] ?? '').length + m[2].length,
      );
    if (!COLORS.slice(0, 8).includes(m[3]))
      return bad(
        `"${m[3]}" cannot be a background colour: use one of ${COLORS.slice(0, 8).join(', ')}.`,
        undefined,
        t.length - m[3].length,
        t.length,
      );
    return undefined;
  }
  return undefined;
}

function linuxToLegacy(dev: string): string {
  const m = /^\/dev\/[sh]d([a-z])(\d*)$/.exec(dev)!;
  const disk = m[1].charCodeAt(0) - 97;
  return m[2] ? `(hd${disk},${Number(m[2]) - 1})` : `(hd${disk})`;
}
