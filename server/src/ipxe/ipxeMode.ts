// Language mode for iPXE scripts that boot Xen. iPXE boots a Multiboot kernel (Xen) with every
// other image it has fetched as a module, in the order fetched (multiboot_add_modules in
// src/arch/x86/image/multiboot.c walks the image list), each with its URI and command line. The
// command line of an image is what follows its URI on the `kernel`/`chain`/`module` line (options
// such as --name and --timeout come before the URI); `imgargs NAME …` replaces it. So: the first
// image command of a Xen file is Xen with its command line, the first module after it is dom0's
// kernel with dom0's command line, then the initrd.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from '../core/types';
import { append, didYouMean, range } from '../core/text';
import { mdCode } from '../core/markdown';
import { cachedAnalysis, hostingMode, lineTextOf, type CompletionPlace } from '../cmdline/hostedMode';
import type { CmdlineSegment } from '../cmdline/segment';
import { diagnoseSegments } from '../cmdline/host';
import { classifyImage, imageVersion } from '../grub/bootImage';
import { BUILTIN_SETTINGS, EXEC, IMAGE_COMMANDS, IPXE_COMMANDS, OPTS_WITH_VALUE, SELECT } from './ipxeCommands';
import { parseIpxe, settingRefs, type IpxeCommand, type IpxeLine, type IpxeScript, type IpxeWord } from './ipxeParse';

export interface IpxeImage {
  cmd: IpxeCommand;
  name: string;
  role: 'select' | 'exec' | 'fetch';
  file?: IpxeWord;
  args: IpxeWord[];
  xen: boolean;
}

export interface IpxeBoot {
  xen: IpxeImage;
  modules: IpxeImage[];
  /** Modules fetched before a `kernel` (select) line of Xen. */
  early: IpxeImage[];
}

interface Analysis {
  script: IpxeScript;
  images: IpxeImage[];
  boots: IpxeBoot[];
  segments: CmdlineSegment[];
  sets: Map<string, string[]>;
}

const nameOf = (c: IpxeCommand): string => c.words[0].text;

/** The file word and the command line after the options, as iPXE's getopt reads them (options end at the first other word or "--"). */
function imageOf(cmd: IpxeCommand): IpxeImage {
  const name = nameOf(cmd);
  const role = SELECT.has(name) ? 'select' : EXEC.has(name) ? 'exec' : 'fetch';
  let i = 1;
  let optName: string | undefined;
  while (i < cmd.words.length) {
    const w = cmd.words[i].text;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const long = eq < 0 ? w.slice(2) : w.slice(2, eq);
      let value = eq < 0 ? undefined : w.slice(eq + 1);
      if (OPTS_WITH_VALUE.has(long) && value === undefined) {
        value = cmd.words[i + 1]?.text;
        i++;
      }
      if (long === 'name') optName = value;
      i++;
      continue;
    }
    // A cluster of short options; one taking a value takes the rest of the word or the next word.
    for (let k = 1; k < w.length; k++) {
      if (OPTS_WITH_VALUE.has(w[k])) {
        const value = k + 1 < w.length ? w.slice(k + 1) : cmd.words[++i]?.text;
        if (w[k] === 'n') optName = value;
        break;
      }
    }
    i++;
  }
  const file = cmd.words[i];
  const path = file ? uriPath(file.text) : '';
  return {
    cmd,
    role,
    file,
    args: cmd.words.slice(i + 1),
    name: optName ?? path.slice(path.lastIndexOf('/') + 1),
    xen: !!file && role !== 'fetch' && classifyImage(path) === 'xen',
  };
}

/** The path of a URI or file name, without scheme, host, query or fragment. */
function uriPath(uri: string): string {
  let p = uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '').replace(/^[A-Za-z][A-Za-z0-9+.-]*:(?!\/)/, '');
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  return p;
}

const analyse = cachedAnalysis('ipxe', (doc: TextDocument): Analysis => {
  const script = parseIpxe(doc.getText());
  const sets = new Map<string, string[]>();
  for (const c of script.commands) {
    const n = nameOf(c);
    const target =
      n === 'set' || n === 'read' || n === 'inc' || n === 'clear' || n === 'nslookup'
        ? c.words[1]
        : n === 'choose'
          ? c.words
              .slice(1)
              .find((w, k, ws) => !w.text.startsWith('-') && !/^-(-default|-timeout|d|t)$/.test(ws[k - 1]?.text ?? ''))
          : undefined;
    if (!target) continue;
    const list = sets.get(target.text) ?? [];
    list.push(
      n === 'set'
        ? c.words
            .slice(2)
            .map((w) => w.text)
            .join(' ')
        : '\0',
    );
    sets.set(target.text, list);
  }
  const images: IpxeImage[] = [];
  const boots: IpxeBoot[] = [];
  let pending: IpxeImage[] = [];
  let open: IpxeBoot | undefined;
  for (const c of script.commands) {
    const n = nameOf(c);
    if (n === 'imgfree') {
      pending = [];
      open = undefined;
      continue;
    }
    if (!IMAGE_COMMANDS.has(n)) continue;
    const img = imageOf(c);
    if (!img.file) {
      if (img.role === 'exec') open = undefined;
      continue;
    }
    images.push(img);
    if (img.role === 'fetch') {
      if (open) open.modules.push(img);
      else pending.push(img);
      continue;
    }
    // A new kernel: images fetched since the last boot or kernel come before it as modules.
    if (img.xen) {
      const b: IpxeBoot = { xen: img, modules: [...pending], early: img.role === 'select' ? [...pending] : [] };
      boots.push(b);
      open = img.role === 'select' ? b : undefined;
    } else open = undefined;
    pending = [];
  }
  const segments: CmdlineSegment[] = [];
  for (const b of boots) {
    const version = imageVersion(uriPath(b.xen.file!.text));
    const hint = version ? { version, source: `the image name ${b.xen.name}` } : undefined;
    push(segments, 'xen', b.xen.cmd, [b.xen.file!, ...b.xen.args], 'iPXE kernel line (Xen)', sets, { image: true });
    for (const ia of imgargsFor(script, b.xen.name))
      push(segments, 'xen', ia, ia.words.slice(2), 'iPXE imgargs (Xen)', sets, { versionHint: hint });
    const dom0 = b.modules[0];
    if (dom0) {
      push(segments, 'linux', dom0.cmd, [dom0.file!, ...dom0.args], 'iPXE module line (dom0 kernel)', sets, {
        image: true,
        bootPath: 'xen-dom0',
      });
      for (const ia of imgargsFor(script, dom0.name))
        push(segments, 'linux', ia, ia.words.slice(2), 'iPXE imgargs (dom0 kernel)', sets, { bootPath: 'xen-dom0' });
    }
  }
  return { script, images, boots, segments, sets };
});

function imgargsFor(script: IpxeScript, name: string): IpxeCommand[] {
  return script.commands.filter((c) => nameOf(c) === 'imgargs' && c.words[1]?.text === name);
}

/**
 * A segment from words of a logical line, joined by one blank as iPXE's concat_args joins them.
 * `${name}` is replaced by the one value the script sets it to; a word with a reference the
 * script does not settle is left out (its value is not known here).
 */
function push(
  out: CmdlineSegment[],
  kind: 'xen' | 'linux',
  cmd: IpxeCommand,
  words: IpxeWord[],
  origin: string,
  sets: Map<string, string[]>,
  extra: { image?: boolean; bootPath?: CmdlineSegment['bootPath']; versionHint?: CmdlineSegment['versionHint'] },
): void {
  const line: IpxeLine = cmd.line;
  let text = '';
  const pos: Position[] = [];
  for (const w of words) {
    // The image's own word is its URI: kept as written (only its file name matters here).
    const expanded = extra.image && w === words[0] ? [{ text: w.text, at: 0, literal: true }] : expand(w.text, sets);
    if (expanded === undefined) continue;
    if (text) {
      text += ' ';
      pos.push(line.positions[Math.max(0, w.start - 1)]);
    }
    for (const piece of expanded) {
      text += piece.text;
      for (let k = 0; k < piece.text.length; k++)
        pos.push(line.positions[w.start + (piece.literal ? piece.at + k : piece.at)]);
    }
  }
  if (!text) return;
  const last = words[words.length - 1];
  pos.push(line.positions[last.end]);
  const firstWord = extra.image ? words[0] : undefined;
  out.push({
    kind,
    text,
    origin,
    positionAt: (o) => pos[Math.max(0, Math.min(o, pos.length - 1))],
    ...(firstWord && text.startsWith(firstWord.text)
      ? { image: { path: uriPath(firstWord.text), start: 0, end: firstWord.text.length } }
      : {}),
    ...(extra.bootPath ? { bootPath: extra.bootPath } : {}),
    ...(extra.versionHint ? { versionHint: extra.versionHint } : {}),
  });
}

function expand(
  word: string,
  sets: Map<string, string[]>,
): Array<{ text: string; at: number; literal: boolean }> | undefined {
  if (!word.includes('${')) return [{ text: word, at: 0, literal: true }];
  const out: Array<{ text: string; at: number; literal: boolean }> = [];
  const re = /\$\{([^{}$]*)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(word))) {
    const name = m[1].split(':')[0];
    const values = sets.get(name);
    if (!values || values.length !== 1 || values[0] === '\0' || values[0].includes('${')) return undefined;
    if (m.index > last) out.push({ text: word.slice(last, m.index), at: last, literal: true });
    out.push({ text: values[0], at: m.index, literal: false });
    last = m.index + m[0].length;
  }
  if (word.slice(last).includes('${')) return undefined;
  if (last < word.length) out.push({ text: word.slice(last), at: last, literal: true });
  return out;
}

function wordRange(l: IpxeLine, w: { start: number; end: number }): Range {
  const s = l.positions[w.start] ?? l.positions[l.positions.length - 1];
  const e = l.positions[w.end] ?? l.positions[l.positions.length - 1];
  // A word split over a continuation is marked up to the end of its first line.
  return e.line === s.line ? { start: s, end: e } : { start: s, end: { line: s.line, character: s.character + 1 } };
}

// long: every check of a script side by side, each a short block
function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx);
  const out: Diagnostic[] = [];
  const names = Object.keys(IPXE_COMMANDS);
  for (const c of a.script.commands) {
    const w = c.words[0];
    const n = w.text;
    if (!IPXE_COMMANDS[n] && !n.includes('${')) {
      const r = wordRange(c.line, w);
      const near = didYouMean(n, names);
      out.push({
        range: r,
        severity: 'warning',
        code: 'ipxe/unknown-command',
        message: `iPXE has no command "${n}": it prints "${n}: command not found" and the script stops here${c.line.commands.some((x) => x.after === '||') ? ' unless the command after "||" runs' : ''}.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
        fixes: near.length
          ? [{ title: `Change to "${near[0]}"`, edits: [{ range: r, newText: near[0] }], preferred: true }]
          : undefined,
      });
    }
    if (n === 'goto' && c.words[1] && !c.words[1].text.includes('${') && !a.script.labels.has(c.words[1].text)) {
      const t = c.words[1];
      const near = didYouMean(t.text, [...a.script.labels.keys()]);
      const r = wordRange(c.line, t);
      out.push({
        range: r,
        severity: 'warning',
        code: 'ipxe/unknown-label',
        message: `No ":${t.text}" line is in this script, so this goto fails.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
        fixes: near.length
          ? [{ title: `Change to "${near[0]}"`, edits: [{ range: r, newText: near[0] }], preferred: true }]
          : undefined,
      });
    }
    const isIsset = n === 'isset';
    for (const word of c.words) {
      if (isIsset && word !== c.words[0]) continue;
      for (const ref of settingRefs(word.text)) {
        if (
          !ref.name ||
          ref.name.includes('/') ||
          ref.name.includes('.') ||
          /^[0-9]+$/.test(ref.name) ||
          BUILTIN_SETTINGS.has(ref.name) ||
          a.sets.has(ref.name)
        )
          continue;
        out.push({
          range: wordRange(c.line, { start: word.start + ref.start, end: word.start + ref.end }),
          severity: 'info',
          code: 'ipxe/unset-variable',
          message: `The script never sets "${ref.name}" and iPXE has no setting of that name, so \${${ref.name}} expands to nothing unless DHCP or an earlier script sets it.`,
        });
      }
    }
  }
  for (const b of a.boots) {
    const f = b.xen.file!;
    if (b.modules.length === 0) {
      out.push({
        range: wordRange(b.xen.cmd.line, f),
        severity: 'warning',
        code: 'ipxe/xen-without-dom0',
        message: `Xen (${f.text}) gets no module: fetch dom0's kernel ${b.xen.role === 'exec' ? 'before this line' : 'after this line'} with "module vmlinuz-… root=…", then its initrd with "module initrd.img-…".`,
      });
    }
    for (const m of b.early) {
      out.push({
        range: wordRange(m.cmd.line, m.cmd.words[0]),
        severity: 'warning',
        code: 'ipxe/module-before-kernel',
        message: `${m.name || 'This image'} is fetched before Xen's "kernel" line; iPXE still hands it to Xen as a module, in the order fetched, so it comes ${b.early.indexOf(m) === 0 ? "first and Xen starts it as dom0's kernel" : `in position ${b.early.indexOf(m) + 1}`}. Move it after the "kernel" line.`,
      });
    }
  }
  const bootAt = a.script.commands.map((c, k) => (EXEC.has(nameOf(c)) ? k : -1)).filter((k) => k >= 0);
  a.script.commands.forEach((c, k) => {
    if (!SELECT.has(nameOf(c)) || !c.words[1] || bootAt.some((b) => b > k)) return;
    out.push({
      range: wordRange(c.line, c.words[0]),
      severity: 'warning',
      code: 'ipxe/no-boot',
      message:
        'No "boot" follows this line: the script ends with the image loaded but not started. Add "boot" after the modules.',
    });
  });
  append(out, diagnoseSegments(a.segments, ctx));
  return out;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  for (const c of a.script.commands) {
    const r = wordRange(c.line, c.words[0]);
    if (r.start.line !== pos.line || pos.character < r.start.character || pos.character > r.end.character) continue;
    const n = nameOf(c);
    if (!IPXE_COMMANDS[n]) return null;
    const b = a.boots.find((x) => x.xen.cmd === c || x.modules.includes(a.images.find((i) => i.cmd === c)!));
    let role = '';
    if (b && b.xen.cmd === c)
      role = `\n\nLoads Xen (${mdCode(b.xen.file!.text)})${b.modules[0] ? `; dom0's kernel is ${mdCode(b.modules[0].file!.text)}` : ', with no dom0 module'}.`;
    else if (b) {
      const k = b.modules.findIndex((m) => m.cmd === c);
      role =
        k === 0
          ? "\n\nXen's first module: dom0's kernel, with dom0's command line."
          : `\n\nXen's module ${k + 1} (after dom0's kernel: its initrd, or other files dom0 reads).`;
    }
    return { markdown: `**${n}**\n\n${IPXE_COMMANDS[n]}${role}\n\n*iPXE command.*`, range: r };
  }
  return null;
}

function complete(doc: TextDocument, pos: Position, ctx: ModeContext, at: CompletionPlace): CompletionItem[] {
  const a = analyse(doc, ctx);
  const before = at.before;
  const g = /^\s*(?::\S+\s+)?(?:.*\s(?:\|\||&&|;)\s+)?goto\s+(\S*)$/.exec(before);
  if (g)
    return [...a.script.labels.keys()].map((l) => ({
      label: l,
      kind: 'value' as const,
      range: range(pos.line, pos.character - g[1].length, pos.character),
    }));
  const v = /\$\{([^{}\s]*)$/.exec(before);
  if (v) {
    return [...new Set([...a.sets.keys(), ...BUILTIN_SETTINGS])].map((s) => ({
      label: s,
      kind: 'value' as const,
      range: range(pos.line, pos.character - v[1].length, pos.character),
    }));
  }
  const k = /^(\s*(?::\S+\s+)?(?:.*\s(?:\|\||&&|;)\s+)?)([a-z0-9]*)$/.exec(before);
  if (!k) return [];
  return Object.entries(IPXE_COMMANDS).map(([name, d]) => ({
    label: name,
    kind: 'keyword' as const,
    documentation: d,
    range: range(pos.line, pos.character - k[2].length, pos.character),
  }));
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  const a = analyse(doc, ctx);
  const lineLen = (n: number) => lineTextOf(doc, n).length;
  const labelled = a.script.lines.filter((l) => l.label);
  return labelled.map((l, k): DocumentSymbol => {
    const next = labelled[k + 1];
    let end = next ? next.firstLine - 1 : doc.lineCount - 1;
    while (end > l.lastLine && lineLen(end) === 0) end--;
    const children = a.images
      .filter((i) => i.cmd.line.firstLine >= l.firstLine && i.cmd.line.firstLine <= end)
      .map((i): DocumentSymbol => ({
        name: nameOf(i.cmd),
        detail: i.file!.text,
        kind: 'setting',
        range: wordRange(i.cmd.line, { start: i.cmd.words[0].start, end: i.cmd.words[i.cmd.words.length - 1].end }),
        selectionRange: wordRange(i.cmd.line, i.cmd.words[0]),
      }));
    const lab = l.label!;
    return {
      name: `:${lab.text}`,
      detail: children.some((c) => /xen/i.test(c.detail ?? '')) ? 'Xen' : '',
      kind: 'entry',
      range: range(l.firstLine, 0, lineLen(end), end),
      selectionRange: wordRange(l, lab),
      children,
    };
  });
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  return symbols(doc, ctx)
    .filter((s) => s.range.end.line > s.range.start.line)
    .map((s) => ({ startLine: s.range.start.line, endLine: s.range.end.line }));
}

export const ipxeMode: LanguageMode = hostingMode(analyse, { diagnose, hover, complete, symbols, folding });
