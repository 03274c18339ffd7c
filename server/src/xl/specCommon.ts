// What the spec readers share (specs.ts, diskSpec.ts): the result types, comma splitting, field
// availability per release, and the messages for unknown fields and bad values.
import { didYouMean } from '../core/text';
import { compareReleases, type SpecField, type SpecInfo } from './knowledge';

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

export type SpecCode =
  | 'xl/unknown-spec-field'
  | 'xl/bad-spec-value'
  | 'xl/bad-mac-address'
  | 'xl/missing-spec-field'
  | 'xl/deprecated-spec-syntax';
export interface SpecProblem {
  code: SpecCode;
  severity: 'error' | 'warning' | 'info' | 'hint';
  start: number;
  end: number;
  message: string;
  /** `more`: further edits of the same fix (offsets in the same string). */
  fix?: {
    title: string;
    start: number;
    end: number;
    newText: string;
    more?: Array<{ start: number; end: number; newText: string }>;
  };
}

/** What xl's disk parser makes of a disk spec (only for disk specs). */
export interface DiskReading {
  target?: string;
  vdev?: string;
  /** raw, qcow, qcow2, vhd, qed or empty, as xlu_disk_parse leaves it. */
  format: string;
  readwrite: boolean;
  cdrom: boolean;
  script?: string;
  backend?: string;
  /** Whether xlu_disk_parse itself refuses the spec (errors found later, when the guest starts, are not counted). */
  parseError: boolean;
}

export interface SpecResult {
  parts: SpecPart[];
  problems: SpecProblem[];
  disk?: DiskReading;
}

/** Splits at commas, recording each piece's offsets; leading blanks are skipped like xl does. */
export function pieces(text: string): Array<{ s: string; start: number; end: number }> {
  const out: Array<{ s: string; start: number; end: number }> = [];
  let at = 0;
  for (const raw of text.split(',')) {
    const lead = raw.length - raw.replace(/^[ \t\n]+/, '').length;
    out.push({ s: raw.slice(lead), start: at + lead, end: at + raw.length });
    at += raw.length + 1;
  }
  return out;
}

export function fieldAvailable(f: SpecField | undefined, rel: string): boolean {
  return !!f && compareReleases(f.since, rel) <= 0;
}

export function unknownField(
  spec: string,
  info: SpecInfo,
  name: string,
  start: number,
  end: number,
  rel: string,
  severity: SpecProblem['severity'],
): SpecProblem {
  const f = info.fields[name];
  if (f && !fieldAvailable(f, rel)) {
    return {
      code: 'xl/unknown-spec-field',
      severity,
      start,
      end,
      message: `"${name}" in a ${spec} spec needs Xen ${f.since} or later (checking against ${rel}).`,
    };
  }
  const names = Object.entries(info.fields)
    .filter(([, x]) => fieldAvailable(x, rel))
    .map(([n]) => n);
  const near = didYouMean(name, names);
  return {
    code: 'xl/unknown-spec-field',
    severity,
    start,
    end,
    message: `xl does not know "${name}" in a ${spec} spec${severity === 'error' ? ' and refuses the device' : ' and ignores it'}.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
    fix: near.length ? { title: `Change to "${near[0]}"`, start, end, newText: near[0] } : undefined,
  };
}

export function checkValue(
  spec: string,
  name: string,
  f: SpecField,
  value: string,
  start: number,
  rel: string,
): SpecProblem | undefined {
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
    code: 'xl/bad-spec-value',
    severity: 'error',
    start,
    end: start + value.length,
    message: since
      ? `${spec} ${name}="${value}" needs Xen ${since} or later (checking against ${rel}).`
      : `"${value}" is not a valid ${name} in a ${spec} spec; xl accepts ${allowed.map((v) => `"${v}"`).join(', ')}.`,
  };
}
