#!/usr/bin/env bash
# Puts the original archives of Debian source packages (lwip, ...) into a
# directory, for the build to find through UK_ORIGIN_DIR (see
# docs/third-party-sources.md). Debian's source package of a release is one
# provider of the archives the manifests pin by sha256; the build checks the
# checksum, so this script only has to fetch.
#
# Usage: scripts/debian-sources.sh DIR SOURCE...
#
# Source entries (deb-src) are derived from the machine's own apt entries,
# with the same hosts, so no host name is written here. apt-get update runs
# only when apt knows no source package yet. Nothing is done for a SOURCE
# whose original archive is already in DIR.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 DIR SOURCE..." >&2
  exit 2
fi
dir=$1
shift
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

wanted=()
for src in "$@"; do
  if compgen -G "$dir/${src}_*.orig.tar.*" >/dev/null; then
    echo "$src: original archive already in $dir"
  else
    wanted+=("$src")
  fi
done
[ ${#wanted[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null; then
  echo "no apt-get: put the archives named in the packages' uk.origin into $dir by hand (docs/third-party-sources.md)" >&2
  exit 1
fi

lists=/etc/apt/sources.list.d
# Only files apt reads: sources.list, *.list (one-line format), *.sources (deb822).
apt_files() {
  for f in /etc/apt/sources.list "$lists"/*.list "$lists"/*.sources; do
    [ -f "$f" ] && printf '%s\n' "$f"
  done
}
has_deb_src() {
  apt_files | while read -r f; do
    if grep -qsE '^[[:space:]]*deb-src[[:space:]]|^Types:.*deb-src' "$f"; then echo yes; break; fi
  done | grep -q yes
}

if ! has_deb_src; then
  echo "adding deb-src entries derived from the existing apt entries"
  while read -r f; do
    base=$(basename "$f")
    case $f in
      *.sources)
        out="$lists/uk-deb-src-${base%.sources}.sources"
        sed 's/^Types: deb$/Types: deb-src/' "$f" | as_root tee "$out" >/dev/null ;;
      *)
        out="$lists/uk-deb-src-${base%.list}.list"
        sed -n 's/^[[:space:]]*deb[[:space:]]\(.*\)$/deb-src \1/p' "$f" | as_root tee "$out" >/dev/null ;;
    esac
    # A file with no deb entry gives nothing to add.
    grep -qE 'deb-src' "$out" || as_root rm -f "$out"
  done < <(apt_files | grep -v '/uk-deb-src-')
fi

# Source indexes are fetched only when apt cannot find the packages yet.
for src in "${wanted[@]}"; do
  if ! apt-cache showsrc "$src" 2>/dev/null | grep -q '^Package:'; then
    echo "apt-get update (source indexes)"
    as_root apt-get update -qq
    break
  fi
done

mkdir -p "$dir"
(cd "$dir" && apt-get source --download-only -qq "${wanted[@]}")
for src in "${wanted[@]}"; do
  compgen -G "$dir/${src}_*.orig.tar.*" >/dev/null || {
    echo "apt-get source $src gave no original archive in $dir" >&2
    exit 1
  }
  echo "$src: $(cd "$dir" && ls "${src}"_*.orig.tar.*) in $dir"
done
