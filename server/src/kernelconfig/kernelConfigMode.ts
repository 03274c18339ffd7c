// Language mode for kernel configurations (.config, fragments, defconfigs).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageMode, ModeContext } from '../service/mode';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, Position } from '../service/types';
import { range } from '../service/text';
import { VersionCache } from '../service/cache';
import { parseConfig, type ConfigAssignment, type ParsedConfig } from './configParse';

const cache = new VersionCache<ParsedConfig>();
const parsed = (doc: TextDocument): ParsedConfig => cache.get(doc.uri, doc.version, () => parseConfig(doc.getText()));

const VALUE = /^(y|m|n|-?\d+|0[xX][0-9a-fA-F]+|"(?:[^"\\]|\\.)*")$/;

function diagnose(doc: TextDocument, ctx: ModeContext): Diagnostic[] {
  const cfg = parsed(doc);
  const out: Diagnostic[] = [];
  const seen = new Map<string, ConfigAssignment>();
  for (const item of cfg.items) {
    if (ctx.isCancelled()) break;
    if (item.kind === 'bad') {
      out.push({ range: range(item.line, item.start, item.end), severity: 'error', code: 'kconfig/malformed-line', message: `Not a configuration line: ${item.reason}. The kernel's tools skip it.` });
      continue;
    }
    if (item.kind !== 'set') continue;
    if (!item.notSet && !VALUE.test(item.value)) {
      out.push({
        range: range(item.line, item.valueStart, Math.max(item.valueEnd, item.valueStart + 1)), severity: 'error', code: 'kconfig/invalid-value',
        message: item.value === ''
          ? `CONFIG_${item.name} has an empty value: write y, m, a number, or a string in double quotes (or "# CONFIG_${item.name} is not set").`
          : `"${item.value}" is not a configuration value: use y, m or n, a decimal or 0x hex number, or a string in double quotes.`,
      });
    }
    const prev = seen.get(item.name);
    if (prev) {
      out.push({
        range: range(prev.line, prev.nameStart, prev.valueEnd), severity: 'warning', code: 'kconfig/repeated-assignment',
        message: `CONFIG_${item.name} is assigned again on line ${item.line + 1}; that later value (${item.notSet ? 'not set' : item.value}) wins and this one is ignored.`,
        tags: ['unnecessary'],
        fixes: [{ title: `Remove the overridden assignment of CONFIG_${item.name}`, edits: [{ range: range(prev.line, 0, 0, prev.line + 1), newText: '' }] }],
      });
    }
    seen.set(item.name, item);
  }
  return out;
}

function assignmentAt(cfg: ParsedConfig, pos: Position): ConfigAssignment | undefined {
  return cfg.assignments.find((a) => a.line === pos.line && pos.character >= a.nameStart && pos.character <= a.valueEnd);
}

function hover(doc: TextDocument, pos: Position): Hover | null {
  const a = assignmentAt(parsed(doc), pos);
  if (!a) return null;
  return { markdown: `**CONFIG_${a.name}** = \`${a.notSet ? 'n (not set)' : a.value}\``, range: range(a.line, a.nameStart, a.nameEnd) };
}

function complete(): CompletionItem[] {
  return [];
}

function symbols(doc: TextDocument): DocumentSymbol[] {
  return parsed(doc).assignments.map((a) => ({
    name: `CONFIG_${a.name}`,
    detail: a.notSet ? 'is not set' : a.value,
    kind: 'setting' as const,
    range: range(a.line, a.nameStart, a.valueEnd),
    selectionRange: range(a.line, a.nameStart, a.nameEnd),
  }));
}

export const kernelConfigMode: LanguageMode = { diagnose, hover, complete, symbols, forget: (uri) => cache.forget(uri) };
