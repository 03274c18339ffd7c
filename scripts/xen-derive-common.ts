// Helpers shared by the Xen derivation scripts: version order, release ranges, bit masks.

export { compareVersions } from '../server/src/core/versions';

/** Indexes into `releases` as "a..b,c" ranges over the ordered release list (a lone release stands alone). */
export function encodeRanges(indexes: number[], releases: string[]): string {
  const s = [...new Set(indexes)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(i === j ? releases[s[i]] : `${releases[s[i]]}..${releases[s[j]]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function hexMask(set: Set<number>, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 4) {
    let v = 0;
    for (let b = 0; b < 4; b++) if (set.has(i + b)) v |= 1 << b;
    out += v.toString(16);
  }
  return out;
}

/** JSON with the entries of the named top-level maps one per line: diffable and still compact. */
export function jsonOnePerLine(data: Record<string, unknown>, mapKeys: string[]): string {
  const parts = Object.entries(data).map(([k, v]) => {
    if (mapKeys.includes(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = Object.entries(v as Record<string, unknown>).map(
        ([ik, iv]) => `  ${JSON.stringify(ik)}: ${JSON.stringify(iv)}`,
      );
      return `${JSON.stringify(k)}: {\n${inner.join(',\n')}\n}`;
    }
    return `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}
