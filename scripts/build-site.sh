#!/usr/bin/env bash
# Builds the static site for a host: the playground (release build), its auto-height script
# (embed.js) and the example documentation page, in a folder ready for any static host.
#
#   scripts/build-site.sh BASE_PATH OUT_DIR [VERSION]
#
# OUT_DIR is what the host serves at BASE_PATH, e.g. `/sessionscope/` for the GitHub project
# page https://USER.github.io/sessionscope/ (upload OUT_DIR as the Pages artifact, or copy it
# into the gh-pages branch). It holds:
#   OUT_DIR/index.html, embed.js, …   the playground (?embed=1 for the embedded view)
#   OUT_DIR/example/                  docs/example/, a docs page embedding it from "../"
#   OUT_DIR/VERSION/                  with VERSION (e.g. v0.4.0): a pinned copy of the same
#                                     build; embeds that point at it never change
# The build's asset URLs are relative (Trunk.toml: public_url = "./"), so it works at any
# BASE_PATH; BASE_PATH is checked and used to print the addresses. SITE_FROM_DIST=DIR lays
# out an existing release build instead of building one (scripts/test.sh does).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
base_path="$1"
out_dir="$2"
version="${3:-}"
case "$base_path" in
  /*/ | /) ;;
  *) echo "BASE_PATH must start and end with a slash (/ or /docs/sessionscope/): $base_path" >&2; exit 2 ;;
esac
if [ -n "$version" ] && ! [[ "$version" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then
  echo "VERSION must be a plain folder name such as v0.4.0: $version" >&2
  exit 2
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
if [ -n "${SITE_FROM_DIST:-}" ]; then
  cp -R "$SITE_FROM_DIST"/. "$staging/"
else
  trunk build --release --public-url ./ --dist "$staging"
fi

# Nothing may be loaded from the host's root: under a sub-path that is a 404 and a blank page.
if grep -Eo '(src|href)="/[^/"][^"]*"' "$staging/index.html"; then
  echo "index.html loads the files above from the host's root: they would not load under $base_path" >&2
  exit 1
fi
test -f "$staging/embed.js" || { echo "the build has no embed.js" >&2; exit 1; }

mkdir -p "$out_dir"
cp -R "$staging"/. "$out_dir/"
mkdir -p "$out_dir/example"
cp docs/example/index.html docs/example/docs.css docs/example/theme.js "$out_dir/example/"
if [ -n "$version" ]; then
  rm -rf "${out_dir:?}/$version"
  mkdir -p "$out_dir/$version"
  cp -R "$staging"/. "$out_dir/$version/"
fi

echo "site for $base_path in $out_dir:"
echo "  playground   ${base_path}"
echo "  embed        ${base_path}?embed=1#v1.…   (snippets: the Share panel)"
echo "  auto-height  ${base_path}embed.js"
echo "  example      ${base_path}example/"
if [ -n "$version" ]; then
  echo "  pinned       ${base_path}${version}/   (point published embeds here; keep old versions when you publish)"
fi
