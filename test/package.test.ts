// The packaged .vsix: under the size budget, and holding everything the extension needs at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const VSIX = path.resolve(__dirname, '..', 'xen-config.vsix');

/** File names in a zip archive, read from its central directory. */
function zipEntries(buf: Buffer): string[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'the .vsix is a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extra + comment;
  }
  return names;
}

test('the .vsix is under 10 MB and contains the bundles, data, grammars and icon', () => {
  assert.ok(existsSync(VSIX), 'npm test packages the extension first (npm run package)');
  const size = statSync(VSIX).size;
  assert.ok(size < 10 * 1024 * 1024, `vsix is ${(size / 1048576).toFixed(2)} MB`);
  const names = zipEntries(readFileSync(VSIX));
  for (const need of [
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/server.bundle.js',
    'extension/dist/cli.js',
    'extension/dist/cli.bundle.js',
    'extension/dist/cli-kconfig.bundle.js',
    'extension/package.json',
    'extension/images/icon.png',
    'extension/readme.md',
    'extension/LICENSE.txt',
  ]) {
    assert.ok(names.includes(need), `${need} in the package (has ${names.length} files)`);
  }
  for (const lang of ['menu-lst', 'grub-cfg', 'grub-default', 'kernel-config', 'kconfig', 'xl-cfg']) {
    assert.ok(names.includes(`extension/syntaxes/${lang}.tmLanguage.json`), `${lang} grammar packaged`);
  }
  // Every data file the build copied must ship, or the server would fail to load knowledge.
  assert.ok(
    names.some((n) => n.startsWith('extension/dist/data/')),
    'knowledge data packaged',
  );
  assert.ok(
    !names.some((n) => n.includes('node_modules/') || n.includes('/test/') || n.endsWith('.map')),
    'no sources, tests, maps or node_modules',
  );
});
