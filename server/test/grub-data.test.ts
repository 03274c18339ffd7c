// The bundled GRUB knowledge: consistency of the command tables (schemas: data-schemas.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const dataDir = path.resolve(__dirname, '../data/grub');

test('GRUB 2 command names are not listed twice', () => {
  const d = JSON.parse(readFileSync(path.join(dataDir, 'grub2-commands.json'), 'utf8'));
  const twice = (d.otherCommands as string[]).filter((c) => d.commands[c]);
  assert.deepEqual(twice, []);
});
