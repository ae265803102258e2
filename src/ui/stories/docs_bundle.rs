//! The guided tours as the documentation package bundles them
//! (`python/sessionscope-docs/src/sessionscope_docs/stories.json`): per story and engine, the
//! share document its link carries and its captions, so that a Sphinx or MkDocs page can embed
//! a tour by name and render it without JavaScript. Written by
//! `cargo run --example story_link -- --bundle FILE`; `tests/story_bundle.rs` says when the
//! committed file is stale. Nothing in the page calls this.

use sessionscope_engine::json::{to_python_json_indented, Dict, Value};
use sessionscope_engine::scenario::run;

use super::{all, book, fetched, STORY_KEY_SEED};
use crate::ui::page::document::{document_value, Secrets};

/// Every tour on every engine it is written for: its share document and its captions, as JSON.
pub fn docs_bundle() -> String {
    // The tours' words travel as an asset the page fetches; here they are read from the file
    // itself.
    fetched::install(include_str!("stories.json").to_owned());
    let book = book();
    let mut tours = Dict::new();
    for story in all() {
        let mut engines = Dict::new();
        for &engine in story.engines {
            let scenario = book.scenario(story, engine);
            let trace = run(&scenario);
            let mut tour = Dict::new();
            tour.insert(
                "document",
                document_value(&scenario, STORY_KEY_SEED, Secrets::Included),
            );
            let captions = book.captions(story, engine, &trace);
            tour.insert(
                "captions",
                Value::List(captions.into_iter().map(Value::from).collect()),
            );
            engines.insert(engine.name(), Value::Dict(tour));
        }
        let mut entry = Dict::new();
        entry.insert("title", Value::from(story.title));
        entry.insert("engines", Value::Dict(engines));
        tours.insert(story.id, Value::Dict(entry));
    }
    format!("{}\n", to_python_json_indented(&Value::Dict(tours), 1))
}
