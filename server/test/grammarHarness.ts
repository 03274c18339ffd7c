// The project's TextMate grammars (as package.json contributes them), tokenized with the same
// engine VS Code uses: vscode-textmate on vscode-oniguruma.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: Array<{ scopeName: string; path: string }> };
};
const files = new Map(manifest.contributes.grammars.map((g) => [g.scopeName, path.join(root, g.path)]));

let registry: textmate.Registry | undefined;

export async function grammar(scope: string): Promise<textmate.IGrammar> {
  if (!registry) {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = files.get(scopeName);
        return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
    });
  }
  const g = await registry.loadGrammar(scope);
  assert.ok(g, `grammar ${scope} loads`);
  return g;
}

/** For each line of `text`, its tokens as [text, scopes]. */
export async function lineTokens(scope: string, text: string): Promise<Array<Array<[string, string[]]>>> {
  const g = await grammar(scope);
  let stack = textmate.INITIAL;
  const out: Array<Array<[string, string[]]>> = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    out.push(r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]));
    stack = r.ruleStack;
  }
  return out;
}

/** Every non-blank token of `text` with its innermost scope, in order. */
export async function innermostScopes(scope: string, text: string): Promise<Array<[string, string]>> {
  return (await lineTokens(scope, text))
    .flat()
    .filter(([s]) => s.trim() !== '')
    .map(([s, scopes]) => [s, scopes[scopes.length - 1]]);
}
