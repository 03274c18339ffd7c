// Language mode for /etc/default/grub and /etc/default/grub.d/*.cfg: the shell variables
// grub-mkconfig reads, with the GRUB_CMDLINE_* values handed to the Xen and Linux engines.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from '../core/types';
import { didYouMean, isSpace, tailWhile } from '../core/text';
import { CacheKey } from '../core/cache';
import { mappedSegment, type CmdlineKind, type CmdlineSegment } from '../cmdline/segment';
import { cmdlineContext, completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from '../cmdline/editorAids';
import { engines } from '../cmdline/engines';
import { parseShell, type ShellAssignment, type ShellCommand, type ShellScript } from './shellAssign';
import { checkDefaultValue, defaultVariables, type DefaultVariableInfo } from './defaultVariables';

interface Setting {
  a: ShellAssignment;
  cmd: ShellCommand;
  info?: DefaultVariableInfo;
}
interface Analysis {
  script: ShellScript;
  settings: Setting[];
  segments: CmdlineSegment[];
  segmentOf: Map<ShellAssignment, CmdlineSegment>;
}

/** The analysis per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Analysis>('grub-default');

/** The command line a value gives its consumer, with the document offset of each character. Words holding an expansion are left out. */
export function assignmentCmdline(a: ShellAssignment): { text: string; offsets: number[] } {
  type Ch = { ch: string; off: number } | { exp: true };
  const chars: Ch[] = [];
  for (const p of a.value) {
    if (p.kind === 'expansion') chars.push({ exp: true });
    else for (let k = 0; k < p.text.length; k++) chars.push({ ch: p.text[k], off: p.offsets[k] });
  }
  const words: Array<Array<{ ch: string; off: number }>> = [];
  let cur: Array<{ ch: string; off: number }> = [];
  let hasExp = false;
  const end = () => {
    if (cur.length && !hasExp) words.push(cur);
    cur = [];
    hasExp = false;
  };
  for (const c of chars) {
    if ('exp' in c) {
      hasExp = true;
      continue;
    }
    if (c.ch === ' ' || c.ch === '\t' || c.ch === '\n') {
      end();
      continue;
    }
    cur.push(c);
  }
  end();
  let text = '';
  const offsets: number[] = [];
  words.forEach((w, i) => {
    if (i > 0) {
      text += ' ';
      offsets.push(offsets[offsets.length - 1] + 1);
    }
    for (const c of w) {
      text += c.ch;
      offsets.push(c.off);
    }
  });
  offsets.push(words.length ? words[words.length - 1][words[words.length - 1].length - 1].off + 1 : a.valueStart);
  for (let k = 1; k < offsets.length; k++) if (offsets[k] < offsets[k - 1]) offsets[k] = offsets[k - 1];
  return { text, offsets };
}

/**
 * Which entries a GRUB_CMDLINE_LINUX* value reaches. grub-mkconfig's 10_linux puts GRUB_CMDLINE_LINUX
 * and GRUB_CMDLINE_LINUX_DEFAULT on the native entries' kernel line; on a Xen host its 20_linux_xen
 * puts the same two on the dom0 kernel's line of the Xen entries, unless GRUB_CMDLINE_LINUX_XEN_REPLACE
 * (or …_XEN_REPLACE_DEFAULT) is set, which then takes its place there (grub-common 2.06,
 * /etc/grub.d/20_linux_xen: "Allow overriding GRUB_CMDLINE_LINUX", and its linux_entry calls).
 */
export interface XenHost {
  /** The file sets a GRUB_CMDLINE_XEN* variable, or the role setting is dom0. */
  xen: boolean;
  /** The XEN_REPLACE variables given a non-empty value. */
  replaced: Set<string>;
}

function reaches(name: string, info: DefaultVariableInfo, host: XenHost): CmdlineSegment['bootPath'] {
  if (info.dom0) return 'xen-dom0';
  if (!host.xen) return 'direct';
  const replacement =
    name === 'GRUB_CMDLINE_LINUX'
      ? 'GRUB_CMDLINE_LINUX_XEN_REPLACE'
      : name === 'GRUB_CMDLINE_LINUX_DEFAULT'
        ? 'GRUB_CMDLINE_LINUX_XEN_REPLACE_DEFAULT'
        : undefined;
  return replacement && !host.replaced.has(replacement) ? 'direct-and-dom0' : 'direct';
}

function segmentFor(
  doc: TextDocument,
  a: ShellAssignment,
  info: DefaultVariableInfo,
  host: XenHost,
): CmdlineSegment | undefined {
  let kind: CmdlineKind;
  const extra: Partial<CmdlineSegment> = {};
  if (info.type === 'cmdline-xen') kind = 'xen';
  else if (info.type === 'cmdline-linux') {
    kind = 'linux';
    extra.bootPath = reaches(a.name, info, host);
  } else return undefined;
  const { text, offsets } = assignmentCmdline(a);
  const positions = offsets.map((o) => doc.positionAt(o));
  // One line (the usual case): per-character columns; a value spanning lines maps each offset itself.
  if (positions.every((p) => p.line === positions[0].line))
    return mappedSegment(
      kind,
      positions[0].line,
      text,
      positions.map((p) => p.character),
      a.name,
      extra,
    );
  return {
    kind,
    text,
    origin: a.name,
    positionAt: (o) => positions[Math.max(0, Math.min(o, positions.length - 1))],
    ...extra,
  };
}

function analyse(doc: TextDocument, ctx: ModeContext): Analysis {
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => {
    const script = parseShell(doc.getText());
    const settings: Setting[] = [];
    const segments: CmdlineSegment[] = [];
    const segmentOf = new Map<ShellAssignment, CmdlineSegment>();
    const host: XenHost = { xen: ctx.settings.role === 'dom0', replaced: new Set() };
    for (const cmd of script.commands) {
      if (cmd.rest.length) continue;
      for (const a of cmd.assignments) {
        if (/^GRUB_CMDLINE_XEN/.test(a.name)) host.xen = true;
        if (/^GRUB_CMDLINE_LINUX_XEN_REPLACE/.test(a.name)) {
          host.xen = true;
          if (a.value.some((p) => p.kind === 'expansion' || p.text.trim() !== '')) host.replaced.add(a.name);
          else host.replaced.delete(a.name);
        }
      }
    }
    for (const cmd of script.commands) {
      // Assignments before a command only set the variable for that command; grub-mkconfig never sees them.
      if (cmd.rest.length) continue;
      for (const a of cmd.assignments) {
        const info = defaultVariables[a.name];
        settings.push({ a, cmd, info });
        if (info) {
          const seg = segmentFor(doc, a, info, host);
          if (seg) {
            segments.push(seg);
            segmentOf.set(a, seg);
          }
        }
      }
    }
    return { script, settings, segments, segmentOf };
  });
}

const rangeOf = (doc: TextDocument, s: number, e: number): Range => ({
  start: doc.positionAt(s),
  end: doc.positionAt(Math.max(e, s)),
});

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const text = doc.getText();
  const out: Diagnostic[] = a.script.errors.map((e) => ({
    range: rangeOf(doc, e.start, e.end),
    severity: 'error' as const,
    code: 'grub/shell-syntax',
    message: e.message,
  }));
  for (const cmd of a.script.commands) {
    const w0 = cmd.words[0];
    // `GRUB_TIMEOUT = 5`, `GRUB_TIMEOUT =5`: a command named GRUB_TIMEOUT, not an assignment.
    if (cmd.assignments.length === 0 && /^[A-Z_][A-Z0-9_]*$/.test(w0.raw) && cmd.words[1]?.raw.startsWith('=')) {
      const end = cmd.words[1].raw === '=' && cmd.words[2] ? cmd.words[2].start : cmd.words[1].start + 1;
      out.push({
        range: rangeOf(doc, w0.start, end),
        severity: 'error',
        code: 'grub/shell-syntax',
        message: `The shell reads "${w0.raw}" as a command because of the blank before "=": the variable is not set and grub-mkconfig reports "${w0.raw}: not found". Write ${w0.raw}=… without blanks.`,
        fixes: [
          {
            title: 'Remove the blanks around "="',
            edits: [{ range: rangeOf(doc, w0.end, end), newText: '=' }],
            preferred: true,
          },
        ],
      });
      continue;
    }
    if (cmd.assignments.length && cmd.rest.length) {
      const last = cmd.assignments[cmd.assignments.length - 1];
      const restEnd = cmd.rest[cmd.rest.length - 1].end;
      const whole = text.slice(last.valueStart, restEnd);
      const blankAfterEq = last.valueStart === last.valueEnd;
      const canQuote = !/["'\\$`]/.test(whole);
      out.push({
        range: rangeOf(doc, last.nameStart, restEnd),
        severity: 'error',
        code: 'grub/shell-syntax',
        message: blankAfterEq
          ? `The blank after "${last.name}=" sets ${last.name} to nothing and runs "${cmd.rest[0].raw}" as a command. Remove the blank.`
          : `The value has an unquoted blank, so the shell sets ${last.name} only for running "${cmd.rest[0].raw}" as a command, and grub-mkconfig never sees it. Put the whole value in double quotes.`,
        fixes: canQuote
          ? [
              {
                title: blankAfterEq ? 'Remove the blank' : 'Quote the value',
                edits: [
                  {
                    range: rangeOf(doc, last.valueStart, restEnd),
                    newText: blankAfterEq ? whole.trimStart() : `"${whole}"`,
                  },
                ],
                preferred: true,
              },
            ]
          : undefined,
      });
    }
  }
  const lastAt = new Map<string, Setting>();
  for (const s of a.settings) {
    const { a: as, info } = s;
    const nameRange = rangeOf(doc, as.nameStart, as.nameEnd);
    if (!info) {
      if (as.name.startsWith('GRUB_')) {
        const near = didYouMean(as.name, Object.keys(defaultVariables));
        out.push({
          range: nameRange,
          severity: 'hint',
          code: 'grub/unknown-variable',
          message: `grub-mkconfig does not read ${as.name}.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`,
          fixes:
            near.length === 0
              ? undefined
              : near.slice(0, 1).map((x) => ({ title: `Change to ${x}`, edits: [{ range: nameRange, newText: x }] })),
        });
      }
      continue;
    }
    if (info.internal) {
      out.push({
        range: nameRange,
        severity: 'hint',
        code: 'grub/unknown-variable',
        message: `${as.name} is computed by grub-mkconfig itself; the value set here is overwritten.`,
        tags: ['unnecessary'],
      });
    }
    if (info.deprecated) {
      out.push({
        range: nameRange,
        severity: 'hint',
        code: 'grub/deprecated-variable',
        message: `${as.name} is obsolete. ${info.deprecated}`,
        tags: ['deprecated'],
      });
    }
    if (!as.value.some((p) => p.kind === 'expansion')) {
      const problem = checkDefaultValue(info, as.text);
      if (problem)
        out.push({
          range: rangeOf(doc, as.valueStart, Math.max(as.valueEnd, as.valueStart + 1)),
          severity: 'warning',
          code: 'grub/invalid-value',
          message: `${as.name}: ${problem}`,
        });
    }
    const prev = lastAt.get(as.name);
    if (prev && !as.appends && prev.cmd.depth === 0 && s.cmd.depth === 0) {
      const line = doc.positionAt(as.nameStart).line + 1;
      out.push({
        range: rangeOf(doc, prev.a.nameStart, prev.a.valueEnd),
        severity: 'warning',
        code: 'grub/repeated-setting',
        message: `${as.name} is set again on line ${line} without using this value ("$${as.name}"), so this assignment has no effect.`,
        tags: ['unnecessary'],
      });
    }
    lastAt.set(as.name, s);
  }
  for (const d of diagnoseSegments(a.segments, ctx)) out.push(d);
  return out;
}

function variableHover(name: string, info: DefaultVariableInfo): string {
  const values = info.values ? `\n\nValues: ${info.values.map((v) => `\`${v}\``).join(', ')}` : '';
  const type = {
    string: 'text',
    'cmdline-linux': 'Linux kernel command line',
    'cmdline-xen': 'Xen hypervisor command line',
    int: 'whole number',
    'yes-no': '`true` or `false`',
    y: '`y` to turn on',
    enum: 'one of the values',
    list: 'blank-separated list',
  }[info.type];
  const notes = [
    info.distribution ? 'distribution addition' : '',
    info.deprecated ? `obsolete: ${info.deprecated}` : '',
    info.internal ? 'set by grub-mkconfig itself' : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `**${name}** — ${type}\n\n${info.summary}${values}${notes ? `\n\n*${notes}*` : ''}`;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const inCmdline = hoverSegments(a.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  const off = doc.offsetAt(pos);
  for (const s of a.settings) {
    if (off >= s.a.nameStart && off <= s.a.nameEnd && s.info) {
      const path = a.segmentOf.get(s.a)?.bootPath;
      const both =
        path === 'direct-and-dom0'
          ? `\n\nOn this Xen host grub-mkconfig puts it on the kernel line of the native entries and also on the dom0 kernel's line of the Xen entries (set ${s.a.name.replace(/^GRUB_CMDLINE_LINUX/, 'GRUB_CMDLINE_LINUX_XEN_REPLACE')} to give the Xen entries their own words instead).`
          : '';
      return {
        markdown: variableHover(s.a.name, s.info) + both,
        range: rangeOf(doc, s.a.nameStart, s.a.nameEnd),
      };
    }
  }
  return null;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc, ctx);
  const inCmdline = completeSegments(a.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  const line = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  const m = /^(\s*(?:export\s+)?)([A-Za-z_0-9]*)$/.exec(line);
  if (m) {
    const r: Range = { start: { line: pos.line, character: m[1].length }, end: pos };
    return Object.entries(defaultVariables)
      .filter(([, i]) => !i.internal)
      .map(([name, info]) => ({
        label: name,
        kind: 'variable' as const,
        detail: info.type,
        documentation: info.summary,
        deprecated: !!info.deprecated,
        insertText: `${name}=${info.type.startsWith('cmdline') || info.type === 'string' || info.type === 'list' ? '""' : (info.example ?? '')}`,
        range: r,
      }));
  }
  const v = /^\s*(?:export\s+)?([A-Z_0-9]+)=(["']?)([^"']*)$/.exec(line);
  if (v) {
    const info = defaultVariables[v[1]];
    if (!info) return [];
    const r: Range = {
      start: { line: pos.line, character: pos.character - tailWhile(v[3], (c) => !isSpace(c)).length },
      end: pos,
    };
    const values = info.values ?? (info.type === 'yes-no' ? ['true', 'false'] : info.type === 'y' ? ['y'] : []);
    return values.map((x) => ({ label: x, kind: 'value' as const, range: r }));
  }
  return [];
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const cctx = cmdlineContext(ctx);
  return a.settings.map((s) => {
    const seg = a.segmentOf.get(s.a);
    const target = seg ? ` — ${engines[seg.kind].target(seg, cctx)}` : '';
    return {
      name: s.a.name,
      detail: `${s.a.appends ? 'appends: ' : ''}${s.a.text.length > 60 ? `${s.a.text.slice(0, 57)}…` : s.a.text}${target}`,
      kind: 'setting' as const,
      range: rangeOf(doc, s.a.nameStart, s.a.valueEnd),
      selectionRange: rangeOf(doc, s.a.nameStart, s.a.nameEnd),
    };
  });
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const a = analyse(doc, ctx);
  const out: FoldingRange[] = [];
  let start = -1;
  let last = -2;
  for (const c of a.script.comments) {
    const l = doc.positionAt(c.start).line;
    if (l === last + 1 && start >= 0) {
      last = l;
      continue;
    }
    if (start >= 0 && last > start) out.push({ startLine: start, endLine: last });
    start = l;
    last = l;
  }
  if (start >= 0 && last > start) out.push({ startLine: start, endLine: last });
  for (const s of a.settings) {
    const l0 = doc.positionAt(s.a.nameStart).line;
    const l1 = doc.positionAt(s.a.valueEnd).line;
    if (l1 > l0) out.push({ startLine: l0, endLine: l1 });
  }
  return out;
}

export const grubDefaultMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding,
  semanticTokens: (doc, ctx) => hostSemanticTokens(analyse(doc, ctx).segments, ctx),
  inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analyse(doc, ctx).segments, r, ctx),
  status: (doc, ctx) => segmentStatus(analyse(doc, ctx).segments, ctx),
};
