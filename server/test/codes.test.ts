// Diagnostic codes: well-formed, documented, and docs/diagnostics.md is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allCodes, CODE_PATTERN } from '../src/service/codes';
import { renderDiagnosticsDoc } from '../../scripts/gen-docs';

test('every code is <area>/<kebab-name> with a severity and a summary', () => {
  assert.ok(allCodes().size > 0);
  for (const [code, info] of allCodes()) {
    assert.match(code, CODE_PATTERN, code);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(info.severity), code);
    assert.ok(info.summary.length > 20, `${code} has a real summary`);
  }
});

test('docs/diagnostics.md is generated from the current code tables (run `npm run docs`)', () => {
  const committed = readFileSync(path.resolve(__dirname, '../../docs/diagnostics.md'), 'utf8');
  assert.equal(committed, renderDiagnosticsDoc());
});
