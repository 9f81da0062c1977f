#!/usr/bin/env bash
# Installs what the end-to-end test needs on Debian 12, offline but for Debian's and npm's registries:
# Chromium, the build tools code-server's native modules compile with, ripgrep, and
# tests/e2e/node_modules (code-server 4.100.3 + playwright-core) from the committed lock file.
# Safe to run again; a no-op in about a second when everything is there.
# (The throwaway sshd and Jupyter come from tests/setup-debian.sh.)
set -euo pipefail
cd "$(dirname "$0")"

as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)

# 1. Debian packages.
packages=(chromium ripgrep build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "e2e setup: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. node_modules, skipped when it was installed from this very lock file.
stamp=node_modules/.rj-e2e-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/code-server ] \
  && [ -f node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node ] \
  && [ -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg ]; then
  echo "e2e setup: node_modules up to date" >&2
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub, unless it finds this tarball in its cache:
# Debian's rg at the tarball's root serves.
tmp_root=$(node -p 'require("os").tmpdir()')
cache="$tmp_root/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$tarball" ]; then
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp /usr/bin/rg "$staging/rg"
  tar -C "$staging" -czf "$tarball.part" rg
  mv "$tarball.part" "$tarball"
  rm -rf "$staging"
fi

# As root, code-server's postinstall insists on unsafe-perm; node-pty's postinstall runs `npx node-gyp`.
echo "e2e setup: npm ci (code-server builds its native modules; about 1-2 minutes)" >&2
npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
echo "e2e setup: done" >&2
