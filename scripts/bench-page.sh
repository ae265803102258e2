#!/usr/bin/env bash
# The page's speed in headless Chromium, as figures (not a test: it asserts nothing):
# a setting change on 50 and 200 requests, Compare on five engines, playback frame times.
#   scripts/bench-page.sh            builds a release dist (trunk build --release) and measures it
#   scripts/bench-page.sh DIST       measures an existing release dist
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

dist_dir="${1:-}"
cleanup=()
if [ -z "$dist_dir" ]; then
  dist_dir="$(mktemp -d)"
  cleanup+=("$dist_dir")
  trunk build --release --dist "$dist_dir"
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dist_dir" >/dev/null 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "${cleanup[@]}"' EXIT
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
(cd e2e && BASE_URL="http://127.0.0.1:$port" node bench-page.js)
