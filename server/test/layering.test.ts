// The layering lint (eslint.config.mjs, ARCHITECTURE.md "Layers") really refuses a wrong arrow: a
// file planted in an area that imports upward, a contract that imports an area, the CLI reaching
// around the front door, and an import that closes a cycle each fail; the same import pointing
// down passes. Runs ESLint's Node API on text given a path inside server/src (nothing is written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return r.messages.map((m) => m.ruleId ?? m.message);
}

test('an area importing the wiring above it fails the lint', async () => {
  const ids = await ruleIds('server/src/xen/planted.ts', "export { codeInfo } from '../service/codes';\n");
  assert.deepEqual(ids, ['import-x/no-restricted-paths']);
});

test('a contract in core/ importing an area fails the lint', async () => {
  const ids = await ruleIds('server/src/core/planted.ts', "export { xenCodes } from '../xen/codes';\n");
  assert.deepEqual(ids, ['import-x/no-restricted-paths']);
});

test('the Kconfig engine importing the kernel-configuration area above it fails the lint', async () => {
  const ids = await ruleIds('server/src/kconfig/planted.ts', "export { treeFor } from '../kernelconfig/kernelTree';\n");
  assert.deepEqual(ids, ['import-x/no-restricted-paths']);
});

test('the command-line host importing the kernel cross-checks (wired in by the service instead) fails the lint', async () => {
  const ids = await ruleIds(
    'server/src/cmdline/planted.ts',
    "export { crossCheckSegment } from '../kernelconfig/crossCheck';\n",
  );
  assert.deepEqual(ids, ['import-x/no-restricted-paths']);
});

test('the CLI reaching around the front door fails the lint', async () => {
  const ids = await ruleIds('server/src/cli/planted.ts', "export { xenCodes } from '../xen/codes';\n");
  assert.deepEqual(ids, ['import-x/no-restricted-paths']);
});

test('an import that closes a cycle fails the lint', async () => {
  // core/text.ts is imported (directly or not) by xen/check.ts: importing it back is a cycle
  // inside one layer's reach, which no-cycle catches even where the layers would allow the arrow
  const ids = await ruleIds(
    'server/src/xen/codes.ts',
    "import { diagnoseXen } from './check';\nexport const x = diagnoseXen;\n",
  );
  assert.ok(ids.includes('import-x/no-cycle'), ids.join(', '));
});

test('the same imports pointing down pass', async () => {
  assert.deepEqual(await ruleIds('server/src/xen/planted.ts', "export { xenCodes } from './codes';\n"), []);
  assert.deepEqual(await ruleIds('server/src/service/planted.ts', "export { xenCodes } from '../xen/codes';\n"), []);
  assert.deepEqual(
    await ruleIds('server/src/kernelconfig/planted.ts', "export { nodeFs } from '../kconfig/nodeFs';\n"),
    [],
  );
});
