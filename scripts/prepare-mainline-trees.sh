#!/usr/bin/env bash
# Extracts kernel trees of single releases from git snapshots into <root>/mainline/linux-<major.minor>
# (<root> = $XEN_CONFIG_TREES, default .cache/ in the repository; see scripts/kernel-trees.ts), for
# scripts/derive-kernel-symbols.ts. A developer step: CI never fetches nor extracts; the derived
# data is committed and names the repository, commit and Makefile version of each tree.
#
#   bash scripts/prepare-mainline-trees.sh <git-dir> <commit> <owner/name> [subdir]
#   bash scripts/prepare-mainline-trees.sh --all <mirror-root>
#
# <git-dir> is a (bare) clone of a public repository whose tree at <commit> holds one release.
# Check the top Makefile's VERSION/PATCHLEVEL/SUBLEVEL and compare well-known files
# (drivers/xen/Kconfig, arch/x86/xen/Kconfig) with another copy of the release before adding one.
# --all extracts every snapshot listed in RELEASES below from <mirror-root>/<owner>+<name>/repo.
# Only Kconfig files, Makefiles and Kbuild files are extracted, and architectures other than x86
# and arm64 are left out. The tree gets a .source.json {repository, commit, version, release[,
# subdir]} (the layout scripts/derive-linux/prepare-tree.ts writes for whole trees) and a
# .kconfig-extracted marker, so that script still extracts a whole tree over it; a tree already
# prepared either way is left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${XEN_CONFIG_TREES:-$here/../.cache}

# release line | repository | commit | subdir (the snapshots behind server/data/kernel/symbols*.json)
RELEASES='
3.1|303750856/linux-3.1|bd91fcefe79bdd5e1f97c9e5e8a9a161976e9c4c|
3.2|qiubing/vanet-linux-3.2.4|9358c5ca56f07711023dd46da009abd9758833e2|
3.10|harviswang/linux-3.10.99|8072c307a15fcaaac0de6e59734ab0cd158786e4|
3.16|sndrzt/linux-3.16|e8dbc28b31fcf14ca80f9b35af3ed13c332a5de0|
3.18|junan76/linux-3.18.140|7bc0dece|
4.4|MichaelTong/linux-4.4.178|443dfc7e93666adc78c5a9e9afcc242d83456e4c|
4.9|Metaln00b/linux-4.9.124|c187ac20835474cbddddd00611ff35d2299e970b|
4.14|YimengZhao/linux-4.14.67|c685f05ba987c507d75a40b883e8a58879cf56e0|
4.19|HengBu/linux-4.19.79|33b1cc079b4eae9148f717dc0dfe98ea57304dd9|
5.4|BoKyoungHan/linux-5.4.59-vanilla|8b9bd8c4249b93898885d4797a10b7e749e9dfbe|linux-5.4.59
5.10|Prashant446/linux-5.10.89|871a80bc57f0567f238b87333cb2f0bb2c96d7fb|
5.15|wowk/linux-5.15|ff71afbf67b6482f07c62b3bd3786cdc25807c6b|
6.1|linux6119/linux-6.1.119|09ec286f3c4d0b3fcd18aea2ae36560b9122d053|
6.6|Yunbaby8/linux-6.6.87-lab|12bdb17085816306b04a108658e92a86c737c24b|
6.12|shilei-massclouds/linux-6.12|2974a9e75df28e0b27025e156bede92f4a314128|
'

extract() {
  local gitdir=$1 commit=$2 repository=$3 subdir=${4:-}
  commit=$(git --git-dir="$gitdir" rev-parse "$commit^{commit}")
  local pre=${subdir:+$subdir/}
  local mk; mk=$(git --git-dir="$gitdir" show "$commit:${pre}Makefile")
  local v p s
  v=$(sed -n 's/^VERSION *= *\([0-9]*\).*/\1/p' <<<"$mk" | head -1)
  p=$(sed -n 's/^PATCHLEVEL *= *\([0-9]*\).*/\1/p' <<<"$mk" | head -1)
  s=$(sed -n 's/^SUBLEVEL *= *\([0-9]*\).*/\1/p' <<<"$mk" | head -1)
  local dest=$root/mainline/linux-$v.$p
  if [ -e "$dest/.extracted" ] || [ -e "$dest/.kconfig-extracted" ]; then echo "$dest is already prepared" >&2; return 0; fi
  rm -rf "$dest"; mkdir -p "$dest"
  # Only the Kconfig files and Makefiles (what scripts/derive-kernel-symbols.ts reads); this also
  # steps around the large blobs some snapshots lack.
  git --git-dir="$gitdir" archive --format=tar "$commit${subdir:+:$subdir}" -- \
    ':(glob)**/Kconfig*' ':(glob)**/Makefile*' ':(glob)**/Kbuild*' \
    | tar -x -C "$dest"
  for a in "$dest"/arch/*/; do
    case $(basename "$a") in x86|arm64) ;; *) rm -rf "$a" ;; esac
  done
  printf '{\n  "repository": "%s",\n  "commit": "%s",\n  "version": "%s",\n  "release": "%s"%s\n}\n' \
    "$repository" "$commit" "$v.$p" "$v.$p.${s:-0}" "${subdir:+,
  \"subdir\": \"$subdir\"}" >"$dest/.source.json"
  : >"$dest/.kconfig-extracted"
  echo "prepared Linux $v.$p.${s:-0} from $repository@${commit:0:12} in $dest ($(du -sh "$dest" | cut -f1))" >&2
}

if [ "${1:-}" = --all ]; then
  mirrors=${2:?usage: $0 --all <mirror-root>}
  while IFS='|' read -r line repo commit subdir; do
    [ -n "$line" ] || continue
    [ "$commit" != '?' ] || continue
    dir=$mirrors/${repo/\//+}/repo
    [ -d "$dir/.git" ] && dir=$dir/.git
    if [ ! -d "$dir" ]; then echo "skip $line: no snapshot at $dir" >&2; continue; fi
    extract "$dir" "$commit" "$repo" "$subdir"
  done <<<"$RELEASES"
else
  [ $# -ge 3 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
  extract "$@"
fi
