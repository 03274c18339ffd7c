// Text from a user's file or a kernel tree is data, never Markdown: these put it into hover and
// completion Markdown so that it cannot form links, images, HTML or break out of a code span.

/** Escapes every character Markdown (CommonMark + GFM) could read as markup; newlines stay. */
export function mdText(s: string, max = 4000): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut.replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, (c) => `\\${c}`);
}

/** A code span that holds any text: the fence is one backtick longer than the longest run inside. */
export function mdCode(s: string, max = 400): string {
  const cut = (s.length > max ? `${s.slice(0, max)}…` : s).replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const m of cut.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = cut.startsWith('`') || cut.endsWith('`') || /^ .* $/.test(cut) ? ' ' : '';
  return `${fence}${pad}${cut}${pad}${fence}`;
}

/** Caps a diagnostic message or hover line so a hostile input cannot make it huge. */
export function capText(s: string, max = 1000): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/**
 * Our own sentence `text`, which quotes `fileText` (a path, a word of the file) somewhere: every
 * occurrence of it becomes a code span that nothing in it can close; the rest is left as written.
 */
export function mdProse(text: string, fileText: string | undefined): string {
  if (!fileText || !text.includes(fileText)) return text;
  return text.split(fileText).join(mdCode(fileText));
}
