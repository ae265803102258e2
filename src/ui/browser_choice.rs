//! Which browser the playground runs: Chromium's cookie rules (new playgrounds), Firefox's, or
//! the simple jar of Django's conformance data (every scenario without `browser_rules`: old
//! share links, the conformance scenarios, the older stories), its third-party cookie setting,
//! and the scheme of the site's origin (`http://site.test` or `https://site.test`).
//!
//! The choice lives in the scenario itself (`browser_rules`, `third_party_cookies`, `origin`),
//! so a share link or a saved playground replays with the browser it was made with.

use sessionscope_engine::browser::rules::{
    BrowserProfile, BrowserSettings, Scheme, ThirdPartyCookies, Url,
};
use sessionscope_engine::scenario::{origin_text, parse_origin, Scenario, DEFAULT_HOST};

/// What a new playground's browser is: Chromium's rules, third-party cookies blocked (as
/// Chromium 156 ships).
pub fn new_playground_browser() -> Option<BrowserSettings> {
    Some(BrowserSettings::default())
}

/// The browser whose cookie rules a scenario runs (`None`: the simple jar).
pub fn browser_profile(scenario: &Scenario) -> Option<BrowserProfile> {
    scenario.browser_rules.map(|rules| rules.profile)
}

/// The browser a scenario runs, in words.
pub fn browser_label(scenario: &Scenario) -> &'static str {
    match browser_profile(scenario) {
        Some(BrowserProfile::Chromium) => "Chromium's cookie rules",
        Some(BrowserProfile::Firefox) => "Firefox's cookie rules",
        None => "simple jar (as Django's conformance data)",
    }
}

/// One line on what that browser does with cookies.
pub fn browser_note(scenario: &Scenario) -> &'static str {
    match browser_profile(scenario) {
        Some(BrowserProfile::Chromium) => {
            "Chromium 156's rules: Secure, SameSite, Path, Domain, HttpOnly, the \
             __Host-/__Secure- prefixes and the 4096-byte limit decide what is stored and what \
             is sent."
        }
        Some(BrowserProfile::Firefox) => {
            "Firefox ESR 153's rules: the same attributes decide, but a cookie without SameSite \
             is not Lax, http and https of one site are same-site, third-party cookies are \
             partitioned by top-level site, and the reasons are Firefox's console messages."
        }
        None => {
            "Keeps every cookie and sends it with every request, whatever its attributes say: \
             the browser of Django's conformance data."
        }
    }
}

/// The third-party cookie setting (`None` with the simple jar, which has none).
pub fn third_party(scenario: &Scenario) -> Option<ThirdPartyCookies> {
    scenario
        .browser_rules
        .map(|rules| rules.third_party_cookies)
}

/// The scheme of the site's origin: how requests that choose none reach the site.
pub fn site_scheme(scenario: &Scenario) -> Scheme {
    scenario.default_origin().scheme()
}

/// A change to the browser or the site's origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserChange {
    /// A real browser's cookie rules, or the simple jar (`None`).
    Rules(Option<BrowserProfile>),
    /// Third-party cookies blocked, partitioned or allowed (a real browser's rules only).
    ThirdParty(ThirdPartyCookies),
    /// The site's origin over http or https.
    SiteScheme(Scheme),
}

impl BrowserChange {
    /// Applies the change; `false` when it changes nothing.
    pub fn apply(self, scenario: &mut Scenario) -> bool {
        let before = (scenario.browser_rules, scenario.origin.clone());
        match self {
            BrowserChange::Rules(Some(profile)) if browser_profile(scenario) != Some(profile) => {
                scenario.browser_rules = Some(BrowserSettings::of(profile));
            }
            BrowserChange::Rules(None) => scenario.browser_rules = None,
            BrowserChange::Rules(Some(_)) => {}
            BrowserChange::ThirdParty(setting) => {
                if let Some(rules) = scenario.browser_rules.as_mut() {
                    rules.third_party_cookies = setting;
                }
            }
            BrowserChange::SiteScheme(scheme) => {
                let origin = scenario.default_origin().with_scheme(scheme);
                scenario.origin = (origin != plain_site()).then_some(origin);
            }
        }
        (scenario.browser_rules, scenario.origin.clone()) != before
    }

    /// The change in words, for the banner that shows what it did to the bytes.
    pub fn text(self) -> String {
        match self {
            BrowserChange::Rules(Some(profile)) => {
                format!("browser: {}'s cookie rules", profile.label())
            }
            BrowserChange::Rules(None) => "browser: simple jar".to_owned(),
            BrowserChange::ThirdParty(setting) => {
                format!("third-party cookies {}", third_party_word(setting))
            }
            BrowserChange::SiteScheme(scheme) => format!(
                "site origin {}",
                origin_text(&plain_site().with_scheme(scheme))
            ),
        }
    }
}

/// `blocked`, `partitioned` or `allowed`.
pub fn third_party_word(setting: ThirdPartyCookies) -> &'static str {
    setting.name()
}

/// `http://site.test/`: the origin a scenario without `origin` uses.
fn plain_site() -> Url {
    parse_origin(&format!("http://{DEFAULT_HOST}")).expect("a valid origin")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::Engine;

    #[test]
    fn the_simple_jar_is_a_scenario_without_browser_rules() {
        let mut scenario = Scenario::new("t", Engine::Db);
        assert_eq!(
            browser_label(&scenario),
            "simple jar (as Django's conformance data)"
        );
        assert_eq!(third_party(&scenario), None);
        let chromium = BrowserChange::Rules(Some(BrowserProfile::Chromium));
        assert!(chromium.apply(&mut scenario));
        assert_eq!(browser_label(&scenario), "Chromium's cookie rules");
        assert_eq!(third_party(&scenario), Some(ThirdPartyCookies::Blocked));
        assert!(!chromium.apply(&mut scenario));
        assert!(BrowserChange::ThirdParty(ThirdPartyCookies::Allowed).apply(&mut scenario));
        assert!(scenario.to_json_string().contains("\"allowed\""));
        assert!(BrowserChange::Rules(None).apply(&mut scenario));
        assert_eq!(scenario.browser_rules, None);
        assert!(
            !BrowserChange::ThirdParty(ThirdPartyCookies::Blocked).apply(&mut scenario),
            "the simple jar has no third-party setting"
        );
    }

    #[test]
    fn the_site_scheme_is_the_origin_and_http_leaves_no_field() {
        let mut scenario = Scenario::new("t", Engine::Db);
        assert_eq!(site_scheme(&scenario), Scheme::Http);
        assert!(BrowserChange::SiteScheme(Scheme::Https).apply(&mut scenario));
        assert_eq!(
            scenario.origin.as_ref().map(origin_text).as_deref(),
            Some("https://site.test")
        );
        assert_eq!(site_scheme(&scenario), Scheme::Https);
        assert!(BrowserChange::SiteScheme(Scheme::Http).apply(&mut scenario));
        assert_eq!(scenario.origin, None, "http://site.test is the default");
        assert_eq!(
            BrowserChange::SiteScheme(Scheme::Https).text(),
            "site origin https://site.test"
        );
    }

    #[test]
    fn firefox_partitions_by_default_and_travels_in_the_scenario() {
        let mut scenario = Scenario::new("t", Engine::Db);
        let firefox = BrowserChange::Rules(Some(BrowserProfile::Firefox));
        assert!(firefox.apply(&mut scenario));
        assert_eq!(browser_label(&scenario), "Firefox's cookie rules");
        assert_eq!(third_party(&scenario), Some(ThirdPartyCookies::Partitioned));
        assert_eq!(firefox.text(), "browser: Firefox's cookie rules");
        assert!(scenario
            .to_json_string()
            .contains(r#""browser_rules": "firefox""#));
        assert!(BrowserChange::Rules(Some(BrowserProfile::Chromium)).apply(&mut scenario));
        assert_eq!(third_party(&scenario), Some(ThirdPartyCookies::Blocked));
    }
}
