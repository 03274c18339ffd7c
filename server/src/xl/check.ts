// Diagnostics for xl files: syntax (from the parser), options, values, guest types, releases,
// device specs and whole-file rules. Command lines in extra=/cmdline= go to the Linux engine.
import type { Diagnostic, Fix, Range, Severity } from '../core/types';
import { codeInfo } from '../service/codes';
import { append, didYouMean, range } from '../core/text';
import {
  GUEST_NAMES,
  allKeys,
  compareReleases,
  xmOnly,
  anyReleaseValue,
  closedValues,
  firstRelease,
  inReleases,
  keyInfo,
  keyValues,
  kindWords,
  lastRelease,
  numberForms,
  type KeyInfo,
} from './knowledge';
import type { XlAtom, XlSetting, XlValue } from './parse';
import { atoms, type XlAnalysis } from './analysis';
import { isXlNumber, numericValue } from './values';

function diag(code: string, r: Range, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  const severity: Severity = codeInfo(code)?.severity ?? 'error';
  return { range: r, severity, code, message, ...extra };
}

const keyRange = (s: XlSetting) => range(s.line, s.start, s.end);
const valueRange = (v: XlValue): Range =>
  v.kind === 'list' ? range(v.line, v.start, v.end, v.endLine) : range(v.line, v.start, v.end);
const settingRange = (s: XlSetting) => range(s.line, s.start, s.endCol, s.endLine);
const quote = (a: XlAtom, text: string) => (a.kind === 'string' ? `${a.raw[0]}${text}${a.raw[0]}` : `"${text}"`);

/** How a message names the release it judged against: the one set, or the one assumed and why. */
export function against(a: { release: string; releaseSource: string; exact: boolean }): string {
  return a.exact ? `checking against Xen ${a.release}` : `assuming Xen ${a.release}: ${a.releaseSource}`;
}

function unknownKey(a: XlAnalysis, s: XlSetting): Diagnostic {
  const r = keyRange(s);
  const other = a.kind === 'domain' ? 'xl.conf' : 'domain';
  if (keyInfo(other, s.key)) {
    return diag(
      'xl/unknown-key',
      r,
      a.kind === 'domain'
        ? `"${s.key}" is an xl.conf setting (global to the host); in a domain configuration xl ignores it.`
        : `"${s.key}" is a domain configuration option; xl.conf does not read it.`,
    );
  }
  const xm = a.kind === 'domain' ? xmOnly(s.key) : undefined;
  if (xm) {
    return diag(
      'xl/unknown-key',
      r,
      `"${s.key}" is an xm (xend) option that xl ignores: ${xm.summary}${xm.successor ? ` Use "${xm.successor}".` : ''}`,
      {
        fixes: xm.successor
          ? [{ title: `Change to "${xm.successor}"`, edits: [{ range: r, newText: xm.successor }], preferred: true }]
          : undefined,
      },
    );
  }
  const candidates = allKeys(a.kind).filter((k) => inReleases(keyInfo(a.kind, k)!.fact.releases, a.release));
  const near = didYouMean(s.key, candidates);
  return diag(
    'xl/unknown-key',
    r,
    `xl does not know the option "${s.key}" and ignores it.${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
    {
      fixes: near.map((n, i) => ({ title: `Change to "${n}"`, edits: [{ range: r, newText: n }], preferred: i === 0 })),
    },
  );
}

function deprecation(a: XlAnalysis, s: XlSetting, info: KeyInfo): Diagnostic | undefined {
  const successor = info.note?.successor ?? info.fact.successor?.split('=')[0];
  if (!info.fact.deprecated && !successor) return undefined;
  // Not deprecated yet where its replacement does not exist (builder before type= in 4.10).
  const next = successor ? keyInfo(a.kind, successor) : undefined;
  if (next && !inReleases(next.fact.releases, a.release)) return undefined;
  const fixes: Fix[] = [];
  const v = s.value;
  const mapped = v && v.kind !== 'list' ? info.note?.fixValues?.[v.value] : undefined;
  if (successor && mapped !== undefined) {
    fixes.push({
      title: `Change to ${successor}="${mapped}"`,
      edits: [{ range: settingRange(s), newText: `${successor} = "${mapped}"` }],
      preferred: true,
    });
  } else if (successor && !info.note?.fixValues) {
    fixes.push({
      title: `Rename to "${successor}"`,
      edits: [{ range: keyRange(s), newText: successor }],
      preferred: true,
    });
  }
  const instead = successor
    ? mapped !== undefined
      ? ` Use ${successor}="${mapped}" instead.`
      : ` Use "${successor}" instead.`
    : '';
  // With the release assumed, a replacement that older releases lack makes this advice only.
  if (!a.exact && next && firstRelease(next.fact.releases) !== firstRelease(info.fact.releases)) {
    return diag(
      'xl/deprecated-key',
      keyRange(s),
      `"${s.key}" is deprecated from Xen ${firstRelease(next.fact.releases)} on (${against(a)}).${instead} Older releases know only "${s.key}".`,
      { severity: 'info', tags: ['deprecated'], fixes },
    );
  }
  return diag('xl/deprecated-key', keyRange(s), `"${s.key}" is deprecated.${instead}`, { tags: ['deprecated'], fixes });
}

function checkKind(a: XlAnalysis, s: XlSetting, info: KeyInfo): Diagnostic[] {
  const v = s.value;
  if (!v) return [];
  const forms = numberForms(s.key);
  if (forms && v.kind !== 'list' && isXlNumber(v.value)) {
    // xl tries the value as an integer first: a number in range works, with a deprecation warning.
    const n = numericValue(v);
    const name = n !== undefined ? forms[String(n)] : undefined;
    const nums = Object.keys(forms)
      .map(Number)
      .sort((x, y) => x - y);
    if (name === undefined) {
      return [
        diag(
          'xl/value-not-allowed',
          valueRange(v),
          `${s.key} = ${v.value} is not a mode xl knows, so it refuses to start the guest. Write one of the names (${Object.values(
            forms,
          )
            .map((x) => `"${x}"`)
            .join(', ')}); the old numbers ${nums[0]}–${nums[nums.length - 1]} still work.`,
        ),
      ];
    }
    return [
      diag(
        'xl/deprecated-value',
        valueRange(v),
        `${s.key} = ${v.value} still works (it means "${name}"), but xl warns that numbers here are deprecated: write ${s.key} = "${name}".`,
        {
          tags: ['deprecated'],
          fixes: [
            {
              title: `Change to "${name}"`,
              edits: [{ range: valueRange(v), newText: quote(v, name) }],
              preferred: true,
            },
          ],
        },
      ),
    ];
  }
  const types = info.fact.types;
  if (v.kind === 'list') {
    if (types.includes('list')) return [];
    return [diag('xl/wrong-type', valueRange(v), `"${s.key}" takes ${kindWords(types)}, not a list.`)];
  }
  if (v.kind === 'word') return [];
  if (!types.includes('string') && !types.includes('number') && !types.includes('boolean')) {
    if (info.fact.deprecatedForms?.includes('string')) {
      return [
        diag(
          'xl/deprecated-value',
          valueRange(v),
          `A single string for "${s.key}" is split at spaces, a deprecated form: write a list, one argument per item.`,
          {
            fixes: [
              {
                title: 'Make it a list',
                edits: [
                  {
                    range: valueRange(v),
                    newText: `[ ${v.value
                      .split(/\s+/)
                      .filter(Boolean)
                      .map((w) => quote(v, w))
                      .join(', ')} ]`,
                  },
                ],
              },
            ],
          },
        ),
      ];
    }
    return [
      diag('xl/wrong-type', valueRange(v), `"${s.key}" takes a [ list ]; xl ignores a single value here.`, {
        fixes: [
          {
            title: 'Put the value in a list',
            edits: [{ range: valueRange(v), newText: `[ ${v.raw} ]` }],
            preferred: true,
          },
        ],
      }),
    ];
  }
  if (!types.includes('string') && !isXlNumber(v.value)) {
    const hint =
      types.includes('boolean') && /^(yes|no|true|false|on|off)$/i.test(v.value)
        ? ` Write ${/^(yes|true|on)$/i.test(v.value) ? 1 : 0}.`
        : '';
    return [
      diag(
        'xl/wrong-type',
        valueRange(v),
        `"${s.key}" takes ${kindWords(types)}; xl cannot read "${v.value}" as a number.${hint}`,
        hint
          ? {
              fixes: [
                {
                  title: `Change to ${/^(yes|true|on)$/i.test(v.value) ? 1 : 0}`,
                  edits: [{ range: valueRange(v), newText: /^(yes|true|on)$/i.test(v.value) ? '1' : '0' }],
                  preferred: true,
                },
              ],
            }
          : {},
      ),
    ];
  }
  if (types.includes('string') && info.fact.deprecatedForms?.includes('number') && v.kind === 'number') {
    return [
      diag('xl/deprecated-value', valueRange(v), `Giving "${s.key}" as a number is deprecated; use one of its names.`),
    ];
  }
  return [];
}

function checkValues(a: XlAnalysis, s: XlSetting, info: KeyInfo): Diagnostic[] {
  const out: Diagnostic[] = [];
  const v = s.value;
  if (!v) return out;
  if (s.key === 'boot') {
    if (v.kind === 'list' || /^[cdn]+$/.test(v.value)) return out;
    return [
      diag(
        'xl/value-not-allowed',
        valueRange(v),
        `boot takes drive letters in order: c (hard disk), d (CD-ROM), n (network), such as "cd".`,
      ),
    ];
  }
  if (!closedValues(info) && !(info.fact.types.includes('list') && info.fact.values)) {
    // An open set (firmware="bios" or a path): only a known literal's guest types can be wrong.
    const literal = v.kind !== 'list' ? v.value : undefined;
    const known = literal !== undefined ? keyValues(info, a.release).find((x) => x.name === literal) : undefined;
    if (known?.fact.guests && !known.fact.guests.includes(a.guest)) {
      out.push(
        diag(
          'xl/wrong-guest-type',
          valueRange(v),
          `${s.key}="${literal}" is for ${known.fact.guests.map((g) => GUEST_NAMES[g]).join('/')} guests, but ${a.guestFrom}.`,
        ),
      );
    }
    return out;
  }
  // Numbers for keys that take names are judged once, in checkKind.
  if (numberForms(s.key) && v.kind !== 'list' && isXlNumber(v.value)) return out;
  const allowed = keyValues(info, a.release);
  const items = v.kind === 'list' ? atoms(v) : [v];
  for (const it of items) {
    if (it.kind === 'word' || (it.kind === 'number' && !info.fact.types.every((t) => t === 'string'))) continue;
    if (info.fact.types.includes('number') || info.fact.types.includes('boolean')) {
      if (isXlNumber(it.value)) continue;
    }
    const name = v.kind === 'list' ? it.value.replace(/^!/, '') : it.value;
    const r = valueRange(it);
    const hit = allowed.find((x) => x.name === name);
    if (hit) {
      if (hit.fact.removedSince && inReleases(`${hit.fact.removedSince}-${a.release}`, a.release)) {
        out.push(
          diag('xl/deprecated-value', r, `${s.key}="${name}" was removed in Xen ${hit.fact.removedSince}.`, {
            tags: ['deprecated'],
          }),
        );
      } else if (hit.fact.guests && !hit.fact.guests.includes(a.guest)) {
        out.push(
          diag(
            'xl/wrong-guest-type',
            r,
            `${s.key}="${name}" is for ${hit.fact.guests.map((g) => GUEST_NAMES[g]).join('/')} guests, but ${a.guestFrom}.`,
          ),
        );
      }
      continue;
    }
    const other = anyReleaseValue(info, name);
    if (other) {
      const from = firstRelease(other.releases);
      const to = lastRelease(other.releases);
      out.push(
        diag(
          'xl/value-not-in-release',
          r,
          inReleases(`4.0-${from}`, a.release) && from !== a.release
            ? `${s.key}="${name}" needs Xen ${from} or later (${against(a)}).`
            : `${s.key}="${name}" is gone after Xen ${to} (${against(a)}).`,
        ),
      );
      continue;
    }
    const names = allowed.map((x) => x.name);
    const near = didYouMean(name, names);
    out.push(
      diag(
        'xl/value-not-allowed',
        r,
        `"${name}" is not a value of ${s.key}; xl accepts ${names.map((n) => `"${n}"`).join(', ')}.`,
        {
          fixes: near.map((n, i) => ({
            title: `Change to "${n}"`,
            edits: [{ range: r, newText: quote(it, n) }],
            preferred: i === 0,
          })),
        },
      ),
    );
  }
  return out;
}

function checkSetting(a: XlAnalysis, s: XlSetting): Diagnostic[] {
  const info = keyInfo(a.kind, s.key);
  if (!info) return [unknownKey(a, s)];
  const out: Diagnostic[] = [];
  const r = keyRange(s);
  if (!inReleases(info.fact.releases, a.release)) {
    const from = firstRelease(info.fact.releases);
    const newer = inReleases(`4.0-${from}`, a.release);
    out.push(
      diag(
        'xl/key-not-in-release',
        r,
        newer
          ? `"${s.key}" needs Xen ${from} or later (${against(a)}).`
          : `"${s.key}" is no longer an xl option after Xen ${lastRelease(info.fact.releases)} (${against(a)}).`,
      ),
    );
  }
  const dep = s.key === 'builder' && builderContradiction(a) ? undefined : deprecation(a, s, info);
  if (dep) out.push(dep);
  // A key the release does not have is reported once, not again for its value.
  append(out, checkKind(a, s, info));
  if (inReleases(info.fact.releases, a.release)) append(out, checkValues(a, s, info));
  if (a.kind === 'domain') {
    // timer_mode on PV is refused outright from 4.10 (reported as a conflict, not as "no effect").
    const refused =
      s.key === 'timer_mode' && a.guest === 'pv' && compareReleases(REFUSED_SINCE['timer-mode-pv'], a.release) <= 0;
    if (!info.guests.includes(a.guest) && !dep && s.key !== 'type' && !refused) {
      out.push(
        diag(
          'xl/wrong-guest-type',
          r,
          `"${s.key}" applies to ${info.guests.map((g) => GUEST_NAMES[g]).join('/')} guests; ${a.guestFrom}, so it has no effect.`,
          { tags: ['unnecessary'] },
        ),
      );
    }
    if (info.fact.arch && info.fact.arch !== a.arch) {
      out.push(
        diag(
          'xl/wrong-arch',
          r,
          `"${s.key}" is for ${info.fact.arch === 'arm' ? 'Arm' : 'x86'} hosts; the settings say ${a.arch === 'arm' ? 'arm64' : 'x86_64'}.`,
        ),
      );
    }
  }
  if (
    a.kind === 'xl.conf' &&
    s.key === 'autoballoon' &&
    s.value &&
    s.value.kind !== 'list' &&
    ['on', 'auto', '1'].includes(s.value.value)
  ) {
    const vr = valueRange(s.value);
    out.push(
      diag(
        'xl/autoballoon',
        vr,
        `autoballoon="${s.value.value}" lets xl shrink dom0 to make room for guests. If Xen's command line gives dom0 a fixed dom0_mem (recommended), set autoballoon="off" so xl never balloons dom0 down.`,
        {
          fixes: [
            {
              title: 'Set autoballoon="off"',
              edits: [{ range: vr, newText: s.value.kind === 'string' ? quote(s.value, 'off') : '"off"' }],
            },
          ],
        },
      ),
    );
  }
  return out;
}

function wholeFile(a: XlAnalysis): Diagnostic[] {
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
function builderContradiction(
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

/** Findings that concern only the releases in these ranges (when the release is assumed). */
export const relevantWhere = new WeakMap<Diagnostic, string>();

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

function refusedCombinations(a: XlAnalysis): Diagnostic[] {
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

function duplicates(a: XlAnalysis): Diagnostic[] {
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

/** Findings of the parse alone, the same whatever the release: xlCfgMode need not judge them again per release. */
export const releaseIndependent = new WeakSet<Diagnostic>();

export function syntaxDiagnostics(a: XlAnalysis): Diagnostic[] {
  const out = syntaxFindings(a);
  for (const d of out) releaseIndependent.add(d);
  return out;
}

function syntaxFindings(a: XlAnalysis): Diagnostic[] {
  const py = a.file.pythonLines;
  if (py.length) {
    const first = py[0];
    const crlf = a.file.errors.filter((e) => e.code === 'xl/crlf');
    return [
      diag(
        'xl/python-config',
        range(first.line, first.start, first.end),
        `This looks like an old xm configuration: "${first.what}" is Python, which xl no longer runs (it reads only KEY = VALUE lines). Rewrite ${
          py.length > 1
            ? `the ${py.length} Python lines (${py
                .slice(0, 5)
                .map((p) => p.line + 1)
                .join(', ')}${py.length > 5 ? ', …' : ''})`
            : 'this line'
        } as plain settings.`,
      ),
      ...crlf.map((e) => diag(e.code, range(e.line, e.start, e.end), e.message)),
    ];
  }
  const words = a.file.settings.flatMap((s) => atoms(s.value)).filter((x) => x.kind === 'word');
  return a.file.errors.map((e) => {
    const d = diag(e.code, range(e.line, e.start, e.end), e.message);
    const word =
      e.code === 'xl/unquoted-value' ? words.find((x) => x.line === e.line && x.start === e.start) : undefined;
    if (word)
      d.fixes = [
        { title: `Write "${word.value}"`, edits: [{ range: d.range, newText: `"${word.value}"` }], preferred: true },
      ];
    return d;
  });
}

export function specDiagnostics(a: XlAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const site of a.specs) {
    const col = (o: number) => site.atom.columns[Math.max(0, Math.min(o, site.atom.columns.length - 1))];
    for (const p of site.result.problems) {
      const r = range(site.atom.line, col(p.start), col(p.end));
      const d: Diagnostic = { range: r, severity: p.severity, code: p.code, message: p.message };
      if (p.fix) {
        const edits = [p.fix, ...(p.fix.more ?? [])].map((e) => ({
          range: range(site.atom.line, col(e.start), col(e.end)),
          newText: e.newText,
        }));
        d.fixes = [{ title: p.fix.title, edits }];
      }
      if (p.code === 'xl/deprecated-spec-syntax') d.tags = ['deprecated'];
      out.push(d);
    }
  }
  return out;
}

/** `withSyntax` false: only the findings that depend on the release (see releaseIndependent). */
export function checkXl(a: XlAnalysis, withSyntax = true): Diagnostic[] {
  const out = withSyntax ? syntaxDiagnostics(a) : [];
  // In an xm (Python) file, lines that are Python are reported once, not setting by setting.
  const python = new Set(a.file.pythonLines.map((p) => p.line));
  const own = (d: Diagnostic) => !python.has(d.range.start.line);
  for (const s of a.file.settings) if (!python.has(s.line)) append(out, checkSetting(a, s));
  for (const more of [
    duplicates(a).filter(own),
    wholeFile(a),
    refusedCombinations(a).filter(own),
    specDiagnostics(a).filter(own),
  ])
    append(out, more);
  return out;
}
