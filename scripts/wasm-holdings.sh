#!/usr/bin/env bash
# Prints what the page's main wasm (the module every visit loads) holds, by area: the page's own
# build (scripts/page-wasm.py: split, wasm-bindgen, wasm-opt -Oz) of profile `wasm-names` (the
# release profile with function names kept), then `twiggy top`, each function and data segment
# put in one area by its name. Sizes are raw bytes of the optimised module (its name section left
# out); the last lines give its brotli size and each part's (what loads on demand).
# Usage: scripts/wasm-holdings.sh
# Needs twiggy: `cargo install twiggy --locked`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The shipped modules (names dropped, as the page's) and the same with their names (-g).
python3 scripts/page-wasm.py --profile wasm-names --out "$work/shipped" >/dev/null
python3 scripts/page-wasm.py --profile wasm-names --keep-names --out "$work/named" >/dev/null
shipped_folder="$(echo "$work"/shipped/wasm-*)"
cp "$shipped_folder/sessionscope-playground_bg.wasm" "$work/shipped.wasm"
twiggy top -n 1000000 --format csv "$work"/named/wasm-*/sessionscope-playground_bg.wasm >"$work/top.csv"
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
NOT_SHIPPED = ('"function names" subsection', '"data names" subsection')

totals = {area: 0 for area, _ in AREAS}
other = 0
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if name.strip('"') in {n.strip('"') for n in NOT_SHIPPED} or "names\" subsection" in name:
        continue
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
print(f"{'wasm (raw, without names)':52} {whole:9d}")
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
echo "shipped wasm: $(stat -c %s "$work/shipped.wasm") bytes raw, $wasm_brotli bytes brotli" \
  "(static data alone $data_brotli bytes brotli, so code about $((wasm_brotli - data_brotli)))"
for part in "$shipped_folder"/split_*.wasm; do
  echo "on demand: $(basename "$part"): $(brotli --best --stdout "$part" | wc -c) bytes brotli (with its chunks: scripts/bundle-size.sh)"
done
