// `xen-config check` after the files are found (check.ts `collect`): project settings per file,
// diagnosis, `--fix`/`--fix-dry-run`, and the text, JSON or SARIF report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../service/service';
import { isLanguageId, LANGUAGE_IDS, type LanguageId } from '../core/languages';
import type { Diagnostic, Settings } from '../core/types';
import {
  projectSettingsFor,
  withProjectSettings,
  type ProjectFs,
  type ProjectSettings,
} from '../service/projectSettings';
import { formatRoleReport, normalizeRole, type RoleReport } from '../service/kernel';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { CHECK_USAGE } from './usage';
import { describeFixed, fixText, FixWriteError, writeFixed } from './fix';
import { unifiedDiff } from './diff';
import { writeSarif, type SarifFile } from './sarif';

export interface FileReport {
  path: string;
  language: LanguageId;
  diagnostics: Array<{
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    code: string;
    message: string;
  }>;
  /** With --role, for kernel configurations: the role's requirements, one row each. */
  requirements?: RoleReport;
}

export interface FoundFile {
  shown: string;
  abs: string;
  language: LanguageId;
}
export type Collect = (p: string, forced: LanguageId | undefined, cwd: string) => FoundFile[];

function toReport(shown: string, language: LanguageId, diags: Diagnostic[]): FileReport {
  return {
    path: shown,
    language,
    diagnostics: diags.map((d) => ({
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

const byPosition = (a: Diagnostic, b: Diagnostic) =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/** Reads project files through a cache: one read per folder, however many files live under it. */
function cachedProjectFs(): ProjectFs {
  const cache = new Map<string, string | undefined>();
  return {
    readFile(p) {
      if (cache.has(p)) return cache.get(p);
      let text: string | undefined;
      try {
        text = fs.readFileSync(p, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR')
          throw new UsageError(`cannot read ${p}: ${code ?? 'read error'}`);
      }
      cache.set(p, text);
      return text;
    },
  };
}

export async function runCheck(argv: string[], io: CliIO, collect: Collect): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(CHECK_USAGE + '\n');
    return 0;
  }
  const args = parseArgs(
    argv,
    ['--format', '--language', '--xen', '--linux', '--arch', '--role', '--kernel-src'],
    ['--allow-shell', '--fix', '--fix-dry-run', '--no-project', '--skip-unknown'],
  );
  const format = args.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const fix = args.flags.has('--fix');
  const dryRun = args.flags.has('--fix-dry-run');
  if (fix && dryRun) throw new UsageError('--fix and --fix-dry-run exclude each other');
  if (dryRun && format !== 'text') throw new UsageError('--fix-dry-run prints a diff; it takes no --format');
  const lang = args.options.get('--language');
  if (lang !== undefined && !isLanguageId(lang))
    throw new UsageError(`--language must be one of ${LANGUAGE_IDS.join(', ')}`);
  const arch = args.options.get('--arch');
  const archNorm =
    arch === undefined
      ? undefined
      : ({ x86_64: 'x86_64', x86: 'x86_64', amd64: 'x86_64', arm64: 'arm64', aarch64: 'arm64' } as const)[arch];
  if (arch !== undefined && !archNorm) throw new UsageError('--arch must be x86_64 or arm64');
  const role = args.options.get('--role');
  if (role !== undefined && role !== 'none' && !normalizeRole(role))
    throw new UsageError('--role must be dom0, domU, pv-domU, pvh-domU, hvm-domU or none');
  if (args.positionals.length === 0) throw new UsageError(`no PATH given\n${CHECK_USAGE}`);

  const settings: Settings = {
    xenVersion: args.options.get('--xen'),
    linuxVersion: args.options.get('--linux'),
    arch: archNorm,
    role: role === undefined || role === 'none' ? undefined : role === 'dom0' ? 'dom0' : 'domU',
    kernelSourcePath: args.options.get('--kernel-src')
      ? path.resolve(io.cwd, args.options.get('--kernel-src')!)
      : undefined,
    allowKconfigShell: args.flags.has('--allow-shell'),
  };
  // --skip-unknown (pre-commit, which passes every staged file whose name might fit): a named file
  // whose language cannot be told, such as a .NET web.config, is passed over instead of an error.
  const files = args.positionals.flatMap((p) => {
    try {
      return collect(p, lang as LanguageId | undefined, io.cwd);
    } catch (e) {
      if (
        args.flags.has('--skip-unknown') &&
        e instanceof UsageError &&
        e.message.startsWith('cannot tell the language')
      )
        return [];
      throw e;
    }
  });
  const service = createLanguageService({ settings });
  const treesLoaded = new Set<string>();
  const loadTree = (s: Settings): void => {
    if (!s.kernelSourcePath || treesLoaded.has(s.kernelSourcePath)) return;
    treesLoaded.add(s.kernelSourcePath);
    service.loadTree({ settings: s });
  };
  loadTree(settings);
  const projectFs = cachedProjectFs();
  const noProject: ProjectSettings = { settings: {}, disable: [] };
  let version = 0;

  const reports: FileReport[] = [];
  const sarifFiles: SarifFile[] = [];
  let writeFailed = false;
  let changedFiles = 0;
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(f.abs);
    } catch (e) {
      throw new UsageError(`cannot read ${f.shown}: ${(e as NodeJS.ErrnoException).code ?? 'read error'}`);
    }
    const text = bytes.toString('utf8');
    const project = args.flags.has('--no-project') ? noProject : projectSettingsFor(f.abs, projectFs);
    if (project.error) throw new UsageError(project.error);
    const fileSettings = withProjectSettings(settings, project);
    loadTree(fileSettings);
    const uri = `file://${encodeURI(f.abs)}`;
    const makeDoc = (t: string) => TextDocument.create(uri, f.language, ++version, t);
    // The project settings go through the service, as in the editor (it merges them and silences codes).
    const diagnose = (d: TextDocument) => service.diagnose(d, { project });

    let finalText = text;
    if (fix || dryRun) {
      const outcome = fixText(text, diagnose, makeDoc);
      if (outcome.text !== text) {
        if (!Buffer.from(text, 'utf8').equals(bytes)) {
          // Decoding replaced invalid bytes; writing the text back would change more than the fixes.
          io.stderr(`xen-config: not fixing ${f.shown}: it is not valid UTF-8\n`);
        } else if (dryRun) {
          io.stdout(unifiedDiff(text, outcome.text, f.shown, f.shown));
          changedFiles++;
          finalText = outcome.text;
        } else {
          try {
            writeFixed(f.abs, f.shown, bytes, outcome.text);
            io.stderr(`fixed ${f.shown}: ${describeFixed(outcome.fixed)}\n`);
            changedFiles++;
            finalText = outcome.text;
          } catch (e) {
            if (!(e instanceof FixWriteError)) throw e;
            io.stderr(`xen-config: ${e.message}\n`);
            writeFailed = true;
          }
        }
      }
    }
    const doc = makeDoc(finalText);
    const diags = diagnose(doc).sort(byPosition);
    const report = toReport(f.shown, f.language, diags);
    const reportRole =
      role && role !== 'none' ? (project.role && project.role !== 'none' ? project.role : role) : undefined;
    if (reportRole && f.language === 'kernel-config') {
      report.requirements = service.roleReport(finalText, reportRole, {
        path: f.abs,
        settings: { linuxVersion: fileSettings.linuxVersion, arch: fileSettings.arch },
      });
    }
    reports.push(report);
    if (format === 'sarif')
      sarifFiles.push({ shown: f.shown, abs: f.abs, language: f.language, doc, diagnostics: diags });
    service.forget(uri);
  }

  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (dryRun) {
    io.stderr(`${n(changedFiles, 'file')} would change\n`);
  } else if (format === 'sarif') {
    writeSarif(sarifFiles, io.cwd, io.stdout);
  } else if (format === 'json') {
    // One file at a time, so a huge report never has to fit in one string.
    io.stdout('{"files":[');
    reports.forEach((r, i) => io.stdout(`${i ? ',' : ''}\n${JSON.stringify(r)}`));
    io.stdout(']}\n');
  } else {
    for (const r of reports) {
      for (const d of r.diagnostics)
        io.stdout(`${r.path}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
      if (r.requirements) io.stdout(`\n${r.path}: ${formatRoleReport(r.requirements)}\n\n`);
    }
    const all = reports.flatMap((r) => r.diagnostics);
    const count = (s: string) => all.filter((d) => d.severity === s).length;
    const fixedNote = fix ? `; ${n(changedFiles, 'file')} fixed` : '';
    io.stderr(
      `${n(reports.length, 'file')} checked${fixedNote}: ${n(count('error'), 'error')}, ${n(count('warning'), 'warning')}, ${n(count('info') + count('hint'), 'note')}\n`,
    );
  }
  if (writeFailed) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
