// The xl checks that look at the whole file rather than one setting: required settings, memory and
// vCPU bounds, what the guest boots, combinations xl_parse.c refuses, and keys set twice.
import type { Diagnostic, Range } from '../core/types';
import { range } from '../core/text';
import { GUEST_NAMES, compareReleases, inReleases, keyInfo } from './knowledge';
import type { XlAtom, XlSetting, XlValue } from './parse';
import type { XlAnalysis } from './analysis';
import { numericValue } from './values';
import { diag, keyRange, relevantWhere, settingRange, valueRange } from './checkCommon';

export function wholeFile(a: XlAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A file with no settings yet (just created, or all comments) is not judged as a whole.
  if (a.kind !== 'domain' || a.file.pythonLines.length || !a.file.settings.length) return out;
  const has = (k: string) => a.last.has(k);
  if (!has('name'))
    out.push(
      diag(
        'xl/missing-name',
        range(0, 0, 0),
        'This domain configuration has no name = "…"; xl refuses to create the domain without one.',
      ),
    );
  const mem = numericValue(a.last.get('memory')?.value);
  const maxmem = a.last.get('maxmem');
  const max = numericValue(maxmem?.value);
  if (mem !== undefined && max !== undefined && max < mem && maxmem?.value) {
    out.push(
      diag(
        'xl/maxmem-below-memory',
        valueRange(maxmem.value),
        `maxmem (${max} MiB) is below memory (${mem} MiB): the guest could never have the memory it starts with. Raise maxmem or drop it (it defaults to memory).`,
        {
          fixes: [
            { title: `Set maxmem to ${mem}`, edits: [{ range: valueRange(maxmem.value), newText: String(mem) }] },
          ],
        },
      ),
    );
  }
  const vcpus = numericValue(a.last.get('vcpus')?.value);
  const maxv = a.last.get('maxvcpus');
  const maxvcpus = numericValue(maxv?.value);
  if (vcpus !== undefined && maxvcpus !== undefined && maxvcpus < vcpus && maxv?.value) {
    out.push(
      diag(
        'xl/maxvcpus-below-vcpus',
        valueRange(maxv.value),
        `maxvcpus (${maxvcpus}) is below vcpus (${vcpus}); xl stops with "maxvcpus < vcpus".`,
        {
          fixes: [
            { title: `Set maxvcpus to ${vcpus}`, edits: [{ range: valueRange(maxv.value), newText: String(vcpus) }] },
          ],
        },
      ),
    );
  }
  const uuid = a.last.get('uuid')?.value;
  if (
    uuid &&
    uuid.kind !== 'list' &&
    uuid.kind !== 'word' &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid.value)
  ) {
    out.push(
      diag(
        'xl/value-not-allowed',
        valueRange(uuid),
        `"${uuid.value}" is not a UUID (8-4-4-4-12 hex digits, as uuidgen prints); xl refuses the domain.`,
      ),
    );
  }
  const kernel = a.last.get('kernel');
  if (
    a.guest === 'hvm' &&
    kernel?.value &&
    kernel.value.kind !== 'list' &&
    /(^|\/)hvmloader$/.test(kernel.value.value)
  ) {
    out.push(
      diag(
        'xl/deprecated-value',
        settingRange(kernel),
        'kernel = hvmloader is the xm way to boot an HVM guest; xl ignores it and uses its own firmware. Remove the line (set firmware = "…" to choose another).',
        {
          tags: ['unnecessary'],
        },
      ),
    );
  }
  const firmware = a.last.get('firmware')?.value;
  const pvFirmware = firmware && firmware.kind !== 'list' && /^pvgrub|\//.test(firmware.value);
  if (
    (a.guest === 'pv' || a.guest === 'pvh') &&
    !has('kernel') &&
    !has('bootloader') &&
    !pvFirmware &&
    !(a.guest === 'pvh' && firmware)
  ) {
    const at = a.guestSetting ?? a.last.get('name');
    out.push(
      diag(
        'xl/pv-without-kernel',
        at ? settingRange(at) : range(0, 0, 0),
        `This ${GUEST_NAMES[a.guest]} guest has nothing to boot: set kernel = "…" (direct boot), bootloader = "pygrub", or firmware = "pvgrub64"${a.guest === 'pv' ? '' : ' (or a PVH firmware image)'}.`,
      ),
    );
  }
  return out;
}

/** Which guest type xl takes a type= or builder= value for: it compares by prefix, as xl does. */
function kindOf(value: string, names: Record<string, 'pv' | 'pvh' | 'hvm'>): 'pv' | 'pvh' | 'hvm' | undefined {
  for (const [word, kind] of Object.entries(names)) if (word.startsWith(value)) return kind;
  return undefined;
}

/** builder= and type= naming different guest types, in a release whose xl reads both. */
export function builderContradiction(
  a: XlAnalysis,
): { builder: XlSetting; type: XlSetting; b: string; t: string } | undefined {
  const builder = a.last.get('builder');
  const type = a.last.get('type');
  const typeInfo = keyInfo('domain', 'type');
  if (
    !builder?.value ||
    !type?.value ||
    builder.value.kind === 'list' ||
    type.value.kind === 'list' ||
    !typeInfo ||
    !inReleases(typeInfo.fact.releases, a.release)
  )
    return undefined;
  const t = kindOf(type.value.value, { hvm: 'hvm', pv: 'pv', pvh: 'pvh' });
  const b = kindOf(builder.value.value, { hvm: 'hvm', generic: 'pv' });
  if (!t || !b || t === b) return undefined;
  return { builder, type, b, t };
}

/** The whole line(s) of a setting, with its line end, for a fix that deletes it. */
function wholeLines(s: XlSetting): Range {
  return { start: { line: s.line, character: 0 }, end: { line: s.endLine + 1, character: 0 } };
}

/**
 * Combinations xl_parse.c refuses outright (it prints an error and exits before creating the
 * guest). Each is tied to the releases whose parser has the check; the fix removes one side.
 */
export const REFUSED_SINCE: Record<'builder-type' | 'timer-mode-pv' | 'kernel-firmware' | 'vnc-display-twice', string> =
  {
    'builder-type': '4.10',
    'timer-mode-pv': '4.10',
    'kernel-firmware': '4.10',
    'vnc-display-twice': '4.3',
  };

export function refusedCombinations(a: XlAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (a.kind !== 'domain') return out;
  const since = (what: keyof typeof REFUSED_SINCE) => compareReleases(REFUSED_SINCE[what], a.release) <= 0;
  const c = builderContradiction(a);
  if (c && since('builder-type')) {
    const an = (g: string) => `${g === 'hvm' ? 'an' : 'a'} ${GUEST_NAMES[g as 'pv']} guest`;
    const d = diag(
      'xl/conflicting-settings',
      keyRange(c.builder),
      `builder="${(c.builder.value as XlAtom).value}" asks for ${an(c.b)} but type="${(c.type.value as XlAtom).value}" (line ${c.type.line + 1}) for ${an(c.t)}: xl refuses to start a guest whose builder and type disagree. Delete the builder line; type replaces it.`,
      {
        fixes: [
          { title: 'Delete the builder line', edits: [{ range: wholeLines(c.builder), newText: '' }], preferred: true },
        ],
      },
    );
    // Only releases that read type= can hold this file's type line: they all refuse it.
    relevantWhere.set(d, keyInfo('domain', 'type')!.fact.releases);
    out.push(d);
  }
  const timer = a.last.get('timer_mode');
  if (timer && a.guest === 'pv' && since('timer-mode-pv')) {
    out.push(
      diag(
        'xl/conflicting-settings',
        keyRange(timer),
        `timer_mode is not supported for PV guests (${a.guestFrom}): xl refuses to start the guest. Delete the timer_mode line.`,
        {
          fixes: [
            {
              title: 'Delete the timer_mode line',
              edits: [{ range: wholeLines(timer), newText: '' }],
              preferred: true,
            },
          ],
        },
      ),
    );
  }
  const kernel = a.last.get('kernel');
  const firmware = a.last.get('firmware');
  if (kernel && firmware && (a.guest === 'pv' || a.guest === 'pvh') && since('kernel-firmware')) {
    out.push(
      diag(
        'xl/conflicting-settings',
        keyRange(firmware),
        `A ${GUEST_NAMES[a.guest]} guest boots either a kernel or a firmware: with both kernel= (line ${kernel.line + 1}) and firmware= set, xl refuses to start it. Keep one of the two.`,
        {
          fixes: [{ title: 'Delete the firmware line', edits: [{ range: wholeLines(firmware), newText: '' }] }],
        },
      ),
    );
  }
  const listen = a.last.get('vnclisten');
  const display = a.last.get('vncdisplay');
  const lv = listen?.value;
  const dv = numericValue(display?.value);
  if (
    listen &&
    display &&
    a.guest === 'hvm' &&
    lv &&
    lv.kind !== 'list' &&
    lv.value.includes(':') &&
    dv &&
    since('vnc-display-twice')
  ) {
    out.push(
      diag(
        'xl/conflicting-settings',
        keyRange(display),
        `The VNC display is given twice, in vnclisten="${lv.value}" and in vncdisplay: xl refuses to start the guest. Keep only one (for example vnclisten="${lv.value.split(':')[0]}").`,
      ),
    );
  }
  return out;
}

export function duplicates(a: XlAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const settings = a.file.settings;
  // The next setting of the same key, found from the end in one pass (not a search per setting:
  // 200,000 settings are an input too).
  const next: Array<XlSetting | undefined> = new Array(settings.length);
  const seen = new Map<string, XlSetting>();
  for (let i = settings.length - 1; i >= 0; i--) {
    next[i] = seen.get(settings[i].key);
    seen.set(settings[i].key, settings[i]);
  }
  settings.forEach((s, i) => {
    const later = next[i];
    if (!later) return;
    if (later.op === '+=') {
      const kind = (v: XlValue | undefined) => (v?.kind === 'list' ? 'list' : 'string');
      if (s.value && later.value && kind(s.value) !== kind(later.value)) {
        out.push(
          diag(
            'xl/append-type-mismatch',
            range(later.line, later.start, later.endCol, later.endLine),
            `"${s.key} +=" adds a ${kind(later.value)} to a ${kind(s.value)}; xl joins strings to strings and lists to lists only.`,
          ),
        );
      }
      return;
    }
    out.push(
      diag(
        'xl/duplicate-key',
        keyRange(s),
        `"${s.key}" is set again on line ${later.line + 1}; xl uses only that later value.`,
        { tags: ['unnecessary'] },
      ),
    );
  });
  return out;
}
