// Reads the spec strings inside list options (disk, vif, pci, channel, vfb, usbdev, usbctrl,
// vtpm) the way xl splits them, and reports what xl would reject. Offsets are in the string's
// value (quotes and escapes already removed); the caller maps them to the document.
import { didYouMean } from '../service/text';
import { compareReleases, specs, type SpecField, type SpecInfo } from './knowledge';

export interface SpecPart {
  /** Field name the part sets (positional parts get their position's name). */
  field?: string;
  start: number;
  end: number;
  /** Where the value starts (after `key=`), or `start` for positional parts and flags. */
  valueStart: number;
  value: string;
  positional?: boolean;
}

export type SpecCode = 'xl/unknown-spec-field' | 'xl/bad-spec-value' | 'xl/bad-mac-address' | 'xl/missing-spec-field' | 'xl/deprecated-spec-syntax';
export interface SpecProblem {
  code: SpecCode;
  severity: 'error' | 'warning' | 'info' | 'hint';
  start: number;
  end: number;
  message: string;
  fix?: { title: string; start: number; end: number; newText: string };
}

export interface SpecResult { parts: SpecPart[]; problems: SpecProblem[] }

/** Splits at commas, recording each piece's offsets; leading blanks are skipped like xl does. */
function pieces(text: string): Array<{ s: string; start: number; end: number }> {
  const out: Array<{ s: string; start: number; end: number }> = [];
  let at = 0;
  for (const raw of text.split(',')) {
    const lead = raw.length - raw.replace(/^[ \t\n]+/, '').length;
    out.push({ s: raw.slice(lead), start: at + lead, end: at + raw.length });
    at += raw.length + 1;
  }
  return out;
}

function fieldAvailable(f: SpecField | undefined, rel: string): boolean {
  return !!f && compareReleases(f.since, rel) <= 0;
}

function unknownField(spec: string, info: SpecInfo, name: string, start: number, end: number, rel: string, severity: SpecProblem['severity']): SpecProblem {
  const f = info.fields[name];
  if (f && !fieldAvailable(f, rel)) {
    return { code: 'xl/unknown-spec-field', severity, start, end, message: `"${name}" in a ${spec} spec needs Xen ${f.since} or later (checking against ${rel}).` };
  }
  const names = Object.entries(info.fields).filter(([, x]) => fieldAvailable(x, rel)).map(([n]) => n);
  const near = didYouMean(name, names);
  return {
    code: 'xl/unknown-spec-field', severity, start, end,
    message: `xl does not know "${name}" in a ${spec} spec${severity === 'error' ? ' and refuses the device' : ' and ignores it'}.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
    fix: near.length ? { title: `Change to "${near[0]}"`, start, end, newText: near[0] } : undefined,
  };
}

function checkValue(spec: string, name: string, f: SpecField, value: string, start: number, rel: string): SpecProblem | undefined {
  if (!f.values) return undefined;
  const boolish = f.values.every((v) => v === '0' || v === '1');
  if (boolish) {
    if (/^-?\d+$/.test(value)) return undefined;
  } else if (f.values.includes(value) && compareReleases(f.valueSince?.[value] ?? f.since, rel) <= 0) {
    return undefined;
  } else if (value === '' && (name === 'format' || name === 'access')) {
    return undefined;
  }
  const since = f.valueSince?.[value];
  const allowed = f.values.filter((v) => compareReleases(f.valueSince?.[v] ?? f.since, rel) <= 0);
  return {
    code: 'xl/bad-spec-value', severity: 'error', start, end: start + value.length,
    message: since
      ? `${spec} ${name}="${value}" needs Xen ${since} or later (checking against ${rel}).`
      : `"${value}" is not a valid ${name} in a ${spec} spec; xl accepts ${allowed.map((v) => `"${v}"`).join(', ')}.`,
  };
}

function checkDisk(text: string, rel: string): SpecResult {
  const info = specs.disk;
  const parts: SpecPart[] = [];
  const problems: SpecProblem[] = [];
  const filled = new Map<string, SpecPart>();
  let deprPrefix = false;
  let i = 0;
  const positional = info.positional!;
  while (i <= text.length) {
    while (i < text.length && ' \t\n'.includes(text[i])) i++;
    if (i >= text.length && parts.length > 0) break;
    const rest = text.slice(i);
    if (rest.startsWith('target=')) {
      const p: SpecPart = { field: 'target', start: i, end: text.length, valueStart: i + 7, value: rest.slice(7) };
      parts.push(p); filled.set('target', p);
      break;
    }
    const prefix = /^([a-z][a-z0-9]*):(?=$|[^a-z0-9])/.exec(rest);
    if (prefix && !filled.has('target')) {
      const what = info.deprecatedPrefixes?.[prefix[1]];
      const end = i + prefix[0].length;
      if (!what) {
        problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: i, end, message: `xl does not know the disk prefix "${prefix[0]}" and refuses the disk.` });
      } else {
        deprPrefix = true;
        const p: SpecPart = { field: what === 'ignored' ? undefined : what, start: i, end, valueStart: i, value: prefix[1] };
        parts.push(p);
        if (what !== 'ignored') filled.set(what, p);
        problems.push({
          code: 'xl/deprecated-spec-syntax', severity: 'hint', start: i, end,
          fix: what === 'ignored' ? { title: `Remove "${prefix[0]}"`, start: i, end, newText: '' } : undefined,
          message: what === 'ignored'
            ? `The "${prefix[0]}" prefix is a leftover from xend; xl ignores it.`
            : `The "${prefix[0]}" prefix is the old way to set ${what === 'format' ? `format=${prefix[1]}` : `script=block-${prefix[1]}`}.`,
        });
      }
      i = end;
      continue;
    }
    const comma = text.indexOf(',', i);
    const stop = comma < 0 ? text.length : comma;
    const tok = text.slice(i, stop);
    const kv = /^([a-z][-a-z0-9_]*)=(.*)$/s.exec(tok);
    if (kv) {
      const name = kv[1];
      const f = info.fields[name];
      const p: SpecPart = { field: name, start: i, end: stop, valueStart: i + name.length + 1, value: kv[2] };
      parts.push(p);
      if (!f || f.flag || !fieldAvailable(f, rel)) problems.push(unknownField('disk', info, name, i, i + name.length, rel, 'error'));
      else {
        const bad = checkValue('disk', name, f, kv[2], p.valueStart, rel);
        if (bad) problems.push(bad);
        filled.set(name, p);
      }
    } else if (tok.includes('=')) {
      problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: i, end: stop, message: `xl cannot read "${tok}" in a disk spec.` });
    } else if (info.fields[tok]?.flag && tok !== '') {
      const f = info.fields[tok];
      parts.push({ field: tok, start: i, end: stop, valueStart: i, value: tok });
      if (!fieldAvailable(f, rel)) problems.push(unknownField('disk', info, tok, i, stop, rel, 'error'));
      if (tok === 'cdrom') filled.set('devtype', parts[parts.length - 1]);
    } else {
      // Positional: target, then format (unless a prefix gave it), then vdev, then access.
      let slot = positional.find((n) => !filled.has(n) && !(n === 'format' && deprPrefix));
      if (slot === 'format' && filled.get('target')?.value === '' && tok.includes(':')) slot = 'vdev';
      const p: SpecPart = { field: slot, start: i, end: stop, valueStart: i, value: tok, positional: true };
      parts.push(p);
      if (!slot) {
        problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: i, end: stop, message: 'Too many positional values: a disk spec takes at most target, format, vdev and access.' });
      } else {
        filled.set(slot, p);
        if (slot === 'vdev' && tok.includes(':')) {
          const [vdev, devtype] = [tok.slice(0, tok.lastIndexOf(':')), tok.slice(tok.lastIndexOf(':') + 1)];
          p.value = vdev;
          if (devtype !== 'cdrom' && devtype !== 'disk') {
            problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: i + vdev.length + 1, end: stop, message: `"${devtype}" after the vdev is not a device type; xl accepts ":cdrom" or ":disk".` });
          } else {
            problems.push({ code: 'xl/deprecated-spec-syntax', severity: 'hint', start: i + vdev.length, end: stop, message: `"${tok}" is the old way to write vdev=${vdev}, devtype=${devtype}.` });
          }
        } else if (slot === 'format' && !info.fields.format.values!.includes(tok) && tok !== '') {
          const looksVdev = /^(xvd|hd|sd|vd)[a-z]+\d*$/.test(tok);
          const target = filled.get('target')!;
          problems.push({
            code: 'xl/bad-spec-value', severity: 'error', start: i, end: stop,
            message: looksVdev
              ? `xl reads the second position of a disk spec as the format, so "${tok}" is taken as an (unknown) format. Leave the format empty ("${target.value},,${tok}…") or name the fields (vdev=${tok}).`
              : `"${tok}" is not a disk format; xl accepts raw, qcow, qcow2, vhd, qed or empty.`,
            fix: looksVdev ? { title: 'Insert an empty format', start: i, end: i, newText: ',' } : undefined,
          });
        } else if (slot !== 'target') {
          const bad = checkValue('disk', slot, info.fields[slot], tok, i, rel);
          // After an old prefix (phy:, file:…) the format position does not exist, so values shift.
          if (bad && deprPrefix && slot === 'access') bad.message += ' After a prefix such as "phy:" the positions are target, vdev, access: drop the format or the prefix.';
          if (bad) problems.push(bad);
        }
      }
    }
    if (comma < 0) break;
    i = comma + 1;
  }
  const empty = filled.get('target')?.value === '' || !filled.has('target');
  const cdrom = filled.get('devtype')?.value === 'cdrom' || filled.get('devtype')?.field === 'cdrom';
  if (!filled.has('vdev') && problems.every((p) => p.severity !== 'error')) {
    problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: 0, end: text.length, message: 'This disk spec names no vdev (the device name the guest sees, such as xvda); xl refuses it.' });
  }
  if (empty && !cdrom && filled.has('vdev') && problems.every((p) => p.severity !== 'error')) {
    problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: 0, end: text.length, message: 'This disk spec has no target (the image or device backing it); only a CD-ROM drive may be empty.' });
  }
  return { parts, problems };
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Key=value specs (vif, channel, vfb, usbdev, usbctrl, vtpm, pci after its BDF). */
function checkKeyValues(spec: string, text: string, rel: string, from: number, severity: SpecProblem['severity']): SpecResult {
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
    const part: SpecPart = { field: name, start, end, valueStart: eq < 0 ? start : start + eq + 1, value: eq < 0 ? '' : s.slice(eq + 1) };
    parts.push(part);
    if (s === '') { problems.push({ code: 'xl/bad-spec-value', severity, start, end: start, message: `Empty item in the ${spec} spec (two commas in a row?).` }); continue; }
    if (!f || !fieldAvailable(f, rel) || (eq < 0) !== !!f.flag) {
      if (f && fieldAvailable(f, rel) && !f.flag) problems.push({ code: 'xl/bad-spec-value', severity, start, end, message: `"${name}" in a ${spec} spec needs a value: ${name}=….` });
      else problems.push(unknownField(spec, info, name, start, start + name.length, rel, severity));
      continue;
    }
    if (f.deprecated) {
      problems.push({ code: 'xl/deprecated-spec-syntax', severity: 'warning', start, end: start + name.length, message: f.successor ? `"${name}" is the old name of "${f.successor}".` : `xl ignores "${name}" in a ${spec} spec.`, fix: f.successor ? { title: `Change to "${f.successor}"`, start, end: start + name.length, newText: f.successor } : undefined });
    }
    if (spec === 'vif' && name === 'mac') {
      const mac = part.value;
      if (!MAC.test(mac)) {
        problems.push({ code: 'xl/bad-mac-address', severity: 'error', start: part.valueStart, end: part.valueStart + mac.length, message: `"${mac}" is not a MAC address: write six two-digit hex numbers separated by colons, such as 00:16:3e:12:34:56.` });
      } else if (parseInt(mac.slice(0, 2), 16) & 1) {
        problems.push({ code: 'xl/bad-mac-address', severity: 'error', start: part.valueStart, end: part.valueStart + 2, message: `"${mac}" is a multicast address (its first byte is odd); a network card needs a unicast address, for example 00:16:3e:… or one with the first byte 02.` });
      }
      continue;
    }
    if (spec === 'vif' && name === 'rate') {
      // libxlu_vif.c: RATE is digits, an optional G/M/K, B or b, "/s"; INTERVAL digits, optional m/u, optional s.
      const [rate, interval, extra] = part.value.split('@');
      if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(rate) || (interval !== undefined && !/^[0-9]+[mu]?s?$/.test(interval)) || extra !== undefined) {
        problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: part.valueStart, end: part.valueStart + part.value.length, message: `"${part.value}" is not a vif rate; write RATE[@INTERVAL] such as 10Mb/s, 100MB/s@20ms (units G, M, K; b bits or B bytes).` });
      }
      continue;
    }
    const bad = checkValue(spec, name, f, part.value, part.valueStart, rel);
    if (bad) problems.push({ ...bad, severity: bad.severity === 'error' ? (severity === 'hint' ? 'hint' : bad.severity) : bad.severity });
  }
  if (spec === 'channel') {
    const conn = parts.find((p) => p.field === 'connection');
    if (!parts.some((p) => p.field === 'name')) problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: 0, end: text.length, message: 'A channel needs a name=… (the name the guest finds it by).' });
    if (!conn) problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: 0, end: text.length, message: 'A channel needs connection=pty or connection=socket.' });
    else if (conn.value === 'socket' && !parts.some((p) => p.field === 'path')) problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: conn.start, end: conn.end, message: 'connection=socket needs path=… for the socket.' });
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
    parts.push({ field: 'bdf', start: first.start, end: first.start + bdf.length, valueStart: first.start, value: bdf, positional: true });
    if (!m) {
      problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: first.start, end: first.start + bdf.length, message: `"${bdf}" is not a PCI address: write [DDDD:]BB:DD.F in hex, as lspci prints it (for example 0000:03:00.0).` });
    } else if (m[1] !== '*' && parseInt(m[1], 16) > 7) {
      problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: first.start + bdf.lastIndexOf('.') + 1, end: first.start + bdf.length, message: 'A PCI function number is 0 to 7.' });
    }
    if (vslot !== undefined) {
      const at = first.start + bdf.length + 1;
      parts.push({ field: 'vslot', start: at - 1, end: at + vslot.length, valueStart: at, value: vslot, positional: true });
      if (!/^(0x)?[0-9a-fA-F]+$/.test(vslot)) problems.push({ code: 'xl/bad-spec-value', severity: 'error', start: at, end: at + vslot.length, message: `"${vslot}" is not a virtual slot number (hex).` });
    }
    from = first.end + 1;
  }
  const rest = checkKeyValues('pci', text, rel, from, 'error');
  parts.push(...rest.parts);
  problems.push(...rest.problems);
  if (!parts.some((p) => p.field === 'bdf' || p.field === 'name') && !problems.length) {
    problems.push({ code: 'xl/missing-spec-field', severity: 'error', start: 0, end: text.length, message: 'A pci spec needs the device: a BDF such as 03:00.0 (or name=… for an assignable device).' });
  }
  return { parts, problems };
}

/** The spec kinds this module reads, with how strictly xl treats unknown fields. */
const STRICTNESS: Record<string, SpecProblem['severity']> = { vif: 'warning', vfb: 'warning', vtpm: 'warning', channel: 'error', usbdev: 'error', usbctrl: 'error' };

export function isSpecKey(key: string): boolean {
  return key === 'disk' || key === 'pci' || key in STRICTNESS;
}

export function checkSpec(key: string, text: string, rel: string): SpecResult {
  if (key === 'disk') return checkDisk(text, rel);
  if (key === 'pci') return checkPci(text, rel);
  return checkKeyValues(key, text, rel, 0, STRICTNESS[key] ?? 'warning');
}
