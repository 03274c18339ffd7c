// Long fuzz run: `npm run fuzz -- [COUNT] [SEED]` (default 100,000 inputs).
import * as path from 'node:path';
import { corpus, fuzz } from '../server/test/fuzzHarness';

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 100000);
const seeds = corpus(path.resolve(__dirname, '..', 'examples'));
const started = Date.now();
const r = fuzz(seeds, count, seed);
console.log(
  `${r.inputs} inputs from ${seeds.length} seed files, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s, ${r.codes.size} distinct codes seen`,
);
if (r.failures.length) {
  console.log(r.failures.join('\n\n'));
  process.exitCode = 1;
} else console.log('no failures');
