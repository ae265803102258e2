#!/usr/bin/env bash
# Long-running generated-input checks (not part of CI; README "Long checks"): every property
# test target with 1,000,000 cases per property (PROPTEST_CASES), in release mode, plus the
# inflate differential test against C zlib on INFLATE_DIFFERENTIAL_CASES rounds (each round is
# 5 mutated zlib streams and 4 random ones: 1,800,000 streams at the default 200,000).
# Usage: scripts/long-checks.sh [cases]        (default 1000000; e.g. 10000 for a quick look)
# Prints each target's time and result, and a final "long checks: N passed, N failed" line;
# the full output goes to target/long-checks.log. A failure prints proptest's minimal failing
# input: turn it into a regression test (see README).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

cases="${1:-1000000}"
differential_rounds="${INFLATE_DIFFERENTIAL_CASES:-$((cases / 5))}"
log="target/long-checks.log"
mkdir -p target
: >"$log"

# package, test target, what it covers
targets=(
  "sessionscope-engine no_panic_signing signed values (loads, explain_loads, inspect), the Python-JSON reader, base64/zlib/base62 decoders, dumps/loads round trips"
  "sessionscope-engine no_panic_sessions the Cookie header parser, quote/unquote, session cookies of any text, scenario JSON (any text, mutated documents), random step sequences"
  "sessionscope-engine no_panic_browser_rules Set-Cookie lines, cookie writes and URLs (Chromium's rules)"
  "sessionscope-engine no_panic_decoder what is pasted into the decoder (headers, curl, HAR, damaged values) and the diagnosis of any value"
  "sessionscope-engine inflate_matches_zlib the inflate against C zlib (mutated and random streams)"
  "sessionscope no_panic_share the share-link decoder"
)

# Optimised for speed, not size (the page's release profile is opt-level "z" with fat LTO,
# which would make building the playground's test take far longer than running it).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

passed=0
failed=0
for entry in "${targets[@]}"; do
  read -r package target what <<<"$entry"
  echo "== $target ($what)" | tee -a "$log"
  cargo test --release -p "$package" --test "$target" --no-run >>"$log" 2>&1 || true
  started=$(date +%s)
  if PROPTEST_CASES="$cases" INFLATE_DIFFERENTIAL_CASES="$differential_rounds" \
    cargo test --release -p "$package" --test "$target" -- --test-threads=1 >>"$log" 2>&1; then
    result="passed"
    passed=$((passed + 1))
  else
    result="FAILED"
    failed=$((failed + 1))
  fi
  tests=$(grep -E "^test result:" "$log" | tail -1)
  printf '   %s in %ds (%s)\n' "$result" "$(($(date +%s) - started))" "$tests" | tee -a "$log"
done
echo "cases per property: $cases; inflate differential rounds: $differential_rounds"
echo "long checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
