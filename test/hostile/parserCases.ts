// The hostile inputs of the document parsers (issue 23, F4 and F5), shared by the service runner,
// the CLI cases and the LSP cases of parsers.test.ts. Each shape is the worst case of a regular
// expression or a recursion the parsers had: `size` is the length of the repeated part.

export type Feature = 'diagnose' | 'complete' | 'inlay' | 'hover' | 'tokens' | 'symbols';

export interface ShapeCase {
  /** What the shape is, in the test's name. */
  what: string;
  languageId: string;
  /** A file name the CLI reads as this language. */
  fileName: string;
  text: (size: number) => string;
  /** The features this shape was slow or broken in; `at` is where completion, hover… are asked. */
  features: Feature[];
  at?: 'end' | 'middle';
}

const ones = (n: number) => '1'.repeat(n);

/** F4: shapes that took quadratic time (or worse) in a regular expression: ≤ 1 s at 100 KB, linear after. */
export const QUADRATIC: ShapeCase[] = [
  {
    what: 'crashkernel=1-:111…1! on a GRUB 2 linux line',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) => `menuentry x {\n linux /vmlinuz crashkernel=1-:${ones(n)}!\n}\n`,
    features: ['diagnose', 'hover', 'tokens'],
    at: 'middle',
  },
  {
    what: 'crashkernel=1-:111…1! on a GRUB legacy kernel line',
    languageId: 'menu-lst',
    fileName: 'menu.lst',
    text: (n) => `title x\n kernel /vmlinuz crashkernel=1-:${ones(n)}!\n`,
    features: ['diagnose', 'hover', 'tokens'],
    at: 'middle',
  },
  {
    what: 'hugepages=1:111…1!',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) => `menuentry x {\n linux /vmlinuz hugepages=1:${ones(n)}!\n}\n`,
    features: ['diagnose'],
  },
  {
    what: 'xl.cfg "for in in in …"',
    languageId: 'xl-cfg',
    fileName: 'xl.conf',
    text: (n) => `for ${'in '.repeat(Math.floor(n / 3))}\n`,
    features: ['diagnose'],
  },
  {
    what: 'xl.cfg "for\\ts\\tin\\ty…"',
    languageId: 'xl-cfg',
    fileName: 'xl.conf',
    text: (n) => `for\ts${'\tin\ty'.repeat(Math.floor(n / 5))}\n`,
    features: ['diagnose'],
  },
  {
    what: 'completion in grub.cfg after a long word and a space',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) => `${'x'.repeat(n)} `,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in grub.cfg on a long command line',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) => `linux /v ${'x'.repeat(n)} `,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in menu.lst after root and a long word',
    languageId: 'menu-lst',
    fileName: 'menu.lst',
    text: (n) => `root ${'x'.repeat(n)} `,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in menu.lst after a command, spaces and U+2028',
    languageId: 'menu-lst',
    fileName: 'menu.lst',
    text: (n) => `kernel${' '.repeat(n)}\u2028`,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in /etc/default/grub after a long value',
    languageId: 'grub-default',
    fileName: 'default/grub',
    text: (n) => `GRUB_TIMEOUT_STYLE=${'x'.repeat(n)} `,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in /etc/default/grub inside a long command line',
    languageId: 'grub-default',
    fileName: 'default/grub',
    text: (n) => `GRUB_CMDLINE_LINUX="${'x'.repeat(n)} `,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'completion in xl.cfg after a long value',
    languageId: 'xl-cfg',
    fileName: 'xl.conf',
    text: (n) => `builder=${'-'.repeat(n)}\u0001`,
    features: ['complete'],
    at: 'end',
  },
  {
    what: 'inlay hints on a kernel line ending in many spaces',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) => `menuentry x {\n linux /vmlinuz root=/dev/sda${' '.repeat(n)}\u0001\n}\n`,
    features: ['inlay'],
  },
  {
    what: 'inlay hints on Xen and dom0 lines ending in many spaces',
    languageId: 'menu-lst',
    fileName: 'menu.lst',
    text: (n) =>
      `title x\n kernel /xen.gz dom0_mem=1G${' '.repeat(n >> 1)}\n module /vmlinuz root=/dev/sda${' '.repeat(n >> 1)}\u0001\n`,
    features: ['inlay', 'symbols'],
  },
  {
    what: 'a Xen image name of digits and dots',
    languageId: 'grub-cfg',
    fileName: 'grub.cfg',
    text: (n) =>
      `menuentry x {\n multiboot2 /xen-0.0${'0'.repeat(n >> 1)}.0.0${'.0'.repeat(n >> 2)}N.0 dom0_mem=1G\n}\n`,
    features: ['diagnose', 'inlay'],
  },
  {
    what: 'a .config header comment of digits',
    languageId: 'kernel-config',
    fileName: '.config',
    text: (n) => `# Linux/#\t0.0.0${'0'.repeat(n)}C 0.0 Kernel Configuration\nCONFIG_XEN=y\n`,
    features: ['diagnose', 'hover'],
  },
];

/** F5: inputs that overflowed the stack or ran for minutes: answered within 5 s and 1 GB by the CLI. */
export const HUGE: Array<{ what: string; fileName: string; bytes: () => Buffer }> = [
  {
    what: 'a valid 150,000-line grub.cfg of echo',
    fileName: 'grub.cfg',
    bytes: () => Buffer.from('echo\n'.repeat(150_000)),
  },
  {
    what: 'a GRUB 2 Xen line with 100,000 × dom0_mem=1G',
    fileName: 'grub.cfg',
    bytes: () =>
      Buffer.from(
        `menuentry x {\n multiboot2 /xen.gz${' dom0_mem=1G'.repeat(100_000)}\n module2 /vmlinuz root=/dev/sda1\n}\n`,
      ),
  },
  {
    what: 'a GRUB legacy Xen line with 100,000 × dom0_mem=1G',
    fileName: 'menu.lst',
    bytes: () =>
      Buffer.from(`title x\n kernel /xen.gz${' dom0_mem=1G'.repeat(100_000)}\n module /vmlinuz root=/dev/sda1\n`),
  },
  {
    what: 'GRUB_CMDLINE_XEN_DEFAULT with 100,000 × dom0_mem=1G',
    fileName: 'default/grub',
    bytes: () => Buffer.from(`GRUB_CMDLINE_XEN_DEFAULT="${'dom0_mem=1G '.repeat(100_000)}"\n`),
  },
  {
    what: 'a .config with a 10 MB quoted value',
    fileName: '.config',
    bytes: () => Buffer.from(`CONFIG_XEN=y\nCONFIG_CMDLINE="${'a'.repeat(10_000_000)}"\n`),
  },
  {
    what: 'a .config with 5,000,000 escaped quotes in a value',
    fileName: '.config',
    bytes: () => Buffer.from(`CONFIG_XEN=y\nCONFIG_CMDLINE="${'\\"'.repeat(5_000_000)}"\n`),
  },
  { what: '5 MB of invalid UTF-8 read as grub.cfg', fileName: 'grub.cfg', bytes: () => Buffer.alloc(5_000_000, 0xff) },
  {
    what: '5 MB of random bytes read as grub.cfg',
    fileName: 'grub.cfg',
    bytes: () => {
      const b = Buffer.alloc(5_000_000);
      for (let i = 0; i < b.length; i++) b[i] = (i * 2654435761) >>> 24;
      return b;
    },
  },
  { what: '5 MB of invalid UTF-8 read as menu.lst', fileName: 'menu.lst', bytes: () => Buffer.alloc(5_000_000, 0xff) },
  {
    what: '5 MB of invalid UTF-8 read as /etc/default/grub',
    fileName: 'default/grub',
    bytes: () => Buffer.alloc(5_000_000, 0xff),
  },
  { what: '5 MB of invalid UTF-8 read as xl.cfg', fileName: 'xl.conf', bytes: () => Buffer.alloc(5_000_000, 0xff) },
  {
    what: 'a 1 MB xl.cfg string full of bad escapes',
    fileName: 'xl.conf',
    bytes: () => Buffer.from(`extra = "${'\\q'.repeat(500_000)}"\n`),
  },
  {
    what: 'an xl.cfg with 200,000 repeated settings',
    fileName: 'xl.conf',
    bytes: () => Buffer.from('memory = 1024\n'.repeat(200_000)),
  },
];
