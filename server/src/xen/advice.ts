// Advice beyond validity: settings that parse fine but often do not do what people expect.
//  - dom0_mem without max: (x86): dom0 may balloon beyond its initial size;
//  - max_cstate=0: read in xen/arch/x86/acpi/cpu_idle.c (acpi_processor_idle) and
//    xen/arch/x86/cpu/mwait-idle.c: with 0 the idle loop never picks a C-state and just halts;
//  - debugging switches left on (sync_console, hvm_fep) and mitigations or the IOMMU switched off.
import advice from '../../data/xen/advice.json';
import type { Analysis, ResolvedWord } from './analyse';
import { paramAt, registrationsAt } from './registry';
import { integerPrefix, parseBool } from './values';

export interface Advice {
  start: number;
  end: number;
  code: string;
  message: string;
  fixes?: Array<{ title: string; start: number; end: number; newText: string }>;
}

const DEBUG_ONLY = advice.debugOnly as Record<string, string>;

/** The dom0_mem= words with a value, once per analysis: adviseWord runs for every word. */
const dom0MemCache = new WeakMap<Analysis, ResolvedWord[]>();
function dom0MemWords(a: Analysis): ResolvedWord[] {
  let ws = dom0MemCache.get(a);
  if (!ws) {
    ws = a.words.filter(
      (x) => (x.matched ?? x.word.name) === 'dom0_mem' && x.word.value !== undefined && !x.word.negated,
    );
    dom0MemCache.set(a, ws);
  }
  return ws;
}

export function adviseWord(rw: ResolvedWord, a: Analysis): Advice[] {
  const w = rw.word;
  const name = rw.matched ?? w.name;
  const release = a.target.release;
  const out: Advice[] = [];
  const v = w.value;
  const onX86 = registrationsAt(name, a.target.index, a.arch).some((r) => r.arch === 'x86');

  // Each dom0_mem= runs parse_dom0_mem, which sets only the amounts it names: a max: in any
  // occurrence is a ceiling. The hint goes on the last occurrence only.
  const dom0Mem = name === 'dom0_mem' && onX86 && v !== undefined && !w.negated ? dom0MemWords(a) : [];
  if (dom0Mem.length && dom0Mem[dom0Mem.length - 1] === rw) {
    const items = dom0Mem.flatMap((x) => x.word.value!.split(','));
    // A value with another parameter joined by a comma is reported as such; no advice on top.
    const joined = items.some((i) => /^[A-Za-z]/.test(i) && !/^(?:min|max):/.test(i));
    if (!joined && !items.some((i) => i.startsWith('max:'))) {
      const plain = items.find((i) => /^\d+[bBkKmMgGtT]?$/.test(i));
      out.push({
        start: w.start,
        end: w.end,
        code: 'xen/dom0-mem-without-max',
        message: `dom0_mem=${v} sets how much memory dom0 starts with, not a ceiling: without "max:" dom0 can balloon up and take memory meant for guests. The usual setting is dom0_mem=X,max:X${plain ? ` (here dom0_mem=${v},max:${plain})` : ''}, with ballooning of dom0 turned off in the toolstack (autoballoon=0 in xl.conf).`,
        fixes: plain
          ? [{ title: `Add ",max:${plain}"`, start: w.end, end: w.end, newText: `,max:${plain}` }]
          : undefined,
      });
    }
  }

  const firstNumber = v?.split(',')[0] ?? '';
  if (
    name === 'max_cstate' &&
    onX86 &&
    v !== undefined &&
    firstNumber !== '' &&
    integerPrefix(firstNumber) === firstNumber.length &&
    Number(firstNumber) === 0
  ) {
    const mwait = paramAt('mwait-idle', a.target.index, a.arch) !== undefined;
    out.push({
      start: w.start,
      end: w.end,
      code: 'xen/max-cstate-zero',
      message: `With max_cstate=0, Xen ${release}'s idle loop never selects a C-state${mwait ? ' and the mwait-idle driver stays off' : ''}: an idle CPU simply executes HLT, which is C1. CPUs do not poll, but they never reach C2 or deeper, so idle power and heat rise and turbo headroom shrinks. max_cstate=1 states the same limit explicitly; prefer fixing the firmware or timer problem that made deep C-states misbehave.`,
    });
  }

  const truth =
    v === undefined ? !w.negated : parseBool(v) === 1 ? !w.negated : parseBool(v) === 0 ? w.negated : undefined;
  if ((name === 'sync_console' || name === 'hvm_fep') && truth) {
    out.push({ start: w.start, end: w.end, code: 'xen/debug-only-setting', message: DEBUG_ONLY[name] });
  }
  if ((name === 'spec-ctrl' || name === 'iommu') && v !== undefined && parseBool(v) === 0 && !w.negated) {
    const key = `${name}=${name === 'iommu' && v === '0' ? '0' : 'no'}`;
    out.push({
      start: w.start,
      end: w.end,
      code: 'xen/debug-only-setting',
      message: DEBUG_ONLY[key] ?? DEBUG_ONLY[`${name}=no`],
    });
  }
  if ((name === 'spec-ctrl' || name === 'iommu') && v === undefined && w.negated) {
    out.push({ start: w.start, end: w.end, code: 'xen/debug-only-setting', message: DEBUG_ONLY[`${name}=no`] });
  }
  return out;
}
