// GRUB 2 device names: `(hd0)`, `(hd0,1)`, `(hd0,msdos1)`, `(hd0,gpt2)`, `(hd0,msdos5,bsd1)`,
// `(cd0)`, `(md/0)`, `(lvm/vg-root)`, `(tftp,10.0.0.1)` … Disks count from 0 and partitions from 1.
// Only the forms GRUB 2 itself names (hdN, fdN, cdN with partitions) are checked; other device
// names (RAID, LVM, network, crypto) pass. Never throws.

export interface Grub2Device {
  start: number;
  end: number;
  disk?: { kind: string; number: number };
  partitions: Array<{ table?: string; number: number }>;
  error?: { message: string; start: number; end: number };
}

const TABLES = new Set(['msdos', 'gpt', 'bsd', 'sun', 'sunpc', 'apple', 'amiga', 'acorn', 'dvh', 'plan']);

/** Parses a device at `s[at] === '('`; returns undefined when it does not look like a device at all. */
export function parseGrub2Device(s: string, at = 0): Grub2Device | undefined {
  const close = s.indexOf(')', at);
  if (close < 0) return undefined;
  const inner = s.slice(at + 1, close);
  if (inner.includes('$')) return undefined;
  const dev: Grub2Device = { start: at, end: close + 1, partitions: [] };
  const m = /^(hd|fd|cd)(\d+)((?:,[^,]*)*)$/.exec(inner);
  if (!m) return dev;
  dev.disk = { kind: m[1], number: Number(m[2]) };
  let pos = at + 1 + m[1].length + m[2].length;
  for (const part of m[3].split(',').slice(1)) {
    pos++; // the comma
    const pm = /^([a-z]*)(\d+)$/.exec(part);
    if (!pm || (pm[1] && !TABLES.has(pm[1]))) {
      dev.error = {
        message: `"${part}" is not a GRUB 2 partition: write a number counted from 1, optionally after the table type, as in (hd0,gpt2) or (hd0,msdos1).`,
        start: pos,
        end: pos + Math.max(1, part.length),
      };
      return dev;
    }
    const n = Number(pm[2]);
    if (n === 0) {
      dev.error = {
        message: `GRUB 2 counts partitions from 1, so "${part}" names no partition (GRUB reports "no such partition"). The first partition is ${pm[1] || ''}1; GRUB legacy's (hd0,0) is GRUB 2's (hd0,1).`,
        start: pos,
        end: pos + part.length,
      };
      return dev;
    }
    dev.partitions.push({ table: pm[1] || undefined, number: n });
    pos += part.length;
  }
  if (dev.disk.kind !== 'hd' && dev.partitions.length > 0 && dev.disk.kind === 'cd') {
    dev.error = { message: 'A CD-ROM has no partitions.', start: at, end: close + 1 };
  }
  return dev;
}

const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
const ord = (n: number) => ORD[n] ?? `#${n + 1}`;

export function describeGrub2Device(d: Grub2Device): string {
  if (!d.disk) return 'a GRUB 2 device (RAID, LVM, network or other)';
  const kind = d.disk.kind === 'hd' ? 'disk' : d.disk.kind === 'fd' ? 'floppy drive' : 'CD-ROM drive';
  const parts = [`the ${ord(d.disk.number)} ${kind} GRUB found (${d.disk.kind}${d.disk.number}, counted from 0)`];
  for (const p of d.partitions) {
    const table =
      p.table === 'msdos'
        ? 'MBR (msdos) partition'
        : p.table === 'gpt'
          ? 'GPT partition'
          : p.table
            ? `${p.table} partition`
            : 'partition';
    parts.push(`${table} ${p.number} (counted from 1; Linux usually calls it …${p.number})`);
  }
  if (d.partitions.length === 0 && d.disk.kind === 'hd') parts.push('the whole disk');
  return parts.join(', ');
}
