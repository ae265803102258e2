#!/usr/bin/env bash
# The page's speed in headless Chromium, as figures (not a test: it asserts nothing):
# a setting change on 50 and 200 requests, Compare on five engines, playback frame times.
#   scripts/bench-page.sh            builds a release dist (trunk build --release) and measures it
#   scripts/bench-page.sh DIST       measures an existing release dist
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

source scripts/page-server.sh
release_dist "${1:-}"
serve_dist "$DIST_DIR"
(cd e2e && BASE_URL="$PAGE_URL" node bench-page.js)
