//! The decoder's result card as HTML text (see [`crate::ui::markup`]): what the value is, its
//! parts, its contents read without verifying, and the engine's verdict in words. Everything
//! from the pasted value is escaped; long contents are cut so the card stays quick to show.

use sessionscope_engine::decoder::{
    salt_use, PicklePayload, SignedValue, Verdict, KNOWN_SALTS, PICKLE_WRITERS,
};
use sessionscope_engine::json::to_pretty_json;
use sessionscope_engine::session::{SIGNED_COOKIE_SALT, STORE_SALT};

use super::checks::plural;
use super::diagnosis_html::{diagnosis_html, found_html};
use super::input::{Checked, Decoded};
use super::size::{size_words, Refusal, INFLATE_LIMIT};
use crate::ui::cookie_parts::{key_name, parts_of, PartKind};
use crate::ui::limits::thousands;
use crate::ui::markup::Markup;
use crate::ui::settings_py::duration_words;

/// The most characters of contents the card shows; the rest is counted, not shown.
pub const CONTENTS_SHOWN: usize = 64 * 1024;

/// The most pickle opcodes the card lists; the rest are counted, not shown.
pub const PICKLE_OPS_SHOWN: usize = 2_000;

/// The banner for a paste refused before decoding.
pub fn refusal_html(refusal: &Refusal) -> String {
    let mut m = Markup::new();
    m.element(
        "div",
        &[
            ("class", "verdict-box warn"),
            ("role", "alert"),
            ("data-testid", "decoder-refused"),
        ],
        |m| {
            m.text_element("strong", &[], "Not decoded: too large");
            let how = if refusal.compressed {
                "inflates"
            } else {
                "decodes"
            };
            let why = if refusal.too_long {
                format!(
                    "This value is {} long, and the decoder reads values of at most {}: a value \
                     whose JSON is within the page's {} inflate limit is shorter, and reading \
                     a longer one (and hashing it for each key) would hold up the page.",
                    size_words(refusal.pasted_bytes),
                    size_words(refusal.limit),
                    size_words(INFLATE_LIMIT),
                )
            } else {
                format!(
                    "This {} value {how} to more than {} of JSON, the page's limit for any \
                     inflated data (sessionscope_engine::compress::MAX_DECOMPRESSED_LEN). The \
                     page stopped there instead of reading it.",
                    size_words(refusal.pasted_bytes),
                    size_words(refusal.limit),
                )
            };
            m.text_element("p", &[], &why);
            m.text_element(
                "p",
                &[],
                "Django itself sets no such limit: it inflates whatever a valid signature \
                 covers. A real session cookie is under 4096 bytes and inflates to a few KB.",
            );
        },
    );
    m.into_string()
}

/// The result card's HTML at time `now`.
pub fn result_html(decoded: &Decoded, now: f64) -> String {
    let mut m = Markup::new();
    if let Some(note) = &decoded.cleaned {
        m.text_element("p", &[("class", "hint")], note);
    }
    if let Some(found) = &decoded.found {
        found_html(&mut m, found);
    }
    let cookie = &decoded.cookie;
    match &cookie.signed {
        None => session_key_html(&mut m, &cookie.value),
        Some(signed) => {
            parts_html(&mut m, signed, now);
            if signed.parts.signature.is_some() {
                contents_html(&mut m, signed);
            }
        }
    }
    m.text_element("h2", &[], "Django's verdict");
    let name = match decoded.checked {
        Checked::All => verdict_name(&cookie.verdict),
        Checked::UnderWay(_) => "checking",
        Checked::Stopped(_) => "stopped",
    };
    m.element(
        "div",
        &[("data-testid", "decoder-verdict"), ("data-verdict", name)],
        |m| match (&decoded.bad_seconds, decoded.checked) {
            (Some(message), _) => verdict_box(
                m,
                "verdict-box warn",
                "Check the seconds",
                &[
                    message.clone(),
                    "signing.loads() was not called.".to_owned(),
                ],
            ),
            (None, Checked::All) => verdict_html(m, &cookie.verdict, decoded),
            (None, Checked::UnderWay(progress)) => {
                m.text_element(
                    "p",
                    &[("class", "hint")],
                    &format!(
                        "Checking the signature the way Django does: {} checks, each an HMAC \
                         of the whole value…",
                        thousands(progress.total)
                    ),
                );
            }
            (None, Checked::Stopped(progress)) => verdict_box(
                m,
                "verdict-box warn",
                "Not checked",
                &[
                    format!(
                        "Stopped after {} of {} signature checks ({} × {}); none of them made \
                         the signature.",
                        thousands(progress.made),
                        thousands(progress.total),
                        plural(progress.keys, "key"),
                        plural(progress.salts, "salt"),
                    ),
                    "Edit the form to check again; checks already made for this value are \
                     not made twice."
                        .to_owned(),
                ],
            ),
        },
    );
    if let (Some(diagnosis), Checked::All) = (&decoded.diagnosis, decoded.checked) {
        let options = &decoded.options;
        let fallbacks = options.keys.as_ref().map_or(0, |k| k.fallbacks.len());
        diagnosis_html(
            &mut m,
            diagnosis,
            options.salt.as_deref(),
            fallbacks,
            options.now,
        );
    }
    m.into_string()
}

/// A stable name for each verdict (`data-verdict`).
pub fn verdict_name(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::SessionKey => "session-key",
        Verdict::NotVerified => "not-verified",
        Verdict::Valid { .. } => "valid",
        Verdict::BadSignature { .. } => "bad-signature",
        Verdict::SignatureExpired { .. } => "signature-expired",
        Verdict::Malformed { .. } => "malformed",
    }
}

fn session_key_html(m: &mut Markup, key: &str) {
    m.text_element("h2", &[], "A session key");
    m.element("pre", &[("class", "bytes parts")], |m| {
        m.text_element("span", &[("class", PartKind::SessionKey.css_class())], key);
    });
    m.text_element(
        "p",
        &[],
        "32 characters of a–z and 0–9, no \":\": the cookie of the db, cache, cached_db and \
         file backends. It carries no data and no signature; the session's data lives on the \
         server, under this key: the django_session row (db, cached_db), the cache entry \
         \":1:django.contrib.sessions.cache<key>\" (cache; cached_db uses \
         \"…cached_db<key>\"), or the file SESSION_COOKIE_NAME + key in SESSION_FILE_PATH \
         (file).",
    );
}

fn parts_html(m: &mut Markup, signed: &SignedValue, now: f64) {
    let parts = &signed.parts;
    m.text_element("h2", &[], "Parts");
    m.element("pre", &[("class", "bytes parts")], |m| {
        for part in parts_of(parts) {
            m.text_element("span", &[("class", part.kind.css_class())], &part.text);
        }
    });
    m.element("dl", &[("class", "decoder-parts")], |m| {
        let Some(signature) = &parts.signature else {
            m.text_element("dt", &[], "shape");
            m.text_element(
                "dd",
                &[],
                "one piece, no \":\": not a signed value (payload:timestamp:signature), and \
                 not a session key (32 characters of a–z and 0–9)",
            );
            return;
        };
        m.text_element("dt", &[], "payload");
        m.text_element(
            "dd",
            &[],
            &format!(
                "{} characters of base64 · {}",
                parts.payload.len(),
                match (parts.compressed, signed.pickle.is_some()) {
                    (true, false) => "starts with \".\": zlib-compressed JSON",
                    (false, false) => "plain JSON (no \".\", not compressed)",
                    (true, true) => "starts with \".\": a zlib-compressed pickle",
                    (false, true) => "a plain pickle (no \".\", not compressed)",
                }
            ),
        );
        m.text_element("dt", &[], "timestamp");
        let timestamp = match (&parts.timestamp, &signed.signed_at, parts.timestamp_seconds) {
            (Some(text), Some(date), Some(seconds)) => format!(
                "{text} (base62) = {seconds:.0} = {}, {}",
                date.isoformat(),
                relative(seconds, now)
            ),
            (Some(text), _, _) => format!("{text}: not a valid base62 time"),
            (None, _, _) => {
                "none: one \":\" only, so no timestamp (a Signer value, not TimestampSigner: \
                 signing.loads rejects it)"
                    .to_owned()
            }
        };
        m.text_element("dd", &[], &timestamp);
        m.text_element("dt", &[], "signature");
        m.text_element(
            "dd",
            &[],
            &format!("{signature} (HMAC-SHA256, {} characters)", signature.len()),
        );
    });
}

/// A pickle payload: who writes one, its opcodes as `pickletools.dis` lists them (each one
/// that would import or call code marked), never run.
fn pickle_html(m: &mut Markup, pickle: &PicklePayload) {
    m.text_element("h2", &[], "A pickle, not JSON");
    m.text_element(
        "p",
        &[("data-testid", "decoder-pickle-writers")],
        &format!(
            "Written by {PICKLE_WRITERS}. Read here as data, opcode by opcode; nothing is run."
        ),
    );
    if pickle.runs_code() {
        m.text_element(
            "p",
            &[
                ("class", "verdict-line bad"),
                ("data-testid", "decoder-pickle-runs-code"),
            ],
            "Unpickling this would import or call code (the opcodes marked below): Django 4.2 \
             runs it as soon as the signature verifies. Refused here, never run.",
        );
    }
    let mut listing: Vec<String> = pickle
        .ops
        .iter()
        .take(PICKLE_OPS_SHOWN)
        .map(|op| {
            if op.runs_code {
                format!("{op}    <- would run code")
            } else {
                op.to_string()
            }
        })
        .collect();
    if pickle.ops.len() > PICKLE_OPS_SHOWN {
        listing.push(format!(
            "… {} more opcodes not shown",
            pickle.ops.len() - PICKLE_OPS_SHOWN
        ));
    }
    if let Some(error) = &pickle.listing_error {
        listing.push(format!("listing stopped: {error}"));
    }
    m.text_element(
        "pre",
        &[("class", "bytes"), ("data-testid", "decoder-pickle-ops")],
        &listing.join("\n"),
    );
}

fn contents_html(m: &mut Markup, signed: &SignedValue) {
    if let Some(pickle) = &signed.pickle {
        pickle_html(m, pickle);
    }
    m.text_element("h2", &[], "Contents, without verifying");
    match &signed.contents {
        Ok(data) => {
            let (shown, cut) = contents_text(data, signed.json_text.as_deref());
            m.text_element(
                "pre",
                &[("class", "bytes"), ("data-testid", "decoder-contents")],
                &shown,
            );
            if let Some(note) = cut {
                m.text_element("p", &[("class", "hint")], &note);
            }
            m.text_element(
                "p",
                &[("class", "hint")],
                "Signing is not encryption: anyone holding the value can read this.",
            );
        }
        Err(reason) => {
            m.text_element(
                "p",
                &[("class", "verdict-line bad")],
                &format!("Cannot be read: {reason}"),
            );
        }
    }
}

/// The contents to show: pretty JSON, or for a long payload its first [`CONTENTS_SHOWN`]
/// characters of compact JSON and a note saying how much was left out.
fn contents_text(
    data: &sessionscope_engine::json::Value,
    json_text: Option<&str>,
) -> (String, Option<String>) {
    let compact = json_text.unwrap_or_default();
    if compact.len() <= CONTENTS_SHOWN / 4 {
        return (to_pretty_json(data), None);
    }
    let mut end = CONTENTS_SHOWN.min(compact.len());
    while !compact.is_char_boundary(end) {
        end -= 1;
    }
    let note = (end < compact.len()).then(|| {
        format!(
            "{} of JSON: the first {} are shown, as stored (compact).",
            size_words(compact.len()),
            size_words(end)
        )
    });
    (compact[..end].to_owned(), note)
}

/// How long ago (or ahead) `at` is from `now`, in words.
fn relative(at: f64, now: f64) -> String {
    let delta = now - at;
    if delta >= 0.0 {
        format!("{} ago", duration_words(delta.floor() as i64))
    } else {
        format!("in {}", duration_words((-delta).ceil() as i64))
    }
}

/// What a salt is, in words: its use for a known salt.
fn salt_words(salt: &str) -> String {
    match salt_use(salt) {
        Some(used_for) => format!("salt \"{salt}\" ({used_for})"),
        None if salt.is_empty() => "the empty salt (TimestampSigner's default, \
                                    \"django.core.signing.TimestampSigner\")"
            .to_owned(),
        None => format!("salt \"{salt}\""),
    }
}

/// The `max_age` checked, and where Django takes it from.
fn max_age_words(salt: &str, max_age: Option<f64>) -> String {
    match max_age {
        Some(max_age) if salt == SIGNED_COOKIE_SALT => format!(
            "max_age {} (SESSION_COOKIE_AGE, as signed_cookies.SessionStore.load() passes it)",
            duration_words(max_age.floor() as i64)
        ),
        Some(max_age) => format!("max_age {}", duration_words(max_age.floor() as i64)),
        None if salt == STORE_SALT => "no max_age: SessionBase.decode() passes none; the \
                                       row's expire_date, the cache timeout or the file's \
                                       age decides when the session ends"
            .to_owned(),
        None => "no max_age".to_owned(),
    }
}

fn verdict_html(m: &mut Markup, verdict: &Verdict, decoded: &Decoded) {
    match verdict {
        Verdict::SessionKey => verdict_box(
            m,
            "verdict-box",
            "A session key",
            &[
                "Nothing to verify or decode here: Django looks the key up in the session \
               store. Paste the session_data column (db, cached_db) to see the data."
                    .to_owned(),
            ],
        ),
        Verdict::NotVerified => {
            m.text_element(
                "p",
                &[("class", "hint")],
                "Enter the SECRET_KEY to check the signature the way Django does.",
            );
        }
        Verdict::Valid {
            salt,
            verified_by,
            max_age,
            ..
        } => {
            let age = decoded
                .cookie
                .signed
                .as_ref()
                .and_then(|signed| signed.age)
                .map_or(String::new(), |age| format!(" It was {}.", age_words(age)));
            verdict_box(
                m,
                "verdict-box good",
                "Valid",
                &[
                    format!(
                        "The signature verifies with {} and {}.{age}",
                        key_name(*verified_by),
                        salt_words(salt)
                    ),
                    format!(
                        "Checked with {}. signing.loads() returns the contents shown above.",
                        max_age_words(salt, *max_age)
                    ),
                ],
            );
        }
        Verdict::BadSignature {
            reason,
            salts_tried,
        } => {
            let tried: Vec<String> = salts_tried.iter().map(|s| format!("\"{s}\"")).collect();
            verdict_box(
                m,
                "verdict-box bad",
                "BadSignature",
                &[
                    format!("BadSignature: {reason}"),
                    format!(
                        "Tried SECRET_KEY{} with {} {}.",
                        if decoded
                            .options
                            .keys
                            .as_ref()
                            .is_some_and(|k| !k.fallbacks.is_empty())
                        {
                            " and SECRET_KEY_FALLBACKS"
                        } else {
                            ""
                        },
                        if tried.len() == 1 {
                            "the salt"
                        } else {
                            "the salts"
                        },
                        tried.join(", ")
                    ),
                    "A wrong SECRET_KEY (or the old key missing from SECRET_KEY_FALLBACKS), \
                     another salt, or a changed value. Django reads it as an empty session."
                        .to_owned(),
                ],
            );
        }
        Verdict::SignatureExpired {
            salt,
            verified_by,
            age,
            max_age,
        } => verdict_box(
            m,
            "verdict-box warn",
            "SignatureExpired",
            &[
                format!(
                    "SignatureExpired: Signature age {} > {} seconds",
                    python_float(*age),
                    python_number(*max_age)
                ),
                format!(
                    "The signature is genuine ({}, {}), but it was {}.",
                    key_name(*verified_by),
                    salt_words(salt),
                    expiry_words(*age, *max_age)
                ),
            ],
        ),
        Verdict::Malformed { salt, reason } => {
            let lines = match salt {
                Some(salt) => vec![
                    reason.clone(),
                    format!(
                        "The signature is genuine ({}), so whoever signed it wrote bad data. A \
                         session's decode() swallows this and returns {{}}.",
                        salt_words(salt)
                    ),
                ],
                None => vec![format!("Not a signed value Django could read: {reason}.")],
            };
            verdict_box(m, "verdict-box bad", "Malformed", &lines);
        }
    }
}

/// A float as Python prints it (`1299600.0`).
fn python_float(x: f64) -> String {
    sessionscope_engine::json::python_float_repr(x)
}

/// `max_age` as Django's message prints it: an int stays an int.
fn python_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        python_float(x)
    }
}

fn verdict_box(m: &mut Markup, class: &str, title: &str, lines: &[String]) {
    m.element("div", &[("class", class)], |m| {
        m.text_element("strong", &[], title);
        for line in lines {
            m.text_element("p", &[], line);
        }
    });
}

/// How old a valid signature is, in words.
pub(super) fn age_words(age: f64) -> String {
    if age < 0.0 {
        format!(
            "signed {} in the future",
            duration_words((-age).ceil() as i64)
        )
    } else if age < 1.0 {
        "signed just now".to_owned()
    } else {
        format!("signed {} ago", duration_words(age.floor() as i64))
    }
}

/// An expired signature's age against `max_age`, in words.
pub(super) fn expiry_words(age: f64, max_age: f64) -> String {
    format!(
        "signed {} ago; max_age allows {}, so it expired {} ago",
        duration_words(age.floor() as i64),
        duration_words(max_age.floor() as i64),
        duration_words((age - max_age).ceil() as i64),
    )
}

/// The salt picker's options: Django's salts in the order the engine tries them, each with
/// what it is used for.
pub fn salt_options() -> Vec<(&'static str, String)> {
    KNOWN_SALTS
        .iter()
        .map(|known| {
            (
                known.salt,
                format!("{} (\"{}\")", known.used_for, known.salt),
            )
        })
        .collect()
}
