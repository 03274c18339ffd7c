// Oracle: our Xen command-line reading (server/src/xen/readCmdline.ts with its per-release rules)
// against Xen's own parser: cmdline_parse() (4.2) or parse_params() (4.10+), parse_bool() and
// assign_integer_param() from xen/common/kernel.c, and cmdline_cook() (as for a GRUB 2 loader: no
// image word) with the " -- " split of xen/arch/x86/setup.c,
// cut out at test time and compiled with our shim (xen-harness.c). Compared per input: the dom0
// part after " -- ", and for every word the parameter it reaches (no "no-" folding of dashes,
// "no-" prefixes, bracketed names such as ivrs_ioapic[4]=, the word cut to the opt[] buffer),
// the exact argument a custom parser receives, the final value of boolean parameters, and the
// console messages of 4.10+ (invalid value, unknown parameter).
//
// Sources:
//  - Debian's Xen 4.17 source ($XEN_CONFIG_XEN_SOURCE, default <trees root>/xen-4.17, prepared
//    with `apt-get source xen` + `dpkg-source -x`): required in CI (XEN_CONFIG_REQUIRE_ORACLES=1),
//    skipped with a message elsewhere;
//  - RELEASE-4.2.0, 4.10.0, 4.12.0, 4.17.0 and 4.22.0 of the xen-project/xen git mirror
//    ($XEN_CONFIG_XEN_MIRROR, default <trees root>/xen.git — a clone or a link to one): optional everywhere,
//    CI included (CI never fetches): each is skipped with a message when the mirror is absent.
// XEN_CONFIG_ORACLE_PLANT=xen-no|xen-cut|xen-dom0 plants a bug in our side; the last test does so.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { treesRoot } from '../../../scripts/kernel-trees';
import { lineSegment } from '../../src/cmdline/segment';
import { bracketName, readCmdline, readRules } from '../../src/xen/readCmdline';
import { parseBool } from '../../src/xen/values';
import {
  allowList,
  buildDir,
  compareAll,
  compile,
  extractFunction,
  gccMissing,
  matchBrace,
  mutate,
  oraclesRequired,
  rng,
  runBatch,
  showEvents,
  summary,
  type Event,
} from './cmdlineOracle';

const required = oraclesRequired();
const INPUTS = 10_000;

/** The harness's registered parameters, in table order. */
const TABLE: [string, 'custom' | 'bool'][] = [
  ['dom0_mem', 'custom'],
  ['console', 'custom'],
  ['com1', 'custom'],
  ['iommu', 'custom'],
  ['ivrs_ioapic[', 'custom'],
  ['ivrs_hpet[', 'custom'],
  ['spec-ctrl', 'custom'],
  ['cpufreq', 'custom'],
  ['ucode', 'custom'],
  ['sched', 'custom'],
  ['x', 'custom'],
  ['smt', 'bool'],
  ['noreboot', 'bool'],
  ['sync_console', 'bool'],
  ['watchdog', 'bool'],
  ['real-mode', 'bool'],
  ['dom0_vcpus_pin', 'bool'],
  ['x2apic', 'bool'],
];
const KIND = new Map(TABLE);

const NAMES = [
  'dom0_mem',
  'console',
  'com1',
  'com2',
  'iommu',
  'ivrs_ioapic[4]',
  'ivrs_hpet[0]',
  'ivrs_ioapic',
  'ivrs_ioapic[',
  'spec-ctrl',
  'spec_ctrl',
  'cpufreq',
  'ucode',
  'sched',
  'x',
  'smt',
  'noreboot',
  'sync_console',
  'sync-console',
  'watchdog',
  'real-mode',
  'dom0_vcpus_pin',
  'x2apic',
  'loglvl',
  'guest_loglvl',
  'dom0_max_vcpus',
  'nosmp',
  'no-smt',
  'no-real-mode',
  'no-iommu',
  'no-ivrs_ioapic[4]',
  'no-no-smt',
  'no-',
  'no',
  'NO-smt',
  '-',
  '--',
  '',
  'dom0-mem',
];
const VALUES = [
  '2048M,max:4G',
  '4G',
  'com1,vga',
  'vga',
  '115200,8n1',
  'no-intremap',
  '0',
  '1',
  'yes',
  'no',
  'on',
  'off',
  'true',
  'false',
  'enable',
  'disable',
  'Yes',
  '',
  '00:14.0',
  'credit2',
  'all',
  'scan',
  '4',
  '"a b"',
  'a=b',
  'no-',
  '-',
  '--',
  'x'.repeat(130),
];
const SEPS = [' ', ' ', ' ', ' ', '  ', '\t', ' -- ', ' --  ', '--', ' -- -- '];
const ALPHABET = [' ', ' ', '-', '=', 'n', 'o', '_', '[', '"', '\t', ',', ':', '1', 'x'];

export function generateXen(n: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  while (out.length < n) {
    const k = 1 + r.int(6);
    let s = r.chance(0.15) ? ' ' : '';
    for (let i = 0; i < k; i++) {
      const name = r.pick(NAMES);
      s += r.chance(0.6) ? `${name}=${r.pick(VALUES)}` : name;
      if (r.chance(0.04)) s += 'y'.repeat(90 + r.int(50));
      if (i < k - 1 || r.chance(0.2)) s += r.pick(SEPS);
    }
    if (r.chance(0.4)) s = mutate(s, r, ALPHABET);
    out.push(s);
  }
  return out;
}

/** Our reading, rendered like the harness's events. `plant` perturbs one rule (planted-bug check). */
export function oursXen(input: string, release: string, plant = process.env.XEN_CONFIG_ORACLE_PLANT ?? ''): string {
  const rules = readRules(release);
  if (plant === 'xen-cut') rules.maxWord += 1;
  const line = readCmdline(lineSegment('xen', 0, 0, input, 'oracle'), rules);
  const ev: Event[] = [];
  if (line.dom0) {
    const rest = input.slice(line.dom0.start);
    ev.push({ tag: 'D', a: ' ' + (plant === 'xen-dom0' ? rest : rest.replace(/^ +/, '')), b: null });
  }
  const bools = new Map<string, number>();
  for (const w of line.words) {
    const negated = plant === 'xen-no' ? false : w.negated;
    const name = plant === 'xen-no' ? w.key : w.name;
    const optval = w.value ?? '';
    let found = false;
    let rc = 0;
    const kind = KIND.get(name);
    if (kind === 'custom') {
      found = true;
      if (rules.customNo && negated) {
        if (optval) rc = -22;
        else ev.push({ tag: 'C', a: name, b: 'no' });
      } else ev.push({ tag: 'C', a: name, b: optval });
    } else if (kind === 'bool') {
      found = true;
      const pb = rules.strict && !optval ? 1 : parseBool(optval, rules.boolPrefixes);
      if (rules.strict && pb < 0) rc = pb;
      else bools.set(name, (pb === 0 ? negated : !negated) ? 1 : 0);
    } else if (rules.bracketNames && w.value !== undefined) {
      const b = bracketName(w.key);
      if (b && KIND.get(b) === 'custom') {
        found = true;
        ev.push({ tag: 'C', a: b, b: w.text.slice(b.length - 1) });
      }
    }
    if (rules.strict && rc)
      ev.push({ tag: 'K', a: `parameter "${w.key}" has invalid value "${optval}", rc=${rc}!`, b: null });
    if (rules.strict && !found) ev.push({ tag: 'K', a: `parameter "${w.key}" unknown!`, b: null });
  }
  for (const [n, k] of TABLE) if (k === 'bool' && bools.has(n)) ev.push({ tag: 'B', a: n, b: String(bools.get(n)) });
  return showEvents(ev);
}

interface Source {
  label: string;
  release: string;
  read(file: string): string;
}

function debianSource(): Source | string {
  const dir = process.env.XEN_CONFIG_XEN_SOURCE
    ? path.resolve(process.env.XEN_CONFIG_XEN_SOURCE)
    : path.join(treesRoot(), 'xen-4.17');
  const kernelC = path.join(dir, 'xen/common/kernel.c');
  if (!fs.existsSync(kernelC))
    return `${kernelC} is missing (apt-get source --download-only xen; dpkg-source -x xen_*.dsc ${dir})`;
  let version = '4.17.0';
  try {
    const m = /^xen \((\d+\.\d+\.\d+)/.exec(fs.readFileSync(path.join(dir, 'debian/changelog'), 'utf8'));
    if (m) version = m[1]!;
  } catch {
    /* no changelog: a plain 4.17 tree */
  }
  return {
    label: `Debian source ${version}`,
    release: version,
    read: (f) => fs.readFileSync(path.join(dir, f), 'utf8'),
  };
}

const mirror = process.env.XEN_CONFIG_XEN_MIRROR ?? path.join(treesRoot(), 'xen.git');

function mirrorSource(release: string): Source | string {
  const tag = `RELEASE-${release}`;
  const ok = spawnSync('git', ['--git-dir', mirror, 'rev-parse', '--verify', '-q', `${tag}^{commit}`], {
    encoding: 'utf8',
  });
  if (ok.status !== 0)
    return `no xen-project/xen mirror with ${tag} at ${mirror} (optional; set XEN_CONFIG_XEN_MIRROR)`;
  return {
    label: `xen-project/xen ${tag}`,
    release,
    read: (f) => {
      const r = spawnSync('git', ['--git-dir', mirror, 'show', `${tag}:${f}`], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (r.status !== 0) throw new Error(`git show ${tag}:${f}: ${r.stderr}`);
      return r.stdout;
    },
  };
}

interface Built {
  bin: string;
  done(): void;
}

function build(src: Source): Built | { failed: string } {
  const b = buildDir(`xen-cmdline-${src.release}-`);
  try {
    const kernel = src.read('xen/common/kernel.c');
    const modern = /^static int[\w\s]*\bparse_params\s*\(/m.test(kernel);
    const fns = ['assign_integer_param', 'parse_bool', modern ? 'parse_params' : 'cmdline_parse'];
    fs.writeFileSync(
      path.join(b.dir, 'extracted.c'),
      fns.map((f) => extractFunction(kernel, f, 'xen/common/kernel.c')).join('\n\n') + '\n',
    );
    const setup = src.read('xen/arch/x86/setup.c');
    fs.appendFileSync(
      path.join(b.dir, 'extracted.c'),
      extractFunction(setup, 'cmdline_cook', 'xen/arch/x86/setup.c') + '\n',
    );
    const at = setup.search(/if \( \(kextra = strstr\(/);
    if (at < 0) throw new Error('xen/arch/x86/setup.c: no " -- " split');
    fs.writeFileSync(
      path.join(b.dir, 'split.c'),
      setup.slice(at, matchBrace(setup, setup.indexOf('{', at)) + 1) + '\n',
    );
    fs.writeFileSync(
      path.join(b.dir, 'table.h'),
      TABLE.map(([n, k], i) => `${k === 'custom' ? 'CUSTOM' : 'BOOL'}(${i}, ${JSON.stringify(n)})`).join('\n') + '\n',
    );
    return { bin: compile(b.dir, 'xen-harness.c', 'harness', modern ? ['XEN_PARSE_PARAMS'] : []), done: b.done };
  } catch (e) {
    b.done();
    return { failed: `${src.label}: harness did not build: ${(e as Error).message}` };
  }
}

const real = (bin: string) => (xs: string[]) => runBatch(bin, xs).map(showEvents);
const gcc = gccMissing();

const sources: [string, () => Source | string, boolean][] = [
  ['Debian 4.17', debianSource, true],
  ...['4.2.0', '4.10.0', '4.12.0', '4.17.0', '4.22.0'].map((r): [string, () => Source | string, boolean] => [
    `mirror ${r}`,
    () => mirrorSource(r),
    false,
  ]),
];

const ran: string[] = [];
for (const [label, get, requiredHere] of sources) {
  const src = gcc ?? get();
  const skip = typeof src === 'string' && !(requiredHere && required) ? `Xen ${label} oracle skipped: ${src}` : false;
  test(
    `Xen ${label} command line: our reading agrees with the real parser on ${INPUTS} generated inputs`,
    { skip },
    (t) => {
      if (typeof src === 'string') assert.fail(src);
      const built = build(src);
      if ('failed' in built) assert.fail(built.failed);
      try {
        const t0 = Date.now();
        const inputs = generateXen(INPUTS, 4000 + ran.length);
        const { tally, stale } = compareAll(
          inputs,
          real(built.bin),
          (s) => oursXen(s, src.release),
          allowList(`xen@${src.release}`),
        );
        t.diagnostic(summary(`xen ${src.label} (rules of ${src.release})`, tally, Date.now() - t0));
        ran.push(src.label);
        assert.deepEqual(stale, [], 'allow-list entries that no longer hold');
        assert.equal(tally.freshCount, 0, `new disagreements with Xen:\n  ${tally.fresh.join('\n  ')}`);
      } finally {
        built.done();
      }
    },
  );
}

test('Xen command-line oracle: releases compared', (t) => {
  t.diagnostic(`ran against: ${ran.join(', ') || 'none'}`);
});

test('Xen command-line oracle catches planted bugs in our reading', { skip: gcc && !required ? gcc : false }, (t) => {
  const src = [debianSource(), mirrorSource('4.22.0')].find((s): s is Source => typeof s !== 'string');
  if (!src) {
    if (required) assert.fail('no Xen source to run the planted-bug check on');
    t.skip('no Xen source');
    return;
  }
  const built = build(src);
  if ('failed' in built) assert.fail(built.failed);
  try {
    const inputs = generateXen(2000, 9);
    const ref = real(built.bin)(inputs);
    for (const plant of ['xen-no', 'xen-cut', 'xen-dom0']) {
      const caught = inputs.filter(
        (s, i) => oursXen(s, src.release, plant) !== ref[i] && oursXen(s, src.release, '') === ref[i],
      ).length;
      t.diagnostic(`planted ${plant}: ${caught} of ${inputs.length} inputs now disagree (${src.label})`);
      assert.ok(caught > 0, `planted ${plant} went unnoticed`);
    }
  } finally {
    built.done();
  }
});
