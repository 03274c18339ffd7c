#!/usr/bin/env bash
# Prepare the Linux kernel trees used by every script, test and benchmark that
# reads one (scripts/kernel-trees.ts is the same convention for TypeScript).
#
# For each version (default: 6.1 6.12) it
#   1. extracts from Debian's /usr/src/linux-source-<ver>.tar.xz into
#      $XEN_CONFIG_TREES/linux-<ver> (default .cache/linux-<ver>) what the Kconfig
#      language, the kernel's own `conf` and the parameter derivation need
#      (Kconfig files, Makefiles, scripts/, arch/*/tools, defconfigs, config
#      fragments, C sources and headers outside other architectures and tools/,
#      kernel-parameters.txt), and records the package version and the tarball's
#      sha256 in .source.json,
#   2. builds scripts/kconfig/conf there (the reference implementation),
#   3. decompresses Debian's configs from /usr/src/linux-config-<ver>/ into
#      .cache/linux-<ver>/debian-configs/.
# It is idempotent: a finished step is not redone (a stamp file marks it).
#
# Usage: scripts/prepare-kernel-trees.sh [VERSION...]
# Env:   XEN_CONFIG_TREES (default: <repo>/.cache)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XEN_CONFIG_TREES:-$here/.cache}"
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(6.1 6.12)

mkdir -p "$cache"
status=0
for ver in "${versions[@]}"; do
  tarball="/usr/src/linux-source-$ver.tar.xz"
  dest="$cache/linux-$ver"
  # A tree extracted from another tarball (Debian moved to a new point release) is redone.
  if [ -f "$dest/.source.json" ] && [ -f "$tarball" ] &&
     ! grep -q "\"$(sha256sum "$tarball" | cut -d' ' -f1)\"" "$dest/.source.json"; then
    echo "prepare-kernel-trees: $tarball changed since $dest was extracted; extracting again" >&2
    rm -f "$dest/.extracted" "$dest/.conf-built"
  fi
  if [ ! -f "$dest/.extracted" ] || [ ! -f "$dest/.source.json" ]; then
    if [ ! -f "$tarball" ]; then
      echo "prepare-kernel-trees: $tarball not found (apt-get install linux-source-$ver)" >&2
      status=1
      continue
    fi
    echo "prepare-kernel-trees: extracting $tarball -> $dest" >&2
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    top="$( (tar -tJf "$tarball" 2>/dev/null || true) | head -n 1 | cut -d/ -f1)"
    # Kconfig files and what conf and the Kconfig shell probes use; C sources
    # and headers for the parameter derivation (other architectures and tools/
    # left out: they register nothing for x86_64 or arm64).
    excludes=()
    for a in alpha arc arm csky hexagon ia64 loongarch m68k microblaze mips nios2 \
             openrisc parisc powerpc riscv s390 sh sparc um xtensa; do
      excludes+=("--exclude=$top/arch/$a/*.c" "--exclude=$top/arch/$a/*.h")
    done
    tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1 --wildcards \
      "${excludes[@]}" "--exclude=$top/tools/*.c" "--exclude=$top/tools/*.h" \
      '*/Kconfig*' '*/Makefile*' '*/Kbuild*' '*/scripts/*' '*/arch/*/tools/*' \
      '*/arch/*/configs/*' '*/kernel/configs/*' "$top/include/*" '*.c' '*.h' \
      "$top/Documentation/admin-guide/kernel-parameters.txt" \
      2>/dev/null || true
    if [ ! -f "$dest.tmp/Kconfig" ] || [ ! -f "$dest.tmp/scripts/kconfig/conf.c" ]; then
      echo "prepare-kernel-trees: extraction of $tarball failed" >&2
      status=1
      continue
    fi
    pkgver="$(dpkg-query -W -f='${Version}' "linux-source-$ver" 2>/dev/null || echo unknown)"
    sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
    printf '{"package":"linux-source-%s","version":"%s","sha256":"%s"}\n' "$ver" "$pkgver" "$sum" >"$dest.tmp/.source.json"
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
    touch "$dest/.extracted"
  fi
  if [ ! -x "$dest/scripts/kconfig/conf" ] || [ ! -f "$dest/.conf-built" ]; then
    echo "prepare-kernel-trees: building conf in $dest" >&2
    # Building through kbuild needs flex, bison and a host compiler.
    # A config target builds conf on the way; its output config is thrown away.
    if ! make -s -C "$dest" ARCH=x86_64 KCONFIG_CONFIG=.prepare-dummy-config \
         olddefconfig >"$dest/conf-build.log" 2>&1 || [ ! -x "$dest/scripts/kconfig/conf" ]; then
      echo "prepare-kernel-trees: building conf failed, see $dest/conf-build.log" >&2
      status=1
      continue
    fi
    rm -f "$dest/.prepare-dummy-config" "$dest/.prepare-dummy-config.old"
    touch "$dest/.conf-built"
  fi
  cfgdir="/usr/src/linux-config-$ver"
  mkdir -p "$dest/debian-configs"
  if [ -d "$cfgdir" ]; then
    for f in "$cfgdir"/config.*.xz; do
      [ -e "$f" ] || continue
      out="$dest/debian-configs/$(basename "$f" .xz)"
      [ -f "$out" ] || xz -dc "$f" >"$out"
    done
  else
    echo "prepare-kernel-trees: $cfgdir not found (Debian configs missing)" >&2
  fi
  echo "prepare-kernel-trees: $dest ready" >&2
done
exit $status
