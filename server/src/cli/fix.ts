// `check --fix` and `--fix-dry-run`: the safe fixes (service/fixes.ts, the set the editor applies
// on save) applied in memory until none is left, then written atomically — a temporary file in the
// same folder, the original's permissions, a rename over it — and only when the file on disk is
// still what was read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, safeFixes } from '../service/fixes';
import type { Diagnostic } from '../core/types';

/** Rounds of fixing: a fix left out because it touched another one is taken in the next round. */
const MAX_ROUNDS = 10;

export interface FixOutcome {
  text: string;
  /** The codes fixed, with how many times each. */
  fixed: Map<string, number>;
}

/** Applies the safe fixes to `text` round after round; `diagnose` judges each intermediate text. */
export function fixText(
  text: string,
  diagnose: (doc: TextDocument) => Diagnostic[],
  makeDoc: (text: string) => TextDocument,
): FixOutcome {
  const fixed = new Map<string, number>();
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const doc = makeDoc(current);
    const { edits, fixed: done } = safeFixes(diagnose(doc));
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    for (const d of done) fixed.set(d.code, (fixed.get(d.code) ?? 0) + 1);
    current = next;
  }
  return { text: current, fixed };
}

export class FixWriteError extends Error {}

/**
 * Replaces the file at `abs` with `text`, atomically, when its bytes are still `original`.
 * A symbolic link is followed (the file it names is replaced, the link stays). Throws FixWriteError
 * with a message for the user when the file is read-only, changed since it was read, or cannot be written.
 */
export function writeFixed(abs: string, shown: string, original: Buffer, text: string): void {
  let target: string;
  let st: fs.Stats;
  try {
    target = fs.realpathSync(abs);
    st = fs.statSync(target);
  } catch (e) {
    throw new FixWriteError(`cannot fix ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read it again'}`);
  }
  // A file without write permission is left alone, even for root (who could write it anyway).
  let writable = (st.mode & 0o222) !== 0;
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new FixWriteError(`cannot fix ${shown}: the file is read-only; nothing was changed`);
  const unchanged = (): boolean => {
    try {
      return fs.readFileSync(target).equals(original);
    } catch {
      return false;
    }
  };
  if (!unchanged())
    throw new FixWriteError(
      `cannot fix ${shown}: it changed on disk since it was read; nothing was changed (run again)`,
    );
  const dir = path.dirname(target);
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.xen-config-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.writeFileSync(fd, text, 'utf8');
    fs.fchmodSync(fd, st.mode & 0o7777);
    try {
      fs.fchownSync(fd, st.uid, st.gid);
    } catch {
      /* not root: the file keeps our ownership, as editors do */
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The last look before the rename narrows the window for a concurrent writer to a few microseconds.
    if (!unchanged())
      throw new FixWriteError(
        `cannot fix ${shown}: it changed on disk while being fixed; nothing was changed (run again)`,
      );
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined)
      try {
        fs.closeSync(fd);
      } catch {
        /* closed */
      }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* never created, or renamed */
    }
    if (e instanceof FixWriteError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new FixWriteError(
      `cannot fix ${shown}: ${code === 'EACCES' || code === 'EPERM' ? 'its folder is not writable' : (code ?? String(e))}; nothing was changed`,
    );
  }
}

/** "2 problems (grub/missing-space ×2)" */
export function describeFixed(fixed: Map<string, number>): string {
  const total = [...fixed.values()].reduce((a, b) => a + b, 0);
  const parts = [...fixed].sort((a, b) => a[0].localeCompare(b[0])).map(([c, n]) => (n > 1 ? `${c} ×${n}` : c));
  return `${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`;
}
