//! Stories: ready-made scenarios, each a short guided tour with a title, an introduction and a
//! caption per step.
//!
//! A story is a [`Scenario`] built with the engine's own types; its captions are written from
//! the engine's trace of that scenario (sizes, keys and results are quoted from it), and the
//! unit tests run every story on every engine it supports and check each claim the captions
//! make, so the narration stays true.
//!
//! This module holds the registry: [`Story`] (what the tour picker shows: id, title, engines)
//! comes with the page; a tour's scenario and captions ([`TourBook`]) are in the page's tours
//! part, loaded when a tour is opened or a story's scenario is on the page
//! (`crate::ui::components` `on_demand`). `steps` builds scenario steps, `trace` reads the
//! figures captions quote; each tour is a file of its own with its story, its scenario, the
//! facts its captions quote and the checks of what they claim.
//!
//! The words (introductions, captions, per engine or per Django version) are a JSON asset
//! fetched with the tours' code ([`fetched`]): text compiled in would be static data of the
//! page's main module. The stories told on Django versions keep their scenarios there too
//! (`told_on_versions`): a story plays on the version its scenario names, and its captions
//! follow the version the playground runs.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};
use sessionscope_engine::version::DjangoVersion;

use super::session_keys::seeded_keys;

pub mod docs_bundle;
pub mod fetched;
mod shared_topology;
mod steps;
mod told_on_versions;
mod trace;

#[cfg(test)]
mod checks;

mod append_not_saved;
mod cache_down;
mod cache_evicts_sessions;
mod cart_outgrows_cookie;
mod clearsessions;
mod close_the_browser;
mod cross_site_post_login;
mod file_unshared_disks;
mod firefox_keeps_the_session;
mod going_async;
mod locmem_per_worker;
mod logout_signed_cookie;
mod logout_while_other_tab_saves;
mod lost_cart_two_tabs;
mod pickle_sessions;
mod random_secret_per_pod;
mod rotate_secret_key;
mod secret_rotation_one_phase;
mod secret_rotation_two_phase;
mod secure_cookie_over_http;
mod session_bool;
mod session_fixation;
mod shopping_cart;
mod sliding_expiry;
mod vary_shared_cache;

/// The seed of every story's session keys (stories are the same bytes for everyone).
pub const STORY_KEY_SEED: u64 = 0x0570_71e5;

/// A guided tour.
#[derive(Clone, Copy)]
pub struct Story {
    /// Stable identifier (used in links and tests).
    pub id: &'static str,
    /// The title (the picker shows it before the tours' words arrive).
    pub title: &'static str,
    /// The engines the story is written for; the first is where it opens.
    pub engines: &'static [Engine],
}

/// A story with its scenario and captions (each tour's file defines one).
#[derive(Clone, Copy)]
struct Tour {
    story: Story,
    /// The scenario on an engine (name, engine and keys are filled in by
    /// [`TourBook::scenario`]).
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
}

/// Every story, in the order the picker lists them.
pub fn all() -> &'static [Story] {
    &STORIES
}

/// The story with `id`.
pub fn by_id(id: &str) -> Option<&'static Story> {
    STORIES.iter().find(|story| story.id == id)
}

/// Whether `scenario` is named after a story (its tour's scenario may be on the page: the
/// tours are worth loading).
pub fn names_a_story(scenario: &Scenario) -> bool {
    by_id(&scenario.name).is_some()
}

/// The tours' scenarios and captions. In the page's build the only way to one is the tours
/// part (`on_demand`), so that their code and text load when a tour is wanted.
#[derive(Clone, Copy)]
pub struct TourBook {
    tours: &'static [Tour],
    /// The versions a story is told on ([`fetched::versions`]), reached through the book so
    /// that reading the fetched asset is the tours' code, not the page's.
    versions_of: fn(&str) -> &'static [DjangoVersion],
    /// A story's introduction ([`fetched::intro`]).
    intro_of: fn(&str) -> Option<&'static str>,
}

/// Every tour's scenario and captions. The page reaches this only through its tours part;
/// calling it anywhere else in the page would bring every tour back into the page's first
/// load (`scripts/bundle-size.sh` would show it).
pub fn book() -> TourBook {
    TourBook {
        tours: &TOURS,
        versions_of: fetched::versions,
        intro_of: fetched::intro,
    }
}

impl TourBook {
    fn tour(&self, story: &Story) -> Option<&'static Tour> {
        self.tours.iter().find(|tour| tour.story.id == story.id)
    }

    /// The story's scenario on `engine`, with its session keys.
    pub fn scenario(&self, story: &Story, engine: Engine) -> Scenario {
        let mut scenario = match self.tour(story) {
            Some(tour) => (tour.build)(engine),
            None => Scenario::new(story.id, engine),
        };
        scenario.name = story.id.to_owned();
        scenario.description = story.title.to_owned();
        scenario.engine = engine;
        if scenario.session_keys.is_empty() {
            scenario.session_keys = seeded_keys(STORY_KEY_SEED, scenario.steps.len() * 2 + 8);
        }
        scenario
    }

    /// The story's introduction, one paragraph: what the story shows and why it matters (from
    /// the fetched asset).
    pub fn intro(&self, story: &Story) -> &'static str {
        (self.intro_of)(story.id).unwrap_or_default()
    }

    /// The captions for the engine's trace of [`TourBook::scenario`]: one per step (the tests
    /// check the count on every engine the story supports).
    pub fn captions(&self, story: &Story, engine: Engine, trace: &Trace) -> Vec<String> {
        self.tour(story)
            .map_or_else(Vec::new, |tour| (tour.narrate)(engine, trace))
    }

    /// The story that `scenario` is, unchanged and on an engine the story is written for.
    pub fn recognise(&self, scenario: &Scenario) -> Option<&'static Story> {
        let story = by_id(&scenario.name)?;
        if !story.supports(scenario.engine) {
            return None;
        }
        let pristine = self.scenario(story, scenario.engine);
        let versions = (self.versions_of)(story.id);
        let on_its_version = versions.is_empty()
            || versions.contains(&scenario.django.unwrap_or(DjangoVersion::DEFAULT));
        (on_its_version
            && pristine.steps == scenario.steps
            && pristine.settings == scenario.settings
            && pristine.cache == scenario.cache
            && pristine.start_time == scenario.start_time
            && pristine.browser_rules == scenario.browser_rules
            && pristine.origin == scenario.origin
            && scenario.session_keys.starts_with(&pristine.session_keys))
        .then_some(story)
    }
}

static STORIES: [Story; 25] = [
    shopping_cart::TOUR.story,
    close_the_browser::TOUR.story,
    cart_outgrows_cookie::TOUR.story,
    logout_signed_cookie::TOUR.story,
    cache_evicts_sessions::TOUR.story,
    rotate_secret_key::TOUR.story,
    sliding_expiry::TOUR.story,
    session_fixation::TOUR.story,
    append_not_saved::TOUR.story,
    clearsessions::TOUR.story,
    secure_cookie_over_http::TOUR.story,
    cross_site_post_login::TOUR.story,
    firefox_keeps_the_session::TOUR.story,
    vary_shared_cache::TOUR.story,
    pickle_sessions::TOUR.story,
    session_bool::TOUR.story,
    going_async::TOUR.story,
    cache_down::TOUR.story,
    lost_cart_two_tabs::TOUR.story,
    locmem_per_worker::TOUR.story,
    logout_while_other_tab_saves::TOUR.story,
    random_secret_per_pod::TOUR.story,
    secret_rotation_one_phase::TOUR.story,
    secret_rotation_two_phase::TOUR.story,
    file_unshared_disks::TOUR.story,
];

static TOURS: [Tour; 25] = [
    shopping_cart::TOUR,
    close_the_browser::TOUR,
    cart_outgrows_cookie::TOUR,
    logout_signed_cookie::TOUR,
    cache_evicts_sessions::TOUR,
    rotate_secret_key::TOUR,
    sliding_expiry::TOUR,
    session_fixation::TOUR,
    append_not_saved::TOUR,
    clearsessions::TOUR,
    secure_cookie_over_http::TOUR,
    cross_site_post_login::TOUR,
    firefox_keeps_the_session::TOUR,
    vary_shared_cache::TOUR,
    pickle_sessions::TOUR,
    session_bool::TOUR,
    going_async::TOUR,
    cache_down::TOUR,
    lost_cart_two_tabs::TOUR,
    locmem_per_worker::TOUR,
    logout_while_other_tab_saves::TOUR,
    random_secret_per_pod::TOUR,
    secret_rotation_one_phase::TOUR,
    secret_rotation_two_phase::TOUR,
    file_unshared_disks::TOUR,
];

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::run;

    #[test]
    fn every_story_tells_the_truth_on_every_engine_it_supports() {
        let book = book();
        for tour in &TOURS {
            let story = &tour.story;
            for &engine in story.engines {
                let scenario = book.scenario(story, engine);
                let trace = run(&scenario);
                for step in &trace.steps {
                    assert_eq!(step.error, None, "{} on {engine}", story.id);
                }
                (tour.check)(engine, &trace);
                let captions = book.captions(story, engine, &trace);
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
                for caption in &captions {
                    assert!(
                        !has_slot(caption),
                        "{} on {engine}: a slot left: {caption}",
                        story.id
                    );
                }
            }
        }
    }

    /// Whether `text` still has a `{name}` slot.
    fn has_slot(text: &str) -> bool {
        text.split('{').skip(1).any(|rest| {
            rest.split_once('}').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
    }

    #[test]
    fn every_version_story_tells_the_truth_on_every_version_it_is_told_on() {
        let book = book();
        let mut told = 0;
        for tour in &TOURS {
            let story = &tour.story;
            let versions = fetched::versions(story.id);
            for &version in versions {
                for &engine in story.engines {
                    let mut scenario = book.scenario(story, engine);
                    assert_eq!(
                        scenario.django,
                        Some(versions[0]),
                        "{} opens on its first",
                        story.id
                    );
                    scenario.django = Some(version);
                    assert!(
                        book.recognise(&scenario).is_some(),
                        "{} on {}",
                        story.id,
                        version.name()
                    );
                    let trace = run(&scenario);
                    assert_eq!(trace.django, Some(version));
                    for step in &trace.steps {
                        assert_eq!(step.error, None, "{} on {}", story.id, version.name());
                    }
                    (tour.check)(engine, &trace);
                    let captions = book.captions(story, engine, &trace);
                    assert_eq!(
                        captions.len(),
                        scenario.steps.len(),
                        "{} on {}",
                        story.id,
                        version.name()
                    );
                    for caption in &captions {
                        assert!(
                            !has_slot(caption),
                            "{} on {}: a slot left: {caption}",
                            story.id,
                            version.name()
                        );
                        assert!(!caption.is_empty());
                    }
                    told += 1;
                }
            }
            if !versions.is_empty() {
                let mut elsewhere = book.scenario(story, story.default_engine());
                let other = DjangoVersion::ALL
                    .into_iter()
                    .find(|v| !versions.contains(v));
                if let Some(other) = other {
                    elsewhere.django = Some(other);
                    assert!(
                        book.recognise(&elsewhere).is_none(),
                        "{} is not told on {}",
                        story.id,
                        other.name()
                    );
                }
            }
        }
        assert_eq!(told, 4 + 1 + 2 + 4 + 4, "every version of the five stories");
    }

    /// Every story's title, introduction and captions, on every engine and every version it
    /// is told on, as the reader sees them.
    fn every_word() -> String {
        let book = book();
        let mut out = String::new();
        for story in all() {
            out.push_str(&format!(
                "## {} | {}\n{}\n",
                story.id,
                story.title,
                book.intro(story)
            ));
            let versions = fetched::versions(story.id);
            for &engine in story.engines {
                let mut scenario = book.scenario(story, engine);
                let told: Vec<Option<DjangoVersion>> = if versions.is_empty() {
                    vec![scenario.django]
                } else {
                    versions.iter().copied().map(Some).collect()
                };
                for version in told {
                    scenario.django = version;
                    let trace = run(&scenario);
                    out.push_str(&format!(
                        "# {engine} {}\n",
                        version.map_or("-", DjangoVersion::name)
                    ));
                    for caption in book.captions(story, engine, &trace) {
                        out.push_str(&caption);
                        out.push('\n');
                    }
                }
            }
        }
        out
    }

    /// With `STORY_WORDS=FILE`, writes [`every_word`] to FILE, or when FILE exists, checks that
    /// the words are still what it holds: run it before and after moving words around (the docs
    /// bundle, `tests/story_bundle.rs`, holds every engine's captions on the default version).
    #[test]
    fn every_word_is_as_the_fixture_has_it() {
        let Ok(path) = std::env::var("STORY_WORDS") else {
            return;
        };
        let words = every_word();
        match std::fs::read_to_string(&path) {
            Ok(fixture) => assert!(fixture == words, "the stories' words changed"),
            Err(_) => std::fs::write(&path, words).unwrap(),
        }
    }

    #[test]
    fn the_picker_lists_every_tour_in_order() {
        let listed: Vec<&str> = all().iter().map(|s| s.id).collect();
        let toured: Vec<&str> = TOURS.iter().map(|t| t.story.id).collect();
        assert_eq!(listed, toured);
    }

    #[test]
    fn stories_are_unique_and_complete() {
        let mut ids: Vec<&str> = all().iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        for story in all() {
            assert!(!story.engines.is_empty());
            let intro = book().intro(story);
            assert!(intro.len() > 100 && !has_slot(intro), "{}", story.id);
        }
    }

    #[test]
    fn a_story_is_recognised_until_it_is_changed() {
        let book = book();
        let story = by_id("shopping-cart").unwrap();
        let mut scenario = book.scenario(story, Engine::File);
        assert!(names_a_story(&scenario));
        assert_eq!(
            book.recognise(&scenario).map(|s| s.id),
            Some("shopping-cart")
        );
        scenario.steps.pop();
        assert!(book.recognise(&scenario).is_none());
        assert!(names_a_story(&scenario), "still named after it");
        let outgrown = by_id("cart-outgrows-cookie").unwrap();
        assert!(book
            .recognise(&book.scenario(outgrown, Engine::SignedCookies))
            .is_some());
        let mut elsewhere = book.scenario(outgrown, Engine::SignedCookies);
        elsewhere.engine = Engine::Db;
        assert!(
            book.recognise(&elsewhere).is_none(),
            "captions are not written for db"
        );
        assert!(!names_a_story(&Scenario::new("my scenario", Engine::Db)));
    }
}
