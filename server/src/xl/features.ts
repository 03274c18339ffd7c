// Hover, completion and outline for xl files.
import type { CompletionItem, DocumentSymbol, Hover, Position, Range } from '../core/types';
import { range, tailWhile } from '../core/text';
import { mdText } from '../core/markdown';
import {
  GUEST_NAMES,
  keyArch,
  allKeys,
  closedValues,
  describeKey,
  firstRelease,
  inReleases,
  keyInfo,
  keyValues,
  kindWords,
  lastRelease,
  specs,
  valueSummary,
  type KeyInfo,
} from './knowledge';
import type { XlAtom, XlSetting } from './parse';
import { atoms, type SpecSite, type XlAnalysis } from './analysis';

const within = (p: Position, line: number, start: number, end: number) =>
  p.line === line && p.character >= start && p.character <= end;

function settingContains(s: XlSetting, p: Position): boolean {
  if (p.line < s.line || p.line > s.endLine) return false;
  if (p.line === s.line && p.character < s.start) return false;
  if (p.line === s.endLine && p.character > s.endCol) return false;
  return true;
}

/** Offset in the atom's value of a cursor column, or -1 outside the string's contents. */
function offsetIn(atom: XlAtom, p: Position): number {
  if (p.line !== atom.line || atom.kind !== 'string') return -1;
  const cols = atom.columns;
  if (p.character < cols[0] || p.character > cols[cols.length - 1]) return -1;
  let i = 0;
  while (i < cols.length - 1 && cols[i + 1] <= p.character) i++;
  return i;
}

function rangeText(ranges: string): string {
  return ranges.replace(/-/g, '–').replace(/,/g, ', ');
}

export function keyMarkdown(info: KeyInfo, a: XlAnalysis): string {
  const f = info.fact;
  const lines = [`**${info.name}** \`= ${f.placeholder}\``, '', describeKey(info), ''];
  lines.push(`- Takes ${kindWords(f.types)}`);
  const arch = keyArch(info);
  if (a.kind === 'domain')
    lines.push(
      `- Applies to ${info.guests.map((g) => GUEST_NAMES[g]).join(', ')} guests${arch ? ` on ${arch === 'arm' ? 'Arm' : 'x86'}` : ''}`,
    );
  const vals = keyValues(info, a.release);
  if (vals.length && (closedValues(info) || f.types.includes('list')))
    lines.push(`- Values: ${vals.map((v) => `\`${v.name}\``).join(', ')}`);
  if (f.default) lines.push(`- Default: \`${f.default}\``);
  const successor = info.note?.successor ?? f.successor;
  if (f.deprecated || successor) lines.push(`- Deprecated${successor ? `: use \`${successor}\`` : ''}`);
  lines.push(
    `- In Xen ${rangeText(f.releases)}${inReleases(f.releases, a.release) ? '' : ` — **not in ${a.release}**`}`,
  );
  const page = a.kind === 'domain' ? 'xl.cfg(5)' : 'xl.conf(5)';
  lines.push(
    '',
    `*${f.section.trim() ? `${page}, ${f.section.trim()}` : page}; checked against Xen ${a.release} (${a.releaseSource}).*`,
  );
  return lines.join('\n');
}

function specAt(a: XlAnalysis, p: Position): { site: SpecSite; offset: number } | undefined {
  for (const site of a.specs) {
    const offset = offsetIn(site.atom, p);
    if (offset >= 0) return { site, offset };
  }
  return undefined;
}

function specHover(site: SpecSite, offset: number): Hover | null {
  const part = site.result.parts.find((x) => offset >= x.start && offset <= x.end);
  const info = specs[site.key];
  if (!part?.field || !info) return null;
  const f = info.fields[part.field];
  if (!f) return null;
  const cols = site.atom.columns;
  const md = [`**${part.field}** — ${site.key} spec field${part.positional ? ' (positional)' : ''}`, '', f.summary];
  if (f.values) md.push('', `Values: ${f.values.map((v) => `\`${v}\``).join(', ')}`);
  md.push('', `*Since Xen ${f.since}.*`);
  return {
    markdown: md.join('\n'),
    range: range(site.atom.line, cols[part.start], cols[Math.min(part.end, cols.length - 1)]),
  };
}

export function hoverXl(a: XlAnalysis, p: Position): Hover | null {
  const spec = specAt(a, p);
  if (spec) return specHover(spec.site, spec.offset);
  for (const s of a.file.settings) {
    if (!settingContains(s, p)) continue;
    const info = keyInfo(a.kind, s.key);
    if (within(p, s.line, s.start, s.end)) {
      return info ? { markdown: keyMarkdown(info, a), range: range(s.line, s.start, s.end) } : null;
    }
    for (const at of atoms(s.value)) {
      if (!within(p, at.line, at.start, at.end)) continue;
      const name = at.value.replace(/^!/, '');
      const sum = valueSummary(s.key, name);
      if (sum)
        return { markdown: `**${mdText(`${s.key} = "${name}"`)}**\n\n${sum}`, range: range(at.line, at.start, at.end) };
    }
  }
  return null;
}

function keyItems(a: XlAnalysis, replace: Range): CompletionItem[] {
  const used = new Set(a.file.settings.map((s) => s.key));
  const items: CompletionItem[] = [];
  for (const name of allKeys(a.kind)) {
    const info = keyInfo(a.kind, name)!;
    if (!inReleases(info.fact.releases, a.release)) continue;
    const applies =
      a.kind !== 'domain' || (info.guests.includes(a.guest) && (!keyArch(info) || keyArch(info) === a.arch));
    const deprecated = !!(info.fact.deprecated || info.note?.successor);
    const list = info.fact.types.length === 1 && info.fact.types[0] === 'list';
    items.push({
      label: name,
      kind: 'property',
      detail: `${info.fact.placeholder}${a.kind === 'domain' ? ` (${info.guests.map((g) => GUEST_NAMES[g]).join('/')})` : ''}`,
      documentation: describeKey(info),
      insertText: list ? `${name} = [ ` : `${name} = `,
      range: replace,
      sortText: `${deprecated ? 3 : applies ? (used.has(name) ? 1 : 0) : 2}${name}`,
      deprecated,
    });
  }
  return items;
}

function valueItems(a: XlAnalysis, info: KeyInfo, quoted: boolean, replace: Range): CompletionItem[] {
  const vals = keyValues(info, a.release).filter(
    (v) => !v.fact.removedSince && (!v.fact.guests || v.fact.guests.includes(a.guest) || a.kind !== 'domain'),
  );
  if (info.fact.types.every((t) => t === 'boolean')) {
    return [
      ['1', 'on'],
      ['0', 'off'],
    ].map(([v, d]) => ({ label: v, kind: 'value' as const, detail: d, range: replace }));
  }
  return vals.map((v) => ({
    label: v.name,
    kind: 'enum' as const,
    detail: v.fact.isDefault ? 'default' : undefined,
    documentation: v.summary,
    insertText: quoted || /^\d+$/.test(v.name) ? v.name : `"${v.name}"`,
    range: replace,
  }));
}

function specItems(site: SpecSite, offset: number, a: XlAnalysis, p: Position): CompletionItem[] {
  const info = specs[site.key];
  if (!info) return [];
  const before = site.atom.value.slice(0, offset);
  const piece = before.slice(before.lastIndexOf(',') + 1).replace(/^\s+/, '');
  const cols = site.atom.columns;
  const pieceStart = offset - piece.length;
  const eq = piece.indexOf('=');
  if (eq >= 0) {
    const f = info.fields[piece.slice(0, eq)];
    const r = range(p.line, cols[pieceStart + eq + 1], p.character);
    return (f?.values ?? []).map((v) => ({ label: v, kind: 'enum' as const, range: r }));
  }
  const r = range(p.line, cols[pieceStart], p.character);
  return Object.entries(info.fields)
    .filter(([, f]) => inReleases(`${f.since}-${a.release}`, a.release))
    .map(([name, f]) => ({
      label: name,
      kind: 'property' as const,
      documentation: f.summary,
      insertText: f.flag ? name : `${name}=`,
      range: r,
      deprecated: f.deprecated,
    }));
}

export function completeXl(a: XlAnalysis, lineText: string, p: Position): CompletionItem[] {
  const spec = specAt(a, p);
  if (spec) return specItems(spec.site, spec.offset, a, p);
  const prefix = lineText.slice(0, p.character);
  const keyOnly = /^(\s*)([a-z][._0-9a-z]*)?$/.exec(prefix);
  if (keyOnly) return keyItems(a, range(p.line, keyOnly[1].length, p.character));
  const m = /^\s*([a-z][._0-9a-z]*)\s*\+?=\s*([^]*)/.exec(prefix);
  let key = m?.[1];
  let tail = m?.[2] ?? prefix;
  if (!key) {
    const s = a.file.settings.find(
      (x) => settingContains(x, p) || (x.value?.kind === 'list' && p.line > x.line && p.line <= x.endLine),
    );
    key = s?.key;
    tail = prefix;
  }
  const info = key ? keyInfo(a.kind, key) : undefined;
  if (!info) return [];
  const open = /(["'])([^"']*)$/.exec(tail);
  const word = open ? open[2] : tailWhile(tail, (c) => /[a-z0-9_.-]/.test(c));
  const r = range(p.line, p.character - word.length, p.character);
  return valueItems(a, info, !!open, r);
}

export function symbolsXl(a: XlAnalysis): DocumentSymbol[] {
  return a.file.settings.map((s) => {
    const v = s.value;
    const detail = !v
      ? ''
      : v.kind === 'list'
        ? `[${v.items.length} item${v.items.length === 1 ? '' : 's'}]`
        : v.value.length > 40
          ? `${v.value.slice(0, 39)}…`
          : v.value;
    const children =
      v?.kind === 'list' && ['disk', 'vif', 'pci', 'channel', 'usbdev', 'vfb'].includes(s.key)
        ? atoms(v).map((at) => ({
            name: at.value || '(empty)',
            kind: 'option' as const,
            range: range(at.line, at.start, at.end),
            selectionRange: range(at.line, at.start, at.end),
          }))
        : undefined;
    return {
      name: s.key,
      detail,
      kind: 'setting' as const,
      range: range(s.line, s.start, s.endCol, s.endLine),
      selectionRange: range(s.line, s.start, s.end),
      children,
    };
  });
}

export { firstRelease, lastRelease };
