#!/usr/bin/env bash
# Publishes the `rotation` admin CLI as self-contained single-file executables, so an admin's laptop
# needs no .NET SDK or runtime: dist/cli/<rid>/rotation (rotation.exe on Windows); CLI_OUT names another folder.
#   scripts/publish-cli.sh                      # win-x64 linux-x64 osx-arm64
#   scripts/publish-cli.sh linux-x64            # only these runtime identifiers
# The osx-arm64 binary is not signed: macOS asks to allow it (xattr -d com.apple.quarantine rotation).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${CLI_OUT:-dist/cli}"
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(win-x64 linux-x64 osx-arm64)
for rid in "${rids[@]}"; do
  echo "Publishing rotation for $rid ..."
  dotnet publish tools/RotationCli/RotationCli.csproj -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
    -o "$out/$rid" --nologo -v quiet
done
ls -l "$out"/*/rotation*
