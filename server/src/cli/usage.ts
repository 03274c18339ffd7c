// Usage texts, apart from the commands so `--help` and dispatch load no command code.
export const CHECK_USAGE = `usage: xen-config check [--format text|json|sarif] [--fix | --fix-dry-run] [--language ID]
                        [--xen VERSION] [--linux VERSION] [--arch ARCH]
                        [--role dom0|domU|pv-domU|pvh-domU|hvm-domU] [--kernel-src DIR [--allow-shell]]
                        [--no-project] [--skip-unknown] PATH...
  --format sarif   SARIF 2.1.0, for code scanning (GitHub, GitLab)
  --fix            apply the safe fixes (those the editor applies on save) in place, then report
                   what is left; files without a fix are not touched
  --fix-dry-run    print the changes --fix would make as a unified diff (patch -p0), write nothing
  --no-project     ignore .xen-config.json project settings files
  --skip-unknown   pass over a named file whose language cannot be told (for pre-commit)
  A .xen-config.json in a file's folder or above sets its target versions, architecture, role
  and silenced codes; it wins over --xen/--linux/--arch/--role/--kernel-src.`;

export const EXPLAIN_USAGE = `usage: xen-config explain CODE      print a diagnostic code's page (grub/missing-space)
       xen-config explain --list    list every code with its severity and summary`;

export const OLDDEFCONFIG_USAGE = `xen-config olddefconfig --kernel-src DIR [--arch ARCH] [--allow-shell] [-o OUTPUT] INPUT...
  Reads the kernel's Kconfig files in DIR, merges the INPUT configs in order
  (later assignments win, like merge_config.sh -m) and writes the .config that
  \`make ARCH=ARCH olddefconfig\` would write (to stdout without -o).
  --allow-shell  run the tree's $(shell,...) toolchain probes (compiler checks);
                 without it their results are unknown and values that depend
                 on them may differ from make's.
  --quiet        do not list diagnostics of the inputs on stderr.`;

export const ENABLE_USAGE = `xen-config enable --kernel-src DIR [--arch ARCH] [--allow-shell]
                  (--role dom0|domU|pv-domU|pvh-domU|hvm-domU | SYMBOL[=VALUE]...) INPUT
                  [-o OUTPUT] [--fragment] [--quiet]
  Finds lines to add to the INPUT configuration so that, after
  \`make olddefconfig\`, the role's required options (or each SYMBOL=VALUE) hold,
  following the tree's dependencies, selects and choices; each line is needed
  (without it a goal fails), and the explanation says why. SYMBOL alone means y (y or m for a tristate option).
  Writes the configuration with those lines (an existing line of the same option
  is changed in place) to OUTPUT or stdout, the explanation to the other.
  --fragment     write only the added lines (for merge_config.sh or KCONFIG_ALLCONFIG)
  --allow-shell  run the tree's $(shell,...) toolchain probes (compiler checks)
  Exit status 2 and nothing written when a goal cannot be reached (the message says why).`;
