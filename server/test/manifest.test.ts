// package.json (the extension manifest) must agree with what the server reads and detects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LANGUAGE_IDS, languageForPath } from '../src/core/languages';
import { resolveSettings, type ResolvedSettings } from '../src/core/types';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

test('every language id is contributed with a grammar, and nothing else is', () => {
  const contributed = manifest.contributes.languages.map((l: { id: string }) => l.id).sort();
  assert.deepEqual(contributed, [...LANGUAGE_IDS].sort());
  const grammars = manifest.contributes.grammars.map((g: { language: string }) => g.language).sort();
  assert.deepEqual(grammars, [...LANGUAGE_IDS].sort());
});

test('settings in the manifest are exactly the ones the server reads', () => {
  const props = Object.keys(manifest.contributes.configuration.properties)
    .filter((k) => k !== 'xenConfig.trace.server')
    .map((k) => k.replace(/^xenConfig\./, ''))
    .sort();
  // archSet is not a setting: it says whether `arch` was set (else x86_64 is only the default)
  const read: Array<keyof ResolvedSettings> = (
    Object.keys(resolveSettings({})) as Array<keyof ResolvedSettings>
  ).filter((k) => k !== 'archSet');
  assert.deepEqual(props, [...read].sort());
  const p = manifest.contributes.configuration.properties;
  assert.deepEqual(p['xenConfig.arch'].enum, ['x86_64', 'arm64']);
  assert.deepEqual(p['xenConfig.role'].enum, ['none', 'dom0', 'domU']);
});

test('file names map to the languages the manifest associates them with', () => {
  const cases: Array<[string, string]> = [
    ['/boot/grub/menu.lst', 'menu-lst'],
    ['/boot/grub/grub.conf', 'menu-lst'],
    ['/boot/grub/grub.cfg', 'grub-cfg'],
    ['/etc/default/grub', 'grub-default'],
    ['/etc/default/grub.d/xen.cfg', 'grub-default'],
    ['/usr/src/linux/.config', 'kernel-config'],
    ['kernel/configs/xen.config', 'kernel-config'],
    ['arch/x86/configs/x86_64_defconfig', 'kernel-config'],
    ['/boot/config-6.1.0-18-amd64', 'kernel-config'],
    ['drivers/xen/Kconfig', 'kconfig'],
    ['arch/x86/Kconfig.cpu', 'kconfig'],
    ['/etc/xen/web01.cfg', 'xl-cfg'],
    ['/etc/xen/xl.conf', 'xl-cfg'],
    ['/etc/xen/auto/web01.cfg', 'xl-cfg'],
  ];
  for (const [file, lang] of cases) assert.equal(languageForPath(file), lang, file);
  assert.equal(languageForPath('/etc/fstab'), undefined);
  for (const l of manifest.contributes.languages as Array<{ id: string; filenames?: string[] }>) {
    for (const f of l.filenames ?? []) assert.equal(languageForPath(`/x/${f}`), l.id, f);
  }
});
