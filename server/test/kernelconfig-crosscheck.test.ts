// Cross-checks between boot lines and the booted kernel's configuration (the GRUB hosts call
// these; here they are driven directly with segments over fixture menus and configs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { lineSegment } from '../src/cmdline/segment';
import { nodeFs } from '../src/service/nodeFs';
import { resolveSettings } from '../src/core/types';
import type { ReadOnlyFs } from '../src/core/mode';
import {
  configCandidates,
  configForImage,
  crossCheckLinuxLine,
  crossCheckXenEntry,
  isBuiltIn,
  LINUX_PARAM_CHECKS,
} from '../src/kernelconfig/crossCheck';

const root = path.resolve(__dirname, 'fixtures/kernelconfig');
const menu = path.join(root, 'boot/grub/menu.lst');
const ctx = { settings: resolveSettings({}), fs: nodeFs, documentPath: menu };

/** A dom0 `module` line's Linux segment, as the GRUB legacy host builds it. */
function moduleSegment(text: string, line = 6) {
  const image = text.split(' ')[0];
  return lineSegment('linux', line, 9, text, 'GRUB legacy module line', {
    image: { path: image, start: 0, end: image.length },
    bootPath: 'xen-dom0',
  });
}

test("the config is found beside the image, relative to the menu file's boot/ parent", () => {
  const c = configCandidates('/boot/vmlinuz-6.1.0-18-amd64', '/ws/examples/boot/grub/menu.lst');
  assert.equal(c[0], '/ws/examples/boot/config-6.1.0-18-amd64');
  assert.ok(c.includes('/boot/config-6.1.0-18-amd64'));
  assert.ok(c.includes('/ws/examples/boot/boot/config-6.1.0-18-amd64') || c.length >= 2);
  assert.deepEqual(
    configCandidates('(hd0,0)/vmlinuz-6.1.0-18-amd64', '/ws/boot/grub/menu.lst')[0],
    '/ws/config-6.1.0-18-amd64',
  );
  assert.deepEqual(configCandidates('/boot/xen-4.17.gz', '/ws/boot/grub/menu.lst'), []);
  const cfg = configForImage('/boot/vmlinuz-6.1.0-noxencons', menu, nodeFs);
  assert.ok(cfg);
  assert.equal(cfg.path, path.join(root, 'boot/config-6.1.0-noxencons'));
  assert.equal(isBuiltIn(cfg, 'XEN_DOM0'), true);
  assert.equal(isBuiltIn(cfg, 'HVC_XEN'), false);
});

test("console=hvc0, earlyprintk=xen and pcie_aspm= are checked against the kernel's config", () => {
  const seg = moduleSegment('/boot/vmlinuz-6.1.0-noxencons root=/dev/sda1 console=hvc0 earlyprintk=xen pcie_aspm=off');
  const ds = crossCheckLinuxLine(seg, ctx);
  assert.deepEqual(
    ds.map((d) => d.code),
    ['kconfig/cmdline-needs-config', 'kconfig/cmdline-needs-config'],
  );
  assert.match(ds[0].message, /console=hvc0.*CONFIG_HVC_XEN is not enabled.*config-6\.1\.0-noxencons/);
  assert.equal(ds[0].range.start.line, 6);
  assert.equal(ds[0].range.start.character, 9 + seg.text.indexOf('console=hvc0'));
  assert.match(ds[1].message, /pcie_aspm=off.*CONFIG_PCIEASPM/);
  // earlyprintk=xen is fine: CONFIG_XEN=y.
});

test('a Xen entry booting a kernel without dom0 support is an error', () => {
  const seg = moduleSegment('/boot/vmlinuz-6.1.0-guest root=/dev/xvda1 console=hvc0', 12);
  const ds = crossCheckLinuxLine(seg, ctx);
  assert.deepEqual(
    ds.map((d) => d.code),
    ['kconfig/kernel-lacks-dom0'],
  );
  assert.match(ds[0].message, /CONFIG_XEN_DOM0 is not enabled/);
  const direct = crossCheckXenEntry(
    '/boot/vmlinuz-6.1.0-guest',
    { start: { line: 12, character: 9 }, end: { line: 12, character: 34 } },
    ctx,
  );
  assert.equal(direct.length, 1);
  assert.deepEqual(crossCheckXenEntry('/boot/vmlinuz-6.1.0-noxencons', direct[0].range, ctx), []);
  // Booted directly (not as Xen's dom0), the guest kernel is fine.
  const plain = lineSegment('linux', 0, 7, seg.text, 'GRUB legacy kernel line', {
    image: seg.image,
    bootPath: 'direct',
  });
  assert.deepEqual(crossCheckLinuxLine(plain, ctx), []);
});

test('no config beside the image: no cross-check, no file-system errors', () => {
  const failing: ReadOnlyFs = { readFile: () => undefined, exists: () => false };
  const seg = moduleSegment('/boot/vmlinuz-9.9 console=hvc0');
  assert.deepEqual(crossCheckLinuxLine(seg, { ...ctx, fs: failing }), []);
  assert.deepEqual(crossCheckLinuxLine(seg, ctx), []);
});

test('the parameter checks name existing symbols', async () => {
  const { symbolInfo } = await import('../src/kernelconfig/knowledge');
  for (const c of LINUX_PARAM_CHECKS) for (const s of c.symbols) assert.ok(symbolInfo(s), `${c.param} → ${s}`);
  assert.ok(LINUX_PARAM_CHECKS.some((c) => c.param === 'console' && c.symbols.includes('HVC_XEN')));
  assert.ok(LINUX_PARAM_CHECKS.some((c) => c.param === 'earlyprintk' && c.symbols.includes('XEN')));
  assert.ok(LINUX_PARAM_CHECKS.some((c) => c.param === 'pcie_aspm' && c.symbols.includes('PCIEASPM')));
});

test('a classic XenLinux kernel (2.6.18-xen) is a dom0 through XEN_PRIVILEGED_GUEST, with no XEN_DOM0', () => {
  const at = { start: { line: 12, character: 9 }, end: { line: 12, character: 34 } };
  assert.deepEqual(crossCheckXenEntry('/boot/vmlinuz-2.6.18-xen', at, ctx), []);
});
