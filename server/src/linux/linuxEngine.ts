// Linux kernel command-line engine: judges each word (./judge.ts) against the knowledge for the
// targeted version (./version.ts) and turns the verdicts into diagnostics, hovers and completion.
import type { CmdlineEngine, RegisteredBy } from '../cmdline/engine';
import type { Diagnostic } from '../core/types';
import { segmentRange } from '../cmdline/segment';
import { internalError } from '../core/codes';
import { judge, type Finding } from './check';
import { linuxHover } from './hover';
import { linuxComplete } from './complete';
import { describeTarget, parseVersion, resolveTarget } from './version';
import { KNOWN_TABLES, normName, releaseTable, tablesFor, type ReleaseTable } from './tables';

/**
 * Whether Linux registers a word (a parameter of its own, or one of a module it has) in `version`'s
 * release (between two known ones: either), else in the newest release known, said so.
 */
export function linuxRegisters(name: string, version: string | undefined): RegisteredBy | undefined {
  const v = parseVersion(version);
  let tables: ReleaseTable[];
  let note = '';
  if (v) {
    const t = tablesFor(v);
    tables = (t.exact ? [t.exact] : t.around).map((x) => releaseTable(x));
    if (!t.exact) note = ` (checked in place of the Linux ${version} set)`;
  } else {
    tables = [releaseTable(KNOWN_TABLES[KNOWN_TABLES.length - 1])];
    note = ' (the newest Linux checked, assumed as no Linux version is set)';
  }
  const norm = normName(name);
  const dot = norm.indexOf('.');
  const has = tables.filter(
    (t) => (t.byName.get(norm)?.defs.length ?? 0) > 0 || (dot > 0 && t.modules.has(norm.slice(0, dot))),
  );
  return has.length ? { release: `Linux ${has.map((t) => t.release).join(' and ')}`, note } : undefined;
}

export const linuxEngine: CmdlineEngine = {
  diagnose(seg, ctx) {
    try {
      const j = judge(seg, ctx);
      const toDiag = (f: Finding): Diagnostic => ({
        range: segmentRange(seg, f.start, f.end),
        severity: f.severity,
        code: f.code,
        message: f.message,
        ...(f.tags ? { tags: f.tags } : {}),
        ...(f.fix
          ? {
              fixes: [
                {
                  title: f.fix.title,
                  edits: [{ range: segmentRange(seg, f.fix.start, f.fix.end), newText: f.fix.newText }],
                  preferred: true,
                  ...(f.fix.deletes ? { deletes: true } : {}),
                },
              ],
            }
          : {}),
      });
      return [...j.verdicts.flatMap((v) => v.findings.map(toDiag)), ...j.lineFindings.map(toDiag)];
    } catch (e) {
      return [internalError(segmentRange(seg, 0, seg.text.length), 'check of this Linux command line', e)];
    }
  },
  hover(seg, offset, ctx) {
    try {
      return linuxHover(seg, offset, ctx);
    } catch {
      return null;
    }
  },
  complete(seg, offset, ctx) {
    try {
      return linuxComplete(seg, offset, ctx);
    } catch {
      return [];
    }
  },
  target(seg, ctx) {
    try {
      return describeTarget(resolveTarget(seg, ctx));
    } catch {
      return 'Linux';
    }
  },
  registers(name, version) {
    try {
      return linuxRegisters(name, version);
    } catch {
      return undefined;
    }
  },
};
