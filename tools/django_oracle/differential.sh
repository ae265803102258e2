#!/usr/bin/env bash
# Differential test: random scenarios, traced by real Django, replayed by the Rust engine.
#   tools/django_oracle/differential.sh [FIRST_SEED] [COUNT]
# Needs `pip install "django==5.2.*"`. Scenarios whose generation shows an ambiguity of the
# harness (a warning in the batch log) are still compared; read the log if one fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
first=${1:-1}
count=${2:-100}
out=$(mktemp -d /tmp/sessionscope-differential.XXXXXX)
python3 "$here/random_scenarios.py" "$out" "$first" "$count"
(cd "$here" && python3 batch.py "$out/scenarios" "$out/traces")
cd "$here/../.."
SESSIONSCOPE_CONFORMANCE_DIR="$out" cargo test --test conformance -- --nocapture
echo "differential run kept in $out"
