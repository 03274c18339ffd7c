// The bundled GRUB knowledge validates against its schemas and keeps its origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const dataDir = path.resolve(__dirname, '../data/grub');
const schemaDir = path.resolve(__dirname, '../data/schema');

test('GRUB data files validate against their schemas', async (t) => {
  let Ajv2020: typeof import('ajv/dist/2020').default;
  try {
    Ajv2020 = (await import('ajv/dist/2020')).default;
  } catch {
    t.skip('ajv is not installed');
    return;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const [data, schema] of [
    ['legacy-commands.json', 'grub-legacy-commands.schema.json'],
    ['grub2-commands.json', 'grub2-commands.schema.json'],
    ['default-variables.json', 'grub-default-variables.schema.json'],
  ]) {
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, schema), 'utf8')));
    const json: { $schema?: string } = JSON.parse(readFileSync(path.join(dataDir, data), 'utf8'));
    assert.equal(json.$schema, `../schema/${schema}`);
    assert.ok(validate(json), `${data}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('GRUB 2 command names are not listed twice', () => {
  const d = JSON.parse(readFileSync(path.join(dataDir, 'grub2-commands.json'), 'utf8'));
  const twice = (d.otherCommands as string[]).filter((c) => d.commands[c]);
  assert.deepEqual(twice, []);
});
