//! The Django-version stories' words and scenarios, which travel as a JSON asset
//! (`version_stories.json`, copied beside the page by `index.html`) fetched with the tours' code: text compiled into
//! the page would be static data of the main module (wasm-split moves code, not data) and
//! grow every first visit. Each entry holds a story's introduction, its scenario (the
//! conformance document format), the versions it is told on (the first is where it opens)
//! and its captions, per version or for every other (`"*"`), with `{name}` slots the story's
//! code fills from the engine's trace.

use std::sync::OnceLock;

use sessionscope_engine::json::{parse_python_json, to_python_json, Value};
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::version::DjangoVersion;

/// The asset's file name, beside the page.
pub const ASSET: &str = "version_stories.json";

/// One story of the asset.
#[derive(Clone, Debug)]
pub struct FetchedStory {
    id: String,
    intro: String,
    scenario: Scenario,
    versions: Vec<DjangoVersion>,
    /// (`"4.2"` or `"*"`, one template per step).
    captions: Vec<(String, Vec<String>)>,
}

static LOADED: OnceLock<Vec<FetchedStory>> = OnceLock::new();

/// Reads the asset's text and keeps it for the page (the first successful call wins).
pub fn install(text: &str) -> Result<(), String> {
    if LOADED.get().is_none() {
        let _ = LOADED.set(parse(text)?);
    }
    Ok(())
}

/// Whether the asset has been read.
pub fn is_installed() -> bool {
    LOADED.get().is_some()
}

fn stories() -> &'static [FetchedStory] {
    #[cfg(test)]
    let _ = install(include_str!("version_stories.json"));
    LOADED.get().map_or(&[], Vec::as_slice)
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
    let mut scenario = story.scenario.clone();
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

fn parse(text: &str) -> Result<Vec<FetchedStory>, String> {
    let document = parse_python_json(text).map_err(|e| e.to_string())?;
    let entries = document.as_dict().ok_or("not an object")?;
    let text_of = |v: &Value, what: &str| -> Result<String, String> {
        v.as_str()
            .map(str::to_owned)
            .ok_or(format!("{what} is not text"))
    };
    let list_of = |v: Option<&Value>, what: &str| -> Result<Vec<Value>, String> {
        match v {
            Some(Value::List(items)) => Ok(items.clone()),
            _ => Err(format!("{what} is not a list")),
        }
    };
    let mut stories = Vec::new();
    for (id, entry) in entries.iter() {
        let entry = entry.as_dict().ok_or(format!("{id} is not an object"))?;
        let field = |name: &str| entry.get(name).ok_or(format!("{id} has no {name}"));
        let scenario = Scenario::from_json(&to_python_json(field("scenario")?))
            .map_err(|e| format!("{id}: {e}"))?;
        let versions = list_of(entry.get("versions"), "versions")?
            .iter()
            .map(|v| {
                v.as_str()
                    .and_then(DjangoVersion::from_name)
                    .ok_or(format!("{id}: a version it does not know"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let captions = field("captions")?
            .as_dict()
            .ok_or(format!("{id}: captions is not an object"))?
            .iter()
            .map(|(version, list)| {
                let lines = list_of(Some(list), "captions")?
                    .iter()
                    .map(|line| text_of(line, "a caption"))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((version.to_owned(), lines))
            })
            .collect::<Result<Vec<_>, String>>()?;
        stories.push(FetchedStory {
            id: id.to_owned(),
            intro: text_of(field("intro")?, "intro")?,
            scenario,
            versions,
            captions,
        });
    }
    Ok(stories)
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
        assert_eq!(parsed.len(), 5);
        for story in &parsed {
            assert!(!story.versions.is_empty(), "{}", story.id);
            assert!(story.intro.len() > 100, "{}", story.id);
            for (version, lines) in &story.captions {
                assert_eq!(
                    lines.len(),
                    story.scenario.steps.len(),
                    "{} {version}: one caption per step",
                    story.id
                );
            }
        }
        assert!(parse("[]").is_err());
        assert!(parse("{\"x\": {\"intro\": \"i\"}}").is_err());
    }
}
