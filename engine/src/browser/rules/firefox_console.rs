//! Firefox's own words: the Web Console messages it logs about cookies, keyed by their
//! `netwerk/locales/en-US/necko.properties` string names and formatted as Firefox formats them
//! (`CookieValidation::RetrieveErrorLogData`, `CookieLogging::LogMessageToConsole`).
//!
//! Firefox checks a `Set-Cookie` line in a fixed order and stops at the first failure
//! (`CookieValidation::ValidateInternal`, `ValidateForHostInternal`,
//! `ValidateInContextInternal`, then `CookieStorage::AddCookie`), so it gives one reason per
//! refused line: [`first_check_failed`] picks it from the reasons the shared rules find. Some
//! refusals are not logged at all (script overwriting an HttpOnly cookie: the check runs in the
//! parent process, which has no console to write to), and Firefox never says why it did not
//! send a cookie: those are [`NO_REASON`].

use super::reasons::{Access, CookieWarning, RefusalReason};
pub use super::reasons::{ConsoleMessage, NO_REASON};

/// The position of `reason` in Firefox's order of checks (lower = checked first). A nameless
/// cookie's hidden prefix is checked with the name and value, a named cookie's prefix after its
/// domain.
fn check_order(reason: RefusalReason, nameless: bool) -> u8 {
    match reason {
        RefusalReason::UserPreferences => 0,
        RefusalReason::NoCookieContent => 1,
        RefusalReason::NameValuePairExceedsMaxSize => 2,
        RefusalReason::DisallowedCharacter => 3,
        RefusalReason::InvalidPrefix if nameless => 4,
        RefusalReason::SameSiteNoneInsecure => 5,
        RefusalReason::InvalidDomain => 6,
        RefusalReason::HttpOnly => 7,
        RefusalReason::InvalidPrefix => 8,
        RefusalReason::SecureOnly => 9,
        RefusalReason::SchemefulSameSiteStrict
        | RefusalReason::SchemefulSameSiteLax
        | RefusalReason::SchemefulSameSiteUnspecifiedTreatedAsLax => 10,
        RefusalReason::OverwriteSecure => 11,
        RefusalReason::OverwriteHttpOnly => 12,
    }
}

/// The reason Firefox stops at: the first of `reasons` in its order of checks.
pub fn first_check_failed(reasons: &[RefusalReason], nameless: bool) -> Option<RefusalReason> {
    reasons
        .iter()
        .copied()
        .min_by_key(|reason| check_order(*reason, nameless))
}

/// The name Firefox quotes for a line: what comes before the first `=` of the pair, trimmed
/// (empty for a nameless cookie).
pub fn quoted_name(line: &str) -> &str {
    let pair = line.split(';').next().unwrap_or_default();
    match pair.split_once('=') {
        Some((name, _)) => name.trim_matches([' ', '\t']),
        None => "",
    }
}

/// Which part of the line holds the control character: `CookieRejectedInvalidCharName`,
/// `…Value` or `…Attributes`.
fn invalid_character_key(line: &str) -> &'static str {
    let pair = line.split(';').next().unwrap_or_default();
    let control = |text: &str| {
        let inner = text.trim_matches([' ', '\t']);
        inner.bytes().any(|b| b < 0x20 || b == 0x7f)
    };
    match pair.split_once('=') {
        Some((name, _)) if control(name) => "CookieRejectedInvalidCharName",
        Some((_, value)) if control(value) => "CookieRejectedInvalidCharValue",
        None if control(pair) => "CookieRejectedInvalidCharValue",
        _ => "CookieRejectedInvalidCharAttributes",
    }
}

/// The key and the words after `Cookie “name”` of the message Firefox logs for `reason`
/// (`necko.properties`; one table, so the page carries one formatting call).
const REFUSALS: [(RefusalReason, &str, &str); 9] = [
    (
        RefusalReason::NameValuePairExceedsMaxSize,
        "CookieOversize",
        " is invalid because its size is too big. Max size is 4096 B.",
    ),
    (
        RefusalReason::InvalidPrefix,
        "CookieRejectedInvalidPrefix",
        " has been rejected for invalid prefix.",
    ),
    (
        RefusalReason::SameSiteNoneInsecure,
        "CookieRejectedNonRequiresSecure2",
        " rejected because it has the “SameSite=None” attribute but is missing the “secure” \
         attribute.",
    ),
    (
        RefusalReason::InvalidDomain,
        "CookieRejectedInvalidDomain",
        " has been rejected for invalid domain.",
    ),
    (
        RefusalReason::HttpOnly,
        "CookieRejectedHttpOnlyButFromScript",
        " has been rejected because there is already an HTTP-Only cookie but script tried to \
         store a new one.",
    ),
    (
        RefusalReason::SecureOnly,
        "CookieRejectedSecureButNonHttps",
        " has been rejected because a non-HTTPS cookie can’t be set as “secure”.",
    ),
    (
        RefusalReason::OverwriteSecure,
        "CookieRejectedNonsecureOverSecure",
        " has been rejected because there is an existing “secure” cookie.",
    ),
    (
        RefusalReason::UserPreferences,
        "CookieRejectedThirdParty",
        " has been rejected as third-party.",
    ),
    (
        RefusalReason::SchemefulSameSiteLax,
        "CookieRejectedForNonSameSiteness",
        " has been rejected because it is in a cross-site context and its “SameSite” is “Lax” \
         or “Strict”.",
    ),
];

/// The console message Firefox logs for a line refused for `reason`, or `None` where it logs
/// nothing. `line` is the `Set-Cookie` value (or `document.cookie` write).
pub fn refusal_message(
    reason: RefusalReason,
    line: &str,
    access: Access,
) -> Option<ConsoleMessage> {
    let (key, rest) = match reason {
        RefusalReason::NoCookieContent => {
            return Some(ConsoleMessage {
                key: "CookieRejectedEmptyNameAndValue",
                text: "Cookie with an empty name and an empty value has been rejected.".into(),
            })
        }
        RefusalReason::DisallowedCharacter => {
            let (key, part) = invalid_character(line);
            (key, part)
        }
        // Checked in the parent process for script writes, where nothing is logged.
        RefusalReason::OverwriteSecure if access == Access::Script => return None,
        RefusalReason::OverwriteHttpOnly => return None,
        RefusalReason::SchemefulSameSiteStrict
        | RefusalReason::SchemefulSameSiteUnspecifiedTreatedAsLax => {
            return refusal_message(RefusalReason::SchemefulSameSiteLax, line, access)
        }
        _ => REFUSALS
            .iter()
            .find(|(r, _, _)| *r == reason)
            .map(|(_, key, rest)| (*key, *rest))?,
    };
    // `CookieRejectedThirdParty` quotes the whole header, the others the name.
    let quoted = if key == "CookieRejectedThirdParty" {
        line
    } else {
        quoted_name(line)
    };
    Some(ConsoleMessage {
        key,
        text: format!("Cookie “{quoted}”{rest}"),
    })
}

/// The key and the words for a control character in the name, the value or the attributes.
fn invalid_character(line: &str) -> (&'static str, &'static str) {
    match invalid_character_key(line) {
        "CookieRejectedInvalidCharName" => (
            "CookieRejectedInvalidCharName",
            " has been rejected for invalid characters in the name.",
        ),
        "CookieRejectedInvalidCharValue" => (
            "CookieRejectedInvalidCharValue",
            " has been rejected for invalid characters in the value.",
        ),
        _ => (
            "CookieRejectedInvalidCharAttributes",
            " has been rejected for invalid characters in the attributes.",
        ),
    }
}

/// The console message Firefox logs for an accepted line's adjusted attribute, if any.
pub fn warning_message(warning: &CookieWarning, name: &str) -> Option<ConsoleMessage> {
    let (key, text) = match warning {
        CookieWarning::AttributeValueExceedsMaxSize(attribute) => (
            "CookieAttributeIgnored",
            format!(
                "The value of the attribute “{attribute}” for the cookie “{name}” has been \
                 rejected because its size is too big. Max size is 1024 B."
            ),
        ),
        CookieWarning::SameSiteValueUnrecognized(_) => (
            "CookieSameSiteValueInvalid2",
            format!(
                "Invalid “SameSite“ value for cookie “{name}”. The supported values are: “Lax“, \
                 “Strict“, “None“."
            ),
        ),
        CookieWarning::MaxAgeUnreadable(_) => (
            "CookieInvalidMaxAgeAttribute",
            format!("Invalid “max-age“ value for cookie “{name}”. The attribute is ignored."),
        ),
        CookieWarning::PartitionedWithoutAttribute => (
            "CookieForeignNoPartitionedWarning",
            format!(
                "Cookie “{name}” will soon be rejected because it is foreign and does not have \
                 the “Partitioned“ attribute."
            ),
        ),
        _ => return None,
    };
    Some(ConsoleMessage { key, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::request::{Method, RequestKind};

    const HTTP: Access = Access::Http {
        kind: RequestKind::Navigate,
        method: Method::Get,
    };

    #[test]
    fn firefox_stops_at_its_first_check() {
        let both = [RefusalReason::SecureOnly, RefusalReason::OverwriteSecure];
        assert_eq!(
            first_check_failed(&both, false),
            Some(RefusalReason::SecureOnly)
        );
        let prefix_and_none = [
            RefusalReason::InvalidPrefix,
            RefusalReason::SameSiteNoneInsecure,
        ];
        assert_eq!(
            first_check_failed(&prefix_and_none, false),
            Some(RefusalReason::SameSiteNoneInsecure)
        );
        assert_eq!(
            first_check_failed(&prefix_and_none, true),
            Some(RefusalReason::InvalidPrefix)
        );
        assert_eq!(first_check_failed(&[], false), None);
    }

    #[test]
    fn messages_quote_the_name_as_the_console_does() {
        let message = refusal_message(RefusalReason::SecureOnly, "sec=1; Secure; Path=/", HTTP);
        assert_eq!(
            message.unwrap().text,
            "Cookie “sec” has been rejected because a non-HTTPS cookie can’t be set as “secure”."
        );
        let message = refusal_message(RefusalReason::DisallowedCharacter, "t=a\u{1}b", HTTP);
        assert_eq!(message.unwrap().key, "CookieRejectedInvalidCharValue");
        assert_eq!(
            refusal_message(RefusalReason::OverwriteHttpOnly, "h=2", Access::Script),
            None
        );
        assert_eq!(
            refusal_message(RefusalReason::OverwriteSecure, "s=2", Access::Script),
            None
        );
        assert_eq!(quoted_name(" a = 1 ; Path=/"), "a");
        assert_eq!(quoted_name("bare"), "");
    }

    #[test]
    fn some_warnings_have_a_console_message() {
        let ignored = CookieWarning::AttributeValueExceedsMaxSize("path".into());
        assert_eq!(
            warning_message(&ignored, "long").unwrap().key,
            "CookieAttributeIgnored"
        );
        assert_eq!(warning_message(&CookieWarning::LifetimeCapped, "x"), None);
    }
}
