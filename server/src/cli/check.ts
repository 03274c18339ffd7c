// `xen-config check`: diagnose files and directories, print text or the JSON contract.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../service/service';
import { isLanguageId, languageForFile, languageForPath, LANGUAGE_IDS, nameNeedsContent, type LanguageId } from '../service/languages';
import type { Diagnostic, Settings } from '../service/types';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { CHECK_USAGE } from './usage';
import { formatRoleReport, normalizeRole, roleRequirementsReport, type RoleReport } from '../kernelconfig/roles';
import { loadTreeNow } from '../kernelconfig/kernelTree';

export interface FileReport {
  path: string;
  language: LanguageId;
  diagnostics: Array<{ line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }>;
  /** With --role, for kernel configurations: the role's requirements, one row each. */
  requirements?: RoleReport;
}

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
function collect(p: string, forced: LanguageId | undefined, cwd: string): Array<{ shown: string; abs: string; language: LanguageId }> {
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

function toReport(shown: string, language: LanguageId, doc: TextDocument, diags: Diagnostic[]): FileReport {
  const sorted = [...diags].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return {
    path: shown,
    language,
    diagnostics: sorted.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  };
}


export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.stdout(CHECK_USAGE + '\n'); return 0; }
  const args = parseArgs(argv, ['--format', '--language', '--xen', '--linux', '--arch', '--role', '--kernel-src'], ['--allow-shell']);
  const format = args.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const lang = args.options.get('--language');
  if (lang !== undefined && !isLanguageId(lang)) throw new UsageError(`--language must be one of ${LANGUAGE_IDS.join(', ')}`);
  const arch = args.options.get('--arch');
  const archNorm = arch === undefined ? undefined : ({ x86_64: 'x86_64', x86: 'x86_64', amd64: 'x86_64', arm64: 'arm64', aarch64: 'arm64' } as const)[arch];
  if (arch !== undefined && !archNorm) throw new UsageError('--arch must be x86_64 or arm64');
  const role = args.options.get('--role');
  if (role !== undefined && role !== 'none' && !normalizeRole(role)) throw new UsageError('--role must be dom0, domU, pv-domU, pvh-domU, hvm-domU or none');
  if (args.positionals.length === 0) throw new UsageError(`no PATH given\n${CHECK_USAGE}`);

  const settings: Settings = {
    xenVersion: args.options.get('--xen'),
    linuxVersion: args.options.get('--linux'),
    arch: archNorm,
    role: role === undefined || role === 'none' ? undefined : role === 'dom0' ? 'dom0' : 'domU',
    kernelSourcePath: args.options.get('--kernel-src') ? path.resolve(io.cwd, args.options.get('--kernel-src')!) : undefined,
    allowKconfigShell: args.flags.has('--allow-shell'),
  };
  const files = args.positionals.flatMap((p) => collect(p, lang as LanguageId | undefined, io.cwd));
  const service = createLanguageService({ settings });
  if (settings.kernelSourcePath) loadTreeNow(service.settings);
  const reports: FileReport[] = [];
  for (const f of files) {
    let text: string;
    try { text = fs.readFileSync(f.abs, 'utf8'); } catch (e) {
      throw new UsageError(`cannot read ${f.shown}: ${(e as NodeJS.ErrnoException).code ?? 'read error'}`);
    }
    const doc = TextDocument.create(`file://${encodeURI(f.abs)}`, f.language, 1, text);
    const report = toReport(f.shown, f.language, doc, service.diagnose(doc));
    if (role && role !== 'none' && f.language === 'kernel-config') {
      report.requirements = roleRequirementsReport(text, role, { path: f.abs, settings: { linuxVersion: settings.linuxVersion, arch: settings.arch } });
    }
    reports.push(report);
    service.forget(doc.uri);
  }

  if (format === 'json') {
    // One file at a time, so a huge report never has to fit in one string.
    io.stdout('{"files":[');
    reports.forEach((r, i) => io.stdout(`${i ? ',' : ''}\n${JSON.stringify(r)}`));
    io.stdout(']}\n');
  } else {
    for (const r of reports) {
      for (const d of r.diagnostics) io.stdout(`${r.path}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
      if (r.requirements) io.stdout(`\n${r.path}: ${formatRoleReport(r.requirements)}\n\n`);
    }
    const all = reports.flatMap((r) => r.diagnostics);
    const count = (s: string) => all.filter((d) => d.severity === s).length;
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    io.stderr(`${n(reports.length, 'file')} checked: ${n(count('error'), 'error')}, ${n(count('warning'), 'warning')}, ${n(count('info') + count('hint'), 'note')}\n`);
  }
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
