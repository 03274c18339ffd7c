// Every knowledge file under server/data validates against the schema it names in `$schema`,
// and records where its facts come from (`origin`). Data-driven: a new file is checked as it lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';

const dataDir = path.resolve(__dirname, '../data');

function dataFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'schema' ? [] : dataFiles(p);
    return n.endsWith('.json') ? [p] : [];
  });
}

test('every data file validates against its schema and has an origin', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const files = dataFiles(dataDir);
  assert.ok(files.length >= 19, `found ${files.length} data files`);
  for (const file of files) {
    const rel = path.relative(dataDir, file);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string; origin?: unknown };
    assert.ok(json.$schema, `${rel} names its schema in $schema`);
    assert.ok(json.origin, `${rel} records its origin`);
    const schemaPath = path.resolve(path.dirname(file), json.$schema);
    if (!compiled.has(schemaPath)) compiled.set(schemaPath, ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8'))));
    const validate = compiled.get(schemaPath)!;
    assert.ok(validate(json), `${rel}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('the schema check fails on data that breaks the schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schema = JSON.parse(readFileSync(path.join(dataDir, 'schema', 'grub-legacy-commands.schema.json'), 'utf8'));
  const data = JSON.parse(readFileSync(path.join(dataDir, 'grub', 'legacy-commands.json'), 'utf8'));
  data.commands.kernel = { where: 'everywhere' };
  assert.equal(ajv.compile(schema)(data), false);
});
