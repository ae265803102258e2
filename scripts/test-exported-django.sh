#!/usr/bin/env bash
# Proves the Django test export (`sessionscope export-test`) against real Django 5.2:
#   1. installs Django 5.2.19 (the release the engine reproduces) in its own venv under
#      .tools/venv-django-5.2 (once; a few seconds);
#   2. exports every conformance scenario as a Django test module (the public ones,
#      engine/tests/conformance/django-5.2/scenarios, and those of extra/, versions/ and
#      versions-extra/, which run 5.2 unless they name a version) and runs them all in one
#      Python process: each must pass;
#   3. exports cart_basic__db again with one byte of an expected Set-Cookie line changed: that
#      test must fail, and its message must name the step and the Set-Cookie lines.
# Prints "exported tests: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

DJANGO_PIN="django==5.2.19"
VENV="$ROOT/.tools/venv-django-5.2"
if ! "$VENV/bin/python" -c 'import django, sys; sys.exit(django.get_version() != "5.2.19")' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$DJANGO_PIN"
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cargo build --quiet -p sessionscope-engine --bin sessionscope
# A copy of its own: the target folder may be shared with other checkouts' builds.
cp "${CARGO_TARGET_DIR:-$ROOT/target}/debug/sessionscope" "$OUT/sessionscope"
SESSIONSCOPE="$OUT/sessionscope"

modules=()
for scenario in engine/tests/conformance/{django-5.2,extra,versions,versions-extra}/scenarios/*.json; do
  folder="$(basename "$(dirname "$(dirname "$scenario")")")"
  mkdir -p "$OUT/$folder"
  module="$OUT/$folder/test_sessionscope_$(basename "$scenario" .json).py"
  "$SESSIONSCOPE" export-test "$scenario" -o "$module" 2>"$OUT/export.log" || {
    cat "$OUT/export.log" >&2
    exit 1
  }
  modules+=("$module")
done

# One expected byte changed: the last character of the first expected Set-Cookie value (in
# the engine's trace the module holds).
changed="$OUT/changed/test_sessionscope_cart_basic__db.py"
mkdir -p "$OUT/changed"
"$VENV/bin/python" - "$OUT/django-5.2/test_sessionscope_cart_basic__db.py" "$changed" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
match = re.search(r'"header": "Set-Cookie: sessionid=([^;"]+);', text)
value = match.group(1)
flipped = value[:-1] + ("2" if value[-1] != "2" else "3")
open(sys.argv[2], "w").write(text[:match.start(1)] + flipped + text[match.end(1):])
print("changed one byte of step 1's expected Set-Cookie value: %s -> %s" % (value, flipped))
PY

echo "running ${#modules[@]} exported modules against Django $("$VENV/bin/python" -c 'import django; print(django.get_version())')"
"$VENV/bin/python" scripts/run-exported-tests.py "${modules[@]}" \
  --expect-fail "$changed" \
  --expect-message "step 1 (GET /, view set): Set-Cookie lines (Django != Sessionscope)" \
  --expect-message "sess0000000000000000000000000001"
