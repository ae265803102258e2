//! The share fragment (`v1.…`, the part after `#`) of a guided tour on an engine, for
//! documentation pages that embed it.
//!
//! ```text
//! cargo run --example story_link -- shopping-cart db        # prints the fragment
//! cargo run --example story_link -- --update docs/example/index.html
//! cargo run --example story_link -- --bundle python/sessionscope-docs/src/sessionscope_docs/stories.json
//! ```
//!
//! `--update` rewrites, in place, the fragment of every `<iframe>` of the page that names its
//! tour with `data-story="…" data-engine="…"` (after a story changed; tests/example_page.rs
//! says when).

use sessionscope::ui::page::document::encode;
use sessionscope::ui::stories::docs_bundle::docs_bundle;
use sessionscope::ui::stories::{all, book, by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

/// The fragment of `story` on `engine`, or why not.
fn fragment(story: &str, engine: &str) -> Result<String, String> {
    let found = by_id(story).ok_or_else(|| {
        let ids: Vec<_> = all().iter().map(|s| s.id).collect();
        format!("no story {story:?} (stories: {})", ids.join(", "))
    })?;
    let engine = Engine::ALL
        .into_iter()
        .find(|e| e.name() == engine)
        .ok_or_else(|| format!("no engine {engine:?}"))?;
    Ok(encode(
        &book().scenario(found, engine),
        STORY_KEY_SEED,
        true,
    ))
}

/// The value of `name="…"` in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// `page` with each tour frame's fragment made current.
fn update(page: &str) -> Result<String, String> {
    let mut parts = page.split("<iframe");
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        out.push_str("<iframe");
        let tag_end = part.find('>').unwrap_or(part.len());
        let tag = &part[..tag_end];
        match (attribute(tag, "data-story"), attribute(tag, "data-engine")) {
            (Some(story), Some(engine)) => {
                let src = attribute(tag, "src").ok_or("a tour frame without src")?;
                let (address, _) = src.split_once('#').ok_or("a tour frame without #v1.")?;
                let new_src = format!("{address}#{}", fragment(story, engine)?);
                out.push_str(&tag.replacen(src, &new_src, 1));
                out.push_str(&part[tag_end..]);
            }
            _ => out.push_str(part),
        }
    }
    Ok(out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, path] if flag == "--update" => std::fs::read_to_string(path)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|page| update(&page))
            .and_then(|page| std::fs::write(path, page).map_err(|e| format!("{path}: {e}")))
            .map(|()| println!("updated {path}")),
        [flag, path] if flag == "--bundle" => std::fs::write(path, docs_bundle())
            .map_err(|e| format!("{path}: {e}"))
            .map(|()| println!("wrote {path}")),
        [story, engine] => fragment(story, engine).map(|f| println!("{f}")),
        _ => Err(
            "usage: story_link STORY ENGINE | story_link --update PAGE.html | story_link --bundle FILE.json"
                .to_owned(),
        ),
    };
    if let Err(error) = result {
        eprintln!("{error}");
        std::process::exit(2);
    }
}
