#!/usr/bin/env bash
# The project's test command: every test there is, from a fresh or a warm machine.
#   0. the README stays a front door (scripts/check-readme.py: at most 12,000 bytes, no link to a
#      docs/ page that does not exist), and the folders that were once tangled keep their import
#      arrows pointing one way (scripts/import-circles.py);
#   1. installs missing tools (scripts/install-tools.sh);
#   2. `cargo test`: the engine's unit tests, the UI's logic tests and the Django conformance suite;
#      then every conformance scenario exported as a Django test module and run against real
#      Django 5.2 (scripts/test-exported-django.sh);
#   3. component tests in headless Chromium (wasm-bindgen-test, tests/ui_*.rs);
#   4. the release build (`trunk build --release`, into a fresh temporary directory) and its
#      size, brotli-compressed, against the page budget (scripts/bundle-size.sh: 250 KiB for
#      what a first visit loads; over it, the run fails);
#   5. Playwright end-to-end tests (e2e/) against that build served on 127.0.0.1, at the root
#      and under /docs/sessionscope/ (scripts/build-site.sh) for the embedding tests, with a
#      Sphinx and a MkDocs site built by the documentation package under /docs-sphinx/ and
#      /docs-mkdocs/ (scripts/test-docs-sites.sh, which first runs the package's pytest suite).
# Exits non-zero as soon as a step fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

source scripts/page-server.sh
started_at=$SECONDS
phase() { printf '\n==> [%4ss] %s\n' "$((SECONDS - started_at))" "$*"; }

phase "README: size and links; import circles"
scripts/check-readme.py
# The engine and the page, every file of every folder: imports point one way (a helper two
# files need lives in a file below both).
for folder in engine/src src; do
  scripts/import-circles.py "$folder"
done

phase "install tools"
scripts/install-tools.sh

phase "native tests (cargo test)"
cargo test
# The conformance suite's own summary (case ids of any failure, then
# "conformance: N passed, M failed"), which cargo's output capture hides on success.
# (`grep -o` from the word on: with --quiet, another test's progress dot may start the line.)
cargo test --quiet --test conformance -- --nocapture | grep -oE '(FAIL |note |conformance: ).*'
# The browser-rules suite's summary ("browser-rules: N passed, M failed"), cases recorded from
# Chromium and Firefox.
cargo test --quiet --test browser_rules -- --nocapture | grep -oE '(FAIL|browser-rules: ).*'
# The decoder suite's summary ("decoder: N passed, M failed"): `sessionscope decode --json` on
# values made and judged by real Django 2.2 to 6.1.
cargo test --quiet -p sessionscope-engine --test decoder -- --nocapture | grep -oE '(FAIL|note|decoder: ).*'
# `sessionscope export-test` against real Django 5.2 (its own venv under .tools/):
# "exported tests: N passed, M failed", and a changed expected byte that must fail.
scripts/test-exported-django.sh

phase "component tests in headless Chromium (wasm-bindgen-test)"
for test_file in tests/ui_*.rs; do
  cargo test --target wasm32-unknown-unknown --test "$(basename "$test_file" .rs)"
done

phase "release build (trunk build --release)"
release_dist
scripts/bundle-size.sh "$DIST_DIR"

phase "end-to-end tests (Playwright against the release build on 127.0.0.1)"
cargo build --quiet --example print_set_cookie
# The same build under a sub-path, as a docs site would host it, with the example docs page
# (e2e/embed-docs.spec.js): laid out by the hosting command itself.
SITE_FROM_DIST="$DIST_DIR" scripts/build-site.sh /docs/sessionscope/ "$DIST_DIR/docs/sessionscope" >/dev/null
# The documentation package's sites, with the directive on two tours (e2e/docs-sites.spec.js).
scripts/test-docs-sites.sh "$DIST_DIR"
serve_dist "$DIST_DIR" "${E2E_PORT:-}"
echo "serving the release build on $PAGE_URL"
(cd e2e && BASE_URL="$PAGE_URL" npx --no-install playwright test)
phase "all tests passed"
