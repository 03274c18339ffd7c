// GRUB 2 scripts: the shared analysis per document version and the diagnostics (syntax, commands,
// devices, boot entries, and the command lines the entries hand to Xen and Linux).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModeContext } from '../core/mode';
import type { Diagnostic, Range } from '../core/types';
import { append, didYouMean } from '../core/text';
import { CacheKey } from '../core/cache';
import { diagnoseSegments } from '../cmdline/host';
import { parseGrub2, type G2Block, type G2Command, type G2Script } from './grub2Parse';
import type { G2Word } from './grub2Lex';
import { GRUB2_KEYWORDS, grub2Commands, grub2OtherCommands, isKnownGrub2Command } from './grub2Commands';
import {
  analyseGrub2Entries,
  commandsByEntry,
  fileWordIndex,
  loaderOf,
  menuTitle,
  type G2BootEntry,
} from './grub2Entries';
import { parseGrub2Device } from './grub2Device';

export interface Analysis {
  script: G2Script;
  entries: G2BootEntry[];
  byEntry: Map<G2Block, G2Command[]>;
}
/** The analysis per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Analysis>('grub-cfg');

export function analyse(doc: TextDocument, ctx: ModeContext): Analysis {
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => {
    const script = parseGrub2(doc.getText());
    return { script, entries: analyseGrub2Entries(script, (o) => doc.positionAt(o)), byEntry: commandsByEntry(script) };
  });
}

export const rangeOf = (doc: TextDocument, start: number, end: number): Range => ({
  start: doc.positionAt(start),
  end: doc.positionAt(end),
});

export const NON_BOOT_ACTIONS = new Set([
  'reboot',
  'halt',
  'fwsetup',
  'exit',
  'normal',
  'normal_exit',
  'true',
  'false',
  'echo',
  'sleep',
  'blscfg',
]);

function commandDiagnostics(doc: TextDocument, a: Analysis, limit = Infinity): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { script } = a;
  let names: string[] | undefined;
  for (const c of script.commands) {
    // Past the service's cap nothing more is shown: stop instead of computing suggestions for
    // every word of a binary file.
    if (out.length > limit) break;
    const nameWord = c.words[0];
    const r = rangeOf(doc, nameWord.start, nameWord.end);
    if (c.name && !isKnownGrub2Command(c.name) && !script.functions.has(c.name) && !GRUB2_KEYWORDS[c.name]) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(c.name)) {
        // `name=value` alone is how GRUB 2 sets a variable; nothing to report.
      } else {
        names ??= [...Object.keys(grub2Commands), ...grub2OtherCommands, ...script.functions];
        const near = didYouMean(c.name, names);
        out.push({
          range: r,
          severity: 'hint',
          code: 'grub/unknown-grub2-command',
          message: `"${c.name}" is not a command of GRUB 2 or its usual modules, nor a function defined in this file. GRUB reports "can't find command" unless a module or script provides it.${near.length ? ` Did you mean ${near.map((x) => `"${x}"`).join(' or ')}?` : ''}`,
          fixes:
            near.length === 0
              ? undefined
              : near.slice(0, 1).map((x) => ({ title: `Change to "${x}"`, edits: [{ range: r, newText: x }] })),
        });
      }
    }
    const loader = loaderOf(c);
    if (loader && loader !== 'configfile') {
      const fi = fileWordIndex(c);
      if (!c.words[fi] && c.name !== 'appleloader') {
        out.push({
          range: r,
          severity: 'error',
          code: 'grub/argument-count',
          message: `"${c.name}" needs a file: ${grub2Commands[c.name].usage}. GRUB reports "filename expected".`,
        });
      }
    }
    for (const w of c.words.slice(1)) append(out, deviceDiagnostics(doc, w));
  }
  return out;
}

function deviceDiagnostics(doc: TextDocument, w: G2Word): Diagnostic[] {
  if (w.hasVar) return [];
  const bare = /^root=(?!\()(.+)$/.exec(w.value);
  if (bare) {
    // `set root='hd0,gpt2'`: a device name without parentheses.
    const d = parseGrub2Device(`(${bare[1]})`, 0);
    if (!d?.error) return [];
    const at = (i: number) => w.offsets[Math.max(5, Math.min(5 + i - 1, w.value.length))] ?? w.end;
    return [
      {
        range: rangeOf(doc, at(d.error.start), at(d.error.end - 1) + 1),
        severity: 'error',
        code: 'grub/malformed-device',
        message: d.error.message,
      },
    ];
  }
  const at = w.value.indexOf('(');
  if (at < 0 || (at > 0 && !/^[A-Za-z_]+=$/.test(w.value.slice(0, at)))) return [];
  const d = parseGrub2Device(w.value, at);
  if (!d?.error) return [];
  const s = w.offsets[d.error.start] ?? w.start;
  const e = (w.offsets[Math.min(d.error.end, w.value.length) - 1] ?? w.end - 1) + 1;
  return [
    {
      range: rangeOf(doc, s, Math.max(e, s + 1)),
      severity: 'error',
      code: 'grub/malformed-device',
      message: d.error.message,
    },
  ];
}

function entryDiagnostics(doc: TextDocument, a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of a.entries) {
    const head = e.block.head!;
    const t = menuTitle(head);
    const titleRange = rangeOf(doc, head.words[0].start, (t.word ?? head.words[0]).end);
    const cmds = (a.byEntry.get(e.block) ?? []).filter((c) => c !== head);
    if (e.kind === 'none' && !cmds.some((c) => NON_BOOT_ACTIONS.has(c.name) || callsUnknownCommand(c))) {
      out.push({
        range: titleRange,
        severity: 'warning',
        code: 'grub/entry-boots-nothing',
        message:
          'This entry loads no kernel, chain-loads nothing and loads no other menu, so choosing it boots nothing.',
      });
    }
    let kernelSeen = false;
    let linuxSeen = false;
    for (const c of cmds) {
      const loader = loaderOf(c);
      const r = rangeOf(doc, c.words[0].start, c.words[0].end);
      if (loader === 'multiboot' || loader === 'multiboot2' || loader === 'xen_hypervisor') kernelSeen = true;
      if (loader === 'linux') linuxSeen = true;
      if ((loader === 'module' || loader === 'module2' || loader === 'xen_module') && !kernelSeen) {
        out.push({
          range: r,
          severity: 'error',
          code: 'grub/load-order',
          message: `"${c.name}" comes before the kernel it belongs to; GRUB reports "you need to load the kernel first". Put the ${c.name === 'xen_module' ? 'xen_hypervisor' : c.name === 'module2' ? 'multiboot2' : 'multiboot'} line first.`,
        });
      }
      if (loader === 'initrd' && !linuxSeen && e.kind !== 'xen') {
        out.push({
          range: r,
          severity: 'error',
          code: 'grub/load-order',
          message: `"${c.name}" comes before any "linux" line; GRUB reports "you need to load the kernel first".`,
        });
      }
      if (e.kind === 'xen' || e.kind === 'multiboot') {
        if ((e.multiboot === 2 && loader === 'module') || (e.multiboot === 1 && loader === 'module2')) {
          const want = e.multiboot === 2 ? 'module2' : 'module';
          out.push({
            range: r,
            severity: 'error',
            code: 'grub/multiboot-mismatch',
            message: `The kernel is loaded with "${e.kernel?.name}", so its modules must be loaded with "${want}"; "${c.name}" belongs to the other Multiboot version and fails with "you need to load the kernel first".`,
            fixes: [
              { title: `Change "${c.name}" to "${want}"`, edits: [{ range: r, newText: want }], preferred: true },
            ],
          });
        }
      }
    }
    if (e.kind === 'xen') {
      if (e.modules.length === 0) {
        out.push({
          range: titleRange,
          severity: 'error',
          code: 'grub/xen-without-dom0',
          message: `This Xen entry loads the hypervisor but no dom0 kernel: add a "${e.multiboot === 2 ? 'module2' : e.multiboot === 'arm' ? 'xen_module' : 'module'} /boot/vmlinuz-… root=…" line after the ${e.kernel?.name} line.`,
        });
      }
      const moduleCmd = e.multiboot === 2 ? 'module2' : e.multiboot === 'arm' ? 'xen_module' : 'module';
      for (const c of e.initrds) {
        const r = rangeOf(doc, c.words[0].start, c.words[0].end);
        out.push({
          range: r,
          severity: 'error',
          code: 'grub/initrd-in-xen-entry',
          message: `In a Xen entry the dom0 initrd is a Multiboot module for the hypervisor; "${c.name}" only works after "linux" and fails here. Load it with "${moduleCmd} --nounzip" after the dom0 kernel's module line.`,
          fixes: [
            {
              title: `Change "${c.name}" to "${moduleCmd} --nounzip"`,
              edits: [{ range: r, newText: `${moduleCmd} --nounzip` }],
              preferred: true,
            },
          ],
        });
      }
    }
  }
  return out;
}

function callsUnknownCommand(c: G2Command): boolean {
  // An entry that calls a function or an unknown command may boot through it: do not guess.
  return c.name !== '' && !grub2Commands[c.name] && !grub2OtherCommands.has(c.name);
}

export function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const out: Diagnostic[] = a.script.errors.map((e) => ({
    range: rangeOf(doc, e.start, e.end),
    severity: 'error' as const,
    code: 'grub/script-syntax',
    message: e.message,
  }));
  for (const d of commandDiagnostics(doc, a, ctx.maxDiagnostics)) out.push(d);
  for (const d of entryDiagnostics(doc, a)) out.push(d);
  for (const d of diagnoseSegments(
    a.entries.flatMap((e) => e.segments),
    ctx,
  ))
    out.push(d);
  return out;
}
