//! Why a cookie was refused or not sent: typed reasons named as Chromium's DevTools protocol
//! names them (`Network.SetCookieBlockedReason`, `Network.CookieBlockedReason`), each with a
//! one-line explanation for people.
//!
//! The variants are declared in the order Chromium's `network_handler.cc` lists them, so a
//! sorted reason list reads exactly as DevTools reports it. Same-site reasons carry the
//! `Schemeful` names Chromium 156 reports for every cross-site exclusion. Two reasons exist only
//! for `document.cookie` (which DevTools does not report): they use the names of Chromium's
//! `net::CookieInclusionStatus` (`EXCLUDE_HTTP_ONLY`, `EXCLUDE_OVERWRITE_HTTP_ONLY`).

use super::cookie::Cookie;
use super::profile::ReasonVocabulary;
use super::request::{Method, RequestKind};

/// What the page says where Firefox logs nothing (its console is silent about cookies it does
/// not send, and about some it refuses: [`super::firefox_console`]).
pub const NO_REASON: &str = "Firefox gives no reason";

/// One message of Firefox's console, in its own words ([`super::firefox_console`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleMessage {
    /// The `necko.properties` key (`CookieRejectedSecureButNonHttps`, …).
    pub key: &'static str,
    /// The text the Web Console shows.
    pub text: String,
}

/// How the cookie store was reached: by an HTTP request of some kind, or by page script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A request (and its response).
    Http {
        /// What made the request.
        kind: RequestKind,
        /// Its method.
        method: Method,
    },
    /// `document.cookie`.
    Script,
}

impl Access {
    /// "a cross-site POST", "a cross-site <img> request", … for explanations.
    fn cross_site(self) -> String {
        match self {
            Access::Http { kind, method } if kind.is_top_level() && !method.is_safe() => {
                format!("a cross-site {}", method.as_str())
            }
            Access::Http { kind, .. } => format!("a cross-site {}", kind.describe()),
            Access::Script => "a script in a cross-site frame".to_string(),
        }
    }
}

/// Why a `Set-Cookie` line (or a `document.cookie` write) was ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefusalReason {
    /// `Secure` from a URL that is not potentially trustworthy (§5.7 step 13).
    SecureOnly,
    /// Script tried to create an `HttpOnly` cookie (§5.7 step 15; not a DevTools name).
    HttpOnly,
    /// `SameSite=Strict` in a response to a cross-site subresource or frame (§5.7 step 18).
    SchemefulSameSiteStrict,
    /// `SameSite=Lax` in such a response.
    SchemefulSameSiteLax,
    /// No valid `SameSite` (treated as Lax) in such a response.
    SchemefulSameSiteUnspecifiedTreatedAsLax,
    /// `SameSite=None` without `Secure` (§5.7 step 19).
    SameSiteNoneInsecure,
    /// Third-party cookies are blocked and the response is third-party.
    UserPreferences,
    /// Plain http tried to overwrite (or shadow) a `Secure` cookie (§5.7 step 16).
    OverwriteSecure,
    /// Script tried to overwrite an `HttpOnly` cookie (§5.7 step 23.2; not a DevTools name).
    OverwriteHttpOnly,
    /// The `Domain` attribute names another site, a child host or a public suffix (§5.7 steps
    /// 8–10).
    InvalidDomain,
    /// A `__Secure-`, `__Host-` or `__Http-` name without what the prefix demands (§5.7 steps
    /// 20–22).
    InvalidPrefix,
    /// Name + value over 4096 bytes (§5.6 step 5).
    NameValuePairExceedsMaxSize,
    /// A control character in the line (§5.6 step 1).
    DisallowedCharacter,
    /// Neither a name nor a value (§5.7 step 2).
    NoCookieContent,
}

impl RefusalReason {
    /// The DevTools protocol name (`SecureOnly`, `InvalidDomain`, …).
    pub fn cdp_name(self) -> &'static str {
        match self {
            RefusalReason::SecureOnly => "SecureOnly",
            RefusalReason::HttpOnly => "HttpOnly",
            RefusalReason::SchemefulSameSiteStrict => "SchemefulSameSiteStrict",
            RefusalReason::SchemefulSameSiteLax => "SchemefulSameSiteLax",
            RefusalReason::SchemefulSameSiteUnspecifiedTreatedAsLax => {
                "SchemefulSameSiteUnspecifiedTreatedAsLax"
            }
            RefusalReason::SameSiteNoneInsecure => "SameSiteNoneInsecure",
            RefusalReason::UserPreferences => "UserPreferences",
            RefusalReason::OverwriteSecure => "OverwriteSecure",
            RefusalReason::OverwriteHttpOnly => "OverwriteHttpOnly",
            RefusalReason::InvalidDomain => "InvalidDomain",
            RefusalReason::InvalidPrefix => "InvalidPrefix",
            RefusalReason::NameValuePairExceedsMaxSize => "NameValuePairExceedsMaxSize",
            RefusalReason::DisallowedCharacter => "DisallowedCharacter",
            RefusalReason::NoCookieContent => "NoCookieContent",
        }
    }

    /// Why, in words, given how the store was reached.
    pub fn explain(self, access: Access) -> String {
        let text = match self {
            RefusalReason::SecureOnly => "it is Secure but came over plain http",
            RefusalReason::HttpOnly => "scripts cannot create HttpOnly cookies",
            RefusalReason::SchemefulSameSiteStrict => {
                return format!("SameSite=Strict and this is {}", access.cross_site())
            }
            RefusalReason::SchemefulSameSiteLax => {
                return format!("SameSite=Lax and this is {}", access.cross_site())
            }
            RefusalReason::SchemefulSameSiteUnspecifiedTreatedAsLax => {
                return format!(
                    "no SameSite (treated as Lax) and this is {}",
                    access.cross_site()
                )
            }
            RefusalReason::SameSiteNoneInsecure => "SameSite=None requires Secure",
            RefusalReason::UserPreferences => {
                return format!(
                    "third-party cookies are blocked and this is {}",
                    access.cross_site()
                )
            }
            RefusalReason::OverwriteSecure => {
                "plain http may not overwrite a Secure cookie of the same name"
            }
            RefusalReason::OverwriteHttpOnly => "scripts cannot overwrite an HttpOnly cookie",
            RefusalReason::InvalidDomain => {
                "its Domain is not this host or a parent of it (or is a public suffix)"
            }
            RefusalReason::InvalidPrefix => {
                "its name prefix demands Secure (__Secure-), also Path=/ and no Domain \
                 (__Host-), or HttpOnly (__Http-)"
            }
            RefusalReason::NameValuePairExceedsMaxSize => {
                "name and value together exceed 4096 bytes"
            }
            RefusalReason::DisallowedCharacter => "it contains a control character",
            RefusalReason::NoCookieContent => "it has neither a name nor a value",
        };
        text.to_string()
    }
}

/// Why a stored cookie did not go with a request (or was hidden from `document.cookie`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotSentReason {
    /// A `Secure` cookie and a URL that is not potentially trustworthy (§5.8.3).
    SecureOnly,
    /// An `HttpOnly` cookie and a script read (§5.8.3; not a DevTools name).
    HttpOnly,
    /// The request path does not path-match the cookie's path (§5.1.4).
    NotOnPath,
    /// The request host is not the cookie's host, or not in its domain (§5.1.3).
    DomainMismatch,
    /// `SameSite=Strict` and a request that is not same-site (§5.8.3).
    SchemefulSameSiteStrict,
    /// `SameSite=Lax` and a cross-site request that is not a top-level GET.
    SchemefulSameSiteLax,
    /// No valid `SameSite`, enforced as Lax (with the 2-minute POST exception, §5.6.7.2).
    SchemefulSameSiteUnspecifiedTreatedAsLax,
    /// `SameSite=None` without `Secure`.
    SameSiteNoneInsecure,
    /// Third-party cookies are blocked and the request is third-party.
    UserPreferences,
    /// The request is third-party and cookies are partitioned by top-level site (Firefox's
    /// Total Cookie Protection): it sees only the cookies of its own partition (not a DevTools
    /// name).
    OtherPartition,
}

impl NotSentReason {
    /// The DevTools protocol name (`NotOnPath`, `SchemefulSameSiteLax`, …).
    pub fn cdp_name(self) -> &'static str {
        match self {
            NotSentReason::SecureOnly => "SecureOnly",
            NotSentReason::HttpOnly => "HttpOnly",
            NotSentReason::NotOnPath => "NotOnPath",
            NotSentReason::DomainMismatch => "DomainMismatch",
            NotSentReason::SchemefulSameSiteStrict => "SchemefulSameSiteStrict",
            NotSentReason::SchemefulSameSiteLax => "SchemefulSameSiteLax",
            NotSentReason::SchemefulSameSiteUnspecifiedTreatedAsLax => {
                "SchemefulSameSiteUnspecifiedTreatedAsLax"
            }
            NotSentReason::SameSiteNoneInsecure => "SameSiteNoneInsecure",
            NotSentReason::UserPreferences => "UserPreferences",
            NotSentReason::OtherPartition => "OtherPartition",
        }
    }

    /// Why, in words, given how the store was reached.
    pub fn explain(self, access: Access) -> String {
        let text = match self {
            NotSentReason::SecureOnly => "it is Secure and this request is not over https",
            NotSentReason::HttpOnly => "it is HttpOnly, so scripts cannot read it",
            NotSentReason::NotOnPath => "the request path is outside its Path",
            NotSentReason::DomainMismatch => "it belongs to another host or domain",
            NotSentReason::SchemefulSameSiteStrict => {
                "SameSite=Strict and this request was started by another site"
            }
            NotSentReason::SchemefulSameSiteLax => {
                return format!("SameSite=Lax and this is {}", access.cross_site())
            }
            NotSentReason::SchemefulSameSiteUnspecifiedTreatedAsLax => {
                let post_note = match access {
                    Access::Http { kind, method } if kind.is_top_level() && !method.is_safe() => {
                        " and the cookie is more than 2 minutes old"
                    }
                    _ => "",
                };
                return format!(
                    "no SameSite (treated as Lax) and this is {}{post_note}",
                    access.cross_site()
                );
            }
            NotSentReason::SameSiteNoneInsecure => "SameSite=None without Secure",
            NotSentReason::UserPreferences => {
                return format!(
                    "third-party cookies are blocked and this is {}",
                    access.cross_site()
                )
            }
            NotSentReason::OtherPartition => {
                "it is in another partition: a third-party request sees only the cookies stored \
                 under its top-level site"
            }
        };
        text.to_string()
    }
}

/// A cookie the browser kept back, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotSent {
    /// The stored cookie.
    pub cookie: Cookie,
    /// Every reason, in DevTools order.
    pub reasons: Vec<NotSentReason>,
    /// How the store was reached.
    pub access: Access,
    /// Whose words: Chromium reports these reasons; Firefox reports none.
    pub vocabulary: ReasonVocabulary,
}

impl NotSent {
    /// "not sent: SameSite=Lax and this is a cross-site POST"; from Firefox, "not sent:
    /// Firefox gives no reason; by its rules, …".
    pub fn explain(&self) -> String {
        let verb = match self.access {
            Access::Http { .. } => "not sent",
            Access::Script => "hidden from document.cookie",
        };
        let why: Vec<String> = self
            .reasons
            .iter()
            .map(|r| r.explain(self.access))
            .collect();
        match self.vocabulary {
            ReasonVocabulary::DevTools => format!("{verb}: {}", why.join("; ")),
            ReasonVocabulary::FirefoxConsole => {
                format!("{verb}: {NO_REASON}; by its rules, {}", why.join("; "))
            }
        }
    }
}

/// A `Set-Cookie` line the browser ignored, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The line as received.
    pub line: String,
    /// Every reason, in DevTools order.
    pub reasons: Vec<RefusalReason>,
    /// How the store was reached.
    pub access: Access,
    /// Whose words: every reason as DevTools names it, or Firefox's console message.
    pub vocabulary: ReasonVocabulary,
    /// What Firefox's console said about the line (`None` where it says nothing, and for
    /// Chromium).
    pub console: Option<ConsoleMessage>,
}

impl Refusal {
    /// "refused: SameSite=None requires Secure"; from Firefox, its console message, or
    /// "refused: Firefox gives no reason; by its rules, …".
    pub fn explain(&self) -> String {
        let why: Vec<String> = self
            .reasons
            .iter()
            .map(|r| r.explain(self.access))
            .collect();
        match (&self.console, self.vocabulary) {
            (Some(message), _) => format!("refused: {}", message.text),
            (None, ReasonVocabulary::DevTools) => format!("refused: {}", why.join("; ")),
            (None, ReasonVocabulary::FirefoxConsole) => {
                format!("refused: {NO_REASON}; by its rules, {}", why.join("; "))
            }
        }
    }
}

/// Something in an accepted line that the browser ignored or adjusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CookieWarning {
    /// An attribute whose value is over 1024 bytes was ignored (§5.6 step 6).
    AttributeValueExceedsMaxSize(String),
    /// A `SameSite` value other than Strict, Lax or None: unspecified (§5.6.7).
    SameSiteValueUnrecognized(String),
    /// A `Path` value that does not start with `/`: the default path was used (§5.6.4).
    PathNotAbsolute(String),
    /// A `Max-Age` that is not an integer was ignored (§5.6.2).
    MaxAgeUnreadable(String),
    /// An `Expires` that is not a cookie-date was ignored (§5.6.1).
    ExpiresUnreadable(String),
    /// The lifetime was cut to 400 days (§5.5).
    LifetimeCapped,
    /// A third-party response's cookie, without the `Partitioned` attribute, was stored in the
    /// partition of the top-level site (Firefox's Total Cookie Protection).
    PartitionedWithoutAttribute,
}

impl CookieWarning {
    /// What happened, in words.
    pub fn explain(&self) -> String {
        match self {
            CookieWarning::AttributeValueExceedsMaxSize(attribute) => {
                format!("the {attribute} attribute is over 1024 bytes and was ignored")
            }
            CookieWarning::SameSiteValueUnrecognized(value) => {
                format!("SameSite={value} is not Strict, Lax or None: treated as unspecified (Lax)")
            }
            CookieWarning::PathNotAbsolute(value) => {
                format!("Path={value} does not start with /: the default path was used")
            }
            CookieWarning::MaxAgeUnreadable(value) => {
                format!("Max-Age={value} is not a whole number and was ignored")
            }
            CookieWarning::ExpiresUnreadable(value) => {
                format!("expires={value} is not a date and was ignored")
            }
            CookieWarning::LifetimeCapped => "its lifetime was cut to 400 days".to_string(),
            CookieWarning::PartitionedWithoutAttribute => {
                "a third-party response: stored in the top-level site's partition".to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::cookie::sample;

    const POST: Access = Access::Http {
        kind: RequestKind::FormPost,
        method: Method::Post,
    };
    const IMG: Access = Access::Http {
        kind: RequestKind::Img,
        method: Method::Get,
    };

    #[test]
    fn explanations_name_the_request() {
        let not_sent = NotSent {
            cookie: sample("lax", "1"),
            reasons: vec![NotSentReason::SchemefulSameSiteLax],
            access: POST,
            vocabulary: ReasonVocabulary::DevTools,
        };
        assert_eq!(
            not_sent.explain(),
            "not sent: SameSite=Lax and this is a cross-site POST"
        );
        assert_eq!(
            NotSentReason::UserPreferences.explain(IMG),
            "third-party cookies are blocked and this is a cross-site <img> request"
        );
        assert!(NotSentReason::SchemefulSameSiteUnspecifiedTreatedAsLax
            .explain(POST)
            .ends_with("more than 2 minutes old"));
    }

    #[test]
    fn refusals_explain_every_reason() {
        let refusal = Refusal {
            line: "n=1; SameSite=None".into(),
            reasons: vec![RefusalReason::SameSiteNoneInsecure],
            access: IMG,
            vocabulary: ReasonVocabulary::DevTools,
            console: None,
        };
        assert_eq!(refusal.explain(), "refused: SameSite=None requires Secure");
        let silent = Refusal {
            vocabulary: ReasonVocabulary::FirefoxConsole,
            ..refusal
        };
        assert_eq!(
            silent.explain(),
            "refused: Firefox gives no reason; by its rules, SameSite=None requires Secure"
        );
        assert_eq!(RefusalReason::OverwriteSecure.cdp_name(), "OverwriteSecure");
    }

    #[test]
    fn sorting_gives_the_devtools_order() {
        let mut reasons = [
            NotSentReason::UserPreferences,
            NotSentReason::SchemefulSameSiteLax,
            NotSentReason::NotOnPath,
            NotSentReason::SecureOnly,
        ];
        reasons.sort();
        let names: Vec<_> = reasons.iter().map(|r| r.cdp_name()).collect();
        assert_eq!(
            names,
            [
                "SecureOnly",
                "NotOnPath",
                "SchemefulSameSiteLax",
                "UserPreferences"
            ]
        );
        assert!(RefusalReason::InvalidDomain < RefusalReason::InvalidPrefix);
    }

    #[test]
    fn warnings_explain_themselves() {
        let warning = CookieWarning::AttributeValueExceedsMaxSize("path".into());
        assert_eq!(
            warning.explain(),
            "the path attribute is over 1024 bytes and was ignored"
        );
    }
}
