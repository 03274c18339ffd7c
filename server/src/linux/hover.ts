// Hover text for a word of a Linux command line: what it does (our words for the common and
// Xen-related parameters, else a summary built from the source facts), what happens to it on
// this line, and which knowledge backs that.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { Hover } from '../service/types';
import { segmentRange } from '../cmdline/segment';
import { judge, initPhrase, type Verdict } from './judge';
import { plainSource } from './curated';
import { describeTarget, fmt, type Target } from './version';
import type { ParamFacts } from './tables';
import { mdCode, mdProse, mdText } from '../service/markdown';

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

function factsLines(f: ParamFacts | undefined, t: Target, ctx: CmdlineContext): string[] {
  if (!f) return [];
  const out: string[] = [];
  const src = `Linux ${t.table.release} source`;
  const order = ['setup', 'early', 'core', 'module', 'direct'];
  const sorted = [...f.defs].sort((a, b) => Number(!a.arches.includes(ctx.settings.arch)) - Number(!b.arches.includes(ctx.settings.arch)) || order.indexOf(a.kind) - order.indexOf(b.kind));
  const defs = sorted.slice(0, 4);
  for (const d of defs) {
    const arch = d.arches.length === 2 ? 'x86_64 and arm64' : `${d.arches[0]} only`;
    const gate = d.gates.length ? `, built when ${d.gates.map((g) => (g.startsWith('!') ? `CONFIG_${g.slice(1)} is off` : `CONFIG_${g}`)).join(' and ')}` : ', always built';
    const type = d.kind === 'sysctl-alias' ? `, sets the sysctl ${d.type}` : d.type ? `, type ${d.type}${d.default ? `, default ${d.default}` : ''}` : '';
    out.push(`- ${KIND_WORDS[d.kind] ?? d.kind} \`${d.raw}\` at \`${d.file}:${d.line}\` (${arch}${gate}${type}) — ${src}`);
  }
  if (f.defs.length > defs.length) out.push(`- … and ${f.defs.length - defs.length} more registrations`);
  for (const doc of f.docs.slice(0, 2)) {
    out.push(`- documented at \`${t.table.docFile.split('/').pop()}:${doc.line}\`${doc.tags.length ? ` [${doc.tags.join(',')}]` : ''}${doc.format ? `, format \`${doc.format}\`` : ''}${doc.deprecated ? ', marked deprecated' : ''}${doc.successor ? `, successor \`${doc.successor}\`` : ''}`);
  }
  for (const b of f.boot.slice(0, 3)) out.push(`- also read by ${READER_WORDS[b.reader] ?? b.reader} at \`${b.file}:${b.line}\``);
  void ctx;
  return out;
}

function fateLine(v: Verdict): string {
  switch (v.fate) {
    case 'image': return 'The kernel image the boot loader loads. It is no parameter: Linux does not see this word (Xen removes it from dom0\'s line; GRUB legacy passes only what follows).';
    case 'dashdash': return '`--` ends the kernel\'s parameters: every word after it goes to init as an argument.';
    case 'after-dashdash': return 'After `--`: the kernel does not look at it and hands it to init as an argument.';
    case 'dropped': return 'After a second `--`: neither the kernel nor init receives it.';
    case 'kernel': {
      // A word the kernel registers only in an optional driver can still do nothing on this line.
      if (!v.findings.some((f) => f.code === 'linux/no-effect-in-boot-path')) return 'Read by the kernel.';
      const gated = v.facts?.defs.length && v.facts.defs.every((d) => d.gates.length) ? v.facts.defs[0].gates : undefined;
      return `Nothing reads it on this line for the purpose it has here (see below)${gated ? `; only a kernel built with CONFIG_${gated.join(' and CONFIG_')} registers the word, for that driver` : ''}.`;
    }
    case 'boot':
      if (v.findings.some((f) => f.code === 'linux/no-effect-in-boot-path')) return 'Nothing reads it on this line (see below).';
      return v.cur?.reader === 'boot-loader' ? 'Read by the boot loader, not by the kernel proper.' : 'Read before the kernel proper starts (boot stub or setup code).';
    case 'sysctl': return 'Applied by the kernel as a sysctl setting at boot.';
    case 'userspace': return `Not for the kernel: ${v.cur?.reader ?? 'user space'} reads it${v.lw.name.includes('.') ? ' from /proc/cmdline (the kernel sets the dotted word aside)' : ''}.`;
    default: return `Not a kernel parameter here: ${initPhrase(v.lw, v.fate, mdCode)}.`;
  }
}

function generic(f: ParamFacts): string {
  const d = f.defs[0];
  const doc = f.docs[0];
  const parts: string[] = [];
  if (d?.kind === 'sysctl-alias') parts.push(`Boot-time spelling of the sysctl \`${d.type}\`: the kernel sets that sysctl from it.`);
  else if (d?.kind === 'module') parts.push(`Parameter \`${f.name.split('.').slice(1).join('.')}\` of the \`${f.name.split('.')[0]}\` code, settable on the command line when that code is built into the kernel.`);
  else if (d) parts.push(`Boot parameter registered by \`${d.file}\`.`);
  else if (f.boot.length) parts.push(`Read early by ${READER_WORDS[f.boot[0].reader] ?? f.boot[0].reader}.`);
  else if (doc) parts.push('Documented boot parameter.');
  if (doc?.format) parts.push(`Value format: \`${doc.format}\`.`);
  if (d?.type && d.kind !== 'sysctl-alias') parts.push(`Value type: ${d.type}${d.default ? ` (default ${d.default})` : ''}.`);
  return parts.join(' ');
}

export function linuxHover(seg: CmdlineSegment, offset: number, ctx: CmdlineContext): Hover | null {
  const j = judge(seg, ctx);
  const v = j.verdicts.find((x) => offset >= x.lw.w.start && offset <= x.lw.w.end);
  if (!v) return null;
  const lw = v.lw;
  const md: string[] = [];
  // The line's own text is data: code spans that no backtick in it can close, escaped prose.
  const head = lw.value !== undefined ? `**${mdCode(lw.name)}** = ${mdCode(lw.value)}` : `**${mdCode(lw.name)}**`;
  md.push(`${head} — ${v.fate === 'image' ? 'kernel image' : v.cur?.group === 'xen' ? 'Linux parameter (Xen)' : v.fate === 'kernel' || v.fate === 'boot' ? 'Linux kernel parameter' : 'Linux command-line word'}`);
  if (v.cur) md.push(v.cur.summary);
  else if (v.facts && (v.facts.defs.length || v.facts.docs.length || v.facts.boot.length)) md.push(generic(v.facts));
  if (v.cur?.syntax) md.push(`Syntax: \`${v.cur.syntax}\``);
  if (lw.value !== undefined && v.cur?.values) {
    const first = lw.value.split(',')[0];
    const key = v.cur.values[lw.value] !== undefined ? lw.value : v.cur.values[first] !== undefined ? first : /^ttyS\d+/.test(first) && v.cur.values.ttyS0 ? 'ttyS0' : /^hvc\d+/.test(first) && v.cur.values.hvc0 ? 'hvc0' : undefined;
    if (key) md.push(`**\`${key}\`**: ${v.cur.values[key]}`);
  }
  if (v.cur?.xen && v.fate !== 'image') md.push(`**Under Xen:** ${v.cur.xen}`);
  md.push(`**On this line:** ${fateLine(v)}`);
  for (const f of v.findings) md.push(`- ${mdText(f.message)}`);
  const facts = factsLines(v.facts, j.target, ctx);
  if (facts.length) md.push(`**Source facts** (${j.target.exact ? `Linux ${j.target.table.release}` : `Linux ${j.target.tableVersion}, checked in place of ${fmt(j.target.version)}`}):\n${facts.join('\n')}`);
  if (v.cur && v.cur.history.length) md.push(`**History:** ${v.cur.history.map((h) => `${h.since ? `since ${h.since}${h.approx ? ' (approx.)' : ''}` : ''}${h.until ? ` until ${h.until}` : ''} — ${plainSource(h.source)}`).join('; ')}`);
  if (v.cur && lw.value !== undefined && v.cur.valueHistory) {
    const first = lw.value.split(',')[0].replace(/^ttyS\d+$/, 'ttyS').replace(/^(PARTUUID|PARTLABEL)=.*/, '$1=');
    const vh = v.cur.valueHistory[first];
    if (vh) md.push(`**Value \`${first}\`:** ${vh.since ? `since ${vh.since}${vh.approx ? ' (approx.)' : ''}` : ''} — ${plainSource(vh.source)}`);
  }
  md.push(`---\n*Knowledge: ${mdProse(describeTarget(j.target), seg.image?.path)}. This verdict: ${v.basis}.${v.thin ? ` Thin: ${v.thin}.` : ''}*`);
  return { markdown: md.join('\n\n'), range: segmentRange(seg, lw.w.start, lw.w.end) };
}
