// Language mode for SYSLINUX/EXTLINUX/ISOLINUX/PXELINUX configuration files, with Xen started by
// mboot.c32: `KERNEL mboot.c32` (or `COM32 mboot.c32`) and `APPEND xen.gz <Xen options> ---
// vmlinuz <dom0 options> --- initrd.img`. mboot.c32 (com32/mboot/mboot.c) splits its arguments at
// words that are exactly `---`; each part is one file and its command line, the file name first
// (as GRUB legacy does). The first part is the Multiboot kernel, the next the first module.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from '../core/types';
import { append, didYouMean, range } from '../core/text';
import { mdCode, mdText } from '../core/markdown';
import { cachedAnalysis, hostingMode, lineTextOf, type CompletionPlace } from '../cmdline/hostedMode';
import { lineSegment, type CmdlineSegment } from '../cmdline/segment';
import { diagnoseSegments } from '../cmdline/host';
import { classifyImage, imageBase } from '../grub/bootImage';
import { parseSyslinux, type SxConfig, type SxLabel, type SxLine, type SxWord } from './syslinuxParse';

/** Directives SYSLINUX 6 reads (readconfig.c), with our own one-line summaries. */
export const SYSLINUX_KEYWORDS: Record<string, string> = {
  label: 'Starts an entry with this name; the lines after it up to the next `LABEL` belong to it.',
  kernel:
    'The file the entry runs; its kind follows from the extension (`.c32` is a COM32 module such as mboot.c32, else a Linux kernel).',
  linux: 'The entry runs this file as a Linux kernel.',
  com32: 'The entry runs this COM32 module (mboot.c32 starts Multiboot kernels such as Xen).',
  boot: 'The entry chain-loads this boot sector file.',
  bss: 'Like BOOT, keeping the DOS superblock.',
  pxe: 'The entry runs a PXE network boot program.',
  fdimage: 'The entry boots a floppy image.',
  comboot: 'The entry runs a COMBOOT program.',
  config: 'The entry loads another configuration file.',
  localboot: 'The entry boots from the local disk instead.',
  none: 'The entry runs nothing.',
  append:
    'The arguments of the entry (or, before the first LABEL, the default for entries without one). `APPEND -` means none. For mboot.c32: the files and command lines, separated by `---`.',
  initrd: 'A Linux initial RAM disk, passed as `initrd=<file>` on the kernel command line.',
  default: 'The entry (or command line) booted when nobody chooses.',
  ui: 'The menu module (menu.c32, vesamenu.c32); takes precedence over DEFAULT for what runs first.',
  timeout: 'Tenths of a second before the default entry boots (0: wait forever).',
  totaltimeout: 'Tenths of a second before the default boots, even while someone types.',
  ontimeout: 'The command run when the timeout expires.',
  onerror: 'The command run when an entry fails to boot.',
  prompt: 'Whether the boot: prompt is shown (1) or only on Shift/Alt (0).',
  allowoptions: 'Whether users may add arguments at the prompt.',
  implicit: 'Whether a name that is no LABEL may be booted as a kernel file.',
  noescape: 'Ignore Shift/Alt at start-up.',
  nocomplete: 'No Tab completion of labels.',
  nohalt: 'Do not halt the CPU while idle.',
  console: 'Whether output goes to the screen.',
  serial: 'Serial console: port, speed and flow control.',
  display: 'A text file shown before the prompt.',
  font: 'A console font file.',
  kbdmap: 'A keyboard map file.',
  say: 'Prints its text while the file is read.',
  include: 'Reads another configuration file here.',
  path: 'Folders, separated by colons, searched for modules.',
  ipappend: 'Adds network details (bit mask) to the command line.',
  sysappend: 'Adds system details (bit mask) to the command line.',
  pxeretry: 'How often PXELINUX retries a failed download.',
  sendcookies: 'HTTP cookies PXELINUX sends.',
  menu: 'A menu setting (MENU LABEL, MENU TITLE, MENU DEFAULT, MENU HIDE, MENU BEGIN/END …).',
  text: '`TEXT HELP` … `ENDTEXT`: help text of the entry.',
  endtext: 'Ends a TEXT HELP block.',
};
for (let f = 0; f <= 12; f++) SYSLINUX_KEYWORDS[`f${f}`] = `A help file shown on F${f === 0 ? '10' : f}.`;

const KERNEL_KEYWORDS = new Set([
  'kernel',
  'linux',
  'com32',
  'boot',
  'bss',
  'pxe',
  'fdimage',
  'comboot',
  'config',
  'localboot',
  'none',
]);

export interface SxEntry {
  label: SxLabel;
  kernel?: SxLine;
  /** The APPEND line in effect: the label's, else the global one. */
  append?: SxLine;
  initrd?: SxLine;
  mboot: boolean;
  /** mboot.c32 parts: files with their command lines. */
  parts: SxWord[][];
  xen: boolean;
}

interface Analysis {
  cfg: SxConfig;
  entries: SxEntry[];
  segments: CmdlineSegment[];
}

function isMboot(l: SxLine | undefined): boolean {
  const file = l?.words[0]?.text;
  return !!file && (l!.keyword === 'kernel' || l!.keyword === 'com32') && /^mboot\.c32$/i.test(imageBase(file));
}

const analyse = cachedAnalysis('syslinux-cfg', (doc: TextDocument): Analysis => {
  const cfg = parseSyslinux(doc.getText());
  const globalAppend = [...cfg.globals].reverse().find((l) => l.keyword === 'append');
  const segments: CmdlineSegment[] = [];
  const entries = cfg.labels.map((label): SxEntry => {
    const kernel = [...label.lines].reverse().find((l) => KERNEL_KEYWORDS.has(l.keyword));
    const append = [...label.lines].reverse().find((l) => l.keyword === 'append') ?? globalAppend;
    const initrd = [...label.lines].reverse().find((l) => l.keyword === 'initrd');
    const e: SxEntry = { label, kernel, append, initrd, mboot: isMboot(kernel), parts: [], xen: false };
    if (e.mboot && append && !(append.words.length === 1 && append.words[0].text === '-')) {
      let cur: SxWord[] = [];
      // mboot.c32's own options (-solaris, -aout) come before the kernel file.
      let words = append.words;
      while (words.length && (words[0].text === '-solaris' || words[0].text === '-aout')) words = words.slice(1);
      for (const w of words) {
        if (w.text === '---') {
          e.parts.push(cur);
          cur = [];
        } else cur.push(w);
      }
      e.parts.push(cur);
      const first = e.parts[0]?.[0];
      e.xen = !!first && classifyImage(first.text) === 'xen';
      // The global APPEND is judged where it stands, once.
      if (e.xen && append.label === label) pushSegments(e, append, segments);
    }
    return e;
  });
  if (globalAppend) {
    const user = entries.find((e) => e.xen && e.append === globalAppend);
    if (user) pushSegments(user, globalAppend, segments);
  }
  return { cfg, entries, segments };
});

function partSegment(
  kind: 'xen' | 'linux',
  part: SxWord[],
  l: SxLine,
  origin: string,
  extra: Partial<CmdlineSegment> = {},
): CmdlineSegment | undefined {
  if (part.length === 0) return undefined;
  const start = part[0].start;
  const end = part[part.length - 1].end;
  const text = l.args.slice(start - l.argsStart, end - l.argsStart);
  return lineSegment(kind, l.line, start, text, origin, {
    image: { path: part[0].text, start: 0, end: part[0].text.length },
    ...extra,
  });
}

function pushSegments(e: SxEntry, append: SxLine, out: CmdlineSegment[]): void {
  const xen = partSegment('xen', e.parts[0], append, 'mboot.c32 APPEND (Xen)');
  if (xen) out.push(xen);
  const dom0 =
    e.parts[1] && partSegment('linux', e.parts[1], append, 'mboot.c32 APPEND (dom0 kernel)', { bootPath: 'xen-dom0' });
  if (dom0) out.push(dom0);
}

// long: every check of a configuration side by side, each a short block
function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const out: Diagnostic[] = [];
  for (const l of a.cfg.lines) {
    if (l.keyword.startsWith('#') || SYSLINUX_KEYWORDS[l.keyword]) continue;
    const r = range(l.line, l.keyStart, l.keyEnd);
    const near = didYouMean(l.keyword, Object.keys(SYSLINUX_KEYWORDS));
    out.push({
      range: r,
      severity: 'warning',
      code: 'syslinux/unknown-keyword',
      message: `SYSLINUX has no directive "${l.key}" and skips this line without a word.${near.length ? ` Did you mean "${near[0].toUpperCase()}"?` : ''} (Comments start with "#".)`,
      fixes: near.length
        ? [
            {
              title: `Change to "${near[0].toUpperCase()}"`,
              edits: [{ range: r, newText: l.key === l.key.toLowerCase() ? near[0] : near[0].toUpperCase() }],
            },
          ]
        : undefined,
    });
  }
  const seenAppend = new Set<SxLine>();
  for (const e of a.entries) {
    if (!e.mboot) continue;
    const nameRange = range(e.label.line, e.label.nameStart, Math.max(e.label.nameEnd, e.label.nameStart + 1));
    if (e.append && !seenAppend.has(e.append)) {
      seenAppend.add(e.append);
      for (const w of e.append.words) {
        if (w.text === '---' || !w.text.includes('---')) continue;
        const at = w.text.indexOf('---');
        const fixed =
          at === 0
            ? `--- ${w.text.slice(3)}`
            : `${w.text.slice(0, at)} ---${w.text.length > at + 3 ? ` ${w.text.slice(at + 3)}` : ''}`;
        out.push({
          range: range(e.append.line, w.start, w.end),
          severity: 'error',
          code: 'syslinux/mboot-separator',
          message: `mboot.c32 starts a new module only at a "---" standing alone between blanks; in "${w.text}" it is part of the word, so the next file is read as more command line of this one. Put blanks around "---".`,
          fixes: [
            {
              title: `Change to "${fixed}"`,
              edits: [{ range: range(e.append.line, w.start, w.end), newText: fixed }],
              preferred: true,
            },
          ],
        });
      }
    }
    if (e.xen && e.parts.length < 2) {
      out.push({
        range: nameRange,
        severity: 'error',
        code: 'syslinux/xen-without-dom0',
        message:
          'This entry starts Xen with mboot.c32 but hands it no dom0 kernel: add " --- /vmlinuz-… root=… --- /initrd.img-…" to its APPEND line.',
      });
    }
    if (e.initrd) {
      out.push({
        range: range(e.initrd.line, e.initrd.keyStart, e.initrd.keyEnd),
        severity: 'error',
        code: 'syslinux/initrd-with-mboot',
        message: `mboot.c32 loads only the files of its APPEND line: SYSLINUX adds "initrd=${e.initrd.args.trim()}" to the end of that line, where it becomes a word of the last module's command line and the file is never loaded. Add the initrd to APPEND after another "---" instead.`,
      });
    }
  }
  const def = [...a.cfg.globals].reverse().find((l) => l.keyword === 'default');
  const hasUi = a.cfg.globals.some((l) => l.keyword === 'ui');
  // `DEFAULT menu.c32` (no LABEL of that name) runs the COM32 module: SYSLINUX's own menu documentation
  // starts the menu this way, so only other names are likely slips.
  const comModule = (name: string): boolean => /\.c32$/i.test(name);
  if (def && def.words[0] && !comModule(def.words[0].text) && !a.cfg.labels.some((x) => x.name === def.words[0].text)) {
    const w = def.words[0];
    const near = didYouMean(
      w.text,
      a.cfg.labels.map((x) => x.name),
    );
    const r = range(def.line, w.start, w.end);
    out.push({
      range: r,
      severity: 'warning',
      code: 'syslinux/default-names-no-label',
      message: `No LABEL is named "${w.text}"${hasUi ? '' : ', so SYSLINUX tries to boot a kernel file of that name'}${hasUi ? ', so the menu starts on its first entry' : ''}.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
      fixes: near.length
        ? [{ title: `Change to "${near[0]}"`, edits: [{ range: r, newText: near[0] }], preferred: true }]
        : undefined,
    });
  }
  append(out, diagnoseSegments(a.segments, ctx));
  return out;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const l = a.cfg.lines.find((x) => x.line === pos.line && pos.character >= x.keyStart && pos.character <= x.keyEnd);
  if (l && SYSLINUX_KEYWORDS[l.keyword])
    return {
      markdown: `**${l.keyword.toUpperCase()}**\n\n${SYSLINUX_KEYWORDS[l.keyword]}\n\n*SYSLINUX directive.*`,
      range: range(l.line, l.keyStart, l.keyEnd),
    };
  const e = a.entries.find(
    (x) => x.label.line === pos.line && pos.character >= x.label.nameStart && pos.character <= x.label.nameEnd,
  );
  if (e)
    return {
      markdown: `Entry **${mdText(e.label.name)}**: ${describe(e, true)}.`,
      range: range(e.label.line, e.label.nameStart, e.label.nameEnd),
    };
  return null;
}

function describe(e: SxEntry, md: boolean): string {
  const code = (s: string) => (md ? mdCode(s) : s);
  if (e.xen)
    return `Xen ${code(e.parts[0][0].text)} through mboot.c32${e.parts[1]?.[0] ? `, dom0 kernel ${code(e.parts[1][0].text)}` : ', no dom0 kernel'}`;
  if (e.mboot) return `a Multiboot kernel through mboot.c32${e.parts[0]?.[0] ? ` (${code(e.parts[0][0].text)})` : ''}`;
  if (e.kernel?.words[0]) return `runs ${code(e.kernel.words[0].text)}`;
  return 'runs nothing it names';
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext, at: CompletionPlace): CompletionItem[] {
  const a = analyse(doc, ctx);
  const before = at.before;
  const d = /^\s*(default|ontimeout)\s+(\S*)$/i.exec(before);
  if (d)
    return a.cfg.labels.map((x) => ({
      label: x.name,
      kind: 'value' as const,
      range: range(pos.line, pos.character - d[2].length, pos.character),
    }));
  const k = /^\s*([A-Za-z]*)$/.exec(before);
  if (!k) return [];
  const upper = k[1] === '' || k[1] === k[1].toUpperCase();
  return Object.entries(SYSLINUX_KEYWORDS).map(([name, doc0]) => ({
    label: upper ? name.toUpperCase() : name,
    kind: 'keyword' as const,
    documentation: doc0,
    range: range(pos.line, pos.character - k[1].length, pos.character),
  }));
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const lineLen = (n: number) => lineTextOf(doc, n).length;
  const item = (l: SxLine): DocumentSymbol => ({
    name: l.sub ? `${l.keyword} ${l.sub}` : l.keyword,
    detail: l.args,
    kind: 'setting',
    range: range(l.line, l.keyStart, l.argsStart + l.args.length),
    selectionRange: range(l.line, l.keyStart, l.keyEnd),
  });
  return [
    ...a.cfg.globals
      .filter((l) => ['default', 'ui', 'timeout', 'prompt', 'append', 'serial'].includes(l.keyword))
      .map(item),
    ...a.entries.map((e): DocumentSymbol => ({
      name: e.label.name || '(unnamed)',
      detail: describe(e, false),
      kind: 'entry',
      range: range(e.label.line, 0, lineLen(e.label.endLine), e.label.endLine),
      selectionRange: range(e.label.line, e.label.nameStart, e.label.nameEnd),
      children: e.label.lines
        .filter((l) => KERNEL_KEYWORDS.has(l.keyword) || l.keyword === 'append' || l.keyword === 'initrd')
        .map(item),
    })),
  ];
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  return analyse(doc, ctx)
    .cfg.labels.filter((l) => l.endLine > l.line)
    .map((l) => ({ startLine: l.line, endLine: l.endLine }));
}

export const syslinuxMode: LanguageMode = hostingMode(analyse, { diagnose, hover, complete, symbols, folding });
