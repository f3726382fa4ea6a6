#!/usr/bin/env bash
# Runs every test project: unit, integration (on a real Azurite the fixtures start on free
# ports), infra (bicep) and pipeline tests. Ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite into ./node_modules (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error
fi

results="TestResults/run-$$"
rm -rf "$results"
status=0
dotnet test RotationFunctions.sln --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build error or a crashed test host leaves no failed count: still a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
