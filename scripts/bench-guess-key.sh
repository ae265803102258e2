#!/usr/bin/env bash
# `sessionscope guess-key`'s speed beside real Django's: keys per second for the engine (one
# core, every core), for Django 5.2's signing.loads in CPython, and the share of this CPU's
# SHA-256 compression rate the engine reaches (engine/benches/guess_key.rs). Uses python3 if it
# imports Django, else makes a venv with Django 5.2 under target/ first.
# Usage: scripts/bench-guess-key.sh      GUESS_BENCH_SECONDS (default 1) = time per round and side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

python="${SESSIONSCOPE_PYTHON:-python3}"
if ! "$python" -c "import django" 2>/dev/null; then
  venv="target/bench-django-venv"
  if ! "$venv/bin/python" -c "import django" 2>/dev/null; then
    echo "installing Django 5.2 into $venv…" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "django==5.2.*"
  fi
  python="$venv/bin/python"
fi
echo "$("$python" -c 'import django, sys; print("Django", django.get_version(), "on CPython", sys.version.split()[0])')" >&2
SESSIONSCOPE_PYTHON="$python" cargo bench -q -p sessionscope-engine --bench guess_key
