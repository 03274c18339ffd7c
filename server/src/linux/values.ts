// Value checks for Linux parameters: the shapes the kernel's own parsers accept (memparse sizes,
// kstrtobool, console and device names, earlyprintk choices). Each returns undefined when the
// value is fine, else a problem in our words. Never throws.
import type { CuratedParam } from './curated';
import { compareVersions, inHistory, parseVersion, type Version } from './version';

export interface ValueProblem {
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** A more specific diagnostic code than linux/invalid-value. */
  code?: string;
  /** Offsets within the value, when the problem is one part of it. */
  start?: number;
  end?: number;
  /** A replacement for the whole value. */
  suggestion?: string;
}

const SIZE = /^(0x[0-9a-f]+|\d+)[kmgtpe]?$/i;
export const isSize = (s: string): boolean => SIZE.test(s);
const INT = /^[-+]?(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i;
const UINT = /^\+?(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i;
// Every pattern here is linear: each repetition starts with a separator, so no text can be split
// between two repetitions in more than one way (test/hostile/parsers.test.ts feeds the worst shapes).
/** hugepages= per-node counts: `0:2,1:2` (a trailing comma tolerated). */
const HUGEPAGES_NODES = /^\d+:\d+(?:,\d+:\d+)*,?$/;
const MEM = '(?:0x[0-9a-f]+|\\d+)[kmg]?';
const MEM_RANGE = `${MEM}-(?:${MEM})?:${MEM}`;
/** crashkernel=: size[@offset], comma-separated range:size lists [@offset], size,high|low; then ,cma. */
const CRASHKERNEL = new RegExp(
  `^(?:${MEM}(?:@${MEM})?|${MEM_RANGE}(?:,${MEM_RANGE})*,?(?:@${MEM})?|${MEM},(?:high|low))(?:,cma)?$`,
  'i',
);
const BOOL_WORDS = ['1', '0', 'y', 'n', 'Y', 'N', 'on', 'off', 'yes', 'no', 'true', 'false'];

/** Checks a value against a module/core parameter type from the source table. */
export function checkTyped(type: string | undefined, value: string): ValueProblem | undefined {
  if (!type) return undefined;
  const t = type.replace(/^array of /, '');
  const parts = type.startsWith('array of ') ? value.split(',') : [value];
  for (const p of parts) {
    switch (t) {
      case 'bool':
      case 'invbool':
      case 'bool_enable_only':
        if (p !== '' && !BOOL_WORDS.includes(p) && !/^[yYnN10]/.test(p))
          return {
            severity: 'error',
            message: `"${p}" is not a yes/no value: the kernel accepts 1/0, y/n or on/off here.`,
          };
        break;
      case 'int':
      case 'long':
      case 'short':
      case 'llong':
        if (!INT.test(p))
          return { severity: 'error', message: `"${p}" is not an integer, which this ${t} parameter needs.` };
        break;
      case 'uint':
      case 'ulong':
      case 'ushort':
      case 'ullong':
      case 'byte':
      case 'hexint':
        if (!UINT.test(p))
          return {
            severity: 'error',
            message: `"${p}" is not a non-negative integer, which this ${t} parameter needs.`,
          };
        break;
    }
  }
  return undefined;
}

/**
 * What a value check may know of the release it judges: the console names its code registers
 * (tables.ts, derived from the struct console definitions of the built C files) and the
 * architecture the line is for.
 */
export interface ReleaseFacts {
  release: string;
  arch: 'x86_64' | 'arm64';
  consoles: ReadonlyMap<string, readonly string[]>;
}

/** A console name the release registers for this architecture, for the name without its unit number. */
function registeredConsole(dev: string, known: ReleaseFacts): 'yes' | 'other-arch' | 'no' {
  const m = /^([A-Za-z][\w-]*?)(\d+)$/.exec(dev);
  const arches = m ? known.consoles.get(m[1]) : undefined;
  return !arches ? 'no' : arches.includes(known.arch) ? 'yes' : 'other-arch';
}

function checkConsole(v: string, known?: ReleaseFacts): ValueProblem | undefined {
  if (v === '') return { severity: 'error', message: 'An empty console= names no device.' };
  if (/^(uart8250|uart|efifb|xenboot)(,|$)/.test(v)) return undefined; // early-console forms the kernel also accepts on console=
  const comma = v.indexOf(',');
  const dev = comma < 0 ? v : v.slice(0, comma);
  const opts = comma < 0 ? undefined : v.slice(comma + 1);
  if (dev === 'null' || dev === 'ttynull') return undefined;
  const registered = known ? registeredConsole(dev, known) : 'no';
  if (registered === 'other-arch')
    return {
      severity: 'info',
      message: `In Linux ${known!.release} only ${known!.arch === 'arm64' ? 'x86' : 'arm64'} drivers register the console "${dev.replace(/\d+$/, '')}"; on ${known!.arch} no driver of the kernel's own source does, so unless another driver provides it the kernel ignores the word.`,
    };
  if (registered === 'no') {
    if (/^\/dev\//.test(dev))
      return {
        severity: 'error',
        message: `Give the console as a device name without /dev/: "${dev.slice(5)}".`,
        suggestion: dev.slice(5) + (opts !== undefined ? `,${opts}` : ''),
      };
    if (/^com\d$/i.test(dev))
      return {
        severity: 'error',
        message: `"${dev}" is how Xen names serial ports; Linux calls the first one ttyS0 (and, as dom0 under Xen, the Xen console is hvc0).`,
        suggestion: `ttyS${Number(dev.slice(3)) - 1}`,
      };
    if (/^[A-Za-z]+$/.test(dev))
      return {
        severity: 'warning',
        message: `"${dev}" has no unit number; consoles are named like tty0, ttyS0 or hvc0.`,
      };
    // A driver outside the kernel's own source may register a console under its own name: a name
    // of that shape is told, not warned about.
    return {
      severity: /^[A-Za-z][A-Za-z_]*\d+$/.test(dev) ? 'info' : 'warning',
      message: known
        ? `No driver in Linux ${known.release}'s own source registers a console named "${dev.replace(/\d+$/, '')}" (such as tty, ttyS, hvc${known.arch === 'arm64' ? ', ttyAMA' : ''}). Unless a driver from elsewhere provides it, the kernel ignores the word.`
        : `"${dev}" is not a console name of the form <name><unit>, such as tty0, ttyS0 or hvc0; the kernel ignores a name no driver registers.`,
    };
  }
  if (
    opts !== undefined &&
    /^tty(S|USB|AMA|ACM)\d+$/.test(dev) &&
    opts !== '' &&
    !/^\d+([noe]\d?r?)?$/.test(opts) &&
    !/^(keep|io|mmio)/.test(opts)
  ) {
    return {
      severity: 'error',
      start: comma + 1,
      end: v.length,
      message: `Serial console options are <baud>[<parity n|o|e>[<bits>[r]]], such as 115200n8; "${opts}" does not fit.`,
    };
  }
  if (opts !== undefined && /^tty\d+$/.test(dev))
    return {
      severity: 'warning',
      start: comma,
      end: v.length,
      message: `Virtual terminals take no options; ",${opts}" is ignored.`,
    };
  return undefined;
}

const EARLY_X86 = ['vga', 'efi', 'serial', 'ttyS', 'pciserial', 'dbgp', 'xdbc', 'xen'];

function checkEarlyprintk(v: string, version: Version, p: CuratedParam): ValueProblem | undefined {
  const first = v.split(',')[0];
  const kind = EARLY_X86.find(
    (k) =>
      first === k ||
      (k === 'ttyS' && /^ttyS\d+$/.test(first)) ||
      ((k === 'dbgp' || k === 'xdbc') && new RegExp(`^${k}\\d*$`).test(first)),
  );
  if (!kind)
    return {
      severity: 'error',
      start: 0,
      end: first.length,
      message: `"${first}" is not an earlyprintk choice on x86: use vga, efi, serial, ttyS<n>, dbgp, xdbc or xen.`,
    };
  const h = p.valueHistory?.[kind];
  if (h?.since && compareVersions(version, parseVersion(h.since)!.slice(0, 2)) < 0) {
    return {
      severity: 'warning',
      start: 0,
      end: first.length,
      message: `earlyprintk=${kind} arrived in Linux ${h.since}${h.approx ? ' (approximately)' : ''}; ${version.join('.')} does not know it and prints nothing early (source: ${h.source}).`,
    };
  }
  const rest = v.split(',').slice(1);
  for (const r of rest) {
    if (
      r === 'keep' ||
      /^\d+$/.test(r) ||
      /^ttyS\d+$/.test(r) ||
      (kind === 'pciserial' && /^[0-9a-f:.]+$|^force$|^bus:/.test(r))
    )
      continue;
    return {
      severity: 'warning',
      message: `"${r}" is not an earlyprintk option: after the choice come a serial port, a speed, or keep.`,
    };
  }
  return undefined;
}

function checkRootDevice(v: string, version: Version, p: CuratedParam): ValueProblem | undefined {
  if (/^\/dev\/\S+$/.test(v) || /^[0-9a-f]+:[0-9a-f]+$/i.test(v) || /^[0-9a-f]{3,4}$/i.test(v)) return undefined;
  for (const pre of ['PARTUUID=', 'PARTLABEL=']) {
    if (v.startsWith(pre)) {
      const h = p.valueHistory?.[pre];
      if (h?.since && compareVersions(version, parseVersion(h.since)!.slice(0, 2)) < 0) {
        return {
          severity: 'warning',
          message: `root=${pre}… is understood by the kernel from Linux ${h.since}${h.approx ? ' (approximately)' : ''}; ${version.join('.')} needs an initramfs that resolves it (source: ${h.source}).`,
        };
      }
      if (pre === 'PARTUUID=' && !/^PARTUUID=[0-9a-f-]+(\/PARTNROFF=-?\d+)?$/i.test(v))
        return {
          severity: 'warning',
          message:
            'A PARTUUID is hexadecimal digits and dashes (a GPT partition GUID, or the MBR disk signature with -NN for the partition).',
        };
      return undefined;
    }
  }
  // UUID= and LABEL= are resolved by an initramfs; whether the entry loads one is the host's
  // business, so the hover explains it rather than a diagnostic on every distribution's line.
  if (/^(UUID|LABEL)=./.test(v)) return undefined;
  if (/^\/dev$|^\/dev\/$/.test(v)) return { severity: 'error', message: 'root= names no device.' };
  if (/^(sd|hd|vd|xvd|nvme|mmcblk)[a-z0-9]+$/.test(v))
    return { severity: 'warning', message: `Write the device with /dev/: root=/dev/${v}.`, suggestion: `/dev/${v}` };
  return {
    severity: 'warning',
    message: `"${v}" is not a root device form the kernel understands: /dev/<name>, PARTUUID=…, PARTLABEL=…, or major:minor (UUID= and LABEL= need an initramfs).`,
  };
}

function checkEnum(v: string, p: CuratedParam, list: boolean): ValueProblem | undefined {
  const known = Object.keys(p.values ?? {});
  if (!known.length) return undefined;
  if (!list && known.includes(v)) return undefined;
  const parts = list ? v.split(',') : [v];
  let off = 0;
  for (const part of parts) {
    if (!known.includes(part) && !(list && known.includes(v))) {
      const sev = p.strict ? 'error' : 'warning';
      return {
        severity: p.lenient ? 'info' : sev,
        start: off,
        end: off + part.length,
        message: `"${part}" is not one of ${known.map((k) => `\`${k}\``).join(', ')}${p.strict ? '; the kernel ignores the word' : ''}.`,
      };
    }
    off += part.length + 1;
  }
  return undefined;
}

export function checkCurated(
  p: CuratedParam,
  value: string | undefined,
  version: Version,
  known?: ReleaseFacts,
): ValueProblem | undefined {
  const v = value;
  switch (p.check) {
    case 'flag':
      if (v !== undefined)
        return {
          severity: 'warning',
          message: `${p.key} takes no value; "=${v}" is not read (a word with a value may not even match it).`,
        };
      return undefined;
    case 'none':
    case 'any':
      return undefined;
  }
  if (v === undefined) {
    if (p.optionalValue) return undefined;
    if (p.check === 'bool') return undefined;
    return {
      severity: 'warning',
      message: `${p.key} needs a value (${p.syntax ?? `${p.key}=…`}); a bare word is not matched and goes to init.`,
    };
  }
  switch (p.check) {
    case 'bool':
      return checkTyped('bool', v);
    case 'int':
      return checkTyped('int', v);
    case 'uint':
      return checkTyped('uint', v);
    case 'int-range': {
      const bad = checkTyped('int', v);
      if (bad) return bad;
      const n = Number(v);
      if (p.range && (n < p.range[0] || n > p.range[1]))
        return { severity: 'warning', message: `${n} is outside ${p.range[0]}…${p.range[1]}.` };
      return undefined;
    }
    case 'size':
      return isSize(v)
        ? undefined
        : p.key === 'mem' && v === 'nopentium'
          ? undefined
          : {
              severity: 'error',
              message: `"${v}" is not a size: a number with an optional K, M or G suffix, such as 512M.`,
            };
    case 'enum':
      return checkEnum(v, p, false);
    case 'enum-list':
      return checkEnum(v, p, true);
    case 'path':
      return v.startsWith('/')
        ? undefined
        : { severity: 'warning', message: `Give an absolute path, such as /sbin/init.` };
    case 'root-device':
      return checkRootDevice(v, version, p);
    case 'console':
      return checkConsole(v, known);
    case 'earlyprintk':
      return checkEarlyprintk(v, version, p);
    case 'vga':
      return /^(normal|extended|ask|current|(0x[0-9a-f]+|\d+))$/i.test(v)
        ? undefined
        : {
            severity: 'error',
            message: `"${v}" is not a vga= mode: normal, extended, ask, or a mode number (0x317, 791).`,
          };
    case 'video':
      if (/^[A-Za-z0-9_-]+:.+$/.test(v) || /^\d+x\d+/.test(v) || /^[A-Za-z0-9_-]+:$/.test(v)) return undefined;
      return {
        severity: 'warning',
        message: `video= takes <driver or connector>:<options> (video=vesafb:off, video=HDMI-A-1:1920x1080@60) or a bare mode; "${v}" has neither form.`,
      };
    case 'fs-list':
      return /^[a-z0-9_]+(,[a-z0-9_]+)*$/.test(v)
        ? undefined
        : {
            severity: 'warning',
            message: 'Give file-system type names separated by commas, such as ext4 or ext4,xfs.',
          };
    case 'memmap':
      return /^(exactmap|(0x[0-9a-f]+|\d+)[kmg]?([@#$!]|\\\$)(0x[0-9a-f]+|\d+)[kmg]?|(0x[0-9a-f]+|\d+)[kmg]?%.+)$/i.test(
        v,
      )
        ? undefined
        : {
            severity: 'error',
            message: 'memmap= takes <size>@<start>, <size>$<start>, <size>#<start>, <size>!<start> or exactmap.',
          };
    case 'hugepages':
      return /^\d+$/.test(v) || HUGEPAGES_NODES.test(v)
        ? undefined
        : { severity: 'error', message: 'hugepages= takes a count, or per-node counts like 0:2,1:2.' };
    case 'swiotlb':
      return /^(\d+(,\d+)?(,(force|noforce))?|force|noforce)$/.test(v)
        ? undefined
        : {
            severity: 'warning',
            message: 'swiotlb= takes a number of slabs (optionally with areas), force or noforce.',
          };
    case 'crashkernel':
      if (v === 'auto')
        return {
          severity: 'warning',
          message:
            'crashkernel=auto is an extension of Red Hat kernels (RHEL 6–8); mainline kernels do not accept it and reserve nothing. Give a size such as 256M or a range list.',
        };
      return CRASHKERNEL.test(v)
        ? undefined
        : {
            severity: 'error',
            message:
              'crashkernel= takes a size (256M), size@offset, range:size lists (1G-4G:192M,4G-:256M), or size,high / size,low.',
          };
    case 'pciback-hide':
      return /^(\((\d{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7*]\))+$/i.test(v)
        ? undefined
        : {
            severity: 'error',
            message:
              'List each device in parentheses as (domain:bus:device.function), such as (0000:03:00.0)(0000:04:00.1).',
          };
  }
  return undefined;
}

/** Whether a value's part exists in this version by the curated value history. */
export function valueKnownAt(p: CuratedParam, part: string, version: Version): boolean {
  const h = p.valueHistory?.[part];
  return !h || inHistory(version, h.since, h.until);
}
