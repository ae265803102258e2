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
  4. in a release build, wasm-opt -Oz (binaryen 132, from e2e/node_modules) shrinks each module;
  5. every file goes into `wasm-<hash of them all>/` next to the page (a new name whenever a
     byte changes, so caches never mix builds); each split module's fetch in the loader gets
     its sha384 `integrity`, and the page gets preload links with theirs: boot.js starts the
     main module from them, and the browser refuses any file whose bytes differ.

Run by hand: `scripts/page-wasm.py --profile release --out DIR` writes the folder into DIR and
prints the link tags (`--keep-names` keeps function names, for scripts/wasm-holdings.sh).
"""

import argparse
import base64
import hashlib
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
    is about 18 KB brotli lighter. These are unstable options of the pinned stable toolchain,
    switched on for this one build with RUSTC_BOOTSTRAP=1 (std's source: `rustup component add
    rust-src`, scripts/install-tools.sh); every other build and test uses the stable compiler
    as it is.
    """
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
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def add_integrity_to_loader(folder):
    """Gives each split module's fetch in the loader the sha384 of that module's bytes."""
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


def optimise(files, extra_flags):
    """wasm-opt -Oz on every module, two at a time (`-g` in `extra_flags` keeps the names)."""
    wasm_opt = shutil.which("wasm-opt", path=f"{ROOT / 'e2e/node_modules/.bin'}:{os.environ['PATH']}")
    if not wasm_opt:
        raise SystemExit("[page-wasm] wasm-opt is missing: run scripts/install-tools.sh")

    def one(path):
        run([wasm_opt, "-Oz", *WASM_OPT_FEATURES, *extra_flags, "-o", str(path), str(path)])

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, files))


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
        log("wasm-opt -Oz on every module")
        optimise(sorted(out.glob("*.wasm")), ["-g"] if keep_names else [])
    add_integrity_to_loader(out)
    return out


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
