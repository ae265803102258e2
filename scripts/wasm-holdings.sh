#!/usr/bin/env bash
# Prints what the page's wasm holds, by area, and where it goes. The page's own build
# (scripts/page-wasm.py) of profile `wasm-names` (the release profile with function names kept):
# its whole program (every part, before the split, through wasm-opt -Oz -g) goes through
# `twiggy top`, each function and data segment put in one area by its name (raw bytes, names and
# linking sections left out); wasm-split keeps no names, so the split is given by module: the
# main module every visit loads (brotli; its static data alone, as all data stays in it) and
# each part's module.
# Usage: scripts/wasm-holdings.sh
# Needs twiggy: `cargo install twiggy --locked`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/page-wasm.py --profile wasm-names --out "$work/shipped" >/dev/null
shipped_folder="$(echo "$work"/shipped/wasm-*)"
cp "$shipped_folder/sessionscope-playground_bg.wasm" "$work/shipped.wasm"
# The whole program as cargo built it for the split (names kept), optimised as the page's modules.
features="$(python3 -c 'import runpy; print(" ".join(runpy.run_path("scripts/page-wasm.py")["WASM_OPT_FEATURES"]))')"
# shellcheck disable=SC2086 # the flags are words
wasm-opt -Oz -g $features -o "$work/named.wasm" \
  target/page/wasm32-unknown-unknown/wasm-names/sessionscope-playground.wasm 2>/dev/null
twiggy top -n 1000000 --format csv "$work/named.wasm" >"$work/top.csv"
python3 - "$work/top.csv" <<'PYTHON'
import csv
import re
import sys

# (area, pattern searched in the item's name); the first match wins.
AREAS = [
    ("static data (texts, HTML strings, tables)", r"^data segment"),
    ("formatting: core::fmt, float <-> text", r"core(\[\w+\])?::fmt|flt2dec|dec2flt|FromStr>::from_str|^<f64 as"),
    ("engine: scenario runner and views", r"sessionscope_engine::scenario"),
    ("engine: sessions, middleware, auth", r"sessionscope_engine::(session|middleware|auth|keys|decoder)"),
    ("engine: browser cookie rules", r"sessionscope_engine::browser"),
    ("engine: signing, zlib, SHA-256", r"sessionscope_engine::(signing|compress|deflate|inflate)|sha2::|hmac::|digest::"),
    ("engine: Python JSON, datetime", r"sessionscope_engine::(json|time)"),
    ("engine: other", r"sessionscope_engine::"),
    ("UI: components (Leptos views)", r"sessionscope::ui::components|sessionscope_playground::main"),
    ("UI: compare", r"sessionscope::ui::compare"),
    ("UI: decoder", r"sessionscope::ui::decoder"),
    ("UI: stage, stories, actions", r"sessionscope::ui::(stage|stories|actions|timeline|playback)"),
    ("UI: state, share links, persistence", r"sessionscope::ui::(state|share|persist|startup|limits|validation)"),
    ("UI: other logic", r"sessionscope::"),
    ("Leptos: tachys (DOM views)", r"tachys::|leptos_dom::"),
    ("Leptos: reactive_graph, leptos", r"reactive_graph::|leptos::|any_spawner|either_of|guardian::|send_wrapper|throw_error|slotmap"),
    ("web glue: wasm-bindgen, js-sys, web-sys, futures", r"wasm_bindgen|js_sys|web_sys|^import |^export |futures|wasm_streams|gloo"),
    ("closures and iterators (generic, of the above)", r"core::ops::function|core::iter|^<?T as|^<?F as"),
    ("collections, strings, allocator", r"alloc::|hashbrown|indexmap|dlmalloc|<str>|core::str|core::slice|char"),
]
# What the page does not ship: names, what the linker and wasm-split read, and wasm-bindgen's
# describe functions (wasm-bindgen reads them and removes them).
NOT_SHIPPED = re.compile(r'names" subsection|^"?custom section|describe')

totals = {area: 0 for area, _ in AREAS}
other = 0
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if NOT_SHIPPED.search(name):
        continue
    # Symbol names carry crate hashes (`sessionscope_engine[0123…]::`): the areas name crates.
    name = re.sub(r"\[[0-9a-f]{16}\]", "", name)
    for area, pattern in AREAS:
        if re.search(pattern, name):
            totals[area] += size
            break
    else:
        other += size
totals["other (std, core, tables, types)"] = other
whole = sum(totals.values())
print(f"{'area':52} {'bytes':>9} {'share':>6}")
for area, size in sorted(totals.items(), key=lambda item: -item[1]):
    print(f"{area:52} {size:9d} {100 * size / whole:5.1f}%")
print(f"{'the whole program (raw, every part, without names)':52} {whole:9d}")
PYTHON
# The data segments alone (texts compress far better than code), for the brotli split.
python3 - "$work/shipped.wasm" "$work/data.bin" <<'PYTHON'
import sys

wasm = open(sys.argv[1], "rb").read()


def leb128(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


segments, at = [], 8
while at < len(wasm):
    section_id = wasm[at]
    size, at = leb128(wasm, at + 1)
    body = wasm[at : at + size]
    if section_id == 11:  # the data section
        count, i = leb128(body, 0)
        for _ in range(count):
            flags, i = leb128(body, i)
            if flags == 0:  # active, memory 0: an offset expression ending in `end`
                i = body.index(0x0B, i) + 1
            length, i = leb128(body, i)
            segments.append(body[i : i + length])
            i += length
    at += size
open(sys.argv[2], "wb").write(b"".join(segments))
PYTHON
wasm_brotli=$(brotli --best --stdout "$work/shipped.wasm" | wc -c)
data_brotli=$(brotli --best --stdout "$work/data.bin" | wc -c)
echo "main module (every visit): $(stat -c %s "$work/shipped.wasm") bytes raw, $wasm_brotli bytes brotli" \
  "(static data alone $data_brotli bytes brotli, so code about $((wasm_brotli - data_brotli)))"
for part in "$shipped_folder"/split_*.wasm; do
  echo "on demand: $(basename "$part"): $(brotli --best --stdout "$part" | wc -c) bytes brotli (with its chunks: scripts/bundle-size.sh)"
done
