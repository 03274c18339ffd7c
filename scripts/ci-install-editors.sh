#!/usr/bin/env bash
# CI: installs the real editors the end-to-end tests drive (test/neovim.test.ts, test/vscode.test.ts):
#   Neovim (>= 0.7) and Chromium from Debian/Ubuntu packages, plus the build tools code-server's
#   native modules need, then code-server (VS Code 1.100.3) via scripts/setup-vscode-e2e.sh.
# Only the Debian and npm registries are used. Idempotent.
#   scripts/ci-install-editors.sh [DIR]      DIR as for setup-vscode-e2e.sh (default .cache/vscode-e2e)
# Then run the tests with XEN_CONFIG_REQUIRE_EDITORS=1 so that a missing editor fails instead of skipping.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages=(neovim chromium ripgrep g++ make python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)
need=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "ci-install-editors: apt-get install ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -q "${need[@]}"
fi
nvim --version | head -n 1 >&2
dpkg-query -W chromium >&2
"$root/scripts/setup-vscode-e2e.sh" "$@"
