//! docs/example/index.html embeds guided tours by their share links: each frame's fragment must
//! still be what the playground writes for that tour today (regenerate one with
//! `cargo run --example story_link -- STORY ENGINE`), so the example never shows a stale or
//! changed story.

use sessionscope::ui::share::{decode, encode};
use sessionscope::ui::stories::{by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

const PAGE: &str = include_str!("../docs/example/index.html");

/// The fragment of the frame with `data-testid="<testid>"`.
fn frame_fragment(testid: &str) -> &'static str {
    let frame = PAGE
        .split("<iframe")
        .find(|frame| frame.contains(&format!("data-testid=\"{testid}\"")))
        .unwrap_or_else(|| panic!("no frame {testid}"));
    let src = frame
        .split("src=\"")
        .nth(1)
        .expect("a src")
        .split('"')
        .next()
        .unwrap();
    assert!(src.starts_with("../?embed=1#"), "{src}");
    src.split('#').nth(1).unwrap()
}

#[test]
fn the_example_frames_show_the_tours_they_say() {
    for (testid, story, engine) in [
        ("frame-cart", "shopping-cart", Engine::Db),
        (
            "frame-signed",
            "logout-signed-cookie",
            Engine::SignedCookies,
        ),
        ("frame-db", "logout-signed-cookie", Engine::Db),
    ] {
        let story = by_id(story).unwrap();
        let fragment = frame_fragment(testid);
        assert_eq!(
            fragment,
            encode(&story.scenario(engine), STORY_KEY_SEED, true),
            "{testid}: regenerate with `cargo run --example story_link -- {} {engine}`",
            story.id
        );
        let shared = decode(fragment).unwrap();
        assert_eq!(shared.scenario.name, story.id);
        assert_eq!(shared.scenario.engine, engine);
    }
}
