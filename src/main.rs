//! Entry point of the playground (built for wasm32 by Trunk).

fn main() {
    sessionscope::ui::start();
}
