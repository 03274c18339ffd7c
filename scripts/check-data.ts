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
  return [`committed ${la.length} lines, regenerated ${lb.length} lines`, ...gone.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)].join('\n');
}

/** Compares one regenerated file with the committed one, exactly or by facts as the sources allow. */
export function compareDerived(what: string, committedText: string, freshText: string, recorded: TreeSource | undefined, installed: TreeSource, facts: (text: string) => string[]): CheckOutcome {
  const same = recorded?.sha256 === installed.sha256;
  if (same) {
    if (committedText === freshText) return { what, exact: true, report: `${what}: identical (${installed.package} ${installed.version})` };
    return { what, exact: true, failure: `${what} does not regenerate identically from the same ${installed.package} ${installed.version} it was derived from: the derivation changed; rerun npm run derive and commit\n${firstDifferences(committedText, freshText)}`, report: '' };
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
    return { what, exact: false, failure: `${what}: the derivation failed on ${tree.dir}: ${(e as Error).message}`, report: '' };
  }
  return compareDerived(what, committedText, freshText, recorded, tree.source, (t) => linuxParamFacts(JSON.parse(t)));
}

export function runChecks(log: (s: string) => void): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const v of DEBIAN_VERSIONS) {
    const t0 = Date.now();
    const r = checkLinuxParams(v);
    log(`${r.failure ? 'FAIL' : 'ok  '} ${r.report || r.failure} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    out.push(r);
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
