// Hover text for a word of a Linux command line: what it does (our words for the common and
// Xen-related parameters, else a summary built from the source facts), what happens to it on
// this line, and which knowledge backs that.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { Hover } from '../core/types';
import { segmentRange } from '../cmdline/segment';
import { judge, initPhrase, type Verdict } from './check';
import { fmt, type Target } from './version';
import type { ParamFacts } from './tables';
import { mdCode, mdProse } from '../core/markdown';
import { firstSentences } from '../cmdline/brief';

const KIND_WORDS: Record<string, string> = {
  setup: '__setup',
  early: 'early_param (read before most of the kernel is set up)',
  core: 'core_param',
  module: 'module_param of built-in code',
  direct: 'scanned directly from the command line',
  'sysctl-alias': 'alias of a sysctl',
};

const READER_WORDS: Record<string, string> = {
  'x86-setup': 'the x86 real-mode setup code',
  'x86-decompressor': 'the x86 decompressor (before the kernel proper starts)',
  'efi-stub': 'the EFI stub (when UEFI starts the kernel directly)',
  'arm64-early': 'arm64 early ID-register overrides',
};

/**
 * One short line of where the target release registers the word, on the target architecture only
 * (the first registration, and how many more there are).
 */
function sourceLine(f: ParamFacts | undefined, t: Target, ctx: CmdlineContext): string | undefined {
  if (!f) return undefined;
  const order = ['setup', 'early', 'core', 'module', 'direct'];
  const here = f.defs
    .filter((d) => d.arches.includes(ctx.settings.arch))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const release = `Linux ${t.exact ? t.table.release : t.tableVersion}`;
  if (!here.length) {
    const boot = f.boot[0];
    if (boot)
      return `**Source:** read by ${READER_WORDS[boot.reader] ?? boot.reader} (\`${boot.file}:${boot.line}\`, ${release}).`;
    const elsewhere = [...new Set(f.defs.flatMap((d) => d.arches))];
    return elsewhere.length
      ? `**Source:** ${release} registers it only on ${elsewhere.join(' and ')}, not on ${ctx.settings.arch}.`
      : undefined;
  }
  const d = here[0];
  const gate = d.gates.length
    ? `built when ${d.gates.map((g) => (g.startsWith('!') ? `CONFIG_${g.slice(1)} is off` : `CONFIG_${g}`)).join(' and ')}`
    : 'always built';
  const more = here.length > 1 ? `; ${here.length - 1} more place${here.length > 2 ? 's' : ''}` : '';
  const only = d.arches.length === 1 ? `${d.arches[0]} only, ` : '';
  return `**Source:** \`${d.file}:${d.line}\` in ${release} (${KIND_WORDS[d.kind] ?? d.kind}, ${only}${gate}${more}).`;
}

/** What a value of this type is, in plain words (when no description of the value itself is known). */
function valueWords(type: string | undefined, code: string): string | undefined {
  if (!type) return undefined;
  if (/bool/.test(type)) return `${code} is a yes/no value (y, n, 1, 0, on, off).`;
  if (/^(u?int|u?long|u?short|byte|hexint|ullong|llong)/.test(type)) return `${code} is a number.`;
  if (/charp|string/.test(type)) return `${code} is taken as text.`;
  return undefined;
}

function fateLine(v: Verdict): string {
  switch (v.fate) {
    case 'image':
      return "The kernel image the boot loader loads. It is no parameter: Linux does not see this word (Xen removes it from dom0's line; GRUB legacy passes only what follows).";
    case 'dashdash':
      return "`--` ends the kernel's parameters: every word after it goes to init as an argument.";
    case 'after-dashdash':
      return 'After `--`: the kernel does not look at it and hands it to init as an argument.';
    case 'dropped':
      return 'After a second `--`: neither the kernel nor init receives it.';
    case 'kernel': {
      // A word the kernel registers only in an optional driver can still do nothing on this line.
      if (!v.findings.some((f) => f.code === 'linux/no-effect-in-boot-path')) return 'Read by the kernel.';
      const gated =
        v.facts?.defs.length && v.facts.defs.every((d) => d.gates.length) ? v.facts.defs[0].gates : undefined;
      return `Nothing reads it on this line for the purpose it has here${gated ? `; only a kernel built with CONFIG_${gated.join(' and CONFIG_')} registers the word, for that driver` : ''}.`;
    }
    case 'boot':
      if (v.findings.some((f) => f.code === 'linux/no-effect-in-boot-path')) return 'Nothing reads it on this line.';
      return v.cur?.reader === 'boot-loader'
        ? 'Read by the boot loader, not by the kernel proper.'
        : 'Read before the kernel proper starts (boot stub or setup code).';
    case 'sysctl':
      return 'Applied by the kernel as a sysctl setting at boot.';
    case 'userspace':
      return `Not for the kernel: ${v.cur?.reader ?? 'user space'} reads it${v.lw.name.includes('.') ? ' from /proc/cmdline (the kernel sets the dotted word aside)' : ''}.`;
    default:
      return `Not a kernel parameter here: ${initPhrase(v.lw, v.fate, mdCode)}.`;
  }
}

function generic(f: ParamFacts): string {
  const d = f.defs[0];
  const doc = f.docs[0];
  const parts: string[] = [];
  if (d?.kind === 'sysctl-alias')
    parts.push(`Boot-time spelling of the sysctl \`${d.type}\`: the kernel sets that sysctl from it.`);
  else if (d?.kind === 'module')
    parts.push(
      `Parameter \`${f.name.split('.').slice(1).join('.')}\` of the \`${f.name.split('.')[0]}\` code, settable on the command line when that code is built into the kernel.`,
    );
  else if (d) parts.push(`Boot parameter registered by \`${d.file}\`.`);
  else if (f.boot.length) parts.push(`Read early by ${READER_WORDS[f.boot[0].reader] ?? f.boot[0].reader}.`);
  else if (doc) parts.push('Documented boot parameter.');
  if (doc?.format) parts.push(`Value format: \`${doc.format}\`.`);
  if (d?.type && d.kind !== 'sysctl-alias')
    parts.push(`Value type: ${d.type}${d.default ? ` (default ${d.default})` : ''}.`);
  return parts.join(' ');
}

const PARAMS_PAGE = 'https://docs.kernel.org/admin-guide/kernel-parameters.html';

/**
 * A short hover (about ten lines): what the word is, its value here, what happens to it on this
 * line, where the target release registers it (target architecture only), the release judged
 * against, one link. The problems found on the word are the diagnostics' to say, not repeated here.
 */
export function linuxHover(seg: CmdlineSegment, offset: number, ctx: CmdlineContext): Hover | null {
  const j = judge(seg, ctx);
  const v = j.verdicts.find((x) => offset >= x.lw.w.start && offset <= x.lw.w.end);
  if (!v) return null;
  const lw = v.lw;
  const md: string[] = [];
  // The line's own text is data: code spans that no backtick in it can close, escaped prose.
  const head = lw.value !== undefined ? `**${mdCode(lw.name)}** = ${mdCode(lw.value)}` : `**${mdCode(lw.name)}**`;
  md.push(
    `${head} — ${v.fate === 'image' ? 'kernel image' : v.cur?.group === 'xen' ? 'Linux parameter (Xen)' : v.fate === 'kernel' || v.fate === 'boot' ? 'Linux kernel parameter' : 'Linux command-line word'}`,
  );
  const about = v.cur
    ? v.cur.summary
    : v.facts && (v.facts.defs.length || v.facts.docs.length || v.facts.boot.length)
      ? generic(v.facts)
      : '';
  // Short by default; the whole description and the source line with the hoverDetails setting.
  const details = ctx.settings.hoverDetails;
  const brief = (text: string, budget: number): string => (details ? text : firstSentences(text, budget));
  if (about) {
    // A word the kernel does not read keeps its whole note: it says what to use instead.
    const text = v.fate === 'kernel' || v.fate === 'boot' ? brief(about, 200) : about;
    md.push(v.cur?.syntax ? `${text}\n\nSyntax: \`${v.cur.syntax}\`` : text);
  }
  if (lw.value !== undefined) {
    const first = lw.value.split(',')[0];
    const vals = v.cur?.values;
    const key = !vals
      ? undefined
      : vals[lw.value] !== undefined
        ? lw.value
        : vals[first] !== undefined
          ? first
          : /^ttyS\d+/.test(first) && vals.ttyS0
            ? 'ttyS0'
            : /^hvc\d+/.test(first) && vals.hvc0
              ? 'hvc0'
              : undefined;
    const typed = v.facts?.defs.find(
      (d) => d.arches.includes(ctx.settings.arch) && d.type && d.kind !== 'sysctl-alias',
    )?.type;
    const vh = v.cur?.valueHistory?.[first.replace(/^ttyS\d+$/, 'ttyS').replace(/^(PARTUUID|PARTLABEL)=.*/, '$1=')];
    const vSince = vh?.since ? ` (this value since ${vh.since}${vh.approx ? ', approx.' : ''})` : '';
    if (key && vals) md.push(`**\`${key}\`**: ${vals[key]}${vSince}`);
    else {
      const words = valueWords(typed, mdCode(lw.value));
      if (words) md.push(words);
    }
  }
  if (v.cur?.xen && v.fate !== 'image') md.push(`**Under Xen:** ${brief(v.cur.xen, 200)}`);
  md.push(`**Here:** ${fateLine(v)}`);
  const src = details ? sourceLine(v.facts, j.target, ctx) : undefined;
  if (src) md.push(src);
  md.push(
    `---\n*Judged as ${mdProse(targetWords(j.target), seg.image?.path)}.${lifeWords(v)}${v.thin ? ` Less certain: ${v.thin}.` : ''}* [Kernel parameters](${PARAMS_PAGE})`,
  );
  return { markdown: md.join('\n\n'), range: segmentRange(seg, lw.w.start, lw.w.end) };
}

/** Since when the word exists (and until when, when every place that read it is gone), in short. */
function lifeWords(v: Verdict): string {
  const h = v.cur?.history ?? [];
  const first = h.find((x) => x.since);
  const gone = h.length && h.every((x) => x.until) ? h[h.length - 1].until : undefined;
  if (!first && !gone) return '';
  return ` Present${first ? ` since ${first.since}${first.approx ? ' (approx.)' : ''}` : ''}${gone ? ` until ${gone}` : ''}.`;
}

/** The release judged against, in plain words. */
function targetWords(t: Target): string {
  const v = fmt(t.version);
  if (t.exact) return `Linux ${v} (${t.why})`;
  return `Linux ${v} (${t.why}), checked with what Linux ${t.tableVersion.replace(' and ', ' and ')} ${t.tableVersion.includes(' and ') ? 'agree on' : 'has'}`;
}
