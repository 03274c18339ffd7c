// A bounded fuzz run over every parser (through every language mode); `npm run fuzz` runs longer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { corpus, fuzz } from './fuzzHarness';

test('2,000 mutated inputs across all languages: no exception, ranges inside, codes registered', () => {
  const seeds = corpus(path.resolve(__dirname, '../../examples'));
  assert.ok(seeds.length > 0, 'examples/ provides seed files');
  const result = fuzz(seeds, 2000, 20261126);
  assert.deepEqual(result.failures, []);
});
