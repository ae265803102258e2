#!/usr/bin/env bash
# Prints the size of a built page (wasm + js + css + html in the given directory), raw and
# brotli-compressed (`brotli --best`), and checks the brotli total against the page budget:
# 250 KiB = 256,000 bytes (binary kilobytes; the decimal 250 KB = 250,000 B is stricter).
# Usage: scripts/bundle-size.sh [dist]
set -euo pipefail
dist="${1:-dist}"
budget_bytes=$((250 * 1024))
total_raw=0
total_brotli=0
shopt -s nullglob
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html; do
  raw=$(stat -c %s "$file")
  compressed=$(brotli --best --stdout "$file" | wc -c)
  printf '  %-48s %9d bytes  %8d bytes brotli\n' "$(basename "$file")" "$raw" "$compressed"
  total_raw=$((total_raw + raw))
  total_brotli=$((total_brotli + compressed))
done
printf 'page size (wasm + js + css + html): %d bytes raw, %d bytes brotli (%d KiB; budget %d bytes = %d KiB)\n' \
  "$total_raw" "$total_brotli" "$(((total_brotli + 1023) / 1024))" "$budget_bytes" "$((budget_bytes / 1024))"
if [ "$total_brotli" -gt "$budget_bytes" ]; then
  echo "bundle exceeds the ${budget_bytes}-byte budget" >&2
  exit 1
fi
