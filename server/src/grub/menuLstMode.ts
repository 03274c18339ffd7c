// Language mode for GRUB legacy menus (menu.lst, grub.conf).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, Position } from '../core/types';
import { append, didYouMean, isSpace, range, tailWhile, trimLineEnds } from '../core/text';
import { mdText } from '../core/markdown';
import { CacheKey } from '../core/cache';
import { cmdlineContext, completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { engines } from '../cmdline/engines';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from '../cmdline/editorAids';
import { parseLegacyMenu, type LegacyCommand, type LegacyEntry, type LegacyMenu } from './legacyParse';
import { legacyCommands, optionSummary, optionValues } from './legacyCommands';
import { analyseLegacyEntry, analyseLegacyMenu, type LegacyBootEntry, type LegacyBootMenu } from './legacyEntries';
import { commandSortText, legacyExpected, LEGACY_COMMON, type EntrySoFar } from './nextCommand';
import { checkLegacyArgs, optionName } from './legacyArgs';
import { describeLegacyDevice, parseLegacyDevice } from './legacyDevice';

interface Analysis {
  menu: LegacyMenu;
  boot: LegacyBootMenu;
}

/** The analysis per document version, kept in the asking service's caches (ctx.caches). */
const CACHE = new CacheKey<Analysis>('menu-lst');

function analyse(doc: TextDocument, ctx: ModeContext): Analysis {
  return ctx.caches.of(CACHE).get(doc.uri, doc.version, () => {
    const menu = parseLegacyMenu(doc.getText());
    return { menu, boot: analyseLegacyMenu(menu) };
  });
}

function allCommands(menu: LegacyMenu): Array<{ cmd: LegacyCommand; entry?: LegacyEntry }> {
  const out: Array<{ cmd: LegacyCommand; entry?: LegacyEntry }> = menu.globals.map((cmd) => ({ cmd }));
  for (const entry of menu.entries) {
    out.push({ cmd: entry.title });
    for (const cmd of entry.commands) out.push({ cmd, entry });
  }
  return out;
}

const SINGLE_GLOBALS = new Set([
  'default',
  'timeout',
  'fallback',
  'hiddenmenu',
  'color',
  'splashimage',
  'gfxmenu',
  'password',
  'foreground',
  'background',
]);

function commandDiagnostics(cmd: LegacyCommand, entry: LegacyEntry | undefined): Diagnostic[] {
  const info = legacyCommands[cmd.name];
  const nameRange = range(cmd.line, cmd.nameStart, cmd.nameEnd);
  if (!info) {
    const glued = /^([a-z]+)(\(.*)$/.exec(cmd.name);
    if (glued && legacyCommands[glued[1]]) {
      const fixed = `${glued[1]} ${glued[2]}`;
      return [
        {
          range: nameRange,
          severity: 'error',
          code: 'grub/missing-space',
          message: `GRUB reads "${cmd.name}" as one unknown command name and skips the line, so ${glued[1] === 'root' ? 'the root device is never set and later files are looked up on the boot drive' : `"${glued[1]}" never runs`}. Put a space after "${glued[1]}".`,
          fixes: [{ title: `Change to "${fixed}"`, edits: [{ range: nameRange, newText: fixed }], preferred: true }],
        },
      ];
    }
    const near = didYouMean(cmd.name, Object.keys(legacyCommands));
    return [
      {
        range: nameRange,
        severity: 'error',
        code: 'grub/unknown-command',
        message: `Unknown GRUB legacy command "${cmd.name}": GRUB skips this line when it reads the menu (typed at the grub> prompt it fails with "Error 27: Unrecognized command").${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
        fixes:
          near.length === 0
            ? undefined
            : near.slice(0, 1).map((n) => ({ title: `Change to "${n}"`, edits: [{ range: nameRange, newText: n }] })),
      },
    ];
  }
  const out: Diagnostic[] = [];
  const where = entry ? 'entry' : 'menu';
  if (cmd.name !== 'title' && !info.where.includes(where)) {
    out.push({
      range: nameRange,
      severity: where === 'entry' ? 'error' : 'warning',
      code: 'grub/misplaced-command',
      message:
        where === 'entry'
          ? `"${cmd.name}" is a menu-wide setting: inside an entry GRUB legacy stops with "Error 27: Unrecognized command" when the entry boots. Move it above the first "title".`
          : `"${cmd.name}" only runs inside a menu entry; before the first "title" GRUB legacy ignores it.`,
    });
    return out;
  }
  append(out, checkLegacyArgs(cmd));
  return out;
}

function entryDiagnostics(e: LegacyBootEntry): Diagnostic[] {
  const out: Diagnostic[] = [];
  const title = e.entry.title;
  const titleRange = range(title.line, title.nameStart, title.argsStart + title.args.length);
  if (e.number === undefined) {
    out.push({
      range: titleRange,
      severity: 'warning',
      code: 'grub/empty-entry',
      message:
        'This entry has no command GRUB legacy knows, so GRUB leaves it out of the menu and the entries after it move up one number.',
    });
    return out;
  }
  if (
    e.kind === 'none' &&
    !e.entry.commands.some((c) => c.name === 'reboot' || c.name === 'halt' || c.name === 'boot')
  ) {
    out.push({
      range: titleRange,
      severity: 'warning',
      code: 'grub/entry-boots-nothing',
      message:
        'This entry loads no kernel and chain-loads nothing, so selecting it boots nothing (GRUB returns to the menu).',
    });
  }
  let kernelSeen = false;
  for (const c of e.entry.commands) {
    if (c.name === 'kernel') {
      kernelSeen = true;
      continue;
    }
    const r = range(c.line, c.nameStart, c.nameEnd);
    if ((c.name === 'module' || c.name === 'modulenounzip') && !kernelSeen) {
      out.push({
        range: r,
        severity: 'error',
        code: 'grub/load-order',
        message:
          '"module" comes before any "kernel" line: GRUB stops with "Error 20: Multiboot kernel must be loaded before modules". Put the kernel line first.',
      });
    } else if (c.name === 'initrd' && !kernelSeen) {
      out.push({
        range: r,
        severity: 'error',
        code: 'grub/load-order',
        message:
          '"initrd" comes before any "kernel" line: GRUB stops with "Error 19: Linux kernel must be loaded before initrd". Put the kernel line first.',
      });
    }
  }
  if (e.kind === 'xen') {
    if (e.modules.length === 0) {
      out.push({
        range: titleRange,
        severity: 'error',
        code: 'grub/xen-without-dom0',
        message:
          'This Xen entry loads the hypervisor but no dom0 kernel: add a "module /vmlinuz-… root=…" line after the "kernel" line.',
      });
    }
    for (const c of e.initrds) {
      const r = range(c.line, c.nameStart, c.nameEnd);
      out.push({
        range: r,
        severity: 'error',
        code: 'grub/initrd-in-xen-entry',
        message:
          'In a Xen entry GRUB hands files to the hypervisor as Multiboot modules, and "initrd" fails with "Error 19: Linux kernel must be loaded before initrd". Load the dom0 initrd with "module", after the dom0 kernel\'s module line.',
        fixes: [{ title: 'Change "initrd" to "module"', edits: [{ range: r, newText: 'module' }], preferred: true }],
      });
    }
  } else if (e.kind === 'linux' || e.kind === 'bsd') {
    for (const c of e.modules) {
      out.push({
        range: range(c.line, c.nameStart, c.nameEnd),
        severity: 'error',
        code: 'grub/load-order',
        message: `"${c.name}" needs a Multiboot kernel, but this entry's kernel is ${e.kind === 'linux' ? 'Linux' : 'a BSD kernel'}: GRUB stops with "Error 20". A Linux initrd is loaded with "initrd".`,
      });
    }
  } else if (e.kind === 'multiboot' || e.kind === 'other') {
    for (const c of e.initrds) {
      out.push({
        range: range(c.line, c.nameStart, c.nameEnd),
        severity: 'error',
        code: 'grub/load-order',
        message:
          '"initrd" needs a Linux kernel, but this entry\'s kernel is not Linux: GRUB stops with "Error 19". A Multiboot kernel takes its files as "module" lines.',
      });
    }
  }
  const kernels = e.entry.commands.filter((c) => c.name === 'kernel');
  for (const k of kernels.slice(0, -1)) {
    out.push({
      range: range(k.line, k.nameStart, k.argsStart + k.args.length),
      severity: 'warning',
      code: 'grub/repeated-setting',
      message: `This entry loads a kernel again on line ${kernels[kernels.length - 1].line + 1}; GRUB boots only the last one.`,
      tags: ['unnecessary'],
    });
  }
  return out;
}

function globalDiagnostics(menu: LegacyMenu, boot: LegacyBootMenu): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, LegacyCommand>();
  for (const cmd of menu.globals) {
    if (SINGLE_GLOBALS.has(cmd.name)) {
      const prev = seen.get(cmd.name);
      if (prev) {
        out.push({
          range: range(prev.line, prev.nameStart, prev.argsStart + prev.args.length),
          severity: 'warning',
          code: 'grub/repeated-setting',
          message: `"${cmd.name}" is set again on line ${cmd.line + 1}; GRUB reads the lines in order and the later one wins.`,
          tags: ['unnecessary'],
          fixes: [
            {
              title: `Remove this "${cmd.name}" line`,
              edits: [{ range: range(prev.line, 0, 0, prev.line + 1), newText: '' }],
            },
          ],
        });
      }
      seen.set(cmd.name, cmd);
    }
    if ((cmd.name === 'default' || cmd.name === 'fallback') && boot.count > 0) {
      for (const w of cmd.words) {
        if (!/^\d+$/.test(w.text)) continue;
        const n = Number(w.text);
        if (n >= boot.count) {
          out.push({
            range: range(cmd.line, w.start, w.end),
            severity: 'warning',
            code: 'grub/default-out-of-range',
            message: `Entry ${n} does not exist: the menu has ${boot.count} entr${boot.count === 1 ? 'y' : 'ies'}, numbered 0 to ${boot.count - 1}. ${cmd.name === 'default' ? 'GRUB boots the first fallback entry instead, or entry 0.' : 'GRUB drops this fallback.'}`,
          });
        }
      }
    }
  }
  return out;
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const out: Diagnostic[] = [];
  for (const { cmd, entry } of allCommands(a.menu)) append(out, commandDiagnostics(cmd, entry));
  for (const d of globalDiagnostics(a.menu, a.boot)) out.push(d);
  for (const e of a.boot.entries) append(out, entryDiagnostics(e));
  for (const d of diagnoseSegments(a.boot.segments, ctx)) out.push(d);
  return out;
}

function commandAt(a: Analysis, pos: Position): { cmd: LegacyCommand; entry?: LegacyEntry } | undefined {
  return allCommands(a.menu).find(
    ({ cmd }) =>
      cmd.line === pos.line &&
      pos.character >= cmd.nameStart &&
      pos.character <= Math.max(cmd.nameEnd, cmd.argsStart + cmd.args.length),
  );
}

const bootKindText: Record<string, string> = {
  xen: 'the Xen hypervisor with a dom0 kernel',
  linux: 'a Linux kernel',
  multiboot: 'a Multiboot kernel',
  bsd: 'a BSD kernel',
  other: 'a kernel of unknown kind',
  chainload: 'another boot loader (chain-loading)',
  configfile: 'another menu file',
  none: 'nothing',
};

export function legacyCommandHover(name: string): string | undefined {
  const info = legacyCommands[name];
  if (!info) return undefined;
  const where = info.where.map((w) => (w === 'menu' ? 'before the first `title`' : 'inside an entry')).join(' and ');
  const tags = [
    info.distribution ? 'distribution addition, not in upstream GRUB 0.97' : '',
    info.netboot ? 'needs a GRUB built with network support' : '',
  ]
    .filter(Boolean)
    .join('; ');
  const opts = info.options
    ? `\n\n${Object.entries(info.options)
        .map(([o, v]) => `- \`${o}\` ${optionSummary(v)}`)
        .join('\n')}`
    : '';
  // `title` itself starts an entry: where it is allowed says nothing useful about it.
  const place = name === 'title' ? '' : `, allowed ${where}`;
  return `**${name}** — \`${info.usage}\`\n\n${info.summary}${opts}\n\n*GRUB legacy command${place}${tags ? `; ${tags}` : ''}.*`;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const inCmdline = hoverSegments(a.boot.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  const hit = commandAt(a, pos);
  if (!hit) return null;
  const { cmd } = hit;
  if (pos.character <= cmd.nameEnd) {
    const md = legacyCommandHover(cmd.name);
    if (!md) return null;
    let extra = '';
    if (cmd.name === 'title') {
      const e = a.boot.entries.find((x) => x.entry.title === cmd);
      if (e)
        extra = `\n\nThis entry ${e.number === undefined ? 'is left out of the menu (no known commands)' : `is number ${e.number} for \`default\`; it boots ${bootKindText[e.kind]}`}.`;
    }
    return { markdown: md + extra, range: range(cmd.line, cmd.nameStart, cmd.nameEnd) };
  }
  const word = cmd.words.find((w) => pos.character >= w.start && pos.character <= w.end);
  if (!word) return null;
  const info = legacyCommands[cmd.name];
  if (info?.options && word.text.startsWith('--')) {
    const o = info.options[optionName(word.text)];
    if (o)
      return {
        markdown: `**${mdText(optionName(word.text))}** (option of \`${cmd.name}\`)\n\n${optionSummary(o)}${
          optionValues(o)
            ? `\n\nValues: ${optionValues(o)!
                .map((v) => `\`${v}\``)
                .join(', ')}`
            : ''
        }`,
        range: range(cmd.line, word.start, word.end),
      };
  }
  const paren = word.text.indexOf('(');
  if (paren === 0) {
    const d = parseLegacyDevice(word.text, 0);
    if (!d.error && pos.character <= word.start + d.end) {
      return {
        markdown: `**${mdText(word.text.slice(0, d.end))}** — GRUB legacy device: ${describeLegacyDevice(d)}.\n\nGRUB legacy numbers disks in BIOS order from 0 and partitions from 0 (so \`(hd0,0)\` is the first partition of the first disk); GRUB 2 counts partitions from 1.`,
        range: range(cmd.line, word.start, word.start + d.end),
      };
    }
  }
  return null;
}

/** What the entry around `line` loads above it (the entry whose title is the last one before it). */
function entrySoFar(menu: LegacyMenu, line: number): EntrySoFar {
  let entry: LegacyEntry | undefined;
  for (const e of menu.entries) if (e.title.line < line) entry = e;
  if (!entry) return { modules: 0, initrds: 0, hasRoot: false };
  const commands = entry.commands.filter((c) => c.line < line);
  const b = analyseLegacyEntry({ title: entry.title, commands, endLine: line });
  return {
    kernel: b.tboot || b.kind === 'xen' ? 'xen' : b.kind === 'linux' ? 'linux' : b.kernel ? 'other' : undefined,
    modules: b.modules.length,
    initrds: b.initrds.length,
    hasRoot: commands.some((c) => c.name === 'root' || c.name === 'rootnoverify'),
  };
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc, ctx);
  const inCmdline = completeSegments(
    a.boot.segments,
    pos,
    ctx,
    doc
      .getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } })
      .replace(/(\r\n|\r|\n)$/, ''),
  );
  if (inCmdline) return inCmdline;
  const lineText = doc.getText(range(pos.line, 0, pos.character));
  const inEntry = a.menu.entries.some((e) => e.title.line < pos.line);
  if (/^\s*[A-Za-z]*$/.test(lineText)) {
    const start = lineText.length - lineText.trimStart().length;
    const expected = inEntry ? legacyExpected(entrySoFar(a.menu, pos.line)) : [];
    return Object.entries(legacyCommands)
      .filter(([, info]) => info.where.includes(inEntry ? 'entry' : 'menu'))
      .map(([name, info]) => ({
        label: name,
        kind: 'keyword' as const,
        detail: info.usage,
        documentation: info.summary,
        sortText: commandSortText(name, expected, LEGACY_COMMON),
        range: range(pos.line, start, pos.character),
      }));
  }
  const m = /^\s*([a-z]+)[ \t=]/.exec(lineText);
  if (!m) return [];
  const info = legacyCommands[m[1]];
  if (!info) return [];
  const cur = tailWhile(lineText, (c) => !isSpace(c));
  const curStart = pos.character - cur.length;
  if (info.options && cur.startsWith('-')) {
    const eq = cur.indexOf('=');
    if (eq >= 0) {
      const values = optionValues(info.options[cur.slice(0, eq + 1)] ?? '') ?? [];
      return values.map((v) => ({
        label: v,
        kind: 'value' as const,
        range: range(pos.line, curStart + eq + 1, pos.character),
      }));
    }
    return Object.entries(info.options).map(([o, v]) => ({
      label: o,
      kind: 'property' as const,
      documentation: optionSummary(v),
      range: range(pos.line, curStart, pos.character),
    }));
  }
  if ((m[1] === 'default' || m[1] === 'fallback') && !inEntry) {
    return a.boot.entries
      .filter((e) => e.number !== undefined)
      .map((e) => ({
        label: String(e.number),
        kind: 'value' as const,
        detail: e.entry.title.args,
        sortText: String(e.number).padStart(4, '0'),
        range: range(pos.line, curStart, pos.character),
      }));
  }
  if (
    /^\(?[a-z0-9,]*$/.test(cur) &&
    ['root', 'rootnoverify', 'hide', 'unhide', 'makeactive', 'map', 'setup'].includes(m[1])
  ) {
    const items: CompletionItem[] = [];
    for (let d = 0; d < 2; d++) {
      for (let p = 0; p < 4; p++)
        items.push({
          label: `(hd${d},${p})`,
          kind: 'value',
          detail: describeLegacyDevice({ start: 0, end: 0, drive: { kind: 'hd', number: d }, partition: p }),
          sortText: `${d}${p}`,
          range: range(pos.line, curStart, pos.character),
        });
    }
    return items;
  }
  return [];
}

function entryDetail(e: LegacyBootEntry, ctx: ModeContext): string {
  const cctx = cmdlineContext(ctx);
  const xen = e.segments.find((s) => s.kind === 'xen');
  const linux = e.segments.find((s) => s.kind === 'linux');
  const parts: string[] = [];
  if (xen) parts.push(engines.xen.target(xen, cctx));
  if (linux) parts.push(engines.linux.target(linux, cctx));
  const prefix = e.number === undefined ? 'not shown (no known commands)' : `#${e.number}`;
  switch (e.kind) {
    case 'xen':
      return `${prefix} Xen entry: ${parts.join(', ') || e.image}`;
    case 'linux':
      return `${prefix} Linux entry: ${parts.join(', ') || e.image}`;
    case 'multiboot':
      return `${prefix} Multiboot kernel ${e.image ?? ''}`.trim();
    case 'bsd':
      return `${prefix} BSD kernel ${e.image ?? ''}`.trim();
    case 'other':
      return `${prefix} kernel ${e.image ?? ''}`.trim();
    case 'chainload':
      return `${prefix} chain-loads another boot loader`;
    case 'configfile':
      return `${prefix} loads another menu`;
    default:
      return `${prefix} boots nothing`;
  }
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const lineLen = (l: number) => trimLineEnds(doc.getText(range(l, 0, 100000))).length;
  const globals: DocumentSymbol[] = a.menu.globals
    .filter((c) => legacyCommands[c.name])
    .map((c) => ({
      name: c.name,
      detail: c.args,
      kind: 'setting' as const,
      range: range(c.line, c.nameStart, c.argsStart + c.args.length),
      selectionRange: range(c.line, c.nameStart, c.nameEnd),
    }));
  const entries = a.boot.entries.map((e): DocumentSymbol => ({
    name: e.entry.title.args || '(untitled)',
    detail: entryDetail(e, ctx),
    kind: 'entry',
    range: range(e.entry.title.line, 0, lineLen(e.entry.endLine), e.entry.endLine),
    selectionRange: range(
      e.entry.title.line,
      e.entry.title.argsStart,
      e.entry.title.argsStart + e.entry.title.args.length,
    ),
    children: e.entry.commands
      .filter((c) =>
        ['kernel', 'module', 'modulenounzip', 'initrd', 'chainloader', 'root', 'rootnoverify', 'configfile'].includes(
          c.name,
        ),
      )
      .map((c) => ({
        name: c.name,
        detail: c.args,
        kind: 'option' as const,
        range: range(c.line, c.nameStart, c.argsStart + c.args.length),
        selectionRange: range(c.line, c.nameStart, c.nameEnd),
      })),
  }));
  return [...globals, ...entries];
}

export const menuLstMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding(doc, ctx) {
    return analyse(doc, ctx)
      .menu.entries.filter((e) => e.endLine > e.title.line)
      .map((e) => ({ startLine: e.title.line, endLine: e.endLine }));
  },
  inlayHints: (doc, r, ctx) => segmentInlayHints(doc, analyse(doc, ctx).boot.segments, r, ctx),
  status: (doc, ctx, pos) => {
    const boot = analyse(doc, ctx).boot;
    const entries = boot.entries.map((e) => ({
      title: e.entry.title.args.trim(),
      startLine: e.entry.title.line,
      endLine: e.entry.endLine,
      segments: e.segments,
    }));
    return segmentStatus(boot.segments, ctx, { entries, line: pos?.line });
  },
  semanticTokens: (doc, ctx) => hostSemanticTokens(analyse(doc, ctx).boot.segments, ctx),
};
