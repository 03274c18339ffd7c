// The facts a hover or completion item shows for one parameter in one release: syntax, default,
// architectures, the releases it exists in, its description and the upstream link.
import type { Arch } from '../core/types';
import sourceDefaults from '../../data/xen/source-defaults.json';
import descriptions from '../../data/xen/descriptions.json';
import { archLabel, existence, registrationsAt, registrationsOf, type ParamAt, type XenArch } from './registry';
import { describeRanges, inRanges, parseRanges, seriesOf } from './releases';
import { describe, docAt, docUrl } from './paramDocs';

const inits = new Map<string, Array<{ arch: string; ranges: Array<[number, number]>; init: string }>>();
for (const [n, es] of Object.entries(
  sourceDefaults.params as Record<string, Array<{ arch: string; releases: string; init: string }>>,
)) {
  inits.set(
    n,
    es.map((e) => ({ arch: e.arch, ranges: parseRanges(e.releases), init: e.init })),
  );
}
const writtenDefaults = (descriptions as { defaults?: Record<string, string> }).defaults ?? {};

export interface ParamFacts {
  name: string;
  syntax: string;
  default: string;
  defaultSource: string;
  archs: string;
  releases: string;
  description?: string;
  /** Set when the release registers the name with invbool_param: how the word maps to the variable. */
  inverted?: string;
  url: string;
}

function kindSyntax(kind: string): string {
  switch (kind) {
    case 'boolean':
      return '= <boolean>  (or the bare name; "no-" prefix to turn off)';
    case 'invbool':
      return '= <boolean>  (or the bare name; "no-" prefix to turn off)';
    case 'integer':
      return '= <integer>';
    case 'size':
      return '= <size>  (number with K/M/G suffix; no suffix means KiB)';
    case 'string':
      return '= <string>';
    case 'ignore':
      return '(accepted and ignored by the main parser)';
    case 'runtime-only':
      return '(run-time only: xl set-parameters)';
    default:
      return '= <parameter-specific syntax>';
  }
}

function formatInit(kind: string, init: string): string | undefined {
  const literal = /^(-?\d+|0x[0-9a-fA-F]+|true|false)$/.test(init);
  if (kind === 'boolean') {
    if (init === '0' || init === 'false') return 'off';
    if (init === '1' || init === 'true') return 'on';
    if (init === '-1') return 'decided by Xen at boot from the hardware and other settings';
    return undefined;
  }
  if (kind === 'string') {
    if (init === '""' || init === '0') return 'empty';
    if (/^"[^"]*"$/.test(init)) return init.slice(1, -1);
    return /^[A-Z][A-Z0-9_]+$/.test(init) ? `set when Xen is built (${init})` : undefined;
  }
  if (literal) return init === '0' ? '0 (Xen then uses its built-in behaviour)' : init;
  return /^[A-Z][A-Z0-9_]+$/.test(init) ? `set when Xen is built (${init})` : undefined;
}

function invertInit(init: string): string | undefined {
  if (init === '0' || init === 'false') return '1';
  if (init === '1' || init === 'true') return '0';
  return undefined;
}

/**
 * A documented default in our words: "a,b" lists spaced, and "X is selectable via Kconfig" said as
 * what it means (it depends on how Xen was built).
 */
export function plainDefault(text: string): string {
  const built = 'depends on how Xen was built';
  const list = (t: string) =>
    t
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .join(', ');
  const one = /^(\S+) is selectable via Kconfig,\s*(.+)$/.exec(text);
  if (one) return `${list(one[2])}; ${one[1]} ${built}`;
  if (/^selectable via Kconfig/i.test(text))
    return /XSM/.test(text) ? `${built} (which security modules it includes)` : built;
  return /^[\w-]+(,[\w-]+)+$/.test(text) ? list(text) : text;
}

export function defaultOf(
  name: string,
  release: string,
  rel: number,
  arch: Arch,
  kind: string,
): { text: string; source: string } {
  const doc = docAt(name, release, arch);
  if (doc?.default) return { text: plainDefault(doc.default), source: `upstream documentation, ${doc.fromSeries}` };
  const init = inits
    .get(name)
    ?.find((e) => inRanges(e.ranges, rel) && (e.arch === 'common' || (e.arch === 'x86') === (arch === 'x86_64')));
  // invbool_param (4.0–4.6): the variable holds the opposite of the parameter ("smep" clears disable_smep).
  const inverted = registrationsAt(name, rel, arch).some((r) => r.kind === 'invbool');
  const initText = init && inverted ? invertInit(init.init) : init?.init;
  const formatted = initText !== undefined ? formatInit(kind === 'invbool' ? 'boolean' : kind, initText) : undefined;
  if (formatted) return { text: formatted, source: `initial value in the ${release} sources` };
  if (writtenDefaults[name]) return { text: writtenDefaults[name], source: 'this project' };
  return {
    text: kind === 'custom' ? 'no fixed default: without it Xen decides at boot' : 'not set',
    source: 'this project',
  };
}

/** "4.2.2–4.22.0", or per architecture when they differ: "x86: 4.0.0–4.22.0; Arm: 4.2.0–4.22.0". */
export function releasesByArch(name: string): string {
  const regs = registrationsOf(name);
  const byArch = new Map<string, Array<[number, number]>>();
  for (const r of regs) {
    const label = r.arch === 'common' ? 'all' : archLabel(r.arch);
    if (!byArch.has(label)) byArch.set(label, []);
    byArch.get(label)!.push(...r.ranges);
  }
  if (byArch.size <= 1) return describeRanges(existence(name));
  return [...byArch.entries()]
    .map(([a, rs]) => `${a === 'all' ? 'all architectures' : a}: ${describeRanges(rs)}`)
    .join('; ');
}

export function paramFacts(name: string, release: string, rel: number, arch: Arch, p?: ParamAt): ParamFacts {
  const kind =
    p?.kind ??
    registrationsOf(name)[0]
      ?.kind.replace(/_runtime(_only)?$/, '')
      .replace(/^invbool$/, 'boolean') ??
    'custom';
  const doc = docAt(name, release, arch);
  const def = defaultOf(name, release, rel, arch, kind);
  const archSet = [...new Set(registrationsOf(name).map((r) => r.arch as XenArch))];
  const archs = archSet.includes('common') ? 'all architectures' : archSet.map(archLabel).join(', ');
  return {
    name,
    syntax: doc?.syntax
      ? `${doc.syntax}${doc.fromSeries !== seriesOf(release) ? `  (as documented for ${doc.fromSeries})` : ''}`
      : kindSyntax(kind),
    default: def.text,
    defaultSource: def.source,
    archs,
    releases: releasesByArch(name),
    description: describe(name)?.text,
    inverted: registrationsAt(name, rel, arch).some((r) => r.kind === 'invbool')
      ? `Xen ${release} reads "${name}" as an inverted switch (invbool_param): the variable behind it means "off", so the bare name or ${name}=yes turns it on and no-${name} or ${name}=no turns it off. Later releases store it the plain way; the words keep their meaning.`
      : undefined,
    // The targeted release's document; for a parameter the target lacks, the nearest series that documents it.
    url: docUrl(p || !doc ? release : `${doc.fromSeries}.0`, doc?.anchor ?? name),
  };
}
