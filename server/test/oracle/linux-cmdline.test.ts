// Oracle: our Linux command-line reading (server/src/linux/words.ts over server/src/cmdline/words.ts)
// against the kernel's own next_arg() / parse_args() / parse_one() / parameq() and init/main.c's
// repair_env_string(), cut out of Debian's 6.1 and 6.12 trees (scripts/kernel-trees.ts) at test
// time and compiled with our shim (linux-harness.c). Compared per input: every word's name and
// value as parse_one receives them (NULL value vs empty value kept apart), which registered
// parameter it matches (dash/underscore folding), where `--` stops the kernel's part, and the
// exact argument strings init receives after it.
//
// Skips when gcc or a prepared tree is missing; fails instead when XEN_CONFIG_REQUIRE_ORACLES=1
// or XEN_CONFIG_REQUIRE_TREES=1 (CI). XEN_CONFIG_ORACLE_PLANT=linux-fold|linux-dashdash|linux-quote
// plants a bug in our side to show the oracle fails; the last test does that itself.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preparedTree, treesRequired } from '../../../scripts/kernel-trees';
import { lineSegment } from '../../src/cmdline/segment';
import { linuxWords } from '../../src/linux/words';
import { normName } from '../../src/linux/tables';
import {
  allowList,
  buildDir,
  compareAll,
  compile,
  extractFunction,
  gccMissing,
  mutate,
  oraclesRequired,
  rng,
  runBatch,
  showEvents,
  summary,
  type Event,
} from './cmdlineOracle';

const required = oraclesRequired() || treesRequired();
const INPUTS = 12_000;

/** Registered parameter names of the harness (some written with '-', as module names can be). */
const REGISTERED = [
  'console',
  'root',
  'ro',
  'quiet',
  'loglevel',
  'log_buf_len',
  'init',
  'crashkernel',
  'mem',
  'acpi_osi',
  'dyndbg',
  'i915.enable_psr',
  'usbcore.autosuspend',
  'xen-blkfront.max',
  'nf_conntrack.hashsize',
  'rd.luks.uuid',
  'a_b-c',
  'x',
];

const NAMES = [
  'console',
  'root',
  'ro',
  'rw',
  'quiet',
  'splash',
  'loglevel',
  'log_buf_len',
  'log-buf-len',
  'init',
  'rd.luks.uuid',
  'rd-luks.uuid',
  'rd.lvm.lv',
  'systemd.unit',
  'BOOT_IMAGE',
  'crashkernel',
  'mem',
  'memmap',
  'acpi_osi',
  'dyndbg',
  'nomodeset',
  'i915.enable_psr',
  'i915.enable-psr',
  'usbcore.autosuspend',
  'xen_blkfront.max',
  'xen-blkfront.max',
  'nf-conntrack.hashsize',
  'intel_iommu',
  'iommu',
  'resume',
  'net.ifnames',
  'security',
  'modprobe.blacklist',
  'earlyprintk',
  'xen_emul_unplug',
  'a-b_c',
  'a_b_c',
  'x',
  'X',
  '-',
  '_',
  '--',
  '---',
  '-_',
  'single',
  'S',
  'emergency',
  'console-',
  'kexec',
  '.',
  '',
];
const VALUES = [
  'ttyS0,115200n8',
  'tty0',
  'hvc0',
  '/dev/sda1',
  'UUID=1234-ABCD',
  'LABEL=root',
  '256M',
  '512M@16M',
  '2048M',
  '0',
  '1',
  'off',
  'on',
  '',
  'Windows 2009',
  'file drivers/usb/* +p',
  'a=b=c',
  '-',
  '--',
  'a,b',
  'x y z',
  '"',
  'auto',
  '1-2',
  'n',
  'a"b',
  'é',
];
const BLANKS = [' ', ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\v', '\f', ' \t '];
const ALPHABET = [
  '"',
  '"',
  '=',
  '-',
  '_',
  ' ',
  '\t',
  '\v',
  '\f',
  '\n',
  '.',
  ',',
  'a',
  'Z',
  '0',
  '\u00e9',
  '\u00a0',
  '\\',
  "'",
];

function word(r: ReturnType<typeof rng>): string {
  const name = r.pick(NAMES);
  const hasVal = r.chance(0.6);
  const v = r.pick(VALUES);
  switch (r.int(9)) {
    case 0:
      return hasVal ? `${name}="${v}"` : `"${name}"`;
    case 1:
      return hasVal ? `"${name}=${v}"` : name;
    case 2:
      return `${name}="${v}"${r.pick(['x', '', '"', '=1'])}`;
    case 3:
      return `"${name}"=${v}`;
    default:
      return hasVal ? `${name}=${v}` : name;
  }
}

export function generateLinux(n: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  while (out.length < n) {
    const k = 1 + r.int(7);
    let s = r.chance(0.2) ? r.pick(BLANKS) : '';
    for (let i = 0; i < k; i++) {
      s += word(r);
      if (r.chance(0.12)) s += ' --';
      if (i < k - 1 || r.chance(0.2)) s += r.pick(BLANKS);
    }
    if (r.chance(0.45)) s = mutate(s, r, ALPHABET);
    out.push(s);
  }
  return out;
}

const foldedRegistered = new Map(REGISTERED.map((n) => [normName(n), n]));

/** Our reading, rendered like the harness's events. `plant` perturbs one rule (planted-bug check). */
export function oursLinux(input: string, plant = process.env.XEN_CONFIG_ORACLE_PLANT ?? ''): string {
  const seg = lineSegment('linux', 0, 0, input, 'oracle');
  const ev: Event[] = [];
  for (const w of linuxWords(seg)) {
    let value = w.value ?? null;
    if (plant === 'linux-quote' && w.w.value !== undefined && input[w.w.valueStart! - 1] === '"') value = `"${value}`;
    if (w.isDashDash && plant !== 'linux-dashdash') continue;
    if (w.dropped && plant !== 'linux-dashdash') continue;
    if (w.afterDashDash && plant !== 'linux-dashdash') {
      ev.push({ tag: 'I', a: value === null ? w.name : `${w.name}=${value}`, b: null });
      continue;
    }
    const key = plant === 'linux-fold' ? w.name : normName(w.name);
    const reg = plant === 'linux-fold' ? REGISTERED.find((n) => n === key) : foldedRegistered.get(key);
    ev.push(reg !== undefined ? { tag: 'P', a: reg, b: value } : { tag: 'U', a: w.name, b: value });
  }
  return showEvents(ev);
}

interface Built {
  bin: string;
  done(): void;
}

/** A source that is there but does not build: always a failure, never a skip. */
interface Failed {
  failed: string;
}

function build(ver: string): Built | Failed | string {
  const gcc = gccMissing();
  if (gcc) return gcc;
  const p = preparedTree(ver);
  if ('missing' in p) return p.missing;
  const read = (f: string) => fs.readFileSync(path.join(p.dir, f), 'utf8');
  const b = buildDir(`linux-cmdline-${ver}-`);
  try {
    const params = read('kernel/params.c');
    const ctype = read('lib/ctype.c');
    const table = /^const unsigned char _ctype\[\] = \{[^}]*\};/m.exec(ctype);
    if (!table) throw new Error('lib/ctype.c: no _ctype[] table');
    const parts = [
      table[0],
      extractFunction(read('lib/string_helpers.c'), 'skip_spaces', 'lib/string_helpers.c'),
      extractFunction(read('lib/cmdline.c'), 'next_arg', 'lib/cmdline.c'),
      ...['dash2underscore', 'parameqn', 'parameq', 'param_check_unsafe', 'parse_one', 'parse_args'].map((f) =>
        extractFunction(params, f, 'kernel/params.c'),
      ),
      extractFunction(read('init/main.c'), 'repair_env_string', 'init/main.c'),
    ];
    fs.writeFileSync(path.join(b.dir, 'extracted.c'), parts.join('\n\n') + '\n');
    fs.writeFileSync(
      path.join(b.dir, 'table.h'),
      REGISTERED.map((n) => `PARAM(${JSON.stringify(n)})`).join('\n') + '\n',
    );
    return { bin: compile(b.dir, 'linux-harness.c', 'harness'), done: b.done };
  } catch (e) {
    b.done();
    return { failed: `Linux ${ver} harness did not build: ${(e as Error).message}` };
  }
}

const real = (bin: string) => (xs: string[]) => runBatch(bin, xs).map(showEvents);

for (const ver of ['6.1', '6.12']) {
  const built = build(ver);
  const skip = typeof built === 'string' && !required ? `Linux ${ver} oracle skipped: ${built}` : false;
  test(
    `Linux ${ver} command line: our word reading agrees with next_arg/parse_args on ${INPUTS} generated inputs`,
    { skip },
    (t) => {
      if (typeof built === 'string') assert.fail(built);
      if ('failed' in built) assert.fail(built.failed);
      try {
        const t0 = Date.now();
        const inputs = generateLinux(INPUTS, ver === '6.1' ? 61 : 612);
        const { tally, stale } = compareAll(inputs, real(built.bin), (s) => oursLinux(s), allowList('linux'));
        t.diagnostic(summary(`linux ${ver}`, tally, Date.now() - t0));
        assert.deepEqual(stale, [], 'allow-list entries that no longer hold');
        assert.equal(tally.freshCount, 0, `new disagreements with the kernel:\n  ${tally.fresh.join('\n  ')}`);
      } finally {
        built.done();
      }
    },
  );
}

test(
  'Linux command-line oracle catches planted bugs in our reading',
  {
    skip: (() => {
      const b = build('6.12');
      if (typeof b === 'string') return required ? false : `skipped: ${b}`;
      if ('done' in b) b.done();
      return false;
    })(),
  },
  (t) => {
    const built = build('6.12');
    if (typeof built === 'string') assert.fail(built);
    if ('failed' in built) assert.fail(built.failed);
    try {
      const inputs = generateLinux(2000, 7);
      const ref = real(built.bin)(inputs);
      for (const plant of ['linux-fold', 'linux-dashdash', 'linux-quote']) {
        const caught = inputs.filter((s, i) => oursLinux(s, plant) !== ref[i] && oursLinux(s, '') === ref[i]).length;
        t.diagnostic(`planted ${plant}: ${caught} of ${inputs.length} inputs now disagree`);
        assert.ok(caught > 0, `planted ${plant} went unnoticed`);
      }
    } finally {
      built.done();
    }
  },
);
