#!/usr/bin/env bash
# Builds (once) the root filesystem of the Jupyter test image from Debian's archive and prints the path of its
# tarball, ready for `podman import`. No registry is reachable from the test machines, so the image is made with
# debootstrap; the tarball is cached under a name keyed by a hash of everything that goes into it, so a second
# run only prints the path. Without a cache (fresh CI machine) one build takes about 90 s.
#
# Usage: build-base-image.sh            prints e.g. /var/cache/remote-jupyter-tests/rj-jupyter-bookworm-0123abcd4567.tar
# Environment:
#   RJ_IMAGE_CACHE      cache folder (default /var/cache/remote-jupyter-tests as root, else ~/.cache/remote-jupyter-tests)
#   RJ_DEBIAN_MIRROR    Debian mirror (default http://deb.debian.org/debian)
#   RJ_BUILD_TIMEOUT    seconds debootstrap may take (default 600)
set -euo pipefail

suite=bookworm
variant=minbase
mirror="${RJ_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# debootstrap does not resolve virtual packages: python3-cffi-backend (cffi-backend-api-*) and
# libboost-regex1.74.0 (needed by libboost-regex1.74-icu72's consumers) must be named, or the chain stays unconfigured.
include=python3,python3-jupyter-server,python3-ipykernel,python3-cffi-backend,libboost-regex1.74.0
timeout_seconds="${RJ_BUILD_TIMEOUT:-600}"
# Bump when the steps below change what ends up in the tarball.
recipe_version=1

fail() {
  echo "build-base-image: $*" >&2
  exit 1
}

if [ -n "${RJ_IMAGE_CACHE:-}" ]; then
  cache="$RJ_IMAGE_CACHE"
elif [ "$(id -u)" = 0 ]; then
  cache=/var/cache/remote-jupyter-tests
else
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/remote-jupyter-tests"
fi

key="$(printf '%s\n' "$recipe_version" "$suite" "$variant" "$mirror" "$include" | sha256sum | cut -c1-12)"
tarball="$cache/rj-jupyter-$suite-$key.tar"

if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "no cached image at $tarball and debootstrap needs root; run this script once as root (or point RJ_IMAGE_CACHE at a cache that has it)."
command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap; tests/setup-debian.sh does it)."
mkdir -p "$cache" || fail "cannot create the cache folder $cache."

# Two test runs may start at once: one builds, the other waits for it.
exec 9>"$cache/.build.lock"
flock -w "$((timeout_seconds + 120))" 9 || fail "timed out waiting for another build to release $cache/.build.lock."
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

work="$(mktemp -d "$cache/build.XXXXXX")"
rootfs="$work/rootfs"
cleanup() {
  # debootstrap mounts /proc and /sys inside the target while it works; a killed run can leave them behind.
  if [ -d "$rootfs" ]; then
    grep -o " $rootfs/[^ ]*" /proc/mounts | sort -r | while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

started=$SECONDS
echo "build-base-image: debootstrap $suite ($variant, $include) from $mirror, at most ${timeout_seconds}s..." >&2
status=0
timeout --kill-after=10 "$timeout_seconds" \
  debootstrap --variant="$variant" --include="$include" "$suite" "$rootfs" "$mirror" >"$work/debootstrap.out" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "--- last lines of debootstrap's output ---" >&2
  tail -n 20 "$work/debootstrap.out" >&2
  if [ -f "$rootfs/debootstrap/debootstrap.log" ]; then
    echo "--- last lines of $rootfs/debootstrap/debootstrap.log ---" >&2
    tail -n 20 "$rootfs/debootstrap/debootstrap.log" >&2
  fi
  [ "$status" != 124 ] || fail "debootstrap took longer than ${timeout_seconds}s (set RJ_BUILD_TIMEOUT to allow more)."
  fail "debootstrap failed (exit $status); is $mirror reachable?"
fi
chroot "$rootfs" python3 -c 'import jupyter_server, ipykernel' 2>"$work/check.err" \
  || fail "the new root filesystem cannot import jupyter_server and ipykernel: $(cat "$work/check.err")"

rm -f "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
tar --numeric-owner -C "$rootfs" -cf "$work/rootfs.tar" . || fail "could not write the tarball in $work."
mv "$work/rootfs.tar" "$tarball"
echo "build-base-image: built $tarball ($(du -m "$tarball" | cut -f1) MiB) in $((SECONDS - started))s." >&2
echo "$tarball"
