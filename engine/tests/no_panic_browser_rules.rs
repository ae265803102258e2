//! Property tests: the rule-following browser, with Chromium's rules or Firefox's, never panics,
//! whatever `Set-Cookie` lines, `document.cookie` writes, URLs, request kinds, third-party
//! settings and times it is fed, and what it reports stays
//! consistent (a header exactly when something is sent, reasons for every refusal and every
//! cookie kept back, no expired cookie in the jar).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sessionscope_engine::browser::rules::cookie_date::parse_cookie_date;
use sessionscope_engine::browser::rules::{
    Browser, BrowserProfile, BrowserSettings, RequestContext, RequestKind, SetCookieOutcome,
    ThirdPartyCookies, Url,
};

/// Lines that look a little like `Set-Cookie` values, and arbitrary text.
fn set_cookie_like() -> impl Strategy<Value = String> {
    let attribute = prop_oneof![
        Just("Secure".to_string()),
        Just("HttpOnly".to_string()),
        "(?i)(samesite)=(strict|lax|none|bogus|)",
        "(?i)(path)=(/[a-z/]{0,8}|[a-z]{0,4}|)",
        "(?i)(domain)=\\.?(site|sub\\.site|other|localhost|test|co\\.uk)?(\\.test)?\\.?",
        "(?i)(max-age)=[-+]?[0-9]{0,22}[a-z]?",
        "(?i)(expires)=[A-Za-z]{0,3},? [0-9]{1,2}[- ][A-Za-z]{3}[- ][0-9]{1,5} [0-9:]{0,9} GMT",
        any::<String>(),
    ];
    let structured = (
        "(__(?i)(host|secure|http|host-http)-)?[a-z]{0,6}",
        "\"?[ -~é]{0,12}",
        prop::collection::vec(attribute, 0..6),
    )
        .prop_map(|(name, value, attributes)| {
            let mut line = format!("{name}={value}");
            for attribute in attributes {
                line.push_str("; ");
                line.push_str(&attribute);
            }
            line
        });
    prop_oneof![structured, any::<String>(), "[;= \\t\\x00-\\x1f]{0,8}"]
}

/// URLs the browser may or may not accept.
fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "(?i)https?://(site|sub\\.site|other|localhost|127\\.0\\.0\\.1|\\[::1\\])(\\.test)?(:[0-9]{1,6})?(/[a-z.%é ]{0,6}){0,4}(\\?[a-z=]{0,4})?",
        any::<String>(),
    ]
}

fn kind() -> impl Strategy<Value = RequestKind> {
    prop::sample::select(RequestKind::ALL.to_vec())
}

fn settings() -> impl Strategy<Value = BrowserSettings> {
    let third_party = prop_oneof![
        Just(ThirdPartyCookies::Blocked),
        Just(ThirdPartyCookies::Partitioned),
        Just(ThirdPartyCookies::Allowed)
    ];
    (
        prop::sample::select(BrowserProfile::ALL.to_vec()),
        third_party,
    )
        .prop_map(|(profile, third_party_cookies)| BrowserSettings {
            profile,
            third_party_cookies,
        })
}

/// Cases per property: `PROPTEST_CASES` when set (`scripts/long-checks.sh` sets 1,000,000),
/// else `default` (the quick figure `cargo test` runs).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1500), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_cookies_and_urls_never_panic(
        settings in settings(),
        steps in prop::collection::vec(
            (kind(), url_like(), proptest::option::of(url_like()), prop::collection::vec(set_cookie_like(), 0..4), 0.0f64..400.0),
            1..6,
        ),
        writes in prop::collection::vec(set_cookie_like(), 0..3),
    ) {
        let mut browser = Browser::new(settings, 1_764_000_000.0);
        for (kind, url, from, lines, pause) in steps {
            browser.advance(pause);
            let Ok(url) = Url::parse(&url) else { continue };
            let from = from.and_then(|f| Url::parse(&f).ok());
            let request = RequestContext::new(kind, url.clone(), from);
            let cookies = browser.cookies_for(&request);
            prop_assert_eq!(cookies.header.is_some(), !cookies.sent.is_empty());
            for kept in &cookies.not_sent {
                prop_assert!(!kept.reasons.is_empty());
                prop_assert!(kept.explain().starts_with("not sent: "));
            }
            let outcomes = browser.store_from_response(&request, &lines);
            prop_assert_eq!(outcomes.len(), lines.len());
            for outcome in &outcomes {
                if let SetCookieOutcome::Refused(refusal) = outcome {
                    prop_assert!(!refusal.reasons.is_empty());
                    prop_assert!(refusal.explain().starts_with("refused: "));
                    if settings.profile == BrowserProfile::Firefox {
                        prop_assert_eq!(refusal.reasons.len(), 1);
                    }
                }
            }
            for write in &writes {
                browser.script_write(&url, write);
            }
            let shown = browser.document_cookie(&url);
            prop_assert!(!shown.contains(char::from(0)));
            let now = browser.now();
            prop_assert!(browser.cookies().iter().all(|c| !c.is_expired(now)));
            prop_assert!(browser.cookies().iter().all(|c| c.name.len() + c.value.len() <= 4096));
        }
    }

    #[test]
    fn dates_and_urls_of_any_text_never_panic(
        text in prop_oneof![any::<String>(), "[A-Za-z0-9 :,-]{0,40}", "(?i)[0-9]{1,6} (jan|feb|dec)[a-z]* [0-9]{1,6} [0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}"],
    ) {
        let _ = parse_cookie_date(&text);
        let _ = Url::parse(&text);
        let _ = Url::parse(&format!("https://{text}"));
    }

    #[test]
    fn a_cookie_stored_from_a_url_goes_back_to_it(
        profile in prop::sample::select(BrowserProfile::ALL.to_vec()),
        name in "[a-z]{1,8}",
        value in "[a-z0-9]{0,8}",
        path in "(/[a-z]{1,5}){0,3}",
    ) {
        let mut browser = Browser::new(BrowserSettings::of(profile), 1_764_000_000.0);
        let url = Url::parse(&format!("https://site.test{path}")).unwrap();
        let request = RequestContext::navigate(url);
        let line = format!("{name}={value}");
        let outcomes = browser.store_from_response(&request, &[line.as_str()]);
        let stored = matches!(outcomes[0], SetCookieOutcome::Stored { .. });
        prop_assert!(stored);
        prop_assert_eq!(browser.cookies_for(&request).header, Some(line));
    }
}
