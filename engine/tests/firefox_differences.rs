//! The differences `tests/browser-rules/firefox/README.md` lists between Firefox ESR 153 and
//! Chromium 156 that the shared Firefox cases do not all show (some come from further recorded
//! cases): each is replayed in both profiles of the rules browser, which must disagree exactly
//! as the README says.

use sessionscope_engine::browser::rules::{
    Browser, BrowserProfile, BrowserSettings, RequestContext, RequestKind, SetCookieOutcome,
    SourceScheme, Url,
};

const NOW: f64 = 1_764_000_000.0;

const FOUR: [&str; 4] = [
    "strict=1; SameSite=Strict; Path=/",
    "lax=1; SameSite=Lax; Path=/",
    "none=1; SameSite=None; Secure; Path=/",
    "unspec=1; Path=/",
];

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn browser(profile: BrowserProfile) -> Browser {
    Browser::new(BrowserSettings::of(profile), NOW)
}

fn from(kind: RequestKind, target: &str, page: &str) -> RequestContext {
    RequestContext::new(kind, url(target), Some(url(page)))
}

/// The `Cookie` header of `request` after the four cookies were set by https://site.test/, in
/// Chromium then Firefox.
fn after_four(request: &RequestContext) -> [Option<String>; 2] {
    BrowserProfile::ALL.map(|profile| {
        let mut b = browser(profile);
        b.store_from_response(&RequestContext::navigate(url("https://site.test/")), &FOUR);
        b.cookies_for(request).header
    })
}

#[test]
fn cross_scheme_link_sends_strict_in_firefox() {
    let link = from(
        RequestKind::Link,
        "https://site.test/echo",
        "http://site.test/launch",
    );
    let [chromium, firefox] = after_four(&link);
    assert_eq!(chromium.as_deref(), Some("lax=1; none=1; unspec=1"));
    assert_eq!(
        firefox.as_deref(),
        Some("strict=1; lax=1; none=1; unspec=1")
    );
}

#[test]
fn an_aged_unspecified_cookie_goes_with_a_cross_site_post_in_firefox() {
    let post = from(
        RequestKind::FormPost,
        "https://site.test/echo",
        "https://other.test/launch",
    );
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| {
        let mut b = browser(profile);
        b.store_from_response(
            &RequestContext::navigate(url("https://site.test/")),
            &["unspec=1; Path=/", "lax=1; SameSite=Lax; Path=/"],
        );
        b.advance(130.0);
        b.cookies_for(&post).header
    });
    assert_eq!(chromium, None);
    assert_eq!(firefox.as_deref(), Some("unspec=1"));
}

#[test]
fn third_party_fetch_sets_partitioned_cookies_in_firefox() {
    let fetch = from(
        RequestKind::Fetch,
        "https://site.test/api",
        "https://other.test/launch",
    );
    let lines = [
        "none=1; SameSite=None; Secure; Path=/",
        "lax=1; SameSite=Lax; Path=/",
        "unspec=1; Path=/",
    ];
    let mut chromium = browser(BrowserProfile::Chromium);
    chromium.store_from_response(&fetch, &lines);
    assert!(chromium.cookies().is_empty());
    let mut firefox = browser(BrowserProfile::Firefox);
    let outcomes = firefox.store_from_response(&fetch, &lines);
    let SetCookieOutcome::Refused(refusal) = &outcomes[1] else {
        panic!("lax stored")
    };
    assert_eq!(
        refusal.console.as_ref().map(|m| m.key),
        Some("CookieRejectedForNonSameSiteness")
    );
    let partitions: Vec<_> = firefox
        .cookies()
        .iter()
        .map(|c| (c.name.as_str(), c.partition_text()))
        .collect();
    let other = Some("(https,other.test)".to_string());
    assert_eq!(partitions, [("none", other.clone()), ("unspec", other)]);
    let home = RequestContext::navigate(url("https://site.test/"));
    assert_eq!(firefox.cookies_for(&home).header, None);
    assert_eq!(
        firefox.cookies_for(&fetch).header.as_deref(),
        Some("none=1; unspec=1")
    );
}

#[test]
fn host_prefix_without_a_path_attribute_is_accepted_by_firefox() {
    let home = RequestContext::navigate(url("https://site.test/"));
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| {
        let mut b = browser(profile);
        b.store_from_response(&home, &["__Host-x=1; Secure"]);
        b.cookies_for(&home).header
    });
    assert_eq!(chromium, None);
    assert_eq!(firefox.as_deref(), Some("__Host-x=1"));
}

#[test]
fn localhost_cookies_keep_the_url_scheme_in_firefox() {
    let localhost = RequestContext::navigate(url("http://localhost/"));
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| {
        let mut b = browser(profile);
        b.store_from_response(&localhost, &["sec=1; Secure; Path=/", "plain=1; Path=/"]);
        assert_eq!(
            b.cookies_for(&localhost).header.as_deref(),
            Some("sec=1; plain=1")
        );
        b.cookies()
            .iter()
            .map(|c| c.source_scheme)
            .collect::<Vec<_>>()
    });
    assert_eq!(chromium, [SourceScheme::Secure, SourceScheme::NonSecure]);
    assert_eq!(firefox, [SourceScheme::NonSecure, SourceScheme::NonSecure]);
}

#[test]
fn oversize_is_refused_by_both_in_their_own_words() {
    let home = RequestContext::navigate(url("https://site.test/"));
    let line = format!("n={}", "v".repeat(4096));
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| {
        match browser(profile)
            .store_from_response(&home, &[line.as_str()])
            .remove(0)
        {
            SetCookieOutcome::Refused(refusal) => refusal,
            other => panic!("{other:?}"),
        }
    });
    assert_eq!(
        chromium.reasons[0].cdp_name(),
        "NameValuePairExceedsMaxSize"
    );
    assert_eq!(
        firefox.explain(),
        "refused: Cookie “n” is invalid because its size is too big. Max size is 4096 B."
    );
}

#[test]
fn script_sees_its_refused_http_only_overwrite_in_firefox() {
    let page = url("https://site.test/page");
    let home = RequestContext::navigate(url("https://site.test/"));
    let [chromium, firefox] = BrowserProfile::ALL.map(|profile| {
        let mut b = browser(profile);
        b.store_from_response(&home, &["h=1; HttpOnly; Path=/"]);
        let outcome = b.script_write(&page, "h=2; path=/");
        let SetCookieOutcome::Refused(refusal) = outcome else {
            panic!("the HttpOnly cookie was overwritten")
        };
        assert_eq!(b.cookies_for(&home).header.as_deref(), Some("h=1"));
        (b.document_cookie(&page), refusal.explain())
    });
    assert_eq!(chromium.0, "");
    assert_eq!(firefox.0, "h=2");
    assert!(firefox.1.starts_with("refused: Firefox gives no reason"));
}
