// Diagnostics for xl files: syntax (from the parser), options, values, guest types, releases,
// device specs and whole-file rules. Command lines in extra=/cmdline= go to the Linux engine.
// The shared helpers are in checkCommon.ts; the whole-file rules in checkFile.ts.
import type { Diagnostic, Fix } from '../core/types';
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
  otherName,
  keyArch,
  type KeyInfo,
} from './knowledge';
import { engines } from '../cmdline/engines';
import { mappedSegment } from '../cmdline/segment';
import type { XlSetting } from './parse';
import { atoms, type XlAnalysis } from './analysis';
import { isXlNumber, numericValue } from './values';
import { diag, keyRange, quote, settingRange, valueRange, against } from './checkCommon';
import { REFUSED_SINCE, builderContradiction, duplicates, refusedCombinations, wholeFile } from './checkFile';

export { against, relevantWhere } from './checkCommon';
export { REFUSED_SINCE } from './checkFile';

/**
 * A word of Xen's own boot command line (dom0_mem, dom0_max_vcpus, iommu) that xl does not know, in
 * xl's files: in xl.conf (host-wide) any of them; in a guest's file only dom0's (console=, a guest's
 * own word in xm's time, is also Xen's).
 */
/** Per file, the answer for each key (a file repeating one key thousands of times asks once). */
const bootOptionMemo = new WeakMap<XlAnalysis, Map<string, boolean>>();

function xenBootOption(a: XlAnalysis, key: string): boolean {
  let memo = bootOptionMemo.get(a);
  if (!memo) bootOptionMemo.set(a, (memo = new Map()));
  let r = memo.get(key);
  if (r === undefined) memo.set(key, (r = judgeBootOption(a, key)));
  return r;
}

function judgeBootOption(a: XlAnalysis, key: string): boolean {
  if (keyInfo(a.kind, key) || !(a.kind === 'xl.conf' || /^dom0/.test(key)) || !/^[a-z][a-z0-9_-]*$/.test(key))
    return false;
  // Xen's command-line engine judges the word alone: a name it does not know is no Xen option.
  const text = `${key}=1`;
  const seg = mappedSegment('xen', 0, text, [...Array(text.length + 1).keys()], 'xl');
  const none = { readFile: () => undefined, exists: () => false };
  const ds = engines.xen.diagnose(seg, { settings: a.settings, fs: none });
  return !ds.some((d) => d.code === 'xen/unknown-parameter' && d.range.start.character === 0);
}

function unknownKey(a: XlAnalysis, s: XlSetting): Diagnostic | undefined {
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
  const named = otherName(s.key);
  const xen = xenBootOption(a, s.key);
  if (named && !(xen && a.kind === 'xl.conf')) {
    const to = named.successor;
    return diag('xl/unknown-key', r, `xl does not read "${s.key}": ${named.summary}${to ? ` Use "${to}".` : ''}`, {
      fixes: to ? [{ title: `Change to "${to}"`, edits: [{ range: r, newText: to }], preferred: true }] : undefined,
    });
  }
  // A word of Xen's own boot command line (dom0_mem, dom0_max_vcpus, iommu) written into xl's files.
  if (xen) {
    // A line xl cannot read is told once, by its syntax finding (which says the same).
    if (a.file.errors.some((e) => e.line === s.line)) return undefined;
    return diag(
      'xl/unknown-key',
      r,
      `"${s.key}" is an option of Xen itself, read once when the host boots; xl does not read it from ${a.kind === 'xl.conf' ? 'xl.conf' : 'a domain configuration'}. Put ${s.key}= on Xen's command line instead: the Xen line in GRUB (GRUB_CMDLINE_XEN_DEFAULT in /etc/default/grub, then make grub.cfg anew), or xen,xen-bootargs where Xen boots from a device tree.`,
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

/**
 * A key the release's xl asks for only to print that it ignores it (vncviewer from 4.5 on, vif2,
 * device_model): one finding, and no judging of its value (xl does not use it).
 */
function ignoredKey(a: XlAnalysis, s: XlSetting, info: KeyInfo): Diagnostic {
  const r = keyRange(s);
  const successor = info.note?.successor ?? info.fact.successor?.split('=')[0];
  const worked = info.fact.releases;
  const next = successor
    ? ` Use "${successor}" instead.`
    : worked
      ? ` It last worked in Xen ${lastRelease(worked)}; remove the line.`
      : ' Remove the line.';
  return diag(
    worked ? 'xl/key-not-in-release' : 'xl/unknown-key',
    r,
    `"${s.key}" has no effect: xl reads it only to print a warning that it ignores it (${against(a)}).${next}`,
    {
      tags: ['unnecessary'],
      fixes: successor
        ? [{ title: `Rename to "${successor}"`, edits: [{ range: r, newText: successor }], preferred: true }]
        : undefined,
    },
  );
}

function checkSetting(a: XlAnalysis, s: XlSetting): Diagnostic[] {
  const info = keyInfo(a.kind, s.key);
  if (!info) {
    const d = unknownKey(a, s);
    return d ? [d] : [];
  }
  if (info.fact.ignored && inReleases(info.fact.ignored, a.release)) return [ignoredKey(a, s, info)];
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
    const only = keyArch(info);
    if (only && only !== a.arch) {
      const judged = a.archFrom
        ? `this file is judged as an Arm guest because of ${a.archFrom} (set the architecture to be sure)`
        : a.arch === 'arm'
          ? 'the settings say arm64'
          : 'the file is checked for x86_64, the default unless the architecture is set to arm64';
      out.push(
        diag('xl/wrong-arch', r, `"${s.key}" works only on ${only === 'arm' ? 'Arm' : 'x86'} hosts; ${judged}.`),
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

/** Findings of the parse alone, the same whatever the release: xlCfgMode need not judge them again per release. */
export const releaseIndependent = new WeakSet<Diagnostic>();

export function syntaxDiagnostics(a: XlAnalysis): Diagnostic[] {
  const out = syntaxFindings(a);
  for (const d of out) releaseIndependent.add(d);
  return out;
}

function syntaxFindings(a: XlAnalysis): Diagnostic[] {
  // Lines that are Xen's own boot options (dom0_max_vcpus=1-4, iommu=no-igfx in xl.conf) are told as
  // such, once each, not as Python or as a value to rewrite for xl.
  const xenLines = new Map<number, XlSetting>();
  for (const s of a.file.settings) if (xenBootOption(a, s.key)) xenLines.set(s.line, s);
  const py = a.file.pythonLines.filter((p) => !xenLines.has(p.line));
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
  const told = new Set<number>();
  const errors = a.file.errors.filter((e) => !xenLines.has(e.line) || (!told.has(e.line) && told.add(e.line)));
  return errors.map((e) => {
    const s = xenLines.get(e.line);
    if (s)
      return diag(
        e.code,
        range(e.line, e.start, e.end, e.endLine),
        `xl refuses the whole file at this line, and the line is not xl's: ${s.key}= is an option of Xen itself, read once when the host boots. Delete it here and put it on the Xen line in GRUB (GRUB_CMDLINE_XEN_DEFAULT in /etc/default/grub), written as it is here.`,
        {
          fixes: [
            { title: `Delete the ${s.key} line`, edits: [{ range: settingRange(s), newText: '' }], preferred: true },
          ],
        },
      );
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
