#!/usr/bin/env bash
# Prepare the Linux kernel trees used by the Kconfig engine's real-tree tests
# and benchmark (server/test/kconfig-trees.test.ts, bench/kconfig.ts).
#
# For each version (default: 6.1 6.12) it
#   1. extracts from Debian's /usr/src/linux-source-<ver>.tar.xz only what the
#      Kconfig language and the kernel's own `conf` need into .cache/linux-<ver>
#      (Kconfig files, Makefiles, scripts/, arch/*/tools, defconfigs, config
#      fragments),
#   2. builds scripts/kconfig/conf there (the reference implementation),
#   3. decompresses Debian's configs from /usr/src/linux-config-<ver>/ into
#      .cache/linux-<ver>/debian-configs/.
# It is idempotent: a finished step is not redone (a stamp file marks it).
#
# Usage: scripts/prepare-kernel-trees.sh [VERSION...]
# Env:   KERNEL_TREES_CACHE (default: <repo>/.cache)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${KERNEL_TREES_CACHE:-$here/.cache}"
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(6.1 6.12)

mkdir -p "$cache"
status=0
for ver in "${versions[@]}"; do
  tarball="/usr/src/linux-source-$ver.tar.xz"
  dest="$cache/linux-$ver"
  if [ ! -f "$dest/.extracted" ]; then
    if [ ! -f "$tarball" ]; then
      echo "prepare-kernel-trees: $tarball not found (apt-get install linux-source-$ver)" >&2
      status=1
      continue
    fi
    echo "prepare-kernel-trees: extracting $tarball -> $dest" >&2
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    top="$( (tar -tJf "$tarball" 2>/dev/null || true) | head -n 1 | cut -d/ -f1)"
    # Kconfig files and what conf and the Kconfig shell probes use; the top
    # include/ only (a probe passes -I include); no sources.
    tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1 --wildcards \
      '*/Kconfig*' '*/Makefile*' '*/Kbuild*' '*/scripts/*' '*/arch/*/tools/*' \
      '*/arch/*/configs/*' '*/kernel/configs/*' "$top/include/*" \
      2>/dev/null || true
    if [ ! -f "$dest.tmp/Kconfig" ] || [ ! -f "$dest.tmp/scripts/kconfig/conf.c" ]; then
      echo "prepare-kernel-trees: extraction of $tarball failed" >&2
      status=1
      continue
    fi
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
