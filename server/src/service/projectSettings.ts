// The project settings file, `.xen-config.json`: a repository says once, for everyone (editor, CLI,
// CI, pre-commit), which Xen release, Linux version, architecture and role its files are for, and
// which codes it silences — for all files, or per glob. The CLI and the LSP server both call
// `projectSettingsFor()`; nothing here touches an editor API or writes anything.
//
// Precedence, strongest first: what the file itself says (an image name, a `# xen-config:` comment)
// > the project file > the editor's or CLI's settings > inference. The modes already let the file
// win over settings, so the project file only has to be merged over the caller's settings.
import * as path from 'node:path';
import { allCodes } from './codes';
import type { Diagnostic, Settings } from '../core/types';

export const PROJECT_FILE = '.xen-config.json';

/** What a project file may set, at its top level and in each override. */
export interface ProjectEntry {
  xenVersion?: string;
  linuxVersion?: string;
  arch?: 'x86_64' | 'arm64';
  role?: ProjectRole;
  /** A Linux source tree, relative to the project file's folder or absolute. */
  kernelSourcePath?: string;
  /** Codes never reported for these files. */
  disable?: string[];
}

export type ProjectRole = 'none' | 'dom0' | 'domU' | 'pv-domU' | 'pvh-domU' | 'hvm-domU';
const ROLES: readonly ProjectRole[] = ['none', 'dom0', 'domU', 'pv-domU', 'pvh-domU', 'hvm-domU'];

export interface ProjectOverride extends ProjectEntry {
  /** Globs relative to the project file's folder; a glob without `/` matches a file name at any depth. */
  files: string | string[];
}

export interface ProjectFile extends ProjectEntry {
  $schema?: string;
  /** Later overrides win over earlier ones and over the top level. */
  overrides?: ProjectOverride[];
}

/** The only file access needed: the text of a file, or undefined when there is none. */
export interface ProjectFs {
  readFile(path: string): string | undefined;
}

/** What the project file says for one file. */
export interface ProjectSettings {
  /** Absolute path of the `.xen-config.json` that applies; absent when none was found. */
  file?: string;
  /** Settings to merge over the editor's or CLI's (only the fields the project sets). */
  settings: Settings;
  /** The role as the project names it (the finer domU kinds kept, for the CLI's role report). */
  role?: ProjectRole;
  /** Codes silenced for this file. */
  disable: string[];
  /** Why the project file cannot be used (unreadable JSON, a wrong key or value); settings are then empty. */
  error?: string;
  /** What the caller left out of the file's settings, and why (the editor: a kernel tree in an untrusted workspace). */
  notes?: string[];
}

const ENTRY_KEYS = ['xenVersion', 'linuxVersion', 'arch', 'role', 'kernelSourcePath', 'disable'];
const VERSION = /^[0-9]+(\.[0-9]+){0,3}([-+~._][A-Za-z0-9._+~-]*)?$/;

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v;
}

function checkEntry(o: Record<string, unknown>, where: string, extra: string[], errors: string[]): void {
  for (const k of Object.keys(o)) {
    if (!ENTRY_KEYS.includes(k) && !extra.includes(k)) {
      errors.push(`${where}: unknown key "${k}" (allowed: ${[...ENTRY_KEYS, ...extra].join(', ')})`);
    }
  }
  for (const k of ['xenVersion', 'linuxVersion'] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || !VERSION.test(v))) {
      errors.push(
        `${where}: "${k}" must be a version such as ${k === 'xenVersion' ? '"4.17.3"' : '"6.1"'}, not ${describe(v)}`,
      );
    }
  }
  if (o.arch !== undefined && o.arch !== 'x86_64' && o.arch !== 'arm64')
    errors.push(`${where}: "arch" must be "x86_64" or "arm64", not ${describe(o.arch)}`);
  if (o.role !== undefined && !ROLES.includes(o.role as ProjectRole))
    errors.push(`${where}: "role" must be one of ${ROLES.join(', ')}, not ${describe(o.role)}`);
  if (
    o.kernelSourcePath !== undefined &&
    (typeof o.kernelSourcePath !== 'string' || o.kernelSourcePath.trim() === '')
  ) {
    errors.push(`${where}: "kernelSourcePath" must be a non-empty path, not ${describe(o.kernelSourcePath)}`);
  }
  if (o.disable !== undefined) {
    if (!Array.isArray(o.disable))
      errors.push(`${where}: "disable" must be a list of codes such as ["xen/unknown-parameter"]`);
    else {
      for (const c of o.disable) {
        if (typeof c !== 'string' || !allCodes().has(c))
          errors.push(
            `${where}: "disable" names ${describe(c)}, which is not a xen-config code (see docs/diagnostics.md)`,
          );
      }
    }
  }
}

/** Reads and checks a project file's text. The messages name the key at fault. */
export function parseProjectFile(text: string, name = PROJECT_FILE): { config?: ProjectFile; error?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `${name}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { error: `${name}: must hold a JSON object` };
  const o = raw as Record<string, unknown>;
  const errors: string[] = [];
  checkEntry(o, name, ['$schema', 'overrides'], errors);
  if (o.$schema !== undefined && typeof o.$schema !== 'string') errors.push(`${name}: "$schema" must be a string`);
  if (o.overrides !== undefined) {
    if (!Array.isArray(o.overrides)) errors.push(`${name}: "overrides" must be a list of {"files": …, settings…}`);
    else {
      o.overrides.forEach((ov: unknown, i) => {
        const where = `${name}: overrides[${i}]`;
        if (!ov || typeof ov !== 'object' || Array.isArray(ov)) {
          errors.push(`${where} must be an object`);
          return;
        }
        const r = ov as Record<string, unknown>;
        const files = r.files;
        const list = typeof files === 'string' ? [files] : Array.isArray(files) ? files : undefined;
        if (!list || list.length === 0 || list.some((g) => typeof g !== 'string' || g === '')) {
          errors.push(`${where}: "files" must be a glob or a non-empty list of globs, such as "dom0/*.config"`);
        }
        checkEntry(r, where, ['files'], errors);
      });
    }
  }
  if (errors.length)
    return {
      error:
        errors.length === 1
          ? errors[0]
          : `${errors[0]} (and ${errors.length - 1} more problem${errors.length === 2 ? '' : 's'})`,
    };
  return { config: o as ProjectFile };
}

/** A glob as a regular expression over `/`-separated relative paths: `*`, `?`, `**`, `[…]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (g.startsWith('/')) g = g.slice(1);
  else if (!g.includes('/')) g = `**/${g}`; // a bare name matches at any depth, as in .gitignore
  if (g.endsWith('/')) g += '**';
  let re = '';
  let brace = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const slashAfter = g[i + 2] === '/';
        i++;
        if (atStart && slashAfter) {
          re += '(?:[^/]*/)*';
          i++;
        } // `**/`: any number of folders
        else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = g.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      re += '(?:';
      brace++;
    } else if (c === '}' && brace > 0) {
      re += ')';
      brace--;
    } else if (c === ',' && brace > 0) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  re += ')'.repeat(brace);
  return new RegExp(`^${re}$`);
}

function entrySettings(e: ProjectEntry, dir: string, out: ProjectSettings): void {
  if (e.xenVersion !== undefined) out.settings.xenVersion = e.xenVersion;
  if (e.linuxVersion !== undefined) out.settings.linuxVersion = e.linuxVersion;
  if (e.arch !== undefined) out.settings.arch = e.arch;
  if (e.role !== undefined) {
    out.role = e.role;
    out.settings.role = e.role === 'none' ? 'none' : e.role === 'dom0' ? 'dom0' : 'domU';
  }
  if (e.kernelSourcePath !== undefined) out.settings.kernelSourcePath = path.resolve(dir, e.kernelSourcePath);
  if (e.disable) for (const c of e.disable) if (!out.disable.includes(c)) out.disable.push(c);
}

/** The settings a checked project file gives the file at `filePath` (absolute), the file living in `dir`. */
export function settingsFromProject(config: ProjectFile, dir: string, filePath: string): ProjectSettings {
  const out: ProjectSettings = { file: path.join(dir, PROJECT_FILE), settings: {}, disable: [] };
  entrySettings(config, dir, out);
  const rel = path.relative(dir, filePath).split(path.sep).join('/');
  for (const ov of config.overrides ?? []) {
    const globs = typeof ov.files === 'string' ? [ov.files] : ov.files;
    if (globs.some((g) => globToRegExp(g).test(rel))) entrySettings(ov, dir, out);
  }
  return out;
}

/**
 * The project settings for the file at `filePath` (absolute): the nearest `.xen-config.json` in
 * its folder or a folder above (only that one: files are not merged across folders), read through
 * `fs`. Never throws: a broken project file comes back as `error`, with no settings.
 */
export function projectSettingsFor(filePath: string, fs: ProjectFs): ProjectSettings {
  let dir = path.dirname(path.resolve(filePath));
  for (;;) {
    const candidate = path.join(dir, PROJECT_FILE);
    let text: string | undefined;
    try {
      text = fs.readFile(candidate);
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const { config, error } = parseProjectFile(text, candidate);
      if (!config) return { file: candidate, settings: {}, disable: [], error };
      return settingsFromProject(config, dir, filePath);
    }
    const up = path.dirname(dir);
    if (up === dir) return { settings: {}, disable: [] };
    dir = up;
  }
}

/**
 * The caller's settings with the project's over them (the project file wins over editor and CLI
 * settings). A kernel tree named by the project file — a file the repository controls — never runs
 * `$(shell,…)`: the shell opt-in stays only when the tree is the one the user named.
 */
export function withProjectSettings(base: Settings, project: ProjectSettings): Settings {
  const merged: Settings = { ...base };
  for (const [k, v] of Object.entries(project.settings) as Array<[keyof Settings, never]>) {
    if (v !== undefined) merged[k] = v;
  }
  if (merged.allowKconfigShell && merged.kernelSourcePath !== base.kernelSourcePath) merged.allowKconfigShell = false;
  return merged;
}

/**
 * What the project file sets for a file, in words, for hovers (`withPath` false: the targets only,
 * undefined when it sets none) and the editor's status (with the file's path, silenced codes, notes
 * and errors).
 */
export function describeProject(project: ProjectSettings, withPath: boolean): string | undefined {
  if (!project.file) return undefined;
  if (project.error) return withPath ? `${PROJECT_FILE} not used: ${project.error}` : undefined;
  const s = project.settings;
  const parts = [
    s.linuxVersion !== undefined ? `Linux ${s.linuxVersion}` : '',
    s.xenVersion !== undefined ? `Xen ${s.xenVersion}` : '',
    s.arch ?? '',
    project.role !== undefined ? `role ${project.role}` : '',
    s.kernelSourcePath !== undefined ? `kernel tree ${s.kernelSourcePath}` : '',
  ].filter(Boolean);
  if (!withPath)
    return parts.length
      ? `Target from ${PROJECT_FILE}: ${parts.join(', ')} (what the file itself names still wins).`
      : undefined;
  const more = [
    ...(project.disable.length ? [`silences ${project.disable.join(', ')}`] : []),
    ...(project.notes ?? []),
  ];
  if (!parts.length && !more.length) return undefined;
  return `target from ${PROJECT_FILE} (${project.file})${parts.length ? `: ${parts.join(', ')}` : ''}${more.length ? `; ${more.join('; ')}` : ''}`;
}

/** `# xen-config: disable=CODE[,CODE…]`: on a line of its own it silences the next line; after other text, its own line. */
const DISABLE_LIST = /\bdisable\s*=\s*([A-Za-z0-9/_-]+(?:\s*,\s*[A-Za-z0-9/_-]+)*)/;

/** The codes list of a `# xen-config: … disable=…` comment on the line, found in linear time. */
function disableComment(line: string): RegExpExecArray | null {
  const at = line.indexOf('xen-config:');
  if (at < 0) return null;
  const hash = line.lastIndexOf('#', at);
  if (hash < 0 || line.slice(hash + 1, at).trim() !== '') return null;
  return DISABLE_LIST.exec(line.slice(at));
}

/** For each 0-based line, the codes its `# xen-config: disable=` comment silences. */
export function disabledByComments(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!text.includes('xen-config:')) return out;
  const lines = text.split(/\r\n|\r|\n/);
  const pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = disableComment(line);
    const codes = m ? m[1].split(/[\s,]+/).filter(Boolean) : [];
    if (m !== null && line.trimStart().startsWith('#')) {
      pending.push(...codes);
      continue;
    } // a comment line of its own
    const here = [...pending, ...codes];
    if (here.length) out.set(i, new Set(here));
    pending.length = 0;
  }
  return out;
}

/** The diagnostics left once the project's codes and the file's disable comments are taken out. */
export function suppressDiagnostics(
  text: string,
  diagnostics: Diagnostic[],
  disable: readonly string[] = [],
): Diagnostic[] {
  const byLine = disabledByComments(text);
  if (disable.length === 0 && byLine.size === 0) return diagnostics;
  return diagnostics.filter((d) => !disable.includes(d.code) && !byLine.get(d.range.start.line)?.has(d.code));
}
