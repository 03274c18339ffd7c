// Disk specs (disk=[…] items): an emulation of xl's flex lexer for them, libxlu_disk_l.l, with
// what xlu_disk_parse would make of each spec and what it would refuse.
import { compareReleases, specs } from './knowledge';
import {
  checkValue,
  fieldAvailable,
  unknownField,
  type DiskReading,
  type SpecCode,
  type SpecPart,
  type SpecProblem,
  type SpecResult,
} from './specCommon';

// ---- disk specs: an emulation of xl's flex lexer (libxlu_disk_l.l) ----
//
// flex picks, at each position, the rule with the longest match (trailing context `/…` counts
// towards the length); ties go to the rule written first. The rules and their order below follow
// the lexer file; which rules a release has comes from the `since` of each field in xl-specs.json.
// `.` in flex does not match a newline, hence `[^\n]` for it.

type DiskRule =
  | { kind: 'ws' }
  | { kind: 'keyword'; field: string }
  | { kind: 'flag'; field: string }
  | { kind: 'devtype'; value?: 'cdrom' | 'disk' }
  | { kind: 'grant'; value: '0' | '1' }
  | { kind: 'target' }
  | { kind: 'unknownParam' }
  | { kind: 'prefix'; name?: string }
  | { kind: 'positional' }
  | { kind: 'junk' };

/** The lexer's rules in the order the file writes them (fields gated by release at match time). */
const DISK_RULES: DiskRule[] = [
  { kind: 'ws' },
  { kind: 'keyword', field: 'format' },
  { kind: 'flag', field: 'cdrom' },
  { kind: 'devtype', value: 'cdrom' },
  { kind: 'devtype', value: 'disk' },
  { kind: 'devtype' },
  ...['access', 'backend', 'backendtype', 'specification', 'vdev', 'script'].map((field): DiskRule => ({
    kind: 'keyword',
    field,
  })),
  ...['direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo'].map((field): DiskRule => ({ kind: 'flag', field })),
  ...['colo-host', 'colo-port', 'colo-export', 'active-disk', 'hidden-disk'].map((field): DiskRule => ({
    kind: 'keyword',
    field,
  })),
  { kind: 'flag', field: 'trusted' },
  { kind: 'flag', field: 'untrusted' },
  { kind: 'grant', value: '1' },
  { kind: 'grant', value: '0' },
  { kind: 'target' },
  { kind: 'unknownParam' },
  { kind: 'prefix', name: 'raw|qcow|qcow2|vhd' },
  { kind: 'prefix', name: 'iscsi|nbd|enbd|drbd' },
  ...['tapdisk', 'tap|tap2', 'aio', 'ioemu', 'file', 'phy'].map((name): DiskRule => ({ kind: 'prefix', name })),
  { kind: 'prefix' },
  { kind: 'positional' },
  { kind: 'junk' },
];

const esc = (w: string) => w.replace(/[-.]/g, '\\$&');
const sticky = (src: string) => new RegExp(src, 'y');
const RE = {
  ws: sticky('[ \\t\\n]+'),
  wsTrail: sticky('(?:[^ \\t\\n][^\\n]*)?'),
  target: sticky('target=[^\\n]*'),
  unknownParam: sticky('[a-z][-a-z0-9]*=[^,],?'),
  anyPrefix: sticky('[a-z][a-z0-9]*:'),
  anyPrefixTrail: sticky('(?:[^a-z0-9][^\\n]*)?'),
  rest: sticky('[^\\n]*'),
  posComma: sticky('[^=,]*,'),
  posPlain: sticky('[^=,]+,?'),
};
const ruleRe = new Map<string, RegExp>();
function cached(src: string): RegExp {
  let r = ruleRe.get(src);
  if (!r) {
    r = sticky(src);
    ruleRe.set(src, r);
  }
  return r;
}

function run(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0].length : -1;
}

/** Length the rule matches at `at` (with trailing context) and the length of its text, or undefined. */
function matchRule(
  rule: DiskRule,
  text: string,
  at: number,
  has: (field: string) => boolean,
): { total: number; len: number } | undefined {
  const plain = (n: number) => (n > 0 ? { total: n, len: n } : undefined);
  switch (rule.kind) {
    case 'ws': {
      const n = run(RE.ws, text, at);
      if (n <= 0) return undefined;
      return { total: n + Math.max(0, run(RE.wsTrail, text, at + n)), len: n };
    }
    case 'keyword':
      return has(rule.field) ? plain(run(cached(`${esc(rule.field)}=[^,]*,?`), text, at)) : undefined;
    case 'flag':
      return has(rule.field) ? plain(run(cached(`${esc(rule.field)},?`), text, at)) : undefined;
    case 'devtype':
      return plain(run(cached(`devtype=${rule.value ?? '[^,]*'},?`), text, at));
    case 'grant':
      return has('grant_usage') ? plain(run(cached(`grant_usage=${rule.value},?`), text, at)) : undefined;
    case 'target':
      return plain(run(RE.target, text, at));
    case 'unknownParam':
      return plain(run(RE.unknownParam, text, at));
    case 'prefix': {
      if (rule.name) {
        const n = run(cached(`(?:${rule.name}):`), text, at);
        return n > 0 ? { total: n + run(RE.rest, text, at + n), len: n } : undefined;
      }
      const n = run(RE.anyPrefix, text, at);
      if (n <= 0) return undefined;
      const t = run(RE.anyPrefixTrail, text, at + n);
      return t < 0 ? undefined : { total: n + t, len: n };
    }
    case 'positional':
      return plain(Math.max(run(RE.posComma, text, at), run(RE.posPlain, text, at)));
    case 'junk':
      return text[at] !== undefined && text[at] !== '\n' ? { total: 1, len: 1 } : undefined;
  }
}

const FORMAT_WORDS = /^(xvd|hd|sd|vd)[a-z]+\d*$/;

export function checkDisk(text: string, rel: string): SpecResult {
  const info = specs.disk;
  const parts: SpecPart[] = [];
  const problems: SpecProblem[] = [];
  const has = (field: string) => fieldAvailable(info.fields[field], rel);
  /** Fields a rule of a later release would have matched (for "needs Xen X" instead of a puzzle). */
  const later = (field: string) => !!info.fields[field] && !has(field);
  const set = new Map<string, SpecPart>();
  const enums = new Map<string, string>();
  let targetPart: SpecPart | undefined;
  let format: string | undefined;
  let cdrom = false;
  let accessSet = false;
  let readwrite = true;
  let hadPrefix = false;
  let failed = false;
  const prefixes: Array<{ part: SpecPart; what: string }> = [];
  const error = (code: SpecCode, start: number, end: number, message: string, fix?: SpecProblem['fix']) => {
    problems.push({ code, severity: 'error', start, end, message, fix });
    failed = true;
  };
  const save = (field: string, p: SpecPart) => {
    const prev = set.get(field);
    // xl keeps the first non-empty value; a second one is an error ("respecified").
    if (prev && prev.value !== '' && field !== 'devtype') {
      error(
        'xl/bad-spec-value',
        p.start,
        p.end,
        `${field} is given twice in this disk spec (first as "${prev.value}"); xl refuses the disk.`,
      );
      return;
    }
    set.set(field, p);
  };
  const checkFormat = (p: SpecPart, positional: boolean) => {
    const v = p.value;
    const f = info.fields.format;
    if (v === '' || (f.values!.includes(v) && compareReleases(f.valueSince?.[v] ?? f.since, rel) <= 0)) {
      const name = v === '' ? 'raw' : v;
      if (format !== undefined && format !== name)
        error(
          'xl/bad-spec-value',
          p.start,
          p.end,
          `The format is given twice in this disk spec ("${format}", then "${name}"); xl refuses the disk.`,
        );
      format = name;
      return;
    }
    if (positional && FORMAT_WORDS.test(v)) {
      const target = targetPart?.value ?? '';
      error(
        'xl/bad-spec-value',
        p.start,
        p.end,
        `xl reads the second position of a disk spec as the format, so "${v}" is taken as an (unknown) format. Leave the format empty ("${target},,${v}…") or name the fields (vdev=${v}).`,
        { title: 'Insert an empty format', start: p.start, end: p.start, newText: ',' },
      );
      return;
    }
    const bad = checkValue('disk', 'format', f, v, p.valueStart, rel);
    if (bad) {
      problems.push(bad);
      failed = true;
    }
  };
  const vdevAndDevtype = (p: SpecPart): boolean => {
    const colon = p.value.lastIndexOf(':');
    if (colon < 0) return false;
    const vdev = p.value.slice(0, colon);
    const devtype = p.value.slice(colon + 1);
    const at = p.start + colon;
    p.field = 'vdev';
    p.value = vdev;
    save('vdev', p);
    if (devtype === 'cdrom') cdrom = true;
    else if (devtype === 'disk') cdrom = false;
    else {
      error(
        'xl/bad-spec-value',
        at + 1,
        p.end,
        `"${devtype}" after the vdev is not a device type; xl accepts ":cdrom" or ":disk".`,
      );
      return true;
    }
    problems.push({
      code: 'xl/deprecated-spec-syntax',
      severity: 'hint',
      start: at,
      end: p.end,
      message: `"${vdev}:${devtype}" is the old way to write vdev=${vdev}, devtype=${devtype}.`,
    });
    return true;
  };

  let i = 0;
  let quietFrom = -1;
  while (i < text.length) {
    if (quietFrom >= 0) {
      problems.splice(quietFrom);
      quietFrom = -1;
    }
    let best: { rule: DiskRule; total: number; len: number } | undefined;
    for (const rule of DISK_RULES) {
      const m = matchRule(rule, text, i, has);
      if (m && (!best || m.total > best.total)) best = { rule, ...m };
    }
    if (!best) break; // a lone newline the whitespace rule did not take cannot happen; stop safely
    const { rule, len } = best;
    const start = i;
    const end = i + len;
    const yy = text.slice(start, end);
    const body = yy.endsWith(',') && rule.kind !== 'target' ? yy.slice(0, -1) : yy;
    const stop = start + body.length;
    i = end;
    switch (rule.kind) {
      case 'ws':
        break;
      case 'keyword': {
        const name = rule.field;
        const p: SpecPart = {
          field: name,
          start,
          end: stop,
          valueStart: start + name.length + 1,
          value: body.slice(name.length + 1),
        };
        parts.push(p);
        if (name === 'format') {
          checkFormat(p, false);
          break;
        }
        if (name === 'access') {
          readwrite = !['r', 'ro'].includes(p.value);
          if (!['', 'r', 'ro', 'w', 'rw'].includes(p.value))
            error(
              'xl/bad-spec-value',
              p.valueStart,
              stop,
              `"${p.value}" is not a valid access in a disk spec; xl accepts "r", "ro", "w", "rw".`,
            );
          break;
        }
        if (name === 'colo-port') {
          if (!/^\s*[-+]?[1-9]/.test(p.value) && !/^\s*[-+]?0*[1-9]/.test(p.value))
            error('xl/bad-spec-value', p.valueStart, stop, `"${p.value}" is not a port number.`);
          break;
        }
        const f = info.fields[name];
        const bad = checkValue('disk', name, f, p.value, p.valueStart, rel);
        if (bad) {
          problems.push(bad);
          failed = true;
          break;
        }
        if (!f.values) save(name, p);
        else {
          // backendtype=, specification=: the same value again is fine, another one is refused.
          const prev = enums.get(name);
          if (prev !== undefined && prev !== p.value)
            error(
              'xl/bad-spec-value',
              p.start,
              stop,
              `${name} is given twice in this disk spec ("${prev}", then "${p.value}"); xl refuses the disk.`,
            );
          else enums.set(name, p.value);
        }
        break;
      }
      case 'flag': {
        parts.push({ field: rule.field, start, end: stop, valueStart: start, value: rule.field });
        if (rule.field === 'cdrom') cdrom = true;
        break;
      }
      case 'devtype': {
        const p: SpecPart = { field: 'devtype', start, end: stop, valueStart: start + 8, value: body.slice(8) };
        parts.push(p);
        if (rule.value) cdrom = rule.value === 'cdrom';
        else
          error(
            'xl/bad-spec-value',
            p.valueStart,
            stop,
            `"${p.value}" is not a valid devtype in a disk spec; xl accepts "cdrom", "disk".`,
          );
        break;
      }
      case 'grant':
        parts.push({ field: 'grant_usage', start, end: stop, valueStart: start + 12, value: rule.value });
        break;
      case 'target': {
        // target= takes the rest of the spec; only a final comma is dropped.
        const value = yy.slice(7).replace(/,$/, '');
        const p: SpecPart = { field: 'target', start, end: text.length, valueStart: start + 7, value };
        parts.push(p);
        if (targetPart && targetPart.value !== '')
          error(
            'xl/bad-spec-value',
            start,
            text.length,
            `The target is given twice in this disk spec (first as "${targetPart.value}"); xl refuses the disk.`,
          );
        else targetPart = p;
        break;
      }
      case 'unknownParam': {
        const name = yy.slice(0, yy.indexOf('='));
        const eq = text.indexOf(',', start);
        const whole = eq < 0 ? text.length : eq;
        parts.push({
          field: name,
          start,
          end: whole,
          valueStart: start + name.length + 1,
          value: text.slice(start + name.length + 1, whole),
        });
        problems.push(unknownField('disk', info, name, start, start + name.length, rel, 'error'));
        failed = true;
        break;
      }
      case 'prefix': {
        const name = yy.slice(0, -1);
        const what = info.deprecatedPrefixes?.[name];
        if (!what || !rule.name) {
          error(
            'xl/bad-spec-value',
            start,
            end,
            `xl does not know the disk prefix "${yy}" and refuses the disk. To use a path that contains ":", write target=… as the last item.`,
          );
          i = text.length; // the lexer stops here
          break;
        }
        hadPrefix = true;
        const p: SpecPart = {
          field: what === 'ignored' ? undefined : what,
          start,
          end,
          valueStart: start,
          value: name,
        };
        parts.push(p);
        prefixes.push({ part: p, what });
        if (what === 'format') checkFormat({ ...p, field: 'format', valueStart: start }, false);
        else if (what === 'script') {
          const sp: SpecPart = { ...p, field: 'script', value: `block-${name}` };
          save('script', sp);
        }
        break;
      }
      case 'positional': {
        const p: SpecPart = { start, end: stop, valueStart: start, value: body, positional: true };
        parts.push(p);
        // A field of a later release reads as a positional value here: say so instead.
        const key = /^([a-z][-a-z0-9_]*)(=|$)/.exec(body);
        if (key && later(key[1]) && !failed) {
          const f = info.fields[key[1]];
          if (f.sourceSince && compareReleases(f.sourceSince, rel) <= 0) {
            // The release's lexer source has the rule, but the parser its release builds compile
            // was generated before it: only a build that regenerates the parser accepts the word.
            // It reads the word as the next positional value (the target, the format …), so the
            // disk is refused or, as a target, silently wrong.
            problems.push({
              code: 'xl/unknown-spec-field',
              severity: 'warning',
              start,
              end: start + key[1].length,
              message: `xl ${rel} as released does not recognize "${key[1]}" in a disk spec: it reads the word as the next value by position (the target, format, vdev or access), which refuses the disk or names the wrong one; only builds that regenerate xl's disk parser know it (every build from Xen ${f.since} does). Remove it unless your xl is known to accept it.`,
            });
            // The warning says it all: what the word does by position counts (parseError), unsaid.
            quietFrom = problems.length;
          } else {
            problems.push(unknownField('disk', info, key[1], start, start + key[1].length, rel, 'error'));
            failed = true;
            break;
          }
        }
        if (failed) break; // xl: earlier errors may just lead to later ones
        if (!targetPart) {
          p.field = 'target';
          targetPart = p;
        } else if (!hadPrefix && format === undefined) {
          if (targetPart.value === '' && vdevAndDevtype(p)) format = 'empty';
          else {
            p.field = 'format';
            checkFormat(p, true);
          }
        } else if (!set.has('vdev')) {
          if (!vdevAndDevtype(p)) {
            p.field = 'vdev';
            save('vdev', p);
          }
        } else if (!accessSet) {
          accessSet = true;
          p.field = 'access';
          readwrite = !['r', 'ro'].includes(body);
          if (!['', 'r', 'ro', 'w', 'rw'].includes(body)) {
            const msg = `"${body}" is not a valid access in a disk spec; xl accepts "r", "ro", "w", "rw".`;
            error(
              'xl/bad-spec-value',
              start,
              stop,
              hadPrefix && !set.has('format') && prefixes.every((x) => x.what === 'ignored')
                ? `${msg} After a prefix such as "phy:" the positions are target, vdev, access: drop the format or the prefix.`
                : msg,
            );
          }
        } else {
          error(
            'xl/bad-spec-value',
            start,
            stop,
            'Too many positional values: a disk spec takes at most target, format, vdev and access.',
          );
          i = text.length;
        }
        break;
      }
      case 'junk': {
        // flex's `.` then `<LEXERR>.*`: the rest is one bad piece and the lexer stops; a single
        // byte at the very end is dropped (the lexer meets the end before reporting anything).
        if (start === text.length - 1 && text[start] < '\x80') {
          i = text.length;
          break;
        }
        const from = text.lastIndexOf(',', start - 1) + 1;
        const to = text.indexOf(',', start) < 0 ? text.length : text.indexOf(',', start);
        error('xl/bad-spec-value', from, to, `xl cannot read "${text.slice(from, to)}" in a disk spec.`);
        i = text.length;
        break;
      }
    }
  }
  if (quietFrom >= 0) problems.splice(quietFrom);
  // Hints for the xend-era prefixes, once the spec is read: removing an ignored prefix is safe when
  // another prefix remains, or when the format position is then filled in (",,").
  for (const { part, what } of prefixes) {
    const vdev = set.get('vdev');
    const edits: Array<{ start: number; end: number; newText: string }> = [
      { start: part.start, end: part.end, newText: '' },
    ];
    const alone = prefixes.length === 1 && format === undefined;
    if (alone && vdev?.positional) edits.push({ start: vdev.start, end: vdev.start, newText: ',' });
    problems.push({
      code: 'xl/deprecated-spec-syntax',
      severity: 'hint',
      start: part.start,
      end: part.end,
      fix:
        what === 'ignored' && !failed
          ? { title: `Remove "${part.value}:"`, start: part.start, end: part.end, newText: '', more: edits.slice(1) }
          : undefined,
      message:
        what === 'ignored'
          ? `The "${part.value}:" prefix is a leftover from xend; xl ignores it.`
          : `The "${part.value}:" prefix is the old way to set ${what === 'format' ? `format=${part.value}` : `script=block-${part.value}`}.`,
    });
  }
  const disk: DiskReading = {
    target: targetPart?.value,
    vdev: set.get('vdev')?.value,
    format: format ?? 'raw',
    readwrite: readwrite && !cdrom,
    cdrom,
    script: set.get('script')?.value,
    backend: set.get('backend')?.value,
    parseError: failed || !set.has('vdev') || (!targetPart && !cdrom),
  };
  if (cdrom && !targetPart?.value) disk.format = 'empty';
  if (!failed) {
    if (!set.has('vdev')) {
      problems.push({
        code: 'xl/missing-spec-field',
        severity: 'error',
        start: 0,
        end: text.length,
        message: 'This disk spec names no vdev (the device name the guest sees, such as xvda); xl refuses it.',
      });
    } else if (!cdrom && (!targetPart || targetPart.value === '')) {
      problems.push({
        code: 'xl/missing-spec-field',
        severity: 'error',
        start: 0,
        end: text.length,
        message: 'This disk spec has no target (the image or device backing it); only a CD-ROM drive may be empty.',
      });
    }
  }
  return { parts, problems, disk };
}
