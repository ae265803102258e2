//! docs/example/index.html embeds guided tours by their share links: each frame that names its
//! tour (`data-story`, `data-engine`) must carry what the playground writes for that tour
//! today, so the example never shows a stale or changed story (an embed of a scenario that is
//! no longer the tour shows no captions). After changing a story:
//! `cargo run --example story_link -- --update docs/example/index.html`.

use sessionscope::ui::page::document::{decode, encode};
use sessionscope::ui::stories::{book, by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

const PAGE: &str = include_str!("../docs/example/index.html");

/// The value of `name="…"` in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

#[test]
fn the_example_frames_show_the_tours_they_name() {
    let mut checked = Vec::new();
    for frame in PAGE.split("<iframe").skip(1) {
        let tag = &frame[..frame.find('>').unwrap()];
        let story = by_id(attribute(tag, "data-story").expect("data-story")).unwrap();
        let engine_name = attribute(tag, "data-engine").expect("data-engine");
        let engine = Engine::ALL
            .into_iter()
            .find(|e| e.name() == engine_name)
            .unwrap();
        let src = attribute(tag, "src").unwrap();
        let (address, fragment) = src.split_once('#').unwrap();
        assert_eq!(
            address, "../?embed=1",
            "loaded from the playground beside it"
        );
        assert!(
            fragment == encode(&book().scenario(story, engine), STORY_KEY_SEED, true),
            "{} on {engine}: the frame's link is stale; run \
             `cargo run --example story_link -- --update docs/example/index.html`",
            story.id
        );
        let shared = decode(fragment).unwrap();
        assert_eq!(
            (shared.scenario.name.as_str(), shared.scenario.engine),
            (story.id, engine)
        );
        checked.push((story.id, engine));
    }
    assert_eq!(
        checked,
        [
            ("shopping-cart", Engine::Db),
            ("logout-signed-cookie", Engine::SignedCookies),
            ("logout-signed-cookie", Engine::Db)
        ],
        "the cart tour on db; the logout tour on signed_cookies and db"
    );
}
