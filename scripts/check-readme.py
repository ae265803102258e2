#!/usr/bin/env python3
"""The README stays a front door: at most 12,000 bytes, and every page it links exists.

Checks README.md's size, then every relative link (Markdown links and images) in README.md and
in the docs/ pages: the file each names must exist. Prints each problem and exits 1 if any.
Usage: scripts/check-readme.py [ROOT]
"""
import re
import sys
from pathlib import Path

MAX_BYTES = 12_000
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
readme = root / "README.md"
problems = []

size = len(readme.read_bytes())
if size > MAX_BYTES:
    problems.append(f"README.md is {size:,} bytes, over {MAX_BYTES:,}: move detail into a docs/ page it links")

pages = [readme] + sorted((root / "docs").glob("*.md"))
for page in pages:
    text = page.read_text(encoding="utf-8")
    for match in LINK.finditer(text):
        target = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # another site, or a place in the same page
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{page.relative_to(root)}:{line}: links {target}, which does not exist")

for problem in problems:
    print(problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"README.md: {size:,} bytes (at most {MAX_BYTES:,}); every link of README.md and docs/*.md resolves")
