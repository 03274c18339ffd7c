// Oracle: our reading of /etc/default/grub and /etc/default/grub.d/*.cfg (server/src/grub/
// shellAssign.ts) against /bin/sh — dash on Debian, the shell grub-mkconfig runs and that sources
// these files — on 10,000 generated and mutated files (grubDefaultGen.ts).
//
// sh side: one driver shell per core sources each file in a subshell (`. ./N`, its output thrown
// away) and prints, between control-character delimiters, whether sourcing finished and the value
// (or unset) of every variable the generator uses.
// Our side: the assignments grub-default mode takes as settings — plain assignment statements
// (`NAME=…`, `export NAME=…`; not `NAME=… command`, which only sets it for the command), outside
// if/loop bodies — evaluated in order: literal parts as read, `$NAME`/`${NAME}` replaced by the
// value so far ('' when unset). A value with any other expansion (`$(…)`, backquotes, `${X:-y}`,
// `$1`), or set inside a body, is unknown and not compared. Where sh fails to source the file
// (a syntax error) we must report a grub/shell-syntax parse error, and the other way round.
//
// Known disagreements are listed in grub-oracle-allowlist.json (each entry's witness must still
// disagree). XEN_CONFIG_ORACLE_PLANT=1 compares with a planted bug (a copy of shellAssign.ts with one
// rule flipped) and must fail; the last test checks on a sample that the oracle notices it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseShell } from '../../src/grub/shellAssign';
import { defaultInputs, NAMES } from './grubDefaultGen';
import {
  allowList,
  allowedBy,
  missingTool,
  newTally,
  report,
  rng,
  shellPool,
  showFresh,
  skipUnless,
  type Tally,
} from './grubOracleHarness';

const COUNT = 10_000;
const JOBS = 2;
type Parse = typeof parseShell;
const noSh = missingTool('dash', 'dash');
const planted = process.env.XEN_CONFIG_ORACLE_PLANT === '1';

async function plantedParser(): Promise<Parse> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-plant-'));
  const src = readFileSync(path.join(__dirname, '../../src/grub/shellAssign.ts'), 'utf8');
  // The flipped rule: inside double quotes, "\\" no longer escapes a backslash.
  const rule = "if (e === '$' || e === '`' || e === '\"' || e === '\\\\') {";
  assert.ok(src.includes(rule), 'the planted rule is no longer in shellAssign.ts: update the test');
  writeFileSync(
    path.join(dir, 'shellAssign.ts'),
    src.replace(rule, () => "if (e === '$' || e === '`' || e === '\"') {"),
  );
  return ((await import(pathToFileURL(path.join(dir, 'shellAssign.ts')).href)) as { parseShell: Parse }).parseShell;
}

type Vals = Map<string, string | null>; // null: unset
const UNKNOWN = Symbol('unknown');

/** Our values after sourcing, and whether we report a syntax error. */
export function ourValues(
  text: string,
  parse: Parse,
): { error?: string; vals: Map<string, string | null | typeof UNKNOWN> } {
  const s = parse(text);
  const vals = new Map<string, string | null | typeof UNKNOWN>();
  for (const cmd of s.commands) {
    if (cmd.rest.length) continue;
    for (const a of cmd.assignments) {
      if (cmd.depth > 0) {
        vals.set(a.name, UNKNOWN);
        continue;
      }
      let v: string | typeof UNKNOWN = '';
      for (const p of a.value) {
        if (p.kind === 'literal') {
          v += p.text;
          continue;
        }
        const m = /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/.exec(p.text);
        const cur = m ? vals.get(m[1] ?? m[2]) : UNKNOWN;
        if (cur === UNKNOWN) {
          v = UNKNOWN;
          break;
        }
        v += cur ?? '';
      }
      vals.set(a.name, v);
    }
  }
  return { error: s.errors[0]?.message, vals };
}

async function shValues(inputs: string[]): Promise<Array<Vals | undefined>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-oracle-'));
  try {
    const files = inputs.map((t, i) => {
      writeFileSync(path.join(dir, String(i)), t);
      return String(i);
    });
    const dump = NAMES.map(
      (n) => `if [ "\${${n}+x}" ]; then printf '%s=%s\\037' ${n} "$${n}"; else printf '%s\\037' ${n}; fi`,
    ).join('; ');
    const script = `for f; do printf '\\036%s\\035' "$f"; ( . "./$f" >/dev/null 2>&1 </dev/null; printf 'OK\\035'; ${dump} ); done; exit 0`;
    const outs = await shellPool(script, files, JOBS, dir, { PATH: '/usr/bin:/bin', LC_ALL: 'C' });
    const res: Array<Vals | undefined> = [];
    for (const rec of outs.join('').split('\x1e').slice(1)) {
      const [id, ok, body] = rec.split('\x1d');
      if (ok !== 'OK') {
        res[Number(id)] = undefined;
        continue;
      }
      const vals: Vals = new Map();
      for (const kv of body.split('\x1f').slice(0, -1)) {
        const eq = kv.indexOf('=');
        if (eq < 0) vals.set(kv, null);
        else vals.set(kv.slice(0, eq), kv.slice(eq + 1));
      }
      res[Number(id)] = vals;
    }
    assert.equal(res.length, inputs.length, 'a result for every input');
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(inputs: string[], real: Array<Vals | undefined>, parse: Parse): { tally: Tally; compared: number } {
  const list = allowList('grub-default-sh');
  const tally = newTally();
  let compared = 0;
  inputs.forEach((input, i) => {
    tally.tried++;
    const ours = ourValues(input, parse);
    const sh = real[i];
    let d: { real: string; ours: string; detail: string } | undefined;
    if (!sh || ours.error) {
      if (!sh && !ours.error)
        d = { real: 'reject', ours: 'accept', detail: 'sh fails to source it, we report no syntax error' };
      else if (sh && ours.error)
        d = { real: 'accept', ours: 'reject', detail: `sh sources it, we report: ${ours.error}` };
    } else {
      for (const n of NAMES) {
        const o = ours.vals.get(n);
        if (o === UNKNOWN) continue;
        compared++;
        const r = sh.get(n) ?? null;
        if ((o ?? null) !== r) {
          d = {
            real: 'value',
            ours: 'value',
            detail: `${n}: sh ${JSON.stringify(r)}, ours ${JSON.stringify(o ?? null)}`,
          };
          break;
        }
      }
    }
    if (!d) {
      tally.agree++;
      return;
    }
    const e = allowedBy(list, { input, real: d.real, ours: d.ours, oursMessage: ours.error });
    if (e) tally.allowed.set(e.id, (tally.allowed.get(e.id) ?? 0) + 1);
    else tally.fresh.push({ input, detail: d.detail });
  });
  return { tally, compared };
}

const inputs = defaultInputs(rng(20240617), COUNT);
let real: Array<Vals | undefined> | undefined;

test(
  'sh: variable values of 10,000 generated /etc/default/grub files',
  { skip: skipUnless(noSh), timeout: 600_000 },
  async (t) => {
    if (noSh) assert.fail(noSh);
    const t0 = Date.now();
    real = await shValues(inputs);
    const { tally, compared } = compare(inputs, real, planted ? await plantedParser() : parseShell);
    const failed = real.filter((v) => !v).length;
    t.diagnostic(
      report(
        'sh (/etc/default/grub)',
        tally,
        Date.now() - t0,
        ` (${compared} variable values compared; sh failed to source ${failed})`,
      ),
    );
    assert.ok(compared > COUNT, 'enough values compared');
    assert.equal(tally.fresh.length, 0, `new disagreements with sh:\n${showFresh(tally)}`);
  },
);

test('sh: every allow-listed witness still disagrees', { skip: skipUnless(noSh) }, async () => {
  if (noSh) assert.fail(noSh);
  const list = allowList('grub-default-sh');
  const v = await shValues(list.map((e) => e.witness));
  list.forEach((e, i) => {
    const { tally } = compare([e.witness], [v[i]], parseShell);
    assert.equal(tally.allowed.get(e.id), 1, `allow-list entry ${e.id} no longer disagrees: remove it`);
  });
});

test(
  'sh: the oracle catches a planted bug ("\\\\" inside double quotes no longer an escape)',
  { skip: skipUnless(noSh) },
  async () => {
    if (noSh) assert.fail(noSh);
    assert.ok(real, 'the comparison ran first');
    const n = 2000;
    const { tally } = compare(inputs.slice(0, n), real.slice(0, n), await plantedParser());
    assert.ok(tally.fresh.length > 0, 'the planted bug went unnoticed');
  },
);
