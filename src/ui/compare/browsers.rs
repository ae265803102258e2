//! Compare along browsers: the playground's scenario (its engine, Django version, settings and
//! keys) run once in the rules browser with Chromium 156's rules and once with Firefox ESR
//! 153's, and, step by step, every field the two runs show with whether it differs
//! ([`super::fields`]): the `Cookie` header and the cookies kept back, each `Set-Cookie` line
//! stored or refused in the browser's words, each jar entry with its attributes and partition,
//! and what the server did with what it got.

use sessionscope_engine::browser::rules::{BrowserProfile, BrowserSettings};
use sessionscope_engine::scenario::Injected;
use sessionscope_engine::scenario::{self, Scenario, Trace};

use super::fields::{line_up, SideBySide};

/// The scenario in both browsers, Chromium on the left.
pub type BrowserComparison = SideBySide<BrowserProfile>;

/// Runs `scenario` in Chromium and in Firefox (whichever browser it names, even the simple
/// jar) and lines the two traces up field by field.
pub fn compare_browsers(scenario: &Scenario, code: Injected) -> BrowserComparison {
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| run_in(scenario, profile, code));
    line_up(
        BrowserProfile::Chromium,
        &chromium,
        BrowserProfile::Firefox,
        &firefox,
    )
}

/// The browser settings `profile` runs `scenario` with: its own default for third-party
/// cookies (Chromium blocks them, Firefox partitions them), unless the scenario chose another
/// than its browser's default, which then holds in both.
pub fn settings_in(scenario: &Scenario, profile: BrowserProfile) -> BrowserSettings {
    let mut settings = BrowserSettings::of(profile);
    if let Some(rules) = scenario.browser_rules {
        if rules != BrowserSettings::of(rules.profile) {
            settings.third_party_cookies = rules.third_party_cookies;
        }
    }
    settings
}

fn run_in(scenario: &Scenario, profile: BrowserProfile, code: Injected) -> Trace {
    let mut in_browser = scenario.clone();
    in_browser.browser_rules = Some(settings_in(scenario, profile));
    scenario::run_with(&in_browser, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::fields::Field;
    use crate::ui::compare::fields_summary;
    use crate::ui::session_keys::seeded_keys;
    use crate::ui::stories::{book, by_id};
    use sessionscope_engine::browser::rules::{RequestKind, ThirdPartyCookies, Url};
    use sessionscope_engine::json::Value;
    use sessionscope_engine::scenario::FULL;
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn field<'a>(c: &'a BrowserComparison, step: usize, name: &str) -> &'a Field {
        c.steps[step]
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("step {step} has no {name}: {:?}", c.steps[step]))
    }

    fn story(engine: Engine) -> Scenario {
        book().scenario(by_id("firefox-keeps-the-session").unwrap(), engine)
    }

    /// A request to `path` on the shop, over https, made by `kind` from `https://other.test`
    /// (or from the shop itself when `kind` is `None`).
    fn request(view: ViewCall, from_other_site: Option<RequestKind>) -> Step {
        let mut request = Request::new(view);
        request.secure = true;
        if let Some(kind) = from_other_site {
            request.kind = kind;
            request.from = Url::parse("https://other.test/").ok();
        }
        Step::Request(request)
    }

    fn set_cart() -> ViewCall {
        let mut cart = sessionscope_engine::json::Dict::new();
        cart.insert("cart", Value::from("book"));
        ViewCall::Set(cart)
    }

    fn get_cart() -> ViewCall {
        ViewCall::Get {
            key: "cart".to_owned(),
            default: Value::Null,
        }
    }

    #[test]
    fn the_cross_site_login_post_carries_the_cookie_in_firefox_only() {
        let c = compare_browsers(&story(Engine::Db), FULL);
        assert_eq!(
            (c.left, c.right),
            (BrowserProfile::Chromium, BrowserProfile::Firefox)
        );
        // Step 3 (index 2): the login form on other.test POSTs five minutes after the cookie
        // was set without SameSite.
        let cookie = field(&c, 2, "Cookie");
        assert_eq!(cookie.left, None, "Chromium keeps it back: {cookie:?}");
        let sent = cookie.right.as_deref().unwrap();
        assert!(sent.starts_with("Cookie: sessionid="), "{sent}");
        let kept = field(&c, 2, "Kept back: sessionid");
        assert!(kept
            .left
            .as_deref()
            .unwrap()
            .contains("more than 2 minutes old"));
        assert_eq!(kept.right, None);
        // What the view then read differs too.
        let result = field(&c, 3, "Result");
        assert_eq!(result.left.as_deref(), Some("['1', None]"));
        assert_eq!(result.right.as_deref(), Some("['1', ['book']]"));
        // Before the POST the two agree; once the cookie is SameSite=None; Secure, both send
        // it. What differs from step 3 on is the server: Chromium's login made a new session
        // beside the cart's (its row stays), Firefox's cycled the cart's key.
        assert!(!c.steps[0].differs(), "{:?}", c.steps[0]);
        assert!(!field(&c, 6, "Cookie").differs());
        assert_eq!(c.differing_steps(), [2, 3, 4, 5, 6, 7]);
        let orphan: Vec<&str> = c.steps[7]
            .differing()
            .map(|f| f.name.as_str())
            .filter(|name| name.starts_with("django_session row"))
            .collect();
        assert_eq!(orphan.len(), 2, "{:?}", c.steps[7]);
        assert_eq!(
            fields_summary(&c),
            format!(
                "Chromium and Firefox differ in {} fields at steps 3, 4, 5, 6, 7 and 8; differing bytes are marked.",
                c.differing_fields()
            )
        );
    }

    /// The recorded case `samesite/aged-unspecified-cross-site-post` with Django's session
    /// cookie: set over https without SameSite, then, 130 s later, a form POST from `from`.
    fn aged_post(from: &str) -> Scenario {
        let mut s = Scenario::new("aged-post", Engine::Db);
        s.session_keys = seeded_keys(3, 8);
        s.settings.changes = vec![scenario::SettingChange::CookieSameSite(None)];
        let mut post = Request::new(get_cart());
        post.secure = true;
        post.kind = RequestKind::FormPost;
        post.from = Url::parse(from).ok();
        s.steps = vec![
            request(set_cart(), None),
            Step::Advance(130.0),
            Step::Request(post),
        ];
        s
    }

    #[test]
    fn a_cookie_without_samesite_on_a_late_cross_site_post_differs_in_the_cookie_header() {
        let c = compare_browsers(&aged_post("https://other.test/launch"), FULL);
        assert_eq!(c.differing_steps(), [2]);
        let names: Vec<&str> = c.steps[2].differing().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Kept back: sessionid", "Cookie", "Result"]);
        let cookie = field(&c, 2, "Cookie");
        assert_eq!(cookie.left, None);
        let key = c.steps[0]
            .fields
            .iter()
            .find(|f| f.name == "Set-Cookie")
            .and_then(|f| f.right.as_deref())
            .and_then(|h| h.strip_prefix("Set-Cookie: sessionid="))
            .and_then(|rest| rest.split(';').next())
            .unwrap();
        assert_eq!(cookie.right, Some(format!("Cookie: sessionid={key}")));
        assert_eq!(
            fields_summary(&c),
            "Chromium and Firefox differ in 3 fields at step 3; differing bytes are marked."
        );
        // From the site itself, both send it.
        let same = compare_browsers(&aged_post("https://site.test/launch"), FULL);
        assert_eq!(same.differing_fields(), 0, "{same:?}");
        assert!(field(&same, 2, "Cookie").left.is_some());
    }

    #[test]
    fn a_same_site_scenario_is_the_same_in_both() {
        let mut s = Scenario::new("same-site", Engine::Db);
        s.session_keys = seeded_keys(3, 8);
        s.steps = vec![
            request(set_cart(), None),
            Step::Advance(300.0),
            request(get_cart(), None),
        ];
        let c = compare_browsers(&s, FULL);
        assert!(c.differing_steps().is_empty(), "{c:?}");
        assert_eq!(c.differing_fields(), 0);
        // The jar entries, with their attributes, are there to compare.
        let jar = field(&c, 0, "main's jar: sessionid");
        assert!(
            jar.left
                .as_deref()
                .unwrap()
                .contains(" · site.test · Path=/ · HttpOnly · SameSite=Lax"),
            "{jar:?}"
        );
        assert_eq!(
            fields_summary(&c),
            "Chromium and Firefox give the same bytes at every step of this scenario."
        );
    }

    #[test]
    fn a_cookie_set_in_a_third_party_frame_is_blocked_in_chromium_and_partitioned_in_firefox() {
        let mut s = Scenario::new("frame", Engine::Db);
        s.session_keys = seeded_keys(3, 8);
        s.settings.changes = vec![
            scenario::SettingChange::CookieSameSite(Some("None".to_owned())),
            scenario::SettingChange::CookieSecure(true),
        ];
        s.steps = vec![request(set_cart(), Some(RequestKind::Iframe))];
        let c = compare_browsers(&s, FULL);
        let verdict = field(&c, 0, "Verdict");
        assert_eq!(
            verdict.left.as_deref(),
            Some("sessionid: refused: third-party cookies are blocked and this is a cross-site <iframe> request"),
            "{verdict:?}"
        );
        assert_eq!(
            verdict.right.as_deref(),
            Some("sessionid: stored; a third-party response: stored in the top-level site's partition")
        );
        let jar = field(&c, 0, "main's jar: sessionid");
        assert_eq!(jar.left, None);
        assert!(
            jar.right
                .as_deref()
                .unwrap()
                .contains(" · partition (https,other.test)"),
            "{jar:?}"
        );
        assert_eq!(c.differing_steps(), [0]);
    }

    #[test]
    fn each_browser_keeps_its_default_third_party_setting_unless_the_scenario_chose_another() {
        let mut s = Scenario::new("x", Engine::Db);
        let [chromium, firefox] = BrowserProfile::ALL.map(|p| settings_in(&s, p));
        assert_eq!(chromium, BrowserSettings::of(BrowserProfile::Chromium));
        assert_eq!(firefox.third_party_cookies, ThirdPartyCookies::Partitioned);
        s.browser_rules = Some(BrowserSettings::of(BrowserProfile::Firefox));
        assert_eq!(
            settings_in(&s, BrowserProfile::Chromium).third_party_cookies,
            ThirdPartyCookies::Blocked
        );
        s.browser_rules = Some(BrowserSettings {
            profile: BrowserProfile::Chromium,
            third_party_cookies: ThirdPartyCookies::Allowed,
        });
        for profile in BrowserProfile::ALL {
            assert_eq!(
                settings_in(&s, profile).third_party_cookies,
                ThirdPartyCookies::Allowed
            );
            assert_eq!(settings_in(&s, profile).profile, profile);
        }
    }
}
