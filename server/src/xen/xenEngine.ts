// Xen hypervisor command-line engine: judges a command line against the targeted Xen release
// (see target.ts) with the knowledge in server/data/xen/. Never throws to its host: a failed check
// is reported as xenconfig/internal-error; a failed hover or completion answers nothing.
import type { CmdlineEngine } from '../cmdline/engine';
import { segmentRange } from '../cmdline/segment';
import { INTERNAL_ERROR, internalError } from '../core/codes';
import { analyse } from './analyse';
import { diagnoseXen } from './check';
import { applyCertainty } from './certainty';
import { hoverXen } from './hover';
import { completeXen } from './complete';
import { describeTarget, resolveTarget } from './target';
import { RELEASES } from './releases';

export const xenEngine: CmdlineEngine = {
  diagnose(seg, ctx) {
    try {
      const a = analyse(seg, ctx);
      const ds = diagnoseXen(seg, a);
      // a failed check says so as it is, not as a finding an assumed release could soften
      const failed = ds.filter((d) => d.code === INTERNAL_ERROR);
      return [
        ...applyCertainty(seg, ctx, a, failed.length ? ds.filter((d) => d.code !== INTERNAL_ERROR) : ds),
        ...failed,
      ];
    } catch (e) {
      return [internalError(segmentRange(seg, 0, seg.text.length), 'check of this Xen command line', e)];
    }
  },
  hover(seg, offset, ctx) {
    try {
      return hoverXen(seg, offset, analyse(seg, ctx), ctx.settings.hoverDetails);
    } catch {
      return null;
    }
  },
  complete(seg, offset, ctx) {
    try {
      return completeXen(seg, offset, analyse(seg, ctx));
    } catch {
      return [];
    }
  },
  target(seg, ctx) {
    try {
      return describeTarget(resolveTarget(seg, ctx));
    } catch {
      return 'Xen (unknown release)';
    }
  },
  knownVersions: () => [...RELEASES],
};
