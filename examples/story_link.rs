//! Prints the share fragment (`v1.…`, the part after `#`) of a guided tour on an engine, for
//! documentation pages that embed it (docs/example/index.html):
//!
//! ```text
//! cargo run --example story_link -- shopping-cart db
//! ```

use sessionscope::ui::share::encode;
use sessionscope::ui::stories::{all, by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let story = args.first().and_then(|id| by_id(id));
    let engine = args
        .get(1)
        .and_then(|name| Engine::ALL.into_iter().find(|e| e.name() == name));
    let (Some(story), Some(engine)) = (story, engine) else {
        eprintln!("usage: story_link STORY ENGINE");
        eprintln!(
            "stories: {}",
            all().iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
        );
        std::process::exit(2);
    };
    println!("{}", encode(&story.scenario(engine), STORY_KEY_SEED, true));
}
