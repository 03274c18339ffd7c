// Who reads which command line in a device tree, the way Xen's Arm boot code decides
// (xen/arch/arm/bootfdt.c, later xen/common/device-tree/bootinfo-fdt.c: boot_fdt_cmdline and
// process_multiboot_node; xen/arch/arm/domain_build.c: write_properties for dom0):
//  - boot modules are nodes under /chosen, at most two levels below it, compatible with
//    "multiboot,module" (or the 4.4 name "xen,multiboot-module"); a module directly inside a
//    "xen,domain" node belongs to that dom0less domain, any other to dom0;
//  - a module's kind comes from its specific compatible; modules with none are guessed in order
//    (the first such is a kernel, the second a ramdisk);
//  - Xen's line: xen,xen-bootargs; without it, /chosen's bootargs when xen,dom0-bootargs is
//    present or dom0's kernel module has a non-empty bootargs; otherwise Xen has no command line.
//    Releases that predate xen,xen-bootargs read /chosen's bootargs;
//  - dom0's line: xen,dom0-bootargs; else the dom0 kernel module's bootargs; else /chosen's bootargs;
//  - a dom0less domain's line: its kernel module's bootargs.
import { compatibles, stringsOf, walk, type DtNode, type DtProperty, type DtString } from './tree';
import { namePresence } from './knowledge';

export type ModuleKind = 'kernel' | 'ramdisk' | 'xsm' | 'device-tree' | 'microcode' | 'unknown';

export interface BootModule {
  node: DtNode;
  kind: ModuleKind;
  /** The kind was guessed from the order of modules without a specific compatible. */
  guessed: boolean;
  domain?: DtNode;
}

export interface Cmdline {
  prop: DtProperty;
  /** The string the reader gets (the first of the property's strings). */
  str: DtString;
  reader: 'xen' | 'dom0' | 'domU';
  /** For a dom0less domain's line, the domain node. */
  domain?: DtNode;
  why: string;
}

export interface Domain {
  node: DtNode;
  modules: BootModule[];
  kernel?: BootModule;
}

export interface XenBoot {
  chosen?: DtNode;
  modules: BootModule[];
  /** Nodes naming a module kind without the generic compatible, which Xen skips. */
  notModules: DtNode[];
  domains: Domain[];
  lines: Cmdline[];
  /** Command-line properties nobody reads, with the reason. */
  unused: Array<{ prop: DtProperty; why: string }>;
}

const GENERIC = ['multiboot,module', 'xen,multiboot-module'];
const SPECIFIC: Record<string, ModuleKind> = {
  'multiboot,kernel': 'kernel',
  'xen,linux-zimage': 'kernel',
  'multiboot,ramdisk': 'ramdisk',
  'xen,linux-initrd': 'ramdisk',
  'xen,xsm-policy': 'xsm',
  'multiboot,device-tree': 'device-tree',
  'multiboot,microcode': 'microcode',
};

const firstString = (p: DtProperty | undefined): DtString | undefined => stringsOf(p)?.[0];
const nonEmpty = (p: DtProperty | undefined): boolean => {
  const s = firstString(p);
  return !!s && (s.dynamic || s.text.length > 0);
};

/**
 * An overlay's fragment aimed at /chosen (`target-path = "/chosen"` or `target = <&chosen>`): the
 * firmware or U-Boot merges its __overlay__ node into /chosen before Xen starts (the Raspberry Pi
 * firmware loads Xen's settings this way), so its properties are Xen's boot settings.
 */
function overlayOnChosen(root: DtNode): DtNode | undefined {
  let found: DtNode | undefined;
  walk(root, (n, depth) => {
    if (found || depth < 1 || depth > 2) return;
    const body = n.children.find((c) => c.name === '__overlay__');
    if (!body) return;
    const path = firstString(n.props.get('target-path'))?.text;
    const ref = n.props
      .get('target')
      ?.values.some(
        (v) =>
          (v.kind === 'ref' && v.label === 'chosen') ||
          (v.kind === 'cells' && v.items.some((i) => i.kind === 'ref' && i.label === 'chosen')),
      );
    if (path === '/chosen' || ref) found = body;
  });
  return found;
}

// long: one pass over /chosen reading each property of Xen's boot in turn, in the order Xen reads them
export function xenBoot(root: DtNode, series: number): XenBoot {
  const out: XenBoot = { modules: [], notModules: [], domains: [], lines: [], unused: [] };
  const chosen = root.children.find((c) => c.name === 'chosen') ?? overlayOnChosen(root);
  if (!chosen) return out;
  out.chosen = chosen;
  let guess = 0;
  const domains = new Map<DtNode, Domain>();
  walk(chosen, (n, depth) => {
    // depth 0 is /chosen itself; Xen looks at modules up to /chosen/a/b.
    const compat = compatibles(n);
    if (depth === 1 && compat.includes('xen,domain')) {
      const d: Domain = { node: n, modules: [] };
      domains.set(n, d);
      out.domains.push(d);
    }
    if (depth < 1 || depth > 2) return;
    const specific = compat.map((c) => SPECIFIC[c]).find((k) => k !== undefined);
    if (!compat.some((c) => GENERIC.includes(c))) {
      if (specific) out.notModules.push(n);
      return;
    }
    let kind: ModuleKind = specific ?? 'unknown';
    let guessed = false;
    if (!specific) {
      if (guess === 0) {
        kind = 'kernel';
        guessed = true;
      } else if (guess === 1) {
        kind = 'ramdisk';
        guessed = true;
      }
      guess++;
    }
    const domain = n.parent && domains.has(n.parent) ? n.parent : undefined;
    const m: BootModule = { node: n, kind, guessed, domain };
    out.modules.push(m);
    if (domain) domains.get(domain)!.modules.push(m);
  });
  for (const d of out.domains) d.kernel = d.modules.find((m) => m.kind === 'kernel');

  const xenArgs = chosen.props.get('xen,xen-bootargs');
  const dom0Args = chosen.props.get('xen,dom0-bootargs');
  const bootargs = chosen.props.get('bootargs');
  const dom0Kernel = out.modules.find((m) => !m.domain && m.kind === 'kernel');
  const moduleArgs = dom0Kernel?.node.props.get('bootargs');
  const line = (prop: DtProperty | undefined, reader: Cmdline['reader'], why: string, domain?: DtNode) => {
    const str = firstString(prop);
    if (prop && str) out.lines.push({ prop, str, reader, why, domain });
  };
  const readsXenArgs = namePresence('xen,xen-bootargs', series)?.known !== false;
  // Xen's line.
  let xenFrom: DtProperty | undefined;
  if (!readsXenArgs) xenFrom = bootargs;
  else if (xenArgs) xenFrom = xenArgs;
  else if (dom0Args || nonEmpty(moduleArgs)) xenFrom = bootargs;
  if (xenFrom === xenArgs) line(xenArgs, 'xen', "xen,xen-bootargs in /chosen is the hypervisor's command line");
  else if (xenFrom) {
    line(
      bootargs,
      'xen',
      readsXenArgs
        ? `/chosen's bootargs is the hypervisor's command line here, because ${dom0Args ? 'xen,dom0-bootargs' : "the dom0 kernel module's bootargs"} gives dom0 its own and there is no xen,xen-bootargs`
        : "/chosen's bootargs is the hypervisor's command line in this release (it has no xen,xen-bootargs)",
    );
  }
  // dom0's line.
  let dom0From: DtProperty | undefined;
  if (dom0Args) dom0From = dom0Args;
  else if (nonEmpty(moduleArgs)) dom0From = moduleArgs;
  else if (bootargs && xenFrom !== bootargs) dom0From = bootargs;
  else if (bootargs && !readsXenArgs) dom0From = bootargs;
  if (dom0From) {
    const why =
      dom0From === dom0Args
        ? "xen,dom0-bootargs in /chosen is dom0's kernel command line"
        : dom0From === moduleArgs
          ? "the bootargs of dom0's kernel module is dom0's kernel command line"
          : "/chosen's bootargs is dom0's kernel command line (nothing Xen-specific gives dom0 another)";
    line(dom0From, 'dom0', why);
  }
  if (dom0Args && moduleArgs)
    out.unused.push({
      prop: moduleArgs,
      why: "xen,dom0-bootargs in /chosen takes precedence over the dom0 kernel module's bootargs, so Xen never passes this one to dom0",
    });
  if (bootargs && xenFrom !== bootargs && dom0From !== bootargs) {
    out.unused.push({
      prop: bootargs,
      why: `neither Xen nor dom0 reads /chosen's bootargs here: ${xenArgs ? 'xen,xen-bootargs' : 'nothing'} gives Xen its line and ${dom0Args ? 'xen,dom0-bootargs' : "the dom0 kernel module's bootargs"} gives dom0 its own`,
    });
  }
  for (const m of out.modules) {
    const b = m.node.props.get('bootargs');
    if (!b) continue;
    if (m.domain && m.kind === 'kernel') {
      if (m === out.domains.find((d) => d.node === m.domain)?.kernel)
        line(
          b,
          'domU',
          `the bootargs of ${m.domain.name}'s kernel module is that dom0less domain's kernel command line`,
          m.domain,
        );
    } else if (m.kind !== 'kernel')
      out.unused.push({
        prop: b,
        why: `Xen passes bootargs only from kernel modules; this node is a ${m.kind === 'unknown' ? 'module of no specific kind' : `${m.kind} module`}`,
      });
  }
  return out;
}
