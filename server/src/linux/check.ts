// The verdict on each word of a Linux command line: who reads it (the kernel, the boot loader or
// boot stub, init, or nobody), which knowledge says so, and what is wrong with it. Diagnostics,
// hovers and completion all start from here. Never throws.
import { INTERNAL_ERROR, internalCodes, internalErrorMessage, severityOf } from '../core/codes';
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { Arch, Severity } from '../core/types';
import { didYouMean } from '../core/text';
import { cmdlineFacts, curated, plainSource, xenHypervisorOptions, type CuratedParam } from './curated';
import { normName, seriesRegistering, type ParamFacts } from './tables';
import { checkCurated, checkTyped, type ValueProblem } from './values';
import { compareVersions, fmt, inHistory, parseVersion, resolveTarget, type Target } from './version';
import { linuxWords, type LinuxWord } from './words';
import { bootPathFindings } from './bootPath';

export type Fate =
  | 'image'
  | 'dashdash'
  | 'after-dashdash'
  | 'dropped'
  | 'kernel'
  | 'boot'
  | 'sysctl'
  | 'init-arg'
  | 'init-env'
  | 'set-aside'
  | 'userspace';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Offsets in the segment text. */
  start: number;
  end: number;
  /** `deletes`: the fix removes the word (see Fix.deletes in service/types.ts). */
  fix?: { title: string; start: number; end: number; newText: string; deletes?: boolean };
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface Verdict {
  lw: LinuxWord;
  fate: Fate;
  facts?: ParamFacts;
  cur?: CuratedParam;
  /** Which knowledge backs the verdict, for hovers and messages. */
  basis: string;
  /** Set when the knowledge is thinner than an exact source table. */
  thin?: string;
  findings: Finding[];
}

export interface Judgement {
  target: Target;
  verdicts: Verdict[];
  lineFindings: Finding[];
}

/** Dotted names that user space reads from /proc/cmdline (systemd, dracut, udev, kmod, Plymouth). */
const USERSPACE_PREFIXES = [
  'systemd.',
  'rd.',
  'fsck.',
  'udev.',
  'plymouth.',
  'net.ifnames',
  'modprobe.',
  'vconsole.',
  'locale.',
  'luks.',
];

function defsForArch(f: ParamFacts | undefined, arch: Arch) {
  return f?.defs.filter((d) => d.arches.includes(arch)) ?? [];
}

function historyOf(cur: CuratedParam | undefined): {
  exists: boolean | undefined;
  since?: string;
  until?: string;
  source?: string;
  approx?: boolean;
} {
  if (!cur || !cur.history.length) return { exists: undefined };
  return {
    exists: undefined,
    since: cur.history[0].since,
    until: cur.history[cur.history.length - 1].until,
    source: plainSource(cur.history.map((h) => h.source).join('; ')),
    approx: cur.history[0].approx,
  };
}

function existsAt(cur: CuratedParam, v: number[]): boolean {
  return cur.history.some((h) => inHistory(v, h.since, h.until));
}

function tableBasis(t: Target): string {
  return t.exact
    ? `the source of Linux ${t.table.release}`
    : `the source of Linux ${t.tableVersion}, checked in place of ${fmt(t.version)} (not ${fmt(t.version)} itself)`;
}

function where(f: ParamFacts | undefined, arch: Arch): string {
  const d = defsForArch(f, arch)[0] ?? f?.defs[0];
  if (d) return `${d.file}:${d.line}`;
  const b = f?.boot[0];
  return b ? `${b.file}:${b.line}` : '';
}

/** All names known to the targeted table and the curated facts, for suggestions. */
function candidateNames(t: Target): string[] {
  const names: string[] = [];
  for (const f of t.table.byName.values()) if (!f.name.includes('.')) names.push(f.name);
  return names;
}

function unknownFate(lw: LinuxWord): Fate {
  if (lw.name.includes('.')) return 'set-aside';
  return lw.value !== undefined ? 'init-env' : 'init-arg';
}

/** `code` quotes the line's own text: backticks in a message, mdCode in Markdown (a hover). */
export function initPhrase(lw: LinuxWord, fate: Fate, code: (s: string) => string = (s) => `\`${s}\``): string {
  if (fate === 'init-env')
    return `the kernel passes it to init as the environment variable ${code(`${lw.name}=${lw.value ?? ''}`)}`;
  if (fate === 'init-arg') return `the kernel passes it to init as the argument ${code(lw.name)}`;
  if (fate === 'set-aside')
    return `the kernel takes the dotted name for an option of a module ${code(lw.name.split('.')[0])} that is not built in, and sets it aside (modprobe applies it if such a module is loaded later); init does not get it`;
  return 'the kernel does not read it';
}

function judgeWord(lw: LinuxWord, seg: CmdlineSegment, ctx: CmdlineContext, t: Target, names: () => string[]): Verdict {
  const arch = ctx.settings.arch;
  const vs = fmt(t.version);
  const findings: Finding[] = [];
  const nameSpan = { start: lw.w.nameStart, end: lw.w.nameEnd };
  const wordSpan = { start: lw.w.start, end: lw.w.end };
  if (lw.isImage) return { lw, fate: 'image', basis: 'boot loader', findings };
  if (lw.isDashDash) {
    const dd = { since: '3.15' };
    const ok = compareVersions(t.version, parseVersion(dd.since)!) >= 0;
    if (!ok)
      findings.push({
        code: 'linux/not-in-version',
        severity: 'info',
        ...wordSpan,
        message: `Linux ${vs} does not treat \`--\` as the end of its parameters (that came around 3.15, approximately): it keeps reading the words after it and passes \`--\` itself to init.`,
      });
    return { lw, fate: 'dashdash', basis: 'kernel/params.c parse_args (source 6.1, 6.12)', findings };
  }
  if (lw.dropped && compareVersions(t.version, [3, 15]) >= 0) {
    // start_kernel() parses the words after the first `--` for init with parse_args(), which stops
    // at the next `--`: that word and the rest are handed on to nobody.
    if (lw.w.raw === '--' && lw.w.value === undefined) {
      findings.push({
        code: 'linux/dropped-after-second-dashdash',
        severity: 'warning',
        start: lw.w.start,
        end: seg.text.length,
        message: `A second \`--\` ends init's words too: Linux passes neither it nor anything after it to init, so the rest of this line has no effect. Remove the second \`--\`, or move the words before it.`,
      });
    }
    return {
      lw,
      fate: 'dropped',
      basis: "kernel/params.c parse_args stops at `--`; init/main.c parses init's words with it (source 6.1, 6.12)",
      findings,
    };
  }
  if (lw.afterDashDash && compareVersions(t.version, [3, 15]) >= 0)
    return {
      lw,
      fate: 'after-dashdash',
      basis: 'kernel/params.c parse_args stops at `--` (source 6.1, 6.12)',
      findings,
    };

  const cur = curated(lw.name);
  const facts = t.table.byName.get(lw.norm);
  const archDefs = defsForArch(facts, arch);
  let fate: Fate;
  let basis: string;
  let thin: string | undefined;

  // sysctl.<path>=<value>: applied to sysctls since 5.8.
  if (lw.norm.startsWith('sysctl.')) {
    const ok = compareVersions(t.version, [5, 8]) >= 0;
    if (ok)
      return {
        lw,
        fate: 'sysctl',
        basis: 'fs/proc/proc_sysctl.c process_sysctl_arg (source 6.1, 6.12); since 5.8',
        findings,
      };
    findings.push({
      code: 'linux/not-in-version',
      severity: 'warning',
      ...nameSpan,
      message: `Setting sysctls from the command line (sysctl.…=) came with Linux 5.8; ${vs} sets it aside as an unknown module option.`,
    });
    return { lw, fate: 'set-aside', basis: 'kernel history: sysctl.* boot parameters since 5.8', findings };
  }

  if (cur?.notAParameter) {
    fate = unknownFate(lw);
    const srcs = plainSource((cur.sources ?? []).join('; '));
    basis = `project facts: ${srcs}`;
    const succ = cur.successor;
    findings.push({
      code: 'linux/unknown-parameter',
      severity: 'info',
      ...nameSpan,
      message: `\`${lw.name}\` is not a Linux kernel parameter (${srcs}): ${initPhrase(lw, fate)}.${succ ? ` Use \`${succ}\` instead.` : ''}`,
      ...(succ ? { fix: { title: `Replace with "${succ}"`, ...wordSpan, newText: succ } } : {}),
    });
    return { lw, fate, cur, facts, basis, findings };
  }

  if (cur && cur.reader && cur.reader !== 'kernel' && cur.reader !== 'boot-loader' && cur.reader !== 'efi-stub') {
    // Read by init, the initramfs, systemd or udev.
    fate = lw.name.includes('.') ? 'set-aside' : lw.value !== undefined ? 'init-env' : 'init-arg';
    if (facts && archDefs.length) fate = 'kernel';
    return {
      lw,
      fate: fate === 'kernel' ? 'kernel' : 'userspace',
      cur,
      facts,
      basis: `project facts (${cur.reader})`,
      findings,
    };
  }

  // Existence at the targeted version.
  let known: boolean;
  if (t.exact) {
    known =
      archDefs.length > 0 ||
      (facts?.boot.some((b) => b.arches.includes(arch)) ?? false) ||
      (cur?.reader === 'boot-loader' && (!cur.arch || cur.arch.includes(arch)));
    basis = tableBasis(t);
    if (!known && cur && cur.reader === 'kernel' && existsAt(cur, t.version) && !facts) {
      // Our facts say it exists but the table has no registration: trust the source, say so.
      basis = `${tableBasis(t)}; the recorded history disagrees (${plainSource(cur.history.map((h) => h.source).join('; '))})`;
    }
  } else if (cur && cur.history.length) {
    known = existsAt(cur, t.version);
    const h = historyOf(cur);
    const span = `${h.since ? `since ${h.since}${h.approx ? ' (approximately)' : ''}` : 'present'}${h.until ? ` until ${h.until}` : ''}`;
    basis = t.older
      ? `the recorded history of older kernels (\`${cur.key}\` ${span}; sources under History)`
      : `the recorded history (\`${cur.key}\` ${span}) with ${tableBasis(t)}`;
    if (!known) {
      const firstSince = cur.history.map((x) => x.since).filter(Boolean)[0];
      const lastUntil = cur.history[cur.history.length - 1].until;
      const tooOld = firstSince && compareVersions(t.version, parseVersion(firstSince)!.slice(0, 2)) < 0;
      fate = unknownFate(lw);
      findings.push({
        code: 'linux/not-in-version',
        severity: 'warning',
        ...nameSpan,
        message: tooOld
          ? `\`${lw.name}\` arrived in Linux ${firstSince}${h.approx ? ' (approximately)' : ''}; ${vs} does not know it, so ${initPhrase(lw, fate)} (source: ${h.source}).`
          : `\`${lw.name}\` was gone after Linux ${lastUntil}; ${vs} does not know it, so ${initPhrase(lw, fate)} (source: ${h.source}).`,
      });
      return { lw, fate, cur, facts, basis, findings };
    }
  } else {
    known = archDefs.length > 0 || (facts?.boot.length ?? 0) > 0;
    basis = tableBasis(t);
    if (known)
      thin = t.older
        ? `known from the ${t.tableVersion} source; the project has no history for it, so whether Linux ${vs} has it is not checked`
        : `known from the source of Linux ${t.tableVersion}, checked in place of ${vs}`;
  }

  if (!known && facts && facts.defs.length && !archDefs.length) {
    const other = [...new Set(facts.defs.flatMap((d) => d.arches))].join(', ');
    fate = unknownFate(lw);
    findings.push({
      code: 'linux/other-architecture',
      severity: 'warning',
      ...nameSpan,
      message: `\`${lw.name}\` is registered only for ${other} (${where(facts, arch)}); on ${arch} ${initPhrase(lw, fate)}.`,
    });
    return { lw, fate, cur, facts, basis, thin, findings };
  }

  if (!known && t.exact && !lw.name.includes('.') && !(facts && facts.defs.length)) {
    // The exact release lacks it: when other derived releases register it, say which.
    const elsewhere = seriesRegistering(lw.norm, arch);
    if (elsewhere.length) {
      fate = unknownFate(lw);
      const span =
        elsewhere.length === 1
          ? `Linux ${elsewhere[0]}`
          : `Linux ${elsewhere[0]} … ${elsewhere[elsewhere.length - 1]} (not every release between)`;
      findings.push({
        code: 'linux/not-in-version',
        severity: 'warning',
        ...nameSpan,
        message: `\`${lw.name}\` is a parameter of ${elsewhere.length === 1 ? span : `releases from ${span}`}, but Linux ${t.table.release} does not register it: ${initPhrase(lw, fate)}.`,
      });
      return { lw, fate, cur, facts, basis, findings };
    }
  }

  if (!known) {
    fate = unknownFate(lw);
    if (xenHypervisorOptions.has(lw.norm) && (seg.bootPath === 'xen-dom0' || seg.bootPath === 'direct-and-dom0')) {
      const line =
        seg.bootPath === 'direct-and-dom0'
          ? 'this line goes to the kernel of the native entries and to the dom0 kernel of the Xen entries'
          : "this is the dom0 kernel's line";
      const to = /^GRUB_CMDLINE_/.test(seg.origin)
        ? 'GRUB_CMDLINE_XEN_DEFAULT (grub-mkconfig puts it on the line that loads Xen)'
        : "Xen's line (the `kernel`/`multiboot` line that loads Xen)";
      findings.push({
        code: 'linux/xen-option-on-linux-line',
        severity: 'warning',
        ...nameSpan,
        message: `\`${lw.name}\` is an option of the Xen hypervisor, but ${line}: Linux does not read it (${initPhrase(lw, fate)}). Move it to ${to}.`,
      });
      return { lw, fate, cur, facts, basis, findings };
    }
    const dotted = lw.name.includes('.');
    if (dotted) {
      const mod = normName(lw.name.slice(0, lw.name.indexOf('.')));
      if (USERSPACE_PREFIXES.some((p) => lw.name.startsWith(p)))
        return { lw, fate: 'userspace', facts, basis, findings };
      if (t.table.modules.has(mod)) {
        const params = [...t.table.byName.values()]
          .filter((f) => normName(f.name).startsWith(`${mod}.`))
          .map((f) => f.name);
        const near = didYouMean(lw.name, params);
        findings.push({
          code: 'linux/unknown-module-parameter',
          severity: 'warning',
          ...nameSpan,
          message: `The module \`${mod}\` has no parameter \`${lw.name.slice(mod.length + 1)}\` in ${t.exact ? `Linux ${t.table.release}` : `Linux ${t.tableVersion} (checked in place of ${vs})`}. When it is built into the kernel, the kernel sets the word aside; when it is loaded as a module, it prints "unknown parameter '${lw.name.slice(mod.length + 1)}' ignored". Either way the word has no effect.${near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : ''}`,
          ...(near.length ? { fix: { title: `Change to "${near[0]}"`, ...nameSpan, newText: near[0] } } : {}),
        });
        return { lw, fate, cur, facts, basis, findings };
      }
    }
    const near = lw.name.length > 3 ? didYouMean(lw.name, names()).filter((n) => n.length > 3) : [];
    const docOnly =
      facts && !facts.defs.length && facts.docs.length
        ? ` ${t.table.docFile.split('/').pop()} documents it [${facts.docs[0].tags.join(',')}], but no code in the ${arch} build registers it.`
        : '';
    const knowledge = t.exact
      ? `Linux ${t.table.release}`
      : t.older
        ? `the recorded history of older kernels or Linux ${t.tableVersion} (checked in place of ${vs})`
        : `Linux ${t.tableVersion} (checked in place of ${vs})`;
    findings.push({
      code: 'linux/unknown-parameter',
      severity: 'info',
      ...nameSpan,
      message: `\`${lw.name}\` is no parameter of ${knowledge}: ${initPhrase(lw, fate)}.${docOnly}${near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : ''}`,
      ...(near.length ? { fix: { title: `Change to "${near[0]}"`, ...nameSpan, newText: near[0] } } : {}),
    });
    return { lw, fate, cur, facts, basis, findings };
  }

  fate = archDefs.length || cur?.reader === 'kernel' ? 'kernel' : 'boot';

  // Spelling: 6.1 and 6.12 compare every name with '-' and '_' alike; kernels of the 3.x era only
  // did so for module and core parameters (kernel/params.c kept parameq to itself then).
  const registered = (
    archDefs.find((d) => d.kind === 'setup' || d.kind === 'early')?.raw ??
    (cur && cur.reader === 'kernel' && !cur.key.includes('.') ? cur.key : undefined)
  )?.replace(/=$/, '');
  if (t.older && registered && registered !== lw.name && normName(registered) === lw.norm && !lw.name.includes('.')) {
    findings.push({
      code: 'linux/name-spelling',
      severity: 'info',
      ...nameSpan,
      message: `Linux ${vs} may not match \`${lw.name}\`: kernels of the 3.x era compared __setup and early_param names exactly and took '-' for '_' only in module and core parameters (the change to matching both came later; release not recorded). Write \`${registered}\`.`,
      fix: { title: `Change to "${registered}"`, ...nameSpan, newText: registered },
    });
  }

  // Our facts restrict the parameter's meaning to some architectures (earlyprintk is x86's; on
  // arm64 only an i.MX clock driver happens to register the same word).
  // A release whose own architecture code registers the word (arm64's early console read
  // earlyprintk= in 3.10, arch/arm64/kernel/early_printk.c) has it for that very purpose.
  const archOwn = archDefs.some((d) => d.file.startsWith(`arch/${arch === 'arm64' ? 'arm64' : 'x86'}/`));
  if (cur?.arch && !cur.arch.includes(arch) && !archOwn) {
    const others = archDefs.length
      ? ` (on ${arch} the word is only registered by \`${archDefs[0].file}\`${archDefs[0].gates.length ? `, built with CONFIG_${archDefs[0].gates.join(' and CONFIG_')}` : ''}, for another purpose)`
      : '';
    findings.push({
      code: 'linux/other-architecture',
      severity: 'warning',
      ...nameSpan,
      message: `\`${cur.key}\` is a ${cur.arch.join('/')} parameter${others}.${cur.key === 'earlyprintk' ? ' On arm64 use earlycon= for an early console.' : ''}`,
    });
    return { lw, fate: archDefs.length ? 'kernel' : unknownFate(lw), cur, facts, basis, thin, findings };
  }

  // Values.
  const vStart = lw.w.valueStart ?? lw.w.nameEnd;
  const vEnd = lw.w.valueEnd ?? lw.w.nameEnd;
  const valueSpan = { start: vStart, end: Math.max(vStart, vEnd) };
  let problem: ValueProblem | undefined;
  let missing = false;
  if (cur) {
    problem = checkCurated(cur, lw.value, t.version, {
      release: t.table.release,
      arch,
      consoles: t.table.consoles,
    });
    // crashkernel=auto: Red Hat's .el6/.el7/.el8 kernels accept it (curated cmdline fact crashkernelAutoRedHat).
    if (problem && cur.key === 'crashkernel' && lw.value === 'auto' && redHatAutoKernel(seg)) problem = undefined;
    if (problem && lw.value === undefined && cur.check !== 'flag') missing = true;
  } else if (facts) {
    const d = archDefs[0] ?? facts.defs[0];
    if (d && lw.value !== undefined) problem = checkTyped(d.type, lw.value);
    const fixedValue = archDefs.find((x) => /=./.test(x.raw));
    if (
      fixedValue &&
      archDefs.every((x) => /=./.test(x.raw)) &&
      `${lw.name}=${lw.value ?? ''}` !== fixedValue.raw.replace(/^[^=]*/, lw.name)
    ) {
      problem = {
        severity: 'warning',
        message: `The kernel only recognises \`${fixedValue.raw}\` (${fixedValue.file}:${fixedValue.line}); any other form of the word goes to init.`,
      };
    }
    const setupWithEq = archDefs.length > 0 && archDefs.every((x) => x.kind === 'setup' && x.raw.endsWith('='));
    if (setupWithEq && lw.value === undefined) {
      missing = true;
      problem = {
        severity: 'warning',
        message: `\`${facts.name}\` is registered as \`${facts.name}=\`: without a value the kernel does not match it and ${initPhrase(lw, 'init-arg').replace(/^the kernel /, '')}.`,
      };
    }
  }
  if (problem) {
    const code = missing
      ? 'linux/missing-value'
      : cur?.check === 'flag'
        ? 'linux/unexpected-value'
        : (problem.code ?? 'linux/invalid-value');
    const span = missing
      ? nameSpan
      : problem.start !== undefined
        ? { start: vStart + problem.start, end: vStart + (problem.end ?? lw.value?.length ?? 0) }
        : lw.value !== undefined
          ? valueSpan
          : nameSpan;
    findings.push({
      code,
      severity: problem.severity,
      ...span,
      message: problem.message,
      ...(problem.suggestion !== undefined && lw.value !== undefined
        ? { fix: { title: `Change the value to "${problem.suggestion}"`, ...valueSpan, newText: problem.suggestion } }
        : {}),
    });
  }

  // Deprecation and successors.
  const doc = facts?.docs[0];
  const succ = cur?.successor ?? (t.exact || !t.older ? doc?.successor : undefined);
  const depSince = cur?.deprecatedSince;
  const deprecatedNow = cur?.deprecatedSince
    ? compareVersions(t.version, parseVersion(depSince)!) >= 0
    : (t.exact && doc?.deprecated) || false;
  if (deprecatedNow) {
    const succFacts = succ ? t.table.byName.get(normName(succ)) : undefined;
    findings.push({
      code: 'linux/obsolete-parameter',
      severity: 'warning',
      ...nameSpan,
      tags: ['deprecated'],
      message: succ
        ? `\`${lw.name}\` is deprecated${depSince ? ` since Linux ${depSince}` : ''}: use \`${succ}\`, which does the same${succFacts ? ` (${where(succFacts, arch)})` : ''}. The kernel still accepts the old name but warns.`
        : depSince
          ? `\`${lw.name}\` is obsolete since Linux ${depSince}: the kernel still accepts the word but it no longer does what it did (${plainSource(cur?.history.map((h) => h.source).join('; ') ?? '')}).`
          : `${t.table.docFile.split('/').pop()} of ${t.table.docRelease ?? t.table.release} marks \`${lw.name}\` as deprecated.`,
      ...(succ
        ? { fix: { title: `Replace with "${succ}"`, ...(lw.value === undefined ? wordSpan : nameSpan), newText: succ } }
        : {}),
    });
  }

  findings.push(...bootPathFindings(lw, seg, ctx, t, cur, facts));
  return { lw, fate, cur, facts, basis, thin, findings };
}

/** The image or version hint names a Red Hat kernel that accepts crashkernel=auto (…el6/el7/el8). */
function redHatAutoKernel(seg: CmdlineSegment): boolean {
  const names = `${seg.image?.path ?? ''} ${seg.versionHint?.version ?? ''} ${seg.versionHint?.source ?? ''}`;
  return cmdlineFacts.crashkernelAutoRedHat !== undefined && /\.el[678](?:_\d+)?(?:\.|\b)/.test(names);
}

/**
 * The certainty policy: an error only when the version is certain and the knowledge is that very
 * version's. A version assumed (nothing names one) or judged with another version's knowledge
 * gives at most a warning, and the assumed version is said.
 */
function applyCertainty(t: Target, findings: Finding[]): Finding[] {
  // resolveTarget says "the newest version…" when neither the image nor the settings name one.
  const assumed = /^assumed/.test(t.why);
  if (t.exact && !assumed) return findings;
  const note = assumed
    ? `Assuming Linux ${fmt(t.version)}, the newest version checked (neither the image name nor the settings name a version): `
    : '';
  return findings.map((f) => {
    if (f.code === INTERNAL_ERROR) return f;
    // Every finding that depends on the release says which one was assumed, not only the errors.
    const told =
      assumed && VERSION_BOUND.has(f.code)
        ? {
            ...f,
            message: `${f.message} (Linux ${fmt(t.version)} assumed: neither the image name nor the settings name a version.)`,
          }
        : f;
    if (f.severity !== 'error') return told;
    return { ...f, severity: 'warning', message: `${note}${f.message}` };
  });
}

/** Findings whose truth depends on the Linux release (what it registers, accepts or limits). */
const VERSION_BOUND = new Set([
  'linux/unknown-parameter',
  'linux/unknown-module-parameter',
  'linux/name-spelling',
  'linux/not-in-version',
  'linux/invalid-value',
  'linux/missing-value',
  'linux/unexpected-value',
  'linux/obsolete-parameter',
  'linux/other-architecture',
  'linux/cmdline-too-long',
]);

export function judge(seg: CmdlineSegment, ctx: CmdlineContext): Judgement {
  const target = resolveTarget(seg, ctx);
  const words = linuxWords(seg);
  let names: string[] | undefined;
  const lazyNames = () => (names ??= candidateNames(target));
  const verdicts: Verdict[] = [];
  for (const lw of words) {
    try {
      verdicts.push(judgeWord(lw, seg, ctx, target, lazyNames));
    } catch (e) {
      // a checker bug must not take the other words down, nor pass unseen
      const failed: Finding = {
        code: INTERNAL_ERROR,
        severity: severityOf(internalCodes, INTERNAL_ERROR),
        message: internalErrorMessage('check of this Linux parameter', e),
        start: lw.w.start,
        end: lw.w.end,
      };
      verdicts.push({ lw, fate: 'kernel', basis: 'not judged (internal error)', findings: [failed] });
    }
  }
  for (const v of verdicts) v.findings = applyCertainty(target, v.findings);
  return { target, verdicts, lineFindings: applyCertainty(target, lineChecks(seg, ctx, target, verdicts)) };
}

function lineChecks(seg: CmdlineSegment, ctx: CmdlineContext, t: Target, verdicts: Verdict[]): Finding[] {
  const out: Finding[] = [];
  const first = verdicts.find((v) => v.fate !== 'image');
  if (!first) return out;
  const len = seg.text.length - first.lw.w.start;
  const size = t.table.commandLineSize[ctx.settings.arch];
  const limits: Array<{ value: number; why: string }> = [];
  if (size)
    limits.push({
      value: size.value,
      why: `COMMAND_LINE_SIZE on ${ctx.settings.arch} is ${size.value} (${size.at}, ${t.table.release})`,
    });
  if (seg.bootPath === 'xen-dom0' || seg.bootPath === 'xl-guest')
    limits.push({
      value: 1024,
      why: "Xen hands a PV kernel at most 1024 characters (MAX_GUEST_CMDLINE in Xen's public xen.h)",
    });
  const limit = limits.sort((a, b) => a.value - b.value)[0];
  if (limit && len >= limit.value) {
    const cut = first.lw.w.start + limit.value - 1;
    out.push({
      code: 'linux/cmdline-too-long',
      severity: 'error',
      start: cut,
      end: seg.text.length,
      message: `The command line is ${len} characters; ${limit.why}, so everything from here on is cut off.`,
    });
  }
  const max = t.table.initArgsLimit?.value ?? 32;
  const args = verdicts.filter((v) => v.fate === 'init-arg' || v.fate === 'after-dashdash').length;
  const envs = verdicts.filter((v) => v.fate === 'init-env').length;
  // init also gets "init" as argv[0] and HOME=/ and TERM=linux in its environment.
  if (args + 1 > max || envs + 2 > max) {
    const which = args + 1 > max ? `${args} arguments` : `${envs} environment entries`;
    out.push({
      code: 'linux/too-many-init-words',
      severity: 'warning',
      start: first.lw.w.start,
      end: seg.text.length,
      message: `This line hands init ${which}; the kernel allows ${max} of each (CONFIG_INIT_ENV_ARG_LIMIT${t.table.initArgsLimit ? `, ${t.table.initArgsLimit.at}` : ''}) and panics beyond that.`,
    });
  }
  const ro = verdicts.filter((v) => v.fate === 'kernel' && (v.lw.norm === 'ro' || v.lw.norm === 'rw'));
  if (ro.some((v) => v.lw.norm === 'ro') && ro.some((v) => v.lw.norm === 'rw')) {
    const last = ro[ro.length - 1];
    out.push({
      code: 'linux/conflicting-parameters',
      severity: 'warning',
      start: last.lw.w.start,
      end: last.lw.w.end,
      message: `Both ro and rw are given; the last one (\`${last.lw.name}\`) wins.`,
    });
  }
  return out;
}
