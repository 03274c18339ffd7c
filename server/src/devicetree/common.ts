// Shared by the device tree source and U-Boot script modes: the release a file targets (a
// `xen-config: xen=4.17 linux=6.1` comment, else the settings, else the newest, said so), and
// command-line segments over decoded strings that map each character back to the document.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModeContext } from '../core/mode';
import { mappedSegment, type CmdlineKind, type CmdlineSegment } from '../cmdline/segment';
import { assumption, resolveTarget } from '../xen/target';
import { seriesIndex, SERIES } from './knowledge';
import type { DtTarget } from './check';
import type { Cmdline } from './boot';

export interface VersionHints {
  xen?: { version: string; source: string };
  linux?: { version: string; source: string };
}

/** `xen-config: xen=4.17 linux=6.1` anywhere in a comment of the file (the first of each wins). */
export function versionHints(comments: string[]): VersionHints {
  const out: VersionHints = {};
  for (const c of comments) {
    const at = c.indexOf('xen-config:');
    if (at < 0) continue;
    for (const m of c.slice(at + 11, at + 200).matchAll(/\b(xen|linux)\s*=\s*(\d+\.\d+(?:\.\d+)?)/g)) {
      const k = m[1] as 'xen' | 'linux';
      out[k] ??= { version: m[2], source: `the comment "xen-config: ${m[1]}=${m[2]}"` };
    }
  }
  return out;
}

/** The Arm settings every engine call of these files uses: Xen on Arm, whatever the arch setting. */
export function armContext(ctx: ModeContext): ModeContext {
  return ctx.settings.arch === 'arm64' ? ctx : { ...ctx, settings: { ...ctx.settings, arch: 'arm64' } };
}

export function dtTarget(hints: VersionHints, ctx: ModeContext): DtTarget {
  const seg: CmdlineSegment = {
    kind: 'xen',
    text: '',
    origin: 'device tree',
    positionAt: () => ({ line: 0, character: 0 }),
    versionHint: hints.xen,
  };
  const t = resolveTarget(seg, { settings: ctx.settings, fs: ctx.fs, documentPath: ctx.path });
  let series = seriesIndex(t.release);
  if (series < 0) series = SERIES.length - 1;
  const note =
    t.certainty === 'exact'
      ? ''
      : assumption(t).replace(
          'neither the image name nor the settings name a version',
          'neither a xen-config comment nor the settings name one',
        );
  return { release: t.release, series, certainty: t.certainty, note };
}

/** A segment over a decoded string: the text the reader gets, up to the first NUL. */
export function stringSegment(
  doc: TextDocument,
  text: string,
  offsets: number[],
  kind: CmdlineKind,
  origin: string,
  extra: Partial<CmdlineSegment> = {},
): CmdlineSegment {
  const nul = text.indexOf('\0');
  const t = nul >= 0 ? text.slice(0, nul) : text;
  const offs = offsets.slice(0, t.length + 1);
  const positions = offs.map((o) => doc.positionAt(o));
  if (positions.every((p) => p.line === positions[0].line)) {
    return mappedSegment(
      kind,
      positions[0].line,
      t,
      positions.map((p) => p.character),
      origin,
      extra,
    );
  }
  return {
    kind,
    text: t,
    origin,
    positionAt: (o) => positions[Math.max(0, Math.min(o, positions.length - 1))],
    ...extra,
  };
}

export function lineSegment(doc: TextDocument, l: Cmdline, hints: VersionHints, origin: string): CmdlineSegment {
  if (l.reader === 'xen')
    return stringSegment(doc, l.str.text, l.str.offsets, 'xen', origin, { versionHint: hints.xen });
  return stringSegment(doc, l.str.text, l.str.offsets, 'linux', origin, {
    versionHint: hints.linux,
    bootPath: l.reader === 'dom0' ? 'xen-dom0' : 'xl-guest',
  });
}
