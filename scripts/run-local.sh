#!/usr/bin/env bash
# The main job, locally: the whole pipeline (plan → hand over → rotate tokens) on Azurite and the
# Key Vault and X API stand-ins, on a simulated clock. Pass --real-time to run on the wall clock,
# or set Storage__ConnectionString / KeyVault__VaultUri / X__BaseUrl to use real services.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite into ./node_modules (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build tools/RotationLocal -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet tools/RotationLocal/bin/Release/net10.0/rotation-local.dll "$@"
