// `check --format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).
// One run; one rule per code that occurs, with its summary and its page's text as help; results
// with 1-based regions whose columns count Unicode code points (declared in `columnKind`, and what
// SARIF readers assume when it is absent), and the service's quick fixes as SARIF fixes.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeInfo } from '../service/codes';
import type { Diagnostic, Position, Severity } from '../core/types';
import { codeDocPath, codePage } from './docs';
import { VERSION } from '../service/version';

export interface SarifFile {
  /** The path as given on the command line. */
  shown: string;
  abs: string;
  language: string;
  doc: TextDocument;
  diagnostics: Diagnostic[];
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};
const BASE = '%SRCROOT%';

/** A UTF-16 position as SARIF's 1-based line and code-point column. */
function sarifPosition(doc: TextDocument, p: Position): { line: number; column: number } {
  const lineStart = doc.offsetAt({ line: p.line, character: 0 });
  const upTo = doc.getText().slice(lineStart, doc.offsetAt(p));
  let cps = 0;
  for (let i = 0; i < upTo.length; i++) {
    const c = upTo.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < upTo.length) {
      const d = upTo.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++; // a surrogate pair is one code point
    }
    cps++;
  }
  return { line: doc.positionAt(lineStart).line + 1, column: cps + 1 };
}

function region(doc: TextDocument, r: { start: Position; end: Position }) {
  const s = sarifPosition(doc, r.start);
  const e = sarifPosition(doc, r.end);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

/** The artifact's location: relative to the working folder (%SRCROOT%) when inside it, else an absolute file URI. */
function artifactLocation(abs: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: BASE };
}

function rule(code: string) {
  const info = codeInfo(code);
  const summary = info?.summary ?? code;
  const docPath = codeDocPath(code);
  const page = codePage(code);
  const text = `${summary}\n\nThe page ${docPath} in xen-config's sources explains it (what it means, what happens at boot or build, an example, the fix); \`xen-config explain ${code}\` prints it.`;
  return {
    id: code,
    name: code.split('/')[1].replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: summary },
    fullDescription: { text: summary },
    help: page ? { text, markdown: page } : { text },
    defaultConfiguration: { level: LEVEL[info?.severity ?? 'warning'] },
    properties: { tags: ['xen-config', code.split('/')[0]], documentation: docPath },
  };
}

function result(f: SarifFile, d: Diagnostic, ruleIndex: number, artifactIndex: number, cwd: string) {
  const location = { ...artifactLocation(f.abs, cwd), index: artifactIndex };
  const out: Record<string, unknown> = {
    ruleId: d.code,
    ruleIndex,
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(f.doc, d.range) } }],
  };
  if (d.fixes?.length) {
    out.fixes = d.fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: fix.edits.map((e) => ({
            deletedRegion: region(f.doc, e.range),
            insertedContent: { text: e.newText },
          })),
        },
      ],
    }));
  }
  return out;
}

/** Writes the SARIF log piece by piece (a large report never has to fit in one string). */
export function writeSarif(files: SarifFile[], cwd: string, write: (s: string) => void): void {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const run = {
    tool: {
      driver: {
        name: 'xen-config',
        version: VERSION,
        semanticVersion: VERSION,
        rules: codes.map(rule),
      },
    },
    invocations: [{ executionSuccessful: true }],
    originalUriBaseIds: { [BASE]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
    artifacts: files.map((f) => ({ location: artifactLocation(f.abs, cwd), sourceLanguage: f.language })),
    columnKind: 'unicodeCodePoints',
  };
  const head = JSON.stringify(
    { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] },
    null,
    1,
  );
  // Splice the results into the run: `…"columnKind":"unicodeCodePoints"\n }\n ]\n}` → add "results".
  const cut = head.lastIndexOf('}', head.lastIndexOf(']'));
  write(`${head.slice(0, cut).trimEnd()},\n  "results": [`);
  let first = true;
  files.forEach((f, artifactIndex) => {
    for (const d of f.diagnostics) {
      write(`${first ? '' : ','}\n   ${JSON.stringify(result(f, d, ruleIndex.get(d.code)!, artifactIndex, cwd))}`);
      first = false;
    }
  });
  write(`\n  ]\n${head.slice(cut)}\n`);
}
