// Language mode for Xen's EFI configuration file (xen.cfg beside xen.efi): sections, keys, the
// section Xen boots, and the two command lines in it — `options=` (Xen's) and the words after the
// file name of `kernel=` (dom0's Linux) — judged by the Xen and Linux engines at their columns.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../core/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from '../core/types';
import { append, didYouMean, range } from '../core/text';
import { mdCode, mdText } from '../core/markdown';
import { cachedAnalysis, hostingMode, lineTextOf, type CompletionPlace } from '../cmdline/hostedMode';
import { lineSegment, type CmdlineSegment } from '../cmdline/segment';
import { cmdlineContext, completeSegments, diagnoseSegments } from '../cmdline/host';
import { resolveTarget, versionFromImage, type Target } from '../xen/target';
import { parseEfiCfg, type EfiCfg, type EfiSection, type EfiSetting } from './efiCfgParse';
import {
  allEfiKeys,
  describeSeries,
  EFI_KEY_DOCS,
  efiKeys,
  efiSeriesFor,
  seriesWithKey,
  type EfiKeyFacts,
} from './efiKeys';

interface Analysis {
  cfg: EfiCfg;
  segments: CmdlineSegment[];
  /** The version the file's name carries (xen-4.17.0.cfg belongs to xen-4.17.0.efi). */
  fileVersion?: string;
  /** The section Xen boots when the EFI command line names none. */
  chosen?: EfiSection;
  defaultSetting?: EfiSetting;
}

function baseName(uri: string): string {
  let p = uri;
  try {
    p = decodeURIComponent(uri);
  } catch {
    /* keep as is */
  }
  return p.slice(p.lastIndexOf('/') + 1);
}

const isGlobal = (s?: EfiSection): boolean => s?.name === 'global';

const analyse = cachedAnalysis('xen-efi-cfg', (doc: TextDocument): Analysis => {
  const cfg = parseEfiCfg(doc.getText());
  const fileVersion = versionFromImage(baseName(doc.uri).replace(/\.cfg$/i, ''));
  const hint = fileVersion
    ? { versionHint: { version: fileVersion, source: "the configuration file's name (Xen reads <image name>.cfg)" } }
    : {};
  const segments: CmdlineSegment[] = [];
  for (const s of cfg.settings) {
    // A "\" ending the line is told once (continuedLines), not judged again as a word of the line.
    const value = s.value
      .trimEnd()
      .replace(/(^|[ \t])\\$/, '')
      .trimEnd();
    if (s.key === 'options' && value) {
      segments.push(
        lineSegment('xen', s.line, s.valueStart, value, `xen.cfg options= ([${s.section?.name ?? ''}])`, hint),
      );
    } else if (s.key === 'kernel' && value) {
      // Xen hands dom0 "<file> <options>": the file name first, as GRUB legacy does.
      const sp = value.search(/[ \t]/);
      const file = sp < 0 ? value : value.slice(0, sp);
      segments.push(
        lineSegment('linux', s.line, s.valueStart, value, `xen.cfg kernel= ([${s.section?.name ?? ''}], dom0 kernel)`, {
          image: { path: file, start: 0, end: file.length },
          bootPath: 'xen-dom0',
        }),
      );
    }
  }
  const global = cfg.sections.find((x) => isGlobal(x));
  const defaultSetting = global?.settings.find((x) => x.key === 'default');
  const chosen = defaultSetting ? cfg.sections.find((x) => x.closed && x.name === defaultSetting.value) : undefined;
  return { cfg, segments, fileVersion, chosen, defaultSetting };
});

function target(a: Analysis, ctx: ModeContext): Target {
  const seg: CmdlineSegment = {
    kind: 'xen',
    text: '',
    origin: 'xen.cfg',
    positionAt: () => ({ line: 0, character: 0 }),
    ...(a.fileVersion ? { versionHint: { version: a.fileVersion, source: "the configuration file's name" } } : {}),
  };
  return resolveTarget(seg, cmdlineContext(ctx));
}

const archOf = (ctx: ModeContext): 'x86' | 'arm' => (ctx.settings.arch === 'arm64' ? 'arm' : 'x86');

/**
 * The file's own sign of Xen on Arm: a "dtuart" console (the device-tree serial driver exists only
 * in Xen on Arm). Such a file is judged for Arm even where the setting keeps the x86 default.
 */
function fileContext(a: Analysis, ctx: ModeContext): ModeContext {
  if (ctx.settings.arch === 'arm64') return ctx;
  const arm = a.cfg.settings.some((s) => s.key === 'options' && /(?:^|[\s,=])dtuart(?:[\s,=]|$)/.test(s.value));
  return arm ? { ...ctx, settings: { ...ctx.settings, arch: 'arm64' } } : ctx;
}

/**
 * Lines written as the continuation of a line ending in "\" (a shell habit): xen.efi reads every line
 * alone (pre_parse ends a line at each control character and joins nothing), so the "\" is passed on
 * as a word and each following line is read as a key of its own. Maps each continued line's setting
 * to the setting it was meant to continue.
 */
function continuedLines(cfg: EfiCfg): Map<EfiSetting, EfiSetting> {
  const out = new Map<EfiSetting, EfiSetting>();
  const byLine = new Map(cfg.settings.map((x) => [x.line, x]));
  for (const s of cfg.settings) {
    const prev = byLine.get(s.line - 1);
    if (!prev || !/(^|[ \t])\\$/.test(prev.value.trimEnd())) continue;
    out.set(s, out.get(prev) ?? prev);
  }
  return out;
}

const endsInBackslash = (s: EfiSetting): boolean => /(^|[ \t])\\$/.test(s.value.trimEnd());

/** What a key that xen.efi never reads was likely meant as, when the spelling is not close. */
const MEANT: Record<string, string> = {
  initrd: 'ramdisk',
  initramfs: 'ramdisk',
  device_tree: 'dtb',
  devicetree: 'dtb',
  fdt: 'dtb',
};

/** A file name that reads as a Xen hypervisor image (xen-4.17.gz, roger0528_xen.gz), not a Linux kernel. */
function looksLikeXenImage(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/^(vmlinu|bzImage|zImage|Image|kernel)/i.test(base)) return false;
  return /(^|[-_.])xen([-_.][^/]*)?\.gz$/i.test(base) || /^xen(-\d[^/]*)?(\.efi)?$/i.test(base);
}

// long: every check of a key and its value side by side, each a short block
function keyDiagnostics(a: Analysis, ctx: ModeContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const continued = continuedLines(a.cfg);
  for (const s of a.cfg.settings) {
    // Told once, on the line the continuation starts from; each continued line says what it loses.
    if (!endsInBackslash(s) || continued.has(s)) continue;
    const end = s.valueStart + s.value.trimEnd().length;
    const rest = a.cfg.settings.filter((x) => continued.get(x) === s).map((x) => `"${x.key}=…"`);
    out.push({
      range: range(s.line, end - 1, end),
      severity: 'warning',
      code: 'efi/invalid-value',
      message: `xen.efi joins no lines: this "\\" is passed on as a word of its own${s.key === 'options' ? ' to Xen' : s.key === 'kernel' ? ' to dom0' : ''}, and ${rest.length ? `the line${rest.length === 1 ? '' : 's'} after it (${rest.join(', ')}) ${rest.length === 1 ? 'is' : 'are each'} read alone, so ${rest.length === 1 ? 'its' : 'their'} words never reach "${s.key}="` : 'the next line is read alone'}. Write all the words of "${s.key}=" on one line.`,
    });
  }
  const t = target(a, ctx);
  const series = efiSeriesFor(t.release);
  const keys = efiKeys(series);
  const arch = archOf(ctx);
  const sure = t.certainty === 'exact' || t.certainty === 'series';
  const firstInSection = new Map<EfiSection | undefined, Map<string, EfiSetting>>();
  for (const s of a.cfg.settings) {
    const r = range(s.line, s.keyStart, s.keyEnd);
    const facts: EfiKeyFacts | undefined = keys[s.key];
    if (!facts || !facts.arch.includes(arch)) {
      const other = seriesWithKey(s.key);
      const near = didYouMean(s.key, Object.keys(keys));
      let message: string;
      let severity: Diagnostic['severity'] = 'warning';
      if (facts) {
        message = `Xen ${series} on ${arch === 'x86' ? 'x86' : 'Arm'} does not read "${s.key}=" (only on ${facts.arch.map((x) => (x === 'x86' ? 'x86' : 'Arm')).join(' and ')}); the line has no effect.${arch === 'x86' ? ' The file is checked for x86, the default: if it is for Arm, set the architecture to arm64.' : ''}`;
      } else if (other.length) {
        message = `Xen ${series} does not read "${s.key}=" from its configuration file; Xen ${describeSeries(other)} ${other.length === 1 ? 'does' : 'do'}.${sure ? '' : ` (Judged by Xen ${t.release}: ${t.why}.)`}`;
        if (!sure) severity = 'info';
      } else if (continued.has(s)) {
        const head = continued.get(s)!;
        message = `This line is meant to continue "${head.key}=" on line ${head.line + 1}, but xen.efi reads each line alone: "${s.key}=" is taken as a key it does not know, and the line is skipped. Its words never reach ${head.key === 'options' ? 'Xen' : head.key === 'kernel' ? 'dom0' : `${head.key}=`}.`;
      } else {
        if (!near.length && MEANT[s.key.toLowerCase()]) near.push(MEANT[s.key.toLowerCase()]);
        message = `Xen's EFI loader reads no key "${s.key}=" in any release; it skips the line.${near.length ? ` Did you mean "${near[0]}"?` : ''}`;
      }
      out.push({
        range: r,
        severity,
        code: 'efi/unknown-key',
        message,
        fixes:
          !facts && !other.length && near.length && !continued.has(s)
            ? [{ title: `Change to "${near[0]}"`, edits: [{ range: r, newText: near[0] }] }]
            : undefined,
      });
      continue;
    }
    // Where Xen looks for the key.
    const inGlobal = isGlobal(s.section);
    if (a.defaultSetting || !facts.where.includes('section')) {
      if (!s.section && a.defaultSetting) {
        out.push({
          range: r,
          severity: 'warning',
          code: 'efi/misplaced-key',
          message: `"${s.key}=" stands before the first section header; with a "default=" set, Xen reads keys only inside sections, so this line has no effect. Move it into a section.`,
        });
      } else if (s.section && !inGlobal && !facts.where.includes('section')) {
        out.push({
          range: r,
          severity: 'warning',
          code: 'efi/misplaced-key',
          message: `Xen reads "${s.key}=" only in the [global] section; here, in [${s.section.name}], it has no effect. Move it to [global].`,
        });
      } else if (inGlobal && !facts.where.includes('global') && s.key !== 'default') {
        out.push({
          range: r,
          severity: 'warning',
          code: 'efi/misplaced-key',
          message: `Xen reads "${s.key}=" only from the section it boots, not from [global]${a.defaultSetting?.value === 'global' ? '' : ', so this line has no effect'}. Move it into the section named by "default=".`,
        });
      }
    }
    // Repeats: Xen takes the first in a section.
    let seen = firstInSection.get(s.section);
    if (!seen) {
      seen = new Map();
      firstInSection.set(s.section, seen);
    }
    const first = seen.get(s.key);
    if (first) {
      out.push({
        range: range(s.line, s.keyStart, s.valueStart + s.value.length),
        severity: 'warning',
        code: 'efi/repeated-setting',
        tags: ['unnecessary'],
        message: `"${s.key}=" is already set on line ${first.line + 1} of this section; Xen reads the first one and never this one.`,
      });
    } else seen.set(s.key, s);
    if (s.key === 'video' && s.value.trim() !== '' && !/^gfx-\d+(x\d+(x\d+)?)?$/.test(s.value)) {
      out.push({
        range: range(s.line, s.valueStart, s.valueStart + s.value.length),
        severity: 'warning',
        code: 'efi/invalid-value',
        message: `Xen switches video mode only for "gfx-<width>[x<height>[x<depth>]]" (e.g. gfx-1024x768x32), nothing else after it; "${s.value}" keeps the current mode.`,
      });
    }
    if (s.key === 'kernel') {
      const file = s.value.trim().split(/[ \t]/)[0];
      if (file && looksLikeXenImage(file))
        out.push({
          range: range(s.line, s.valueStart, s.valueStart + file.length),
          severity: 'warning',
          code: 'efi/invalid-value',
          message: `"${file}" reads as a Xen hypervisor image, but "kernel=" names dom0's Linux kernel: xen.efi is the hypervisor itself and starts this file as dom0. Name the Linux kernel (a vmlinuz or Image file) here; Xen's own parameters go on "options=".`,
        });
    }
    // xen.cfg is read as plain text: "$(cat …)", "`…`" or "${VAR}" reach Xen or dom0 as written.
    const shell = /\$\([^)]*\)?|`[^`]*`?|\$\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(s.value);
    if (shell && (s.key === 'options' || s.key === 'kernel')) {
      out.push({
        range: range(s.line, s.valueStart + shell.index, s.valueStart + shell.index + shell[0].length),
        severity: 'warning',
        code: 'efi/invalid-value',
        message: `Xen reads this file as plain text and runs no shell: "${shell[0]}" is passed on as these characters${s.key === 'kernel' ? ' to dom0' : ''}, not replaced by what it would print. Write the words themselves here (or generate the file with a script).`,
      });
    }
    if ((s.key === 'ramdisk' || s.key === 'xsm' || s.key === 'chain') && /[ \t]\S/.test(s.value.trimEnd())) {
      out.push({
        range: range(s.line, s.valueStart, s.valueStart + s.value.length),
        severity: 'warning',
        code: 'efi/invalid-value',
        message: `"${s.key}=" takes one file name; Xen reads the whole rest of the line, blanks included, as the name, so "${s.value.trimEnd()}" is not found.`,
      });
    }
  }
  return out;
}

// long: every check of the file's sections and of what they boot side by side, each a short block
function fileDiagnostics(a: Analysis, ctx: ModeContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { cfg } = a;
  const names = new Map<string, EfiSection>();
  for (const s of cfg.sections) {
    if (!s.closed) continue;
    const prev = names.get(s.name);
    if (prev) {
      out.push({
        range: range(s.line, s.nameStart, s.nameEnd),
        severity: 'warning',
        code: 'efi/repeated-setting',
        message: `A section [${s.name}] already starts on line ${prev.line + 1}; Xen reads only the first one, never this one. Rename one of them.`,
      });
    } else names.set(s.name, s);
  }
  const chain = cfg.sections.find(isGlobal)?.settings.find((x) => x.key === 'chain');
  const arch = archOf(ctx);
  const d = a.defaultSetting;
  if (d) {
    const r = range(d.line, d.valueStart, d.valueStart + d.value.length);
    if (!a.chosen && !chain) {
      const trimmed = d.value.trim();
      const sections = cfg.sections.filter((x) => x.closed && !isGlobal(x)).map((x) => x.name);
      const near = trimmed !== d.value && names.has(trimmed) ? [trimmed] : didYouMean(trimmed, sections);
      out.push({
        range: d.value ? r : range(d.line, d.keyStart, d.keyEnd),
        severity: 'error',
        code: 'efi/default-names-no-section',
        message:
          trimmed !== d.value && names.has(trimmed)
            ? `"default=" names "${d.value}" with blanks at the end, and Xen compares them too: no section matches, so Xen finds no dom0 kernel. Remove the blanks.`
            : `"default=" names "${d.value}", but the file has no section [${d.value}]${sections.length ? ` (it has ${sections.map((x) => `[${x}]`).join(', ')})` : ''}: Xen finds no dom0 kernel and stops.${near.length ? ` Did you mean "${near[0]}"?` : ''}`,
        fixes: near.length
          ? [{ title: `Change to "${near[0]}"`, edits: [{ range: r, newText: near[0] }], preferred: true }]
          : undefined,
      });
    } else if (a.chosen && !a.chosen.settings.some((x) => x.key === 'kernel') && !chain) {
      out.push({
        range: range(a.chosen.line, a.chosen.nameStart, a.chosen.nameEnd),
        severity: arch === 'arm' ? 'warning' : 'error',
        code: 'efi/no-dom0-kernel',
        message: `Xen boots this section ("default=${d.value}"), but it has no "kernel=" line${arch === 'arm' ? ': unless the device tree describes the domains to start, Xen stops at boot' : ', so Xen stops at boot without a dom0 kernel'}. Add "kernel=<file> root=… ro".`,
      });
    }
  } else {
    const booting = cfg.sections.filter((x) => x.settings.some((k) => k.key === 'kernel'));
    if (booting.length > 1) {
      const g = cfg.sections.find(isGlobal);
      out.push({
        range: g
          ? range(g.line, g.nameStart, g.nameEnd)
          : range(booting[1].line, booting[1].nameStart, booting[1].nameEnd),
        severity: 'warning',
        code: 'efi/no-default',
        message: `No "default=" in [global]: unless the EFI command line names a section, Xen ignores the section headers and takes each key from the first line in the file that sets it — here "kernel=" from [${booting[0].name}], whatever the other sections say. Add "default=${booting[0].name}" to [global].`,
      });
    } else if (!cfg.settings.some((x) => x.key === 'kernel') && !chain && cfg.settings.length > 0) {
      const first = cfg.settings[0];
      out.push({
        range: range(first.line, first.keyStart, first.keyEnd),
        severity: arch === 'arm' ? 'warning' : 'error',
        code: 'efi/no-dom0-kernel',
        message:
          'No "kernel=" line in the file: Xen stops at boot without a dom0 kernel. Add "kernel=<file> root=… ro" to the section it boots.',
      });
    }
  }
  for (const p of cfg.problems) {
    const r = range(p.line, p.start, Math.max(p.end, p.start + 1));
    if (p.kind === 'no-final-newline') {
      out.push({
        range: range(p.line, 0, p.end),
        severity: 'warning',
        code: 'efi/no-final-newline',
        message: p.message,
        fixes: [
          {
            title: 'Add a newline at the end',
            edits: [{ range: range(p.line, p.end, p.end), newText: '\n' }],
            preferred: true,
          },
        ],
      });
    } else if (p.kind === 'tab-split') {
      out.push({ range: r, severity: 'warning', code: 'efi/tab-splits-line', message: p.message });
    } else if (p.kind === 'blank-before-equals') {
      out.push({
        range: r,
        severity: 'error',
        code: 'efi/malformed-line',
        message: p.message,
        fixes: [{ title: 'Remove the blanks before "="', edits: [{ range: r, newText: '' }], preferred: true }],
      });
    } else if (p.kind === 'header-text') {
      out.push({ range: r, severity: 'hint', code: 'efi/malformed-line', message: p.message, tags: ['unnecessary'] });
    } else {
      out.push({ range: r, severity: 'error', code: 'efi/malformed-line', message: p.message });
    }
  }
  return out;
}

function diagnose(doc: TextDocument, ctx0: ModeContext): Diagnostic[] {
  const a = analyse(doc, ctx0);
  const ctx = fileContext(a, ctx0);
  const out = fileDiagnostics(a, ctx);
  append(out, keyDiagnostics(a, ctx));
  append(out, diagnoseSegments(a.segments, ctx));
  return out;
}

function settingAt(a: Analysis, pos: Position): EfiSetting | undefined {
  return a.cfg.settings.find(
    (s) => s.line === pos.line && pos.character >= s.keyStart && pos.character <= s.valueStart + s.value.length,
  );
}

function sectionSummary(a: Analysis, s: EfiSection, md = true): string {
  const kernel = s.settings
    .find((x) => x.key === 'kernel')
    ?.value.trim()
    .split(/[ \t]/)[0];
  if (isGlobal(s)) return 'settings for every section (`default=`, `chain=`, and fallbacks for `ucode=`/`video=`)';
  const chosen = a.chosen === s ? ' — booted by default' : '';
  return `${kernel ? (md ? `boots dom0 kernel ${mdCode(kernel)}` : `boots dom0 kernel ${kernel}`) : 'no dom0 kernel'}${chosen}`;
}

function hover(doc: TextDocument, pos: Position, ctx: ModeContext): Hover | null {
  const a = analyse(doc, ctx);
  const s = settingAt(a, pos);
  if (s && pos.character <= s.keyEnd) {
    const d = EFI_KEY_DOCS[s.key];
    if (!d) return null;
    const where = seriesWithKey(s.key);
    return {
      markdown: `**${s.key}** — \`${d.usage}\`\n\n${d.summary}\n\n*Xen EFI configuration key, read by Xen ${describeSeries(where)}.*`,
      range: range(s.line, s.keyStart, s.keyEnd),
    };
  }
  if (s && s.key === 'default') {
    const sec = a.cfg.sections.find((x) => x.closed && x.name === s.value);
    return {
      markdown: sec
        ? `Section **${mdText(sec.name)}** (line ${sec.line + 1}): ${sectionSummary(a, sec)}.`
        : `No section is named ${mdCode(s.value)}.`,
      range: range(s.line, s.valueStart, s.valueStart + s.value.length),
    };
  }
  const sec = a.cfg.sections.find(
    (x) => x.line === pos.line && pos.character >= x.nameStart - 1 && pos.character <= x.nameEnd + 1,
  );
  if (sec)
    return {
      markdown: `Section **[${mdText(sec.name)}]**: ${sectionSummary(a, sec)}.`,
      range: range(sec.line, sec.nameStart, sec.nameEnd),
    };
  return null;
}

function complete(doc: TextDocument, pos: Position, ctx0: ModeContext, at: CompletionPlace): CompletionItem[] {
  const a = analyse(doc, ctx0);
  const ctx = fileContext(a, ctx0);
  const before = at.before;
  const m = /^\s*default=(\S*)$/.exec(before);
  if (m) {
    return a.cfg.sections
      .filter((x) => x.closed && !isGlobal(x))
      .map((x) => ({
        label: x.name,
        kind: 'value' as const,
        detail: sectionSummary(a, x, false).replace(/`/g, ''),
        range: range(pos.line, pos.character - m[1].length, pos.character),
      }));
  }
  // options=/kernel= with nothing after "=" yet: start the command line.
  const empty = /^\s*(options|kernel)=$/.exec(before);
  if (empty && empty[1] === 'options') {
    const seg = lineSegment('xen', pos.line, pos.character, '', 'xen.cfg options=');
    return completeSegments([seg], pos, ctx) ?? [];
  }
  const k = /^\s*([A-Za-z_]*)$/.exec(before);
  if (!k) return [];
  const series = efiSeriesFor(target(a, ctx).release);
  const keys = efiKeys(series);
  const current = [...a.cfg.sections].reverse().find((x) => x.line < pos.line);
  const inGlobal = isGlobal(current);
  const arch = archOf(ctx);
  const items: CompletionItem[] = Object.entries(keys)
    .filter(([, f]) => f.arch.includes(arch) && (inGlobal ? f.where.includes('global') : f.where.includes('section')))
    .map(([name]) => ({
      label: name,
      kind: 'property' as const,
      detail: EFI_KEY_DOCS[name]?.usage,
      documentation: EFI_KEY_DOCS[name]?.summary,
      insertText: `${name}=`,
      range: range(pos.line, pos.character - k[1].length, pos.character),
    }));
  if (k[1] === '' && !a.cfg.sections.some(isGlobal))
    items.push({
      label: '[global]',
      kind: 'keyword',
      detail: 'the section read by every boot',
      range: range(pos.line, pos.character, pos.character),
    });
  return items;
}

function symbols(doc: TextDocument, ctx: ModeContext): DocumentSymbol[] {
  void ctx;
  const a = analyse(doc, ctx);
  const setting = (s: EfiSetting): DocumentSymbol => ({
    name: s.key,
    detail: s.value.trim(),
    kind: 'setting',
    range: range(s.line, s.keyStart, s.valueStart + s.value.length),
    selectionRange: range(s.line, s.keyStart, s.keyEnd),
  });
  const lineLen = (l: number) => lineTextOf(doc, l).length;
  return [
    ...a.cfg.preamble.map(setting),
    ...a.cfg.sections.map((s): DocumentSymbol => ({
      name: `[${s.name}]`,
      detail: sectionSummary(a, s, false).replace(/`/g, ''),
      kind: 'section',
      range: range(s.line, 0, lineLen(s.endLine), s.endLine),
      selectionRange: range(s.line, s.nameStart, s.nameEnd),
      children: s.settings.map(setting),
    })),
  ];
}

function folding(doc: TextDocument, ctx: ModeContext): FoldingRange[] {
  return analyse(doc, ctx)
    .cfg.sections.filter((s) => s.endLine > s.line)
    .map((s) => ({ startLine: s.line, endLine: s.endLine }));
}

export const efiCfgMode: LanguageMode = hostingMode(analyse, { diagnose, hover, complete, symbols, folding });

/** Every key any release reads (for tests and docs). */
export const knownEfiKeys = allEfiKeys;
