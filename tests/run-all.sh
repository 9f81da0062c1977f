#!/usr/bin/env bash
# Sets up a Debian 12 machine, runs every test suite (C# unit + integration, the extension's TS tests
# against the real sidecar, and the end-to-end test in a real VS Code), and ends with one line
# "N passed, N failed" summing them all. Exit status is non-zero if anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0
failed=0
status=0

# Adds a suite's counts; a suite that printed no counts failed to run, which must not look green.
count() { # name log pass-count fail-count
  if [ -z "$3" ]; then
    echo "== $1: reported no results" >&2
    failed=$((failed + 1)); status=1; return
  fi
  passed=$((passed + $3)); failed=$((failed + ${4:-0}))
  [ "${4:-0}" = 0 ] || status=1
  echo "== $1: $3 passed, ${4:-0} failed" >&2
}

# Runs a step with its output both shown and kept; records its exit code.
step() { # name command...
  local name=$1; shift
  echo "== $name" >&2
  { "$@" 2>&1; echo $? >"$results/$name.rc"; } | tee "$results/$name.log"
  [ "$(cat "$results/$name.rc")" = 0 ] || status=1
}

step setup tests/setup-debian.sh
[ "$status" = 0 ] || { echo "0 passed, 1 failed"; exit 1; }

# --- C#: unit and integration (real sshd, real jupyter_server) --------------------------------
step dotnet-build dotnet build Sidecar.sln --no-restore --verbosity quiet -clp:ErrorsOnly
# A hung test is killed after 10 minutes instead of eating the CI budget.
step dotnet-test dotnet test Sidecar.sln --no-build --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal" --results-directory "$results/trx"
for assembly in RemoteJupyter.Core.Tests RemoteJupyter.IntegrationTests; do
  line=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+.*$assembly.dll" "$results/dotnet-test.log" | tail -n 1)
  count "$assembly" "$results/dotnet-test.log" \
    "$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line")" "$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$line")"
done

# --- Extension: TS tests driving the real sidecar against a loopback sshd -----------------------
# They drive the sidecar that ships: the natively compiled dist/sidecar/remote-jupyter, built by the package
# step (the C# tests above cover the JIT build; the native one differs in what reflection it can do).
step npm-ci npm ci --no-audit --no-fund
step package npm run --silent package
export REMOTE_JUPYTER_SIDECAR="$PWD/dist/sidecar/remote-jupyter"
step extension-tests npm run --silent test:extension
count extension "$results/extension-tests.log" \
  "$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$results/extension-tests.log" | tail -n 1)" \
  "$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$results/extension-tests.log" | tail -n 1)"

# --- End to end: the packaged .vsix in a real VS Code (code-server + Chromium) -----------------
step e2e-setup tests/e2e/setup.sh
export REMOTE_JUPYTER_VSIX="$PWD/remote-jupyter-linux-x64.vsix"
step e2e node tests/e2e/run.mjs
count e2e "$results/e2e.log" \
  "$(sed -nE 's/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$results/e2e.log" | tail -n 1)" \
  "$(sed -nE 's/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$results/e2e.log" | tail -n 1)"

echo "$passed passed, $failed failed"
exit $status
