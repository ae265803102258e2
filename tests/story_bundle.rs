//! The documentation package bundles the guided tours
//! (`python/sessionscope-docs/src/sessionscope_docs/stories.json`) so that a Sphinx or MkDocs
//! page can embed one by name: the file must be what the playground writes for them today
//! (an embed of a scenario that is no longer the tour would show no captions, and its static
//! rendering would quote the old captions). After changing a story:
//! `cargo run --example story_link -- --bundle python/sessionscope-docs/src/sessionscope_docs/stories.json`.

use sessionscope::ui::page::document::{decode, encode};
use sessionscope::ui::stories::docs_bundle::docs_bundle;
use sessionscope::ui::stories::{all, book, STORY_KEY_SEED};
use sessionscope_engine::json::{parse_python_json, to_python_json, Value};

const BUNDLED: &str =
    include_str!("../python/sessionscope-docs/src/sessionscope_docs/stories.json");

#[test]
fn the_bundled_tours_are_the_playground_s() {
    assert!(
        BUNDLED == docs_bundle(),
        "stories.json is stale: run `cargo run --example story_link -- --bundle \
         python/sessionscope-docs/src/sessionscope_docs/stories.json`"
    );
}

#[test]
fn each_bundled_document_is_the_tour_s_share_link() {
    // The topology stories' links hold instances and concurrent steps, read by the code the
    // page loads on demand.
    sessionscope::ui::session_topology::install_now();
    let bundled = parse_python_json(BUNDLED).unwrap();
    let mut count = 0;
    for story in all() {
        for &engine in story.engines {
            let document = bundled
                .as_dict()
                .and_then(|tours| tours.get(story.id))
                .and_then(Value::as_dict)
                .and_then(|tour| tour.get("engines"))
                .and_then(Value::as_dict)
                .and_then(|engines| engines.get(engine.name()))
                .and_then(Value::as_dict)
                .and_then(|entry| entry.get("document"))
                .unwrap_or_else(|| panic!("{} on {engine} is not bundled", story.id));
            let link = encode(&book().scenario(story, engine), STORY_KEY_SEED, true);
            let shared = decode(&link).unwrap();
            let from_link = sessionscope::ui::page::document::document_value(
                &shared.scenario,
                shared.key_seed,
                shared.secrets,
            );
            assert_eq!(to_python_json(document), to_python_json(&from_link));
            count += 1;
        }
    }
    assert!(count >= all().len());
}
