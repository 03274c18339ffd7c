// Language mode for GRUB 2 configuration scripts (grub.cfg, custom snippets).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, DocumentSymbol, FoldingRange, Hover, Position, Range } from '../core/types';
import { isSpace, tailWhile } from '../core/text';
import { mdText } from '../core/markdown';
import { cmdlineContext, completeSegments, hoverSegments } from '../cmdline/host';
import { engines } from '../cmdline/engines';
import { hostSemanticTokens, segmentInlayHints, segmentStatus } from '../cmdline/editorAids';
import { type G2Block, type G2Command } from './grub2Parse';
import type { G2Word } from './grub2Lex';
import { GRUB2_KEYWORDS, grub2Commands, grub2OtherCommands } from './grub2Commands';
import { fileWordIndex, loaderOf, menuTitle, type G2BootEntry } from './grub2Entries';
import { describeGrub2Device, parseGrub2Device } from './grub2Device';
import { classifyImage, isTbootImage } from './bootImage';
import { commandSortText, grub2Expected, GRUB2_COMMON, type EntrySoFar } from './nextCommand';

import { analyse, diagnose, NON_BOOT_ACTIONS, rangeOf, type Analysis } from './grub2Diagnose';

const COMMON_MODULES = [
  'part_gpt',
  'part_msdos',
  'ext2',
  'xfs',
  'btrfs',
  'fat',
  'ntfs',
  'iso9660',
  'lvm',
  'mdraid09',
  'mdraid1x',
  'cryptodisk',
  'luks',
  'luks2',
  'gzio',
  'xzio',
  'lzopio',
  'zstd',
  'multiboot',
  'multiboot2',
  'linux',
  'linux16',
  'chain',
  'search',
  'search_fs_uuid',
  'search_label',
  'search_fs_file',
  'all_video',
  'efi_gop',
  'efi_uga',
  'video_bochs',
  'video_cirrus',
  'vbe',
  'vga',
  'gfxterm',
  'gfxterm_background',
  'png',
  'jpeg',
  'font',
  'serial',
  'terminfo',
  'normal',
  'test',
  'echo',
  'loadenv',
  'xen_boot',
];

function wordAt(a: Analysis, offset: number): { cmd: G2Command; word: G2Word; index: number } | undefined {
  for (const cmd of a.script.commands) {
    const index = cmd.words.findIndex((w) => offset >= w.start && offset <= w.end);
    if (index >= 0) return { cmd, word: cmd.words[index], index };
  }
  return undefined;
}

function commandHover(name: string): string | undefined {
  const info = grub2Commands[name];
  if (info) {
    const opts = info.options
      ? `\n\n${Object.entries(info.options)
          .map(([o, s]) => `- \`${o}\` ${s}`)
          .join('\n')}`
      : '';
    return `**${name}** — \`${info.usage}\`\n\n${info.summary}${opts}\n\n*GRUB 2 command${info.distribution ? ' (distribution addition)' : ''}.*`;
  }
  if (grub2OtherCommands.has(name)) return `**${name}**\n\n*GRUB 2 command (from a GRUB module).*`;
  if (GRUB2_KEYWORDS[name]) return `**${name}**\n\n${GRUB2_KEYWORDS[name]}\n\n*GRUB 2 script keyword.*`;
  return undefined;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const inCmdline = hoverSegments(
    a.entries.flatMap((e) => e.segments),
    pos,
    ctx,
  );
  if (inCmdline) return inCmdline;
  const offset = doc.offsetAt(pos);
  const kw = a.script.keywords.find((w) => offset >= w.start && offset <= w.end);
  if (kw && GRUB2_KEYWORDS[kw.value])
    return { markdown: commandHover(kw.value)!, range: rangeOf(doc, kw.start, kw.end) };
  const hit = wordAt(a, offset);
  if (!hit) return null;
  const { cmd, word, index } = hit;
  const r = rangeOf(doc, word.start, word.end);
  if (index === 0) {
    let md = commandHover(cmd.name);
    if (!md && a.script.functions.has(cmd.name)) md = `**${mdText(cmd.name)}**\n\nA function defined in this file.`;
    if (md && (cmd.name === 'menuentry' || cmd.name === 'submenu')) {
      const e = a.entries.find((x) => x.block.head === cmd);
      if (e) md += `\n\nThis entry boots ${describeKind(e)}.`;
    }
    return md ? { markdown: md, range: r } : null;
  }
  if (word.value === '$menuentry_id_option' || word.value === '${menuentry_id_option}') {
    return {
      markdown:
        "**$menuentry_id_option** — set by grub-mkconfig's header to `--id` when GRUB understands entry identifiers; the next word is the entry's id, which `default` and GRUB_DEFAULT can name.",
      range: r,
    };
  }
  const opts = grub2Commands[cmd.name]?.options;
  const optName = word.value.split('=')[0];
  if (opts && word.value.startsWith('-') && opts[optName]) {
    return { markdown: `**${optName}** (option of \`${cmd.name}\`)\n\n${opts[optName]}`, range: r };
  }
  const bare = /^root=(?!\()(.+)$/.exec(word.value);
  if (!word.hasVar && bare) {
    const d = parseGrub2Device(`(${bare[1]})`, 0);
    if (d && !d.error)
      return {
        markdown: `**${mdText(bare[1])}** — GRUB 2 device (written without parentheses in \`root\`): ${describeGrub2Device(d)}.`,
        range: r,
      };
  }
  const at = word.value.indexOf('(');
  if (!word.hasVar && at >= 0) {
    const d = parseGrub2Device(word.value, at);
    if (d && !d.error) {
      return {
        markdown: `**${mdText(word.value.slice(d.start, d.end))}** — GRUB 2 device: ${describeGrub2Device(d)}.\n\nGRUB 2 counts disks from 0 and partitions from 1: \`(hd0,msdos1)\` is the first MBR partition of the first disk, which GRUB legacy wrote \`(hd0,0)\`.`,
        range: rangeOf(doc, word.offsets[d.start] ?? word.start, word.offsets[d.end] ?? word.end),
      };
    }
  }
  return null;
}

function describeKind(e: G2BootEntry): string {
  switch (e.kind) {
    case 'xen':
      return `the Xen hypervisor (${e.image ?? 'image'}) with ${e.modules.length ? 'a dom0 kernel' : 'no dom0 kernel'}`;
    case 'linux':
      return `a Linux kernel (${e.image ?? 'image'})`;
    case 'multiboot':
      return `a Multiboot kernel (${e.image ?? 'image'})`;
    case 'bsd':
      return 'a BSD kernel';
    case 'chainload':
      return 'another boot loader (chain-loading)';
    case 'configfile':
      return 'another menu file';
    case 'other':
      return `another system (${e.kernel?.name})`;
    default:
      return 'nothing that GRUB loads';
  }
}

/** What the menuentry around `offset` loads above it, or undefined outside any menuentry. */
function entrySoFar(a: Analysis, offset: number): EntrySoFar | undefined {
  let block: G2Block | undefined;
  for (const e of a.entries) {
    const b = e.block;
    if (b.start < offset && (offset < b.end || !b.closed) && (!block || b.start > block.start)) block = b;
  }
  if (!block) return undefined;
  const so: EntrySoFar = { modules: 0, initrds: 0, hasRoot: false };
  for (const c of a.byEntry.get(block) ?? []) {
    if (c.end > offset) continue;
    const loader = loaderOf(c);
    const file = c.words[fileWordIndex(c)]?.value ?? '';
    if (loader === 'multiboot' || loader === 'multiboot2') {
      so.kernel = classifyImage(file) === 'xen' || isTbootImage(file) ? 'xen' : 'other';
      so.multiboot = loader === 'multiboot' ? 1 : 2;
      so.modules = 0;
      so.initrds = 0;
    } else if (loader === 'xen_hypervisor') {
      so.kernel = 'xen';
      so.multiboot = 'arm';
      so.modules = 0;
    } else if (loader === 'linux' && so.kernel === undefined) {
      so.kernel = 'linux';
    } else if (loader === 'module' || loader === 'module2' || loader === 'xen_module') {
      so.modules++;
    } else if (loader === 'initrd') {
      so.initrds++;
    } else if (c.name === 'search' || (c.name === 'set' && /^root=/.test(c.words[1]?.value ?? ''))) {
      so.hasRoot = true;
    }
  }
  return so;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc, ctx);
  const inCmdline = completeSegments(
    a.entries.flatMap((e) => e.segments),
    pos,
    ctx,
    doc
      .getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } })
      .replace(/(\r\n|\r|\n)$/, ''),
  );
  if (inCmdline) return inCmdline;
  const line = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  const cur = tailWhile(line, (c) => !isSpace(c) && c !== ';' && c !== '{' && c !== '}');
  const before = line.slice(0, line.length - cur.length);
  const r: Range = { start: { line: pos.line, character: pos.character - cur.length }, end: pos };
  const head = before.trimEnd();
  const atCommand = head === '' || head.endsWith(';') || head.endsWith('{') || /\b(?:then|do|else)$/.test(head);
  if (atCommand) {
    const so = entrySoFar(a, doc.offsetAt(pos));
    const expected = so ? grub2Expected(so) : [];
    const sortText = (name: string): string => commandSortText(name, expected, GRUB2_COMMON);
    const items: CompletionItem[] = Object.entries(grub2Commands).map(([name, info]) => ({
      label: name,
      kind: 'keyword' as const,
      detail: info.usage,
      documentation: info.summary,
      sortText: sortText(name),
      range: r,
    }));
    for (const k of Object.keys(GRUB2_KEYWORDS))
      items.push({ label: k, kind: 'keyword', documentation: GRUB2_KEYWORDS[k], sortText: sortText(k), range: r });
    for (const f of a.script.functions)
      items.push({
        label: f,
        kind: 'snippet',
        detail: 'function defined in this file',
        sortText: sortText(f),
        range: r,
      });
    return items;
  }
  const m = /^\s*(\S+)\s/.exec(line.replace(/^.*[;{]\s*/, ''));
  const name = m?.[1];
  if (!name) return [];
  if (cur.startsWith('-') && grub2Commands[name]?.options) {
    return Object.entries(grub2Commands[name].options!).map(([o, s]) => ({
      label: o,
      kind: 'property' as const,
      documentation: s,
      range: r,
    }));
  }
  if (name === 'insmod') return COMMON_MODULES.map((x) => ({ label: x, kind: 'module' as const, range: r }));
  return [];
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const cctx = cmdlineContext(ctx);
  const byBlock = new Map(a.entries.map((e) => [e.block, e]));
  const make = (b: G2Block): DocumentSymbol | undefined => {
    const full = rangeOf(doc, b.start, b.end);
    if (b.kind === 'menuentry' || b.kind === 'submenu') {
      const t = menuTitle(b.head!);
      const e = byBlock.get(b);
      let detail = b.kind === 'submenu' ? 'submenu' : '';
      if (e) {
        const xen = e.segments.find((s) => s.kind === 'xen');
        const linux = e.segments.find((s) => s.kind === 'linux');
        const parts = [xen && engines.xen.target(xen, cctx), linux && engines.linux.target(linux, cctx)].filter(
          Boolean,
        );
        const action =
          e.kind === 'none'
            ? (a.byEntry.get(b) ?? []).find(
                (c) => NON_BOOT_ACTIONS.has(c.name) && c.name !== 'echo' && c.name !== 'true',
              )
            : undefined;
        detail =
          e.kind === 'xen'
            ? `Xen entry: ${parts.join(', ') || e.image}`
            : e.kind === 'linux'
              ? `Linux entry: ${parts.join(', ') || e.image}`
              : action
                ? `runs ${action.name}`
                : describeKind(e);
      }
      const sel = t.word
        ? rangeOf(doc, t.word.start, t.word.end)
        : rangeOf(doc, b.head!.words[0].start, b.head!.words[0].end);
      return {
        name: t.title || '(untitled)',
        detail,
        kind: b.kind === 'submenu' ? 'menu' : 'entry',
        range: full,
        selectionRange: sel,
        children: children(b),
      };
    }
    if (b.kind === 'function') {
      return {
        name: `function ${b.name ?? ''}`.trim(),
        kind: 'section',
        range: full,
        selectionRange: rangeOf(doc, b.start, b.start + 8),
        children: children(b),
      };
    }
    return undefined;
  };
  const nearestNamed = (b: G2Block | undefined): G2Block | undefined => {
    while (b && b.kind !== 'menuentry' && b.kind !== 'submenu' && b.kind !== 'function') b = b.parent;
    return b;
  };
  const kids = new Map<G2Block | undefined, G2Block[]>();
  for (const b of a.script.blocks) {
    if (b.kind !== 'menuentry' && b.kind !== 'submenu' && b.kind !== 'function') continue;
    const p = nearestNamed(b.parent);
    const list = kids.get(p);
    if (list) list.push(b);
    else kids.set(p, [b]);
  }
  const children = (parent: G2Block | undefined): DocumentSymbol[] =>
    (kids.get(parent) ?? []).map(make).filter((x): x is DocumentSymbol => !!x);
  return children(undefined);
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  const a = analyse(doc, ctx);
  const out: FoldingRange[] = [];
  for (const b of a.script.blocks) {
    const s = doc.positionAt(b.start).line;
    const e = doc.positionAt(b.end).line;
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  // Runs of comment lines (grub-mkconfig's "### BEGIN /etc/grub.d/… ###" banners and the like).
  let runStart = -1;
  let last = -2;
  for (const c of a.script.comments) {
    const l = doc.positionAt(c.start).line;
    if (l === last + 1 && runStart >= 0) {
      last = l;
      continue;
    }
    if (runStart >= 0 && last > runStart) out.push({ startLine: runStart, endLine: last });
    runStart = l;
    last = l;
  }
  if (runStart >= 0 && last > runStart) out.push({ startLine: runStart, endLine: last });
  return out;
}

export const grubCfgMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding,
  inlayHints: (doc, r, ctx) =>
    segmentInlayHints(
      doc,
      analyse(doc, ctx).entries.flatMap((e) => e.segments),
      r,
      ctx,
    ),
  status: (doc, ctx, pos) => {
    const all = analyse(doc, ctx).entries;
    const entries = all.map((e) => ({
      title: e.title,
      startLine: doc.positionAt(e.block.head?.start ?? e.block.start).line,
      endLine: doc.positionAt(e.block.end).line,
      segments: e.segments,
    }));
    return segmentStatus(
      all.flatMap((e) => e.segments),
      ctx,
      { entries, line: pos?.line },
    );
  },
  semanticTokens: (doc, ctx) =>
    hostSemanticTokens(
      analyse(doc, ctx).entries.flatMap((e) => e.segments),
      ctx,
    ),
};
