// console= names: derived per release from the struct console definitions of the built C files
// (scripts/derive-linux/consoles.ts into params-<v>.json `consoles`), then judged with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { consolesOf } from '../../scripts/derive-linux/consoles';
import { releaseTable } from '../src/linux/tables';
import { doc, service } from './helpers';

test('the extractor: literal and macro names, #if 0 left out, names filled in at start', (t) => {
  const tree = mkdtempSync(path.join(tmpdir(), 'consoles-'));
  t.after(() => rmSync(tree, { recursive: true, force: true }));
  mkdirSync(path.join(tree, 'drivers/tty/serial'), { recursive: true });
  // written here in the forms the kernel's drivers use
  writeFileSync(path.join(tree, 'drivers/tty/serial/names.h'), '#define OUR_TTY_NAME "ttyOUR"\n');
  writeFileSync(
    path.join(tree, 'drivers/tty/serial/ours.c'),
    [
      '#include "names.h"',
      '#define DEV_NAME\t"ttyDEV"',
      '/* struct console fake = { .name = "ttyCOMMENT" }; */',
      'static struct console lit_console = {',
      '\t.name\t\t= "ttyLIT",',
      '\t.write\t\t= lit_write,',
      '\t.index\t\t= -1,',
      '};',
      'static struct console macro_console = { .name = DEV_NAME, .flags = CON_PRINTBUFFER };',
      'static struct console header_console = { .name = OUR_TTY_NAME };',
      '#ifdef CONFIG_OUR_CONSOLE',
      'static struct console gated_console = { .name = "ttyGATED" };',
      '#endif',
      '#if 0',
      'static struct console dead_console = { .name = "ttyDEAD" };',
      '#endif',
      'static int probe(struct our *p)',
      '{',
      '\tstrcpy(p->console.name, "ttySTART");',
      '\treturn 0;',
      '}',
      '',
    ].join('\n'),
  );
  const got = consolesOf(tree, 'drivers/tty/serial/ours.c').map((c) => [c.name, c.line, c.gates.join(',')]);
  assert.deepEqual(got, [
    ['ttyLIT', 4, ''],
    ['ttyDEV', 9, ''],
    ['ttyOUR', 10, ''],
    ['ttyGATED', 12, 'OUR_CONSOLE'],
    ['ttySTART', 19, ''],
  ]);
});

test('the derived tables: the consoles every release registers, and what only some do', () => {
  for (const v of ['3.1', '3.2', '4.19', '6.1', '6.12'] as const) {
    const c = releaseTable(v).consoles;
    for (const name of ['tty', 'ttyS', 'hvc', 'netcon', 'lp']) assert.ok(c.has(name), `${v}: ${name}`);
    assert.ok(!c.has('ttyACM'), `${v}: cdc-acm registers no console`);
  }
  // Xen's early boot console is x86's (drivers/tty/hvc/hvc_xen.c under CONFIG_X86)
  assert.deepEqual(releaseTable('6.1').consoles.get('xenboot'), ['x86_64']);
  // ttynull came in 5.10 (drivers/tty/ttynull.c)
  assert.ok(!releaseTable('4.19').consoles.has('ttynull'));
  assert.ok(releaseTable('5.10').consoles.has('ttynull'));
});

test("console= is judged by the release's own console names and the line's architecture", () => {
  const diags = (value: string, arch?: 'arm64') =>
    service(arch ? { arch } : undefined)
      .diagnose(
        doc(
          `title L\n root (hd0,0)\n kernel /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 console=${value}\n`,
          'menu-lst',
        ),
      )
      .filter((d) => d.code === 'linux/invalid-value')
      .map((d) => `${d.severity}: ${d.message}`);
  for (const ok of ['ttyS0,115200n8', 'hvc0', 'tty1', 'ttyUSB0', 'netcon0', 'ttyGS0', 'ttyprintk0'])
    assert.deepEqual(diags(ok), [], ok);
  assert.deepEqual(diags('ttyTCU0'), [], 'Tegra names its console when the driver starts');
  // i.MX's UARTs (drivers/tty/serial/imx.c) are arm64's in 6.1's derived table
  assert.deepEqual(diags('ttymxc0', 'arm64'), []);
  const [imx] = diags('ttymxc0');
  assert.match(imx ?? '', /^info: In Linux 6\.1\.\d+ only arm64 drivers register the console "ttymxc"/);
  const [acm] = diags('ttyACM0');
  assert.match(acm ?? '', /^info: No driver in Linux 6\.1\.\d+'s own source registers a console named "ttyACM"/);
  assert.match(diags('serial-port')[0] ?? '', /^warning: /);
});
