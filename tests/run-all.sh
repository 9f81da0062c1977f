#!/usr/bin/env bash
# Sets up a Debian 12 machine (tests/setup-debian.sh), runs every test suite, and ends with one line
# "N passed, N failed" summing them all. Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

tests/setup-debian.sh || exit 1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

status=0
dotnet build Sidecar.sln --no-restore --verbosity quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# A hung test is killed after 10 minutes instead of eating the CI budget.
{
  dotnet test Sidecar.sln --no-build --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "console;verbosity=minimal" --results-directory "$results" 2>&1
  echo $? >"$results/exit-code"
} | tee "$results/console.log" | grep -E '^\s+Failed [A-Za-z]|^(Passed|Failed)!|Error Message' || true
[ "$(cat "$results/exit-code")" = 0 ] || status=1

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 294, Skipped: 0, ...").
read -r passed failed suites < <(awk '/^(Passed|Failed)! +- Failed:/ {
    for (i = 1; i < NF; i++) { if ($i == "Failed:") f += $(i + 1) + 0; if ($i == "Passed:") p += $(i + 1) + 0 }
    n++
  } END { print p + 0, f + 0, n + 0 }' "$results/console.log")
expected=2
if [ "$suites" -lt "$expected" ]; then
  # A suite that crashed or never ran must not look green.
  echo "Only $suites of $expected test suites reported results." >&2
  failed=$((failed + expected - suites))
  status=1
fi
[ "$failed" = 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
