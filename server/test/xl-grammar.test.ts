// The TextMate grammar for xl files, run through the same engine VS Code uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '../..');

async function grammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === 'source.xl-cfg'
      ? textmate.parseRawGrammar(readFileSync(path.join(root, 'syntaxes/xl-cfg.tmLanguage.json'), 'utf8'), 'xl-cfg.tmLanguage.json')
      : null),
  });
  return (await registry.loadGrammar('source.xl-cfg'))!;
}

/** [text, innermost scope] for each token of each line. */
function tokens(g: textmate.IGrammar, text: string): Array<[string, string]> {
  let stack = textmate.INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push([s, t.scopes[t.scopes.length - 1]]);
    }
    stack = r.ruleStack;
  }
  return out;
}

test('keys, operators, strings, escapes, numbers, lists and comments', async () => {
  const g = await grammar();
  const t = tokens(g, `name = "web\\x41" # the name\nmemory += 0x200; vcpus=2\ndisk = [ 'a,b',\n  "c\\q" ]\npae = yes`);
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
  const g = await grammar();
  for (const f of ['pv-guest.cfg', 'pvh-guest.cfg', 'hvm-guest.cfg', 'xl.conf']) {
    const t = tokens(g, readFileSync(path.join(root, 'examples/xen', f), 'utf8'));
    assert.deepEqual(t.filter(([, s]) => s.startsWith('invalid')), [], f);
  }
});
