//! Stories: ready-made scenarios, each a short guided tour with a title, an introduction and a
//! caption per step.
//!
//! A story is a [`Scenario`] built with the engine's own types; its captions are written from
//! the engine's trace of that scenario (sizes, keys and results are quoted from it), and the
//! unit tests run every story on every engine it supports and check each claim the captions
//! make, so the narration stays true.
//!
//! This module holds the [`Story`] type and the registry; `steps` builds scenario steps,
//! `trace` reads the figures captions quote; each tour is a file of its own with its
//! scenario, its captions and the checks of what they claim.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::session_keys::seeded_keys;

mod steps;
mod trace;

#[cfg(test)]
mod checks;

mod append_not_saved;
mod cache_evicts_sessions;
mod cart_outgrows_cookie;
mod clearsessions;
mod close_the_browser;
mod cross_site_post_login;
mod logout_signed_cookie;
mod rotate_secret_key;
mod secure_cookie_over_http;
mod session_fixation;
mod shopping_cart;
mod sliding_expiry;

/// The seed of every story's session keys (stories are the same bytes for everyone).
pub const STORY_KEY_SEED: u64 = 0x0570_71e5;

/// A guided tour.
#[derive(Clone, Copy)]
pub struct Story {
    /// Stable identifier (used in links and tests).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// One paragraph: what the story shows and why it matters.
    pub intro: &'static str,
    /// The engines the story is written for; the first is where it opens.
    pub engines: &'static [Engine],
    /// The scenario on an engine (name, engine and keys are filled in by [`Story::scenario`]).
    build: fn(Engine) -> Scenario,
    /// One caption per step of the engine's trace.
    narrate: fn(Engine, &Trace) -> Vec<String>,
    /// Asserts each claim the captions make, on the engine's trace.
    #[cfg(test)]
    check: fn(Engine, &Trace),
}

impl std::fmt::Debug for Story {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Story").field("id", &self.id).finish()
    }
}

impl Story {
    /// The engine the story opens on.
    pub fn default_engine(&self) -> Engine {
        self.engines[0]
    }

    /// Whether the story's captions are written for `engine`.
    pub fn supports(&self, engine: Engine) -> bool {
        self.engines.contains(&engine)
    }

    /// The story's scenario on `engine`, with its session keys.
    pub fn scenario(&self, engine: Engine) -> Scenario {
        let mut scenario = (self.build)(engine);
        scenario.name = self.id.to_owned();
        scenario.description = self.title.to_owned();
        scenario.engine = engine;
        if scenario.session_keys.is_empty() {
            scenario.session_keys = seeded_keys(STORY_KEY_SEED, scenario.steps.len() * 2 + 8);
        }
        scenario
    }

    /// The captions for the engine's trace of [`Story::scenario`]: one per step (the tests
    /// check the count on every engine the story supports).
    pub fn captions(&self, engine: Engine, trace: &Trace) -> Vec<String> {
        (self.narrate)(engine, trace)
    }
}

/// Every story, in the order the picker lists them.
pub fn all() -> &'static [Story] {
    &STORIES
}

/// The story with `id`.
pub fn by_id(id: &str) -> Option<&'static Story> {
    STORIES.iter().find(|story| story.id == id)
}

/// The story that `scenario` is, unchanged and on an engine the story is written for.
pub fn recognise(scenario: &Scenario) -> Option<&'static Story> {
    let story = by_id(&scenario.name)?;
    if !story.supports(scenario.engine) {
        return None;
    }
    let pristine = story.scenario(scenario.engine);
    (pristine.steps == scenario.steps
        && pristine.settings == scenario.settings
        && pristine.cache == scenario.cache
        && pristine.start_time == scenario.start_time
        && pristine.browser_rules == scenario.browser_rules
        && pristine.origin == scenario.origin
        && scenario.session_keys.starts_with(&pristine.session_keys))
    .then_some(story)
}

static STORIES: [Story; 12] = [
    shopping_cart::STORY,
    close_the_browser::STORY,
    cart_outgrows_cookie::STORY,
    logout_signed_cookie::STORY,
    cache_evicts_sessions::STORY,
    rotate_secret_key::STORY,
    sliding_expiry::STORY,
    session_fixation::STORY,
    append_not_saved::STORY,
    clearsessions::STORY,
    secure_cookie_over_http::STORY,
    cross_site_post_login::STORY,
];

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::run;

    #[test]
    fn every_story_tells_the_truth_on_every_engine_it_supports() {
        for story in all() {
            for &engine in story.engines {
                let scenario = story.scenario(engine);
                let trace = run(&scenario);
                for step in &trace.steps {
                    assert_eq!(step.error, None, "{} on {engine}", story.id);
                }
                (story.check)(engine, &trace);
                let captions = story.captions(engine, &trace);
                assert_eq!(
                    captions.len(),
                    scenario.steps.len(),
                    "{} on {engine}: one caption per step",
                    story.id
                );
                assert_eq!(trace.steps.len(), scenario.steps.len());
                assert!(
                    captions.iter().all(|c| !c.is_empty()),
                    "{} on {engine}: a step has no caption",
                    story.id
                );
            }
        }
    }

    #[test]
    fn stories_are_unique_and_complete() {
        let mut ids: Vec<&str> = all().iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        for story in all() {
            assert!(!story.engines.is_empty());
            assert!(story.intro.len() > 100, "{}", story.id);
        }
    }

    #[test]
    fn a_story_is_recognised_until_it_is_changed() {
        let story = by_id("shopping-cart").unwrap();
        let mut scenario = story.scenario(Engine::File);
        assert_eq!(recognise(&scenario).map(|s| s.id), Some("shopping-cart"));
        scenario.steps.pop();
        assert!(recognise(&scenario).is_none());
        let outgrown = by_id("cart-outgrows-cookie").unwrap();
        assert!(recognise(&outgrown.scenario(Engine::SignedCookies)).is_some());
        let mut elsewhere = outgrown.scenario(Engine::SignedCookies);
        elsewhere.engine = Engine::Db;
        assert!(
            recognise(&elsewhere).is_none(),
            "captions are not written for db"
        );
    }
}
