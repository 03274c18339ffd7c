// Fake command-line engines for the GRUB routing tests: they record the segments they are given
// and flag every word starting with "bogus" at its exact span, so the tests check which engine a
// line reaches and at which columns, independently of the real Xen and Linux knowledge.
import { engines } from '../src/cmdline/engines';
import type { CmdlineEngine } from '../src/cmdline/engine';
import type { CmdlineSegment } from '../src/cmdline/segment';
import type { CmdlineKind } from '../src/cmdline/segment';

export function fakeEngine(kind: CmdlineKind, seen: CmdlineSegment[]): CmdlineEngine {
  return {
    diagnose(seg) {
      seen.push(seg);
      const out = [];
      const re = /\S+/g;
      for (let m = re.exec(seg.text); m; m = re.exec(seg.text)) {
        if (seg.image && m.index < seg.image.end) continue;
        if (m[0].startsWith('bogus')) {
          const eq = m[0].indexOf('=');
          const end = m.index + (eq >= 0 ? eq : m[0].length);
          out.push({
            range: { start: seg.positionAt(m.index), end: seg.positionAt(end) },
            severity: 'warning' as const,
            code: `${kind}/unknown-parameter`,
            message: `fake: ${m[0]}`,
          });
        }
      }
      return out;
    },
    hover: (seg, offset) => ({ markdown: `fake ${kind} hover at ${offset} in ${seg.text}` }),
    complete: () => [{ label: `fake-${kind}`, kind: 'property' }],
    target: () => `Fake ${kind}`,
  };
}

/** Runs `fn` with fake engines in place of the real ones; `seen` collects the diagnosed segments. */
export function withFakeEngines(fn: (seen: CmdlineSegment[]) => void): void {
  const saved = { xen: engines.xen, linux: engines.linux };
  const seen: CmdlineSegment[] = [];
  engines.xen = fakeEngine('xen', seen);
  engines.linux = fakeEngine('linux', seen);
  try {
    fn(seen);
  } finally {
    engines.xen = saved.xen;
    engines.linux = saved.linux;
  }
}
