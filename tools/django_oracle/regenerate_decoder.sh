#!/usr/bin/env bash
# Regenerates engine/tests/decoder/extra/cases.json with real Django: values made by Django
# 2.2 and 3.2 (DEFAULT_HASHING_ALGORITHM='sha1') on CPython 3.8, 4.2 and 5.2 on 3.11, 6.1 on
# 3.12, Flask/itsdangerous and PyJWT; judged by Django 5.2 (see decoder_cases.py).
# Needs pyenv's 3.8, 3.11 and 3.12; makes its venvs under ${VENVS:-/tmp}.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../engine/tests/decoder/extra/cases.json"
venvs="${VENVS:-/tmp}"
work="$(mktemp -d)"
py() { echo "$HOME/.pyenv/versions/$1/bin/python3"; }
venv() { # name python packages...
  local name="$1" python="$2"; shift 2
  if [ ! -x "$venvs/venv-$name/bin/python" ]; then
    "$(py "$python")" -m venv "$venvs/venv-$name"
    "$venvs/venv-$name/bin/pip" install -q "$@"
  fi
  echo "$venvs/venv-$name/bin/python"
}
dj22="$(venv dec22 3.8.18 'django==2.2.*')"
dj32="$(venv dec32 3.8.18 'django==3.2.*')"
dj42="$(venv dec42 3.11.7 'django==4.2.*')"
dj52="$(venv dec52 3.11.7 'django==5.2.*' 'flask==3.1.*' 'pyjwt==2.*')"
dj61="$(venv dec61 3.12.1 'django==6.1.*')"
"$dj22" "$here/decoder_cases.py" make dj22 > "$work/values-dj22.json"
"$dj32" "$here/decoder_cases.py" make dj32sha1 > "$work/values-dj32sha1.json"
"$dj42" "$here/decoder_cases.py" make dj42 > "$work/values-dj42.json"
"$dj52" "$here/decoder_cases.py" make dj52 > "$work/values-dj52.json"
"$dj61" "$here/decoder_cases.py" make dj61 > "$work/values-dj61.json"
"$dj52" "$here/decoder_cases.py" make tools > "$work/values-tools.json"
"$dj52" "$here/decoder_cases.py" judge "$work"/values-*.json > "$out"
rm -r "$work"
echo "wrote $out"
