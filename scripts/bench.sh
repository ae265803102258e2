#!/usr/bin/env bash
# The signing benchmark three ways, in one table: the engine native (`cargo bench --bench
# signing`), CPython Django 5.2 (benches/django_signing.py, run by the native bench), and the
# engine compiled to WebAssembly in headless Chromium (engine/benches/signing_wasm.rs, built
# with the page's release profile). Ratios are against Django.
# Usage: scripts/bench.sh            SIGNING_BENCH_SECONDS (default 1) = time per row and side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

native="$(mktemp)"
wasm="$(mktemp)"
trap 'rm -f "$native" "$wasm"' EXIT

echo "native engine and Django (cargo bench)…" >&2
cargo bench -q -p sessionscope-engine --bench signing 2>/dev/null >"$native"
echo "wasm engine in headless Chromium (cargo test --bench, wasm32-unknown-unknown)…" >&2
SIGNING_BENCH_SECONDS="${SIGNING_BENCH_SECONDS:-1}" \
  cargo test -p sessionscope-engine --release --target wasm32-unknown-unknown \
  --bench signing_wasm -- --nocapture 2>/dev/null >"$wasm"

python3 - "$native" "$wasm" <<'PY'
import re, sys
native = {}
row = re.compile(r"^(\d+ B)\s+(\w+)\s+(\d+)\s+(\S+)\s+(\S+)\s*(\S*)$")
for line in open(sys.argv[1]):
    m = row.match(line.strip())
    if m:
        label, op, ours, django, _, same = m.groups()
        native[(label, op)] = (float(ours), None if django == "-" else float(django), same)
wasm = {}
for line in open(sys.argv[2]):
    m = re.match(r"^wasm (\d+ B) (\w+) (\d+)$", line.strip())
    if m:
        wasm[(m.group(1), m.group(2))] = float(m.group(3))
if not native:
    sys.exit("no native figures (cargo bench failed?)")
print(f"{'payload':<8} {'op':<7} {'native ops/s':>13} {'wasm ops/s':>11} {'Django ops/s':>13}"
      f" {'native':>7} {'wasm':>6}  same bytes")
for (label, op), (ours, django, same) in native.items():
    w = wasm.get((label, op))
    ratio = lambda x: f"{x / django:.1f}x" if django and x else "-"
    print(f"{label:<8} {op:<7} {ours:>13.0f} {w if w is None else round(w):>11} "
          f"{'-' if django is None else round(django):>13} {ratio(ours):>7} {ratio(w):>6}  {same}")
PY
