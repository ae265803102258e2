//! The parts of the result card that say where the value was found, why Django accepts or
//! rejects it (the engine's diagnosis, in its words) and, for a HAR, the session cookie's
//! story.

use sessionscope_engine::decoder::words::date_words;
use sessionscope_engine::decoder::{
    read_cookie, verdict_words, Diagnosis, DiagnosisVerdict, FoundValue, InputForm,
};
use sessionscope_engine::json::to_python_json;

use super::har_view::HarView;
use crate::ui::markup::Markup;

/// Where the value was found: the form, the other cookies, a `Set-Cookie` line's attributes,
/// the notes.
pub fn found_html(m: &mut Markup, found: &FoundValue) {
    if found.form == InputForm::Bare && found.notes.is_empty() {
        return;
    }
    m.element(
        "div",
        &[
            ("class", "decoder-found"),
            ("data-testid", "decoder-found"),
            ("data-form", form_id(found.form)),
        ],
        |m| {
            let mut what = format!("Found in {}", found.form.words());
            if let Some(name) = &found.cookie_name {
                what.push_str(&format!(": the cookie {name}"));
            }
            m.text_element("p", &[], &(what + "."));
            if !found.other_cookies.is_empty() {
                m.text_element(
                    "p",
                    &[("data-testid", "decoder-others")],
                    &format!(
                        "Also in the header, not the session cookie: {}.",
                        found.other_cookies.join(", ")
                    ),
                );
            }
            if !found.attributes.is_empty() {
                m.element("ul", &[("data-testid", "decoder-attributes")], |m| {
                    for attribute in &found.attributes {
                        m.text_element("li", &[], attribute);
                    }
                });
            }
            for note in &found.notes {
                m.text_element("p", &[("class", "hint")], note);
            }
        },
    );
}

fn form_id(form: InputForm) -> &'static str {
    match form {
        InputForm::Bare => "bare",
        InputForm::Quoted => "quoted",
        InputForm::UrlEncoded => "url_encoded",
        InputForm::CookieHeader => "cookie_header",
        InputForm::SetCookie => "set_cookie",
        InputForm::Curl => "curl",
    }
}

/// The box's class for a verdict.
fn tone(verdict: DiagnosisVerdict) -> &'static str {
    match verdict {
        DiagnosisVerdict::Valid => "verdict-box ok",
        DiagnosisVerdict::ValidWithFallback => "verdict-box ok",
        _ => "verdict-box warn",
    }
}

/// The title of a verdict.
fn title(verdict: DiagnosisVerdict) -> &'static str {
    match verdict {
        DiagnosisVerdict::Valid => "Why: it verifies",
        DiagnosisVerdict::ValidWithFallback => "Why: a SECRET_KEY_FALLBACKS key signed it",
        DiagnosisVerdict::Expired => "Why: expired",
        DiagnosisVerdict::OtherSalt => "Why: another salt signed it",
        DiagnosisVerdict::LegacySha1 => "Why: an old Django's SHA-1 signature",
        DiagnosisVerdict::BadSignature => "Why: no key, salt or hash makes the signature",
        DiagnosisVerdict::Malformed => "Why: it does not read",
        DiagnosisVerdict::NotDjango => "Why: not a Django value",
    }
}

/// The diagnosis: its verdict (as `sessionscope decode --json` names it), in words, with the
/// hints.
pub fn diagnosis_html(
    m: &mut Markup,
    diagnosis: &Diagnosis,
    salt: Option<&str>,
    fallbacks: usize,
    now: f64,
) {
    m.element(
        "div",
        &[
            ("class", tone(diagnosis.verdict)),
            ("data-testid", "decoder-diagnosis"),
            ("data-diagnosis", diagnosis.verdict.as_str()),
        ],
        |m| {
            m.text_element("strong", &[], title(diagnosis.verdict));
            m.text_element("p", &[], &verdict_words(diagnosis, salt, fallbacks, now));
            for hint in &diagnosis.hints {
                m.text_element("p", &[], hint);
            }
            m.text_element(
                "p",
                &[("class", "hint")],
                &format!(
                    "sessionscope decode --json says {}.",
                    to_python_json(&diagnosis.contract_value())
                        .chars()
                        .take(300)
                        .collect::<String>()
                ),
            );
        },
    );
}

/// A HAR's story: one item per event, each value diagnosed (or read without a key).
pub fn har_html(view: &HarView) -> String {
    let mut m = Markup::new();
    m.text_element("h2", &[], "The session cookie in this HAR");
    let timeline = match &view.timeline {
        Ok(timeline) => timeline,
        Err(why) => {
            m.element(
                "div",
                &[
                    ("class", "verdict-box warn"),
                    ("role", "alert"),
                    ("data-testid", "decoder-har-error"),
                ],
                |m| {
                    m.text_element("strong", &[], "No session cookie to show");
                    m.text_element("p", &[], why);
                },
            );
            return m.into_string();
        }
    };
    let mut summary = format!(
        "{} requests, {} events for the session cookie.",
        timeline.entries,
        timeline.events.len()
    );
    if !timeline.other_cookies.is_empty() {
        summary.push_str(&format!(
            " Other cookies: {}.",
            timeline.other_cookies.join(", ")
        ));
    }
    m.text_element("p", &[], &summary);
    m.element(
        "ol",
        &[("class", "decoder-har"), ("data-testid", "decoder-har")],
        |m| {
            for (index, event) in timeline.events.iter().enumerate() {
                let kind = event.kind.words();
                m.element(
                    "li",
                    &[("data-testid", "har-event"), ("data-kind", kind)],
                    |m| {
                        let when = event.at.and_then(date_words).unwrap_or_default();
                        let status = event.status.map_or(String::new(), |s| format!(" → {s}"));
                        m.element("p", &[], |m| {
                            m.text_element("strong", &[], kind);
                            m.text(&format!("  {when}  {}{status}", event.request));
                        });
                        if let Some(note) = &event.note {
                            m.text_element("p", &[("class", "hint")], note);
                        }
                        let Some(value) = &event.value else {
                            return;
                        };
                        m.text_element(
                            "code",
                            &[("class", "decoder-har-value")],
                            &shorten(value, 120),
                        );
                        let at = event.at.unwrap_or_default();
                        match view.diagnoses.get(index).and_then(Option::as_ref) {
                            Some(diagnosis) => {
                                m.element(
                                    "p",
                                    &[("data-diagnosis", diagnosis.verdict.as_str())],
                                    |m| {
                                        m.text(&verdict_words(
                                            diagnosis,
                                            view.salt.as_deref(),
                                            view.fallbacks,
                                            at,
                                        ));
                                    },
                                );
                                if let Some(data) = &diagnosis.data {
                                    m.text_element(
                                        "code",
                                        &[],
                                        &shorten(&to_python_json(data), 400),
                                    );
                                }
                            }
                            None => {
                                let reading = read_cookie(value, at);
                                let text = match reading.signed.map(|s| s.contents) {
                                    Some(Ok(data)) => format!(
                                        "Not verified (no SECRET_KEY): {}",
                                        shorten(&to_python_json(&data), 400)
                                    ),
                                    Some(Err(why)) => format!("Not verified: {why}"),
                                    None => "A session key: the data is on the server.".to_owned(),
                                };
                                m.text_element("p", &[], &text);
                            }
                        }
                    },
                );
            }
        },
    );
    m.into_string()
}

fn shorten(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
