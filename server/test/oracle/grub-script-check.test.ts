// Oracle: our GRUB 2 script parser (server/src/grub/grub2Parse.ts) against GRUB's own, on 10,000
// generated and mutated grub.cfg scripts (grubCfgGen.ts).
//
// 1. Accept/reject, against `grub-script-check` (Debian grub-common). "GRUB rejects" means the
//    program exits 1 with "Syntax error at line N"; its other failure, "contains no commands" (a
//    file of comments or function definitions only), is not a syntax error and counts as accepted.
//    "We reject" means parseGrub2() reports an error — exactly the errors the grub-cfg mode shows
//    as grub/script-syntax; the mode's other error codes (load order, devices, …) judge meaning,
//    not syntax, and are left out. grub-script-check reads one file per run, so the files are
//    checked by two shells looping over them (the machine has 2 cores).
// 2. Words of loader lines. grub-script-check cannot show them: its -v only echoes the input lines
//    (its command executors are empty stubs). GRUB's user-space emulator, `grub-emu` (Debian
//    grub-emu), runs a real script: for every `linux`/`multiboot`/`multiboot2`/`module`/`module2`
//    command of a script both sides accept whose words hold no variable (a variable's value is
//    opaque to us), the words after the command name are handed to a GRUB function that echoes each
//    argument between markers, all in one grub.cfg and one grub-emu run; we compare with the
//    values of our words. Without grub-emu this part skips (fails when oracles are required).
//
// Known disagreements are listed with reasons in grub-oracle-allowlist.json; each entry's witness
// must still disagree. XEN_CONFIG_ORACLE_PLANT=1 runs the comparison with a planted bug (a copy of
// our lexer with one rule flipped) and must then fail; the last test does the same on a sample and
// checks that the oracle notices.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseGrub2 } from '../../src/grub/grub2Parse';
import { genWord, grubCfgInputs } from './grubCfgGen';
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
const LOADER_LINES = 10_000;
const JOBS = 2;
const LOADERS = new Set(['linux', 'multiboot', 'multiboot2', 'module', 'module2']);
type Parse = typeof parseGrub2;

const noCheck = missingTool('grub-script-check', 'grub-common');
const noEmu = missingTool('grub-emu', 'grub-emu');

/** Our parser, or a copy of it with one rule flipped (the planted bug). */
async function plantedParser(): Promise<Parse> {
  const dir = mkdtempSync(path.join(tmpdir(), 'grub-plant-'));
  const src = path.join(__dirname, '../../src/grub');
  copyFileSync(path.join(src, 'grub2Parse.ts'), path.join(dir, 'grub2Parse.ts'));
  const lex = readFileSync(path.join(src, 'grub2Lex.ts'), 'utf8');
  // The flipped rule: ";" no longer ends a word.
  const rule = "const WORD_STOP = new Set(['{', '}', '|', '&', ';', ";
  assert.ok(lex.includes(rule), 'the planted rule is no longer in grub2Lex.ts: update the test');
  writeFileSync(path.join(dir, 'grub2Lex.ts'), lex.replace(rule, "const WORD_STOP = new Set(['{', '}', '|', '&', "));
  const m = (await import(pathToFileURL(path.join(dir, 'grub2Parse.ts')).href)) as { parseGrub2: Parse };
  return m.parseGrub2;
}

/** Runs `cfg` as grub.cfg in grub-emu (GRUB in user space); its terminal output, plain. */
function runEmu(dir: string, cfg: string, timeout: number): string {
  writeFileSync(path.join(dir, 'grub.cfg'), cfg);
  writeFileSync(path.join(dir, 'device.map'), '(hd0) /dev/null\n');
  const r = spawnSync('grub-emu', ['-d', dir, '-m', path.join(dir, 'device.map')], {
    cwd: dir,
    encoding: 'utf8',
    timeout,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  return (r.stdout ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** GRUB's verdict per input: true = accepted. */
async function grubVerdicts(inputs: string[]): Promise<boolean[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'grub-check-'));
  try {
    const files = inputs.map((t, i) => {
      const f = `${i}.cfg`;
      writeFileSync(path.join(dir, f), t);
      return f;
    });
    const script = 'for f; do grub-script-check "$f" >/dev/null 2>"$f.err"; echo "$f $?"; done';
    const outs = await shellPool(script, files, JOBS, dir, { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' });
    const verdict: boolean[] = [];
    for (const line of outs.join('').split('\n')) {
      const m = /^(\d+)\.cfg (\d+)$/.exec(line);
      if (!m) continue;
      const i = Number(m[1]);
      if (m[2] === '0') {
        verdict[i] = true;
        continue;
      }
      const err = readFileSync(path.join(dir, `${i}.cfg.err`), 'utf8');
      if (/Syntax error at line/.test(err)) verdict[i] = false;
      else if (/contains no commands/.test(err)) verdict[i] = true;
      else assert.fail(`grub-script-check failed on input ${i} for another reason: ${err}`);
    }
    assert.equal(verdict.filter((v) => v !== undefined).length, inputs.length, 'a verdict for every input');
    return verdict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compareAcceptance(inputs: string[], verdict: boolean[], parse: Parse): Tally {
  const list = allowList('grub-script-check');
  const t = newTally();
  inputs.forEach((input, i) => {
    t.tried++;
    const errs = parse(input).errors;
    const ours = errs.length === 0 ? 'accept' : 'reject';
    const real = verdict[i] ? 'accept' : 'reject';
    if (ours === real) {
      t.agree++;
      return;
    }
    const d = { input, real, ours, oursMessage: errs[0]?.message };
    const e = allowedBy(list, d);
    if (e) t.allowed.set(e.id, (t.allowed.get(e.id) ?? 0) + 1);
    else
      t.fresh.push({
        input,
        detail: `grub-script-check ${real}s, we ${ours}${d.oursMessage ? ` (${d.oursMessage})` : ''}`,
      });
  });
  return t;
}

const planted = process.env.XEN_CONFIG_ORACLE_PLANT === '1';
const inputs = grubCfgInputs(rng(20240616), COUNT);
let verdicts: boolean[] | undefined;

test(
  'grub-script-check: accept/reject of 10,000 generated grub.cfg scripts',
  { skip: skipUnless(noCheck), timeout: 600_000 },
  async (t) => {
    if (noCheck) assert.fail(noCheck);
    const t0 = Date.now();
    verdicts = await grubVerdicts(inputs);
    const parse = planted ? await plantedParser() : parseGrub2;
    const tally = compareAcceptance(inputs, verdicts, parse);
    const acc = verdicts.filter(Boolean).length;
    t.diagnostic(
      report('grub-script-check', tally, Date.now() - t0, ` (GRUB accepted ${acc}, rejected ${COUNT - acc})`),
    );
    assert.ok(
      acc > COUNT * 0.3 && acc < COUNT * 0.8,
      `the generator should give a mix of good and bad scripts (accepted ${acc})`,
    );
    assert.equal(tally.fresh.length, 0, `new disagreements with grub-script-check:\n${showFresh(tally)}`);
  },
);

test('grub-script-check: every allow-listed witness still disagrees', { skip: skipUnless(noCheck) }, async () => {
  if (noCheck) assert.fail(noCheck);
  const list = allowList('grub-script-check');
  const v = await grubVerdicts(list.map((e) => e.witness));
  list.forEach((e, i) => {
    const errs = parseGrub2(e.witness).errors;
    const d = {
      input: e.witness,
      real: v[i] ? 'accept' : 'reject',
      ours: errs.length ? 'reject' : 'accept',
      oursMessage: errs[0]?.message,
    };
    assert.equal(
      allowedBy([e], d),
      e,
      `allow-list entry ${e.id} no longer disagrees (GRUB ${d.real}s, we ${d.ours}): remove it`,
    );
  });
});

test(
  'grub-emu: the words of loader lines in scripts both accept',
  { skip: skipUnless(noCheck ?? noEmu), timeout: 300_000 },
  (t) => {
    if (noCheck ?? noEmu) assert.fail(noCheck ?? noEmu);
    assert.ok(verdicts, 'the acceptance test ran first');
    const t0 = Date.now();
    const cases: Array<{ input: string; line: string; words: string[] }> = [];
    inputs.forEach((input, i) => {
      if (!verdicts![i]) return;
      const s = parseGrub2(input);
      if (s.errors.length) return;
      for (const c of s.commands) {
        const [name, ...args] = c.words;
        if (!LOADERS.has(name.value) || name.raw !== name.value || c.words.some((w) => w.hasVar) || c.block) continue;
        if (args.length === 0) continue;
        cases.push({
          input,
          line: input.slice(args[0].start, args[args.length - 1].end),
          words: args.map((w) => w.value),
        });
      }
    });
    // Loader lines of the scripts alone are too few for 10,000: more are generated from the same
    // word grammar, one per line, kept when our parser reads them (no variable, on one line); a
    // grub-script-check run over all of them together confirms GRUB reads them too.
    const extra: typeof cases = [];
    const er = rng(20261216);
    for (let k = 0; cases.length + extra.length < LOADER_LINES && k < LOADER_LINES * 20; k++) {
      const line = Array.from({ length: 1 + er.int(4) }, () => genWord(er)).join(' ');
      const s = parseGrub2(`W ${line}\n`);
      if (s.errors.length || s.commands.length !== 1 || line.includes('\n')) continue;
      const [, ...args] = s.commands[0].words;
      if (!args.length || s.commands[0].words.some((w) => w.hasVar) || s.commands[0].block) continue;
      extra.push({ input: `${er.pick([...LOADERS])} ${line}\n`, line, words: args.map((w) => w.value) });
    }
    {
      const dir = mkdtempSync(path.join(tmpdir(), 'grub-lines-'));
      try {
        writeFileSync(path.join(dir, 'lines.cfg'), extra.map((c) => `W ${c.line}\n`).join(''));
        const r = spawnSync('grub-script-check', [path.join(dir, 'lines.cfg')], { encoding: 'utf8' });
        assert.equal(r.status, 0, `grub-script-check refuses a generated loader line we read: ${r.stderr}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    cases.push(...extra);
    const list = allowList('grub-emu');
    const tally = newTally();
    // Lines GRUB's file reader cannot take as written are counted under their entry, not run.
    const preAllowed = list.find((e) => e.id === 'comment-line-in-quotes')!;
    const run = cases.filter((c) => {
      if (!new RegExp(preAllowed.input!).test(c.line)) return true;
      tally.tried++;
      tally.allowed.set(preAllowed.id, (tally.allowed.get(preAllowed.id) ?? 0) + 1);
      return false;
    });
    // The witnesses go last; the comment-line one runs alone (it swallows what follows it).
    const witnesses = list
      .filter((e) => e !== preAllowed)
      .map((e) => ({
        input: e.witness,
        line: e.witness,
        words: parseGrub2(`W ${e.witness}`)
          .commands[0].words.slice(1)
          .map((w) => w.value),
      }));
    const all = [...run, ...witnesses];
    const dir = mkdtempSync(path.join(tmpdir(), 'grub-emu-'));
    try {
      const cfg = [
        'function W { echo "@@N $#@@"; for a in "$@"; do echo "@@A[$a]@@"; done; }',
        ...all.flatMap((c, i) => [`echo "@@C ${i}@@"`, `W ${c.line}`]),
        'echo "@@C end@@"',
        'halt',
        '',
      ].join('\n');
      const out = runEmu(dir, cfg, 120_000);
      assert.match(out.replace(/\n/g, ''), /@@C end@@/, 'grub-emu did not run the whole script');
      // The emulated terminal wraps lines at 80 columns: newlines are dropped on both sides.
      const flat = out.replace(/\n/g, '');
      const got = new Map<number, string[] | undefined>();
      for (const ch of flat.split('@@C ').slice(1)) {
        const id = Number(/^(\d+)@@/.exec(ch)?.[1] ?? NaN);
        if (Number.isNaN(id)) continue;
        const n = Number(/@@N (\d+)@@/.exec(ch)?.[1] ?? -1);
        const args = [...ch.matchAll(/@@A\[([\s\S]*?)\]@@/g)].map((m) => m[1]);
        got.set(id, n === args.length ? args : undefined);
      }
      const same = (i: number) =>
        JSON.stringify(got.get(i)) === JSON.stringify(all[i].words.map((w) => w.replace(/\n/g, '')));
      run.forEach((c, i) => {
        tally.tried++;
        if (same(i)) {
          tally.agree++;
          return;
        }
        const e = allowedBy(list, { input: c.line, real: 'value', ours: 'value' });
        if (e) tally.allowed.set(e.id, (tally.allowed.get(e.id) ?? 0) + 1);
        else
          tally.fresh.push({
            input: c.input,
            detail: `loader words: GRUB ${JSON.stringify(got.get(i))}, ours ${JSON.stringify(c.words)} for ${JSON.stringify(c.line)}`,
          });
      });
      const alone = runEmu(
        dir,
        `function W { echo "@@N $#"; for a in "$@"; do echo "@@A[$a]@@"; done; }\necho "@@C 0"\nW ${preAllowed.witness}\nhalt\n`,
        3_000,
      );
      const aloneArgs = [...alone.matchAll(/@@A\[([\s\S]*?)\]@@/g)].map((m) => m[1]);
      assert.notDeepEqual(
        aloneArgs,
        parseGrub2(`W ${preAllowed.witness}`)
          .commands[0].words.slice(1)
          .map((w) => w.value),
        `allow-list entry ${preAllowed.id} no longer disagrees: remove it`,
      );
      list
        .filter((e) => e !== preAllowed)
        .forEach((e, k) => {
          const i = run.length + k;
          assert.ok(
            !same(i) && allowedBy([e], { input: e.witness, real: 'value', ours: 'value' }) === e,
            `allow-list entry ${e.id} no longer disagrees: remove it`,
          );
        });
      t.diagnostic(
        report(
          'grub-emu loader words',
          tally,
          Date.now() - t0,
          ` (${cases.length - extra.length} from ${new Set(cases.slice(0, cases.length - extra.length).map((c) => c.input)).size} scripts, ${extra.length} generated lines)`,
        ),
      );
      assert.ok(cases.length >= LOADER_LINES, `enough loader lines to compare (${cases.length})`);
      assert.equal(tally.fresh.length, 0, `loader words differ from GRUB's:\n${showFresh(tally)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'grub-script-check: the oracle catches a planted bug (";" no longer ends a word)',
  { skip: skipUnless(noCheck) },
  async () => {
    if (noCheck) assert.fail(noCheck);
    assert.ok(verdicts, 'the acceptance test ran first');
    const n = 2000;
    const tally = compareAcceptance(inputs.slice(0, n), verdicts.slice(0, n), await plantedParser());
    assert.ok(tally.fresh.length > 0, 'the planted bug went unnoticed');
  },
);
