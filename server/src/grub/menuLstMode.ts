// Language mode for GRUB legacy menus (menu.lst, grub.conf).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../service/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, Position } from '../service/types';
import { didYouMean, range } from '../service/text';
import { VersionCache } from '../service/cache';
import { lineSegment, type CmdlineSegment } from '../cmdline/segment';
import { completeSegments, diagnoseSegments, hoverSegments } from '../cmdline/host';
import { engines } from '../cmdline/engines';
import { parseLegacyMenu, type LegacyCommand, type LegacyEntry, type LegacyMenu } from './legacyParse';
import { legacyCommands } from './legacyCommands';
import { classifyImage, type ImageKind } from './bootImage';

interface Analysis {
  menu: LegacyMenu;
  segments: CmdlineSegment[];
  entryKinds: Map<LegacyEntry, ImageKind | 'chainload' | 'none'>;
}

const cache = new VersionCache<Analysis>();

function analyse(doc: TextDocument): Analysis {
  return cache.get(doc.uri, doc.version, () => {
    const menu = parseLegacyMenu(doc.getText());
    const segments: CmdlineSegment[] = [];
    const entryKinds = new Map<LegacyEntry, ImageKind | 'chainload' | 'none'>();
    for (const entry of menu.entries) {
      let kind: ImageKind | 'chainload' | 'none' = 'none';
      let modules = 0;
      for (const cmd of entry.commands) {
        if (cmd.name === 'kernel') {
          const seg = imageLine(cmd);
          if (!seg) continue;
          kind = classifyImage(seg.image!.path);
          if (kind === 'xen') segments.push({ ...seg, kind: 'xen', origin: 'GRUB legacy kernel line' });
          else if (kind === 'linux') segments.push({ ...seg, kind: 'linux', bootPath: 'direct', origin: 'GRUB legacy kernel line' });
        } else if ((cmd.name === 'module' || cmd.name === 'modulenounzip') && kind === 'xen') {
          modules++;
          const seg = imageLine(cmd);
          if (seg && modules === 1) segments.push({ ...seg, kind: 'linux', bootPath: 'xen-dom0', origin: 'dom0 kernel module line' });
        } else if (cmd.name === 'chainloader' && kind === 'none') {
          kind = 'chainload';
        }
      }
      entryKinds.set(entry, kind);
    }
    return { menu, segments, entryKinds };
  });
}

/** The kernel/module line's arguments as a command line whose first word is the image. */
function imageLine(cmd: LegacyCommand): CmdlineSegment | undefined {
  let text = cmd.args;
  let column = cmd.argsStart;
  // Options of `kernel` come before the image and are GRUB's, not the kernel's.
  while (text.startsWith('--')) {
    const m = /^--\S*\s*/.exec(text)!;
    text = text.slice(m[0].length);
    column += m[0].length;
  }
  const m = /^\S+/.exec(text);
  if (!m) return undefined;
  return lineSegment('linux', cmd.line, column, text, 'GRUB legacy', { image: { path: m[0], start: 0, end: m[0].length } });
}

function allCommands(menu: LegacyMenu): Array<{ cmd: LegacyCommand; entry?: LegacyEntry }> {
  const out: Array<{ cmd: LegacyCommand; entry?: LegacyEntry }> = menu.globals.map((cmd) => ({ cmd }));
  for (const entry of menu.entries) {
    out.push({ cmd: entry.title, entry: undefined });
    for (const cmd of entry.commands) out.push({ cmd, entry });
  }
  return out;
}

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc);
  const out: Diagnostic[] = [];
  for (const { cmd, entry } of allCommands(a.menu)) {
    const info = legacyCommands[cmd.name];
    const nameRange = range(cmd.line, cmd.nameStart, cmd.nameEnd);
    if (!info) {
      const glued = /^([a-z]+)(\(.*)$/.exec(cmd.name);
      if (glued && legacyCommands[glued[1]]) {
        const fixed = `${glued[1]} ${glued[2]}`;
        out.push({
          range: nameRange, severity: 'error', code: 'grub/missing-space',
          message: `GRUB reads "${cmd.name}" as one command name and stops with "Error 27: Unrecognized command". Put a space after "${glued[1]}".`,
          fixes: [{ title: `Change to "${fixed}"`, edits: [{ range: nameRange, newText: fixed }], preferred: true }],
        });
        continue;
      }
      const near = didYouMean(cmd.name, Object.keys(legacyCommands));
      out.push({
        range: nameRange, severity: 'error', code: 'grub/unknown-command',
        message: `Unknown GRUB legacy command "${cmd.name}": GRUB stops this ${entry ? 'entry' : 'menu'} with "Error 27: Unrecognized command".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
        fixes: near.slice(0, 1).map((n) => ({ title: `Change to "${n}"`, edits: [{ range: nameRange, newText: n }] })),
      });
      continue;
    }
    const where = entry ? 'entry' : 'menu';
    if (cmd.name !== 'title' && !info.where.includes(where)) {
      out.push({
        range: nameRange, severity: 'warning', code: 'grub/misplaced-command',
        message: where === 'entry'
          ? `"${cmd.name}" is a menu-wide setting; inside an entry GRUB legacy does not accept it. Move it above the first "title".`
          : `"${cmd.name}" only works inside a menu entry (after a "title" line).`,
      });
    }
  }
  for (const entry of a.menu.entries) {
    const kind = a.entryKinds.get(entry);
    const titleRange = range(entry.title.line, entry.title.nameStart, entry.title.argsStart + entry.title.args.length);
    if (kind === 'none') {
      out.push({ range: titleRange, severity: 'warning', code: 'grub/entry-boots-nothing', message: 'This entry loads no kernel and chain-loads nothing, so selecting it boots nothing.' });
    }
    if (kind === 'xen') {
      const modules = entry.commands.filter((c) => c.name === 'module' || c.name === 'modulenounzip');
      if (modules.length === 0) {
        out.push({ range: titleRange, severity: 'error', code: 'grub/xen-without-dom0', message: 'This Xen entry loads the hypervisor but no dom0 kernel: add a "module /vmlinuz-… root=…" line after the "kernel" line.' });
      }
      for (const c of entry.commands.filter((x) => x.name === 'initrd')) {
        const r = range(c.line, c.nameStart, c.nameEnd);
        out.push({
          range: r, severity: 'error', code: 'grub/initrd-in-xen-entry',
          message: 'In a Xen entry GRUB hands files to the hypervisor as multiboot modules: load the dom0 initrd with "module", after the dom0 kernel\'s module line.',
          fixes: [{ title: 'Change "initrd" to "module"', edits: [{ range: r, newText: 'module' }], preferred: true }],
        });
      }
    }
  }
  out.push(...diagnoseSegments(a.segments, ctx));
  return out;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc);
  const inCmdline = hoverSegments(a.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  for (const { cmd } of allCommands(a.menu)) {
    if (cmd.line === pos.line && pos.character >= cmd.nameStart && pos.character <= cmd.nameEnd) {
      const info = legacyCommands[cmd.name];
      if (!info) return null;
      return {
        markdown: `**${cmd.name}** ${info.args ? `\`${info.args}\`` : ''}\n\n${info.summary}\n\n*GRUB legacy command${info.distribution ? ' (distribution addition)' : ''}; allowed ${info.where.map((w) => (w === 'menu' ? 'before the first entry' : 'inside an entry')).join(' and ')}.*`,
        range: range(cmd.line, cmd.nameStart, cmd.nameEnd),
      };
    }
  }
  return null;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext): CompletionItem[] {
  const a = analyse(doc);
  const inCmdline = completeSegments(a.segments, pos, ctx);
  if (inCmdline) return inCmdline;
  const lineText = doc.getText(range(pos.line, 0, pos.character));
  if (!/^\s*[A-Za-z]*$/.test(lineText)) return [];
  const inEntry = a.menu.entries.some((e) => e.title.line < pos.line && pos.line <= e.endLine + 1);
  return Object.entries(legacyCommands)
    .filter(([, info]) => info.where.includes(inEntry ? 'entry' : 'menu'))
    .map(([name, info]) => ({ label: name, kind: 'keyword' as const, detail: info.args, documentation: info.summary }));
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc);
  return a.menu.entries.map((entry) => {
    const kind = a.entryKinds.get(entry);
    const xenSeg = a.segments.find((s) => s.kind === 'xen' && s.positionAt(0).line > entry.title.line && s.positionAt(0).line <= entry.endLine);
    const linuxSeg = a.segments.find((s) => s.kind === 'linux' && s.positionAt(0).line > entry.title.line && s.positionAt(0).line <= entry.endLine);
    const cctx = { settings: ctx.settings, fs: ctx.fs, documentPath: ctx.path };
    const parts: string[] = [];
    if (xenSeg) parts.push(engines.xen.target(xenSeg, cctx));
    if (linuxSeg) parts.push(engines.linux.target(linuxSeg, cctx));
    const detail = kind === 'xen' ? `Xen entry: ${parts.join(', ')}` : kind === 'linux' ? `Linux entry: ${parts.join(', ')}` : kind === 'chainload' ? 'chain-loads another boot loader' : kind === 'other' ? 'boots another kernel' : 'boots nothing';
    const full = range(entry.title.line, 0, doc.getText(range(entry.endLine, 0, 10000)).length, entry.endLine);
    return {
      name: entry.title.args || '(untitled)',
      detail,
      kind: 'entry',
      range: full,
      selectionRange: range(entry.title.line, entry.title.argsStart, entry.title.argsStart + entry.title.args.length),
    };
  });
}

export const menuLstMode: LanguageMode = {
  diagnose,
  hover,
  complete,
  symbols,
  folding(doc) {
    return analyse(doc).menu.entries.filter((e) => e.endLine > e.title.line).map((e) => ({ startLine: e.title.line, endLine: e.endLine }));
  },
  forget: (uri) => cache.forget(uri),
};

