#!/bin/sh
# Re-validate the harness against Django's public conformance data, then regenerate
# everything in engine/tests/conformance/extra/ from real Django. Run from anywhere:
#   tools/django_oracle/regenerate.sh            # validate + regenerate
#   tools/django_oracle/regenerate.sh --check    # validate only (public + current extra)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PUB="$ROOT/engine/tests/conformance/django-5.2"
EXTRA="$ROOT/engine/tests/conformance/extra"
PY=${PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PY" -c 'import django, sys, zlib, sqlite3; assert django.VERSION[:2] == (5, 2), django.get_version(); print("django", django.get_version(), "python", sys.version.split()[0], "zlib", zlib.ZLIB_RUNTIME_VERSION, "sqlite", sqlite3.sqlite_version)'

cd "$HERE"
echo "== public data: the harness must reproduce it exactly"
"$PY" batch.py "$PUB/scenarios" "$TMP/public" --check "$PUB/traces"
"$PY" vectors.py check "$PUB/vectors.json"

if [ "${1:-}" = "--check" ]; then
    echo "== extra data: re-run and compare"
    "$PY" batch.py "$EXTRA/scenarios" "$TMP/extra" --check "$EXTRA/traces"
    "$PY" vectors.py check "$EXTRA/vectors-extra.json"
    exit 0
fi

echo "== regenerating engine/tests/conformance/extra"
mkdir -p "$EXTRA/scenarios" "$EXTRA/traces"
rm -f "$EXTRA/scenarios/"*.json "$EXTRA/traces/"*.json
"$PY" stories.py "$EXTRA/scenarios"
"$PY" batch.py "$EXTRA/scenarios" "$EXTRA/traces"
"$PY" vectors.py build "$EXTRA/vectors-extra.json"
echo "== determinism: a second run must give identical traces"
"$PY" batch.py "$EXTRA/scenarios" "$TMP/again" --check "$EXTRA/traces"
"$PY" vectors.py check "$EXTRA/vectors-extra.json"
