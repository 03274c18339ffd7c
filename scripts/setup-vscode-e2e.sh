#!/usr/bin/env bash
# Sets up a real VS Code for the end-to-end test (test/vscode.test.ts), without any download
# outside the npm registry:
#   code-server 4.100.3 from npm  = the VS Code 1.100.3 workbench served over HTTP (the last
#                                   code-server line that runs on Node 20), driven by
#   Chromium (/usr/bin/chromium or $CHROMIUM) through playwright-core (a devDependency).
# VS Code's own test runners (@vscode/test-electron, @vscode/test-web) download VS Code from the
# internet at test time; this does not.
#
#   scripts/setup-vscode-e2e.sh [DIR]     DIR defaults to .cache/vscode-e2e (gitignored)
#
# Idempotent: a finished setup leaves DIR/.ready and later runs return at once. Prints the path
# of code-server's entry point as its last line.
# Needs (Debian names): ripgrep g++ make python3 pkg-config libkrb5-dev libxkbfile-dev
# libsecret-1-dev libx11-dev, and chromium for the test itself; scripts/ci-install-editors.sh
# installs them.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/.cache/vscode-e2e}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
entry=$dir/node_modules/code-server/out/node/entry.js
stamp=$dir/.ready
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$CODE_SERVER_VERSION" ] && [ -f "$entry" ]; then
  echo "$entry"
  exit 0
fi
rm -f "$stamp"

missing=""
for tool in node npm rg g++ make python3 pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "setup-vscode-e2e: missing tools:$missing" >&2
  echo "  on Debian/Ubuntu: sudo apt-get install ripgrep g++ make python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev chromium" >&2
  exit 1
fi

log=$dir/setup.log
: > "$log"
step() { echo "setup-vscode-e2e: $*" >&2; echo "== $*" >> "$log"; }
run() { "$@" >> "$log" 2>&1 || { echo "setup-vscode-e2e: failed: $* (log: $log)" >&2; tail -n 30 "$log" >&2; exit 1; }; }

cd "$dir"
[ -f package.json ] || echo '{"private":true}' > package.json
step "npm install code-server@$CODE_SERVER_VERSION"
# --ignore-scripts: code-server's postinstall downloads ripgrep from GitHub; its other steps follow by hand.
run npm install --no-audit --no-fund --ignore-scripts --save-exact "code-server@$CODE_SERVER_VERSION"
run npm rebuild argon2

vsc=$dir/node_modules/code-server/lib/vscode
cd "$vsc"
step "install the workbench's own dependencies"
run npm install --no-audit --no-fund --omit=dev --ignore-scripts
(cd extensions && run npm install --no-audit --no-fund --omit=dev --ignore-scripts)
# VS Code's search runs ripgrep; use the system one instead of downloading it.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# the server looks for node_modules.asar
ln -sfn node_modules node_modules.asar

step "build native modules"
# node-pty's own post-install step needs the network, but its addon builds anyway
for m in @vscode/spdlog native-watchdog node-pty @parcel/watcher kerberos; do
  npm rebuild "$m" >> "$log" 2>&1 || echo "setup-vscode-e2e: note: npm rebuild $m failed (see $log)" >&2
done
for f in node_modules/node-pty/build/Release/pty.node node_modules/@vscode/spdlog/build/Release/spdlog.node; do
  [ -f "$f" ] || { echo "setup-vscode-e2e: $vsc/$f was not built (log: $log)" >&2; exit 1; }
done

run node "$entry" --version
echo "$CODE_SERVER_VERSION" > "$stamp"
step "ready: $(node "$entry" --version | head -n 1)"
echo "$entry"
