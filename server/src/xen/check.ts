// Diagnostics for a Xen command line in the targeted release. Never throws.
import type { CmdlineSegment } from '../cmdline/segment';
import { segmentRange } from '../cmdline/segment';
import type { Diagnostic, Severity } from '../core/types';
import { internalError, type CodeTable } from '../core/codes';
import { xenCodes } from './codes';
import { append } from '../core/text';
import advice from '../../data/xen/advice.json';
import type { Analysis, ResolvedWord } from './analyse';
import { dom0Place, explainUnknown } from './unknownName';
import { checkSubOptions } from './subOptions';
import { paramAt, registrationsAt } from './registry';
import {
  checkDom0Mem,
  checkInteger,
  checkMaxCstate,
  checkSize,
  checkVcpuRange,
  parseBool,
  type ValueIssue,
} from './values';
import { docAt, sourceWords, subOptionsAt } from './paramDocs';
import { releaseIndex } from './releases';
import { adviseWord } from './advice';
import { checkConsole, type ConsoleIssue } from './console';

const SAVED_CMDLINE = 1023;
type Deprecation = {
  successor: string;
  values?: Record<string, string>;
  fallback?: Record<string, string>;
  rename?: boolean;
};
const DEPRECATED = advice.deprecated as Record<string, Deprecation>;
const DEPRECATED_SUB = advice.deprecatedSubOptions as Record<
  string,
  Record<string, { successor: string; from: string }>
>;

const VALUE = '(value)';

/**
 * What one occurrence of a custom parameter sets: the key of each keyed item ("min:", "quarantine="),
 * of each "no-" item, and of each bare word in a list of several ("force,verbose"); a lone bare
 * value ("loglvl=all", "iommu=1") is the parameter's value as a whole.
 */
/** Sub-options whose lone word names one setting of a list (iommu=verbose, psr=cmt), not a choice. */
function flagWords(name: string, release: string, rel: number, arch: Analysis['arch']): Set<string> {
  const documented = subOptionsAt(name, release, rel, arch);
  const listed = (advice.validateSubOptions as string[]).includes(name);
  return new Set(
    documented.filter((w) => listed || /[:=]$/.test(w)).map((w) => w.replace(/[:=].*$/, '').replace(/^no-/, '')),
  );
}

function settingsOf(value: string | undefined, flags: Set<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const items = (value ?? '').split(',');
  for (const item of items) {
    const keyed =
      /^(?:no-)?([A-Za-z][A-Za-z0-9_.-]*)[:=]/.exec(item)?.[1] ?? /^no-([A-Za-z][A-Za-z0-9_.-]*)$/.exec(item)?.[1];
    // A lone word names a setting when the parser reads a list of them (psr=cmt then psr=cat sets
    // both); otherwise it is the value itself (loglvl=all then loglvl=info: the later one wins).
    const word = /^([A-Za-z][A-Za-z0-9_.-]*)$/.exec(item)?.[1];
    const bare = items.length > 1 || (word !== undefined && flags.has(word)) ? word : undefined;
    const k = keyed ?? bare;
    out.add(k && parseBool(k) < 0 ? k : VALUE);
  }
  return out;
}

export function diagnoseXen(seg: CmdlineSegment, a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (
    start: number,
    end: number,
    code: string,
    message: string,
    extra: Partial<Diagnostic> = {},
    severity?: Severity,
  ) => {
    out.push({
      range: segmentRange(seg, start, end),
      severity: severity ?? (xenCodes as CodeTable)[code]?.severity ?? 'warning',
      code,
      message,
      ...extra,
    });
  };
  const release = a.target.release;
  const body = seg.text.slice(a.line.bodyStart, a.line.dom0 ? a.line.dom0.sepStart : seg.text.length);
  if (body.length > SAVED_CMDLINE) {
    push(
      a.line.bodyStart,
      a.line.bodyStart + body.length,
      'xen/cmdline-too-long',
      `Xen's parameters here take ${body.length} characters. Xen parses them all, but the copy it keeps (xl info's xen_commandline) holds ${SAVED_CMDLINE}, so tools see a cut line.`,
    );
  }
  for (const rw of a.words) {
    try {
      diagnoseWord(rw, a, push);
    } catch (e) {
      // A checker bug must not take the other diagnostics down, nor pass unseen.
      const w = rw.word;
      out.push(internalError(segmentRange(seg, w.start, w.end), 'check of this Xen parameter', e));
    }
  }
  repeated(a, push);
  return out;

  function diagnoseWord(rw: ResolvedWord, an: Analysis, p: typeof push): void {
    const w = rw.word;
    if (w.cut > 0)
      p(
        w.start + w.text.length,
        w.end,
        'xen/word-too-long',
        `Xen ${release} keeps the first ${an.rules.maxWord} characters of each parameter and drops the remaining ${w.cut}.`,
      );
    if (w.key === '') {
      p(w.start, w.end, 'xen/empty-parameter', 'This word has no name before "=", so no parameter can match it.');
      return;
    }
    const param = rw.param;
    if (!param) {
      const v = explainUnknown(w.name, an.target.index, an.arch, w.value !== undefined, seg.origin, an.linuxRegisters);
      p(
        w.start,
        w.nameEnd,
        v.code,
        v.message,
        {
          fixes: v.replacements.slice(0, 2).map((n, i) => ({
            title: `Change to "${n}"`,
            edits: [{ range: segmentRange(seg, w.nameStart, w.nameEnd), newText: n }],
            preferred: i === 0 && v.replacements.length === 1,
          })),
        },
        v.severity,
      );
      return;
    }
    if (param.kind === 'runtime-only') {
      p(
        w.start,
        w.nameEnd,
        'xen/runtime-only-parameter',
        `In Xen ${release}, "${rw.matched}" can only be changed on a running system (xl set-parameters ${rw.matched}=…); the boot command line does not know it, so Xen ignores it here.`,
      );
      return;
    }
    if (param.kind === 'ignore') return;
    if (param.ignorable) {
      p(
        w.nameStart,
        w.nameEnd,
        'xen/possibly-compiled-out',
        `Xen ${release} registers "${rw.matched}" twice: as a real parameter, and as one that builds without the feature accept and ignore. Whether it does anything depends on how this Xen was built.`,
      );
    }
    const dep = DEPRECATED[rw.matched!];
    if (dep) deprecated(rw, dep, p);
    checkValue(rw, an, p);
    for (const d of adviseWord(rw, an))
      p(d.start, d.end, d.code, d.message, {
        fixes: d.fixes?.map((f) => ({
          title: f.title,
          edits: [{ range: segmentRange(seg, f.start, f.end), newText: f.newText }],
        })),
      });
  }

  function deprecated(rw: ResolvedWord, dep: Deprecation, p: typeof push): void {
    const w = rw.word;
    const succ = paramAt(dep.successor, a.target.index, a.arch);
    const fixes: Diagnostic['fixes'] = [];
    if (succ) {
      if (dep.rename) {
        fixes.push({
          title: `Change to "${dep.successor}"`,
          edits: [{ range: segmentRange(seg, w.nameStart, w.nameEnd), newText: dep.successor }],
          preferred: true,
        });
      } else if (dep.values) {
        const b = w.value === undefined ? 1 : parseBool(w.value);
        if (b >= 0) {
          const truth = w.negated ? !b : !!b;
          const key = truth ? 'true' : 'false';
          let text = dep.values[key];
          // The successor's parser in this release may not know the word (x2apic-mode=cluster went away).
          const words = sourceWords(dep.successor, a.target.index, a.arch);
          const word = text?.split('=')[1];
          if (text && words && word && !words.includes(word) && dep.fallback?.[key]) text = dep.fallback[key];
          if (text)
            fixes.push({
              title: `Replace with "${text}"`,
              edits: [{ range: segmentRange(seg, w.start, w.end), newText: text }],
              preferred: true,
            });
        }
      }
    }
    const later = succ
      ? ''
      : ` (its successor "${dep.successor}" is not in ${release} yet, so keep it for this release)`;
    p(
      w.nameStart,
      w.nameEnd,
      'xen/deprecated-parameter',
      `"${rw.matched}" is deprecated in Xen ${release}; use "${dep.successor}" instead${later}.`,
      { tags: ['deprecated'], fixes },
    );
  }

  function checkValue(rw: ResolvedWord, an: Analysis, p: typeof push): void {
    const w = rw.word;
    const param = rw.param!;
    const name = rw.matched!;
    const v = w.value;
    const vs = w.valueStart ?? w.end;
    const issues: ConsoleIssue[] = [];
    const strict = an.rules.strict;
    if (w.negated && param.kind !== 'boolean') {
      let msg: string;
      if (param.kind === 'custom' && an.rules.customNo) {
        msg =
          v === undefined
            ? ''
            : `Xen ${release} skips "no-${name}=…" entirely${strict ? ' and reports it as invalid' : ''}: a "no-" prefix and a value do not combine. Write ${name}=<value> instead.`;
      } else {
        msg = `"${name}" is not a boolean: Xen ${release} drops the "no-" and applies ${v === undefined ? 'the parameter with an empty value' : `"${v}"`} as if it were not there.`;
      }
      if (msg) p(w.start, w.nameStart, 'xen/negated-non-boolean', msg);
    }
    switch (param.kind) {
      case 'boolean': {
        if (v === undefined || v === '') break;
        const b = parseBool(v, an.rules.boolPrefixes);
        if (b < 0) {
          issues.push({
            start: vs,
            end: vs + v.length,
            message: strict
              ? `"${v}" is not a boolean: Xen ${release} reports the value as invalid and leaves ${name} unchanged. Use yes/no, on/off, true/false, enable/disable or 1/0.`
              : `"${v}" is not a boolean: Xen ${release} silently treats anything it does not recognise as true${w.negated ? ' (here, with "no-", as false)' : ''}. Use yes/no, on/off, true/false, enable/disable or 1/0.`,
          });
        } else if (w.negated) {
          p(
            w.start,
            w.end,
            'xen/invalid-value',
            `"no-" and a value stack: Xen ${release} negates ${v}, so this sets ${name} to ${b ? 'false' : 'true'}. Write ${name}=${b ? 'no' : 'yes'} to say it plainly.`,
            {},
            'warning',
          );
        }
        break;
      }
      case 'integer':
        if (v === undefined)
          issues.push({
            start: w.nameStart,
            end: w.nameEnd,
            message: `"${name}" takes a number; without "=<number>" Xen ${release} sets it to 0.`,
          });
        else append(issues, checkInteger(v, vs, an.rules));
        break;
      case 'size':
        if (v === undefined)
          issues.push({
            start: w.nameStart,
            end: w.nameEnd,
            message: `"${name}" takes a size; without "=<size>" Xen ${release} sets it to 0.`,
          });
        else append(issues, checkSize(v, vs, an.rules));
        break;
      case 'custom':
        if (v === undefined) break;
        append(issues, customValue(name, v, vs, an));
        break;
      case 'string':
        if (v !== undefined) append(issues, stringValue(name, v, vs, an, w));
        break;
    }
    for (const i of issues) {
      const code = i.code ?? 'xen/invalid-value';
      p(
        i.start,
        i.end,
        code,
        i.message,
        i.fix
          ? {
              fixes: [
                {
                  title: i.fix.title,
                  edits: [{ range: segmentRange(seg, i.fix.start, i.fix.end), newText: i.fix.newText }],
                  preferred: true,
                },
              ],
            }
          : {},
      );
    }
  }

  function customValue(name: string, v: string, vs: number, an: Analysis): Array<ValueIssue & { code?: string }> {
    const rel = an.target.index;
    const onX86 = registrationsAt(name, rel, an.arch).some((r) => r.arch === 'x86');
    if (name === 'dom0_mem') return onX86 ? checkDom0Mem(v, vs, an.rules, release) : checkSize(v, vs, an.rules);
    if (name === 'max_cstate') return checkMaxCstate(v, vs, an.rules, release);
    if (name === 'dom0_max_vcpus' && onX86) return checkVcpuRange(v, vs);
    if (name === 'loglvl' || name === 'guest_loglvl') return logLevel(v, vs);
    if (name === 'cpufreq') return cpufreqValue(v, vs, an);
    return checkSubOptions(name, v, vs, release, rel, an.arch).map((i) => ({ ...i }));
  }

  function stringValue(name: string, v: string, vs: number, an: Analysis, w: ResolvedWord['word']): ConsoleIssue[] {
    if (name === 'console') {
      const hasCom = (port: string) => an.words.some((x) => x.word.name === port && x.word.value !== undefined);
      return checkConsole(
        v,
        vs,
        an.target.index,
        release,
        an.arch,
        { start: w.start, end: w.end },
        hasCom,
        dom0Place(seg.origin),
      );
    }
    if (name === 'sched') {
      const doc = docAt(name, release, an.arch);
      const opts = doc?.subOptions ?? [];
      if (opts.length && !opts.includes(v)) {
        return [
          {
            start: vs,
            end: vs + v.length,
            message: `Xen ${release} knows the schedulers ${opts.join(', ')} (each only when built in); with "${v}" it falls back to its default scheduler.`,
          },
        ];
      }
    }
    if (
      name === 'vga' &&
      !/^((ask|current|text-80x\d+|gfx-\d+x\d+x\d+|mode-(0x)?[0-9a-fA-F]+)(,keep)?|keep)$/.test(v)
    ) {
      return [
        {
          start: vs,
          end: vs + v.length,
          message: `The VGA mode is one of ask, current, text-80x<rows>, gfx-<width>x<height>x<depth> or mode-<number>, optionally followed by ",keep".`,
        },
      ];
    }
    if (name === 'com1' || name === 'com2') {
      const [first, dps] = v.split(',');
      const baud = first.split('/')[0];
      const out: ValueIssue[] = [];
      if (baud && baud !== 'auto' && !/^\d+$/.test(baud))
        out.push({
          start: vs,
          end: vs + baud.length,
          message: `The baud rate is a number or "auto" (when the firmware already set the port up).`,
        });
      if (dps && !/^[5-8][noems][12]$/.test(dps)) {
        const at = vs + first.length + 1;
        out.push({
          start: at,
          end: at + dps.length,
          message: `"${dps}" should be data bits, parity and stop bits, like 8n1 (data 5–8, parity n/o/e/m/s, stop 1–2).`,
        });
      }
      return out;
    }
    return [];
  }

  /** cpufreq: each ";"-separated driver choice starts with one of the parser's words (or a boolean). */
  function cpufreqValue(v: string, vs: number, an: Analysis): ValueIssue[] {
    const words = sourceWords('cpufreq', an.target.index, an.arch);
    if (!words) return [];
    const out: ValueIssue[] = [];
    let pos = 0;
    for (const part of v.split(';')) {
      const head = part.split(/[,:]/)[0];
      if (head && !words.includes(head) && parseBool(head) < 0) {
        out.push({
          start: vs + pos,
          end: vs + pos + head.length,
          code: 'xen/invalid-sub-option',
          message: `Xen ${release}'s cpufreq= starts with one of ${words.join(', ')} (or a boolean), not "${head}".`,
        });
      }
      const dep = DEPRECATED_SUB.cpufreq?.[head];
      if (dep && an.target.index >= releaseIndex(dep.from)) {
        out.push({
          start: vs + pos,
          end: vs + pos + head.length,
          code: 'xen/deprecated-sub-option',
          message: `cpufreq=${head} is deprecated in Xen ${release} and not every dom0 kernel supports it; use ${dep.successor} instead.`,
        });
      }
      pos += part.length + 1;
    }
    return out;
  }

  function logLevel(v: string, vs: number): ValueIssue[] {
    const levels = ['none', 'error', 'warning', 'info', 'debug', 'all'];
    const out: ValueIssue[] = [];
    let pos = 0;
    for (const part of v.split('/').slice(0, 2)) {
      if (!levels.includes(part))
        out.push({
          start: vs + pos,
          end: vs + pos + part.length,
          message: `"${part}" is not a log level: use one of ${levels.join(', ')} (optionally "<level>/<rate-limited level>").`,
        });
      pos += part.length + 1;
    }
    return out;
  }

  function repeated(an: Analysis, p: typeof push): void {
    const seen = new Map<string, ResolvedWord[]>();
    for (const rw of an.words) {
      if (!rw.param || !rw.matched || rw.param.kind === 'ignore' || rw.param.kind === 'runtime-only') continue;
      const key = rw.matched === rw.word.name ? rw.matched : rw.word.key;
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key)!.push(rw);
    }
    for (const [name, list] of seen) {
      if (list.length < 2) continue;
      const last = list[list.length - 1].word;
      const simple = list[0].param!.kind !== 'custom';
      if (simple) {
        for (const rw of list.slice(0, -1)) {
          p(
            rw.word.start,
            rw.word.end,
            'xen/repeated-parameter',
            `"${name}" is given again later ("${last.text}"); Xen applies both in order, so the later one wins and this one has no effect.`,
            { tags: ['unnecessary'] },
            'warning',
          );
        }
        continue;
      }
      // A custom parameter's parser runs once per occurrence and sets only what each names
      // (dom0_mem=min:1G then dom0_mem=max:4G gives both a floor and a ceiling): occurrences
      // combine; only settings named twice are overridden.
      // From the last occurrence back, gathering what the later ones set: linear in the count
      // (100,000 × dom0_mem= is an input too).
      const lastText = last.text;
      const flags = flagWords(list[0].param!.name, an.target.release, an.target.index, an.arch);
      const later = settingsOf(last.value, flags);
      for (let i = list.length - 2; i >= 0; i--) {
        const mine = settingsOf(list[i].word.value, flags);
        const overridden = [...mine].filter((f) => later.has(f));
        for (const f of mine) later.add(f);
        if (!overridden.length) continue;
        const what = overridden.map((f) => (f === VALUE ? 'its value' : `"${f}"`)).join(', ');
        const all = overridden.length === mine.size;
        p(
          list[i].word.start,
          list[i].word.end,
          'xen/repeated-parameter',
          all
            ? `"${name}" is given again later ("${lastText}"); Xen runs its parser for each in order, and the later one sets ${what} again, so this one has no lasting effect.`
            : `"${name}" is given again later; Xen runs its parser for each in order, so the settings combine, but the later one sets ${what} again and that wins.`,
          {},
          'info',
        );
      }
    }
  }
}
