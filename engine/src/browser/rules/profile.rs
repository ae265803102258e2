//! Which real browser the rules follow: Chromium 156 or Firefox ESR 153. The two share every
//! rule of this module's siblings; where they differ, the difference is one field of
//! [`ProfileRules`], and each field names the recorded cases that show it
//! (`engine/tests/browser-rules/cases.json` for Chromium, `…/firefox/cases.json` for Firefox,
//! recorded from the same inputs; `firefox/README.md` lists the differences).

/// A real browser whose cookie rules the [`super::Browser`] follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BrowserProfile {
    /// Chromium 156 (Debian's build, default settings).
    #[default]
    Chromium,
    /// Firefox ESR 153 (Debian's `firefox-esr`, default settings: Total Cookie Protection,
    /// `network.cookie.sameSite.laxByDefault = false`, `…schemeful = false`).
    Firefox,
}

impl BrowserProfile {
    /// Both, Chromium first.
    pub const ALL: [BrowserProfile; 2] = [BrowserProfile::Chromium, BrowserProfile::Firefox];

    /// `chromium` or `firefox`: the name scenarios, links and the recorded data use.
    pub fn name(self) -> &'static str {
        match self {
            BrowserProfile::Chromium => "chromium",
            BrowserProfile::Firefox => "firefox",
        }
    }

    /// The profile called `name` (see [`BrowserProfile::name`]).
    pub fn from_name(name: &str) -> Option<BrowserProfile> {
        BrowserProfile::ALL.into_iter().find(|p| p.name() == name)
    }

    /// `Chromium` or `Firefox`, for people.
    pub fn label(self) -> &'static str {
        match self {
            BrowserProfile::Chromium => "Chromium",
            BrowserProfile::Firefox => "Firefox",
        }
    }

    /// The rule choices of this browser.
    pub fn rules(self) -> ProfileRules {
        match self {
            BrowserProfile::Chromium => CHROMIUM,
            BrowserProfile::Firefox => FIREFOX,
        }
    }
}

/// When a cookie that replaces another (same slot) keeps the old one's creation time, and so
/// its place in the `Cookie` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplacementPlace {
    /// Only when the value is unchanged; a new value moves it to the end (Chromium:
    /// `order/replace-keeps-position` sends `b=1; c=1; a=2`, `order/replace-same-value` keeps
    /// `a=1; b=1; c=1`).
    KeptForSameValue,
    /// Always (Firefox's `CookieStorage::AddCookie` "preserve creation time of cookie for
    /// ordering purposes": `order/replace-keeps-position` sends `a=2; b=1; c=1`).
    Kept,
}

/// How a stored cookie's source scheme is derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceSchemeRule {
    /// `Secure` from https, and from http://localhost for a `Secure` cookie (Chromium:
    /// `secure/set-over-localhost`, `localhost_is_a_secure_source_only_for_secure_cookies`).
    TrustworthyForSecureCookies,
    /// The URL's scheme, merged with the replaced cookie's (Firefox's `nsICookie.schemeMap`
    /// and `MergeCookieSchemeMap`: a cookie set by http://localhost is `NonSecure`).
    UrlSchemeMerged,
}

/// The words a browser gives for what it refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReasonVocabulary {
    /// Every reason that applies, named as Chromium's DevTools protocol names them.
    DevTools,
    /// The one console message Firefox logs for the first check that fails, and none for
    /// cookies it does not send (see [`super::firefox_console`]).
    FirefoxConsole,
}

/// The choices that make the shared rules one browser's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileRules {
    /// Same-site compares schemes as well as registrable domains. Chromium: yes
    /// (`samesite/cross-scheme-img` sends nothing from http://site.test to https://site.test);
    /// Firefox: no (`network.cookie.sameSite.schemeful = false`; the same case sends all four
    /// cookies, `samesite/cross-scheme-link` sends `strict` too).
    pub schemeful_same_site: bool,
    /// A cookie without a valid `SameSite` is enforced as Lax, with the 2-minute POST
    /// exception. Chromium: yes; Firefox: no, it acts as `None`
    /// (`samesite/aged-unspecified-cross-site-post` sends `unspec` at 130 s,
    /// `samesite/cross-site-img@third-party-cookies-allowed` sends `none=1; unspec=1`,
    /// `samesite/third-party-iframe-sets` stores `unspec`).
    pub lax_by_default: bool,
    /// What third-party cookies do when the scenario does not say.
    pub default_third_party_cookies: ThirdPartyCookies,
    /// When a replacement keeps its place.
    pub replacement_place: ReplacementPlace,
    /// `__Host-` needs an explicit `Path=/` attribute. Chromium: yes; Firefox: no, the
    /// cookie's path must only end up `/` (`prefix/host-no-path-attr`, set from `/`).
    pub host_prefix_needs_path_attribute: bool,
    /// How the source scheme is derived.
    pub source_scheme: SourceSchemeRule,
    /// How refusals are told.
    pub reasons: ReasonVocabulary,
    /// A `document.cookie` write refused because it would overwrite an HttpOnly cookie stays
    /// visible to script. Firefox: yes (`httponly/script-cannot-overwrite-httponly` reads
    /// `h=2`: the content process's copy of the cookies does not know the HttpOnly one);
    /// Chromium: no.
    pub script_sees_refused_overwrites: bool,
}

/// Whether cookies go with (and come from) third-party requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ThirdPartyCookies {
    /// Chromium 156's default, in both off-the-record and regular profiles: a cross-site
    /// subresource or frame neither sends nor stores cookies (`UserPreferences`).
    #[default]
    Blocked,
    /// Firefox's default, Total Cookie Protection (`network.cookie.cookieBehavior = 5`): a
    /// cross-site subresource or frame has a cookie jar of its own for each top-level site, so
    /// it stores cookies there and sends only those (`samesite/third-party-iframe-sets` stores
    /// `none` and `unspec` under `(https,other.test)` and sends neither to the first party).
    Partitioned,
    /// The "allow third-party cookies" setting: only the SameSite rules apply.
    Allowed,
}

impl ThirdPartyCookies {
    /// `blocked`, `partitioned` or `allowed`, as scenarios spell it.
    pub fn name(self) -> &'static str {
        match self {
            ThirdPartyCookies::Blocked => "blocked",
            ThirdPartyCookies::Partitioned => "partitioned",
            ThirdPartyCookies::Allowed => "allowed",
        }
    }

    /// The setting called `name` (see [`ThirdPartyCookies::name`]).
    pub fn from_name(name: &str) -> Option<ThirdPartyCookies> {
        [
            ThirdPartyCookies::Blocked,
            ThirdPartyCookies::Partitioned,
            ThirdPartyCookies::Allowed,
        ]
        .into_iter()
        .find(|setting| setting.name() == name)
    }
}

/// Chromium 156.
pub const CHROMIUM: ProfileRules = ProfileRules {
    schemeful_same_site: true,
    lax_by_default: true,
    default_third_party_cookies: ThirdPartyCookies::Blocked,
    replacement_place: ReplacementPlace::KeptForSameValue,
    host_prefix_needs_path_attribute: true,
    source_scheme: SourceSchemeRule::TrustworthyForSecureCookies,
    reasons: ReasonVocabulary::DevTools,
    script_sees_refused_overwrites: false,
};

/// Firefox ESR 153 with its default preferences (`prefs_read_back` in the recording).
pub const FIREFOX: ProfileRules = ProfileRules {
    schemeful_same_site: false,
    lax_by_default: false,
    default_third_party_cookies: ThirdPartyCookies::Partitioned,
    replacement_place: ReplacementPlace::Kept,
    host_prefix_needs_path_attribute: false,
    source_scheme: SourceSchemeRule::UrlSchemeMerged,
    reasons: ReasonVocabulary::FirefoxConsole,
    script_sees_refused_overwrites: true,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_profiles_differ_where_recorded() {
        for profile in BrowserProfile::ALL {
            assert_eq!(BrowserProfile::from_name(profile.name()), Some(profile));
        }
        assert_eq!(BrowserProfile::from_name("safari"), None);
        assert_eq!(BrowserProfile::default().label(), "Chromium");
        let (c, f) = (CHROMIUM, FIREFOX);
        assert!(c.schemeful_same_site && !f.schemeful_same_site);
        assert!(c.lax_by_default && !f.lax_by_default);
        assert_ne!(c.default_third_party_cookies, f.default_third_party_cookies);
    }
}
