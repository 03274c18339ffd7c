// One pass over a Xen command line: the targeted release, the words as Xen reads them, and what
// each word's name resolves to. Diagnostics, hovers and completion all start here.
import type { CmdlineSegment } from '../cmdline/segment';
import type { CmdlineContext } from '../cmdline/engine';
import type { Arch } from '../core/types';
import { readCmdline, readRules, bracketName, type ReadRules, type XenCmdline, type XenWord } from './readCmdline';
import { resolveTarget, type Target } from './target';
import { paramAt, type ParamAt } from './registry';
import advice from '../../data/xen/advice.json';

/** Read by the x86 early boot code (boot/cmdline.S, later cmdline.c) before the main parser, in every release. */
const EARLY_BOOT = new Set(advice.earlyBoot.names);

export interface ResolvedWord {
  word: XenWord;
  /** The parameter the name resolves to in the target release and architecture. */
  param?: ParamAt;
  /** The registered name matched (differs from word.name for bracketed names). */
  matched?: string;
  /** Not registered with the main parser in this release, but read by the x86 early boot code. */
  earlyBoot?: boolean;
}

export interface Analysis {
  target: Target;
  arch: Arch;
  rules: ReadRules;
  line: XenCmdline;
  words: ResolvedWord[];
  /** Whether Linux registers a word (the host's answer), for Linux words written on Xen's line. */
  linuxRegisters?: CmdlineContext['linuxRegisters'];
}

/** `target` overrides the release the segment names (the certainty pass judges the line under each candidate). */
export function analyse(seg: CmdlineSegment, ctx: CmdlineContext, target: Target = resolveTarget(seg, ctx)): Analysis {
  const arch = ctx.settings.arch;
  const rules = readRules(target.release);
  const line = readCmdline(seg, rules);
  const words = line.words.map((word) => resolveWord(word, target.index, arch, rules));
  return { target, arch, rules, line, words, linuxRegisters: ctx.linuxRegisters };
}

export function resolveWord(word: XenWord, rel: number, arch: Arch, rules: ReadRules): ResolvedWord {
  const direct = paramAt(word.name, rel, arch);
  if (direct) return { word, param: direct, matched: word.name };
  if (arch === 'x86_64' && EARLY_BOOT.has(word.name)) {
    return {
      word,
      param: { name: word.name, regs: [], kind: 'ignore', runtime: false, ignorable: true },
      matched: word.name,
      earlyBoot: true,
    };
  }
  if (rules.bracketNames && word.value !== undefined) {
    const b = bracketName(word.key);
    const p = b ? paramAt(b, rel, arch) : undefined;
    if (b && p && p.kind === 'custom') return { word, param: p, matched: b };
  }
  return { word };
}
