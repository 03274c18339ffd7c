// Child process of parsers.test.ts: runs one shape of parserCases.ts through the language service
// at one size and prints, as one JSON line, how long each feature took. The parent bounds this
// process with a kill timer and --max-old-space-size, so a hang or a blow-up fails the test.
//   node --import tsx test/hostile/parserRunner.ts <case index> <size>
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/service';
import { QUADRATIC } from './parserCases';

const [index, size] = process.argv.slice(2).map(Number);
const c = QUADRATIC[index];
const text = c.text(size);
const doc = TextDocument.create(`file:///hostile/${index}/${c.fileName}`, c.languageId, 1, text);
const service = createLanguageService();
const end = doc.positionAt(text.length);
const at = c.at === 'end' ? end : doc.positionAt(text.length >> 1);
const whole = { start: { line: 0, character: 0 }, end };

const run: Record<string, () => unknown> = {
  diagnose: () => service.diagnose(doc).map((d) => d.message.length),
  complete: () => service.complete(doc, at).length,
  inlay: () => service.inlayHints(doc, whole).map((h) => h.label.length),
  hover: () => service.hover(doc, at)?.markdown.length ?? 0,
  tokens: () => service.semanticTokens(doc).length,
  symbols: () => service.symbols(doc).length,
};

const out: { ms: Record<string, number>; errors: string[]; longestMessage: number } = {
  ms: {},
  errors: [],
  longestMessage: 0,
};
// Warm the modules and knowledge up on a small document, so the timings are the work on this one.
const warm = createLanguageService();
const small = TextDocument.create('file:///warm2', c.languageId, 1, c.text(10));
warm.diagnose(small);
warm.hover(small, { line: 0, character: 1 });
warm.complete(small, small.positionAt(small.getText().length));
warm.inlayHints(small, { start: { line: 0, character: 0 }, end: small.positionAt(small.getText().length) });

for (const f of c.features) {
  const t0 = performance.now();
  try {
    const r = run[f]();
    if (f === 'diagnose') for (const n of r as number[]) out.longestMessage = Math.max(out.longestMessage, n);
  } catch (e) {
    out.errors.push(`${f}: ${String(e).slice(0, 300)}`);
  }
  out.ms[f] = Math.round(performance.now() - t0);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
