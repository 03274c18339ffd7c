// The seed's dom0/domU option lists (Linux 3.1 era) checked against Linux 6.1: every option that
// no longer exists is reported with what became of it, none of the existing ones is unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { doc, service } from './helpers';
import { SEED_DOM0, SEED_DOMU } from './kernelconfig-seed-lists';

const examples = path.resolve(__dirname, '../../examples/kernel');
const GONE_IN_61: Record<string, RegExp> = {
  // Dates are the derived release lines around each change (server/data/kernel/xen-symbols.json).
  PARAVIRT_GUEST: /renamed after 3\.2, by 3\.10 to CONFIG_HYPERVISOR_GUEST/,
  XEN_TMEM: /removed after 4\.19, by 5\.4/,
  CLEANCACHE: /removed after 5\.15, by 6\.1/,
  XEN_SELFBALLOONING: /removed after 4\.19, by 5\.4/,
  ACPI_PROCFS: /removed after 3\.10, by 3\.16/,
  XEN_PRIVILEGED_GUEST: /removed after 3\.10, by 3\.16/,
  XEN_SCRUB_PAGES: /renamed after 4\.14, by 4\.19 to CONFIG_XEN_SCRUB_PAGES_DEFAULT/,
};
const SYMBOL_CODES = new Set([
  'kconfig/unknown-symbol',
  'kconfig/removed-symbol',
  'kconfig/renamed-symbol',
  'kconfig/unverified-symbol',
]);

for (const [file, list] of [
  ['domU.config', SEED_DOMU],
  ['dom0.config', [...SEED_DOMU, ...SEED_DOM0]],
] as const) {
  test(`seed ${file} for Linux 6.1: gone options reported with their fate, existing ones not`, () => {
    const text = readFileSync(path.join(examples, file), 'utf8');
    // The example keeps the seed's list verbatim.
    assert.deepEqual(
      text.split('\n').filter((l) => l.startsWith('CONFIG_')),
      list.map((s) => `CONFIG_${s}=y`),
    );
    const d = doc(text, 'kernel-config', `file:///ws/examples/kernel/${file}`);
    const diags = service({ linuxVersion: '6.1' }).diagnose(d);
    const bySymbol = new Map<string, string>();
    for (const x of diags) {
      if (!SYMBOL_CODES.has(x.code)) continue;
      const name = /CONFIG_([A-Z0-9_]+)/.exec(x.message)![1];
      bySymbol.set(name, `${x.code}: ${x.message}`);
    }
    for (const s of new Set(list)) {
      const expected = GONE_IN_61[s];
      if (expected) {
        assert.ok(bySymbol.has(s), `${s} is reported`);
        assert.match(bySymbol.get(s)!, expected, s);
        assert.doesNotMatch(bySymbol.get(s)!, /unknown-symbol/, `${s} is reported with its fate, not as unknown`);
      } else {
        assert.ok(!bySymbol.has(s), `${s} exists in 6.1 and is not reported: ${bySymbol.get(s)}`);
      }
    }
    // Renames come with a quick fix.
    const rename = diags.find((x) => x.code === 'kconfig/renamed-symbol' && x.message.includes('XEN_SCRUB_PAGES '));
    if (file === 'dom0.config') assert.equal(rename?.fixes?.[0].edits[0].newText, 'CONFIG_XEN_SCRUB_PAGES_DEFAULT');
    // The seed's repeats get the repeated-assignment diagnostic.
    const repeats = diags
      .filter((x) => x.code === 'kconfig/repeated-assignment')
      .map((x) => /CONFIG_([A-Z0-9_]+)/.exec(x.message)![1])
      .sort();
    assert.deepEqual(
      repeats,
      file === 'domU.config' ? ['XEN_FBDEV_FRONTEND'] : ['XEN_DEV_EVTCHN', 'XEN_FBDEV_FRONTEND', 'XEN_GNTDEV'],
    );
  });
}

test('the seed lists checked for Linux 3.1 (their own era): only FRONTSWAP (added after 3.1) is flagged', () => {
  const text = readFileSync(path.join(examples, 'dom0.config'), 'utf8');
  const diags = service({ linuxVersion: '3.1' }).diagnose(doc(text, 'kernel-config', 'file:///ws/dom0.config'));
  const bad = diags.filter(
    (x) =>
      x.code === 'kconfig/unknown-symbol' || x.code === 'kconfig/removed-symbol' || x.code === 'kconfig/renamed-symbol',
  );
  // Frontswap lived out of tree (Xen's kernels) until mainline merged it in 3.5.
  assert.deepEqual(
    bad.map((x) => /CONFIG_([A-Z0-9_]+)/.exec(x.message)![1]),
    ['FRONTSWAP'],
  );
  assert.match(bad[0].message, /added after 3\.2, by 3\.10/);
});
