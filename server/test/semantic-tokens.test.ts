// Semantic tokens through the front door, for the command lines embedded in GRUB menus,
// /etc/default/grub and xl `extra=`. `|` marks the start of the token under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, docAtCursor, service } from './helpers';
import type { SemanticToken } from '../src/core/types';
import { SEMANTIC_TOKEN_TYPES } from '../src/core/types';

/** The token starting at the `|`, as "type:text". */
function tokenAt(text: string, languageId: string): string {
  const { doc: d, pos } = docAtCursor(text, languageId);
  const t = service()
    .semanticTokens(d)
    .find((x) => x.line === pos.line && x.character === pos.character);
  if (!t) return 'none';
  return `${t.type}:${d.getText({ start: pos, end: { line: pos.line, character: pos.character + t.length } })}`;
}

const legacy = (kernel: string, module = '/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro') =>
  `title Xen\n    root (hd0,0)\n    kernel ${kernel}\n    module ${module}\n`;

test('menu.lst: image, parameter, value, sub-option, and unknown names from the engines', () => {
  assert.equal(tokenAt(legacy('|/boot/xen-4.17.gz dom0_mem=4G,max:4G'), 'menu-lst'), 'image:/boot/xen-4.17.gz');
  assert.equal(tokenAt(legacy('/boot/xen-4.17.gz |dom0_mem=4G,max:4G'), 'menu-lst'), 'parameter:dom0_mem');
  assert.equal(tokenAt(legacy('/boot/xen-4.17.gz dom0_mem=|4G,max:4G'), 'menu-lst'), 'value:4G');
  assert.equal(tokenAt(legacy('/boot/xen-4.17.gz dom0_mem=4G,|max:4G'), 'menu-lst'), 'subOption:max');
  assert.equal(tokenAt(legacy('/boot/xen-4.17.gz dom0_mem=4G,max:|4G'), 'menu-lst'), 'value:4G');
  assert.equal(tokenAt(legacy('/boot/xen-4.17.gz |guest_lvl=all'), 'menu-lst'), 'unknownParameter:guest_lvl');
  assert.equal(
    tokenAt(legacy('/boot/xen-4.17.gz', '/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 |noaspi'), 'menu-lst'),
    'unknownParameter:noaspi',
  );
  assert.equal(
    tokenAt(legacy('/boot/xen-4.17.gz', '/boot/vmlinuz-6.1.0-18-amd64 |root=/dev/sda1'), 'menu-lst'),
    'parameter:root',
  );
  // GRUB's own commands are the grammar's job, not tokens.
  assert.equal(tokenAt('title Xen\n    |root (hd0,0)\n', 'menu-lst'), 'none');
});

test('grub.cfg: the boot file of a loader line is an image token, the rest is the command line', () => {
  const entry = (line: string) => `menuentry 'Xen' {\n  ${line}\n  module2 /boot/vmlinuz-6.1.0 root=/dev/sda1 ro\n}\n`;
  assert.equal(tokenAt(entry('multiboot2 |/boot/xen-4.17.gz dom0_mem=2G'), 'grub-cfg'), 'image:/boot/xen-4.17.gz');
  assert.equal(tokenAt(entry('multiboot2 /boot/xen-4.17.gz |dom0_mem=2G'), 'grub-cfg'), 'parameter:dom0_mem');
  assert.equal(
    tokenAt(entry('multiboot2 /boot/xen-4.17.gz |bogus_option=1'), 'grub-cfg'),
    'unknownParameter:bogus_option',
  );
  assert.equal(tokenAt(entry('|multiboot2 /boot/xen-4.17.gz'), 'grub-cfg'), 'none');
});

test('/etc/default/grub: GRUB_CMDLINE_* values are tokenised inside their quotes', () => {
  assert.equal(tokenAt('GRUB_CMDLINE_XEN="|dom0_mem=1G,max:1G"\n', 'grub-default'), 'parameter:dom0_mem');
  assert.equal(tokenAt('GRUB_CMDLINE_XEN="dom0_mem=1G,|max:1G"\n', 'grub-default'), 'subOption:max');
  assert.equal(tokenAt('GRUB_CMDLINE_LINUX_DEFAULT="quiet |noaspi"\n', 'grub-default'), 'unknownParameter:noaspi');
  assert.equal(tokenAt('|GRUB_TIMEOUT=5\n', 'grub-default'), 'none');
});

test('xl extra=: Linux parameters of a PV guest', () => {
  const cfg = (extra: string) =>
    `name = "web01"\ntype = "pv"\nkernel = "/boot/vmlinuz-6.1.0"\nextra = "${extra}"\nmemory = 1024\n`;
  assert.equal(tokenAt(cfg('|console=hvc0 quiet'), 'xl-cfg'), 'parameter:console');
  assert.equal(tokenAt(cfg('console=|hvc0 quiet'), 'xl-cfg'), 'value:hvc0');
  assert.equal(tokenAt(cfg('console=hvc0 |noaspi'), 'xl-cfg'), 'unknownParameter:noaspi');
});

test('tokens are sorted, on one line each, non-overlapping, of declared types', () => {
  const texts: Array<[string, string]> = [
    [
      legacy(
        '/boot/xen-4.17.gz dom0_mem=4G,max:4G iommu=on,verbose loglvl=all/all',
        '/boot/vmlinuz-6.1.0 root=/dev/sda1 console=hvc0 xen-pciback.hide=(03:00.0)',
      ),
      'menu-lst',
    ],
    [
      "menuentry 'x' {\n  multiboot2 /boot/xen.gz dom0_mem=2G\n  module2 /boot/vmlinuz root=/dev/sda1\n  module2 /boot/initrd.img\n}\n",
      'grub-cfg',
    ],
    ['GRUB_CMDLINE_LINUX="a=\'b c\' d"\nGRUB_CMDLINE_XEN_DEFAULT="x y=z"\n', 'grub-default'],
    [
      'name = "a"\ntype = "pv"\nkernel = "/k"\nextra = "console=hvc0 xen-pciback.hide=(03:00.0) b=c,d:e"\ncmdline = "x"\n',
      'xl-cfg',
    ],
  ];
  for (const [text, lang] of texts) {
    const d = doc(text, lang);
    const toks: SemanticToken[] = service().semanticTokens(d);
    assert.ok(toks.length > 0, lang);
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      assert.ok((SEMANTIC_TOKEN_TYPES as readonly string[]).includes(t.type));
      assert.ok(t.length > 0);
      const lineLen = d
        .getText({ start: { line: t.line, character: 0 }, end: { line: t.line + 1, character: 0 } })
        .replace(/\r?\n$/, '').length;
      assert.ok(t.character + t.length <= lineLen, `${lang}: token inside its line`);
      if (i) {
        const p = toks[i - 1];
        assert.ok(p.line < t.line || p.character + p.length <= t.character, `${lang}: sorted, no overlap`);
      }
    }
  }
});

test('odd input never throws', () => {
  for (const [text, lang] of [
    ['kernel', 'menu-lst'],
    ['title\n kernel /x "', 'menu-lst'],
    ['menuentry {\n linux', 'grub-cfg'],
    ['GRUB_CMDLINE_LINUX="', 'grub-default'],
  ]) {
    assert.doesNotThrow(() => service().semanticTokens(doc(text, lang)));
  }
});
