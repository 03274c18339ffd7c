// Test helpers: documents from strings, and the `|` cursor marker used by hover/completion tests.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageService } from '../src/service/service';
import type { Position, Settings } from '../src/core/types';

let n = 0;

export function doc(text: string, languageId: string, uri = `file:///test/doc${n++}`): TextDocument {
  return TextDocument.create(uri, languageId, 1, text);
}

/** Removes the first `|` from `text` and returns the document and the cursor position there. */
export function docAtCursor(text: string, languageId: string, uri?: string): { doc: TextDocument; pos: Position } {
  const at = text.indexOf('|');
  if (at < 0) throw new Error('fixture has no | cursor marker');
  const d = doc(text.slice(0, at) + text.slice(at + 1), languageId, uri);
  return { doc: d, pos: d.positionAt(at) };
}

export function service(settings?: Settings): LanguageService {
  return createLanguageService({ settings });
}
