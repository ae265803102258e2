//! The tours' words, and the scenarios of the stories told on Django versions, which travel as
//! a JSON asset (`stories.json`, copied beside the page by `index.html`) fetched with the
//! tours' code: text compiled into the page would be static data of the main module
//! (wasm-split moves code, not data) and grow every first visit.
//!
//! Each entry holds a story's introduction and its captions, per Django version or for every
//! other (`"*"`), one per step. A caption is a text, or one text per engine (`"db"`, …, and
//! `"*"` for the others). Its `{name}` slots are filled with the facts the story's code reads
//! from the engine's trace, or with the story's `words` (a text, or one per engine), or with
//! the words every story shares (the entry `"*"`); words have slots of their own. A story told
//! on versions also has its scenario (the conformance document format) and the versions it is
//! told on (the first is where it opens). A topology story may keep its scenario here too,
//! without versions (it plays on the default one); every other story's scenario is built in
//! code.

use std::sync::OnceLock;

use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::scenario::{Engine, Scenario, Trace};
use sessionscope_engine::version::DjangoVersion;

/// The asset's file name, beside the page.
pub const ASSET: &str = "stories.json";

/// A caption or a word: one text, or one per engine name with `"*"` for the others.
#[derive(Clone, Debug)]
enum Text {
    One(String),
    ByEngine(Vec<(String, String)>),
}

impl Text {
    fn on(&self, engine: Engine) -> &str {
        match self {
            Text::One(text) => text,
            Text::ByEngine(variants) => variants
                .iter()
                .find(|(name, _)| name == engine.name())
                .or_else(|| variants.iter().find(|(name, _)| name == "*"))
                .map_or("", |(_, text)| text),
        }
    }
}

/// One story of the asset.
#[derive(Clone, Debug)]
struct FetchedStory {
    id: String,
    intro: String,
    scenario: Option<Scenario>,
    versions: Vec<DjangoVersion>,
    /// (`"4.2"` or `"*"`, one template per step).
    captions: Vec<(String, Vec<Text>)>,
    /// The story's own words, by slot name.
    words: Vec<(String, Text)>,
}

/// The asset, read.
#[derive(Debug, Default)]
struct Asset {
    stories: Vec<FetchedStory>,
    /// The words every story shares (the entry `"*"`).
    shared: Vec<(String, Text)>,
}

/// The asset's text, as fetched.
static TEXT: OnceLock<String> = OnceLock::new();
/// The asset read from it, on first use (an asset that does not read gives no stories).
static PARSED: OnceLock<Asset> = OnceLock::new();

/// Keeps the asset's text for the tours (the first call wins). It is read only when a tour
/// first asks for it, by the tours' code: the reading stays out of the page's first load.
pub fn install(text: String) {
    let _ = TEXT.set(text);
}

/// Whether the asset has arrived.
pub fn is_installed() -> bool {
    TEXT.get().is_some()
}

fn asset() -> &'static Asset {
    #[cfg(test)]
    install(include_str!("stories.json").to_owned());
    PARSED.get_or_init(|| TEXT.get().and_then(|text| parse(text)).unwrap_or_default())
}

fn story(id: &str) -> Option<&'static FetchedStory> {
    asset().stories.iter().find(|s| s.id == id)
}

/// The story's introduction.
pub fn intro(id: &str) -> Option<&'static str> {
    story(id).map(|s| s.intro.as_str())
}

/// The story's scenario, on the first version it is told on.
pub fn scenario(id: &str) -> Option<Scenario> {
    let story = story(id)?;
    let mut scenario = story.scenario.clone()?;
    scenario.django = story.versions.first().copied();
    Some(scenario)
}

/// The versions the story is told on (empty for a story not told on versions).
pub fn versions(id: &str) -> &'static [DjangoVersion] {
    story(id).map_or(&[], |s| s.versions.as_slice())
}

/// The captions for the trace's engine and version, each slot `{name}` filled with the fact
/// of that name or the story's (or every story's) word of that name.
pub fn captions(id: &str, trace: &Trace, facts: &[(&str, String)]) -> Vec<String> {
    let Some(story) = story(id) else {
        return Vec::new();
    };
    let version = trace.django.unwrap_or(DjangoVersion::DEFAULT);
    let templates = story
        .captions
        .iter()
        .find(|(v, _)| v == version.name())
        .or_else(|| story.captions.iter().find(|(v, _)| v == "*"));
    templates.map_or_else(Vec::new, |(_, list)| {
        list.iter()
            .map(|t| expand(story, trace.engine, t.on(trace.engine), facts, 2))
            .collect()
    })
}

/// The story's word `name` on `engine`, its slots filled (empty for an unknown word): for a
/// sentence that a caption has only when the trace says so.
pub fn word(id: &str, name: &str, engine: Engine, facts: &[(&str, String)]) -> String {
    story(id)
        .and_then(|story| {
            let text = lookup(story, name)?;
            Some(expand(story, engine, text.on(engine), facts, 2))
        })
        .unwrap_or_default()
}

/// The story's word `name`, else every story's.
fn lookup(story: &'static FetchedStory, name: &str) -> Option<&'static Text> {
    story
        .words
        .iter()
        .chain(asset().shared.iter())
        .find(|(n, _)| n == name)
        .map(|(_, text)| text)
}

/// `template` with its slots filled by facts, then words (whose own slots are filled the same
/// way, `depth` levels down).
fn expand(
    story: &'static FetchedStory,
    engine: Engine,
    template: &str,
    facts: &[(&str, String)],
    depth: usize,
) -> String {
    fill_with(template, |name| {
        if let Some((_, value)) = facts.iter().find(|(n, _)| *n == name) {
            return Some(value.clone());
        }
        let text = lookup(story, name).filter(|_| depth > 0)?;
        Some(expand(story, engine, text.on(engine), facts, depth - 1))
    })
}

/// `template` with each `{name}` replaced by `value(name)`; an unknown slot stays as written.
fn fill_with(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find('}')
            .and_then(|close| Some((close, value(&after[..close])?)));
        match filled {
            Some((close, text)) => {
                out.push_str(&text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The asset read, or `None` when any part of it is not what the tours expect (the asset is
/// the page's own: the tests below read it).
fn parse(text: &str) -> Option<Asset> {
    let document = parse_python_json(text).ok()?;
    let mut asset = Asset::default();
    for (id, entry) in document.as_dict()?.iter() {
        let entry = entry.as_dict()?;
        let words = match entry.get("words") {
            Some(words) => words
                .as_dict()?
                .iter()
                .map(|(name, text)| Some((name.to_owned(), text_of(text)?)))
                .collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        if id == "*" {
            asset.shared = words;
            continue;
        }
        let scenario = match entry.get("scenario") {
            Some(value) => Some(Scenario::from_value(value).ok()?),
            None => None,
        };
        let versions = match entry.get("versions") {
            Some(Value::List(list)) => list
                .iter()
                .map(|v| v.as_str().and_then(DjangoVersion::from_name))
                .collect::<Option<Vec<_>>>()?,
            Some(_) => return None,
            None => Vec::new(),
        };
        let captions = entry
            .get("captions")?
            .as_dict()?
            .iter()
            .map(|(version, list)| match list {
                Value::List(lines) => Some((
                    version.to_owned(),
                    lines.iter().map(text_of).collect::<Option<Vec<_>>>()?,
                )),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        asset.stories.push(FetchedStory {
            id: id.to_owned(),
            intro: entry.get("intro")?.as_str()?.to_owned(),
            scenario,
            versions,
            captions,
            words,
        });
    }
    Some(asset)
}

/// A text, or a dict of texts by engine name.
fn text_of(value: &Value) -> Option<Text> {
    match value {
        Value::Dict(variants) => variants
            .iter()
            .map(|(name, text)| Some((name.to_owned(), text.as_str()?.to_owned())))
            .collect::<Option<Vec<_>>>()
            .map(Text::ByEngine),
        other => other.as_str().map(|text| Text::One(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_and_unknown_ones_kept() {
        let facts = [("vary", "Vary: Cookie"), ("n", "2")];
        let value = |name: &str| {
            facts
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(
            fill_with("{vary} at step {n}; {other} {", value),
            "Vary: Cookie at step 2; {other} {"
        );
    }

    #[test]
    fn texts_are_chosen_by_engine() {
        let asset = parse(
            r#"{"*": {"words": {"where": {"db": "a row", "*": "elsewhere"}}},
                "s": {"intro": "i", "captions": {"*": ["{where}"]}}}"#,
        )
        .unwrap();
        let text = &asset.shared[0].1;
        assert_eq!(text.on(Engine::Db), "a row");
        assert_eq!(text.on(Engine::File), "elsewhere");
        assert_eq!(asset.stories[0].captions[0].1[0].on(Engine::Db), "{where}");
    }

    #[test]
    fn the_asset_reads_and_every_story_has_captions_per_step() {
        let asset = parse(include_str!("stories.json")).unwrap();
        assert_eq!(asset.stories.len(), super::super::all().len());
        assert!(!asset.shared.is_empty());
        for story in &asset.stories {
            assert!(story.intro.len() > 100, "{}", story.id);
            assert!(!story.captions.is_empty(), "{}", story.id);
            if let Some(scenario) = &story.scenario {
                for (version, lines) in &story.captions {
                    assert_eq!(
                        lines.len(),
                        scenario.steps.len(),
                        "{} {version}: one caption per step",
                        story.id
                    );
                }
            }
        }
        let firefox = asset
            .stories
            .iter()
            .find(|s| s.id == "firefox-keeps-the-session")
            .unwrap();
        assert!(firefox.scenario.is_none() && firefox.versions.is_empty());
        assert_eq!(firefox.captions[0].1.len(), 8, "one caption per step");
        assert!(parse("[]").is_none());
        assert!(parse("{\"x\": {\"intro\": \"i\"}}").is_none());
    }
}
