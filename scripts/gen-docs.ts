// Writes docs/diagnostics.md from the diagnostic code tables (server/src/*/codes.ts).
// `npm run docs` regenerates it; a test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allCodes } from '../server/src/service/codes';

/** The page of a code, relative to docs/: `grub/load-order` → `codes/grub-load-order.md`. */
export function codePagePath(code: string): string {
  return `codes/${code.replace(/\//g, '-')}.md`;
}

export function renderDiagnosticsDoc(): string {
  const areas: Record<string, string> = {
    xen: 'Xen hypervisor command line',
    linux: 'Linux kernel command line',
    grub: 'GRUB boot menus',
    kconfig: 'Kernel configurations and Kconfig',
    xl: 'Xen domain configurations (xl.cfg, xl.conf)',
    efi: "Xen's EFI configuration file (xen.cfg)",
    syslinux: 'SYSLINUX, EXTLINUX and PXELINUX (mboot.c32)',
    ipxe: 'iPXE scripts',
    devicetree: 'Xen on Arm: device tree sources and U-Boot scripts',
    xenconfig: 'Any file: a check of the extension that failed',
  };
  const byArea = new Map<string, Array<[string, { severity: string; summary: string }]>>();
  for (const [code, info] of [...allCodes()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const area = code.slice(0, code.indexOf('/'));
    if (!byArea.has(area)) byArea.set(area, []);
    byArea.get(area)!.push([code, info]);
  }
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  let out = '# Diagnostic codes\n\n';
  out += 'Every diagnostic the editor and `xen-config check` report carries one of these stable codes.\n';
  out +=
    'Each code links to its page: what it means, why it matters at boot or build time, an example, and how to fix it.\n';
  out +=
    'This index is generated from the code tables in `server/src/*/codes.ts` by `npm run docs`; do not edit it by hand\n';
  out += '(the pages under `codes/` are written by hand).\n\n';
  out +=
    '| severity | meaning |\n|---|---|\n| error | the boot or build will fail or ignore the line |\n| warning | probably not what you meant |\n| info / hint | advice |\n\n';
  for (const [area, rows] of byArea) {
    out += `## ${areas[area] ?? area}\n\n| code | default severity | summary |\n|---|---|---|\n`;
    for (const [code, info] of rows)
      out += `| [${code}](${codePagePath(code)}) | ${info.severity} | ${cell(info.summary)} |\n`;
    out += '\n';
  }
  return out;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'docs', 'diagnostics.md');
  writeFileSync(file, renderDiagnosticsDoc());
  console.log(`wrote ${path.relative(process.cwd(), file)} (${allCodes().size} codes)`);
}
