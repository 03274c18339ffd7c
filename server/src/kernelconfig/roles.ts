// Xen roles of a kernel configuration (dom0, domU and its PV / PVH / HVM kinds): where the role
// comes from, what each role needs for the target version, and the requirements report the CLI
// prints (`xen-config check --role dom0 FILE`).
import rolesData from '../../data/kernel/roles.json';
import type { ResolvedSettings } from '../core/types';
import { parseConfig, type ParsedConfig } from './configParse';
import { availability, cmpVersion, defaultsOn, describeTarget, hasPrompt, targetOf, type Target } from './knowledge';

export type XenRole = 'dom0' | 'domU' | 'pv-domU' | 'pvh-domU' | 'hvm-domU';
export const XEN_ROLES: readonly XenRole[] = ['dom0', 'domU', 'pv-domU', 'pvh-domU', 'hvm-domU'];

export interface Requirement {
  symbols: string[];
  level: 'required' | 'recommended';
  values?: Array<'y' | 'm'>;
  arch?: string[];
  since?: string;
  until?: string;
  why: string;
}
export interface Pointless {
  symbols: string[];
  why: string;
}
interface RoleDef {
  title: string;
  extends?: XenRole;
  requirements: Requirement[];
  pointless: Pointless[];
}

const roles = (rolesData as unknown as { roles: Record<XenRole, RoleDef> }).roles;

export function roleTitle(role: XenRole): string {
  return roles[role].title;
}

/** The role comment: `# xen-config: role=dom0` (other `key=value` pairs may share the comment). */
export const ROLE_COMMENT = /^\s*#\s*xen-config:.*?\brole\s*=\s*([A-Za-z0-9_-]*)/;

export function normalizeRole(s: string | undefined): XenRole | undefined {
  if (!s) return undefined;
  const k = s.trim().toLowerCase().replace(/_/g, '-');
  const map: Record<string, XenRole> = {
    dom0: 'dom0',
    domu: 'domU',
    'pv-domu': 'pv-domU',
    pv: 'pv-domU',
    'pvh-domu': 'pvh-domU',
    pvh: 'pvh-domU',
    'hvm-domu': 'hvm-domU',
    hvm: 'hvm-domU',
    'pvhvm-domu': 'hvm-domU',
    pvhvm: 'hvm-domU',
    guest: 'domU',
  };
  return map[k];
}

export interface RoleChoice {
  role: XenRole;
  /** "the role comment", "the role setting", "the file name". */
  source: string;
  /** Line of the role comment when it came from one. */
  line?: number;
  start?: number;
  end?: number;
}

export interface RoleComment {
  line: number;
  start: number;
  end: number;
  value: string;
  role?: XenRole;
}

export function findRoleComment(cfg: ParsedConfig): RoleComment | undefined {
  for (const it of cfg.items) {
    if (it.kind !== 'comment') continue;
    const m = ROLE_COMMENT.exec(it.text);
    if (!m) continue;
    const start = it.text.indexOf(m[1], it.text.indexOf('role'));
    return { line: it.line, start, end: start + m[1].length, value: m[1], role: normalizeRole(m[1]) };
  }
  return undefined;
}

/** The role comment wins, then the setting / `--role`, then the file name. */
export function chooseRole(
  cfg: ParsedConfig,
  settings: ResolvedSettings,
  path: string | undefined,
): RoleChoice | undefined {
  const c = findRoleComment(cfg);
  if (c?.role) return { role: c.role, source: 'the role comment', line: c.line, start: c.start, end: c.end };
  const s = normalizeRole(settings.role === 'none' ? undefined : settings.role);
  if (s) return { role: s, source: 'the role setting' };
  const base = (path ?? '').slice((path ?? '').lastIndexOf('/') + 1).toLowerCase();
  if (base.includes('dom0')) return { role: 'dom0', source: 'the file name' };
  if (base.includes('domu')) {
    if (/pvh/.test(base)) return { role: 'pvh-domU', source: 'the file name' };
    if (/hvm/.test(base)) return { role: 'hvm-domU', source: 'the file name' };
    if (/(^|[^a-z])pv([^a-z]|$)/.test(base)) return { role: 'pv-domU', source: 'the file name' };
    return { role: 'domU', source: 'the file name' };
  }
  return undefined;
}

function chain(role: XenRole): RoleDef[] {
  const out: RoleDef[] = [];
  let r: XenRole | undefined = role;
  while (r) {
    out.unshift(roles[r]);
    r = roles[r].extends;
  }
  return out;
}

let reqSymbols: Set<string> | undefined;
function requirementSymbols(): Set<string> {
  return (reqSymbols ??= new Set(Object.values(roles).flatMap((r) => r.requirements.flatMap((q) => q.symbols))));
}

function applies(req: { arch?: string[]; since?: string; until?: string }, t: Target): boolean {
  if (req.arch && !req.arch.includes(t.arch)) return false;
  if (req.since && cmpVersion(t.version, req.since) < 0) return false;
  if (req.until && cmpVersion(t.version, req.until) >= 0) return false;
  return true;
}

/** The requirements of a role (with the roles it extends) that apply to a target version and architecture. */
export function roleRequirements(role: XenRole, target: Target): Requirement[] {
  return chain(role).flatMap((d) => d.requirements.filter((r) => applies(r, target)));
}

export interface RequirementRow {
  requirement: string;
  level: 'required' | 'recommended';
  status: 'OK' | 'FAIL';
  why: string;
  /** Symbols to add to satisfy it (the first that exists), with the value to give. */
  fix?: { symbol: string; value: 'y' | 'm' };
  /** The assignment that fails it, when it is set to a wrong value. */
  line?: number;
}

/** Whether the file is a complete configuration (written by the kernel's tools) rather than a fragment. */
export function isFullConfig(cfg: ParsedConfig): boolean {
  return cfg.generated || cfg.assignments.length > 1500;
}

/**
 * The requirements report: one row per requirement of the role that applies to the target
 * version and architecture. Pure: depends only on its arguments.
 */
export function roleReport(cfg: ParsedConfig, role: XenRole, target: Target): RequirementRow[] {
  const wanted = requirementSymbols();
  const values = new Map<string, { value: string; line: number }>();
  for (const a of cfg.assignments)
    if (wanted.has(a.name)) values.set(a.name, { value: a.notSet ? 'n' : a.value, line: a.line });
  const full = isFullConfig(cfg);
  const rows: RequirementRow[] = [];
  for (const def of chain(role)) {
    for (const req of def.requirements) {
      if (!applies(req, target)) continue;
      const existing = req.symbols.filter((s) => availability(s, target).state !== 'absent');
      if (existing.length === 0) continue;
      const accepted = req.values ?? ['y'];
      const label = existing.map((s) => `CONFIG_${s}`).join(' or ') + `=${accepted.join('/')}`;
      // A promptless symbol cannot be set by hand: in a fragment it is computed later, so only a
      // full configuration can be judged on it.
      const settable = existing.filter((s) => hasPrompt(s, target) !== false);
      if (!full && settable.length === 0) continue;
      let ok = false;
      let reason = '';
      let failLine: number | undefined;
      for (const s of existing) {
        const v = values.get(s);
        if (v && (accepted as string[]).includes(v.value)) {
          ok = true;
          reason = `CONFIG_${s}=${v.value}`;
          break;
        }
        if (!v && !full && defaultsOn(s, target)) {
          ok = true;
          reason = `CONFIG_${s} is not set here but defaults to on`;
          break;
        }
        if (v && failLine === undefined) {
          failLine = v.line;
          reason = `CONFIG_${s} is ${v.value === 'n' ? 'not set' : v.value}`;
        }
      }
      if (!reason) reason = full ? 'not enabled' : 'missing from this fragment';
      const fixSym = settable[0] ?? existing[0];
      rows.push({
        requirement: label,
        level: req.level,
        status: ok ? 'OK' : 'FAIL',
        why: `${ok ? reason : reason}: ${req.why}`,
        fix: ok ? undefined : { symbol: fixSym, value: accepted.includes('y') ? 'y' : 'm' },
        line: ok ? undefined : failLine,
      });
    }
  }
  return rows;
}

export interface PointlessHit {
  symbol: string;
  line: number;
  why: string;
}

/** Assignments enabling options that serve no purpose in the role. */
export function pointlessFor(cfg: ParsedConfig, role: XenRole): PointlessHit[] {
  const rules = chain(role).flatMap((d) => d.pointless);
  const out: PointlessHit[] = [];
  for (const a of cfg.assignments) {
    if (a.notSet || a.value === 'n') continue;
    const r = rules.find((p) => p.symbols.includes(a.name));
    if (r) out.push({ symbol: a.name, line: a.line, why: r.why });
  }
  return out;
}

export interface RoleReport {
  role: XenRole;
  title: string;
  /** "Linux 6.1 x86_64 (from the file's header)". */
  target: string;
  rows: RequirementRow[];
  /** True when no required row fails. */
  ok: boolean;
}

/**
 * The report behind `xen-config check --role ROLE FILE`: the target comes from the file (header,
 * `# xen-config: linux=`, name) or the settings, like the editor's diagnostics.
 */
export function roleRequirementsReport(
  text: string,
  role: XenRole | string,
  opts: { path?: string; settings?: { linuxVersion?: string; arch?: 'x86_64' | 'arm64' } } = {},
): RoleReport | undefined {
  const r = normalizeRole(role);
  if (!r) return undefined;
  const cfg = parseConfig(text);
  const target = targetOf(
    cfg.header,
    opts.path,
    { linuxVersion: opts.settings?.linuxVersion, arch: opts.settings?.arch ?? 'x86_64' },
    cfg.directives,
  );
  const rows = roleReport(cfg, r, target);
  return {
    role: r,
    title: roleTitle(r),
    target: describeTarget(target),
    rows,
    ok: rows.every((x) => x.status === 'OK' || x.level !== 'required'),
  };
}

/** Plain-text rendering of a role report, one requirement per line. */
export function formatRoleReport(rep: RoleReport): string {
  const lines = [`${rep.title} — ${rep.target}`];
  const w = Math.max(...rep.rows.map((r) => r.requirement.length), 10);
  for (const r of rep.rows)
    lines.push(
      `  ${r.status === 'OK' ? 'OK  ' : 'FAIL'}  ${r.requirement.padEnd(w)}  ${r.level === 'required' ? 'required   ' : 'recommended'}  ${r.why}`,
    );
  lines.push(
    rep.ok
      ? 'All required options are present.'
      : `${rep.rows.filter((r) => r.status === 'FAIL' && r.level === 'required').length} required option(s) missing.`,
  );
  return lines.join('\n');
}
