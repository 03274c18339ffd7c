// Short hover text (issue 19: hovers of about ten lines): the first sentences of a description,
// a long syntax or default cut to one line. The whole text stays behind the hoverDetails setting.

/**
 * The first sentences of `text` within `budget` characters (a very short first sentence may take
 * a second one up to 1.4 × `budget`). The first sentence is kept whole unless it alone runs past
 * 1.5 × `budget`; then it is cut at a word, with "…".
 */
export function firstSentences(text: string, budget: number): string {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z`(*])/);
  let out = sentences[0];
  if (out.length > budget * 1.5) {
    const cut = out.lastIndexOf(' ', budget);
    // never inside a code span: cut before an odd backtick
    let head = out.slice(0, cut > budget / 2 ? cut : budget).trimEnd();
    if ((head.match(/`/g)?.length ?? 0) % 2 === 1) head = head.slice(0, head.lastIndexOf('`')).trimEnd();
    return `${head.replace(/[,;:]$/, '')} …`;
  }
  for (const s of sentences.slice(1)) {
    // a very short opening ("Controls how dom0 is built.") may take a longer second sentence
    const room = out.length < budget / 3 ? budget * 1.4 : budget;
    if (out.length + 1 + s.length > room) break;
    out += ` ${s}`;
  }
  return out;
}

/** `text` cut to at most `max` characters at a separator (` | `, `, `, `; `), with "…" when cut. */
export function oneLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = Math.max(
    text.lastIndexOf(' | ', max - 2),
    text.lastIndexOf(', ', max - 2),
    text.lastIndexOf('; ', max - 2),
  );
  return `${text.slice(0, cut > max / 2 ? cut : max - 1).trimEnd()} …`;
}
