#!/usr/bin/env bash
# The page's start-up, as figures (not a test: it asserts nothing, and scripts/test.sh does not
# run it): in headless Chromium at 1280x720, five first visits with the CPU throttled 4x (CDP
# Emulation.setCPUThrottlingRate) and five unthrottled, each timed from navigation until the
# stage is usable ("Send the first request" visible and enabled; its click must then show the
# step: e2e/bench-page.js, `startUp`), as medians; then the first visit's brotli bytes
# (scripts/bundle-size.sh; budget 256,000 B).
#   scripts/bench-start.sh            builds a release dist (trunk build --release) and measures it
#   scripts/bench-start.sh DIST       measures an existing release dist
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

source scripts/page-server.sh
release_dist "${1:-}"
serve_dist "$DIST_DIR"
(cd e2e && BASE_URL="$PAGE_URL" node bench-page.js start)
scripts/bundle-size.sh "$DIST_DIR" | grep '^page size'
