// Editor features shared by the device tree source and U-Boot script modes: hovers on the
// properties Xen reads, completion of their names, the outline of the tree.
import type { CompletionItem, DocumentSymbol, Range } from '../core/types';
import { compatibles, type DtNode } from './tree';
import { domainPropertyPresence, knownDomainProperties, knownNames, namePresence, seriesSpan } from './knowledge';
import type { Cmdline, XenBoot } from './boot';
import type { DtTarget } from './check';

/** What a property means to Xen, in our words. */
const PROPERTY_DOCS: Record<string, string> = {
  'xen,xen-bootargs':
    "The Xen hypervisor's own command line (in /chosen). When present, Xen reads it and nothing else for itself.",
  'xen,dom0-bootargs':
    "dom0's kernel command line (in /chosen). It takes precedence over the bootargs of dom0's kernel module and over /chosen's bootargs.",
  bootargs:
    "A kernel command line. In /chosen it is read by Xen when xen,dom0-bootargs or a dom0 kernel module's bootargs gives dom0 its own line and there is no xen,xen-bootargs; otherwise it is dom0's. In a boot module it is that module's kernel's line (dom0's, or a dom0less domain's).",
  memory: "A dom0less domain's RAM in KiB, as one 64-bit number: two cells, <0x0 131072> for 128 MiB.",
  cpus: 'The number of virtual CPUs of a dom0less domain, one cell (<2>).',
  vpl011: 'An empty property: gives the dom0less domain an emulated PL011 UART as its console.',
  nr_spis: "How many shared peripheral interrupts the dom0less domain's virtual GIC has.",
  'direct-map': "An empty property: the dom0less domain's memory is mapped 1:1 (needs static memory).",
  passthrough: '"enabled" or "disabled": whether the dom0less domain gets IOMMU mappings for device passthrough.',
  'xen,enhanced':
    'Gives the dom0less domain Xen\'s PV interfaces (grant tables, xenstore): "enabled", "legacy", "disabled" or "no-xenstore".',
  'xen,static-mem': "Host physical ranges reserved for the dom0less domain's memory, in the parent's cell sizes.",
  'xen,uefi-binary':
    'When Xen boots as a UEFI application: the file on the boot partition that holds this module; no reg is needed then.',
  'xen,uefi-cfg-load':
    'Makes Xen read its EFI configuration file (xen.cfg) even though the device tree names boot modules.',
  'xen,static-heap': "Host physical ranges Xen uses as its heap, in the root's cell sizes.",
  'xen,domain-p2m-mem-mb': "The size of the dom0less domain's P2M pool in MiB.",
  sve: "Arm64 SVE for the dom0less domain: 0 off, no value the hardware's maximum vector length, or a length (128–2048, a multiple of 128).",
  'llc-colors': 'The last-level cache colors of the dom0less domain (cache coloring builds of Xen).',
  'domain-cpupool': 'A reference to the xen,cpupool node whose CPU pool the dom0less domain starts in.',
  capabilities: 'Roles of the domain: 0x1 control, 0x2 hardware, 0x4 xenstore domain.',
  max_grant_version: 'Highest grant table version the dom0less domain may use (1 or 2).',
  max_grant_frames: 'How many grant table frames the dom0less domain may have.',
  max_maptrack_frames: 'How many maptrack frames the dom0less domain may have.',
  'trap-unmapped-accesses':
    "1: the dom0less domain's accesses to unmapped addresses fault; 0: reads return all ones and writes are ignored.",
};

/** Hover text for a property name in context: meaning, releases, and for command lines who reads it. */
export function propertyHover(name: string, node: DtNode, boot: XenBoot, t: DtTarget): string | undefined {
  const doc = PROPERTY_DOCS[name];
  const inDomain = boot.domains.some((d) => d.node === node);
  const isXenName = /^#?xen,/.test(name);
  if (!doc && !isXenName && !(inDomain && domainPropertyPresence(name, t.series))) return undefined;
  const parts = [`**${name}**${doc ? ` — ${doc}` : ''}`];
  const pres = isXenName ? namePresence(name, t.series) : inDomain ? domainPropertyPresence(name, t.series) : undefined;
  if (pres && !pres.known)
    parts.push(
      `Xen ${t.release} does not read it; Xen ${seriesSpan(pres.elsewhere)} ${pres.elsewhere.length > 1 ? 'do' : 'does'}.`,
    );
  else if (pres?.known) parts.push(`Read by Xen ${t.release}${t.certainty === 'exact' ? '' : ` (${t.note})`}.`);
  else if (isXenName) parts.push('No Xen release reads it.');
  const line = boot.lines.find((l) => l.prop.name === name && l.prop === node.props.get(name));
  if (line) parts.push(`Here: ${line.why}.`);
  const unused = boot.unused.find((u) => u.prop === node.props.get(name));
  if (unused) parts.push(`Here it is never used: ${unused.why}.`);
  return parts.join('\n\n');
}

/** Property names worth offering inside a node: Xen's in /chosen and in dom0less domains. */
export function propertyCompletions(
  node: DtNode | undefined,
  boot: XenBoot,
  t: DtTarget,
  range: Range,
): CompletionItem[] {
  if (!node) return [];
  const inChosen = node === boot.chosen;
  const inDomain = boot.domains.some((d) => d.node === node) || compatibles(node).includes('xen,domain');
  const isModule =
    boot.modules.some((m) => m.node === node) || compatibles(node).some((c) => c.startsWith('multiboot,'));
  const names: string[] = [];
  if (inChosen)
    names.push(
      'xen,xen-bootargs',
      'xen,dom0-bootargs',
      'bootargs',
      '#address-cells',
      '#size-cells',
      ...knownNames(t.series, 'xen,static-heap'),
      ...knownNames(t.series, 'xen,uefi-cfg-load'),
    );
  if (inDomain)
    names.push(
      'compatible',
      ...knownDomainProperties(t.series),
      ...['xen,enhanced', 'xen,static-mem', 'xen,domain-p2m-mem-mb', 'xen,sci_type'].filter(
        (n) => namePresence(n, t.series)?.known,
      ),
    );
  if (isModule) names.push('compatible', 'reg', 'bootargs', ...knownNames(t.series, 'xen,uefi-binary'));
  return [...new Set(names)].map((n) => ({
    label: n,
    kind: 'property' as const,
    detail: PROPERTY_DOCS[n]?.split('.')[0],
    documentation: PROPERTY_DOCS[n],
    range,
  }));
}

/** What a node is to Xen, for the outline. */
export function nodeRole(n: DtNode, boot: XenBoot): string | undefined {
  if (n === boot.chosen) return 'boot arguments and modules';
  if (boot.domains.some((d) => d.node === n)) return 'dom0less domain';
  const m = boot.modules.find((x) => x.node === n);
  if (m)
    return `${m.domain ? `${m.domain.name}'s` : 'dom0'} ${m.kind === 'unknown' ? 'module' : m.kind}${m.guessed ? ' (guessed from order)' : ''}`;
  return undefined;
}

export function lineDetail(l: Cmdline): string {
  return l.reader === 'xen'
    ? "Xen's command line"
    : l.reader === 'dom0'
      ? "dom0's kernel command line"
      : `${l.domain?.name ?? 'domain'}'s kernel command line`;
}

export function treeSymbols(
  root: DtNode,
  boot: XenBoot,
  rangeOf: (s: number, e: number) => Range,
  limit = 5000,
): DocumentSymbol[] {
  let count = 0;
  const make = (n: DtNode): DocumentSymbol => {
    count++;
    const role = nodeRole(n, boot);
    const props: DocumentSymbol[] = [];
    for (const p of n.props.values()) {
      const l = boot.lines.find((x) => x.prop === p);
      if (!l && !/^(xen,|bootargs$|compatible$|memory$|cpus$|reg$)/.test(p.name)) continue;
      if (count++ > limit) break;
      props.push({
        name: p.name,
        detail: l ? lineDetail(l) : undefined,
        kind: 'setting',
        range: rangeOf(p.start, Math.max(p.end, p.nameEnd)),
        selectionRange: rangeOf(p.nameStart, p.nameEnd),
      });
    }
    const out: DocumentSymbol = {
      name: n.name || '/',
      detail: role,
      kind: n === boot.chosen || role === 'dom0less domain' ? 'section' : 'entry',
      range: rangeOf(n.start, Math.max(n.end, n.nameEnd)),
      selectionRange: rangeOf(n.nameStart, n.nameEnd),
      children: props,
    };
    return out;
  };
  // Iterative construction: nesting is the input's.
  const top = make(root);
  const stack: Array<[DtNode, DocumentSymbol]> = [[root, top]];
  while (stack.length && count < limit) {
    const [n, s] = stack.pop()!;
    for (const c of n.children) {
      if (count >= limit) break;
      const cs = make(c);
      s.children!.push(cs);
      stack.push([c, cs]);
    }
  }
  return [top];
}
