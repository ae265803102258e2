#!/usr/bin/env bash
# Installs what building and testing the playground needs, and only what is missing:
#   the Rust toolchain rust-toolchain.toml pins, with its target wasm32-unknown-unknown and its
#   components (std's source, rust-src, for the page's release build; clippy; rustfmt); apt chromium, chromium-driver, brotli;
#   trunk; wasm-bindgen-cli at the exact version Cargo.lock pins; wasm-split-cli (crate
#   wasm_split_cli_support), which splits the page's wasm for the parts loaded on demand
#   (scripts/page-wasm.py); the page's build tools, npm packages under tools/page-build/
#   (binaryen's wasm-opt, esbuild), and the end-to-end tests' under e2e/ (Playwright, axe-core),
#   each from its committed package-lock.json.
# Safe to run again: each tool is checked by version before anything is installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
# The splitter reads the split points that Leptos' wasm_split_helpers (Cargo.lock) writes; 0.2.4
# is the version made for helpers 0.2.x, tested with this page.
WASM_SPLIT_VERSION="0.2.4"

log() { printf '[install-tools] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

cargo_lock_version() {
  # Prints the version Cargo.lock records for the package named $1.
  awk -v name="$1" '
    $0 == "name = \"" name "\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

pinned_toolchain() {
  # The channel rust-toolchain.toml pins (e.g. 1.95.0).
  sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml"
}

ensure_rust_toolchain() {
  # rustup chooses the pinned toolchain inside the project (rust-toolchain.toml); `rustup
  # toolchain install` with no name installs it with the components and targets the file lists.
  local pinned
  pinned="$(pinned_toolchain)"
  if (cd "$ROOT" && rustup toolchain list | grep -q "^$pinned-"); then
    log "rust toolchain $pinned: present"
  else
    log "rust toolchain $pinned (rust-toolchain.toml): installing"
    (cd "$ROOT" && rustup toolchain install)
  fi
}

ensure_rust_components() {
  # Already there when the toolchain was installed from rust-toolchain.toml; added here when it
  # was installed some other way. clippy and rustfmt run in CI (.ci/run).
  local component
  for component in clippy rustfmt; do
    if (cd "$ROOT" && rustup component list --installed | grep -q "^$component"); then
      log "rust component $component: present"
    else
      log "rust component $component: installing"
      (cd "$ROOT" && rustup component add "$component")
    fi
  done
}

ensure_rust_target() {
  if (cd "$ROOT" && rustup target list --installed | grep -qx wasm32-unknown-unknown); then
    log "rust target wasm32-unknown-unknown: present"
  else
    log "rust target wasm32-unknown-unknown: installing"
    (cd "$ROOT" && rustup target add wasm32-unknown-unknown)
  fi
}

ensure_rust_src() {
  # The page's release build rebuilds std for wasm32 from its source (scripts/page-wasm.py).
  if (cd "$ROOT" && rustup component list --installed | grep -q '^rust-src'); then
    log "rust component rust-src: present"
  else
    log "rust component rust-src: installing"
    (cd "$ROOT" && rustup component add rust-src)
  fi
}

ensure_apt_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  # python3-venv: the documentation package's venv (scripts/test-docs-sites.sh).
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt packages chromium chromium-driver brotli python3-venv: present"
    return
  fi
  log "apt packages missing: ${missing[*]}: installing"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
    log "trunk $TRUNK_VERSION: present"
  else
    log "trunk $TRUNK_VERSION: installing (cargo install, several minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen_cli() {
  local wanted
  wanted="$(cargo_lock_version wasm-bindgen)"
  if [ -z "$wanted" ]; then
    log "Cargo.lock names no wasm-bindgen version" >&2
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wanted" ] \
    && [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $wanted" ]; then
    log "wasm-bindgen-cli $wanted: present"
  else
    log "wasm-bindgen-cli $wanted: installing (cargo install, several minutes)"
    cargo install wasm-bindgen-cli --version "$wanted" --force
  fi
}

ensure_wasm_split_cli() {
  if cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" \
    && command -v wasm-split-cli >/dev/null; then
    log "wasm-split-cli $WASM_SPLIT_VERSION: present"
  else
    log "wasm-split-cli $WASM_SPLIT_VERSION: installing (cargo install, a minute or two)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
  fi
}

ensure_npm_packages() {
  # Installs the npm packages of folder $1 (relative to the root) from its package-lock.json,
  # unless the stamp in its node_modules says that lock was installed already.
  local dir="$ROOT/$1"
  local lock="$dir/package-lock.json"
  local stamp="$dir/node_modules/.installed-from-lock"
  local digest
  digest="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
    log "npm packages in $1/: present"
  else
    log "npm packages in $1/: installing (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$digest" >"$stamp"
  fi
}

ensure_rust_toolchain
ensure_rust_components
ensure_rust_target
ensure_rust_src
ensure_apt_packages
ensure_trunk
ensure_wasm_bindgen_cli
ensure_wasm_split_cli
ensure_npm_packages tools/page-build
ensure_npm_packages e2e
log "done"
