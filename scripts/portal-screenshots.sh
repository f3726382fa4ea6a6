#!/usr/bin/env bash
# Refreshes the curator portal's screenshots in docs/portal/: runs the browser test that walks a curator's week
# (accept, compose, post with an image, reply to a mention, delete), which writes TestResults/portal/*.png, and
# copies them over. Needs Chromium (apt-get install -y chromium, or PORTAL_BROWSER=/path/to/chrome) and Azurite
# (npm ci), as the portal's tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf TestResults/portal
dotnet test tests/RotationFunctions.Tests --nologo -v quiet \
  --filter "FullyQualifiedName~PortalBrowserTests.A_curators_week_accept_compose_post_with_an_image_reply_to_a_mention_and_delete_with_screenshots"
mkdir -p docs/portal
cp TestResults/portal/*.png docs/portal/
ls -1 docs/portal/*.png
