// The bundled Linux knowledge: schemas, recorded origins, size budget, and a few anchor facts of
// the derived tables (so a broken derivation shows up as more than a diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { releaseTable } from '../src/linux/tables';
import { allCurated } from '../src/linux/curated';
import { inHistory, parseVersion, versionFromImage } from '../src/linux/version';

const dataDir = path.resolve(__dirname, '../data/linux');
const FILES: Array<[string, string]> = [
  ['params-6.1.json', 'linux-params.schema.json'],
  ['params-6.12.json', 'linux-params.schema.json'],
  ['curated-params.json', 'linux-curated.schema.json'],
];

test('Linux data stays well inside the package budget', () => {
  const total = FILES.reduce((n, [f]) => n + statSync(path.join(dataDir, f)).size, 0);
  assert.ok(total < 1.5 * 1024 * 1024, `linux data is ${total} bytes`);
});

test('derived tables: anchor facts with file and line', () => {
  for (const v of ['6.1', '6.12'] as const) {
    const t = releaseTable(v);
    const def = (n: string) => t.byName.get(n)?.defs ?? [];
    assert.ok(
      def('root').some((d) => d.kind === 'setup' && d.file === 'init/do_mounts.c' && d.line > 0),
      `${v} root=`,
    );
    assert.ok(
      def('earlyprintk').some(
        (d) =>
          d.kind === 'early' &&
          d.file === 'arch/x86/kernel/early_printk.c' &&
          d.gates.includes('EARLY_PRINTK') &&
          d.arches.join() === 'x86_64',
      ),
      `${v} earlyprintk`,
    );
    assert.ok(
      def('pcie_aspm').some((d) => d.gates.includes('PCIEASPM')),
      `${v} pcie_aspm`,
    );
    assert.ok(
      def('raid').some((d) => d.file === 'drivers/md/md-autodetect.c' && d.gates.includes('BLK_DEV_MD')),
      `${v} raid=`,
    );
    assert.ok(
      def('xen_emul_unplug').some((d) => d.arches.join() === 'x86_64' && d.gates.includes('XEN_PVHVM')),
      `${v} xen_emul_unplug`,
    );
    assert.ok(
      def('xen.fifo_events').some((d) => d.kind === 'module' && d.type === 'bool'),
      `${v} xen.fifo_events (MODULE_PARAM_PREFIX)`,
    );
    assert.ok(def('rcutree.kthread_prio').length > 0, `${v} rcutree.* (prefix set in tree.c)`);
    assert.ok(
      def('usbcore.autosuspend').some((d) => d.kind === 'module'),
      `${v} usbcore (composite object)`,
    );
    assert.ok(
      def('xen_512gb_limit').some((d) => d.kind === 'direct'),
      `${v} direct scan`,
    );
    assert.ok(
      def('panic').some((d) => d.kind === 'core'),
      `${v} core_param panic`,
    );
    assert.ok(!t.byName.has('nofb'), `${v}: nofb is no parameter`);
    const doc = t.byName.get('xen_nopv')?.docs[0];
    assert.ok(doc?.deprecated && doc.successor === 'nopv', `${v} xen_nopv doc`);
    assert.ok(t.byName.get('vga')?.docs[0]?.tags.includes('BOOT'), `${v} vga= is a boot-loader parameter`);
    assert.ok(
      t.byName.get('mem')?.boot.some((b) => b.reader === 'x86-decompressor'),
      `${v} mem= read by the decompressor`,
    );
    assert.ok(
      t.byName.get('initrd')?.boot.some((b) => b.reader === 'efi-stub'),
      `${v} initrd= read by the EFI stub`,
    );
    assert.equal(t.commandLineSize.x86_64?.value, 2048);
    assert.equal(t.commandLineSize.arm64?.value, 2048);
    assert.equal(t.initArgsLimit?.value, 32);
  }
});

test('curated facts: every version fact has a source, every key is unique after name folding', () => {
  const seen = new Set<string>();
  for (const c of allCurated()) {
    const k = c.key.replace(/-/g, '_');
    assert.ok(!seen.has(k), `${c.key} twice`);
    seen.add(k);
    for (const h of c.history) assert.ok(h.source.length > 10, `${c.key} history source`);
    for (const [v, h] of Object.entries(c.valueHistory ?? {})) assert.ok(h.source.length > 10, `${c.key}=${v} source`);
  }
  // The words the brief names all have our own description.
  for (const n of [
    'root',
    'raid',
    'console',
    'earlyprintk',
    'nomodeset',
    'vga',
    'nofb',
    'video',
    'pcie_aspm',
    'rootfstype',
    'ro',
    'rw',
    'init',
    'quiet',
    'loglevel',
    'debug',
    'pci',
    'acpi',
    'iommu',
    'intel_iommu',
    'amd_iommu',
    'mitigations',
    'nosmt',
    'maxcpus',
    'mem',
    'memmap',
    'hugepages',
    'swiotlb',
    'panic',
    'crashkernel',
    'nopv',
    'xen_nopv',
    'xen_emul_unplug',
    'xen_pv_hvm',
    'single',
    'emergency',
  ]) {
    assert.ok(
      allCurated().some((c) => c.key === n),
      n,
    );
  }
});

test('version helpers', () => {
  assert.equal(versionFromImage('/vmlinuz-3.1-lfs-7.0'), '3.1');
  assert.equal(versionFromImage('/boot/vmlinuz-6.1.0-18-amd64'), '6.1');
  assert.equal(versionFromImage('(hd0,0)/boot/vmlinuz-5.10.0-28-amd64'), '5.10');
  assert.equal(versionFromImage('/boot/vmlinuz'), undefined);
  assert.ok(inHistory(parseVersion('3.1')!, '2.6.37'));
  assert.ok(!inHistory(parseVersion('3.1')!, '5.3'));
  assert.ok(!inHistory(parseVersion('5.18')!, '2.6.29', '5.17'));
});
