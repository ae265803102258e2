//! What a browser with cookie rules decided, as the trace records it: the cookies it kept back
//! from a request (or hid from a script) and why, what it did with each `Set-Cookie` line, the
//! attributes of the cookies in its store, and what a script saw in `document.cookie`.
//!
//! These exist only for scenarios with `browser_rules`; the conformance jar decides nothing
//! (it keeps and sends every cookie), so its records leave them out (`None`).

use crate::browser::rules::{
    Cookie, NotSent, NotSentReason, RefusalReason, SameSite, SetCookieOutcome,
};

/// A stored cookie the browser did not send with a request (or hid from `document.cookie`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieKeptBack {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Its domain as DevTools shows it (`site.test` host-only, `.site.test` for a domain cookie).
    pub domain: String,
    /// Its path.
    pub path: String,
    /// Every reason, in DevTools order (`NotOnPath`, `SchemefulSameSiteLax`, …).
    pub reasons: Vec<NotSentReason>,
    /// The reasons in words: "not sent: SameSite=Lax and this is a cross-site POST".
    pub explanation: String,
}

impl CookieKeptBack {
    /// The record of a cookie the rules kept back.
    pub fn of(not_sent: &NotSent) -> CookieKeptBack {
        CookieKeptBack {
            name: not_sent.cookie.name.clone(),
            value: not_sent.cookie.value.clone(),
            domain: not_sent.cookie.domain.display(),
            path: not_sent.cookie.path.clone(),
            reasons: not_sent.reasons.clone(),
            explanation: not_sent.explain(),
        }
    }

    /// The reasons' DevTools names joined by `, `.
    pub fn reason_names(&self) -> String {
        let names: Vec<&str> = self.reasons.iter().map(|r| r.cdp_name()).collect();
        names.join(", ")
    }
}

/// What the browser did with one `Set-Cookie` line (or `document.cookie` write).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetCookieVerdict {
    /// The cookie is in the store now.
    Stored {
        /// It replaced a cookie with the same name, domain and path.
        replaced: bool,
        /// Attributes ignored or adjusted, in words ("its lifetime was cut to 400 days").
        warnings: Vec<String>,
    },
    /// It arrived already expired: it deleted the cookie in its slot (if any).
    Deleted {
        /// There was a cookie to delete.
        removed: bool,
    },
    /// The line was ignored.
    Refused {
        /// Every reason, in DevTools order (`SecureOnly`, `InvalidPrefix`, …).
        reasons: Vec<RefusalReason>,
        /// In words: "refused: it is Secure but came over plain http".
        explanation: String,
    },
}

impl SetCookieVerdict {
    /// The verdict of a [`SetCookieOutcome`].
    pub fn of(outcome: &SetCookieOutcome) -> SetCookieVerdict {
        match outcome {
            SetCookieOutcome::Stored {
                replaced, warnings, ..
            } => SetCookieVerdict::Stored {
                replaced: replaced.is_some(),
                warnings: warnings.iter().map(|w| w.explain()).collect(),
            },
            SetCookieOutcome::Deleted { removed } => SetCookieVerdict::Deleted {
                removed: removed.is_some(),
            },
            SetCookieOutcome::Refused(refusal) => SetCookieVerdict::Refused {
                reasons: refusal.reasons.clone(),
                explanation: refusal.explain(),
            },
        }
    }

    /// `stored`, `deleted` or `refused`.
    pub fn name(&self) -> &'static str {
        match self {
            SetCookieVerdict::Stored { .. } => "stored",
            SetCookieVerdict::Deleted { .. } => "deleted",
            SetCookieVerdict::Refused { .. } => "refused",
        }
    }

    /// Whether the line was refused.
    pub fn is_refused(&self) -> bool {
        matches!(self, SetCookieVerdict::Refused { .. })
    }
}

/// The attributes of a cookie in a rules browser's store (the conformance jar keeps none).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCookieDetails {
    /// The domain as DevTools shows it (`site.test`, `.site.test`).
    pub domain: String,
    /// The path.
    pub path: String,
    /// Sent only over https (and to localhost).
    pub secure: bool,
    /// Hidden from `document.cookie`.
    pub http_only: bool,
    /// The same-site-flag.
    pub same_site: SameSite,
    /// When it was created (Unix seconds).
    pub created_at: f64,
    /// The partition that holds it, as Firefox writes it (`(https,other.test)`): only for a
    /// cookie a third-party response stored while cookies are partitioned.
    pub partition: Option<String>,
}

impl StoredCookieDetails {
    /// The details of a stored cookie.
    pub fn of(cookie: &Cookie) -> StoredCookieDetails {
        StoredCookieDetails {
            domain: cookie.domain.display(),
            path: cookie.path.clone(),
            secure: cookie.secure,
            http_only: cookie.http_only,
            same_site: cookie.same_site,
            created_at: cookie.created_at,
            partition: cookie.partition_text(),
        }
    }
}

/// One `document.cookie = text` a script ran, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptWrite {
    /// The text assigned.
    pub text: String,
    /// What the browser did with it.
    pub verdict: SetCookieVerdict,
}

/// What a `script` step did and saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRecord {
    /// Which browser.
    pub browser: String,
    /// The page the script ran on.
    pub url: String,
    /// The writes, in order.
    pub writes: Vec<ScriptWrite>,
    /// What `document.cookie` returned after them (`""` when no cookie shows).
    pub document_cookie: String,
    /// The cookies of the page's site the script could not see, and why (HttpOnly, …).
    pub hidden: Vec<CookieKeptBack>,
}
