// GRUB legacy device and file names, read the way GRUB 0.97's set_device() and its file opening
// read them: `(hd0,0)`, `(hd0,0,a)`, `(hd0,a)`, `(fd0)`, `(nd)`, `(cd)`, `(0x80)`, partitions counted
// from 0 and hard disks only; a file is an absolute path or a blocklist (`0+1`, `+1`), optionally
// after a device. Never throws: problems come back as `error`.

export type DriveKind = 'hd' | 'fd' | 'nd' | 'cd' | 'bios';

export interface LegacyDevice {
  /** Offsets in the parsed string of `(` and just after `)` (or the end when unclosed). */
  start: number;
  end: number;
  drive?: { kind: DriveKind; number?: number };
  /** 0-based partition number, when given. */
  partition?: number;
  /** BSD sub-partition letter a–h, when given. */
  bsd?: string;
  error?: { message: string; start: number; end: number };
}

export interface LegacyFile {
  device?: LegacyDevice;
  /** The part after the device: a path, a blocklist, or empty. */
  rest: string;
  restStart: number;
  kind: 'path' | 'blocklist' | 'device-only' | 'bad';
  error?: { message: string; start: number; end: number };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Parses `s` from `at` (where `s[at]` is `(`). */
export function parseLegacyDevice(s: string, at = 0): LegacyDevice {
  const dev: LegacyDevice = { start: at, end: at };
  const close = s.indexOf(')', at);
  const fail = (message: string, start: number, end: number): LegacyDevice => {
    dev.error = { message, start, end: Math.max(end, start + 1) };
    dev.end = close >= 0 ? close + 1 : s.length;
    return dev;
  };
  let i = at + 1;
  const inner = s.slice(i, close >= 0 ? close : s.length);
  if (close < 0) return fail(`The device name "${s.slice(at)}" is not closed with ")".`, at, s.length);
  if (/^hd\d+,(msdos|gpt|bsd|sun|apple|dvh|plan|amiga|acorn)\d/.test(inner)) {
    const m = /^(hd\d+),[a-z]+(\d+)/.exec(inner)!;
    const n = Number(m[2]);
    return fail(
      `"(${inner})" is a GRUB 2 device name. GRUB legacy counts partitions from 0 without a table type: write "(${m[1]},${Math.max(0, n - 1)})".`,
      at,
      close + 1,
    );
  }
  // The drive.
  if (s[i] !== ',' && s[i] !== ')') {
    const c = s[i];
    if (c === 'h' || c === 'f') {
      if (s[i + 1] !== 'd')
        return fail(
          `"(${inner})" is not a GRUB legacy drive: use hdN for hard disks, fdN for floppies, nd, cd, or a BIOS number such as 0x80.`,
          at,
          close + 1,
        );
      i += 2;
      const m = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(s.slice(i));
      if (!m) return fail(`"${c}d" needs a drive number counted from 0, as in "(${c}d0)".`, i, i + 1);
      dev.drive = { kind: c === 'h' ? 'hd' : 'fd', number: Number(m[1]) };
      i += m[1].length;
    } else if ((c === 'n' || c === 'c') && s[i + 1] === 'd') {
      dev.drive = { kind: c === 'n' ? 'nd' : 'cd' };
      i += 2;
    } else if (isDigit(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(s.slice(i))!;
      const n = Number(m[1]);
      dev.drive = { kind: 'bios', number: n };
      i += m[1].length;
    } else {
      const word = /^[^,)]*/.exec(s.slice(i))![0];
      return fail(
        `"${word}" is not a GRUB legacy drive: use hdN for hard disks, fdN for floppies, nd (network), cd (CD-ROM), or a BIOS number such as 0x80. GRUB stops with "Error 11: Unrecognized device string".`,
        i,
        i + word.length,
      );
    }
  }
  const isFloppy = dev.drive?.kind === 'fd' || (dev.drive?.kind === 'bios' && (dev.drive.number ?? 0) < 0x80);
  if (s[i] === ',') {
    i++;
    if (isDigit(s[i])) {
      const m = /^\d+/.exec(s.slice(i))!;
      const n = Number(m[0]);
      if (isFloppy)
        return fail(
          'Floppy disks have no partitions in GRUB legacy: write the drive alone, as in "(fd0)".',
          i,
          i + m[0].length,
        );
      if (n > 254) return fail(`Partition ${n} is out of range: GRUB legacy accepts 0 to 254.`, i, i + m[0].length);
      if (dev.drive?.kind === 'nd' || dev.drive?.kind === 'cd')
        return fail(`"(${dev.drive.kind})" has no partitions.`, i, i + m[0].length);
      dev.partition = n;
      i += m[0].length;
      if (s[i] === ',') i++;
      if (s[i] !== undefined && /[a-h]/.test(s[i])) dev.bsd = s[i++];
    } else if (s[i] !== undefined && /[a-h]/.test(s[i])) {
      dev.bsd = s[i++];
    } else {
      const word = /^[^)]*/.exec(s.slice(i))![0];
      return fail(
        `"${word}" is not a partition: GRUB legacy counts partitions from 0, as in "(hd0,0)" for the first one; a BSD sub-partition is a letter a to h.`,
        i,
        i + Math.max(1, word.length),
      );
    }
  }
  if (s[i] !== ')') {
    const word = s.slice(i, close);
    return fail(
      `Unexpected "${word}" in the device name: GRUB stops with "Error 11: Unrecognized device string".`,
      i,
      close,
    );
  }
  dev.end = i + 1;
  return dev;
}

const BLOCKLIST = /^(\d*\+\d+|\d+\[\d+-\d+\])(,(\d*\+\d+|\d+\[\d+-\d+\]))*$/;

/** Parses a file argument: `[DEVICE]/path`, `[DEVICE]blocklist`, or a device alone when `deviceOnlyOk`. */
export function parseLegacyFile(word: string, deviceOnlyOk = false): LegacyFile {
  let restStart = 0;
  let device: LegacyDevice | undefined;
  if (word.startsWith('(')) {
    device = parseLegacyDevice(word, 0);
    if (device.error) return { device, rest: '', restStart: device.end, kind: 'bad', error: device.error };
    restStart = device.end;
  }
  const rest = word.slice(restStart);
  const out = (kind: LegacyFile['kind'], error?: LegacyFile['error']): LegacyFile => ({
    device,
    rest,
    restStart,
    kind,
    error,
  });
  if (rest === '') {
    if (deviceOnlyOk && device) return out('device-only');
    return out('bad', {
      message: device
        ? `"${word}" names a device but no file: add a path such as "${word}/boot/…" or a blocklist such as "${word}+1".`
        : 'A file name is missing.',
      start: 0,
      end: word.length,
    });
  }
  if (rest.startsWith('/')) return out('path');
  if (BLOCKLIST.test(rest)) return out('blocklist');
  return out('bad', {
    message: `"${rest}" is neither an absolute path nor a blocklist: GRUB stops with "Error 1: Filename must be either an absolute pathname or blocklist". Start the path with "/".`,
    start: restStart,
    end: word.length,
  });
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (n: number): string => ORDINALS[n] ?? `${n + 1}th`;

/** A sentence explaining a device in plain words. */
export function describeLegacyDevice(d: LegacyDevice): string {
  const parts: string[] = [];
  const drive = d.drive;
  if (!drive) parts.push('the current root drive');
  else if (drive.kind === 'hd')
    parts.push(
      `the ${ordinal(drive.number ?? 0)} hard disk in BIOS order (BIOS drive 0x${(0x80 + (drive.number ?? 0)).toString(16)})`,
    );
  else if (drive.kind === 'fd') parts.push(`the ${ordinal(drive.number ?? 0)} floppy drive`);
  else if (drive.kind === 'nd') parts.push('the network (TFTP) drive');
  else if (drive.kind === 'cd') parts.push('the CD-ROM drive GRUB was booted from');
  else parts.push(`BIOS drive 0x${(drive.number ?? 0).toString(16)}`);
  if (d.partition !== undefined) {
    parts.push(
      d.partition < 4
        ? `${ordinal(d.partition)} primary partition (partition ${d.partition}, counted from 0; Linux usually calls it …${d.partition + 1})`
        : `logical partition ${d.partition} (counted from 0, so Linux usually calls it …${d.partition + 1})`,
    );
  } else if (!d.bsd && drive && (drive.kind === 'hd' || drive.kind === 'bios')) parts.push('the whole disk');
  if (d.bsd) parts.push(`BSD sub-partition ${d.bsd}`);
  return parts.join(', ');
}
