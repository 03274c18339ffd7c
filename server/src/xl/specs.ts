// Reads the spec strings inside list options (disk, vif, pci, channel, vfb, usbdev, usbctrl,
// vtpm) the way xl splits them, and reports what xl would reject. Offsets are in the string's
// value (quotes and escapes already removed); the caller maps them to the document. Disk specs
// are read in diskSpec.ts; the shared types and helpers are in specCommon.ts.
import { append } from '../core/text';
import { specs } from './knowledge';
import { checkDisk } from './diskSpec';
import {
  checkValue,
  fieldAvailable,
  pieces,
  unknownField,
  type SpecPart,
  type SpecProblem,
  type SpecResult,
} from './specCommon';

export type { DiskReading, SpecCode, SpecPart, SpecProblem, SpecResult } from './specCommon';

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Key=value specs (vif, channel, vfb, usbdev, usbctrl, vtpm, pci after its BDF). */
function checkKeyValues(
  spec: string,
  text: string,
  rel: string,
  from: number,
  severity: SpecProblem['severity'],
): SpecResult {
  const info = specs[spec];
  const parts: SpecPart[] = [];
  const problems: SpecProblem[] = [];
  for (const piece of pieces(text)) {
    if (piece.start < from) continue;
    const { s, start, end } = piece;
    if (s === '' && end === text.length && start === text.length) continue;
    const eq = s.indexOf('=');
    const name = eq < 0 ? s : s.slice(0, eq);
    const f = info.fields[name];
    const part: SpecPart = {
      field: name,
      start,
      end,
      valueStart: eq < 0 ? start : start + eq + 1,
      value: eq < 0 ? '' : s.slice(eq + 1),
    };
    parts.push(part);
    if (s === '') {
      problems.push({
        code: 'xl/bad-spec-value',
        severity,
        start,
        end: start,
        message: `Empty item in the ${spec} spec (two commas in a row?).`,
      });
      continue;
    }
    if (!f || !fieldAvailable(f, rel) || eq < 0 !== !!f.flag) {
      if (f && fieldAvailable(f, rel) && !f.flag)
        problems.push({
          code: 'xl/bad-spec-value',
          severity,
          start,
          end,
          message: `"${name}" in a ${spec} spec needs a value: ${name}=….`,
        });
      else problems.push(unknownField(spec, info, name, start, start + name.length, rel, severity));
      continue;
    }
    if (f.deprecated) {
      problems.push({
        code: 'xl/deprecated-spec-syntax',
        severity: 'warning',
        start,
        end: start + name.length,
        message: f.successor
          ? `"${name}" is the old name of "${f.successor}".`
          : `xl ignores "${name}" in a ${spec} spec.`,
        fix: f.successor
          ? { title: `Change to "${f.successor}"`, start, end: start + name.length, newText: f.successor }
          : undefined,
      });
    }
    if (spec === 'vif' && name === 'mac') {
      const mac = part.value;
      if (!MAC.test(mac)) {
        problems.push({
          code: 'xl/bad-mac-address',
          severity: 'error',
          start: part.valueStart,
          end: part.valueStart + mac.length,
          message: `"${mac}" is not a MAC address: write six two-digit hex numbers separated by colons, such as 00:16:3e:12:34:56.`,
        });
      } else if (parseInt(mac.slice(0, 2), 16) & 1) {
        problems.push({
          code: 'xl/bad-mac-address',
          severity: 'error',
          start: part.valueStart,
          end: part.valueStart + 2,
          message: `"${mac}" is a multicast address (its first byte is odd); a network card needs a unicast address, for example 00:16:3e:… or one with the first byte 02.`,
        });
      }
      continue;
    }
    if (spec === 'vif' && name === 'rate') {
      // libxlu_vif.c: RATE is digits, an optional G/M/K, B or b, "/s"; INTERVAL digits, optional m/u, optional s.
      const [rate, interval, extra] = part.value.split('@');
      if (
        !/^[0-9]+[GMK]?[Bb]\/s$/.test(rate) ||
        (interval !== undefined && !/^[0-9]+[mu]?s?$/.test(interval)) ||
        extra !== undefined
      ) {
        problems.push({
          code: 'xl/bad-spec-value',
          severity: 'error',
          start: part.valueStart,
          end: part.valueStart + part.value.length,
          message: `"${part.value}" is not a vif rate; write RATE[@INTERVAL] such as 10Mb/s, 100MB/s@20ms (units G, M, K; b bits or B bytes).`,
        });
      }
      continue;
    }
    const bad = checkValue(spec, name, f, part.value, part.valueStart, rel);
    if (bad)
      problems.push({
        ...bad,
        severity: bad.severity === 'error' ? (severity === 'hint' ? 'hint' : bad.severity) : bad.severity,
      });
  }
  if (spec === 'channel') {
    const conn = parts.find((p) => p.field === 'connection');
    if (!parts.some((p) => p.field === 'name'))
      problems.push({
        code: 'xl/missing-spec-field',
        severity: 'error',
        start: 0,
        end: text.length,
        message: 'A channel needs a name=… (the name the guest finds it by).',
      });
    if (!conn)
      problems.push({
        code: 'xl/missing-spec-field',
        severity: 'error',
        start: 0,
        end: text.length,
        message: 'A channel needs connection=pty or connection=socket.',
      });
    else if (conn.value === 'socket' && !parts.some((p) => p.field === 'path'))
      problems.push({
        code: 'xl/missing-spec-field',
        severity: 'error',
        start: conn.start,
        end: conn.end,
        message: 'connection=socket needs path=… for the socket.',
      });
  }
  return { parts, problems };
}

const BDF = /^(?:[0-9a-fA-F]{1,4}:)?[0-9a-fA-F]{1,2}:[0-9a-fA-F]{1,2}\.([0-9a-fA-F]+|\*)$/;

function checkPci(text: string, rel: string): SpecResult {
  const first = pieces(text)[0];
  const parts: SpecPart[] = [];
  const problems: SpecProblem[] = [];
  let from = 0;
  if (first && !first.s.includes('=')) {
    const [bdf, vslot] = first.s.split('@');
    const m = BDF.exec(bdf);
    parts.push({
      field: 'bdf',
      start: first.start,
      end: first.start + bdf.length,
      valueStart: first.start,
      value: bdf,
      positional: true,
    });
    if (!m) {
      problems.push({
        code: 'xl/bad-spec-value',
        severity: 'error',
        start: first.start,
        end: first.start + bdf.length,
        message: `"${bdf}" is not a PCI address: write [DDDD:]BB:DD.F in hex, as lspci prints it (for example 0000:03:00.0).`,
      });
    } else if (m[1] !== '*' && parseInt(m[1], 16) > 7) {
      problems.push({
        code: 'xl/bad-spec-value',
        severity: 'error',
        start: first.start + bdf.lastIndexOf('.') + 1,
        end: first.start + bdf.length,
        message: 'A PCI function number is 0 to 7.',
      });
    }
    if (vslot !== undefined) {
      const at = first.start + bdf.length + 1;
      parts.push({
        field: 'vslot',
        start: at - 1,
        end: at + vslot.length,
        valueStart: at,
        value: vslot,
        positional: true,
      });
      if (!/^(0x)?[0-9a-fA-F]+$/.test(vslot))
        problems.push({
          code: 'xl/bad-spec-value',
          severity: 'error',
          start: at,
          end: at + vslot.length,
          message: `"${vslot}" is not a virtual slot number (hex).`,
        });
    }
    from = first.end + 1;
  }
  const rest = checkKeyValues('pci', text, rel, from, 'error');
  append(parts, rest.parts);
  append(problems, rest.problems);
  if (!parts.some((p) => p.field === 'bdf' || p.field === 'name') && !problems.length) {
    problems.push({
      code: 'xl/missing-spec-field',
      severity: 'error',
      start: 0,
      end: text.length,
      message: 'A pci spec needs the device: a BDF such as 03:00.0 (or name=… for an assignable device).',
    });
  }
  return { parts, problems };
}

/** The spec kinds this module reads, with how strictly xl treats unknown fields. */
const STRICTNESS: Record<string, SpecProblem['severity']> = {
  vif: 'warning',
  vfb: 'warning',
  vtpm: 'warning',
  channel: 'error',
  usbdev: 'error',
  usbctrl: 'error',
};

export function isSpecKey(key: string): boolean {
  return key === 'disk' || key === 'pci' || key in STRICTNESS;
}

export function checkSpec(key: string, text: string, rel: string): SpecResult {
  if (key === 'disk') return checkDisk(text, rel);
  if (key === 'pci') return checkPci(text, rel);
  return checkKeyValues(key, text, rel, 0, STRICTNESS[key] ?? 'warning');
}
