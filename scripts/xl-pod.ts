// A small reader for the xl manuals' POD source (xl.cfg(5), xl.conf(5)): it walks `=head`,
// `=over`/`=item`/`=back` and returns the option items with their nesting, section and line, so
// the derive scripts can pull facts (names, types, values, sections) out of them. It keeps no prose.

export interface PodItem {
  /** The raw `=item` text after `=item `. */
  label: string;
  /** 1-based line of the `=item`. */
  line: number;
  /** Headings in force: [head1, head2, head3, head4]. */
  headings: string[];
  /** Body text (paragraphs, without nested items), for fact-matching only. */
  body: string;
  children: PodItem[];
}

export function readPod(text: string): PodItem[] {
  const lines = text.split(/\r?\n/);
  const headings = ['', '', '', ''];
  const root: PodItem = { label: '', line: 0, headings: [], body: '', children: [] };
  // Stack of open =over lists; each knows its parent item and its current (last) item.
  const stack: Array<{ parent: PodItem; current?: PodItem }> = [];
  let verbatimBody: PodItem = root;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const head = /^=head([1-4])\s+(.*)$/.exec(l);
    if (head) {
      const n = Number(head[1]);
      headings[n - 1] = head[2].trim();
      for (let k = n; k < 4; k++) headings[k] = '';
      // A heading ends any list left open (some manuals miss a =back).
      stack.length = 0;
      verbatimBody = root;
      continue;
    }
    if (/^=over\b/.test(l)) {
      const top = stack[stack.length - 1];
      stack.push({ parent: top?.current ?? root });
      continue;
    }
    if (/^=back\b/.test(l)) {
      stack.pop();
      const top = stack[stack.length - 1];
      verbatimBody = top?.current ?? root;
      continue;
    }
    const item = /^=item\s+(.*)$/.exec(l);
    if (item) {
      if (!stack.length) stack.push({ parent: root });
      const top = stack[stack.length - 1];
      const it: PodItem = { label: item[1].trim(), line: i + 1, headings: [...headings], body: '', children: [] };
      top.parent.children.push(it);
      top.current = it;
      verbatimBody = it;
      continue;
    }
    if (/^=\w/.test(l)) continue;
    verbatimBody.body += l + '\n';
  }
  return root.children;
}

/** Walks items depth-first, with their depth (0 = outermost list). */
export function* walk(items: PodItem[], depth = 0): Generator<{ item: PodItem; depth: number }> {
  for (const item of items) {
    yield { item, depth };
    yield* walk(item.children, depth + 1);
  }
}

/** Removes POD formatting codes (B<>, C<>, I<>, F<>, L<>, E<>) keeping their text. */
export function plain(s: string): string {
  let out = s;
  for (let k = 0; k < 4; k++) out = out.replace(/[BCIFLSEZ]<([^<>]*)>/g, '$1');
  return out.replace(/\s+/g, ' ').trim();
}

/** The B<...> chunks of an item label, in order (with what follows the chunk up to the next). */
export function boldChunks(label: string): Array<{ inner: string; after: string }> {
  const out: Array<{ inner: string; after: string }> = [];
  const re = /[BC]<([^<>]*(?:<[^<>]*>[^<>]*)*)>/g;
  let m: RegExpExecArray | null;
  const hits: Array<{ inner: string; start: number; end: number }> = [];
  while ((m = re.exec(label))) hits.push({ inner: m[1], start: m.index, end: m.index + m[0].length });
  hits.forEach((h, i) =>
    out.push({ inner: h.inner, after: label.slice(h.end, hits[i + 1]?.start ?? label.length).trim() }),
  );
  return out;
}
