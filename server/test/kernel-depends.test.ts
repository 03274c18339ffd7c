// Dependencies as text per symbol and derived line (server/data/kernel/depends.json, written by
// scripts/derive-kernel-symbols.ts): the scan of `depends on` with the enclosing blocks on a tree
// written here, the lazy load, exact and in-between targets, and — where the mainline trees are
// prepared — that every `depends on` line of a Xen entry in the tree is in the derived text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dependsText, scanTree } from '../../scripts/derive-kernel-symbols';
import { treesRoot } from '../../scripts/kernel-trees';
import { dependsLoaded } from '../src/kernelconfig/symbolDetails';
import { dependsMarkdown, dependsOn, makeTarget } from '../src/kernelconfig/knowledge';
import { docAtCursor, service } from './helpers';

test('depends.json is read only when a dependency is asked for', () => {
  assert.equal(dependsLoaded(), false);
  dependsOn('XEN', makeTarget('6.1', 'x86_64', 'test'));
  assert.equal(dependsLoaded(), true);
});

test('the scan joins enclosing if blocks, menus and choices with the entry’s own depends on', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deps-'));
  try {
    mkdirSync(path.join(dir, 'arch/x86'), { recursive: true });
    mkdirSync(path.join(dir, 'drivers'), { recursive: true });
    writeFileSync(
      path.join(dir, 'Kconfig'),
      [
        'config A',
        '\tbool "a"',
        '\tdepends on B || C # a comment',
        '\tdepends on D',
        'if E',
        'menu "M"',
        '\tdepends on F',
        'source "drivers/Kconfig"',
        'endmenu',
        'endif',
        'choice',
        '\tprompt "pick"',
        '\tdepends on G',
        'config H',
        '\tbool "h"',
        'endchoice',
        'config I',
        '\tbool',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'drivers/Kconfig'), 'config J\n\ttristate "j"\n\tdepends on K\nconfig L\n\tbool\n');
    writeFileSync(path.join(dir, 'arch/x86/Kconfig'), '');
    const defs = scanTree(dir, 'x86').defs;
    const text = (n: string) => dependsText(defs.get(n)![0]);
    assert.equal(text('A'), '(B || C) && D');
    assert.equal(text('J'), 'E && F && K');
    assert.equal(text('L'), 'E && F');
    assert.equal(text('H'), 'G');
    assert.equal(text('I'), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exact lines, the two lines around a release between them, and lines that do not define it', () => {
  const at = (v: string) => makeTarget(v, 'x86_64', 'test');
  const pv419 = dependsOn('XEN_PV', at('4.19'));
  assert.equal(pv419.length, 1);
  assert.deepEqual(pv419[0].versions, ['4.19']);
  assert.match(pv419[0].text, /\bXEN\b/);
  // XEN_PV came after 4.9: 3.1 has nothing to say.
  assert.deepEqual(dependsOn('XEN_PV', at('3.1')), []);
  // 3.x's XEN_DOM0 sits under PARAVIRT_GUEST, its successor HYPERVISOR_GUEST from 3.10 on.
  assert.match(dependsOn('XEN_DOM0', at('3.1'))[0].text, /PARAVIRT_GUEST/);
  assert.match(dependsOn('XEN_DOM0', at('4.19'))[0].text, /HYPERVISOR_GUEST/);
  // 4.20 lies between 4.19 and 5.4: both lines answer, as one entry when they agree.
  const between = dependsOn('XEN_BLKDEV_FRONTEND', at('4.20'));
  assert.deepEqual(
    between.flatMap((d) => d.versions),
    ['4.19', '5.4'],
  );
  assert.match(dependsMarkdown('XEN_BLKDEV_FRONTEND', at('4.20'))!, /^Depends on in Linux 4\.19/);
  assert.equal(dependsMarkdown('NOT_A_SYMBOL_XYZ', at('6.1')), undefined);
});

test('hover on a symbol of a configuration without a tree says what it depends on in that release', () => {
  const at = (header: string) => {
    const { doc, pos } = docAtCursor(`${header}CONFIG_XEN_D|OM0=y\n`, 'kernel-config');
    return service().hover(doc, pos)?.markdown ?? '';
  };
  const old = at('# Linux/x86 3.1.3 Kernel Configuration\n');
  assert.match(old, /Depends on in Linux 3\.1: `[^`]*PARAVIRT_GUEST/);
  const newer = at('# Linux/x86 4.19.95 Kernel Configuration\n');
  assert.match(newer, /Depends on in Linux 4\.19: `[^`]*HYPERVISOR_GUEST/);
  // Between two derived lines both are named (one line when they agree).
  assert.match(at('# Linux/x86 4.20.1 Kernel Configuration\n'), /Depends on in Linux 4\.19(?: and 5\.4)?:/);
});

for (const v of ['3.1', '4.19', '5.15']) {
  const tree = path.join(treesRoot(), 'mainline', `linux-${v}`);
  test(`Linux ${v}: every depends on line of the Xen entries in arch/x86/xen/Kconfig is in the derived text`, (t) => {
    const file = path.join(tree, 'arch/x86/xen/Kconfig');
    if (!existsSync(file)) return t.skip(`no prepared ${v} tree`);
    const lines = readFileSync(file, 'utf8').split('\n');
    let name: string | undefined;
    let checked = 0;
    for (const l of lines) {
      const c = /^(?:menu)?config\s+(\w+)/.exec(l);
      if (c) name = c[1];
      const d = /^\s+depends on\s+(.*?)\s*(?:#.*)?$/.exec(l);
      if (!d || !name) continue;
      const got = dependsOn(name, makeTarget(v, 'x86_64', 'test'));
      assert.ok(got.length, `${name} has a dependency in ${v}`);
      assert.ok(got[0].text.includes(d[1].replace(/\s+/g, ' ')), `${name}: ${d[1]} in ${got[0].text}`);
      checked++;
    }
    assert.ok(checked >= 3, `${checked} depends on lines`);
  });
}
