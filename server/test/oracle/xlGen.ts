// Generated inputs for the xl oracle (xl-libxlutil.test.ts): xl configuration files built from the
// forms xl's grammar knows (numbers, '…'/"…" strings with escapes, nested lists across lines,
// `+=`, `;`, comments, blank and odd endings) and from mutations of our example and fixture
// files, and disk specs from the positional, key=value and prefixed (phy:, tap:aio:, ioemu: …) forms.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Rand } from './grubOracleHarness';

const ROOT = path.join(__dirname, '../../..');

const KEYS = [
  'name',
  'memory',
  'maxmem',
  'vcpus',
  'maxvcpus',
  'kernel',
  'ramdisk',
  'extra',
  'cmdline',
  'root',
  'disk',
  'vif',
  'pci',
  'type',
  'builder',
  'on_crash',
  'on_reboot',
  'boot',
  'serial',
  'vnc',
  'vnclisten',
  'usbdevice',
  'cpus',
  'uuid',
  'bootloader',
  'bootloader_args',
  'device_model_args',
  'x',
  'a.b',
  'k_9',
  'return',
  'print',
  'else',
];
const BAD_NAMES = ['Name', 'MEMORY', '1abc', 'my-key', '_x', 'é', 'kernel:', '$x'];
const NUMBERS = [
  '0',
  '1',
  '512',
  '1024',
  '007',
  '08',
  '0x1f',
  '0xff',
  '0x',
  '0xg',
  '12g',
  '1e3',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999',
  '0x7fffffffffffffff',
  '0x8000000000000000',
];
const TEXT = [
  '',
  'guest',
  '/boot/vmlinuz',
  'root=/dev/xvda1 ro',
  'console=hvc0',
  'phy:/dev/vg0/root,xvda,w',
  'file:/srv/x.img,xvda1,w',
  'mac=00:16:3e:00:00:01,bridge=xenbr0',
  '01:00.0',
  'pv',
  'hvm',
  ' 42',
  '+7',
  '-0x10',
  '\t9',
  '1 ',
  'a b',
  '#not a comment',
  ';',
  '[x]',
  '=',
];
const ESCAPES = [
  '\\n',
  '\\t',
  '\\\\',
  '\\"',
  "\\'",
  '\\a',
  '\\b',
  '\\f',
  '\\r',
  '\\v',
  '\\x41',
  '\\x4',
  '\\x',
  '\\012',
  '\\01',
  '\\0',
  '\\0 5',
  '\\0-1',
  '\\7999',
  '\\089',
  '\\9',
  '\\q',
  '\\ ',
  '\\\t',
];
const ENDS = ['\n', '\n', '\n', '\n', '\n', ';', ';\n', ' ;', ' # note\n', '\t#\n', '\n\n', '\n# c\r\n', ' \n'];
const BAD_ENDS = ['\r\n', ' ', '', '\\\n'];

function str(r: Rand): string {
  const q = r.chance(0.7) ? '"' : "'";
  let body = r.pick(TEXT);
  const n = r.chance(0.6) ? 0 : 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    const at = r.int(body.length + 1);
    const piece = r.chance(0.6)
      ? r.pick(r.chance(0.6) ? ESCAPES.slice(0, 10) : ESCAPES)
      : r.pick(["'", '"', '#', ',', ']', '[', ' ', '\r', 'é', '\u00a0', '\\']);
    body = body.slice(0, at) + piece + body.slice(at);
  }
  return q + body + (r.chance(0.99) ? q : '');
}

function atom(r: Rand): string {
  const k = r.int(20);
  if (k < 7) return r.pick(r.chance(0.8) ? NUMBERS.slice(0, 7) : NUMBERS);
  if (k < 19 || r.chance(0.5)) return str(r);
  if (r.chance(0.5)) return r.pick(['pv', 'True', 'None', 'xvda']);
  return r.pick(['-1', '1.5', '(1)', '+', '$x', '']);
}

function value(r: Rand, depth = 0): string {
  if (depth > 2 || r.chance(depth ? 0.9 : 0.65)) return atom(r);
  const items: string[] = [];
  const n = r.int(5);
  for (let i = 0; i < n; i++) items.push(value(r, depth + 1));
  const sep = () =>
    r.chance(0.95) ? r.pick([',', ', ', ',\n', ',\n  ', ' ,', ',\n# c\n', '\n,']) : r.pick([',,', ' ', ',;']);
  let body = items.map((it, i) => (i ? sep() : '') + it).join('');
  if (r.chance(0.2)) body += r.pick([',', ',\n', ', ']);
  const open = r.pick(['[', '[ ', '[\n', '[\n  ', '[ # c\n']);
  const close = r.chance(0.95) ? r.pick([']', ' ]', '\n]', '\n  ]', '\n# c\n]']) : r.pick(['', ']]']);
  return open + body + close;
}

function statement(r: Rand): string {
  const k = r.int(80);
  if (k === 0) return r.pick(['import os', 'if x:', 'def f():', '  pass', 'for i in range(2):', 'else:', 'x()']);
  if (k === 1) return r.pick(BAD_NAMES) + ' = 1';
  if (k === 2) return r.pick(['', '   ', '# comment', '#', ';', 'x', 'x =', '= 1', 'x 1', '\\']);
  const key = r.pick(KEYS);
  const op = r.chance(0.03)
    ? r.pick(['==', '+ =', '=+'])
    : r.chance(0.15)
      ? r.pick(['+=', ' += '])
      : r.pick(['=', ' = ', '  =\t', ' =']);
  let v = value(r);
  if (r.chance(0.01)) v += r.pick([' "x"', ' 1', 'M', ' \\']);
  if (r.chance(0.02)) v = '\n' + v;
  return key + op + v;
}

/** One generated configuration file. */
export function xlConfig(r: Rand): string {
  const n = 1 + r.int(6);
  let out = '';
  for (let i = 0; i < n; i++) {
    const end =
      i === n - 1 && r.chance(0.3) ? r.pick(['', ' # end', '#', ' $']) : r.pick(r.chance(0.97) ? ENDS : BAD_ENDS);
    out += statement(r) + end;
  }
  return out;
}

/** The example and fixture configuration files (xl.conf and domain configs). */
export function xlSeeds(): string[] {
  const dirs = [path.join(ROOT, 'examples/xen'), path.join(ROOT, 'server/test/fixtures/xl/configs')];
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.cfg') || f.endsWith('.conf'))
      .map((f) => readFileSync(path.join(d, f), 'utf8')),
  );
}

const MUTATE = ['"', "'", '[', ']', ',', '=', '+=', ';', '#', '\n', ' ', '\\', '\r', 'a', '1', 'x', 'é', '(', '-', '.'];

/** A seed file with a few random edits (characters inserted, deleted, lines repeated or dropped). */
export function mutateConfig(seed: string, r: Rand): string {
  let s = seed;
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const at = r.int(s.length + 1);
    const k = r.int(6);
    if (k < 2) s = s.slice(0, at) + r.pick(MUTATE) + s.slice(at);
    else if (k < 4) s = s.slice(0, at) + s.slice(at + 1 + r.int(3));
    else {
      const lines = s.split('\n');
      const j = r.int(lines.length);
      if (k === 4) lines.splice(j, 0, lines[r.int(lines.length)]);
      else lines.splice(j, 1);
      s = lines.join('\n');
    }
  }
  if (r.chance(0.1)) s = s.replace(/\n$/, '');
  return s;
}

/** `count` configuration files: about two thirds generated, one third mutated seeds. */
export function xlConfigs(r: Rand, count: number): string[] {
  const seeds = xlSeeds();
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(i % 3 === 2 ? mutateConfig(r.pick(seeds), r) : xlConfig(r));
  return out;
}

const TARGETS = [
  '/dev/vg0/guest',
  '/srv/xen/g.img',
  '/srv/xen/g.qcow2',
  'hda3',
  'sda7',
  'vg0/root',
  '',
  'iqn.2010-01.org.example:store.lun1',
  '/path/with=equals',
  '/path with blank',
  'a:b',
];
const PREFIXES = [
  '',
  '',
  '',
  'phy:',
  'file:',
  'tap:aio:',
  'tap:qcow2:',
  'tap:vhd:',
  'tap2:tapdisk:aio:',
  'tapdisk:aio:',
  'aio:',
  'ioemu:',
  'raw:',
  'qcow:',
  'qcow2:',
  'vhd:',
  'iscsi:',
  'nbd:',
  'enbd:',
  'drbd:',
  'foo:',
  'Phy:',
  'phy::',
];
const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty', 'none', 'iso', ''];
const VDEVS = [
  'xvda',
  'xvda1',
  'xvdb',
  'hda',
  'hdc',
  'hdc:cdrom',
  'sda',
  'sda1',
  'vda',
  'd0',
  'xvdz9',
  'ioemu:hda',
  '',
];
const ACCESS = ['r', 'w', 'rw', 'ro', 'w!', '!', 'x', ''];
const KEYWORDS = [
  () => 'cdrom',
  () => 'devtype=cdrom',
  () => 'devtype=disk',
  () => 'devtype=floppy',
  () => 'direct-io-safe',
  () => 'discard',
  () => 'no-discard',
  () => 'colo',
  () => 'no-colo',
  () => 'trusted',
  () => 'untrusted',
  () => 'colo-host=192.0.2.1',
  () => 'colo-port=9000',
  () => 'colo-port=x',
  () => 'backend=dom1',
  () => 'backendtype=phy',
  () => 'backendtype=qdisk',
  () => 'backendtype=tap',
  () => 'backendtype=standalone',
  () => 'backendtype=x',
  () => 'specification=xen',
  () => 'specification=virtio',
  () => 'specification=x',
  () => 'script=block-iscsi',
  () => 'unknown=1',
  () => 'Format=raw',
];

/** One disk spec: positional, key=value, or a mixture, with xm-era prefixes. */
const good = <T>(r: Rand, xs: readonly T[], n: number): T => (r.chance(0.85) ? xs[r.int(n)] : r.pick(xs));

export function diskSpec(r: Rand): string {
  const k = r.int(3);
  const parts: string[] = [];
  if (k === 0) {
    const prefix = good(r, PREFIXES, 12);
    parts.push(prefix + good(r, TARGETS, 6));
    if (prefix === '' && r.chance(0.6)) parts.push(good(r, FORMATS, 5));
    parts.push(good(r, VDEVS, 10));
    if (r.chance(0.8)) parts.push(good(r, ACCESS, 5));
    if (r.chance(0.2)) parts.push(r.pick(KEYWORDS)());
  } else {
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) {
      const j = r.int(5);
      if (j === 0) parts.push(`format=${good(r, FORMATS, 5)}`);
      else if (j === 1) parts.push(`vdev=${good(r, VDEVS, 10)}`);
      else if (j === 2) parts.push(`access=${good(r, ACCESS, 5)}`);
      else parts.push(good(r, KEYWORDS, 12)());
    }
    if (k === 2 && r.chance(0.7)) parts.unshift(good(r, PREFIXES, 12) + good(r, TARGETS, 6), good(r, VDEVS, 10));
    if (r.chance(0.8)) parts.push(`target=${good(r, PREFIXES, 12)}${good(r, TARGETS, 6)}`);
  }
  const sep = () => good(r, [',', ',', ', ', ' ,', ',\t', ',,'], 5);
  let s = parts.map((p, i) => (i ? sep() : '') + p).join('');
  if (r.chance(0.05)) s = ' ' + s;
  if (r.chance(0.05)) s += r.pick([',', ' ', ',,']);
  return s;
}

/** Disk specs: generated, plus the fixtures with a random edit each. */
export function diskSpecs(r: Rand, count: number, fixtures: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 4 !== 3) {
      out.push(diskSpec(r));
      continue;
    }
    let s = r.pick(fixtures);
    const at = r.int(s.length + 1);
    s = r.chance(0.5)
      ? s.slice(0, at) + r.pick([',', ':', '=', ' ', 'x', '!', '']) + s.slice(at)
      : s.slice(0, at) + s.slice(at + 1);
    out.push(s);
  }
  return out;
}
