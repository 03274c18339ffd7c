// The TextMate grammar for xl files, run through the same engine VS Code uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { innermostScopes } from './grammarHarness';

const root = path.resolve(__dirname, '../..');

test('keys, operators, strings, escapes, numbers, lists and comments', async () => {
  const t = await innermostScopes(
    'source.xl-cfg',
    `name = "web\\x41" # the name\nmemory += 0x200; vcpus=2\ndisk = [ 'a,b',\n  "c\\q" ]\npae = yes`,
  );
  const find = (text: string) => t.find(([s]) => s === text)?.[1];
  assert.equal(find('name'), 'variable.other.property.xl-cfg');
  assert.equal(find('='), 'keyword.operator.assignment.xl-cfg');
  assert.equal(find('\\x41'), 'constant.character.escape.xl-cfg');
  assert.equal(find('# the name'), 'comment.line.number-sign.xl-cfg');
  assert.equal(find('+='), 'keyword.operator.assignment.xl-cfg');
  assert.equal(find('0x200'), 'constant.numeric.xl-cfg');
  assert.equal(find(';'), 'punctuation.terminator.statement.xl-cfg');
  assert.equal(find('vcpus'), 'variable.other.property.xl-cfg');
  assert.equal(find('['), 'punctuation.section.brackets.begin.xl-cfg');
  assert.equal(find('a,b'), 'string.quoted.single.xl-cfg');
  assert.equal(find('\\q'), 'invalid.illegal.escape.xl-cfg');
  assert.equal(find(']'), 'punctuation.section.brackets.end.xl-cfg');
  assert.equal(find('yes'), 'invalid.illegal.bare-word.xl-cfg');
});

test('every example file tokenizes without illegal scopes', async () => {
  for (const f of ['pv-guest.cfg', 'pvh-guest.cfg', 'hvm-guest.cfg', 'xl.conf']) {
    const t = await innermostScopes('source.xl-cfg', readFileSync(path.join(root, 'examples/xen', f), 'utf8'));
    assert.deepEqual(
      t.filter(([, s]) => s.startsWith('invalid')),
      [],
      f,
    );
  }
});
