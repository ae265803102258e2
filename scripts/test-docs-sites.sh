#!/usr/bin/env bash
# The documentation package (python/sessionscope-docs) in real sites: installs it from the
# repository with pinned Sphinx and MkDocs in a venv under .tools/, runs its pytest suite, then
# builds the two example sites into a release build, each with its own copy of the playground,
# for e2e/docs-sites.spec.js:
#   DIST_DIR/docs-sphinx/   Sphinx (examples/sphinx), the playground in _static/sessionscope/
#   DIST_DIR/docs-mkdocs/   MkDocs (examples/mkdocs), the playground in sessionscope/
# Both pages embed two guided tours with the directive; their static renderings come from the
# `sessionscope` binary (built here, debug).
#
#   scripts/test-docs-sites.sh DIST_DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

if [ $# -ne 1 ] || [ ! -f "$1/index.html" ]; then
  echo "usage: scripts/test-docs-sites.sh DIST_DIR (a release build: trunk build --release)" >&2
  exit 2
fi
dist="$(cd "$1" && pwd)"
package="$ROOT/python/sessionscope-docs"
venv="$ROOT/.tools/docs-venv"
# Pinned: what the sites are checked with.
pins=("sphinx==8.1.3" "mkdocs==1.6.1" "pytest==8.3.4")

cargo build --quiet -p sessionscope-engine --bin sessionscope
export SESSIONSCOPE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/sessionscope"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sphinx, mkdocs, pytest' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
fi
# From the repository path, as a docs project would install it (not editable: the package
# data must come along).
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$package"

echo "sessionscope-docs: pytest"
(cd "$package" && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "sessionscope-docs: the Sphinx site in $dist/docs-sphinx/"
cp -R "$package/examples/sphinx" "$work/sphinx"
SITE_FROM_DIST="$dist" scripts/build-site.sh /docs-sphinx/_static/sessionscope/ "$work/sphinx/_static/sessionscope" >/dev/null
rm -rf "$dist/docs-sphinx"
"$venv/bin/python" -m sphinx -b html -q -W "$work/sphinx" "$dist/docs-sphinx"

echo "sessionscope-docs: the MkDocs site in $dist/docs-mkdocs/"
cp -R "$package/examples/mkdocs" "$work/mkdocs"
SITE_FROM_DIST="$dist" scripts/build-site.sh /docs-mkdocs/sessionscope/ "$work/mkdocs/docs/sessionscope" >/dev/null
rm -rf "$dist/docs-mkdocs"
"$venv/bin/python" -m mkdocs build -q -f "$work/mkdocs/mkdocs.yml" -d "$dist/docs-mkdocs"

for page in "$dist/docs-sphinx/index.html" "$dist/docs-mkdocs/index.html"; do
  frames=$(grep -o '<iframe class="sessionscope-frame"' "$page" | wc -l)
  [ "$frames" -eq 2 ] || { echo "$page: $frames Sessionscope frames, not 2" >&2; exit 1; }
done
echo "sessionscope-docs: both sites built"
