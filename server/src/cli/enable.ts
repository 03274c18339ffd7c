// `xen-config enable`: add what a configuration lacks so that, after olddefconfig, a Xen role's
// requirements or the named symbols hold (the Kconfig solver, kconfig/solve.ts), and say why each
// added line is needed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { ENABLE_USAGE } from './usage';
import { kernelEnv, loadKconfigTreeAsync, type KconfigTree } from '../service/kernel';
import { editsForAdded, solveConfig, type Goal, type SolveResult } from '../service/kernel';
import { roleGoals } from '../service/kernel';
import { normalizeRole } from '../service/kernel';
import type { DeferredTreeStore } from '../service/kconfigEngine';
import { storeLater } from './backgroundStore';

/** Exit status: 0 every goal holds (written), 2 a goal cannot be reached (nothing written), bad usage or unreadable input. */
export async function enableCommand(argv: string[], io: CliIO): Promise<number> {
  // on a cache miss the tree is stored when the command is done, as olddefconfig does
  let deferred: DeferredTreeStore | undefined;
  try {
    let args;
    try {
      args = parseArgs(
        argv,
        ['--kernel-src', '--arch', '--role', '-o', '--output'],
        ['--allow-shell', '--fragment', '--quiet', '-h', '--help'],
      );
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (args.flags.has('-h') || args.flags.has('--help')) {
      io.stdout(ENABLE_USAGE + '\n');
      return 0;
    }
    const src = args.options.get('--kernel-src');
    if (!src) throw new UsageError('enable needs --kernel-src DIR');
    const roleName = args.options.get('--role');
    if (roleName !== undefined && !normalizeRole(roleName))
      throw new UsageError(`unknown role "${roleName}" (dom0, domU, pv-domU, pvh-domU, hvm-domU)`);
    if (!args.positionals.length) throw new UsageError('enable needs an INPUT configuration');
    const inputPath = args.positionals[args.positionals.length - 1];
    const wanted = args.positionals.slice(0, -1);
    if (!roleName && !wanted.length)
      throw new UsageError('enable needs --role ROLE or at least one SYMBOL[=VALUE] before the INPUT configuration');
    const srcDir = path.resolve(io.cwd, src);
    if (!fs.existsSync(path.join(srcDir, 'Kconfig'))) throw new UsageError(`no Kconfig file in ${srcDir}`);
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(io.cwd, inputPath), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${inputPath}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const arch = args.options.get('--arch') ?? 'x86_64';
    const allowShell = args.flags.has('--allow-shell');
    const quiet = args.flags.has('--quiet');
    const env = kernelEnv({ srcDir, arch, base: process.env, allowShell });
    const { tree, errors, deferredStore } = await loadKconfigTreeAsync({
      srcDir,
      arch,
      env,
      allowShell,
      cache: true,
      deferStore: !!io.spawnSelf,
    });
    deferred = deferredStore;
    const fatal = errors.filter((e) => e.severity === 'error');
    if (tree.limitExceeded) throw new UsageError(`the kernel tree could not be read completely: ${tree.limitExceeded}`);
    if (!quiet) for (const e of fatal.slice(0, 5)) io.stderr(`${e.file}:${e.line}: error: ${e.message}\n`);

    const goals: Goal[] = [];
    let heading: string;
    if (roleName) {
      const rg = roleGoals(tree, roleName)!;
      goals.push(...rg.goals);
      heading = `${rg.title}`;
    } else heading = wanted.map((w) => (w.startsWith('CONFIG_') ? w : `CONFIG_${w}`)).join(', ');
    for (const w of wanted) goals.push(goalOf(tree, w));
    if (!goals.length) throw new UsageError(`the role has no requirement this tree (${arch}) defines`);

    const r = solveConfig(tree, text, goals);
    // the explanation goes where the configuration does not
    const explain = (s: string): void => {
      if (quiet) return;
      if (args.options.get('-o') ?? args.options.get('--output')) io.stdout(s);
      else io.stderr(s);
    };
    const where = `Linux ${tree.kernelVersion ?? '(unknown version)'} ${tree.arch}`;
    explain(explanation(r, heading, where));
    if (!allowShell && r.dependsOnUnknownShell) {
      explain(
        'Note: some of these values depend on toolchain probes ($(shell,...)) that were not run; use --allow-shell for an exact answer.\n',
      );
    }
    if (!r.ok) {
      io.stderr(
        'xen-config enable: nothing was written: ' +
          (r.goals.filter((g) => !g.met).length === 1 ? 'a goal cannot' : 'some goals cannot') +
          ' be reached.\n',
      );
      return 2;
    }
    const output = args.flags.has('--fragment') ? r.fragment : editsForAdded(tree, text, r.added).text;
    const out = args.options.get('-o') ?? args.options.get('--output');
    if (out) {
      try {
        fs.writeFileSync(path.resolve(io.cwd, out), output);
      } catch (e) {
        throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    } else io.stdout(output);
    return 0;
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`xen-config enable: ${msg.split('\n')[0]}\n`);
    return 2;
  } finally {
    if (deferred) storeLater(deferred, io);
  }
}

/** `XEN_DOM0`, `CONFIG_XEN_DOM0=y`, `NR_CPUS=64`, `CMDLINE="console=hvc0"`. */
export function goalOf(tree: KconfigTree, w: string): Goal {
  const eq = w.indexOf('=');
  let name = (eq >= 0 ? w.slice(0, eq) : w).trim();
  if (name.startsWith('CONFIG_')) name = name.slice(7);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new UsageError(`"${w}" is not a SYMBOL or SYMBOL=VALUE`);
  const sym = tree.symbol(name);
  let value = eq >= 0 ? w.slice(eq + 1).trim() : undefined;
  if (value !== undefined && value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  const type = sym?.menus.length ? sym.type : 'unknown';
  if (type === 'bool' || type === 'tristate' || type === 'unknown') {
    if (value === undefined)
      return {
        anyOf: [{ name, values: type === 'tristate' ? ['y', 'm'] : ['y'] }],
        label: `CONFIG_${name}${type === 'tristate' ? '=y/m' : '=y'}`,
      };
    const v = value.toLowerCase();
    if (v !== 'y' && v !== 'm' && v !== 'n') throw new UsageError(`CONFIG_${name} takes y, m or n, not "${value}"`);
    if (v === 'm' && type === 'bool') throw new UsageError(`CONFIG_${name} is a bool option: it cannot be m`);
    return { anyOf: [{ name, values: [v] }] };
  }
  if (value === undefined) throw new UsageError(`CONFIG_${name} is a ${type} option: give its value (${name}=VALUE)`);
  return {
    anyOf: [{ name, values: [value] }],
    label: `CONFIG_${name}=${type === 'string' ? JSON.stringify(value) : value}`,
  };
}

function shownPrevious(raw: string | undefined): string {
  if (raw === undefined) return 'new';
  if (raw === 'n') return 'was not set';
  return `was ${raw}`;
}

/** The plain-text report of a solution. */
export function explanation(r: SolveResult, heading: string, where: string): string {
  const out: string[] = [`${heading} — ${where}`];
  const unmet = r.goals.filter((g) => !g.met);
  if (unmet.length) {
    for (const g of unmet) out.push(`Cannot reach ${g.label}: ${g.why ?? 'no way was found'}.`);
  } else if (!r.added.length) {
    out.push('Every goal already holds; nothing to add.');
  } else {
    out.push(
      `${r.added.length === 1 ? 'One line is' : `${r.added.length} lines are`} added (each one is needed: without it a goal fails):`,
    );
    const w = Math.max(...r.added.map((a) => a.line.length));
    for (const a of r.added) out.push(`  ${a.line.padEnd(w)}  ${shownPrevious(a.previous)}; ${a.reason}`);
  }
  const already = r.goals.filter((g) => g.already);
  if (already.length && already.length < r.goals.length)
    out.push(`Already met: ${already.map((g) => g.label).join(', ')}.`);
  if (!unmet.length && r.consequences.length) {
    const xenFirst = [...r.consequences].sort(
      (a, b) => Number(!a.name.includes('XEN')) - Number(!b.name.includes('XEN')),
    );
    const shown = xenFirst.slice(0, 8).map((c) => `CONFIG_${c.name} ${c.from || '""'} → ${c.to || '""'}`);
    out.push(
      `After olddefconfig ${r.consequences.length === 1 ? 'one other option follows' : `${r.consequences.length} other options follow`} from them (defaults and selects): ${shown.join(', ')}${r.consequences.length > 8 ? ', …' : ''}.`,
    );
  }
  for (const n of r.notes) out.push(n);
  return out.join('\n') + '\n';
}
