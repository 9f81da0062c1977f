#!/usr/bin/env bash
# Makes rootless Podman work for one user on a Debian 12 test machine and puts the test images in that user's
# store, then prints what it did as JSON on stdout (progress goes to stderr):
#   { "image": "localhost/rj-jupyter:bookworm", "noJupyterImage": "localhost/rj-nojupyter:bookworm", "seconds": 1.2 }
#
# Usage: setup-podman-user.sh USER [IMAGE [NOJUPYTER_IMAGE]]     as root, for any user (the tests' "rjtest")
#        setup-podman-user.sh "$(id -un)"                        as that user itself: only what needs no root
# Safe to run again: every step checks first, and the images are imported only when missing or out of date.
#
# What it sets up, all facts of the test machine rather than of the product:
# - /etc/subuid and /etc/subgid ranges (rootless Podman maps the container's users into them through newuidmap);
# - ~/.config/containers/containers.conf: runtime runc (Debian's default crun refuses cgroup v1 "hybrid" hosts),
#   cgroupfs (no systemd user session), file events, explicit ulimits (rootful Podman needs them here);
# - ~/.config/containers/storage.conf: the overlay driver (vfs copies the whole image for every run, ~8 s);
# - /run/user/UID owned by the user, as logind would make it (there is no logind here): libpod uses it when
#   XDG_RUNTIME_DIR is unset, and storage.conf names it as the run root, so every ssh exec channel, login shell or
#   not, finds the same runtime state; without it Podman falls back to /tmp, which some tests make read-only.
set -euo pipefail

user="${1:?usage: setup-podman-user.sh USER [IMAGE [NOJUPYTER_IMAGE]]}"
image="${2:-localhost/rj-jupyter:bookworm}"
nojupyter_image="${3:-localhost/rj-nojupyter:bookworm}"
here="$(cd "$(dirname "$0")" && pwd)"
label=remote-jupyter.test-image
started_ns=$(date +%s%N)

fail() {
  echo "setup-podman-user: $*" >&2
  exit 1
}

for tool in podman runc newuidmap newgidmap; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (tests/setup-debian.sh installs podman, runc and uidmap)."
done
getent passwd "$user" >/dev/null || fail "no user named $user."
uid="$(id -u "$user")"
home="$(getent passwd "$user" | cut -d: -f6)"
[ "$uid" != 0 ] || fail "$user is root; the tests need rootless Podman for an unprivileged user."
if [ "$(id -u)" = 0 ]; then
  as_user() { (cd / && runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"); }
elif [ "$(id -u)" = "$uid" ]; then
  as_user() { "$@"; }
else
  fail "run this as root, or as $user itself."
fi

# Sub-id ranges: keep any the user has; otherwise take the 65536 ids after the highest range in use.
for file in /etc/subuid /etc/subgid; do
  if ! grep -q "^$user:" "$file" 2>/dev/null && ! grep -q "^$uid:" "$file" 2>/dev/null; then
    [ "$(id -u)" = 0 ] || fail "$user has no range in $file; as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $user"
    next="$(awk -F: 'BEGIN { n = 100000 } $2 + $3 > n { n = $2 + $3 } END { print n }' "$file" 2>/dev/null || echo 100000)"
    flag=--add-subuids
    [ "$file" = /etc/subuid ] || flag=--add-subgids
    usermod "$flag" "$next-$((next + 65535))" "$user"
    echo "setup-podman-user: gave $user the ids $next-$((next + 65535)) in $file" >&2
  fi
done

# Writes a file of the user's only when its content differs (as the user, so ownership is theirs).
put_user_file() {
  local path="$1" content="$2"
  if [ "$(cat "$path" 2>/dev/null || true)" != "$content" ]; then
    if [ "$(id -u)" != 0 ] && [ -e "$path" ]; then
      fail "$path exists with other settings; the tests need: $content"
    fi
    as_user mkdir -p "$(dirname "$path")"
    printf '%s\n' "$content" | as_user tee "$path" >/dev/null
    echo "setup-podman-user: wrote $path" >&2
  fi
}

put_user_file "$home/.config/containers/containers.conf" '# Written by tests/containers/setup-podman-user.sh for this test machine (Debian 12, cgroup v1 hybrid, no logind).
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"'
runtime_dir="/run/user/$uid"
# containers/storage looks in /run/user/UID only when PID 1 is systemd, else it falls back to /tmp, which some
# tests make read-only: name the run root outright (as root; a user running this for themselves has their own).
storage='# Written by tests/containers/setup-podman-user.sh: overlay starts a container in ~0.2 s, vfs in ~8 s.
[storage]
driver = "overlay"'
[ "$(id -u)" != 0 ] || storage="$storage
runroot = \"$runtime_dir/containers\""
put_user_file "$home/.config/containers/storage.conf" "$storage"

if [ "$(id -u)" = 0 ]; then
  if [ ! -d "$runtime_dir" ] || [ "$(stat -c %u:%a "$runtime_dir")" != "$uid:700" ]; then
    install -d -m 700 -o "$uid" -g "$(id -g "$user")" "$runtime_dir"
    echo "setup-podman-user: made $runtime_dir" >&2
  fi
fi

# Podman records the storage driver and run root in the store's database when it first runs: a store made before
# this setup (vfs, runtime dir in /tmp) keeps ignoring the settings above. The test user's store is disposable.
store_state() { as_user podman info --format '{{.Store.GraphDriverName}} {{.Store.RunRoot}}' 2>/dev/null; }
state="$(store_state)" || fail "podman info fails for $user: $(as_user podman info 2>&1 >/dev/null | tail -n 3)"
wanted="overlay $runtime_dir/containers"
[ "$(id -u)" = 0 ] || wanted="overlay ${state#* }"
if [ "$state" != "$wanted" ]; then
  [ "$(id -u)" = 0 ] || fail "$user's Podman store uses '$state', not the overlay driver; 'podman system reset' would start it afresh."
  echo "setup-podman-user: $user's store was made with other settings ($state); resetting it to $wanted" >&2
  as_user podman system reset --force >/dev/null 2>&1 || true
  rm -rf "/tmp/podman-run-$uid" "/tmp/containers-user-$uid"
  state="$(store_state)" || fail "podman info fails for $user after the reset: $(as_user podman info 2>&1 >/dev/null | tail -n 3)"
  [ "$state" = "$wanted" ] || fail "$user's Podman store still uses '$state' after a reset; wanted '$wanted'."
fi
[ "$(as_user podman info --format '{{.Host.Security.Rootless}}')" = true ] || fail "podman for $user is not rootless."

tarball="$(bash "$here/build-base-image.sh")"
key="$(basename "$tarball" .tar)"

# The first --userns=keep-id run of an image copies its layers with the ids shifted (~7 s each here; Podman 4.3
# does not use idmapped mounts rootless). Pay that once now rather than inside a test's timeout.
warm() {
  as_user podman run --rm --network=host --userns=keep-id "$1" true >/dev/null \
    || fail "a first run of $1 (--network=host --userns=keep-id) failed for $user."
}

image_key() { as_user podman image inspect --format "{{index .Config.Labels \"$label\"}}" "$1" 2>/dev/null || true; }

if [ "$(image_key "$image")" != "$key" ]; then
  echo "setup-podman-user: importing $tarball as $image for $user..." >&2
  # Read by root and piped in: the cache folder need not be readable by the user.
  as_user podman import --quiet --change "LABEL $label=$key" --change 'CMD ["/bin/bash"]' - "$image" <"$tarball" >/dev/null \
    || fail "podman import of $tarball as $image failed for $user."
  warm "$image"
fi

if [ "$(image_key "$nojupyter_image")" != "$key" ]; then
  echo "setup-podman-user: building $nojupyter_image (the base without jupyter_server) for $user..." >&2
  context="$(as_user mktemp -d /tmp/rj-nojupyter.XXXXXX)"
  printf 'FROM %s\nRUN rm -rf /usr/lib/python3/dist-packages/jupyter_server /usr/bin/jupyter*\nLABEL %s=%s\n' \
    "$image" "$label" "$key" | as_user tee "$context/Containerfile" >/dev/null
  status=0
  build_out="$(as_user podman build --pull=never --network=none --quiet -t "$nojupyter_image" "$context" 2>&1)" || status=$?
  as_user rm -rf "$context"
  [ "$status" = 0 ] || fail "podman build of $nojupyter_image failed for $user: $build_out"
  warm "$nojupyter_image"
fi

seconds="$(awk -v a="$started_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
printf '{ "image": "%s", "noJupyterImage": "%s", "seconds": %s }\n' "$image" "$nojupyter_image" "$seconds"
