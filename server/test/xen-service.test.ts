// End-to-end tests of the Xen engine through the front door, with GRUB legacy menus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';
import { namesAt, paramAt, registrationsAt } from '../src/xen/registry';
import { releaseIndex } from '../src/xen/releases';
import { describe, sourceWords } from '../src/xen/paramDocs';
import { codeInfo } from '../src/service/codes';
import type { Diagnostic } from '../src/core/types';
import { resolveSettings } from '../src/core/types';
import { lineSegment } from '../src/cmdline/segment';
import { analyse } from '../src/xen/analyse';
import { diagnoseXen } from '../src/xen/check';

const menu = (kernel: string) => `title x\n root (hd0,0)\n kernel ${kernel}\n module /vmlinuz-3.1 root=/dev/sda5\n`;
const SEED = '/xen-4.2.5.gz dom0_mem=2048M max_cstate=0 msi=false';
const xen = (ds: Diagnostic[]) => ds.filter((d) => d.code.startsWith('xen/'));

test('seed entry with /xen-4.2.5.gz: dom0_mem, max_cstate and msi are all known', () => {
  const ds = xen(service().diagnose(doc(menu(SEED), 'menu-lst')));
  assert.deepEqual(
    ds.filter((d) => d.code === 'xen/unknown-parameter'),
    [],
  );
  for (const d of ds) assert.ok(codeInfo(d.code), `unregistered code ${d.code}`);
  // Advice still comes: dom0_mem without max:, and what max_cstate=0 really does.
  const noMax = ds.find((d) => d.code === 'xen/dom0-mem-without-max');
  assert.ok(noMax);
  assert.equal(noMax.fixes?.[0].edits[0].newText, ',max:2048M');
  assert.match(ds.find((d) => d.code === 'xen/max-cstate-zero')!.message, /HLT/);
});

test('seed entry with /xen-4.2.0.gz: msi is unknown and the message names 4.2.2', () => {
  const ds = xen(service().diagnose(doc(menu(SEED.replace('4.2.5', '4.2.0')), 'menu-lst')));
  const unknown = ds.filter((d) => d.code === 'xen/unknown-parameter');
  assert.equal(unknown.length, 1);
  assert.match(unknown[0].message, /"msi"/);
  assert.match(unknown[0].message, /in Xen 4\.2\.2, a later update of the same 4\.2 branch/);
  assert.equal(unknown[0].range.start.character, ' kernel /xen-4.2.0.gz dom0_mem=2048M max_cstate=0 '.length);
});

test('unknown names say why: added later, removed, other architecture, "-" for "_", did you mean', () => {
  const svc = service();
  const msg = (line: string, arch?: 'arm64') =>
    xen(service({ arch }).diagnose(doc(menu(line), 'menu-lst')))
      .filter((d) => d.code === 'xen/unknown-parameter')
      .map((d) => d.message);
  assert.match(msg('/xen-4.22.0.gz tmem')[0], /removed after Xen 4\.12\.4/);
  assert.match(msg('/xen-4.22.0.gz hmp-unsafe')[0], /Arm only/);
  assert.match(msg('/xen-4.22.0.gz max_cstate=1', 'arm64')[0], /x86 only/);
  const dash = xen(svc.diagnose(doc(menu('/xen-4.22.0.gz dom0-mem=1G,max:1G'), 'menu-lst'))).find(
    (d) => d.code === 'xen/unknown-parameter',
  )!;
  assert.match(dash.message, /spelt "dom0_mem"/);
  assert.equal(dash.fixes?.[0].edits[0].newText, 'dom0_mem');
  assert.match(msg('/xen-4.22.0.gz loglevl=all')[0], /Did you mean "loglvl"/);
  const linux = xen(svc.diagnose(doc(menu('/xen-4.22.0.gz quiet'), 'menu-lst')));
  assert.equal(linux[0].code, 'xen/linux-parameter');
  // Parameters after " -- " belong to dom0 and are not judged as Xen's.
  assert.deepEqual(msg('/xen-4.22.0.gz loglvl=all -- quiet splash'), []);
});

test('values, sub-options, repeats, deprecations, runtime-only, compiled-out', () => {
  const codes = (line: string) =>
    xen(service().diagnose(doc(menu(line), 'menu-lst'))).map((d) => `${d.code}:${d.message}`);
  const all = (line: string) => codes(line).join('\n');
  assert.match(all('/xen-4.22.0.gz msi=maybe'), /xen\/invalid-value:.*reports the value as invalid/);
  assert.match(all('/xen-4.2.5.gz msi=maybe'), /xen\/invalid-value:.*silently treats anything/);
  assert.match(all('/xen-4.22.0.gz iommu=force,bogus'), /xen\/invalid-sub-option:.*"bogus"/);
  assert.match(all('/xen-4.2.5.gz iommu=igfx'), /xen\/invalid-sub-option:.*"igfx".*4\.6\.0/);
  assert.doesNotMatch(all('/xen-4.22.0.gz iommu=no-igfx,verbose,dom0-strict'), /invalid-sub-option/);
  assert.match(all('/xen-4.22.0.gz iommu=igfx'), /xen\/possibly-compiled-out:.*CONFIG_INTEL_IOMMU/);
  assert.match(all('/xen-4.22.0.gz iommu=dom0-strict'), /xen\/deprecated-sub-option:.*dom0-iommu=strict/);
  assert.match(all('/xen-4.22.0.gz loglvl=all loglvl=info'), /xen\/repeated-parameter:.*later/);
  assert.match(all('/xen-4.22.0.gz msi=1 msi=0'), /xen\/repeated-parameter:.*the later one wins/);
  assert.match(all('/xen-4.22.0.gz dom0_mem=1G,max:1G loglvl=bogus'), /xen\/invalid-value:.*log level/);
  assert.match(all('/xen-4.22.0.gz tsc=sometimes'), /invalid-sub-option/);
  assert.match(all('/xen-4.22.0.gz conring_size=4096'), /xen\/size-without-unit/);
  assert.match(all('/xen-4.22.0.gz sync_console'), /xen\/debug-only-setting/);
  assert.match(all('/xen-4.22.0.gz spec-ctrl=no'), /xen\/debug-only-setting/);
  assert.match(all('/xen-4.22.0.gz no-loglvl=all'), /xen\/negated-non-boolean/);
  assert.match(all(`/xen-4.22.0.gz ucode=${'x'.repeat(140)}`), /xen\/word-too-long/);
  const dep = xen(service().diagnose(doc(menu('/xen-4.22.0.gz x2apic_phys'), 'menu-lst'))).find(
    (d) => d.code === 'xen/deprecated-parameter',
  )!;
  assert.deepEqual(dep.tags, ['deprecated']);
  assert.equal(dep.fixes?.[0].edits[0].newText, 'x2apic-mode=physical');
  const older = xen(service().diagnose(doc(menu('/xen-4.15.0.gz x2apic_phys'), 'menu-lst'))).find(
    (d) => d.code === 'xen/deprecated-parameter',
  )!;
  assert.match(older.message, /not in 4\.15\.0 yet/);
  assert.deepEqual(older.fixes, []);
  assert.match(all('/xen-4.17.0.gz gnttab_max_nr_frames=64'), /unknown-parameter.*removed after Xen 4\.9\.4/);
  assert.match(all('/xen-4.9.0.gz gnttab_max_nr_frames=64'), /deprecated-parameter/);
  // pv-shim is both a real parameter and an ignore_param one: depends on the build.
  assert.match(all('/xen-4.22.0.gz pv-shim'), /possibly-compiled-out/);
  // Bracketed names match "ivrs_ioapic[" from 4.4.0.
  assert.doesNotMatch(all('/xen-4.22.0.gz ivrs_ioapic[4]=00:14.0'), /unknown/);
  assert.match(all('/xen-4.3.0.gz ivrs_ioapic[4]=00:14.0'), /unknown/);
});

test('runtime-only parameters on a boot line are reported as such', () => {
  // In 4.0.0–4.22.0 the only custom_runtime_only registration is ept's, which always comes with a
  // boot-time one: ept stays a boot parameter. The diagnostic is checked on a made-up analysis.
  const i = releaseIndex('4.22.0');
  assert.equal(paramAt('ept', i, 'x86_64')?.kind, 'custom');
  const seg = lineSegment('xen', 0, 0, '/xen.gz foo=1', 'test', { image: { path: '/xen.gz', start: 0, end: 7 } });
  const a = analyse(seg, { settings: resolveSettings({}), fs: { readFile: () => undefined, exists: () => false } });
  a.words[0] = {
    ...a.words[0],
    matched: 'foo',
    param: { name: 'foo', regs: [], kind: 'runtime-only', runtime: true, ignorable: false },
  };
  const ds = diagnoseXen(seg, a);
  assert.equal(ds[0].code, 'xen/runtime-only-parameter');
  assert.match(ds[0].message, /xl set-parameters foo=/);
});

for (const release of ['4.22.0', '4.2.5']) {
  test(`every parameter of ${release} has a hover with our description, syntax and default`, () => {
    const rel = releaseIndex(release);
    let count = 0;
    for (const arch of ['x86_64', 'arm64'] as const) {
      const svc = service({ arch });
      for (const name of namesAt(rel, arch)) {
        const word = name.endsWith('[') ? `${name}0]=0:14.0` : `${name}=1`;
        const { doc: d, pos } = docAtCursor(menu(`/xen-${release}.gz |${word}`), 'menu-lst');
        const h = svc.hover(d, { line: pos.line, character: pos.character + 1 });
        assert.ok(h, `${release} ${arch} ${name}: no hover`);
        const desc = describe(name)!.text;
        // short by default: the description's beginning; the whole with the hoverDetails setting
        assert.ok(h.markdown.includes(desc.split(/(?<=[.!?])\s/)[0].slice(0, 50)), `${name}: description missing`);
        if (name.length % 8 === 0) {
          const full = service({ arch, hoverDetails: true }).hover(d, { line: pos.line, character: pos.character + 1 });
          assert.ok(full?.markdown.includes(desc), `${name}: whole description missing with hoverDetails`);
        }
        assert.match(
          h.markdown,
          new RegExp(`^\\*\\*${name.replace(/[[\].]/g, '\\$&')}\\*\\* \`[^\`]+\``),
          `${name}: syntax missing`,
        );
        assert.match(h.markdown, /\n- Default: \S/, `${name}: default missing`);
        assert.match(h.markdown, /\n- Exists in Xen /);
        assert.match(
          h.markdown,
          new RegExp(
            `https://xenbits\\.xen\\.org/docs/${release.split('.').slice(0, 2).join('\\.')}-testing/misc/xen-command-line\\.html#`,
          ),
        );
        count++;
      }
    }
    assert.ok(count > (release === '4.22.0' ? 200 : 120), `${count} hovers`);
  });
}

test('the image word hover says which release is targeted and why', () => {
  const { doc: d, pos } = docAtCursor(menu('/boot/xen-4.1|7-amd64.gz loglvl=all'), 'menu-lst');
  assert.match(
    service().hover(d, pos)!.markdown,
    /Xen 4\.17\.7 \(from the image name `\/boot\/xen-4\.17-amd64\.gz`; newest 4\.17\.x release\)/,
  );
});

test('completion after the Debian 4.17 image offers only names of 4.17, with descriptions', () => {
  const { doc: d, pos } = docAtCursor(menu('/boot/xen-4.17-amd64.gz | loglvl=all'), 'menu-lst');
  const items = service().complete(d, pos);
  const rel = releaseIndex('4.17.7');
  assert.ok(items.length > 150, `${items.length} items`);
  for (const it of items)
    assert.ok(registrationsAt(it.label, rel, 'x86_64').length, `${it.label} is not a 4.17 parameter`);
  const labels = new Set(items.map((i) => i.label));
  assert.ok(labels.has('dom0_mem') && labels.has('iommu') && labels.has('msi'));
  assert.ok(!labels.has('fred'), 'fred arrived in 4.21');
  assert.ok(!labels.has('tmem'), 'tmem left after 4.12');
  assert.ok(items.find((i) => i.label === 'dom0_mem')?.documentation);
});

test("completion after iommu= offers that release's sub-options; after msi= boolean words", () => {
  for (const [img, release] of [
    ['/boot/xen-4.17-amd64.gz', '4.17.7'],
    ['/xen-4.2.5.gz', '4.2.5'],
  ]) {
    const { doc: d, pos } = docAtCursor(menu(`${img} iommu=|`), 'menu-lst');
    const labels = new Set(
      service()
        .complete(d, pos)
        .map((i) => i.label.replace(/[=:].*$/, '')),
    );
    for (const w of sourceWords('iommu', releaseIndex(release), 'x86_64')!)
      assert.ok(labels.has(w.replace(/[=:].*$/, '')), `${release}: ${w}`);
    assert.equal(labels.has('superpages'), release === '4.17.7');
  }
  const { doc: d, pos } = docAtCursor(menu('/xen-4.2.5.gz msi=|'), 'menu-lst');
  assert.deepEqual(
    service()
      .complete(d, pos)
      .map((i) => i.label)
      .sort(),
    ['0', '1', 'disable', 'enable', 'false', 'no', 'off', 'on', 'true', 'yes'],
  );
  const sub = docAtCursor(menu('/xen-4.22.0.gz spec-ctrl=bti-thunk=|'), 'menu-lst');
  assert.deepEqual(
    service()
      .complete(sub.doc, sub.pos)
      .map((i) => i.label),
    ['retpoline', 'lfence', 'jmp'],
  );
});

test('the engine never throws on odd lines, and no check fails on them', () => {
  const svc = service();
  for (const line of [
    '/xen.gz =',
    '/xen.gz ==',
    '/xen.gz no-',
    '/xen.gz -- ',
    '/xen.gz dom0_mem=,,,max:',
    '/xen.gz iommu=,',
    `/xen.gz ${'a=b '.repeat(400)}`,
    '/xen-9.9.gz x',
    '/xen-4.gz y',
  ]) {
    const d = doc(menu(line), 'menu-lst');
    // the engine turns a failing check into xenconfig/internal-error instead of throwing: none may appear
    const failed = svc.diagnose(d).filter((x) => x.code === 'xenconfig/internal-error');
    assert.deepEqual(failed, [], line);
    for (let c = 0; c < line.length + 8; c++) {
      svc.hover(d, { line: 2, character: c });
      svc.complete(d, { line: 2, character: c });
    }
  }
});

test('deprecated x2apic_phys=false becomes x2apic-mode=cluster where that exists, mixed after', () => {
  const fix = (img: string) =>
    xen(service().diagnose(doc(menu(`${img} x2apic_phys=false`), 'menu-lst'))).find(
      (d) => d.code === 'xen/deprecated-parameter',
    )!.fixes?.[0]?.edits[0].newText;
  assert.equal(fix('/xen-4.17.3.gz'), 'x2apic-mode=cluster');
  assert.equal(fix('/xen-4.22.0.gz'), 'x2apic-mode=mixed');
});

test('names the x86 early boot code reads are never unknown, in any release', () => {
  for (const img of ['/xen-4.2.5.gz', '/xen-4.15.0.gz', '/xen-4.22.0.gz']) {
    const ds = xen(service().diagnose(doc(menu(`${img} edd=off edid=no no-real-mode vga=current`), 'menu-lst')));
    assert.deepEqual(
      ds.filter((d) => d.code === 'xen/unknown-parameter'),
      [],
      img,
    );
  }
  const { doc: d, pos } = docAtCursor(menu('/xen-4.2.5.gz e|dd=off'), 'menu-lst');
  assert.match(service().hover(d, pos)!.markdown, /early x86 boot code/);
});

test('vga= and com1= values are checked', () => {
  const all = (line: string) =>
    xen(service().diagnose(doc(menu(line), 'menu-lst')))
      .map((d) => `${d.code}:${d.message}`)
      .join('\n');
  assert.doesNotMatch(all('/xen-4.22.0.gz vga=gfx-1024x768x32,keep com1=115200,8n1 com2=auto'), /invalid-value/);
  assert.match(all('/xen-4.22.0.gz vga=1024x768'), /xen\/invalid-value:.*VGA mode/);
  assert.match(all('/xen-4.22.0.gz com1=fast,8n1'), /xen\/invalid-value:.*baud/);
  assert.match(all('/xen-4.22.0.gz com1=115200,8x1'), /xen\/invalid-value:.*8n1/);
});

test('hovering a sub-option says whether the targeted release knows it, and since when', () => {
  const { doc: d, pos } = docAtCursor(menu('/xen-4.2.5.gz iommu=force,ig|fx'), 'menu-lst');
  const md = service().hover(d, pos)!.markdown;
  assert.match(md, /\*\*iommu=igfx\*\*: Xen 4\.2\.5 has no sub-option `igfx` \(present in 4\.6\.0–4\.22\.0\)/);
  assert.ok(md.includes(describe('iommu')!.text.slice(0, 50)));
});

test('cpufreq= driver choices follow the release', () => {
  const all = (line: string) =>
    xen(service().diagnose(doc(menu(line), 'menu-lst')))
      .map((d) => `${d.code}:${d.message}`)
      .join('\n');
  assert.doesNotMatch(all('/xen-4.22.0.gz cpufreq=hwp;xen:performance,verbose'), /invalid/);
  assert.match(all('/xen-4.17.0.gz cpufreq=hwp'), /xen\/invalid-sub-option:.*"hwp"/);
  assert.match(all('/xen-4.22.0.gz cpufreq=dom0-kernel'), /deprecated-sub-option|invalid/);
});

test('hovering a value explains it: a size, a limit, a yes/no; the ucode default in plain words', () => {
  const at = (line: string) => {
    const { doc: d, pos } = docAtCursor(menu(line), 'menu-lst');
    return service().hover(d, pos)!.markdown;
  };
  assert.match(at('/xen-4.2.5.gz dom0_mem=20|48M'), /\*\*dom0\\_mem=2048M\*\*: a size, 2 GiB\./);
  assert.match(at('/xen-4.17.0.gz dom0_mem=1G,max:4|G'), /the most it may be: a size, 4 GiB/);
  assert.match(at('/xen-4.17.0.gz dom0_mem=5242|88'), /512 MiB \(a number without a unit is read as KiB\)/);
  assert.doesNotMatch(at('/xen-4.2.5.gz dom0_mem=20|48M'), /not a sub-option/);
  const ucode = at('/xen-4.22.0.gz uc|ode=scan');
  assert.match(ucode, /Default: nmi, digest-check; scan depends on how Xen was built/);
  assert.doesNotMatch(ucode, /selectable via Kconfig/);
});

test('completion ranks the usual parameters first: dom0_m offers dom0_mem before dom0_max_vcpus', () => {
  const { doc: d, pos } = docAtCursor(menu('/xen-4.17.0.gz dom0_m|'), 'menu-lst');
  const items = service()
    .complete(d, pos)
    .filter((c) => c.label.startsWith('dom0_m'));
  const sorted = [...items].sort((x, y) => (x.sortText ?? x.label).localeCompare(y.sortText ?? y.label));
  assert.deepEqual(
    sorted.slice(0, 2).map((c) => c.label),
    ['dom0_mem', 'dom0_max_vcpus'],
  );
});
