// Bundled kernel data: size, coverage of the Xen symbols and the seed, the history computed from
// the derived tables (and the 12 facts issue 15 found wrong), one symbol per derived line that
// only that line has, Debian's 6.1/6.12 differences, and that the derive scripts reproduce the
// shipped files where the trees are prepared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { VERSIONS } from '../../scripts/derive-kernel-symbols';
import { SEED_DOM0, SEED_DOMU } from './kernelconfig-seed-lists';
import {
  availability,
  BUNDLED_VERSIONS,
  debianDifference,
  hasPrompt,
  makeTarget,
  symbolInfo,
  symbolRow,
  typeIn,
  slotOf,
  xenInfo,
  xenSymbolNames,
  allSymbolNames,
  type Target,
} from '../src/kernelconfig/knowledge';
import { DETAIL_VERSIONS } from '../src/kernelconfig/symbolDetails';

const dataDir = path.resolve(__dirname, '../data/kernel');
const t = (v: string, arch: 'x86_64' | 'arm64' = 'x86_64'): Target => makeTarget(v, arch, 'test');

test('shipped kernel data stays compact (≤ 3.5 MB in all, ≤ 2.5 MB without the dependency texts)', () => {
  // depends.json (≈ 1 MB: texts shared between symbols and lines) is read only when a hover asks.
  const size = (f: string) => statSync(path.join(dataDir, f)).size;
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.json'));
  const total = files.reduce((n, f) => n + size(f), 0);
  assert.ok(total <= 3.5 * 1024 * 1024, `kernel data is ${total} bytes`);
  const rest = total - size('depends.json');
  assert.ok(rest <= 2.5 * 1024 * 1024, `kernel data without depends.json is ${rest} bytes`);
});

test("a detail file for every derived line, and the lines are the derive script's", () => {
  assert.deepEqual([...DETAIL_VERSIONS], [...BUNDLED_VERSIONS]);
  for (const v of BUNDLED_VERSIONS) assert.ok((VERSIONS as readonly string[]).includes(v));
  const index = JSON.parse(readFileSync(path.join(dataDir, 'symbols.json'), 'utf8')) as {
    symbols: Record<string, unknown>;
  };
  const names = Object.keys(index.symbols);
  assert.deepEqual(names, [...names].sort(), 'names sorted: the detail files are aligned to this order');
  for (const v of BUNDLED_VERSIONS) {
    const d = JSON.parse(readFileSync(path.join(dataDir, `symbols-${v}.json`), 'utf8')) as {
      flags: Record<string, string>;
    };
    for (const s of Object.values(d.flags)) assert.equal(s.length, names.length, `${v} flags cover every symbol`);
  }
});

test('every seed symbol and every XEN symbol of 6.1/6.12 has a description of our own', () => {
  for (const s of [...SEED_DOMU, ...SEED_DOM0])
    assert.ok(xenInfo(s)?.description, `seed symbol ${s} has a description`);
  const i61 = BUNDLED_VERSIONS.indexOf('6.1');
  const treeXen = allSymbolNames().filter(
    (n) =>
      /(^|_)XEN(_|$)|^XENFS$/.test(n) &&
      !/^KVM_/.test(n) &&
      (symbolRow(n)![1] & ((1 << slotOf(i61, 'x86_64')) | (1 << slotOf(i61 + 1, 'x86_64')))) !== 0,
  );
  for (const s of treeXen) assert.ok(xenInfo(s)?.description, `${s} has a description`);
});

test('history is computed: every event names two derived lines or a tree, and none carries a confidence', () => {
  for (const name of xenSymbolNames()) {
    for (const e of xenInfo(name)!.history) {
      assert.ok(!('confidence' in e), `${name}: ${JSON.stringify(e)}`);
      if (e.kind === 'note') assert.match(e.source, /Kconfig/, `${name}: a note cites a Kconfig file of a tree`);
      if (e.kind !== 'note') assert.match(e.source, /Kconfig files/, `${name}: ${e.kind} comes from the Kconfig files`);
      if (e.after) assert.ok(BUNDLED_VERSIONS.includes(e.after), `${name}: ${e.after} is a derived line`);
      if (e.kind === 'renamed') assert.ok(symbolInfo(e.to!), `${name} → ${e.to} is known`);
    }
  }
});

/** The history event of a kind, as [after, version-or-before]. */
function window(name: string, kind: string): [string | undefined, string | undefined] | undefined {
  const e = xenInfo(name)?.history.find((x) => x.kind === kind);
  return e ? [e.after, e.version ?? e.before] : undefined;
}

test('the 12 history facts of issue 15, each as the tables give it', () => {
  // 1. XEN_PV exists in 4.13 configs: added after 4.9, by 4.14 — a 4.13 target is not told it is absent.
  assert.deepEqual(window('XEN_PV', 'added'), ['4.9', '4.14']);
  assert.notEqual(availability('XEN_PV', t('4.13')).state, 'absent');
  assert.equal(availability('XEN_PV', t('4.9')).state, 'absent');
  // 2, 3. XEN_512GB and XEN_SYMS exist in 4.3: added after 3.18, by 4.4.
  for (const s of ['XEN_512GB', 'XEN_SYMS']) {
    assert.deepEqual(window(s, 'added'), ['3.18', '4.4']);
    assert.notEqual(availability(s, t('4.3')).state, 'absent', s);
    assert.equal(availability(s, t('4.4')).state, 'present', s);
  }
  // 4. XEN_PVHVM_GUEST from 5.11, not 5.0: absent from 5.10, present in 5.15.
  assert.deepEqual(window('XEN_PVHVM_GUEST', 'added'), ['5.10', '5.15']);
  assert.equal(availability('XEN_PVHVM_GUEST', t('5.0')).state, 'absent');
  assert.equal(availability('XEN_PVHVM_GUEST', t('5.10')).state, 'absent');
  assert.notEqual(availability('XEN_PVHVM_GUEST', t('5.11')).state, 'absent');
  // 5, 6. XEN_SCSI_FRONTEND / BACKEND in 3.18.
  for (const s of ['XEN_SCSI_FRONTEND', 'XEN_SCSI_BACKEND']) {
    assert.deepEqual(availability(s, t('3.18')), { ...availability(s, t('3.18')), state: 'present', exact: true });
    assert.deepEqual(window(s, 'added'), ['3.16', '3.18']);
  }
  // 7, 8, 9. XEN_GRANT_DMA_OPS, XEN_VIRTIO in 5.19; XEN_VIRTIO_FORCE_GRANT by 5.19: added after 5.15, by 6.1.
  for (const s of ['XEN_GRANT_DMA_OPS', 'XEN_VIRTIO', 'XEN_VIRTIO_FORCE_GRANT']) {
    assert.deepEqual(window(s, 'added'), ['5.15', '6.1'], s);
    assert.notEqual(availability(s, t('5.19')).state, 'absent', s);
  }
  // 10. USB_XEN_HCD from 5.17, not 4.4: absent from 4.4 … 5.15, present in 6.1.
  assert.deepEqual(window('USB_XEN_HCD', 'added'), ['5.15', '6.1']);
  assert.equal(availability('USB_XEN_HCD', t('4.19')).state, 'absent');
  assert.notEqual(availability('USB_XEN_HCD', t('5.17')).state, 'absent');
  // 11. XEN_PV_MSR_SAFE in 6.1 (the mainline 6.1 tree has it too, not only Debian's).
  assert.equal(availability('XEN_PV_MSR_SAFE', t('6.1')).state, 'present');
  assert.equal(debianDifference('XEN_PV_MSR_SAFE', BUNDLED_VERSIONS.indexOf('6.1')), undefined);
  // 12. FRONTSWAP still in 6.5, gone in 6.6.
  assert.deepEqual(window('FRONTSWAP', 'removed'), ['6.1', '6.6']);
  assert.notEqual(availability('FRONTSWAP', t('6.5')).state, 'absent');
  assert.equal(availability('FRONTSWAP', t('6.6')).state, 'absent');
  // 13. XEN_PLATFORM_PCI gone by 3.2 (removed after 3.1; 3.7 configs lack it), not "replaced by XEN_PVHVM_GUEST".
  assert.deepEqual(window('XEN_PLATFORM_PCI', 'removed'), ['3.1', '3.2']);
  assert.equal(
    xenInfo('XEN_PLATFORM_PCI')!.history.some((e) => e.kind === 'replaced' || e.kind === 'renamed'),
    false,
  );
  assert.equal(availability('XEN_PLATFORM_PCI', t('3.10')).state, 'absent');
});

// One symbol per derived line that no other derived line defines (x86_64 unless noted).
const ONLY_IN: Record<string, [string, 'x86_64' | 'arm64']> = {};

test('each derived line has a symbol only it defines, found through the exported API', () => {
  const n = BUNDLED_VERSIONS.length;
  for (let vi = 0; vi < n; vi++) {
    const v = BUNDLED_VERSIONS[vi];
    const mask = (1 << slotOf(vi, 'x86_64')) | (1 << slotOf(vi, 'arm64'));
    const only = allSymbolNames().find((s) => {
      const r = symbolRow(s)!;
      return (r[1] & ~mask) === 0 && (r[1] & (1 << slotOf(vi, 'x86_64'))) !== 0;
    });
    assert.ok(only, `a symbol only ${v} defines`);
    ONLY_IN[v] = [only, 'x86_64'];
    assert.equal(availability(only, t(v)).state, 'present', `${only} in ${v}`);
    assert.equal(availability(only, t(v)).exact, true);
    for (const w of BUNDLED_VERSIONS)
      if (w !== v) assert.equal(availability(only, t(w)).state, 'absent', `${only} not in ${w}`);
    assert.ok(symbolInfo(only, slotOf(vi, 'x86_64'))?.file, `${only} has a defining file`);
  }
});

test('old lines answer with their own facts: 3.x XEN_DOM0 promptless, XEN_PRIVILEGED_GUEST; types per line', () => {
  assert.equal(hasPrompt('XEN_DOM0', t('3.1')), false);
  assert.equal(hasPrompt('XEN_DOM0', t('6.1')), true);
  assert.equal(availability('XEN_PRIVILEGED_GUEST', t('3.1')).state, 'present');
  assert.equal(availability('XEN_PRIVILEGED_GUEST', t('4.19')).state, 'absent');
  assert.equal(availability('PARAVIRT_GUEST', t('3.1')).state, 'present');
  assert.equal(availability('HYPERVISOR_GUEST', t('3.1')).state, 'absent');
  assert.equal(availability('XEN_PV', t('3.1')).state, 'absent');
  assert.equal(availability('CONFIG_SURELY_NOT_A_SYMBOL', t('4.19')).state, 'absent');
  // XEN_TMEM was a bool in 3.1 and a tristate later.
  const r = symbolRow('XEN_TMEM')!;
  assert.equal(typeIn(r, slotOf(BUNDLED_VERSIONS.indexOf('3.1'), 'x86_64')), 'bool');
  assert.equal(typeIn(r, slotOf(BUNDLED_VERSIONS.indexOf('4.19'), 'x86_64')), 'tristate');
  // arm64 exists from 3.7: nothing for arm64 in 3.1.
  assert.equal(availability('XEN', t('3.1', 'arm64')).state, 'absent');
  assert.equal(availability('XEN', t('3.16', 'arm64')).state, 'present');
  assert.equal(availability('ARM64', t('3.10', 'arm64')).state, 'present');
});

test('Debian 6.1/6.12 deletions stay known symbols (FB_NVIDIA, FB_RIVA exist in mainline)', () => {
  for (const v of ['6.1', '6.12']) {
    const vi = BUNDLED_VERSIONS.indexOf(v);
    for (const s of ['FB_NVIDIA', 'FB_RIVA']) {
      assert.equal(availability(s, t(v)).state, 'present', `${s} in ${v}`);
      assert.equal(debianDifference(s, vi), 'only-mainline');
    }
  }
});

// The regeneration of these tables from the trees is `npm run check:data` (scripts/check-data.ts).

test('roles: on 6.x a guest with XEN_PV, XEN_PVH and XEN_PVHVM_GUEST off fails the guest-type row (XEN_PVHVM is always on)', async () => {
  const { roleRequirementsReport } = await import('../src/kernelconfig/roles');
  const cfg =
    '# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_PARAVIRT=y\nCONFIG_HYPERVISOR_GUEST=y\nCONFIG_XEN=y\nCONFIG_XEN_PVHVM=y\n# CONFIG_XEN_PV is not set\n# CONFIG_XEN_PVH is not set\n# CONFIG_XEN_PVHVM_GUEST is not set\n';
  const rep = roleRequirementsReport(cfg, 'domU')!;
  const row = rep.rows.find((r) => r.requirement.includes('XEN_PVHVM_GUEST'));
  assert.equal(row?.status, 'FAIL');
  assert.equal(
    rep.rows.some((r) => r.requirement.startsWith('CONFIG_XEN_PV or CONFIG_XEN_PVH or CONFIG_XEN_PVHVM=')),
    false,
  );
  const hvm = roleRequirementsReport(
    cfg.replace('# CONFIG_XEN_PVHVM_GUEST is not set', 'CONFIG_XEN_PVHVM_GUEST=y'),
    'hvm-domU',
  )!;
  assert.equal(hvm.rows.find((r) => r.requirement.includes('XEN_BLKDEV_FRONTEND'))?.level, 'recommended');
});
