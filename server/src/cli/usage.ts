// Usage texts, apart from the commands so `--help` and dispatch load no command code.
export const CHECK_USAGE = 'usage: xen-config check [--format text|json] [--language ID] [--xen VERSION] [--linux VERSION] [--arch ARCH] [--role dom0|domU|pv-domU|pvh-domU|hvm-domU] [--kernel-src DIR [--allow-shell]] PATH...';

export const OLDDEFCONFIG_USAGE = `xen-config olddefconfig --kernel-src DIR [--arch ARCH] [--allow-shell] [-o OUTPUT] INPUT...
  Reads the kernel's Kconfig files in DIR, merges the INPUT configs in order
  (later assignments win, like merge_config.sh -m) and writes the .config that
  \`make ARCH=ARCH olddefconfig\` would write (to stdout without -o).
  --allow-shell  run the tree's $(shell,...) toolchain probes (compiler checks);
                 without it their results are unknown and values that depend
                 on them may differ from make's.
  --quiet        do not list diagnostics of the inputs on stderr.`;
