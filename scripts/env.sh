# Sourced by the other scripts: the environment every build and test step shares.
# - the page's build tools from tools/page-build/node_modules (binaryen's wasm-opt, esbuild) come first
#   on PATH (Debian's binaryen 108 breaks the page); scripts/page-wasm.py reaches them there itself;
# - cargo-installed tools (trunk, wasm-bindgen) are on PATH;
# - `cargo test --target wasm32-unknown-unknown` runs its tests through wasm-bindgen-test-runner,
#   in headless Chromium driven by Debian's chromedriver (webdriver.json adds --no-sandbox etc.).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tools/page-build/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="wasm-bindgen-test-runner"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
