// Kernel .config files and fragments: `CONFIG_X=value`, `# CONFIG_X is not set`, comments and
// blank lines. Never throws: lines it cannot read come back as `bad` items.

export interface ConfigAssignment {
  kind: 'set';
  line: number;
  /** Symbol name without the CONFIG_ prefix. */
  name: string;
  /** Columns of `CONFIG_NAME` on the line. */
  nameStart: number;
  nameEnd: number;
  /** Raw value text as written (quotes kept for strings); 'n' for `# … is not set`. */
  value: string;
  valueStart: number;
  valueEnd: number;
  /** True for the `# CONFIG_X is not set` form. */
  notSet: boolean;
}

export interface ConfigBadLine {
  kind: 'bad';
  line: number;
  start: number;
  end: number;
  reason: string;
}
export interface ConfigComment {
  kind: 'comment';
  line: number;
  text: string;
}

export type ConfigItem = ConfigAssignment | ConfigBadLine | ConfigComment;

export interface ParsedConfig {
  items: ConfigItem[];
  assignments: ConfigAssignment[];
  /** `# Linux/x86 6.1.0 Kernel Configuration` style header, when present. */
  header?: { line: number; arch: string; version: string };
  /** `# xen-config: linux=6.1` / `arch=arm64` comments naming the target explicitly. */
  directives: { linux?: { line: number; version: string }; arch?: { line: number; arch: string } };
  /** True when the file says it was written by the kernel's tools ("Automatically generated file"). */
  generated: boolean;
  /** Each line's text, offset and item (undefined for blank lines), and the text, for the next parse to reuse. */
  lineTexts?: string[];
  lineStarts?: number[];
  lineItems?: Array<ConfigItem | undefined>;
  text?: string;
}

/** Length of the common start of a and b (compared a block at a time, natively). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const step of [4096, 256, 16, 1])
    while (i + step <= n && (step === 1 ? a.charCodeAt(i) === b.charCodeAt(i) : a.startsWith(b.slice(i, i + step), i)))
      i += step;
  return i;
}

/** Length of the common end of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  for (const step of [4096, 256, 16, 1])
    while (
      i + step <= max &&
      (step === 1
        ? a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)
        : a.endsWith(b.slice(b.length - i - step, b.length - i), a.length - i))
    )
      i += step;
  return i;
}

const NAME = /^[A-Za-z0-9_]+$/;
const SET = /^(\s*)(CONFIG_([A-Za-z0-9_]+))=(.*)$/;
const NOT_SET = /^(\s*#\s*)(CONFIG_([A-Za-z0-9_]+)) is not set\s*$/;
const LINUX_DIRECTIVE = /^#\s*xen-config:.*\blinux\s*=\s*(\d+\.\d+(?:\.\d+)?)/;
const ARCH_DIRECTIVE = /^#\s*xen-config:.*\barch\s*=\s*([A-Za-z0-9_]+)/;
// Words and the spaces between them are disjoint here, so the match is linear on any comment;
// the version is read from the start of the second word (`6.1.0-rc1` → 6.1.0).
const HEADER = /^#\s*Linux\/(\S+)\s+(\S+)\s+Kernel Configuration/;
const HEADER_VERSION = /^\d+\.\d+(?:\.\d+)?/;
/** Before 2.6.2x conf wrote "# Linux kernel version: 2.6.18" (and no architecture). */
const OLD_HEADER = /^#\s*Linux kernel version:\s*(\d+\.\d+(?:\.\d+)?)/;
/** conf's marker: "Automatically generated file; DO NOT EDIT." (older: "… make config: don't edit"). */
const GENERATED = /^#\s*Automatically generated (?:file|make config)/;

/**
 * Parses a configuration. With `prev` (the parse of the previous version of the same document),
 * lines whose text is unchanged at the same line number reuse their items, so a one-line edit of
 * a 10,000-line file allocates little.
 */
export function parseConfig(text: string, prev?: ParsedConfig): ParsedConfig {
  const out: ParsedConfig = {
    items: [],
    assignments: [],
    directives: {},
    generated: false,
    lineTexts: [],
    lineStarts: [],
    lineItems: [],
    text,
  };
  const prevTexts = prev?.lineTexts;
  const prevItems = prev?.lineItems;
  const prevStarts = prev?.lineStarts;
  // The text before `head` and after `tail` is the previous text (at an offset of `shift` after):
  // a line there that started at the same offset with the same length has the same text.
  const prevText = prev?.text;
  const head = prevText !== undefined && prevStarts ? commonPrefix(text, prevText) : 0;
  const tail =
    prevText !== undefined && prevStarts
      ? text.length - commonSuffix(text, prevText, Math.min(text.length, prevText.length) - head)
      : text.length + 1;
  const shift = text.length - (prevText?.length ?? 0);
  let line = 0;
  let start = 0;
  const n = text.length;
  // the next LF and CR at or after `start` (searched natively, not a character at a time)
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (start <= n) {
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    const end = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
    // the same text as before at this line: the previous string and item, nothing copied
    const pt = prevTexts?.[line];
    const same =
      pt !== undefined &&
      pt.length === end - start &&
      (end <= head && prevStarts?.[line] === start
        ? true
        : start >= tail && prevStarts?.[line] === start - shift
          ? true
          : text.startsWith(pt, start));
    const t = same ? pt : text.slice(start, end);
    const item = same && prevItems ? prevItems[line] : parseLine(line, t);
    out.lineTexts!.push(t);
    out.lineStarts!.push(start);
    out.lineItems!.push(item);
    if (item) {
      out.items.push(item);
      if (item.kind === 'set') out.assignments.push(item);
      else if (item.kind === 'comment') noteComment(out, item);
    }
    if (end >= n) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    line++;
  }
  return out;
}

interface CommentNotes {
  header?: { line: number; arch: string; version: string };
  generated: boolean;
  linux?: { line: number; version: string };
  arch?: { line: number; arch: string };
}
/** What each comment item says (an item is reused while its line is unchanged: read once). */
const commentNotes = new WeakMap<ConfigComment, CommentNotes>();

/** Header, generated-file marker and `# xen-config:` directives carried by comments. */
function noteComment(out: ParsedConfig, c: ConfigComment): void {
  let n = commentNotes.get(c);
  if (!n) commentNotes.set(c, (n = readComment(c)));
  if (n.header && !out.header) out.header = n.header;
  if (n.generated) out.generated = true;
  if (n.linux && !out.directives.linux) out.directives.linux = n.linux;
  if (n.arch && !out.directives.arch) out.directives.arch = n.arch;
}

function readComment(c: ConfigComment): CommentNotes {
  const out: CommentNotes = { generated: false };
  const trimmed = c.text.trimStart();
  const hw = HEADER.exec(trimmed);
  const hv = hw ? HEADER_VERSION.exec(hw[2]) : null;
  if (hw && hv) out.header = { line: c.line, arch: hw[1], version: hv[0] };
  const o = out.header ? null : OLD_HEADER.exec(trimmed);
  if (o) out.header = { line: c.line, arch: '', version: o[1] };
  if (GENERATED.test(trimmed)) out.generated = true;
  const lv = LINUX_DIRECTIVE.exec(trimmed);
  if (lv) out.linux = { line: c.line, version: lv[1] };
  const av = ARCH_DIRECTIVE.exec(trimmed);
  if (av) out.arch = { line: c.line, arch: av[1] };
  return out;
}

/** One line's item; undefined for a blank line. */
function parseLine(line: number, t: string): ConfigItem | undefined {
  if (t.length === 0) return undefined;
  // Fast path for the common `CONFIG_NAME=value` line with no leading blanks.
  if (t.startsWith('CONFIG_')) {
    const eq = t.indexOf('=');
    if (eq > 7 && NAME.test(t.slice(7, eq))) {
      let value = t.slice(eq + 1);
      const trailing = value.length - value.trimEnd().length;
      if (trailing) value = value.trimEnd();
      const a: ConfigAssignment = {
        kind: 'set',
        line,
        name: t.slice(7, eq),
        nameStart: 0,
        nameEnd: eq,
        value,
        valueStart: eq + 1,
        valueEnd: t.length - trailing,
        notSet: false,
      };
      return a;
    }
  }
  if (t.trim() === '') return undefined;
  let m = SET.exec(t);
  if (m) {
    const nameStart = m[1].length;
    const nameEnd = nameStart + m[2].length;
    let value = m[4];
    const trailing = value.length - value.trimEnd().length;
    value = value.trimEnd();
    const a: ConfigAssignment = {
      kind: 'set',
      line,
      name: m[3],
      nameStart,
      nameEnd,
      value,
      valueStart: nameEnd + 1,
      valueEnd: t.length - trailing,
      notSet: false,
    };
    return a;
  }
  m = NOT_SET.exec(t);
  if (m) {
    const nameStart = m[1].length;
    const nameEnd = nameStart + m[2].length;
    const a: ConfigAssignment = {
      kind: 'set',
      line,
      name: m[3],
      nameStart,
      nameEnd,
      value: 'n',
      valueStart: nameStart,
      valueEnd: nameEnd,
      notSet: true,
    };
    return a;
  }
  const trimmed = t.trimStart();
  if (trimmed.startsWith('#')) return { kind: 'comment', line, text: t };
  const start = t.length - trimmed.length;
  const reason = /^[A-Za-z0-9_]+=/.test(trimmed)
    ? 'kernel configuration symbols are written with the CONFIG_ prefix'
    : /^CONFIG_[A-Za-z0-9_]+\s*$/.test(trimmed)
      ? 'an assignment needs "=" and a value'
      : /^CONFIG_[A-Za-z0-9_]+\s+=/.test(trimmed)
        ? 'no blanks are allowed before "="'
        : 'not a CONFIG_ assignment, a "# CONFIG_… is not set" line or a comment';
  return { kind: 'bad', line, start, end: t.trimEnd().length, reason };
}
