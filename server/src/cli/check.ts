// `xen-config check`: diagnose files and directories, print text, the JSON contract or SARIF.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageForFile, languageForPath, LANGUAGE_IDS, nameNeedsContent, type LanguageId } from '../core/languages';
import { UsageError } from './args';
import type { CliIO } from './io';
import { runCheck } from './checkRun';

export type { FileReport } from './checkRun';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', 'dist']);

/** The first 64 KB of a regular file as text ('' when unreadable): enough to tell a kernel configuration. */
function head(abs: string): string {
  let fd: number | undefined;
  try {
    // non-blocking, and checked on the descriptor: a named pipe swapped in cannot stall the walk
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
    if (!fs.fstatSync(fd).isFile()) return '';
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined)
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
  }
}

/** In a directory walk: names that may hold a kernel configuration conf wrote (config, config-base). */
const CONFIG_NAME = /^config(?:[-_.][^/]*)?$/;
/** Files kept from one directory walk at most. */
export const MAX_WALK = 100_000;
/** Directory entries looked at in one walk at most (files, directories, links). */
export const MAX_WALK_ENTRIES = 200_000;
/** Directories inside each other a walk goes into at most. */
export const MAX_WALK_DEPTH = 64;

const inside = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith('/') ? root : root + '/');

/**
 * Files under `p` (or `p` itself) with the language each is read as. Throws UsageError for
 * unreadable paths. A directory walk stays inside `p`: a symbolic link whose real path leads out
 * of it is not followed, only regular files are kept, and the walk stops at MAX_WALK files,
 * MAX_WALK_ENTRIES entries or MAX_WALK_DEPTH levels; `note` hears, in plain words, what was left out.
 */
export function collect(
  p: string,
  forced: LanguageId | undefined,
  cwd: string,
  note?: (message: string) => void,
): Array<{ shown: string; abs: string; language: LanguageId }> {
  const abs = path.resolve(cwd, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new UsageError(`cannot read ${p}: no such file or directory`);
  }
  if (st.isFile()) {
    const language = forced ?? languageForFile(abs, () => head(abs));
    if (!language) {
      const why = languageForPath(abs)
        ? ' (the name ends in .config, but the content is not a kernel configuration)'
        : '';
      throw new UsageError(
        `cannot tell the language of ${p}${why}; name it with --language (${LANGUAGE_IDS.join(', ')})`,
      );
    }
    return [{ shown: p, abs, language }];
  }
  if (!st.isDirectory()) throw new UsageError(`cannot read ${p}: not a file or directory`);
  const out: Array<{ shown: string; abs: string; language: LanguageId }> = [];
  let rootReal: string;
  try {
    rootReal = fs.realpathSync.native(abs);
  } catch {
    throw new UsageError(`cannot read ${p}: no such file or directory`);
  }
  let entriesSeen = 0;
  let linksOut = 0;
  let stopped: string | undefined;
  const walk = (dirAbs: string, dirShown: string, seen: Set<string>, depth: number): void => {
    let real: string;
    try {
      real = fs.realpathSync.native(dirAbs);
    } catch {
      return;
    }
    if (seen.has(real) || !inside(real, rootReal)) return; // a loop, or out of the walked directory
    seen.add(real);
    if (depth > MAX_WALK_DEPTH) {
      stopped ??= `directories nested more than ${MAX_WALK_DEPTH} levels deep are not checked`;
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    // beside an .efi image, a .cfg of any name may be the file xen.efi reads: its content says
    const efiHere = entries.some((e) => /\.efi$/i.test(e.name));
    for (const e of entries) {
      if (out.length >= MAX_WALK) {
        stopped ??= `the walk stopped after ${MAX_WALK.toLocaleString('en-US')} files`;
        return;
      }
      if (++entriesSeen > MAX_WALK_ENTRIES) {
        stopped ??= `the walk stopped after ${MAX_WALK_ENTRIES.toLocaleString('en-US')} directory entries`;
        return;
      }
      const childAbs = path.join(dirAbs, e.name);
      const childShown = path.join(dirShown, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        // resolved without opening anything; followed only when it stays inside the walked directory
        let target: string;
        try {
          target = fs.realpathSync.native(childAbs);
        } catch {
          continue;
        }
        if (!inside(target, rootReal)) {
          linksOut++;
          continue;
        }
        try {
          const s = fs.statSync(target);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) walk(childAbs, childShown, seen, depth + 1);
        continue;
      }
      if (!isFile) continue;
      let language = forced ?? languageForPath(childAbs);
      // Only the content tells a kernel configuration from a .NET web.config, or a conf-written `config`.
      if (
        !forced &&
        (language ? nameNeedsContent(childAbs) : CONFIG_NAME.test(e.name) || (efiHere && /\.cfg$/i.test(e.name)))
      )
        language = languageForFile(childAbs, () => head(childAbs));
      if (language) out.push({ shown: childShown, abs: childAbs, language });
    }
  };
  walk(abs, p, new Set(), 0);
  if (linksOut) note?.(`${p}: ${linksOut} symbolic link${linksOut === 1 ? '' : 's'} leading outside ${p} not followed`);
  if (stopped) note?.(`${p}: ${stopped}; the rest is not checked`);
  return out;
}

/** `xen-config check`: the files found by `collect`, judged by checkRun.ts. */
export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  return runCheck(argv, io, (p, forced, cwd) => collect(p, forced, cwd, (m) => io.stderr(`xen-config: note: ${m}\n`)));
}
