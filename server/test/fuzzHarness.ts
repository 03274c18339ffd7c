// Mutation fuzzing through the front door: every language mode must answer every feature on any
// input without throwing, with ranges inside the document and only registered codes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../src/service/service';
import { LANGUAGE_IDS, languageForPath, type LanguageId } from '../src/core/languages';
import { codeInfo } from '../src/service/codes';
import type { Range } from '../src/core/types';

/** Small deterministic PRNG (mulberry32), so failures reproduce from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '=',
  '"',
  "'",
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '\\',
  ',',
  ':',
  ';',
  '#',
  ' -- ',
  '--',
  '$(',
  '${',
  '\r',
  '\r\n',
  '\n',
  '\t',
  '\0',
  '\uFFFD',
  '\uD800',
  'é',
  'CONFIG_',
  '# CONFIG_X is not set',
  'title ',
  'kernel ',
  'module ',
  'initrd ',
  'root ',
  '(hd0,0)',
  'menuentry "x" {',
  'multiboot2 /boot/xen.gz ',
  'module2 ',
  'linux /vmlinuz ',
  'GRUB_CMDLINE_XEN="',
  'dom0_mem=',
  'max:',
  'iommu=',
  'console=',
  'earlyprintk=',
  'source "',
  'config ',
  'depends on ',
  'select ',
  'if ',
  'endif',
  'choice',
  'endchoice',
  'help',
  'disk = [ ',
  'vif = [',
  'extra = "',
  'memory = ',
  '1G',
  '-1',
  '99999999999999999999',
  'xen-4.2.0.gz',
  'vmlinuz-3.1',
];

export function corpus(root: string): Array<{ language: LanguageId; text: string }> {
  const out: Array<{ language: LanguageId; text: string }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const language = languageForPath(p);
        if (language) out.push({ language, text: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

export function mutate(text: string, r: () => number): string {
  let t = text;
  const steps = 1 + Math.floor(r() * 6);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0:
        t = t.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 20));
        break;
      case 2:
        t = t.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x10000)) + t.slice(at + 1);
        break;
      case 3: {
        const lines = t.split('\n');
        const i = Math.floor(r() * lines.length);
        lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
        t = lines.join('\n');
        break;
      }
      case 4:
        t = t.slice(0, at);
        break;
      case 5: {
        const a = Math.floor(r() * t.length);
        t = t.slice(0, at) + t.slice(a, a + Math.floor(r() * 80)) + t.slice(at);
        break;
      }
      default: {
        let g = '';
        for (let i = 0; i < 1 + r() * 40; i++) g += String.fromCharCode(Math.floor(r() * 256));
        t = t.slice(0, at) + g + t.slice(at);
      }
    }
  }
  return t;
}

export interface FuzzResult {
  inputs: number;
  failures: string[];
  codes: Set<string>;
}

function inside(doc: TextDocument, r: Range): boolean {
  const ok = (p: { line: number; character: number }) => {
    if (
      !Number.isInteger(p.line) ||
      !Number.isInteger(p.character) ||
      p.line < 0 ||
      p.character < 0 ||
      p.line >= doc.lineCount
    )
      return false;
    const lineText = doc
      .getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } })
      .replace(/\r?\n$|\r$/, '');
    return p.character <= lineText.length;
  };
  return ok(r.start) && ok(r.end);
}

/** Runs `count` mutated inputs; returns failures (empty when all went well). */
export function fuzz(seeds: Array<{ language: LanguageId; text: string }>, count: number, seed = 1): FuzzResult {
  const r = rng(seed);
  const service = createLanguageService();
  const failures: string[] = [];
  const codes = new Set<string>();
  let i = 0;
  for (; i < count && failures.length < 20; i++) {
    const base = seeds[Math.floor(r() * seeds.length)];
    // Sometimes feed a file to another language's parser too: users mis-associate files.
    const language = r() < 0.15 ? LANGUAGE_IDS[Math.floor(r() * LANGUAGE_IDS.length)] : base.language;
    const text = mutate(base.text, r);
    const doc = TextDocument.create(`file:///fuzz/${i}`, language, 1, text);
    try {
      for (const d of service.diagnose(doc)) {
        codes.add(d.code);
        if (!codeInfo(d.code)) failures.push(`#${i} ${language}: unregistered code ${d.code}`);
        if (!inside(doc, d.range))
          failures.push(
            `#${i} ${language}: diagnostic ${d.code} range outside the document ${JSON.stringify(d.range)}`,
          );
        for (const f of d.fixes ?? [])
          for (const e of f.edits)
            if (!inside(doc, e.range)) failures.push(`#${i} ${language}: fix edit outside the document`);
      }
      for (const s of service.symbols(doc))
        if (!inside(doc, s.range)) failures.push(`#${i} ${language}: symbol range outside`);
      service.folding(doc);
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
      for (const h of service.inlayHints(doc, whole))
        if (!inside(doc, { start: h.position, end: h.position }))
          failures.push(`#${i} ${language}: inlay hint outside`);
      for (const t of service.semanticTokens(doc)) {
        const p = { line: t.line, character: t.character + t.length };
        if (
          t.length <= 0 ||
          !inside(doc, { start: { line: t.line, character: t.character }, end: p }) ||
          doc.offsetAt(p) - doc.offsetAt({ line: t.line, character: t.character }) !== t.length
        ) {
          failures.push(`#${i} ${language}: semantic token outside its line`);
        }
      }
      for (let k = 0; k < 3; k++) {
        const pos = doc.positionAt(Math.floor(r() * (text.length + 1)));
        const h = service.hover(doc, pos);
        if (h?.range && !inside(doc, h.range)) failures.push(`#${i} ${language}: hover range outside`);
        service.complete(doc, pos);
        service.definition(doc, pos);
      }
    } catch (e) {
      failures.push(
        `#${i} ${language} (seed ${seed}): threw ${e instanceof Error ? e.stack : String(e)}\n--- input ---\n${JSON.stringify(text).slice(0, 2000)}`,
      );
    }
    service.forget(doc.uri);
  }
  return { inputs: i, failures, codes };
}
