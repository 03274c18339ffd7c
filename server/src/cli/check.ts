// `xen-config check`: diagnose files and directories, print text, the JSON contract or SARIF.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageForFile, languageForPath, LANGUAGE_IDS, nameNeedsContent, type LanguageId } from '../service/languages';
import { UsageError } from './args';
import type { CliIO } from './io';
import { runCheck } from './checkRun';

export type { FileReport } from './checkRun';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', 'dist']);

/** The first 64 KB of a file as text ('' when unreadable): enough to tell a kernel configuration. */
function head(abs: string): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/** In a directory walk: names that may hold a kernel configuration conf wrote (config, config-base). */
const CONFIG_NAME = /^config(?:[-_.][^/]*)?$/;
const MAX_WALK = 100_000;

/** Files under `p` (or `p` itself) with the language each is read as. Throws UsageError for unreadable paths. */
export function collect(p: string, forced: LanguageId | undefined, cwd: string): Array<{ shown: string; abs: string; language: LanguageId }> {
  const abs = path.resolve(cwd, p);
  let st: fs.Stats;
  try { st = fs.statSync(abs); } catch { throw new UsageError(`cannot read ${p}: no such file or directory`); }
  if (st.isFile()) {
    const language = forced ?? languageForFile(abs, () => head(abs));
    if (!language) {
      const why = languageForPath(abs) ? ' (the name ends in .config, but the content is not a kernel configuration)' : '';
      throw new UsageError(`cannot tell the language of ${p}${why}; name it with --language (${LANGUAGE_IDS.join(', ')})`);
    }
    return [{ shown: p, abs, language }];
  }
  if (!st.isDirectory()) throw new UsageError(`cannot read ${p}: not a file or directory`);
  const out: Array<{ shown: string; abs: string; language: LanguageId }> = [];
  const walk = (dirAbs: string, dirShown: string, seen: Set<string>): void => {
    let real: string;
    try { real = fs.realpathSync(dirAbs); } catch { return; }
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dirAbs, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= MAX_WALK) return;
      const childAbs = path.join(dirAbs, e.name);
      const childShown = path.join(dirShown, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try { const s = fs.statSync(childAbs); isDir = s.isDirectory(); isFile = s.isFile(); } catch { continue; }
      }
      if (isDir) { if (!SKIP_DIRS.has(e.name)) walk(childAbs, childShown, seen); continue; }
      if (!isFile) continue;
      let language = forced ?? languageForPath(childAbs);
      // Only the content tells a kernel configuration from a .NET web.config, or a conf-written `config`.
      if (!forced && (language ? nameNeedsContent(childAbs) : CONFIG_NAME.test(e.name))) language = languageForFile(childAbs, () => head(childAbs));
      if (language) out.push({ shown: childShown, abs: childAbs, language });
    }
  };
  walk(abs, p, new Set());
  return out;
}

/** `xen-config check`: the files found by `collect`, judged by checkRun.ts. */
export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  return runCheck(argv, io, collect);
}
