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
  if (/^(vmlinuz|vmlinux|bzimage|linux|kernel)([-_.].*)?$/.test(base) || base === 'image' || base.startsWith('image-')) return 'linux';
  return 'other';
}
