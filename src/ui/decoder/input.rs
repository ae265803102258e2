//! The decoder's form and what it makes of a paste: the value found in it, its size, the
//! options for the engine, and the outcome (decoded, checks under way or stopped, refused, a HAR).

use sessionscope_engine::decoder::{
    find_value, har_timeline, looks_like_har, AgeLimit, DecodeOptions, DecodedCookie, Diagnosis,
    FoundValue, HarTimeline, DEFAULT_COOKIE_NAME,
};
use sessionscope_engine::json::parse_float;
use sessionscope_engine::quoted::Quoted;
use sessionscope_engine::signing::SigningKeys;

use super::checks::CheckProgress;
use super::har_view::HarView;
use super::paste;
use super::size::{self, Refusal, PROGRESS_FROM_BYTES};
use crate::ui::python_int;

/// Django's default `SESSION_COOKIE_AGE` (two weeks), the `max_age` of a signed_cookies cookie.
pub const DEFAULT_SESSION_COOKIE_AGE: &str = "1209600";

/// Which salt `signing.loads` is called with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaltChoice {
    /// Each of [`KNOWN_SALTS`] in turn, as the engine does when given none.
    TryDjangos,
    /// One of [`KNOWN_SALTS`].
    Known(&'static str),
    /// The salt typed in [`DecoderInput::custom_salt`].
    Custom,
}

/// Which `max_age` `signing.loads` is called with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeChoice {
    /// What Django passes for the salt: `SESSION_COOKIE_AGE` ([`DecoderInput::seconds`]) for
    /// the signed_cookies cookie, nothing for stored `session_data` or plain `loads`.
    AsDjango,
    /// No `max_age`, whatever the salt.
    Unlimited,
    /// `max_age = seconds`, whatever the salt.
    Custom,
}

/// What the user typed and chose.
#[derive(Clone, Debug, PartialEq)]
pub struct DecoderInput {
    /// The cookie value (a `Cookie:`/`Set-Cookie:` line or `name=value` is accepted too).
    pub value: String,
    /// `SECRET_KEY`; empty = do not verify.
    pub secret_key: String,
    /// `SECRET_KEY_FALLBACKS`, one per line.
    pub fallbacks: String,
    pub salt: SaltChoice,
    /// The salt when [`SaltChoice::Custom`].
    pub custom_salt: String,
    pub age: AgeChoice,
    /// `SESSION_COOKIE_AGE` ([`AgeChoice::AsDjango`]) or `max_age` ([`AgeChoice::Custom`]).
    pub seconds: String,
    /// `SESSION_COOKIE_NAME`: which cookie of a pasted `Cookie` header or HAR is the session's.
    pub cookie_name: String,
}

impl Default for DecoderInput {
    fn default() -> Self {
        DecoderInput {
            value: String::new(),
            secret_key: String::new(),
            fallbacks: String::new(),
            salt: SaltChoice::TryDjangos,
            custom_salt: String::new(),
            age: AgeChoice::AsDjango,
            seconds: DEFAULT_SESSION_COOKIE_AGE.to_owned(),
            cookie_name: DEFAULT_COOKIE_NAME.to_owned(),
        }
    }
}

/// One text field of [`DecoderInput`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputField {
    Value,
    SecretKey,
    Fallbacks,
    CustomSalt,
    Seconds,
    CookieName,
}

impl DecoderInput {
    /// The text of `field`.
    pub fn text(&self, field: InputField) -> &str {
        match field {
            InputField::Value => &self.value,
            InputField::SecretKey => &self.secret_key,
            InputField::Fallbacks => &self.fallbacks,
            InputField::CustomSalt => &self.custom_salt,
            InputField::Seconds => &self.seconds,
            InputField::CookieName => &self.cookie_name,
        }
    }

    /// The text of `field`, to change.
    pub fn text_mut(&mut self, field: InputField) -> &mut String {
        match field {
            InputField::Value => &mut self.value,
            InputField::SecretKey => &mut self.secret_key,
            InputField::Fallbacks => &mut self.fallbacks,
            InputField::CustomSalt => &mut self.custom_salt,
            InputField::Seconds => &mut self.seconds,
            InputField::CookieName => &mut self.cookie_name,
        }
    }

    /// The session cookie's name (Django's default when the field is empty).
    pub fn cookie_name(&self) -> &str {
        match self.cookie_name.trim() {
            "" => DEFAULT_COOKIE_NAME,
            name => name,
        }
    }

    pub(super) fn keys(&self) -> Option<SigningKeys> {
        (!self.secret_key.is_empty()).then(|| SigningKeys {
            secret: self.secret_key.clone(),
            fallbacks: self
                .fallbacks
                .lines()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }

    pub(super) fn salt(&self) -> Option<String> {
        match &self.salt {
            SaltChoice::TryDjangos => None,
            SaltChoice::Known(salt) => Some((*salt).to_owned()),
            SaltChoice::Custom => Some(self.custom_salt.clone()),
        }
    }

    /// The `max_age` rule, or why the seconds field does not read.
    pub(super) fn age_limit(&self) -> Result<AgeLimit, String> {
        let text = self.seconds.trim();
        match self.age {
            AgeChoice::Unlimited => Ok(AgeLimit::Unlimited),
            // As settings.py would hold it: `1209600`, `60 * 60 * 24 * 7 * 2`, `True`.
            AgeChoice::AsDjango => python_int::evaluate(text)
                .map(|int| AgeLimit::AsDjango {
                    session_cookie_age: int.value,
                })
                .map_err(|refusal| {
                    format!(
                        "SESSION_COOKIE_AGE {text:?} is not a whole number ({refusal})",
                        text = Quoted(text),
                    )
                }),
            AgeChoice::Custom => match parse_float(text) {
                Some(seconds) if seconds.is_finite() => Ok(AgeLimit::Seconds(seconds)),
                _ => Err(format!(
                    "max_age {text:?} is not a number",
                    text = Quoted(text),
                )),
            },
        }
    }
}

/// The value found in what was pasted, sized before any decoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    /// The value to decode, after removing a header name, cookie name or quotes.
    pub value: String,
    /// What was removed from the paste, if anything.
    pub cleaned: Option<String>,
    /// How many bytes of JSON the payload decodes to, when it decodes; or why it is refused.
    pub size: Result<Option<usize>, Refusal>,
    /// Where the value was found (a header, a `Set-Cookie` line, a curl command…).
    pub found: Option<FoundValue>,
    /// A pasted HAR's session-cookie story (or why it has none), instead of one value.
    pub har: Option<Result<HarTimeline, String>>,
}

impl Prepared {
    /// Whether decoding may take long enough to show progress first.
    pub fn is_heavy(&self) -> bool {
        matches!(self.size, Ok(Some(bytes)) if bytes >= PROGRESS_FROM_BYTES)
    }
}

/// Finds the value in the paste (the engine's [`find_value`]: a header, a `Set-Cookie` line,
/// a curl command, quotes, URL-encoding; a HAR is read as a timeline instead) and measures
/// what it inflates to (cheap: no JSON is read). `now` dates a `Set-Cookie` line's `Expires`.
/// `None` for an empty paste.
pub fn prepare(input: &DecoderInput, now: f64) -> Option<Prepared> {
    if input.value.trim().is_empty() {
        return None;
    }
    if looks_like_har(&input.value) {
        return Some(Prepared {
            value: String::new(),
            cleaned: None,
            size: Ok(None),
            found: None,
            har: Some(har_timeline(&input.value, input.cookie_name())),
        });
    }
    let (value, cleaned, found) = match find_value(&input.value, input.cookie_name(), now) {
        Ok(found) => (found.value.clone(), None, Some(found)),
        // No cookie of that name in a header: the old reading, with why.
        Err(why) => {
            let (value, cleaned) = paste::clean(&input.value)?;
            let note = format!("{why}. {}", cleaned.unwrap_or_default());
            (value, Some(note.trim_end().to_owned()), None)
        }
    };
    let size = size::payload_json_bytes(&value);
    Some(Prepared {
        value,
        cleaned,
        size,
        found,
        har: None,
    })
}

/// Everything the decoder shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// What was removed from the paste, if anything.
    pub cleaned: Option<String>,
    /// Where the value was found.
    pub found: Option<FoundValue>,
    /// The engine's reading and verdict.
    pub cookie: DecodedCookie,
    /// Why Django accepts or rejects it, found by trying every key, salt and hash (with
    /// keys, once every check is made, for values up to [`DIAGNOSIS_MAX_BYTES`]).
    pub diagnosis: Option<Diagnosis>,
    /// The seconds field does not read, so the signature was not checked.
    pub bad_seconds: Option<String>,
    /// The options the verdict was reached with.
    pub options: DecodeOptions,
    /// Whether the signature checks were all made (the verdict is `cookie.verdict`), are
    /// under way or were stopped (the verdict is not known).
    pub checked: Checked,
}

/// How far the signature checks behind the verdict got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// All made that Django makes (or none needed): the verdict is known.
    All,
    /// Under way: the reading is shown meanwhile.
    UnderWay(CheckProgress),
    /// Stopped (Stop): no verdict.
    Stopped(CheckProgress),
}

/// What the decoder ends with.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Past the page's inflate limit: not decoded.
    Refused(Refusal),
    Decoded(Box<Decoded>),
    /// A HAR: its session cookie's story.
    Har(Box<HarView>),
}
