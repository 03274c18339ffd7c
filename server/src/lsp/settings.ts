// Which settings the server takes from which channel. Everything may come from any channel except
// the one setting that makes the server run commands written in a kernel tree
// (`allowKconfigShell`): that is taken only from the user's own settings, and only for a kernel
// tree named by an absolute path, so a repository cannot switch it on for itself.
//
// The channels:
// - `initializationOptions.settings` (initialize) and the payload of
//   `workspace/didChangeConfiguration`: no scope is known, so never the opt-in;
// - the answer to `workspace/configuration` for an item with a `scopeUri` (a workspace folder's
//   settings): never the opt-in;
// - the answer for the item without `scopeUri`: the user's settings. Editors answer it from the
//   user's own configuration (Neovim's `settings`, Helix's `config`); the VS Code client answers
//   `allowKconfigShell` from user settings only (`inspect().globalValue`).
import * as os from 'node:os';
import * as path from 'node:path';
import type { Settings } from '../core/types';

const KEYS = ['xenVersion', 'linuxVersion', 'arch', 'role', 'kernelSourcePath'] as const;

/** The settings of one channel, with only known keys of the right type, and never the opt-in. */
export function withoutOptIn(raw: unknown): Settings {
  const out: Settings = {};
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  for (const k of KEYS) {
    if (typeof r[k] === 'string') (out as Record<string, unknown>)[k] = r[k];
  }
  if (typeof r.hoverDetails === 'boolean') out.hoverDetails = r.hoverDetails;
  return out;
}

/** Whether a kernel source path is absolute (after `~` expansion); a relative one names a folder
 *  inside whatever workspace is open, which the workspace's author controls. */
export function isAbsoluteTreePath(p: string | undefined): boolean {
  const t = p?.trim();
  if (!t) return false;
  return t === '~' || t.startsWith('~/') || path.isAbsolute(t);
}

/**
 * The settings the service gets: the `layers` overlaid in order (later wins; the user's unscoped
 * configuration answer among them, undefined when the editor cannot be asked). The opt-in holds
 * only when `user` says `true` and the kernel tree in effect has an absolute path.
 */
export function combineSettings(layers: unknown[], user: unknown, workspaceRoot: string | undefined): Settings {
  const merged: Settings = {};
  for (const layer of layers) Object.assign(merged, withoutOptIn(layer));
  const optIn = !!user && typeof user === 'object' && (user as Record<string, unknown>).allowKconfigShell === true;
  const tree = merged.kernelSourcePath;
  return {
    ...merged,
    kernelSourcePath: resolveTreePath(tree, workspaceRoot),
    allowKconfigShell: optIn && isAbsoluteTreePath(tree),
  };
}

/** `~` is the home folder; a relative path is relative to the (first) workspace folder. */
export function resolveTreePath(p: string | undefined, workspaceRoot: string | undefined): string | undefined {
  const t = p?.trim();
  if (!t) return p;
  const home = t === '~' || t.startsWith('~/') ? os.homedir() + t.slice(1) : t;
  return path.isAbsolute(home) ? home : path.resolve(workspaceRoot ?? process.cwd(), home);
}

/**
 * Whether the workspace is trusted, for what a repository's own `.xen-config.json` may name (a
 * kernel tree). The VS Code client says so in every configuration answer and in
 * initializationOptions (`workspaceTrusted`, from `vscode.workspace.isTrusted`); the last channel
 * that says it wins (`channels` oldest first: initializationOptions, then the user's answer or the
 * pushed settings — never a workspace folder's answer, which the workspace controls). Editors
 * without workspace trust (Neovim, Helix) say nothing: trusted, as the CLI run in the repository is.
 */
export function workspaceTrusted(channels: unknown[]): boolean {
  let trusted = true;
  for (const c of channels) {
    const v = c && typeof c === 'object' ? (c as Record<string, unknown>).workspaceTrusted : undefined;
    if (typeof v === 'boolean') trusted = v;
  }
  return trusted;
}
