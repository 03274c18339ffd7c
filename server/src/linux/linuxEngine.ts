// Linux kernel command-line engine: judges each word (./judge.ts) against the knowledge for the
// targeted version (./version.ts) and turns the verdicts into diagnostics, hovers and completion.
import type { CmdlineEngine } from '../cmdline/engine';
import type { Diagnostic } from '../core/types';
import { segmentRange } from '../cmdline/segment';
import { internalError } from '../core/codes';
import { judge, type Finding } from './check';
import { linuxHover } from './hover';
import { linuxComplete } from './complete';
import { describeTarget, resolveTarget } from './version';

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
};
