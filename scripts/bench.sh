#!/usr/bin/env bash
# Runs the benchmarks (benchmarks/RotationFunctions.Benchmarks) on real Azurite processes and the
# Key Vault / X stand-ins, prints the table and writes benchmarks/results/latest.{md,json}.
# About 15-18 minutes on an idle 2-core machine. Extra arguments go to the benchmark, e.g. --quick.
# See docs/benchmarks.md for what is measured and how.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite into ./node_modules (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build benchmarks/RotationFunctions.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet benchmarks/RotationFunctions.Benchmarks/bin/Release/net10.0/RotationFunctions.Benchmarks.dll "$@"   # writes benchmarks/results/ unless --out DIR is given
