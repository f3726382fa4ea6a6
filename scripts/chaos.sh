#!/usr/bin/env bash
# The chaos suite at scale: runs SEEDS seeded simulations (default 1000) of weeks of schedule on
# a real Azurite and the Key Vault, X, Bluesky and Mastodon stand-ins (every account posts on all
# three), with crashes and faults at every step and a profile per seed (X's duplicate check and
# timeline lag, Key Vault refusals, lost leases, edits near a boundary, Bluesky and Mastodon faults
# and outages, Bluesky app passwords handed over). Prints the fault parameters, each invariant violation on one line (and the failing
# seed's profile), what the seeds ran with, then "seeds: N, violations: M".
# Exit code 1 when M > 0. Extra arguments go to the runner: --from N, --workers W, --weeks W, --trace, --kind.
# See docs/chaos.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seeds="${1:-1000}"
[ "$#" -gt 0 ] && shift

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite into ./node_modules (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build tools/RotationChaos/RotationChaos.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet tools/RotationChaos/bin/Release/net10.0/rotation-chaos.dll "$seeds" "$@"
