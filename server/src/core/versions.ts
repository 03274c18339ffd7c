// Dotted numeric version order ("4.2.5" < "4.10.0"), shared by code and derivation scripts.

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`; missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
