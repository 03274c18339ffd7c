// Kernel-config mode: values by type, target version detection, approximate verdicts for old
// versions, roles (comment, setting, file name), quick fixes, hover and completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, docAtCursor, service } from './helpers';
import { parseConfig } from '../src/kernelconfig/configParse';
import { chooseRole, roleReport } from '../src/kernelconfig/roles';
import { makeTarget, targetOf, availability } from '../src/kernelconfig/knowledge';
import { resolveSettings } from '../src/core/types';
import type { Diagnostic } from '../src/core/types';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => d.code);
const diagnose = (text: string, settings = {}, uri?: string): Diagnostic[] =>
  service(settings).diagnose(doc(text, 'kernel-config', uri));

test('values are checked against the symbol type of the target', () => {
  const ds = diagnose(
    'CONFIG_XEN=m\nCONFIG_XEN_BLKDEV_FRONTEND=m\nCONFIG_XEN_MEMORY_HOTPLUG_LIMIT=lots\nCONFIG_PHYSICAL_START=0x1000000\nCONFIG_PHYSICAL_ALIGN=zz\nCONFIG_CMDLINE=console=hvc0\nCONFIG_LOCALVERSION="-xen"\n',
    { linuxVersion: '6.1' },
  );
  const inv = ds.filter((d) => d.code === 'kconfig/invalid-value');
  assert.deepEqual(
    inv.map((d) => d.range.start.line),
    [0, 2, 4, 5],
  );
  assert.match(inv[0].message, /bool.*not m/);
  assert.match(inv[1].message, /int/);
});

test('the target version comes from the header, the file name, the setting, else the newest', () => {
  const s = resolveSettings({ linuxVersion: '5.10' });
  assert.equal(targetOf({ version: '6.1.0', arch: 'x86' }, '/x/config-6.12.1', s).version, '6.1');
  assert.equal(targetOf(undefined, '/boot/config-6.1.0-18-arm64', s).version, '6.1');
  assert.equal(targetOf(undefined, '/boot/config-6.1.0-18-arm64', s).arch, 'arm64');
  assert.equal(targetOf(undefined, '/x/my.config', s).version, '5.10');
  assert.equal(targetOf(undefined, '/x/my.config', resolveSettings({})).version, '6.12');
  assert.equal(targetOf(undefined, '/x/my.config', s, { linux: { version: '4.19' } }).version, '4.19');
  const header =
    '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.12.0 Kernel Configuration\n#\nCONFIG_FRONTSWAP=y\n';
  assert.deepEqual(
    codes(diagnose(header, { linuxVersion: '6.1' })),
    ['kconfig/removed-symbol'],
    'the header (6.12) wins over the setting',
  );
});

test('old targets: history decides for Xen symbols, others are only approximate', () => {
  const t31 = makeTarget('3.1', 'x86_64', 'test');
  assert.equal(availability('XEN_TMEM', t31).state, 'present');
  assert.equal(availability('XEN_SCRUB_PAGES', t31).state, 'present');
  assert.equal(availability('XEN_SCRUB_PAGES_DEFAULT', t31).state, 'absent');
  assert.equal(availability('HYPERVISOR_GUEST', t31).state, 'absent');
  // 3.1 is a derived release line: its own Kconfig symbols decide.
  const ds = diagnose('CONFIG_SOME_OLD_DRIVER=y\nCONFIG_XEN_TMEM=y\nCONFIG_XEN_SCRUB_PAGES_DEFAULT=y\n', {
    linuxVersion: '3.1',
  });
  assert.deepEqual(codes(ds), ['kconfig/unknown-symbol', 'kconfig/promptless-symbol', 'kconfig/unknown-symbol']);
  assert.equal(ds[0].severity, 'warning');
  assert.match(ds[2].message, /added after 4\.14, by 4\.19/);
  // Older than every derived line: only uncertain.
  const old = diagnose('CONFIG_SOME_OLD_DRIVER=y\n', { linuxVersion: '2.6.32' });
  assert.deepEqual(codes(old), ['kconfig/unverified-symbol']);
  assert.equal(old[0].severity, 'info');
  // Between the bundled versions: the history gives the exact answer.
  assert.deepEqual(codes(diagnose('CONFIG_XEN_TMEM=y\n', { linuxVersion: '5.4' })), ['kconfig/removed-symbol']);
  const between = diagnose('CONFIG_XEN_TMEM=y\n', { linuxVersion: '5.2' });
  assert.deepEqual(
    between.map((d) => d.severity),
    ['info'],
  );
  assert.match(between[0].message, /4\.19.*5\.4/);
});

test('unknown symbols get did-you-mean fixes; arch-only symbols say so', () => {
  const ds = diagnose('CONFIG_XEN_BLKDEV_FRONTED=y\nCONFIG_XEN_PV=y\n', { linuxVersion: '6.1', arch: 'arm64' });
  assert.equal(ds[0].code, 'kconfig/unknown-symbol');
  assert.match(ds[0].message, /Did you mean CONFIG_XEN_BLKDEV_FRONTEND/);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, 'CONFIG_XEN_BLKDEV_FRONTEND');
  assert.match(ds[1].message, /only for x86_64/);
});

test('promptless symbols set in a fragment get a hint; not in a generated configuration', () => {
  assert.deepEqual(codes(diagnose('CONFIG_HVC_DRIVER=y\n', { linuxVersion: '6.1' })), ['kconfig/promptless-symbol']);
  assert.deepEqual(
    codes(diagnose('# Automatically generated file; DO NOT EDIT.\nCONFIG_HVC_DRIVER=y\n', { linuxVersion: '6.1' })),
    [],
  );
});

test('the role comes from the comment, then the setting, then the file name', () => {
  const s = resolveSettings({ role: 'dom0' });
  assert.equal(chooseRole(parseConfig('# xen-config: role=pvh-domU\n'), s, '/x/dom0.config')?.role, 'pvh-domU');
  assert.equal(chooseRole(parseConfig(''), s, '/x/guest-domU.config')?.role, 'dom0');
  assert.equal(chooseRole(parseConfig(''), resolveSettings({}), '/x/guest-domU.config')?.role, 'domU');
  assert.equal(chooseRole(parseConfig(''), resolveSettings({}), '/x/hvm-domU.config')?.role, 'hvm-domU');
  assert.equal(chooseRole(parseConfig(''), resolveSettings({}), '/x/.config'), undefined);
  const bad = diagnose('# xen-config: role=dom1\n');
  assert.deepEqual(codes(bad), ['kconfig/unknown-role']);
});

test('missing role requirements: one report at the role comment, with quick fixes adding the lines', () => {
  const text =
    '# xen-config: role=dom0\n# xen-config: linux=6.1\nCONFIG_XEN=y\nCONFIG_XEN_BLKDEV_BACKEND=y\n# CONFIG_XEN_GNTDEV is not set\n';
  const ds = diagnose(text);
  const req = ds.filter((d) => d.code === 'kconfig/role-requirement-missing');
  assert.equal(req.length, 1);
  assert.equal(req[0].range.start.line, 0);
  for (const s of ['HYPERVISOR_GUEST', 'PARAVIRT', 'XEN_BACKEND', 'XEN_DOM0', 'XEN_GNTDEV', 'ACPI', 'PCI'])
    assert.match(req[0].message, new RegExp(`CONFIG_${s}[ =]`), s);
  const fix = req[0].fixes![0];
  assert.ok(fix.preferred);
  const inserted = fix.edits.map((e) => e.newText).join('');
  assert.match(inserted, /CONFIG_XEN_BACKEND=y\n/);
  assert.match(inserted, /CONFIG_XEN_DOM0=y\n/);
  // Options that default to on in a fragment (XEN_DEV_EVTCHN, XEN_PRIVCMD) are not demanded.
  assert.doesNotMatch(req[0].message, /XEN_DEV_EVTCHN|XEN_PRIVCMD/);
  // The "is not set" line is replaced, not duplicated.
  const gnt = fix.edits.find((e) => e.newText === 'CONFIG_XEN_GNTDEV=y');
  assert.equal(gnt?.range.start.line, 4);
  assert.ok(ds.some((d) => d.code === 'kconfig/role-recommendation-missing' && d.severity === 'info'));
});

test('backends in a domU are pointless; XEN_PV defaulting to y satisfies a fragment', () => {
  const text =
    '# xen-config: role=pv-domU\n# xen-config: linux=6.12\nCONFIG_HYPERVISOR_GUEST=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_HVC_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=y\nCONFIG_XEN_NETDEV_FRONTEND=m\nCONFIG_XEN_NETDEV_BACKEND=m\n';
  const ds = diagnose(text);
  assert.deepEqual(
    ds.filter((d) => d.code === 'kconfig/role-requirement-missing'),
    [],
  );
  const pointless = ds.filter((d) => d.code === 'kconfig/role-pointless');
  assert.equal(pointless.length, 1);
  assert.equal(pointless[0].range.start.line, 8);
  const rows = roleReport(parseConfig(text), 'pv-domU', makeTarget('6.12', 'x86_64', 'test'));
  const pv = rows.find((r) => r.requirement.startsWith('CONFIG_XEN_PV=') || r.requirement === 'CONFIG_XEN_PV=y');
  assert.equal(pv?.status, 'OK');
  assert.match(pv!.why, /defaults to on/);
  for (const r of rows) assert.ok(r.why.length > 20 && (r.status === 'OK' || r.status === 'FAIL'));
});

test('the role-tagged example: PVH guest on 6.1, one rename to fix', () => {
  const file = path.resolve(__dirname, '../../examples/kernel/pvh-guest-6.1.config');
  const ds = diagnose(readFileSync(file, 'utf8'), {}, `file://${file}`);
  assert.deepEqual(
    codes(ds).filter((c) => c !== 'kconfig/role-recommendation-missing'),
    ['kconfig/renamed-symbol'],
  );
  assert.equal(ds[0].fixes?.[0].title, 'Rename to CONFIG_XEN_SCRUB_PAGES_DEFAULT');
});

test('hover: type, description, versions, definition, history', () => {
  const { doc: d, pos } = docAtCursor('CONFIG_XEN_SCR|UB_PAGES=y\n', 'kernel-config');
  const h = service({ linuxVersion: '6.1' }).hover(d, pos);
  assert.ok(h);
  assert.match(h.markdown, /CONFIG_XEN_SCRUB_PAGES/);
  assert.match(h.markdown, /wipes memory pages/i);
  assert.match(h.markdown, /renamed to CONFIG_XEN_SCRUB_PAGES_DEFAULT/);
  const { doc: d2, pos: p2 } = docAtCursor('CONFIG_HVC_X|EN=y\n', 'kernel-config');
  const h2 = service().hover(d2, p2)!;
  assert.match(h2.markdown, /bool/);
  assert.match(h2.markdown, /3\.1–3\.2 \(x86_64\), 3\.10–6\.12 \(x86_64, arm64\)/);
  assert.match(h2.markdown, /drivers\/tty\/hvc\/Kconfig:\d+/);
  assert.match(h2.markdown, /hvc0/);
});

test('completion: symbol names with type, values by type, roles', () => {
  const svc = service({ linuxVersion: '6.12' });
  const { doc: d, pos } = docAtCursor('CONFIG_XEN_SCR|', 'kernel-config');
  const items = svc.complete(d, pos);
  assert.deepEqual(
    items.map((i) => i.label),
    ['CONFIG_XEN_SCRUB_PAGES_DEFAULT'],
  );
  assert.equal(items[0].detail, 'bool');
  const { doc: d2, pos: p2 } = docAtCursor('CONFIG_XEN_BLKDEV_FRONTEND=|', 'kernel-config');
  assert.deepEqual(
    svc.complete(d2, p2).map((i) => i.label),
    ['y', 'm', 'n'],
  );
  const { doc: d3, pos: p3 } = docAtCursor('# xen-config: role=p|', 'kernel-config');
  assert.ok(svc.complete(d3, p3).some((i) => i.label === 'pvh-domU'));
  const { doc: d4, pos: p4 } = docAtCursor('# CONFIG_XEN_PVH|', 'kernel-config');
  assert.equal(
    svc.complete(d4, p4).find((i) => i.label === 'CONFIG_XEN_PVHVM_GUEST')?.insertText,
    'CONFIG_XEN_PVHVM_GUEST is not set',
  );
});

test('never throws on odd input', () => {
  for (const t of [
    '',
    '\n\n',
    'CONFIG_',
    'CONFIG_=',
    '# xen-config: role=',
    '# xen-config: linux=99.99\nCONFIG_XEN=y',
    '=y',
    'CONFIG_X="unterminated',
    '\r\r\n# Linux/ 6 Kernel Configuration',
  ]) {
    const svc = service({ role: 'dom0' });
    const d = doc(t, 'kernel-config');
    svc.diagnose(d);
    for (let c = 0; c <= t.length; c++) {
      const p = d.positionAt(c);
      svc.hover(d, p);
      svc.complete(d, p);
    }
  }
});

test('the requirements report for the CLI: rows, text rendering, verdict', async () => {
  const { roleRequirementsReport, formatRoleReport } = await import('../src/service/kernel');
  const file = path.resolve(__dirname, '../../examples/kernel/dom0.config');
  const rep = roleRequirementsReport(readFileSync(file, 'utf8'), 'dom0', {
    path: file,
    settings: { linuxVersion: '6.1' },
  })!;
  assert.equal(rep.role, 'dom0');
  assert.match(rep.target, /Linux 6\.1 x86_64/);
  assert.equal(rep.ok, false);
  const fail = rep.rows.filter((r) => r.status === 'FAIL' && r.level === 'required').map((r) => r.requirement);
  assert.deepEqual(fail, ['CONFIG_HYPERVISOR_GUEST=y', 'CONFIG_PCI=y']);
  const text = formatRoleReport(rep);
  assert.match(text, /^Xen dom0/);
  assert.match(text, /FAIL {2}CONFIG_HYPERVISOR_GUEST=y/);
  assert.equal(JSON.parse(JSON.stringify(rep)).rows.length, rep.rows.length);
  assert.equal(roleRequirementsReport('', 'dom7'), undefined);
  // XEN_PRIVILEGED_GUEST existed in the 3.x era (history) as a computed alias: a 3.1 target
  // accepts the name and only notes that setting it has no effect.
  assert.deepEqual(codes(diagnose('CONFIG_XEN_PRIVILEGED_GUEST=y\n', { linuxVersion: '3.1' })), [
    'kconfig/promptless-symbol',
  ]);
});

test('targets newer than the bundled trees: unknown names are unverified, not unknown', () => {
  assert.deepEqual(
    codes(diagnose('CONFIG_SOMETHING_FROM_6_15=y\nCONFIG_XEN=y\nCONFIG_FRONTSWAP=y\n', { linuxVersion: '6.15' })),
    ['kconfig/unverified-symbol', 'kconfig/removed-symbol'],
  );
});
