// The device tree's own checks for Xen on Arm, on the tree whichever file describes it: names Xen
// does not read in the targeted release, dom0less domains Xen cannot build, boot modules Xen
// skips or misreads, command-line properties that are not strings or that nobody reads.
import type { Severity } from '../core/types';
import type { CodeTable } from '../core/codes';
import { devicetreeCodes } from './codes';
import { byteLength, cellsOf, compatibles, walk, type DtNode, type DtProperty, type DtString } from './tree';
import { domainPropertyPresence, namePresence, seriesSpan, similarNames, SERIES } from './knowledge';
import type { XenBoot } from './boot';

export interface RawDiagnostic {
  start: number;
  end: number;
  code: string;
  message: string;
  severity: Severity;
  fix?: { title: string; start: number; end: number; newText: string };
}

/** The release judged and how sure it is (see xen/target.ts). */
export interface DtTarget {
  release: string;
  series: number;
  certainty: 'exact' | 'series' | 'assumed';
  note: string;
}

const CMDLINE_PROPS = new Set(['bootargs', 'xen,xen-bootargs', 'xen,dom0-bootargs']);

export interface CheckOptions {
  /** Nodes whose full content the file may not show (they exist before a U-Boot script edits them, or come from an include). */
  partial?: (n: DtNode) => boolean;
}

// long: one walk of the tree with every check of a node side by side, each a short block
export function checkTree(root: DtNode, boot: XenBoot, t: DtTarget, opts: CheckOptions = {}): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const push = (
    start: number,
    end: number,
    code: string,
    message: string,
    severity?: Severity,
    fix?: RawDiagnostic['fix'],
  ) => {
    out.push({
      start,
      end,
      code,
      message,
      severity: severity ?? (devicetreeCodes as CodeTable)[code]?.severity ?? 'warning',
      fix,
    });
  };
  const partial = opts.partial ?? (() => false);
  const release = `Xen ${SERIES[t.series] ?? t.release}`;

  /** A name Xen may or may not read in the targeted release: a warning when sure, else an info. */
  const releaseFinding = (start: number, end: number, code: string, what: string, elsewhere: string[]) => {
    const span = seriesSpan(elsewhere);
    if (t.certainty === 'assumed') {
      push(
        start,
        end,
        code,
        `${cap(t.note)}: ${release} does not read ${what}; Xen ${span} ${elsewhere.length > 1 ? 'do' : 'does'}. Name the release in a comment (/* xen-config: xen=4.17 */) or the xenVersion setting to be sure.`,
        'info',
      );
    } else
      push(
        start,
        end,
        code,
        `${release} does not read ${what}, so it has no effect; Xen ${span} ${elsewhere.length > 1 ? 'read' : 'reads'} it.`,
      );
  };
  const checkName = (name: string, start: number, end: number, what: string) => {
    const p = namePresence(name, t.series);
    if (p?.known) return;
    if (p) {
      releaseFinding(start, end, 'devicetree/unknown-xen-property', `${what} "${name}"`, p.elsewhere);
      return;
    }
    const near = similarNames(name);
    push(
      start,
      end,
      'devicetree/unknown-xen-property',
      `No Xen release reads ${what} "${name}"; Xen ignores it.${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
      undefined,
      near.length === 1 ? { title: `Change to "${near[0]}"`, start, end, newText: near[0] } : undefined,
    );
  };

  // xen,* property names anywhere; xen,*/multiboot,* compatible strings under /chosen.
  walk(root, (n) => {
    for (const p of n.props.values()) {
      if (/^#?xen,/.test(p.name)) checkName(p.name, p.nameStart, p.nameEnd, 'the property');
    }
  });
  if (boot.chosen) {
    walk(boot.chosen, (n) => {
      const c = n.props.get('compatible');
      for (const v of c?.values ?? []) {
        if (v.kind !== 'string' || v.dynamic || !/^(xen|multiboot),/.test(v.text)) continue;
        checkName(v.text, v.start + 1, Math.max(v.start + 1, v.end - 1), 'the compatible string');
      }
    });
  }

  // Command-line properties hold one string.
  const cmdlineProps: DtProperty[] = [];
  if (boot.chosen)
    for (const name of CMDLINE_PROPS) {
      const p = boot.chosen.props.get(name);
      if (p) cmdlineProps.push(p);
    }
  for (const m of boot.modules) {
    const p = m.node.props.get('bootargs');
    if (p) cmdlineProps.push(p);
  }
  for (const p of cmdlineProps) {
    if (!p.values.length) {
      push(
        p.nameStart,
        p.nameEnd,
        'devicetree/bootargs-not-string',
        `${p.name} has no value: Xen and Linux get an empty command line. Give it a string ("…") or remove it.`,
      );
      continue;
    }
    const bad = p.values.find((v) => v.kind !== 'string' && v.kind !== 'other');
    if (bad) {
      push(
        bad.start,
        bad.end,
        'devicetree/bootargs-not-string',
        `${p.name} must be a string in double quotes; this ${bad.kind === 'cells' ? '<…> list' : bad.kind === 'bytes' ? '[…] byte string' : 'reference'} is binary data that Xen and Linux would read as text.`,
      );
      continue;
    }
    const strs = p.values.filter((v): v is DtString => v.kind === 'string');
    if (strs.length > 1 && p.values[0].kind === 'string') {
      const last = strs[strs.length - 1];
      push(
        strs[1].start,
        last.end,
        'devicetree/string-list',
        `${p.name} holds ${strs.length} strings; the command line ends at the first, so ${strs.length === 2 ? 'the second is' : 'the others are'} never read. Put all parameters in one string.`,
      );
    }
    const first = strs[0];
    if (first && !first.dynamic && first.text.includes('\0')) {
      const at = first.offsets[first.text.indexOf('\0')];
      push(
        at,
        Math.min(first.end, at + 2),
        'devicetree/string-list',
        `${p.name} contains a NUL character (\\0); the command line ends there and the rest is never read.`,
      );
    }
  }
  for (const u of boot.unused)
    push(
      u.prop.nameStart,
      u.prop.nameEnd,
      'devicetree/bootargs-unused',
      `This ${u.prop.name} is never used: ${u.why}.`,
    );

  // Boot modules.
  for (const n of boot.notModules) {
    const c = n.props.get('compatible')!;
    const legacy = compatibles(n).some((x) => x.startsWith('xen,linux-'));
    push(
      c.nameStart,
      c.nameEnd,
      'devicetree/module-not-multiboot',
      `Xen treats a node as a boot module only when its compatible also lists "${legacy ? 'xen,multiboot-module' : 'multiboot,module'}"; without it ${n.name} is not loaded.`,
    );
  }
  for (const m of boot.modules) {
    const reg = m.node.props.get('reg');
    if (!reg) {
      if (!m.node.props.has('xen,uefi-binary') && !partial(m.node))
        push(
          m.node.nameStart,
          m.node.nameEnd,
          'devicetree/module-reg',
          `The boot module ${m.node.name} has no reg (its address and size); Xen stops at boot ("missing reg").`,
        );
      continue;
    }
    const { ac, sc, acFrom, scFrom } = cellSizes(m.node);
    const len = byteLength(reg);
    if (len === undefined) continue;
    const need = (ac + sc) * 4;
    if (len < need) {
      push(
        reg.start,
        reg.end,
        'devicetree/module-reg',
        `reg holds ${len / 4} cell${len === 4 ? '' : 's'}, but ${ac} address and ${sc} size cell${sc === 1 ? '' : 's'} are expected (#address-cells ${acFrom}, #size-cells ${scFrom}); Xen stops at boot ("reg property length is too short").`,
      );
    } else if (len % need) {
      push(
        reg.start,
        reg.end,
        'devicetree/module-reg',
        `reg holds ${len / 4} cells, not a multiple of ${ac} address + ${sc} size cells (#address-cells ${acFrom}, #size-cells ${scFrom}); Xen reads the first pair and the address or size is likely wrong.`,
        'warning',
      );
    }
  }

  // dom0less domains.
  const xenDomain = namePresence('xen,domain', t.series);
  for (const d of boot.domains) {
    const n = d.node;
    if (xenDomain && !xenDomain.known) continue; // the compatible string is already reported
    if (!partial(n)) {
      if (!d.kernel)
        push(
          n.nameStart,
          n.nameEnd,
          'devicetree/domain-without-kernel',
          `The dom0less domain ${n.name} has no kernel module (a child node compatible with "multiboot,kernel", "multiboot,module"); Xen stops at boot when it builds this domain.`,
        );
      const mem = n.props.get('memory');
      if (!mem)
        push(
          n.nameStart,
          n.nameEnd,
          'devicetree/domain-memory',
          `The dom0less domain ${n.name} has no memory property; Xen cannot build it and stops at boot. Add memory = <0x0 size-in-KiB>;`,
        );
      const cpus = n.props.get('cpus');
      if (!cpus)
        push(
          n.nameStart,
          n.nameEnd,
          'devicetree/domain-cpus',
          `The dom0less domain ${n.name} has no cpus property; Xen stops at boot ("Missing property 'cpus'"). Add cpus = <1>;`,
        );
    }
    const mem = n.props.get('memory');
    if (mem) {
      const len = byteLength(mem);
      if (mem.values.some((v) => v.kind === 'string' || v.kind === 'ref') || (len !== undefined && len < 8)) {
        const one = cellsOf(mem);
        const fix =
          one && one.length === 1 && one[0].kind === 'number'
            ? { title: 'Write it as two cells (<0x0 …>)', start: one[0].start, end: one[0].start, newText: '0x0 ' }
            : undefined;
        push(
          mem.start,
          mem.end,
          'devicetree/domain-memory',
          `memory is read as one 64-bit number of KiB (two cells: <0x0 131072> for 128 MiB)${len !== undefined ? `; this value has ${len} byte${len === 1 ? '' : 's'}` : ''}, so Xen cannot read it and does not build ${n.name}.`,
          undefined,
          fix,
        );
      } else {
        const cells = cellsOf(mem);
        if (cells && cells.length === 2 && cells.every((c) => c.kind === 'number')) {
          const v = ((cells[0] as { value: bigint }).value << 32n) + (cells[1] as { value: bigint }).value;
          if (v === 0n)
            push(
              mem.start,
              mem.end,
              'devicetree/domain-memory',
              `memory is 0 KiB; ${n.name} gets no memory and cannot boot.`,
              'warning',
            );
          else if (v < 4096n)
            push(
              mem.start,
              mem.end,
              'devicetree/domain-memory',
              `memory counts KiB: ${v} KiB is ${v < 1024n ? 'less than 1 MiB' : `${Number(v) / 1024} MiB`}, far too little for a Linux guest. Did you mean ${v} MiB (${v * 1024n})?`,
              'warning',
            );
        }
      }
    }
    const cpus = n.props.get('cpus');
    if (cpus) {
      const len = byteLength(cpus);
      const cells = cellsOf(cpus);
      if (cpus.values.some((v) => v.kind === 'string' || v.kind === 'ref') || (len !== undefined && len < 4)) {
        push(
          cpus.start,
          cpus.end,
          'devicetree/domain-cpus',
          `cpus is read as a 32-bit number (cpus = <2>;); Xen cannot read this value and stops at boot.`,
        );
      } else if (cells && cells[0]?.kind === 'number' && cells[0].value === 0n) {
        push(
          cells[0].start,
          cells[0].end,
          'devicetree/domain-cpus',
          `cpus = <0> gives ${n.name} no virtual CPU; Xen cannot create the domain.`,
        );
      }
    }
    if (d.modules.some((m) => m.node.props.has('reg')) && !partial(n)) {
      const missing = ['#address-cells', '#size-cells'].filter((x) => !n.props.has(x));
      if (missing.length) {
        const { ac, sc } = cellSizes(d.modules[0].node);
        push(
          n.nameStart,
          n.nameEnd,
          'devicetree/missing-cells',
          `${n.name} does not set ${missing.join(' and ')}; Xen then reads its modules' reg with ${ac} address and ${sc} size cell${sc === 1 ? '' : 's'} taken from above. Set both, to match the modules' reg.`,
        );
      }
    }
    for (const p of n.props.values()) {
      if (p.name.includes(',') || p.name === 'compatible') continue;
      const pr = domainPropertyPresence(p.name, t.series);
      if (pr && !pr.known)
        releaseFinding(
          p.nameStart,
          p.nameEnd,
          'devicetree/domain-property-not-read',
          `the domain property "${p.name}"`,
          pr.elsewhere,
        );
    }
  }
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The cell sizes Xen's early scan uses for a node's reg: its parent's #address-cells and
 * #size-cells, each inherited from further up when not set, 2 and 1 at the root
 * (device_tree_for_each_node in Xen's bootfdt.c).
 */
export function cellSizes(n: DtNode): { ac: number; sc: number; acFrom: string; scFrom: string } {
  const find = (name: string, dflt: number) => {
    for (let x = n.parent; x; x = x.parent) {
      const c = cellsOf(x.props.get(name));
      if (c && c.length === 1 && c[0].kind === 'number') return { v: Number(c[0].value), from: `of ${x.path}` };
    }
    return { v: dflt, from: 'by default' };
  };
  const a = find('#address-cells', 2);
  const s = find('#size-cells', 1);
  return { ac: a.v, sc: s.v, acFrom: a.from, scFrom: s.from };
}
