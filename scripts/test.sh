#!/usr/bin/env bash
# The project's test command: every test there is, from a fresh or a warm machine.
#   0. the README stays a front door (scripts/check-readme.py: at most 12,000 bytes, no link to a
#      docs/ page that does not exist);
#   1. installs missing tools (scripts/install-tools.sh);
#   2. `cargo test`: the engine's unit tests, the UI's logic tests and the Django conformance suite;
#   3. component tests in headless Chromium (wasm-bindgen-test, tests/ui_*.rs);
#   4. the release build (`trunk build --release`, into a fresh temporary directory) and its
#      size, brotli-compressed, against the page budget (scripts/bundle-size.sh: 250 KiB for
#      what a first visit loads; over it, the run fails);
#   5. Playwright end-to-end tests (e2e/) against that build served on 127.0.0.1, at the root
#      and under /docs/sessionscope/ (scripts/build-site.sh) for the embedding tests.
# Exits non-zero as soon as a step fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

# A free port of our own, so that concurrent runs on one machine never share a server.
E2E_PORT="${E2E_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
started_at=$SECONDS
phase() { printf '\n==> [%4ss] %s\n' "$((SECONDS - started_at))" "$*"; }

phase "README: size and links"
scripts/check-readme.py

phase "install tools"
scripts/install-tools.sh

phase "native tests (cargo test)"
cargo test
# The conformance suite's own summary (case ids of any failure, then
# "conformance: N passed, M failed"), which cargo's output capture hides on success.
cargo test --quiet --test conformance -- --nocapture | grep -E '^(FAIL |note |conformance: )'
# The browser-rules suite's summary ("browser-rules: N passed, M failed"), cases recorded from Chromium.
cargo test --quiet --test browser_rules -- --nocapture | grep -E '^(FAIL|browser-rules: )'

phase "component tests in headless Chromium (wasm-bindgen-test)"
for test_file in tests/ui_*.rs; do
  cargo test --target wasm32-unknown-unknown --test "$(basename "$test_file" .rs)"
done

phase "release build (trunk build --release)"
# A build directory of our own, so that concurrent runs never serve each other's files.
dist_dir="$(mktemp -d)"
trap 'rm -rf "$dist_dir"' EXIT
trunk build --release --dist "$dist_dir"
scripts/bundle-size.sh "$dist_dir"

phase "end-to-end tests (Playwright against the release build on 127.0.0.1:$E2E_PORT)"
cargo build --quiet --example print_set_cookie
# The same build under a sub-path, as a docs site would host it, with the example docs page
# (e2e/embed-docs.spec.js): laid out by the hosting command itself.
SITE_FROM_DIST="$dist_dir" scripts/build-site.sh /docs/sessionscope/ "$dist_dir/docs/sessionscope" >/dev/null
server_log="$(mktemp)"
python3 -m http.server "$E2E_PORT" --bind 127.0.0.1 --directory "$dist_dir" >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$dist_dir" "$server_log"' EXIT
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$E2E_PORT/')" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "the static server for the release build did not start on port $E2E_PORT:" >&2
  cat "$server_log" >&2
  exit 1
fi
(cd e2e && BASE_URL="http://127.0.0.1:$E2E_PORT" npx --no-install playwright test)
phase "all tests passed"
