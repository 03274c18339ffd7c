// Which files are kernel configurations: `*.config` only when the content reads as one (never a
// .NET web.config), conf-written files with any name in the CLI, /etc/xen/auto/*.cfg as xl.
// The files are written here, in the forms met on real systems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { doc, service } from './helpers';
import { languageForFile, languageForPath, looksLikeKernelConfig } from '../src/core/languages';
import { run } from '../src/cli/main';

const WEB_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.webServer>
    <handlers><add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" /></handlers>
  </system.webServer>
</configuration>
`;
const APP_CONFIG =
  '<configuration>\n  <appSettings>\n    <add key="Mode" value="fast" />\n  </appSettings>\n</configuration>\n';
const NUGET_CONFIG =
  '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n';
const CONF_WRITTEN =
  '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86_64 3.18.0 Kernel Configuration\n#\nCONFIG_64BIT=y\nCONFIG_X86_64=y\n# CONFIG_XEN_PVH is not set\nCONFIG_XEN=y\n';
const FRAGMENT = '# Xen guest additions\nCONFIG_XEN=y\nCONFIG_XEN_PVH=y\n# CONFIG_XEN_DOM0 is not set\n';

test('content: kernel configurations and fragments read as such, XML and prose do not', () => {
  for (const t of [CONF_WRITTEN, FRAGMENT, 'CONFIG_XEN=y\n', '', '# only a comment\n', 'CONFIG_XEN=y\nXEN_PVH=y\n'])
    assert.ok(looksLikeKernelConfig(t), JSON.stringify(t));
  for (const t of [
    WEB_CONFIG,
    APP_CONFIG,
    NUGET_CONFIG,
    '\uFEFF<?xml version="1.0"?>\n<configuration/>\n',
    'root = /srv\nmode = fast\nlevel = 3\n',
  ]) {
    assert.ok(!looksLikeKernelConfig(t), JSON.stringify(t));
  }
  // Without a name that suggests it: conf's header, or nothing but configuration lines.
  assert.ok(looksLikeKernelConfig(CONF_WRITTEN, true));
  assert.ok(looksLikeKernelConfig(FRAGMENT, true));
  assert.ok(!looksLikeKernelConfig('', true));
  assert.ok(!looksLikeKernelConfig('# a shell script\necho CONFIG_XEN=y\n', true));
  assert.ok(
    looksLikeKernelConfig(
      "#\n# Automatically generated make config: don't edit\n# Linux kernel version: 2.6.32\n",
      true,
    ),
  );
  assert.ok(
    looksLikeKernelConfig(
      '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 6.6.0 Kernel Configuration\n',
      true,
    ),
  );
});

test('file names and content together', () => {
  assert.equal(
    languageForFile('/src/MyApp/web.config', () => WEB_CONFIG),
    undefined,
  );
  assert.equal(
    languageForFile('/src/MyApp/App.config', () => APP_CONFIG),
    undefined,
  );
  assert.equal(
    languageForFile('/src/nuget.config', () => NUGET_CONFIG),
    undefined,
  );
  assert.equal(
    languageForFile('/linux/kernel/configs/xen.config', () => FRAGMENT),
    'kernel-config',
  );
  assert.equal(
    languageForFile('/linux/.config', () => WEB_CONFIG),
    'kernel-config',
    '.config is always a kernel configuration',
  );
  assert.equal(
    languageForFile('/qubes/config-base', () => CONF_WRITTEN),
    'kernel-config',
  );
  assert.equal(
    languageForFile('/alpine/config', () => CONF_WRITTEN),
    'kernel-config',
  );
  assert.equal(
    languageForFile('/x/xen.myfrag', () => FRAGMENT),
    'kernel-config',
  );
  assert.equal(
    languageForFile('/x/notes.txt', () => 'shopping list\n'),
    undefined,
  );
  assert.equal(languageForPath('/etc/xen/auto/web01.cfg'), 'xl-cfg');
  assert.equal(languageForPath('/etc/xen/web01.cfg'), 'xl-cfg');
});

test('the server says nothing about a web.config opened as a kernel configuration', () => {
  const svc = service();
  for (const [name, text] of [
    ['web.config', WEB_CONFIG],
    ['app.config', APP_CONFIG],
    ['nuget.config', NUGET_CONFIG],
  ]) {
    const d = doc(text, 'kernel-config', `file:///src/MyApp/${name}`);
    assert.deepEqual(svc.diagnose(d), [], name);
    assert.equal(svc.hover(d, { line: 1, character: 3 }), null, name);
  }
  // A kernel fragment named *.config still gets its findings, typos included.
  const frag = svc.diagnose(
    doc(
      '# xen-config: linux=6.1\nCONFIG_XEN=m\nXEN_PVH=y\n',
      'kernel-config',
      'file:///linux/kernel/configs/xen.config',
    ),
  );
  assert.deepEqual(
    frag.map((d) => d.code),
    ['kconfig/invalid-value', 'kconfig/malformed-line'],
  );
});

test('the manifest claims *.config by content (firstLine), not by name alone', () => {
  const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
  const langs = manifest.contributes.languages as Array<{
    id: string;
    filenamePatterns?: string[];
    firstLine?: string;
  }>;
  const kc = langs.find((l) => l.id === 'kernel-config')!;
  assert.ok(!kc.filenamePatterns?.includes('*.config'), '*.config would claim every .NET web.config');
  const first = new RegExp(kc.firstLine!);
  for (const l of [
    'CONFIG_XEN=y',
    '# CONFIG_XEN_DOM0 is not set',
    '# Automatically generated file; DO NOT EDIT.',
    '# Linux/x86 6.1.0 Kernel Configuration',
    '# Linux kernel version: 2.6.32',
  ])
    assert.ok(first.test(l), l);
  for (const l of ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '#', '#!/bin/sh', 'name = "web01"'])
    assert.ok(!first.test(l), l);
  // Kernel-tree fragments keep their name-based claim.
  assert.ok(kc.filenamePatterns?.includes('**/configs/*.config'));
  const xl = langs.find((l) => l.id === 'xl-cfg')!;
  assert.ok(xl.filenamePatterns?.includes('**/xen/auto/*.cfg'));
});

test('the CLI recognizes conf-written files by content and skips a web.config in a folder', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xc-recognition-'));
  writeFileSync(path.join(dir, 'config'), CONF_WRITTEN);
  writeFileSync(path.join(dir, 'config-base'), CONF_WRITTEN.replace('3.18.0', '6.6.0'));
  writeFileSync(path.join(dir, 'xen.myfrag'), FRAGMENT);
  writeFileSync(path.join(dir, 'web.config'), WEB_CONFIG);
  mkdirSync(path.join(dir, 'auto'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), cwd: dir };
  for (const f of ['config', 'config-base', 'xen.myfrag']) {
    out.length = 0;
    const code = await run(['check', '--format', 'json', f], io);
    assert.equal(code, 0, `${f}: ${err.join('')}`);
    assert.equal(JSON.parse(out.join('')).files[0].language, 'kernel-config', f);
  }
  // Named explicitly, a web.config is refused with the reason; in a folder it is skipped.
  err.length = 0;
  assert.equal(await run(['check', 'web.config'], io), 2);
  assert.match(err.join(''), /not a kernel configuration/);
  out.length = 0;
  assert.equal(await run(['check', '--format', 'json', '.'], io), 0);
  const files = JSON.parse(out.join(''))
    .files.map((f: { path: string; language: string }) => `${path.basename(f.path)}:${f.language}`)
    .sort();
  assert.deepEqual(files, ['config-base:kernel-config', 'config:kernel-config']);
});
