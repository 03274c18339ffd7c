// npm run check:data — the slow checks that the committed knowledge still follows from its
// sources: each Debian-derived table is regenerated from the prepared trees
// (scripts/prepare-kernel-trees.sh) and compared with what is committed.
//
// - Same tarball as recorded (sha256): the regenerated file must be byte-identical.
// - Another point release installed: facts are compared (not lines or release strings); how many
//   moved is printed, and only a derivation that yields nothing or loses more than MAX_LOSS of
//   the facts fails. Refreshing the data is then a deliberate `npm run derive` + commit.
// A missing tree fails: this command exists to run the comparison.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { brokenBecause, describeDrift, drift, linuxParamFacts, type Drift } from './data-drift';
import { deriveLinuxParams, serializeTable } from './derive-linux-params';
import { preparedTree, type TreeSource } from './kernel-trees';
import {
  ARCHES,
  derive,
  locateTrees,
  scanTree,
  serializeDetail,
  serializeIndex,
  VERSIONS,
} from './derive-kernel-symbols';
import { allSymbolNames, debianDifference, slotOf, symbolRow, typeIn } from '../server/src/kernelconfig/knowledge';

const repo = path.resolve(__dirname, '..');
export const DEBIAN_VERSIONS = ['6.1', '6.12'];

export interface CheckOutcome {
  what: string;
  exact: boolean;
  failure?: string;
  report: string;
}

function firstDifferences(a: string, b: string, max = 8): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const setA = new Set(la);
  const setB = new Set(lb);
  const gone = la.filter((l) => !setB.has(l)).slice(0, max);
  const added = lb.filter((l) => !setA.has(l)).slice(0, max);
  return [
    `committed ${la.length} lines, regenerated ${lb.length} lines`,
    ...gone.map((l) => `- ${l}`),
    ...added.map((l) => `+ ${l}`),
  ].join('\n');
}

/** Compares one regenerated file with the committed one, exactly or by facts as the sources allow. */
export function compareDerived(
  what: string,
  committedText: string,
  freshText: string,
  recorded: TreeSource | undefined,
  installed: TreeSource,
  facts: (text: string) => string[],
): CheckOutcome {
  const same = recorded?.sha256 === installed.sha256;
  if (same) {
    if (committedText === freshText)
      return { what, exact: true, report: `${what}: identical (${installed.package} ${installed.version})` };
    return {
      what,
      exact: true,
      failure: `${what} does not regenerate identically from the same ${installed.package} ${installed.version} it was derived from: the derivation changed; rerun npm run derive and commit\n${firstDifferences(committedText, freshText)}`,
      report: '',
    };
  }
  let d: Drift;
  try {
    d = drift(what, facts(committedText), facts(freshText));
  } catch (e) {
    return { what, exact: false, failure: `${what}: unreadable (${(e as Error).message})`, report: '' };
  }
  const head = `${what}: derived from ${recorded ? `${recorded.package} ${recorded.version}` : 'an unrecorded source'}, ${installed.package} ${installed.version} installed; compared by facts`;
  const broken = brokenBecause(d);
  return { what, exact: false, failure: broken, report: `${head}\n${describeDrift(d)}` };
}

function checkLinuxParams(v: string): CheckOutcome {
  const what = `server/data/linux/params-${v}.json`;
  const tree = preparedTree(v);
  if ('missing' in tree) return { what, exact: false, failure: `${what}: ${tree.missing}`, report: '' };
  const file = path.join(repo, what);
  const committedText = readFileSync(file, 'utf8');
  const recorded = (JSON.parse(committedText) as { source?: TreeSource }).source;
  let freshText: string;
  try {
    freshText = serializeTable(deriveLinuxParams(tree.dir));
  } catch (e) {
    return {
      what,
      exact: false,
      failure: `${what}: the derivation failed on ${tree.dir}: ${(e as Error).message}`,
      report: '',
    };
  }
  return compareDerived(what, committedText, freshText, recorded, tree.source, (t) => linuxParamFacts(JSON.parse(t)));
}

/**
 * The Kconfig symbols of Debian's tree for one line, as the committed data holds them (the line's
 * slot is the union of Debian's and the mainline tree; what only mainline has is left out here).
 * The mainline snapshots are a developer's step, never CI's, so only Debian's part is regenerated.
 */
export function committedDebianSymbolFacts(v: string): string[] {
  const index = JSON.parse(readFileSync(path.join(repo, 'server/data/kernel/symbols.json'), 'utf8')) as {
    versions: string[];
  };
  const vi = index.versions.indexOf(v);
  if (vi < 0) return [];
  const out: string[] = [];
  for (const name of allSymbolNames()) {
    if (debianDifference(name, vi) === 'only-mainline') continue;
    const r = symbolRow(name)!;
    for (const a of ARCHES) {
      const slot = slotOf(vi, a.name);
      if (r[1] & (1 << slot)) out.push(`${v} ${a.name} ${name} ${typeIn(r, slot) || 'untyped'}`);
    }
  }
  return out;
}

export function freshDebianSymbolFacts(v: string, dir: string): string[] {
  const out: string[] = [];
  for (const a of ARCHES) {
    for (const [name, defs] of scanTree(dir, a.srcarch).defs) {
      const type = defs.find((d) => d.type)?.type ?? '';
      out.push(`${v} ${a.name} ${name} ${type || 'untyped'}`);
    }
  }
  return out;
}

function checkSymbols(v: string): CheckOutcome {
  const what = `server/data/kernel/symbols.json (Debian ${v})`;
  const tree = preparedTree(v);
  if ('missing' in tree) return { what, exact: false, failure: `${what}: ${tree.missing}`, report: '' };
  const index = JSON.parse(readFileSync(path.join(repo, 'server/data/kernel/symbols.json'), 'utf8')) as {
    releases?: Array<{ version: string; debian?: TreeSource }>;
  };
  const recorded = index.releases?.find((r) => r.version === v)?.debian;
  let fresh: string[];
  try {
    fresh = freshDebianSymbolFacts(v, tree.dir);
  } catch (e) {
    return {
      what,
      exact: false,
      failure: `${what}: the scan failed on ${tree.dir}: ${(e as Error).message}`,
      report: '',
    };
  }
  const d = drift(what, committedDebianSymbolFacts(v), fresh);
  const same = recorded?.sha256 === tree.source.sha256;
  const head = `${what}: derived from ${recorded ? `${recorded.package} ${recorded.version}` : 'an unrecorded source'}, ${tree.source.package} ${tree.source.version} installed; compared by facts${same ? ' (same tarball: nothing may move)' : ''}`;
  const moved = d.added.length + d.removed.length;
  const failure =
    same && moved
      ? `${what}: the same tarball gives other symbols than committed; the derivation changed: rerun npm run derive and commit\n${describeDrift(d)}`
      : brokenBecause(d);
  return { what, exact: same, failure, report: `${head}\n${describeDrift(d)}` };
}

/** Where a developer has every mainline snapshot too (never in CI), the whole symbol data regenerates byte for byte. */
function checkAllSymbols(): CheckOutcome | undefined {
  const trees = locateTrees();
  const complete =
    VERSIONS.every((v) => (trees.get(v) ?? []).length > 0) &&
    DEBIAN_VERSIONS.every((v) => trees.get(v)?.some((r) => r.debian));
  if (!complete) return undefined;
  const what = 'server/data/kernel/symbols*.json (every line, mainline snapshots present)';
  const fresh = derive(trees);
  const files: Array<[string, string]> = [
    ['symbols.json', serializeIndex(fresh.index)],
    ...fresh.details.map((d): [string, string] => [`symbols-${d.version}.json`, serializeDetail(d)]),
  ];
  const stale = files
    .filter(([f, text]) => readFileSync(path.join(repo, 'server/data/kernel', f), 'utf8') !== text)
    .map(([f]) => f);
  return stale.length
    ? {
        what,
        exact: true,
        failure: `${what}: ${stale.join(', ')} do not regenerate identically; rerun npm run derive and commit`,
        report: '',
      }
    : { what, exact: true, report: `${what}: identical` };
}

export function runChecks(log: (s: string) => void): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const checks = [
    ...DEBIAN_VERSIONS.map((v) => () => checkLinuxParams(v)),
    ...DEBIAN_VERSIONS.map((v) => () => checkSymbols(v)),
  ];
  for (const check of checks) {
    const t0 = Date.now();
    const r = check();
    log(`${r.failure ? 'FAIL' : 'ok  '} ${r.report || r.failure} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    out.push(r);
  }
  const all = checkAllSymbols();
  if (all) {
    log(`${all.failure ? 'FAIL' : 'ok  '} ${all.report || all.failure}`);
    out.push(all);
  } else {
    log(
      "note: the mainline snapshots of the old release lines are not prepared here (a developer step: scripts/prepare-mainline-trees.sh), so only Debian's part of the symbol data was regenerated",
    );
  }
  return out;
}

if (require.main === module) {
  const results = runChecks((s) => console.log(s));
  const failed = results.filter((r) => r.failure);
  for (const f of failed) console.error(`\ncheck:data: ${f.failure}`);
  console.log(`check:data: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}
