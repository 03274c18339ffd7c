// Hover, completion, outline and embedded command lines in xl files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docAtCursor, doc, service } from './helpers';
import { engines } from '../src/cmdline/engines';
import type { CmdlineEngine } from '../src/cmdline/engine';
import { segmentRange, type CmdlineSegment } from '../src/cmdline/segment';
import { example } from './xl-helpers';

let n = 0;
const at = (text: string, name = 'guest.cfg') => docAtCursor(text, 'xl-cfg', `file:///etc/xen/f${n++}/${name}`);

test('hover on a key: our description, type, guest types, releases, target release', () => {
  const { doc: d, pos } = at('name = "a"\nmax|mem = 2048\n');
  const h = service().hover(d, pos)!;
  assert.match(h.markdown, /^\*\*maxmem\*\* `= MBYTES`/);
  assert.match(h.markdown, /Most memory the guest may balloon up to/);
  assert.match(h.markdown, /Applies to PV, PVH, HVM guests/);
  assert.match(h.markdown, /In Xen 4\.2–4\.22/);
  assert.match(h.markdown, /checked against Xen 4\.22 \(no Xen version is set\)/);
  assert.deepEqual(h.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
  const old = service({ xenVersion: '4.9.1' }).hover(at('ty|pe = "hvm"\n').doc, { line: 0, character: 2 })!;
  assert.match(old.markdown, /not in 4\.9/);
});

test('hover on a value and on a spec field', () => {
  const v = at('on_crash = "coredump-res|tart"\n');
  assert.match(service().hover(v.doc, v.pos)!.markdown, /Write a core dump, then restart/);
  const f = at("disk = [ '/dev/vg/x,raw,xvda,rw,backend|type=phy' ]\n");
  const h = service().hover(f.doc, f.pos)!;
  assert.match(h.markdown, /\*\*backendtype\*\* — disk spec field/);
  assert.match(h.markdown, /`phy`, `tap`, `qdisk`, `standalone`/);
  const p = at("disk = [ '/dev/vg/x,raw,xv|da,rw' ]\n");
  assert.match(service().hover(p.doc, p.pos)!.markdown, /\*\*vdev\*\* — disk spec field \(positional\)/);
});

test('completion of keys: for the guest type first, deprecated last, only of the target release', () => {
  const { doc: d, pos } = at('type = "hvm"\nvi|\n');
  const items = service().complete(d, pos);
  const viridian = items.find((i) => i.label === 'viridian')!;
  assert.ok(viridian);
  assert.equal(viridian.insertText, 'viridian = ');
  assert.deepEqual(viridian.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  const bootloader = items.find((i) => i.label === 'bootloader')!;
  assert.ok(bootloader.sortText! > viridian.sortText!);
  assert.ok(items.find((i) => i.label === 'builder')!.deprecated);
  assert.equal(items.find((i) => i.label === 'vif')!.insertText, 'vif = [ ');
  const old = service({ xenVersion: '4.9' }).complete(d, pos);
  assert.ok(!old.some((i) => i.label === 'type'));
});

test('completion of values, quoted or not, and of the release-specific set', () => {
  const a = at('on_poweroff = |\n');
  const items = service().complete(a.doc, a.pos);
  assert.ok(items.some((i) => i.label === 'rename-restart' && i.insertText === '"rename-restart"'));
  const b = at('device_model_version = "|"\n');
  assert.deepEqual(
    service()
      .complete(b.doc, b.pos)
      .map((i) => i.label),
    ['qemu-xen'],
  );
  assert.deepEqual(
    service({ xenVersion: '4.17' })
      .complete(b.doc, b.pos)
      .map((i) => i.label),
    ['qemu-xen', 'qemu-xen-traditional'],
  );
  const c = at('acpi = |\n');
  assert.deepEqual(
    service()
      .complete(c.doc, c.pos)
      .map((i) => i.label),
    ['1', '0'],
  );
});

test('completion inside spec strings: field names, then values', () => {
  const a = at("vif = [ 'bridge=xenbr0,|' ]\n");
  const fields = service().complete(a.doc, a.pos);
  assert.ok(fields.some((i) => i.label === 'mac' && i.insertText === 'mac='));
  assert.ok(fields.some((i) => i.label === 'vlan'));
  assert.ok(
    !service({ xenVersion: '4.12' })
      .complete(a.doc, a.pos)
      .some((i) => i.label === 'vlan'),
  );
  const b = at("disk = [ 'vdev=xvda,access=|' ]\n");
  assert.deepEqual(
    service()
      .complete(b.doc, b.pos)
      .map((i) => i.label),
    ['r', 'ro', 'w', 'rw'],
  );
});

test('xl.conf: its own keys', () => {
  const a = at('auto|\n', 'xl.conf');
  const items = service().complete(a.doc, a.pos);
  assert.ok(items.some((i) => i.label === 'autoballoon'));
  assert.ok(!items.some((i) => i.label === 'memory'));
  const h = at('autoballoon = "of|f"\n', 'xl.conf');
  assert.match(service().hover(h.doc, h.pos)!.markdown, /Never shrink dom0/);
});

test('outline: one symbol per setting, device lists with their items', () => {
  const d = doc(example('hvm-guest.cfg'), 'xl-cfg', 'file:///etc/xen/o/hvm.cfg');
  const syms = service().symbols(d);
  assert.equal(syms[0].name, 'name');
  assert.equal(syms[0].detail, 'win2022');
  const disk = syms.find((s) => s.name === 'disk')!;
  assert.equal(disk.detail, '[2 items]');
  assert.equal(disk.children?.length, 2);
  assert.equal(disk.range.start.line, 11);
  assert.equal(disk.range.end.line, 14);
  assert.deepEqual(service().folding(d), [{ startLine: 11, endLine: 14 }]);
});

test('extra= and cmdline= are handed to the Linux engine as xl-guest command lines, escapes mapped', () => {
  const seen: CmdlineSegment[] = [];
  const real = engines.linux;
  const fake: CmdlineEngine = {
    ...real,
    diagnose: (seg) => {
      seen.push(seg);
      const i = seg.text.indexOf('bogus');
      return i < 0
        ? []
        : [{ range: segmentRange(seg, i, i + 5), severity: 'info', code: 'linux/unknown-parameter', message: 'x' }];
    },
  };
  engines.linux = fake;
  try {
    const d = doc(
      'name = "a"\nkernel = "/k"\nextra = "console=hvc0\\tbogus"\ncmdline = \'root=/dev/xvda1\'\n',
      'xl-cfg',
      'file:///etc/xen/s/g.cfg',
    );
    const ds = service().diagnose(d);
    assert.deepEqual(
      seen.map((s) => [s.kind, s.bootPath, s.text]),
      [
        ['linux', 'xl-guest', 'console=hvc0\tbogus'],
        ['linux', 'xl-guest', 'root=/dev/xvda1'],
      ],
    );
    assert.deepEqual(
      ds.map((x) => [x.code, x.range.start.character, x.range.end.character]),
      [['linux/unknown-parameter', 23, 28]],
    );
  } finally {
    engines.linux = real;
  }
});

test('status names the target release and guest type', () => {
  const d = doc('name = "a"\ntype = "hvm"\n', 'xl-cfg', 'file:///etc/xen/st/a.cfg');
  assert.deepEqual(service({ xenVersion: '4.17.2' }).status(d).targets, [
    'Xen 4.17 (from settings)',
    'HVM guest (type="hvm")',
  ]);
  const c = doc('autoballoon = "off"\n', 'xl-cfg', 'file:///etc/xen/st/xl.conf');
  assert.deepEqual(service().status(c).targets, ['Xen 4.22 (no Xen version is set)', 'xl.conf']);
});
