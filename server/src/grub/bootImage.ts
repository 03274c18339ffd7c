// What a boot image file name says: a Xen hypervisor, a Linux kernel, or something else, and the
// version its name carries.

export type ImageKind = 'xen' | 'linux' | 'other';

export function imageBase(path: string): string {
  const p = path.replace(/^\([^)]*\)/, '');
  return p.slice(p.lastIndexOf('/') + 1);
}

export function classifyImage(path: string): ImageKind {
  const base = imageBase(path).toLowerCase();
  if (/^xen([-_.].*)?(\.gz|\.efi)?$/.test(base) && !base.startsWith('xenial')) return 'xen';
  if (/^(vmlinuz|vmlinux|bzimage|linux|kernel)([-_.].*)?$/.test(base) || base === 'image' || base.startsWith('image-'))
    return 'linux';
  return 'other';
}

/**
 * The version a boot image's file name carries: `xen-4.2.5.gz` → 4.2.5, `vmlinuz-6.1.0-18-amd64` → 6.1.0.
 * Red Hat's `xen.gz-2.6.18-194.el5` carries the dom0 kernel's version, not Xen's, so it gives none.
 */
export function imageVersion(path: string): string | undefined {
  const base = imageBase(path);
  const m = /^(?:xen(?:-syms)?|vmlinuz|vmlinux|bzimage|linux|kernel|image)-v?(\d+\.\d+(?:\.\d+)?)/i.exec(base);
  return m ? m[1] : undefined;
}

/**
 * Intel's trusted boot loader (tboot.gz, tboot-1.11.1.gz): loaded as the Multiboot kernel, it starts
 * the first module (Xen, or a Linux kernel) after measuring it, passing that module's command line on.
 */
export function isTbootImage(path: string): boolean {
  return /^tboot([-_.][^/]*)?$/i.test(imageBase(path));
}

/**
 * Files that ride along with tboot but are not started: the SINIT authenticated code module
 * (`GM45_GS45_PM45_SINIT_21.BIN`, `*.acm`) and tboot's launch control policy data (`list.data`).
 */
export function isTbootSideFile(path: string): boolean {
  const base = imageBase(path).toLowerCase();
  return /sinit|\.acm$|\.bin$|^list\.data$|\.pol$|^lcp/.test(base);
}
