#!/usr/bin/env bash
# Installs what the demo and the tests need on Debian 12: OpenSSH's server, the login shells the tests
# log in with (zsh, fish, tcsh; bash and dash are always there), Debian's Jupyter (there is no PyPI to
# install from), gcc, which links the natively compiled sidecar, rootless Podman and debootstrap for the container
# tests (no registry either: their image is built from Debian's archive and cached); then restores NuGet packages.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc libc6-dev openssh-server openssh-client iproute2 procps zsh fish tcsh python3 python3-venv python3-jupyter-server python3-ipykernel python3-websocket jupyterhub openssl
  podman runc uidmap slirp4netns fuse-overlayfs debootstrap debian-archive-keyring slurm-wlm munge)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "Installing ${missing[*]}" >&2
  # Keep the package from starting a system-wide sshd on port 22: tests start their own on loopback.
  added_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod 755 /usr/sbin/policy-rc.d
    added_policy=yes
  fi
  "${as_root[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  [ "$added_policy" = no ] || "${as_root[@]}" rm -f /usr/sbin/policy-rc.d
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# The container tests' image (tests/containers/): built here when missing so its ~90 s shows as setup, not as a
# slow test; cached afterwards. debootstrap needs root; as anyone else the tests need a cache made by root.
if [ "$(id -u)" = 0 ]; then
  tests/containers/build-base-image.sh >/dev/null
fi

dotnet restore Sidecar.sln --verbosity quiet
