// Kernel .config files and fragments: `CONFIG_X=value`, `# CONFIG_X is not set`, comments and
// blank lines. Never throws: lines it cannot read come back as `bad` items.
import { splitLines } from '../service/text';

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

export interface ConfigBadLine { kind: 'bad'; line: number; start: number; end: number; reason: string }
export interface ConfigComment { kind: 'comment'; line: number; text: string }

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
}

const NAME = /^[A-Za-z0-9_]+$/;
const SET = /^(\s*)(CONFIG_([A-Za-z0-9_]+))=(.*)$/;
const NOT_SET = /^(\s*#\s*)(CONFIG_([A-Za-z0-9_]+)) is not set\s*$/;
const LINUX_DIRECTIVE = /^#\s*xen-config:.*\blinux\s*=\s*(\d+\.\d+(?:\.\d+)?)/;
const ARCH_DIRECTIVE = /^#\s*xen-config:.*\barch\s*=\s*([A-Za-z0-9_]+)/;
const HEADER = /^#\s*Linux\/(\S+)\s+(\d+\.\d+(?:\.\d+)?)\S*\s+Kernel Configuration/;

export function parseConfig(text: string): ParsedConfig {
  const out: ParsedConfig = { items: [], assignments: [], directives: {}, generated: false };
  for (const { line, text: t } of splitLines(text)) {
    if (t.length === 0) continue;
    // Fast path for the common `CONFIG_NAME=value` line with no leading blanks.
    if (t.startsWith('CONFIG_')) {
      const eq = t.indexOf('=');
      if (eq > 7 && NAME.test(t.slice(7, eq))) {
        let value = t.slice(eq + 1);
        const trailing = value.length - value.trimEnd().length;
        if (trailing) value = value.trimEnd();
        const a: ConfigAssignment = {
          kind: 'set', line, name: t.slice(7, eq), nameStart: 0, nameEnd: eq, value,
          valueStart: eq + 1, valueEnd: t.length - trailing, notSet: false,
        };
        out.items.push(a);
        out.assignments.push(a);
        continue;
      }
    }
    if (t.trim() === '') continue;
    let m = SET.exec(t);
    if (m) {
      const nameStart = m[1].length;
      const nameEnd = nameStart + m[2].length;
      let value = m[4];
      const trailing = value.length - value.trimEnd().length;
      value = value.trimEnd();
      const a: ConfigAssignment = {
        kind: 'set', line, name: m[3], nameStart, nameEnd, value,
        valueStart: nameEnd + 1, valueEnd: t.length - trailing, notSet: false,
      };
      out.items.push(a);
      out.assignments.push(a);
      continue;
    }
    m = NOT_SET.exec(t);
    if (m) {
      const nameStart = m[1].length;
      const nameEnd = nameStart + m[2].length;
      const a: ConfigAssignment = { kind: 'set', line, name: m[3], nameStart, nameEnd, value: 'n', valueStart: nameStart, valueEnd: nameEnd, notSet: true };
      out.items.push(a);
      out.assignments.push(a);
      continue;
    }
    const trimmed = t.trimStart();
    if (trimmed.startsWith('#')) {
      const h = HEADER.exec(trimmed);
      if (h && !out.header) out.header = { line, arch: h[1], version: h[2] };
      if (/^#\s*Automatically generated file/.test(trimmed)) out.generated = true;
      const lv = LINUX_DIRECTIVE.exec(trimmed);
      if (lv && !out.directives.linux) out.directives.linux = { line, version: lv[1] };
      const av = ARCH_DIRECTIVE.exec(trimmed);
      if (av && !out.directives.arch) out.directives.arch = { line, arch: av[1] };
      out.items.push({ kind: 'comment', line, text: t });
      continue;
    }
    const start = t.length - trimmed.length;
    const reason = /^[A-Za-z0-9_]+=/.test(trimmed)
      ? 'kernel configuration symbols are written with the CONFIG_ prefix'
      : /^CONFIG_[A-Za-z0-9_]+\s*$/.test(trimmed)
        ? 'an assignment needs "=" and a value'
        : /^CONFIG_[A-Za-z0-9_]+\s+=/.test(trimmed)
          ? 'no blanks are allowed before "="'
          : 'not a CONFIG_ assignment, a "# CONFIG_… is not set" line or a comment';
    out.items.push({ kind: 'bad', line, start, end: t.trimEnd().length, reason });
  }
  return out;
}
