// The Kconfig solver (kconfig/solve.ts) on small in-memory trees: every kind of way to a goal,
// unreachable goals with their reasons, minimality (each added line needed, checked by a full
// olddefconfig without it), the user's lines changed in place, and the `enable` command.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tree, type Sem } from './kconfig-helpers';
import { resolveConfig, type KconfigTree } from '../src/kconfig/index';
import { editsForAdded, solveConfig, type Goal, type SolveResult } from '../src/kconfig/solve';
import { run } from '../src/cli/main';

const goal = (name: string, ...values: string[]): Goal => ({
  anyOf: [{ name, values: values.length ? values : ['y'] }],
});
const lines = (r: SolveResult): string[] => r.added.map((a) => a.line);

/** After olddefconfig of base + the added lines every goal holds, and without any one line some goal fails. */
function assertSolvedAndMinimal(t: KconfigTree, base: string, goals: Goal[], r: SolveResult): void {
  const holds = (text: string): boolean => {
    const res = resolveConfig(t, [{ path: 'c', text }]);
    return goals.every((g) => g.anyOf.some((x) => x.values.includes(res.value(x.name) ?? '')));
  };
  const full = editsForAdded(t, base, r.added).text;
  assert.ok(holds(full), `goals do not hold after the added lines:\n${full}`);
  for (let i = 0; i < r.added.length; i++) {
    const without = editsForAdded(
      t,
      base,
      r.added.filter((_, j) => j !== i),
    ).text;
    assert.ok(!holds(without), `${r.added[i].line} is not needed`);
  }
}

const XENLIKE = `
config MODULES
	bool "Loadable modules"
	modules
config X86_64
	def_bool y
menuconfig HYPERVISOR_GUEST
	bool "Guest support"
if HYPERVISOR_GUEST
config PARAVIRT
	bool "Paravirt"
endif
config PCI
	bool "PCI"
config ACPI
	bool "ACPI"
	default y
menu "Xen"
	depends on PARAVIRT
config XEN
	bool "Xen"
	depends on X86_64 || X86_32_PAE
config XEN_PV
	bool "PV"
	default y
	depends on XEN && X86_64
	select PARAVIRT_XXL
config XEN_PVH
	bool "PVH"
	depends on XEN && ACPI
config PARAVIRT_XXL
	bool
config SWIOTLB_XEN
	def_bool y
	depends on XEN_PV
config XEN_DOM0
	bool "Dom0"
	default XEN_PV
	depends on (XEN_PV && SWIOTLB_XEN) || (XEN_PVH && X86_64)
	depends on ACPI && PCI
config XEN_GNTDEV
	tristate "gntdev"
	depends on XEN
	default m
endmenu
`;

for (const sem of ['modern', 'legacy'] as Sem[]) {
  test(`${sem}: dom0-like goals from nothing: through if blocks, menus, defaults and || (cheapest branch)`, () => {
    const { tree: t } = tree(XENLIKE, { semantics: sem });
    const base = '# CONFIG_ACPI is not set\n';
    const goals = [goal('XEN_DOM0'), goal('XEN_GNTDEV', 'y', 'm')];
    const r = solveConfig(t, base, goals);
    assert.ok(r.ok, JSON.stringify(r.goals));
    assert.deepEqual(
      lines(r).sort(),
      ['CONFIG_ACPI=y', 'CONFIG_HYPERVISOR_GUEST=y', 'CONFIG_PARAVIRT=y', 'CONFIG_PCI=y', 'CONFIG_XEN=y'].sort(),
    );
    assertSolvedAndMinimal(t, base, goals, r);
    // the chain from the goal to each line
    const pv = r.added.find((a) => a.name === 'PARAVIRT')!;
    // PARAVIRT is a dependency of the whole Xen menu
    assert.equal(pv.reason, 'CONFIG_XEN_DOM0 depends on CONFIG_PARAVIRT');
    assert.deepEqual(pv.chain, ['XEN_DOM0', 'PARAVIRT']);
    const xen = r.added.find((a) => a.name === 'XEN')!;
    assert.match(xen.reason, /^CONFIG_XEN_DOM0 .*CONFIG_XEN_PV, which is y by default only with CONFIG_XEN$/);
    // the user's own line is changed in place, new lines go at the end
    const acpi = r.added.find((a) => a.name === 'ACPI')!;
    assert.equal(acpi.previous, 'n');
    const out = editsForAdded(t, base, r.added).text.split('\n');
    assert.equal(out[0], 'CONFIG_ACPI=y');
    assert.equal(
      r.goals.every((g) => g.met && !g.already),
      true,
    );
  });

  test(`${sem}: a promptless symbol comes through what selects it; an explicit n is overridden only when needed`, () => {
    const { tree: t } = tree(XENLIKE, { semantics: sem });
    const base = 'CONFIG_HYPERVISOR_GUEST=y\nCONFIG_PARAVIRT=y\n# CONFIG_XEN_PVH is not set\n';
    const r = solveConfig(t, base, [goal('PARAVIRT_XXL')]);
    assert.ok(r.ok);
    assert.deepEqual(lines(r), ['CONFIG_XEN=y']);
    assert.match(
      r.added[0].reason,
      /CONFIG_PARAVIRT_XXL is selected by CONFIG_XEN_PV, which is y by default only with CONFIG_XEN/,
    );
    assertSolvedAndMinimal(t, base, [goal('PARAVIRT_XXL')], r);
  });
}

test('choices: a member is picked by writing it last; two members of one choice conflict', () => {
  const src = `
choice
	prompt "Compression"
	default GZIP
config GZIP
	bool "gzip"
config XZ
	bool "xz"
	depends on HAVE_XZ
endchoice
config HAVE_XZ
	bool "have xz"
`;
  for (const sem of ['modern', 'legacy'] as Sem[]) {
    const { tree: t } = tree(src, { semantics: sem });
    const base = 'CONFIG_GZIP=y\n# CONFIG_XZ is not set\n';
    const r = solveConfig(t, base, [goal('XZ')]);
    assert.ok(r.ok, sem);
    assert.deepEqual(lines(r), ['CONFIG_HAVE_XZ=y', 'CONFIG_XZ=y'], sem);
    assertSolvedAndMinimal(t, base, [goal('XZ')], r);
    // a choice member is appended (its order decides), not changed in place
    assert.equal(
      editsForAdded(t, base, r.added).text,
      'CONFIG_GZIP=y\n# CONFIG_XZ is not set\nCONFIG_HAVE_XZ=y\nCONFIG_XZ=y\n',
    );
    // turning the chosen member off means choosing another one
    const off = solveConfig(t, 'CONFIG_HAVE_XZ=y\n', [goal('GZIP', 'n')]);
    assert.ok(off.ok, JSON.stringify(off.goals));
    assert.deepEqual(lines(off), ['CONFIG_XZ=y']);
    const both = solveConfig(t, '', [goal('GZIP'), goal('XZ')]);
    assert.equal(both.ok, false);
    assert.match(both.goals[1].why!, /alternatives of one choice: only one of them can be y/);
  }
});

test('unreachable: an undefined architecture symbol, a constant n, and the reason names the failing part', () => {
  const { tree: t } = tree(`
config XEN
	bool "Xen"
	depends on X86_64 || (X86_32 && X86_PAE)
config NEVER
	bool "never"
	depends on n
config FOO
	bool "foo"
	depends on XEN && BAR
config BAR
	bool "bar"
`);
  const r = solveConfig(t, '', [goal('FOO')]);
  assert.equal(r.ok, false);
  assert.deepEqual(r.added, []);
  assert.match(
    r.goals[0].why!,
    /CONFIG_FOO depends on XEN && BAR: .*CONFIG_X86_64 is not defined in this kernel tree for x86_64/,
  );
  const n = solveConfig(t, '', [goal('NEVER')]);
  assert.match(n.goals[0].why!, /never y/);
  const u = solveConfig(t, '', [goal('NOT_THERE')]);
  assert.match(u.goals[0].why!, /CONFIG_NOT_THERE is not defined/);
});

test('negation, comparisons, ranges, strings and exact m', () => {
  const { tree: t } = tree(`
config MODULES
	bool "modules"
	modules
config EMBEDDED
	bool "embedded"
config FAST
	bool "fast"
	depends on !EMBEDDED
config NR_CPUS
	int "cpus"
	range 1 64
	default 1
config SMP_STUFF
	bool "smp stuff"
	depends on NR_CPUS > 1
config NAME
	string "name"
	default "linux"
config DRV
	tristate "driver"
`);
  const base = 'CONFIG_EMBEDDED=y\n';
  const r = solveConfig(t, base, [goal('FAST'), goal('SMP_STUFF')]);
  assert.ok(r.ok, JSON.stringify(r.goals));
  assert.deepEqual(
    lines(r).sort(),
    ['# CONFIG_EMBEDDED is not set', 'CONFIG_FAST=y', 'CONFIG_NR_CPUS=2', 'CONFIG_SMP_STUFF=y'].sort(),
  );
  assertSolvedAndMinimal(t, base, [goal('FAST'), goal('SMP_STUFF')], r);
  assert.equal(editsForAdded(t, base, r.added).text.split('\n')[0], '# CONFIG_EMBEDDED is not set');
  const range = solveConfig(t, '', [goal('NR_CPUS', '128')]);
  assert.equal(range.ok, false);
  assert.match(range.goals[0].why!, /128 is outside the allowed range of CONFIG_NR_CPUS \(1\.\.64\)/);
  const s = solveConfig(t, '', [goal('NAME', 'xen "dom0"')]);
  assert.ok(s.ok);
  assert.deepEqual(lines(s), ['CONFIG_NAME="xen \\"dom0\\""']);
  const m = solveConfig(t, '', [goal('DRV', 'm')]);
  assert.ok(m.ok, JSON.stringify(m.goals));
  assert.deepEqual(lines(m), ['CONFIG_MODULES=y', 'CONFIG_DRV=m']);
});

test('nothing to add when the goals hold; a goal met by a default needs no line', () => {
  const { tree: t } = tree(XENLIKE);
  const r = solveConfig(t, 'CONFIG_HYPERVISOR_GUEST=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_PCI=y\n', [
    goal('XEN_DOM0'),
    goal('XEN_PV'),
  ]);
  assert.ok(r.ok);
  assert.deepEqual(r.added, []);
  assert.ok(r.goals.every((g) => g.already));
});

test('a goal with alternatives takes the one already met, else the cheapest', () => {
  const { tree: t } = tree(XENLIKE);
  const base = 'CONFIG_HYPERVISOR_GUEST=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN=y\n# CONFIG_XEN_PV is not set\n';
  const g: Goal = {
    anyOf: [
      { name: 'XEN_PV', values: ['y'] },
      { name: 'XEN_PVH', values: ['y'] },
    ],
  };
  const r = solveConfig(t, base, [g]);
  assert.ok(r.ok);
  assert.equal(r.added.length, 1);
  // ACPI defaults to y, so PVH costs one line as PV does; either is fine, and one line is needed
  assertSolvedAndMinimal(t, base, [g], r);
});

test('parsers never throw: a hostile tree and junk configuration give an answer', () => {
  const { tree: t } = tree('config A\n\tbool "a"\n\tdepends on A\nconfig B\n\tbool "b"\n\tselect B\n');
  const r = solveConfig(t, 'CONFIG_A=\u0000\nrubbish\n', [goal('A'), goal('B'), { anyOf: [] }]);
  assert.equal(typeof r.ok, 'boolean');
});

test('xen-config enable: writes the configuration or the fragment, explains, exit 2 when unreachable', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enable-'));
  try {
    fs.writeFileSync(path.join(dir, 'Kconfig'), XENLIKE);
    fs.writeFileSync(path.join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n');
    fs.writeFileSync(path.join(dir, 'in.config'), '# CONFIG_ACPI is not set\nCONFIG_PCI=y\n');
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (s: string) => {
        out.push(s);
      },
      stderr: (s: string) => {
        err.push(s);
      },
      cwd: dir,
    };
    let code = await run(['enable', '--kernel-src', '.', 'XEN_DOM0', 'in.config', '-o', 'out.config'], io);
    assert.equal(code, 0, err.join(''));
    assert.equal(
      fs.readFileSync(path.join(dir, 'in.config'), 'utf8'),
      '# CONFIG_ACPI is not set\nCONFIG_PCI=y\n',
      'the input is never written',
    );
    const written = fs.readFileSync(path.join(dir, 'out.config'), 'utf8');
    assert.match(written, /^CONFIG_ACPI=y\nCONFIG_PCI=y\nCONFIG_HYPERVISOR_GUEST=y\n/);
    assert.match(out.join(''), /4 lines are added/);
    assert.match(out.join(''), /CONFIG_ACPI=y +was not set; CONFIG_XEN_DOM0 depends on CONFIG_ACPI/);
    out.length = 0;
    code = await run(['enable', '--kernel-src', '.', '--fragment', 'XEN_DOM0', 'in.config'], io);
    assert.equal(code, 0);
    assert.equal(out.join('').split('\n').filter(Boolean).length, 4);
    err.length = 0;
    out.length = 0;
    code = await run(['enable', '--kernel-src', '.', 'XEN_DOM0', 'NOPE=y', 'in.config', '-o', 'never.config'], io);
    assert.equal(code, 2);
    assert.match(out.join(''), /Cannot reach CONFIG_NOPE=y: CONFIG_NOPE is not defined/);
    assert.match(err.join(''), /nothing was written/);
    assert.equal(fs.existsSync(path.join(dir, 'never.config')), false);
    err.length = 0;
    code = await run(['enable', '--kernel-src', '.', '--role', 'dom1', 'in.config'], io);
    assert.equal(code, 2);
    assert.match(err.join(''), /unknown role/);
    code = await run(['enable', '--kernel-src', '.', 'in.config'], io);
    assert.equal(code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
