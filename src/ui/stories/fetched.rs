//! The Django-version stories' words and scenarios, which travel as a JSON asset
//! (`version_stories.json`, copied beside the page by `index.html`) fetched with the tours' code: text compiled into
//! the page would be static data of the main module (wasm-split moves code, not data) and
//! grow every first visit. Each entry holds a story's introduction, its scenario (the
//! conformance document format), the versions it is told on (the first is where it opens)
//! and its captions, per version or for every other (`"*"`), with `{name}` slots the story's
//! code fills from the engine's trace. A story whose scenario is built in code (the Firefox
//! story) has only its introduction and captions here.

use std::sync::OnceLock;

use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::version::DjangoVersion;

/// The asset's file name, beside the page.
pub const ASSET: &str = "version_stories.json";

/// One story of the asset.
#[derive(Clone, Debug)]
pub struct FetchedStory {
    id: String,
    intro: String,
    scenario: Option<Scenario>,
    versions: Vec<DjangoVersion>,
    /// (`"4.2"` or `"*"`, one template per step).
    captions: Vec<(String, Vec<String>)>,
}

/// The asset's text, as fetched.
static TEXT: OnceLock<String> = OnceLock::new();
/// The stories read from it, on first use (an asset that does not read gives none).
static PARSED: OnceLock<Vec<FetchedStory>> = OnceLock::new();

/// Keeps the asset's text for the tours (the first call wins). It is read only when a tour
/// first asks for it, by the tours' code: the reading stays out of the page's first load.
pub fn install(text: String) {
    let _ = TEXT.set(text);
}

/// Whether the asset has arrived.
pub fn is_installed() -> bool {
    TEXT.get().is_some()
}

fn stories() -> &'static [FetchedStory] {
    #[cfg(test)]
    install(include_str!("version_stories.json").to_owned());
    PARSED.get_or_init(|| TEXT.get().and_then(|text| parse(text)).unwrap_or_default())
}

fn story(id: &str) -> Option<&'static FetchedStory> {
    stories().iter().find(|s| s.id == id)
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

/// The versions the story is told on (empty for a story not in the asset).
pub fn versions(id: &str) -> &'static [DjangoVersion] {
    story(id).map_or(&[], |s| s.versions.as_slice())
}

/// The captions for `version`, each slot `{name}` replaced by the fact of that name.
pub fn captions(id: &str, version: DjangoVersion, facts: &[(&str, String)]) -> Vec<String> {
    let Some(story) = story(id) else {
        return Vec::new();
    };
    let templates = story
        .captions
        .iter()
        .find(|(v, _)| v == version.name())
        .or_else(|| story.captions.iter().find(|(v, _)| v == "*"));
    templates.map_or_else(Vec::new, |(_, list)| {
        list.iter().map(|t| fill(t, facts)).collect()
    })
}

/// `template` with each `{name}` replaced by its fact; an unknown slot stays as written.
pub fn fill(template: &str, facts: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let fact = after
            .find('}')
            .and_then(|close| Some((close, facts.iter().find(|(n, _)| *n == &after[..close])?)));
        match fact {
            Some((close, (_, value))) => {
                out.push_str(value);
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
fn parse(text: &str) -> Option<Vec<FetchedStory>> {
    let document = parse_python_json(text).ok()?;
    let text_of = |v: &Value| v.as_str().map(str::to_owned);
    let list_of = |v: Option<&Value>| match v {
        Some(Value::List(items)) => Some(items.clone()),
        _ => None,
    };
    let mut stories = Vec::new();
    for (id, entry) in document.as_dict()?.iter() {
        let entry = entry.as_dict()?;
        let scenario = match entry.get("scenario") {
            Some(value) => Some(Scenario::from_value(value).ok()?),
            None => None,
        };
        let versions = match entry.get("versions") {
            Some(list) => list_of(Some(list))?
                .iter()
                .map(|v| v.as_str().and_then(DjangoVersion::from_name))
                .collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        let captions = entry
            .get("captions")?
            .as_dict()?
            .iter()
            .map(|(version, list)| {
                let lines = list_of(Some(list))?
                    .iter()
                    .map(text_of)
                    .collect::<Option<Vec<_>>>()?;
                Some((version.to_owned(), lines))
            })
            .collect::<Option<Vec<_>>>()?;
        stories.push(FetchedStory {
            id: id.to_owned(),
            intro: text_of(entry.get("intro")?)?,
            scenario,
            versions,
            captions,
        });
    }
    Some(stories)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_and_unknown_ones_kept() {
        let facts = [("vary", "Vary: Cookie".to_owned()), ("n", "2".to_owned())];
        assert_eq!(
            fill("{vary} at step {n}; {other} {", &facts),
            "Vary: Cookie at step 2; {other} {"
        );
    }

    #[test]
    fn the_asset_reads_and_every_story_has_a_scenario_and_captions_per_step() {
        let parsed = parse(include_str!("version_stories.json")).unwrap();
        assert_eq!(parsed.len(), 6);
        for story in parsed.iter().filter(|s| s.scenario.is_some()) {
            assert!(!story.versions.is_empty(), "{}", story.id);
            assert!(story.intro.len() > 100, "{}", story.id);
            for (version, lines) in &story.captions {
                assert_eq!(
                    lines.len(),
                    story.scenario.as_ref().unwrap().steps.len(),
                    "{} {version}: one caption per step",
                    story.id
                );
            }
        }
        let firefox = parsed
            .iter()
            .find(|s| s.id == "firefox-keeps-the-session")
            .unwrap();
        assert!(firefox.scenario.is_none() && firefox.versions.is_empty());
        assert_eq!(firefox.captions[0].1.len(), 8, "one caption per step");
        assert!(parse("[]").is_none());
        assert!(parse("{\"x\": {\"intro\": \"i\"}}").is_none());
    }
}
