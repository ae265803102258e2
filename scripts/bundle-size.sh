#!/usr/bin/env bash
# Prints the weight of a built page, brotli-compressed (`brotli --best`, as a server sends it),
# and checks it against the page budget: 250 KiB = 256,000 bytes (binary kilobytes; the decimal
# 250 KB = 250,000 B is stricter).
#
# The page's weight is what a visit loads before it does anything: index.html and every file it
# links (the page's stylesheet, boot.js, the wasm-bindgen glue, the loader of the parts loaded on
# demand, the main wasm). The parts loaded on demand (src/ui/components/on_demand.rs: Compare,
# the decoder, the "The world" and "settings.py" tabs, the Share panel, the guided tours, the
# inspectors, the banners, the embedded view, the tours' content) are listed below it with the
# chunks they share and the parts' own stylesheets, and the whole build's total is printed too.
# e2e/page-weight.spec.js checks in a browser that a first visit at 1280x720 fetches exactly the
# files counted here, and weighs them the same way.
# Usage: scripts/bundle-size.sh [dist]
set -euo pipefail
dist="${1:-dist}"
python3 - "$dist" <<'PYTHON'
import re
import subprocess
import sys
from pathlib import Path

BUDGET = 250 * 1024
dist = Path(sys.argv[1])


def brotli(path):
    return len(subprocess.run(["brotli", "--best", "--stdout", str(path)], check=True,
                              capture_output=True).stdout)


html = (dist / "index.html").read_text()
linked = re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="?\./([^"\s>]+)', html)
first = [dist / "index.html"] + [dist / name for name in linked if not name.startswith("data:")]
missing = [str(p) for p in first if not p.is_file()]
if missing:
    sys.exit(f"index.html links files the build does not have: {missing}")
rest = sorted(p for p in dist.rglob("*")
              if p.is_file() and p not in first and p.suffix in {".wasm", ".js", ".css", ".html"}
              and p.parent != dist / "docs" and "docs" not in p.relative_to(dist).parts
              and p.name != "embed.js")


def table(title, paths):
    total_raw = total_brotli = 0
    print(title)
    for path in paths:
        raw, packed = path.stat().st_size, brotli(path)
        total_raw += raw
        total_brotli += packed
        print(f"  {str(path.relative_to(dist)):56} {raw:9d} bytes  {packed:8d} bytes brotli")
    return total_raw, total_brotli


raw, packed = table("loaded by every visit:", first)
print(f"page size (what a visit loads: wasm + js + css + html): {raw} bytes raw, {packed} bytes "
      f"brotli ({(packed + 1023) // 1024} KiB; budget {BUDGET} bytes = {BUDGET // 1024} KiB)")
later_raw, later_packed = table("loaded on demand (each part when first opened, with the chunks it shares):", rest)
print(f"loaded on demand: {later_raw} bytes raw, {later_packed} bytes brotli; the whole build: "
      f"{packed + later_packed} bytes brotli")
if packed > BUDGET:
    print(f"the page exceeds the {BUDGET}-byte budget by {packed - BUDGET} bytes", file=sys.stderr)
    sys.exit(1)
PYTHON
