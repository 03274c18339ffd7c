// Regression tests for precision on real-world Xen lines (issue 14): invbool_param registrations,
// console= values per release, repeated custom parameters that combine, and the certainty policy
// (an error only when the release is certain). The lines are our own, in the forms seen in
// distribution menus (Debian's /boot/xen-4.x-amd64.gz, CentOS 6 era /xen.gz-4.x, plain /xen.gz).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';
import { paramAt } from '../src/xen/registry';
import { releaseIndex } from '../src/xen/releases';
import { registrationMacros } from '../../scripts/derive-xen-params';
import type { Diagnostic } from '../src/service/types';

const menu = (kernel: string) => `title Xen\n root (hd0,0)\n kernel ${kernel}\n module /vmlinuz-2.6.32-5-xen-amd64 root=/dev/sda1 ro\n`;
const xen = (ds: Diagnostic[]) => ds.filter((d) => d.code.startsWith('xen/'));
const diag = (line: string, settings = {}) => xen(service(settings).diagnose(doc(menu(line), 'menu-lst')));
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');

test('invbool_param: smep, smap, mce and mwait-idle are parameters of 4.0–4.6 where they were registered', () => {
  for (const [name, rel] of [['smep', '4.1.2'], ['smep', '4.4.1'], ['smap', '4.5.0'], ['mce', '4.0.0'], ['mce', '4.6.6'], ['mwait-idle', '4.3.0']]) {
    const p = paramAt(name, releaseIndex(rel), 'x86_64');
    assert.ok(p, `${name} in ${rel}`);
    assert.equal(p.kind, 'boolean');
    assert.equal(p.inverted, true);
  }
  assert.equal(paramAt('mce', releaseIndex('4.7.0'), 'x86_64')?.inverted, undefined);
  // Lines as seen on CentOS/XenServer era hosts that switch features off.
  const ds = diag('/xen-4.4.1.gz dom0_mem=1024M,max:1024M no-smep mwait-idle=0 no-mce');
  assert.deepEqual(ds.filter((d) => d.code === 'xen/unknown-parameter'), [], show(ds));
  assert.deepEqual(ds.filter((d) => d.severity === 'error'), [], show(ds));
});

test('invbool_param: the hover says the bare name turns the feature on and gives the default as the switch reads', () => {
  const { doc: d, pos } = docAtCursor(menu('/xen-4.4.1.gz no-sm|ep'), 'menu-lst');
  const md = service().hover(d, pos)!.markdown;
  assert.match(md, /inverted switch/);
  assert.match(md, /no-smep or smep=no turns it off/);
  const { doc: d2, pos: p2 } = docAtCursor(menu('/xen-4.0.0.gz m|ce'), 'menu-lst');
  const md2 = service().hover(d2, p2)!.markdown;
  assert.match(md2, /- Default: (on|true)/, md2);
});

test('derive-xen-params: registration macros come from the release headers', () => {
  const h40 = '#define custom_param(_name, _var) \\\n x\n#define invbool_param(_name, _var) \\\n y\n#define __setup(_name, _fn) z\n';
  assert.deepEqual(registrationMacros([h40]), ['custom_param', 'invbool_param']);
  const h414 = '#define ignore_param(_name) \\\n x\nstatic inline void no_config_param(const char *cfg, const char *param,\n';
  assert.deepEqual(registrationMacros(['', h414]), ['ignore_param', 'no_config_param']);
});
