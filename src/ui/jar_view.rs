//! What the cookie-jar inspector shows: every browser's cookies after a step, the session
//! cookie taken apart, and each cookie's expiry on the simulated clock.

use sessionscope_engine::decoder::{loads_value, DecodedCookie, Verdict};
use sessionscope_engine::scenario::{Engine, SetCookieVerdict, Settings, StoredCookieDetails};
use sessionscope_engine::session::SIGNED_COOKIE_SALT;

use sessionscope_engine::json::python_float_repr;

use super::clock_text::{countdown, utc, Countdown};
use super::cookie_parts::{key_name, parts_of, PartKind};
use super::cookie_size::CookieSize;
use super::markup::Markup;
use super::model::Playground;
use super::python;

/// What a session cookie's value is made of.
#[derive(Clone, Debug, PartialEq)]
pub enum CookieAnatomy {
    /// The db, cache, cached_db and file engines: the value is only the session key.
    SessionKey,
    /// signed_cookies: the whole session, signed, verified the way
    /// `signed_cookies.SessionStore.load()` does (`signing.loads` with the signed_cookies salt
    /// and `max_age = SESSION_COOKIE_AGE`).
    Signed(Box<DecodedCookie>),
}

/// Takes `value` apart as the session cookie of `engine` under `settings` at time `now`.
pub fn session_cookie_anatomy(
    value: &str,
    engine: Engine,
    settings: &Settings,
    now: f64,
) -> CookieAnatomy {
    if engine != Engine::SignedCookies {
        return CookieAnatomy::SessionKey;
    }
    let keys = settings.signing_keys();
    let max_age = Some(settings.cookie_age as f64);
    CookieAnatomy::Signed(Box::new(loads_value(
        value,
        &keys,
        SIGNED_COOKIE_SALT,
        max_age,
        now,
    )))
}

/// One cookie in a jar, ready to display.
#[derive(Clone, Debug, PartialEq)]
pub struct JarCookieView {
    pub browser: String,
    pub name: String,
    pub value: String,
    /// Whether this is the session cookie (named `SESSION_COOKIE_NAME`).
    pub is_session_cookie: bool,
    /// The value taken apart (for the session cookie).
    pub anatomy: Option<CookieAnatomy>,
    /// `None`: a browser-session cookie, gone when the browser closes.
    pub expiry: Option<(String, Countdown)>,
    /// When it expires, exactly (Unix seconds).
    pub expires_at: Option<f64>,
    /// Its size as the browser measures it against 4096 bytes: name + value.
    pub size: CookieSize,
    /// With a browser applying cookie rules: why this step's request did not carry it.
    pub not_sent: Option<String>,
    /// With a browser applying cookie rules: its domain and attributes as the browser keeps
    /// them (`site.test · Path=/ · Secure · HttpOnly · SameSite=Lax`).
    pub attributes: Option<String>,
}

/// A cookie a rules browser refused at the step shown, or kept back from its request and no
/// longer holds after it (the response replaced or deleted it), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedCookie {
    pub browser: String,
    pub name: String,
    /// "refused: it is Secure but came over plain http", "not sent: SameSite=Lax and this is a
    /// cross-site POST (the response then replaced it)".
    pub explanation: String,
}

/// `site.test · Path=/ · Secure · HttpOnly · SameSite=Lax`, and the partition that holds a
/// partitioned cookie (`partition (https,other.test)`).
pub fn attributes_text(details: &StoredCookieDetails) -> String {
    let mut parts = vec![details.domain.clone(), format!("Path={}", details.path)];
    if details.secure {
        parts.push("Secure".to_owned());
    }
    if details.http_only {
        parts.push("HttpOnly".to_owned());
    }
    parts.push(format!("SameSite={}", details.same_site.as_str()));
    if let Some(partition) = &details.partition {
        parts.push(format!("partition {partition}"));
    }
    parts.join(" · ")
}

/// The `Set-Cookie` lines (and `document.cookie` writes) a rules browser refused at step
/// `shown`, with the browser's reason.
pub fn refused_cookies(playground: &Playground, shown: Option<usize>) -> Vec<RefusedCookie> {
    let Some(step) = shown.and_then(|index| playground.step(index)) else {
        return Vec::new();
    };
    let refusal = |verdict: Option<&SetCookieVerdict>| match verdict {
        Some(SetCookieVerdict::Refused { explanation, .. }) => Some(explanation.clone()),
        _ => None,
    };
    let from_response = step
        .request
        .as_ref()
        .zip(step.response.as_ref())
        .into_iter()
        .flat_map(|(request, response)| {
            response.set_cookies.iter().filter_map(move |cookie| {
                Some(RefusedCookie {
                    browser: request.browser.clone(),
                    name: cookie.name.clone(),
                    explanation: refusal(cookie.verdict.as_ref())?,
                })
            })
        });
    let from_script = step.script.iter().flat_map(|script| {
        script.writes.iter().filter_map(move |write| {
            Some(RefusedCookie {
                browser: script.browser.clone(),
                name: write.text.split(['=', ';']).next()?.trim().to_owned(),
                explanation: refusal(Some(&write.verdict))?,
            })
        })
    });
    let gone_after_kept_back = step.request.iter().flat_map(|request| {
        let jar = step.jars.iter().find(|jar| jar.browser == request.browser);
        request.not_sent.iter().flatten().filter_map(move |kept| {
            let now = jar.and_then(|jar| jar.cookies.iter().find(|c| c.name == kept.name));
            let fate = match now {
                Some(cookie) if cookie.value == kept.value => return None,
                Some(_) => "the response then replaced it",
                None => "the response then deleted it",
            };
            Some(RefusedCookie {
                browser: request.browser.clone(),
                name: kept.name.clone(),
                explanation: format!("{} ({fate})", kept.explanation),
            })
        })
    });
    from_response
        .chain(from_script)
        .chain(gone_after_kept_back)
        .collect()
}

/// The refused (or kept back and then replaced) cookies as escaped HTML, one alert each
/// (nothing when there are none).
pub fn refused_html(refused: &[RefusedCookie]) -> String {
    let mut m = Markup::new();
    for cookie in refused {
        let testid = if cookie.explanation.starts_with("not sent") {
            "cookie-not-sent"
        } else {
            "cookie-refused"
        };
        m.element(
            "p",
            &[
                ("class", "alert"),
                ("data-testid", testid),
                ("data-cookie", cookie.name.as_str()),
                ("data-browser", cookie.browser.as_str()),
            ],
            |m| {
                m.text_element("strong", &[], &cookie.name);
                m.text(&format!(" ({}) {}", cookie.browser, cookie.explanation));
            },
        );
    }
    m.into_string()
}

/// The jars after step `shown` (`None`: before the first step, when every jar is empty).
pub fn jar_view(playground: &Playground, shown: Option<usize>) -> Vec<JarCookieView> {
    let Some(step) = shown.and_then(|index| playground.step(index)) else {
        return Vec::new();
    };
    let settings = playground.settings_after(shown);
    let now = step.now;
    let kept_back = |browser: &str, name: &str, value: &str| {
        let request = step.request.as_ref().filter(|r| r.browser == browser)?;
        request
            .not_sent
            .as_ref()?
            .iter()
            .find(|cookie| cookie.name == name && cookie.value == value)
            .map(|cookie| cookie.explanation.clone())
    };
    step.jars
        .iter()
        .flat_map(|jar| {
            jar.cookies.iter().map(|cookie| {
                let is_session_cookie = cookie.name == settings.cookie_name;
                JarCookieView {
                    browser: jar.browser.clone(),
                    name: cookie.name.clone(),
                    value: cookie.value.clone(),
                    is_session_cookie,
                    anatomy: is_session_cookie.then(|| {
                        session_cookie_anatomy(&cookie.value, playground.engine(), &settings, now)
                    }),
                    expiry: cookie
                        .expires_at
                        .map(|expires_at| (utc(expires_at), countdown(expires_at, now))),
                    expires_at: cookie.expires_at,
                    size: CookieSize::of(&cookie.name, &cookie.value, None),
                    not_sent: kept_back(&jar.browser, &cookie.name, &cookie.value),
                    attributes: cookie.details.as_ref().map(attributes_text),
                }
            })
        })
        .collect()
}

/// What the jar says when it holds nothing.
pub const EMPTY_JAR: &str = "Empty: the next request carries no Cookie header.";

/// The jar as escaped HTML: each cookie with its size as the browser counts it, its value in
/// coloured parts, its expiry, why it was kept back (rules browsers), and the session cookie
/// taken apart. Exact figures are on `data-*` attributes.
pub fn jar_html(cookies: &[JarCookieView]) -> String {
    let mut m = Markup::new();
    if cookies.is_empty() {
        m.text_element("p", &[("class", "bytes empty")], EMPTY_JAR);
    }
    for cookie in cookies {
        cookie_html(&mut m, cookie);
    }
    m.into_string()
}

fn cookie_html(m: &mut Markup, cookie: &JarCookieView) {
    let expires_at = cookie.expires_at.map(python_float_repr);
    let mut attributes = vec![
        ("class", "cookie"),
        ("data-cookie", cookie.name.as_str()),
        ("data-browser", cookie.browser.as_str()),
    ];
    if let Some(at) = &expires_at {
        attributes.push(("data-expires-at", at));
    }
    m.element("div", &attributes, |m| {
        m.element("div", &[("class", "cookie-meta")], |m| {
            labelled(m, "Browser ", &cookie.browser);
            labelled(m, "Name ", &cookie.name);
            m.text_element(
                "span",
                &[(
                    "title",
                    "What the browser counts against its 4096-byte limit",
                )],
                &format!("{} bytes (name + value)", cookie.size.counted_bytes()),
            );
        });
        m.element(
            "div",
            &[("class", "bytes"), ("data-testid", "cookie-value")],
            |m| match &cookie.anatomy {
                Some(CookieAnatomy::Signed(signed)) => {
                    let parts = signed.signed.as_ref().map(|s| parts_of(&s.parts));
                    for part in parts.unwrap_or_default() {
                        m.text_element("span", &[("class", part.kind.css_class())], &part.text);
                    }
                }
                Some(CookieAnatomy::SessionKey) => {
                    m.text_element(
                        "span",
                        &[("class", PartKind::SessionKey.css_class())],
                        &cookie.value,
                    );
                }
                None => {
                    m.text(&cookie.value);
                }
            },
        );
        m.element("div", &[("class", "cookie-meta")], |m| {
            match &cookie.expiry {
                Some((date, left)) => {
                    m.element("span", &[], |m| {
                        m.text("Expires ");
                        m.text_element("strong", &[], date);
                        m.text(" · ");
                        let class = if left.expired {
                            "countdown expired"
                        } else {
                            "countdown"
                        };
                        m.text_element("span", &[("class", class)], &left.text);
                    });
                }
                None => {
                    m.text_element(
                        "span",
                        &[],
                        "No expiry: a browser-session cookie, gone when the browser closes",
                    );
                }
            }
        });
        if let Some(attributes) = &cookie.attributes {
            m.text_element(
                "div",
                &[
                    ("class", "cookie-meta"),
                    ("data-testid", "cookie-attributes"),
                ],
                attributes,
            );
        }
        if let Some(why) = &cookie.not_sent {
            m.text_element(
                "p",
                &[("class", "alert"), ("data-testid", "cookie-not-sent")],
                why,
            );
        }
        match &cookie.anatomy {
            Some(CookieAnatomy::SessionKey) => {
                m.element("dl", &[("class", "parts-legend")], |m| {
                    m.text_element("dt", &[], "Session key");
                    m.text_element(
                        "dd",
                        &[],
                        "Only the key travels; the data stays in the session store.",
                    );
                });
            }
            Some(CookieAnatomy::Signed(signed)) => signed_legend(m, signed),
            None => {}
        }
    });
}

fn labelled(m: &mut Markup, label: &str, value: &str) {
    m.element("span", &[], |m| {
        m.text(label);
        m.text_element("strong", &[], value);
    });
}

fn signed_legend(m: &mut Markup, loaded: &DecodedCookie) {
    let Some(signed) = &loaded.signed else {
        return;
    };
    let compressed = signed.parts.compressed;
    m.element("dl", &[("class", "parts-legend")], |m| {
        m.text_element("dt", &[("class", "part-payload")], "Payload");
        m.text_element(
            "dd",
            &[],
            match (compressed, signed.pickle.is_some()) {
                (true, false) => "“.” + base64 of zlib(JSON)",
                (false, false) => "base64 of JSON",
                (true, true) => "“.” + base64 of zlib(pickle): PickleSerializer, Django 4.2",
                (false, true) => "base64 of a pickle: PickleSerializer, Django 4.2",
            },
        );
        if let Some(json) = loaded.json_text_read_by_loads() {
            m.text_element("dt", &[], "JSON");
            m.element("dd", &[], |m| {
                m.text_element("code", &[], json);
            });
        }
        m.text_element("dt", &[("class", "part-timestamp")], "Timestamp");
        let timestamp = match signed.parts.timestamp_seconds {
            Some(seconds) => format!(
                "{} = {}",
                signed.parts.timestamp.as_deref().unwrap_or_default(),
                utc(seconds)
            ),
            None => "missing or not base62".to_owned(),
        };
        m.text_element("dd", &[], &timestamp);
        match (&loaded.verdict, loaded.verdict.loads_error()) {
            (
                Verdict::Valid {
                    verified_by, data, ..
                },
                _,
            ) => {
                m.text_element("dt", &[("class", "part-signature")], "Signature");
                m.text_element(
                    "dd",
                    &[],
                    &format!("HMAC-SHA256, verified with {}", key_name(*verified_by)),
                );
                m.text_element("dt", &[], "Decoded");
                m.element("dd", &[], |m| {
                    m.text_element("pre", &[("class", "bytes")], &python::pformat(data));
                });
            }
            (_, Some(error)) => {
                m.text_element("dt", &[("class", "part-signature")], "Signature");
                m.text_element(
                    "dd",
                    &[("class", "countdown expired")],
                    &format!("{}: {error}", error.kind()),
                );
            }
            (_, None) => {}
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};
    use std::future::Future;

    fn with_cart(engine: Engine) -> Playground {
        let mut playground = Playground::new(engine, DEFAULT_START_TIME, 3);
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground
    }

    #[test]
    fn before_the_first_step_the_jar_is_empty() {
        assert!(jar_view(&with_cart(Engine::Db), None).is_empty());
    }

    #[test]
    fn a_server_side_cookie_is_just_the_key() {
        let view = jar_view(&with_cart(Engine::Db), Some(0));
        assert_eq!(view[0].anatomy, Some(CookieAnatomy::SessionKey));
    }

    #[test]
    fn the_session_cookie_counts_down_two_weeks() {
        let view = jar_view(&with_cart(Engine::Db), Some(0));
        assert_eq!(view.len(), 1);
        let cookie = &view[0];
        assert!(cookie.is_session_cookie);
        assert_eq!(cookie.browser, "main");
        let (date, left) = cookie.expiry.clone().expect("an expiring cookie");
        assert_eq!(date, "2023-11-28 22:13:20 UTC");
        assert_eq!(left.text, "expires in 14 d");
        assert_eq!(cookie.expires_at, Some(DEFAULT_START_TIME + 1_209_600.0));
        assert_eq!(cookie.size.counted_bytes(), "sessionid".len() + 32);
        assert_eq!(cookie.not_sent, None);
    }

    #[test]
    fn the_jar_html_shows_sizes_values_and_exact_expiry() {
        assert!(jar_html(&[]).contains(EMPTY_JAR));
        let html = jar_html(&jar_view(&with_cart(Engine::SignedCookies), Some(0)));
        assert!(html.contains("data-expires-at=\"1701209600.0\""), "{html}");
        assert!(html.contains("bytes (name + value)"));
        assert!(html.contains("verified with SECRET_KEY"));
        assert!(
            html.contains("{&#39;cart&#39;: [&#39;book&#39;]}"),
            "{html}"
        );
    }

    #[test]
    fn a_rules_browser_shows_attributes_and_refusals() {
        let playground = with_cart(Engine::Db);
        let view = jar_view(&playground, Some(0));
        assert_eq!(
            view[0].attributes.as_deref(),
            Some("site.test · Path=/ · HttpOnly · SameSite=Lax")
        );
        assert!(refused_cookies(&playground, Some(0)).is_empty());
        let mut secure = Playground::new(Engine::Db, DEFAULT_START_TIME, 3);
        secure.change_setting(sessionscope_engine::scenario::SettingChange::CookieSecure(
            true,
        ));
        let mut data = Dict::new();
        data.insert("cart", Value::from("book"));
        secure.push(Step::Request(Request::new(ViewCall::Set(data))));
        let refused = refused_cookies(&secure, Some(0));
        assert_eq!(
            refused,
            vec![RefusedCookie {
                browser: "main".into(),
                name: "sessionid".into(),
                explanation: "refused: it is Secure but came over plain http".into(),
            }]
        );
        let html = refused_html(&refused);
        assert!(html.contains("data-testid=\"cookie-refused\""), "{html}");
        assert!(html.contains("came over plain http"), "{html}");
    }

    #[test]
    fn a_cookie_kept_back_then_replaced_is_told_apart_from_the_new_one() {
        let mut playground = with_cart(Engine::Db);
        let mut login = Request::new(ViewCall::Login { user: 1 });
        login.kind = sessionscope_engine::browser::rules::RequestKind::FormPost;
        login.from = sessionscope_engine::browser::rules::Url::parse("https://other.test/").ok();
        playground.push(Step::Request(login));
        let view = jar_view(&playground, Some(1));
        assert_eq!(view[0].not_sent, None, "the new cookie was not kept back");
        let gone = refused_cookies(&playground, Some(1));
        assert_eq!(gone.len(), 1);
        assert_eq!(
            gone[0].explanation,
            "not sent: SameSite=Lax and this is a cross-site POST (the response then replaced it)"
        );
        assert!(refused_html(&gone).contains("data-testid=\"cookie-not-sent\""));
    }

    #[test]
    fn a_signed_cookie_decodes_to_the_cart() {
        let view = jar_view(&with_cart(Engine::SignedCookies), Some(0));
        let Some(CookieAnatomy::Signed(signed)) = view[0].anatomy.clone() else {
            panic!("a signed session cookie");
        };
        match signed.verdict {
            Verdict::Valid { data, .. } => {
                let cart = data.as_dict().and_then(|d| d.get("cart")).cloned();
                assert_eq!(cart, Some(Value::List(vec![Value::from("book")])));
            }
            other => panic!("expected a valid cookie, got {other:?}"),
        }
    }

    #[test]
    fn a_pickle_cookie_is_named_as_one_not_as_json() {
        // The pickle code is at hand outside the page's build: loading is ready at once.
        let mut loading = std::pin::pin!(crate::ui::session_pickle::load());
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(loading.as_mut().poll(&mut context).is_ready());
        let mut playground = Playground::new(Engine::SignedCookies, DEFAULT_START_TIME, 3);
        playground.set_django(sessionscope_engine::version::DjangoVersion::V4_2);
        playground.change_setting(sessionscope_engine::scenario::SettingChange::Serializer(
            sessionscope_engine::session::Serializer::Pickle,
        ));
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        let html = jar_html(&jar_view(&playground, Some(0)));
        assert!(
            html.contains("a pickle: PickleSerializer, Django 4.2"),
            "{html}"
        );
        assert!(!html.contains("base64 of JSON"), "{html}");
        let json = jar_html(&jar_view(&with_cart(Engine::SignedCookies), Some(0)));
        assert!(json.contains("base64 of JSON"), "{json}");
    }
}
