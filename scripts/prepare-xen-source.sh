#!/usr/bin/env bash
# Extract Debian's Xen source (4.17, `apt-get source xen`) into $XEN_CONFIG_TREES/xen-4.17
# (default .cache/xen-4.17) for the Xen command-line oracle (server/test/oracle/xen-cmdline.test.ts).
# Needs a deb-src entry for bookworm (.ci/run writes one) and dpkg-dev. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${XEN_CONFIG_TREES:-$here/.cache}"
dest="$root/xen-4.17"
if [ -f "$dest/xen/common/kernel.c" ]; then
  echo "prepare-xen-source: $dest ready" >&2
  exit 0
fi
mkdir -p "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get source -q --download-only xen >/dev/null)
rm -rf "$dest"
dpkg-source -x "$tmp"/xen_*.dsc "$dest" >/dev/null
echo "prepare-xen-source: $dest ready" >&2
