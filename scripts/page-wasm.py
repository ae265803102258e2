#!/usr/bin/env python3
"""Builds the page's WebAssembly, split into the part every visit loads and the parts loaded on
demand (src/ui/components/on_demand.rs), and links it into the page.

Trunk runs this after it has written the page (Trunk.toml, `post_build` hook; TRUNK_PROFILE,
TRUNK_STAGING_DIR): Trunk's own Rust pipeline cannot split a module, so this does its work:

  1. cargo builds the playground for wasm32 with `--cfg sessionscope_split` (the split points)
     and `--emit-relocs` (which wasm-split reads), in target/page;
  2. wasm-split (crate wasm_split_cli_support) cuts the module at the split points: the main
     module, one module per part, shared chunks, and the loader `__wasm_split.js`;
  3. wasm-bindgen writes the JavaScript glue of the main module (`--keep-lld-exports`: the
     split modules import what they share from it);
  4. in a release build, wasm-opt -Oz (binaryen 132) shrinks each module, and esbuild minifies
     the glue and the loader: both from tools/page-build/ (its package.json pins them; a missing
     tool or another version stops the build);
  5. every file goes into `wasm-<hash of them all>/` next to the page (a new name whenever a
     byte changes, so caches never mix builds); each split module's fetch in the loader gets
     its sha256 `integrity`, and the page gets preload links with theirs: boot.js starts the
     main module from them, and the browser refuses any file whose bytes differ;
  6. the stylesheets of Compare, the decoder, the Share panel and the embedded view leave the
     page's <head>: a `<meta name="sessionscope-part-style">` keeps each one's address and
     integrity, and the part loads it with its code (src/ui/components/part_style.rs); the
     page's other stylesheets become one file (`page-<hash>.css`), and in a release build
     esbuild minifies boot.js.

Run by hand: `scripts/page-wasm.py --profile release --out DIR` writes the folder into DIR and
prints the link tags (`--keep-names` keeps function names, for scripts/wasm-holdings.sh).
"""

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = "sessionscope-playground"
TARGET = "wasm32-unknown-unknown"
# The wasm features the page may use (every browser the page supports has them); wasm-opt
# keeps them instead of lowering them away.
WASM_OPT_FEATURES = [
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
]
LOADER = "__wasm_split.js"
# The parts' loader itself, fetched when a part is first wanted: LOADER becomes a stand-in of a
# few hundred bytes with the same exports (`lazy_loader`).
LAZY_LOADER = "split_loader.js"
# The page's build tools (npm: binaryen's wasm-opt, esbuild), pinned by tools/page-build/package.json
# and installed there by scripts/install-tools.sh.
BUILD_TOOLS = ROOT / "tools/page-build"
# The stylesheets that load with their part's code, not with the page
# (src/ui/components/part_style.rs): style/<name>.css.
PART_STYLES = ["compare", "decoder", "share", "embed"]


def log(message):
    print(f"[page-wasm] {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    """Runs `command`, failing with its output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"[page-wasm] failed: {' '.join(map(str, command))}")
    return result


def cargo_lock_version(package):
    lock = tomllib.loads((ROOT / "Cargo.lock").read_text())
    versions = [p["version"] for p in lock["package"] if p["name"] == package]
    if len(versions) != 1:
        raise SystemExit(f"[page-wasm] Cargo.lock names {len(versions)} versions of {package}")
    return versions[0]


def check_tool(command, wanted):
    """The tool `command[0]` must print version `wanted` (its output must match Cargo.lock)."""
    try:
        printed = run(command).stdout.strip()
    except FileNotFoundError:
        raise SystemExit(f"[page-wasm] {command[0]} is missing: run scripts/install-tools.sh")
    if not printed.endswith(" " + wanted):
        raise SystemExit(
            f"[page-wasm] {command[0]} prints {printed!r}, Cargo.lock needs {wanted}: "
            "run scripts/install-tools.sh"
        )


def check_toolchain(profile):
    """The toolchain the page was measured with, or a clear stop.

    The release build rebuilds std with unstable options of a stable compiler (see
    `cargo_build`), which a newer compiler may change or refuse, or turn into a different page:
    so the compiler must be the one rust-toolchain.toml pins (rustup picks it from that file),
    with the wasm32 target and, for the rebuilt std, its source (`rust-src`)."""
    pinned = tomllib.loads((ROOT / "rust-toolchain.toml").read_text())["toolchain"]["channel"]
    fix = "run scripts/install-tools.sh (it installs what rust-toolchain.toml names)"
    result = subprocess.run(["rustc", "-vV"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr.split("\nStack backtrace:")[0].rstrip() + "\n")
        raise SystemExit(f"[page-wasm] rustc does not start (rust-toolchain.toml pins {pinned}): {fix}")
    release = re.search(r"^release: (\S+)$", result.stdout, re.M)
    found = release.group(1) if release else "an unknown version"
    if found != pinned:
        raise SystemExit(f"[page-wasm] rustc is {found}, but the page is built with {pinned} "
                         f"(rust-toolchain.toml); RUSTUP_TOOLCHAIN or a rustup override may "
                         f"choose another: {fix}")
    sysroot = Path(run(["rustc", "--print", "sysroot"], cwd=ROOT).stdout.strip())
    if not (sysroot / "lib/rustlib" / TARGET / "lib").is_dir():
        raise SystemExit(f"[page-wasm] the Rust toolchain {pinned} lacks the target {TARGET}: {fix}")
    if profile != "dev" and not (sysroot / "lib/rustlib/src/rust/library/std/Cargo.toml").is_file():
        raise SystemExit(f"[page-wasm] the Rust toolchain {pinned} lacks std's source (component "
                         f"rust-src), which the release build rebuilds std from: {fix}")


def wasm_rustflags():
    """The wasm32 rustflags of .cargo/config.toml, plus the split build's own."""
    config = tomllib.loads((ROOT / ".cargo" / "config.toml").read_text())
    flags = list(config.get("target", {}).get(TARGET, {}).get("rustflags", []))
    return flags + ["--cfg", "sessionscope_split", "-Clink-args=--emit-relocs"]


def cargo_build(profile):
    """Builds the playground's binary; returns the path of its wasm.

    Every profile but `dev` also rebuilds the standard library for the page (`build-std`, with
    std's `optimize_for_size` and `-Cpanic=immediate-abort`): std's code is then compiled with
    the page's `opt-level = "z"` and LTO, and a panic (which the engine never reaches on input:
    its errors are values) traps at once instead of formatting a message nobody reads; the page
    is about 18 KB brotli lighter. These are unstable options of the stable toolchain that
    rust-toolchain.toml pins (`check_toolchain` stops the build on any other), switched on for
    this one build with RUSTC_BOOTSTRAP=1 (std's source: the component rust-src, which
    rust-toolchain.toml lists and scripts/install-tools.sh installs); every other build and test
    uses the stable compiler as it is.
    """
    check_toolchain(profile)
    env = dict(os.environ)
    # An environment's RUSTFLAGS would replace the config's flags: these are the page's.
    env.pop("RUSTFLAGS", None)
    flags = wasm_rustflags()
    target_dir = ROOT / "target" / "page"
    command = ["cargo", "build", "--target", TARGET, "--bin", BIN, "--target-dir", str(target_dir)]
    command += ["--profile", profile]
    if profile != "dev":
        env["RUSTC_BOOTSTRAP"] = "1"
        command += ["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"]
        flags += ["-Zunstable-options", "-Cpanic=immediate-abort"]
    env["CARGO_ENCODED_RUSTFLAGS"] = "\x1f".join(flags)
    log(f"cargo build --profile {profile} (split points on{', std rebuilt' if profile != 'dev' else ''})")
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit("[page-wasm] cargo build failed")
    folder = "debug" if profile == "dev" else profile
    return target_dir / TARGET / folder / f"{BIN}.wasm"


def sri(data):
    # SHA-256, the shortest digest integrity accepts: the loader names one per module (about
    # fifty), and digests do not compress.
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def add_integrity_to_loader(folder):
    """Gives each split module's fetch in the loader the sha256 of that module's bytes."""
    loader = folder / LOADER
    text = loader.read_text()
    pattern = re.compile(r'fetch\(new URL\("\./([A-Za-z0-9_]+\.wasm)", import\.meta\.url\)\)')
    names = pattern.findall(text)
    wasm_files = sorted(p.name for p in folder.glob("*.wasm") if p.name != f"{BIN}_bg.wasm")
    if sorted(names) != wasm_files:
        raise SystemExit(
            f"[page-wasm] the loader fetches {sorted(names)}, the split wrote {wasm_files}: "
            "has wasm-split's output changed?"
        )

    def with_integrity(match):
        digest = sri((folder / match.group(1)).read_bytes())
        return (
            f'fetch(new URL("./{match.group(1)}", import.meta.url), '
            f'{{ integrity: "{digest}", credentials: "same-origin" }})'
        )

    loader.write_text(pattern.sub(with_integrity, text))


def build_tool(command, package, version_text):
    """The path of `command` from tools/page-build/node_modules, checked against the version
    tools/page-build/package.json pins for `package` (`version_text` turns that version into
    what `command --version` prints). Another copy on PATH (Debian's binaryen 108, say) would
    make a different page, so none is used."""
    wanted = json.loads((BUILD_TOOLS / "package.json").read_text())["devDependencies"][package]
    path = BUILD_TOOLS / "node_modules/.bin" / command
    if not path.exists():
        raise SystemExit(f"[page-wasm] {command} (npm {package}@{wanted}) is missing from "
                         f"{BUILD_TOOLS.relative_to(ROOT)}/node_modules: run scripts/install-tools.sh")
    shown = run([str(path), "--version"]).stdout.strip()
    if version_text(wanted) not in shown:
        raise SystemExit(f"[page-wasm] {command} says {shown!r}, but tools/page-build/package.json "
                         f"pins {package}@{wanted}: run scripts/install-tools.sh")
    return str(path)


# What wasm-opt runs on every module: -Oz twice (the second pass still finds 245 B of the main
# module's brotli), after telling it that the lowest 1 KiB of memory is never read or written
# (`--low-memory-unused`: a constant added to a pointer can then become the load's or store's
# offset; 1,764 B of the main module's brotli, measured on the same build). Rust's wasm32 layout
# puts the stack first, growing down from 1 MiB to 0, so that kilobyte is reached only by a
# stack within 1 KiB of overflowing, which the page's limits keep far away (docs/limits-and-safety.md).
WASM_OPT_PASSES = ["--low-memory-unused", "-Oz", "-Oz"]


def optimise(files, extra_flags):
    """wasm-opt on every module, two at a time (`-g` in `extra_flags` keeps the names)."""
    # binaryen 132.0.0 prints "wasm-opt version 132 (version_132)".
    wasm_opt = build_tool("wasm-opt", "binaryen", lambda v: f"version {v.split('.')[0]} ")

    def one(path):
        run([wasm_opt, *WASM_OPT_PASSES, *WASM_OPT_FEATURES, *extra_flags, "-o", str(path), str(path)])

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, files))


def leb128(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def read_leb128(data, at):
    """The unsigned LEB128 at `at`: (value, the offset after it)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def read_name(data, at):
    length, at = read_leb128(data, at)
    return data[at:at + length].decode(), at + length


def skip_limits(data, at):
    flags = data[at]
    _, at = read_leb128(data, at + 1)
    return read_leb128(data, at)[1] if flags & 1 else at


def skip_import_description(data, at):
    kind = data[at]
    at += 1
    if kind == 0:  # a function: its type index
        return read_leb128(data, at)[1]
    if kind == 1:  # a table: element type, limits
        return skip_limits(data, at + 1)
    if kind == 2:  # a memory: limits
        return skip_limits(data, at)
    if kind == 3:  # a global: value type, mutability
        return at + 2
    raise SystemExit(f"[page-wasm] an import of an unknown kind {kind}")


def with_section(wasm, section_id, rewrite):
    """`wasm` with the body of its section `section_id` replaced by `rewrite(body)`."""
    if wasm[:8] != b"\0asm\x01\0\0\0":
        raise SystemExit("[page-wasm] not a wasm module")
    at, out = 8, bytearray(wasm[:8])
    while at < len(wasm):
        section = wasm[at]
        size, body_at = read_leb128(wasm, at + 1)
        end = body_at + size
        if section == section_id:
            body = rewrite(wasm[body_at:end])
            out += bytes([section]) + leb128(len(body)) + body
        else:
            out += wasm[at:end]
        at = end
    return bytes(out)


def without_exports(wasm, unwanted):
    """`wasm` without the exports whose names match the regex `unwanted`, and their names."""
    dropped = []

    def rewrite(body):
        count, cursor = read_leb128(body, 0)
        kept = []
        for _ in range(count):
            start = cursor
            name, cursor = read_name(body, cursor)
            cursor = read_leb128(body, cursor + 1)[1]  # the kind, then the index
            if re.search(unwanted, name):
                dropped.append(name)
            else:
                kept.append(body[start:cursor])
        return leb128(len(kept)) + b"".join(kept)

    return with_section(wasm, 7, rewrite), dropped


def drop_stream_exports(folder):
    """Drops the main module's exports of wasm-streams' classes (`IntoUnderlyingSource`, …):
    server_fn, which Leptos always links, brings them for streaming server functions, which
    this page (no server) never calls; only the glue names them, in methods never called.
    Without the exports, wasm-opt drops their code (about 1 KB brotli)."""
    path = folder / f"{BIN}_bg.wasm"
    wasm, dropped = without_exports(path.read_bytes(), r"^(__wbg_)?intounderlying")
    if not dropped:
        raise SystemExit("[page-wasm] the module exports no wasm-streams classes: has server_fn changed?")
    path.write_bytes(wasm)


def rename_imports(wasm, renames):
    """`wasm` with the imports of the glue's module renamed by `renames` (old name: new), the
    names renamed, and the glue's imports left with their long names."""
    renamed, left = set(), []

    def rewrite(body):
        count, cursor = read_leb128(body, 0)
        out = bytearray(leb128(count))
        for _ in range(count):
            module, cursor = read_name(body, cursor)
            field, cursor = read_name(body, cursor)
            described = cursor
            cursor = skip_import_description(body, cursor)
            if module == f"./{BIN}_bg.js" and field in renames:
                renamed.add(field)
                field = renames[field]
            elif module == f"./{BIN}_bg.js":
                left.append(field)
            for name in (module, field):
                out += leb128(len(name.encode())) + name.encode()
            out += body[described:cursor]
        return bytes(out)

    return with_section(wasm, 2, rewrite), renamed, left


def short_import_names(folder):
    """Renames the glue's functions that the main module imports (`__wbg_<name>_<hash of 16
    hex digits>`, about 150 of them) to short names, in the module and in the glue alike: the
    names carry no meaning at run time, and their hashes do not compress (about 3.5 KB
    brotli)."""
    glue_path, wasm_path = folder / f"{BIN}.js", folder / f"{BIN}_bg.wasm"
    glue = glue_path.read_text()
    names = sorted(set(re.findall(r"\b__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}\b", glue)))
    renames = {}
    for index, name in enumerate(names):
        if len(re.findall(rf"\b{name}\b", glue)) != 1:
            raise SystemExit(f"[page-wasm] the glue names {name} more than once: has wasm-bindgen changed?")
        renames[name] = f"_{index:x}"
        if re.search(rf"\b{renames[name]}\b", glue):
            raise SystemExit(f"[page-wasm] the glue already has a name {renames[name]}")
    wasm, renamed, left = rename_imports(wasm_path.read_bytes(), renames)
    hashed = [name for name in left if re.fullmatch(r"__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}", name)]
    if hashed:
        raise SystemExit(f"[page-wasm] the module imports glue functions the glue does not name: {hashed[:3]}")
    # A function wasm-opt found unused is no longer imported: the glue keeps its long name.
    for name in renamed:
        glue = re.sub(rf"\b{name}\b", renames[name], glue)
    glue_path.write_text(glue)
    wasm_path.write_bytes(wasm)


def esbuild_path():
    return build_tool("esbuild", "esbuild", lambda v: v)


def minify_scripts(folder):
    """esbuild --minify (npm esbuild, tools/page-build) on the glue and the loader: the same
    modules, exports and `import.meta.url` kept, a third lighter."""
    esbuild = esbuild_path()
    for name in (f"{BIN}.js", LOADER):
        path = folder / name
        run([esbuild, str(path), "--minify", "--format=esm", "--target=es2022", f"--outfile={path}",
             "--allow-overwrite", "--log-level=warning"])


def build_folder(profile, optimise_modules, keep_names, work):
    """Builds, splits, binds and optimises into `work/out`; returns that folder."""
    check_tool(["wasm-bindgen", "--version"], cargo_lock_version("wasm-bindgen"))
    if not shutil.which("wasm-split-cli"):
        raise SystemExit("[page-wasm] wasm-split-cli is missing: run scripts/install-tools.sh")
    raw = cargo_build(profile)
    split = work / "split"
    out = work / "out"
    split.mkdir()
    out.mkdir()
    log("wasm-split")
    run(["wasm-split-cli", "--out-name", BIN, str(raw), str(split)])
    log("wasm-bindgen")
    bindgen = ["wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports"]
    run(bindgen + ["--out-dir", str(out), str(split / f"{BIN}.wasm")])
    for part in split.iterdir():
        if part.name != f"{BIN}.wasm":
            shutil.copy(part, out / part.name)
    if optimise_modules:
        drop_stream_exports(out)
        log("wasm-opt -Oz on every module")
        optimise(sorted(out.glob("*.wasm")), ["-g"] if keep_names else [])
    add_integrity_to_loader(out)
    if optimise_modules:
        log("esbuild --minify on the glue and the loader; short import names")
        short_import_names(out)
        minify_scripts(out)
    lazy_loader(out)
    return out


def lazy_loader(folder):
    """Moves the parts' loader (digests and fetches of every module: about 3.5 KB brotli) out
    of the first visit. The main module imports one `__wasm_split_load_<part>(callback, data)`
    per part from LOADER, so LOADER must be there when the page starts; it becomes a stand-in
    with the same exports, which fetch the real loader (LAZY_LOADER) the first time a part is
    wanted: through a `<link rel=modulepreload>` carrying its sha256 integrity, so that the
    `import()` that follows runs only those bytes, then call its export. If it cannot be
    fetched, or does not match its digest, the part's callback is told it did not load (as the
    loader tells it when a part's own module fails), and the next attempt fetches it again."""
    real = folder / LOADER
    text = real.read_text()
    exports = sorted(set(re.findall(r"\b(__wasm_split_load_[A-Za-z0-9_]+)\b", text)))
    if not exports or f'"./{BIN}.js"' not in text:
        raise SystemExit("[page-wasm] the loader has no __wasm_split_load_ exports or no glue import: has wasm-split changed?")
    (folder / LAZY_LOADER).write_text(text)
    digest = sri(text.encode())
    real.write_text(
        f'import{{initSync as s}}from"./{BIN}.js";let p;'
        "function l(){return p??=new Promise((y,n)=>{"
        'const e=document.createElement("link");e.rel="modulepreload";'
        f'e.href=new URL("./{LAZY_LOADER}",import.meta.url).href;e.integrity="{digest}";'
        "e.onload=y;e.onerror=()=>{e.remove();n(new Error(e.href))};document.head.append(e)})"
        f'.then(()=>import("./{LAZY_LOADER}")).catch(e=>{{p=void 0;throw e}})}}'
        "function f(k){return(n,r)=>{l().then(m=>m[k](n,r),e=>{console.error(e);"
        "s(void 0).__indirect_function_table.get(n)(r,!1)})}}"
        + "export const "
        + ",".join(f'{name}=f("{name}")' for name in exports)
        + ";\n"
    )


def folder_name(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "wasm-" + digest.hexdigest()[:16]


def link_tags(folder, name):
    """The preload links boot.js starts the page from (with each file's integrity)."""
    def tag(file, rel, extra):
        data = (folder / file).read_bytes()
        return f'<link rel="{rel}" href="./{name}/{file}" integrity="{sri(data)}" {extra}/>'

    return "".join(
        [
            tag(f"{BIN}.js", "modulepreload", 'data-sessionscope="glue" '),
            tag(LOADER, "modulepreload", ""),
            tag(
                f"{BIN}_bg.wasm",
                "preload",
                'as="fetch" type="application/wasm" crossorigin="anonymous" data-sessionscope="wasm" ',
            ),
        ]
    )


def place(folder, into):
    """Copies `folder` into `into` under its hashed name; returns the link tags."""
    name = folder_name(folder)
    destination = into / name
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(folder, destination)
    return link_tags(destination, name)


def tag_attributes(tag):
    """The attributes of an HTML tag, quoted or not (Trunk's release HTML is minified)."""
    pattern = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
    inside = re.sub(r"^<\w+|>$", "", tag)
    return {name.lower(): (value or "").strip("\"'") for name, value in pattern.findall(inside)}


def defer_part_styles(html):
    """Takes each part's stylesheet link out of the page, leaving its address and integrity in
    a `<meta name="sessionscope-part-style">` that the part reads when it is first shown."""
    for part in PART_STYLES:
        found = []

        def to_meta(match):
            attributes = tag_attributes(match.group(0))
            href = attributes.get("href", "")
            if attributes.get("rel") != "stylesheet" or not re.fullmatch(rf"\./{part}-[0-9a-f]+\.css", href):
                return match.group(0)
            found.append(href)
            integrity = attributes.get("integrity", "")
            return (
                f'<meta name="sessionscope-part-style" data-part="{part}" content="{href}" '
                f'data-integrity="{integrity}">'
            )

        html = re.sub(r"<link\b[^>]*>", to_meta, html)
        if len(found) != 1:
            raise SystemExit(f"[page-wasm] the page links {len(found)} {part}-….css stylesheets, not one")
    return html


def merge_page_styles(html, staging):
    """Joins the stylesheets the page still links (main, extras, stage, theme: one concept per
    source file) into one file, in their order: one request and one compression instead of
    four. Returns the page with one link in place of theirs."""
    links = []
    for match in re.finditer(r"<link\b[^>]*>", html):
        attributes = tag_attributes(match.group(0))
        if attributes.get("rel") == "stylesheet":
            links.append((match.group(0), attributes["href"]))
    if len(links) < 2:
        return html
    joined = b"".join((staging / href.removeprefix("./")).read_bytes().rstrip(b"\n") + b"\n" for _, href in links)
    name = f"page-{hashlib.sha256(joined).hexdigest()[:16]}.css"
    (staging / name).write_bytes(joined)
    for _, href in links:
        (staging / href.removeprefix("./")).unlink()
    merged = f'<link rel="stylesheet" href="./{name}" integrity="{sri(joined)}">'
    html = html.replace(links[0][0], merged, 1)
    for tag, _ in links[1:]:
        html = html.replace(tag, "", 1)
    return html


def minify_boot_script(html, staging):
    """esbuild --minify on boot.js (Trunk copies it as written: `data-no-minify`, as Trunk's own
    minifier does not take its top-level await); its `integrity` follows its new bytes."""
    for match in re.finditer(r"<script\b[^>]*>", html):
        attributes = tag_attributes(match.group(0))
        if not re.fullmatch(r"\./boot-[0-9a-f]+\.js", attributes.get("src", "")):
            continue
        path = staging / attributes["src"].removeprefix("./")
        run([esbuild_path(), str(path), "--minify", "--format=esm", "--target=es2022", f"--outfile={path}",
             "--allow-overwrite", "--log-level=warning"])
        tag = re.sub(r"\bintegrity=(\"[^\"]*\"|[^\s>]+)", f'integrity="{sri(path.read_bytes())}"', match.group(0))
        return html.replace(match.group(0), tag, 1)
    raise SystemExit("[page-wasm] the page has no boot-….js script")


def trunk_hook():
    profile = "release" if os.environ["TRUNK_PROFILE"] == "release" else "dev"
    staging = Path(os.environ["TRUNK_STAGING_DIR"])
    html_path = staging / "index.html"
    with tempfile.TemporaryDirectory() as work:
        folder = build_folder(profile, profile == "release", False, Path(work))
        tags = place(folder, staging)
    html = html_path.read_text()
    if html.count("</head>") != 1:
        raise SystemExit("[page-wasm] the page has no single </head> to link the wasm before")
    # Trunk leaves its skipped Rust link (index.html) in the page: it loads nothing.
    html = re.sub(r"<link[^>]*data-trunk-skip[^>]*>", "", html)
    html = defer_part_styles(html)
    html = merge_page_styles(html, staging)
    if profile == "release":
        html = minify_boot_script(html, staging)
    html_path.write_text(html.replace("</head>", tags + "</head>"))
    log(f"linked {tags.count('<link')} files into {html_path.name}")


def main():
    if len(sys.argv) == 1 and "TRUNK_STAGING_DIR" in os.environ:
        trunk_hook()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="release", help="cargo profile (release, dev, wasm-names)")
    parser.add_argument("--out", required=True, type=Path, help="folder to write wasm-<hash>/ into")
    parser.add_argument("--keep-names", action="store_true", help="keep the name section")
    parser.add_argument("--no-opt", action="store_true", help="skip wasm-opt")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = build_folder(args.profile, not args.no_opt, args.keep_names, Path(work))
        print(place(folder, args.out))


if __name__ == "__main__":
    main()
