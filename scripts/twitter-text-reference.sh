#!/usr/bin/env bash
# Rewrites tests/RotationFunctions.Tests/TestData/twitter-text/npm-3.1.0.json from the published
# twitter-text npm package itself (installed into a temporary folder, not into the repository), so
# the weighted-length cases the tests hold are X's reference implementation's answers, not ours.
set -euo pipefail
cd "$(dirname "$0")/.."
data=tests/RotationFunctions.Tests/TestData/twitter-text
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --loglevel=error twitter-text@3.1.0 >/dev/null
node "$data/npm-reference.js" "$work/node_modules/twitter-text" "$data/cases.txt" > "$data/npm-3.1.0.json"
echo "wrote $data/npm-3.1.0.json"
