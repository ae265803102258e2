//! The page's address: the fragment (`#v1.<data>&embed`: a share link, [`super::document`]),
//! the link to share, and the query parameters, allow-listed: `embed=1` (the compact view for an
//! `<iframe>`), `theme=light|dark|auto`, `step=N` (open at step N, 1-based, as the tour
//! captions and the step chips count), `autoplay=1` (the embed plays its first step on
//! load), `django=4.2|5.2|6.0|6.1` (the Django version an embed runs its scenario on) and
//! `browser=chromium|firefox` (the browser whose cookie rules an embed runs it with).
//! Anything else in the query is ignored; a parameter with a value it does not know
//! is ignored too, so a mistyped link still opens.
//!
//! The playground writes its own place back into the address ([`playground_address`]): the
//! scenario in the fragment (`#v1.…`, as a share link without secrets) and the step in
//! `?step=`, so a reload, a bookmark or a copied address shows the same thing.

use sessionscope_engine::browser::rules::BrowserProfile;
use sessionscope_engine::version::DjangoVersion;

use super::document::{decode, ShareError, SharedState};

/// The colours the page uses: the same three as the static rendering's (`theme=auto|light|dark`
/// names both).
pub use sessionscope_engine::render::Theme;

/// The `data-theme` attribute the root element gets for `theme` (`None`: follow the system).
pub fn forced_theme(theme: Theme) -> Option<&'static str> {
    (theme != Theme::Auto).then(|| theme.name())
}

/// What the query asks of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageParams {
    /// `embed=1`: only the stage and its player.
    pub embed: bool,
    /// `theme=`.
    pub theme: Theme,
    /// `step=N`, kept 0-based: the step to open at.
    pub step: Option<usize>,
    /// `autoplay=1`: the embed plays its first step (not with reduced motion).
    pub autoplay: bool,
    /// `django=4.2` (`5.2`, `6.0`, `6.1`): the version an embed runs its scenario on, whatever
    /// the scenario names. The full playground ignores it (its scenario carries the version),
    /// and so does [`PageParams::query`].
    pub django: Option<DjangoVersion>,
    /// `browser=chromium` (`firefox`): the browser whose cookie rules an embed runs its
    /// scenario with, whatever the scenario names. Ignored like `django=` by the full page and
    /// by [`PageParams::query`].
    pub browser: Option<BrowserProfile>,
}

/// The longest step number read (a scenario has at most a few hundred steps).
const MAX_STEP_DIGITS: usize = 6;

impl PageParams {
    /// Reads `location.search` (with or without its `?`).
    pub fn parse(search: &str) -> PageParams {
        let query = search.strip_prefix('?').unwrap_or(search);
        let mut params = PageParams {
            embed: query_wants_embed(query),
            ..PageParams::default()
        };
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match name {
                "theme" => {
                    if let Some(theme) = Theme::from_name(&value.to_ascii_lowercase()) {
                        params.theme = theme;
                    }
                }
                "step" => {
                    if let Some(step) = parse_step(value) {
                        params.step = Some(step);
                    }
                }
                "autoplay" => params.autoplay = is_true(value),
                "django" => {
                    if let Some(version) = DjangoVersion::from_name(value) {
                        params.django = Some(version);
                    }
                }
                "browser" => {
                    if let Some(browser) = BrowserProfile::from_name(value) {
                        params.browser = Some(browser);
                    }
                }
                _ => {}
            }
        }
        params
    }

    /// The query for these parameters (`?embed=1&theme=dark&step=4`), or `""`; in a fixed
    /// order, leaving out the defaults and `django=` (the scenario the address carries names
    /// the version).
    pub fn query(&self) -> String {
        let mut pairs = Vec::new();
        if self.embed {
            pairs.push("embed=1".to_owned());
        }
        if let Some(theme) = forced_theme(self.theme) {
            pairs.push(format!("theme={theme}"));
        }
        if let Some(step) = self.step {
            pairs.push(format!("step={}", step + 1));
        }
        if self.autoplay {
            pairs.push("autoplay=1".to_owned());
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// `N` of `step=N` as a 0-based step: a positive decimal number of at most six digits.
fn parse_step(value: &str) -> Option<usize> {
    if value.is_empty()
        || value.len() > MAX_STEP_DIGITS
        || !value.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    value.parse::<usize>().ok()?.checked_sub(1)
}

fn is_true(value: &str) -> bool {
    matches!(value, "" | "1" | "true" | "yes")
}

/// A page address split once: what comes before the query, and the query (without its `?`,
/// empty when there is none); the fragment is left out.
fn split_address(page_url: &str) -> (&str, &str) {
    let without_fragment = page_url.split('#').next().unwrap_or_default();
    without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""))
}

/// The page's address without query or fragment.
pub fn page_base(page_url: &str) -> &str {
    split_address(page_url).0
}

/// The playground's address for its current place: the page's own query parameters kept
/// (the theme), `step` replaced by `step` (`None` at the end of the scenario, the default
/// place), and the scenario's fragment (`v1.…`, without secrets: see
/// [`super::document::encode`]).
pub fn playground_address(page_url: &str, fragment: &str, step: Option<usize>) -> String {
    let (base, current) = split_address(page_url);
    let params = PageParams {
        step,
        ..PageParams::parse(current)
    };
    format!("{base}{}#{fragment}", params.query())
}

/// The step to open at, when the scenario has `steps` steps: `step=` if it names one of them.
pub fn opening_step(params: &PageParams, steps: usize) -> Option<usize> {
    params.step.filter(|&step| step < steps)
}

/// The fragment flag asking for the compact embedded view.
pub const EMBED_FLAG: &str = "embed";

/// What the page's fragment asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    /// The shared state, if the fragment carries one (`None`: no `v…` part at all).
    pub shared: Option<Result<SharedState, ShareError>>,
    /// `&embed`: render only the stage and the player.
    pub embed: bool,
}

/// Reads `location.hash` (with or without its `#`).
pub fn parse_fragment(hash: &str) -> Fragment {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut parts = hash.split('&');
    let data = parts.next().unwrap_or_default();
    let embed = parts.any(|flag| flag == EMBED_FLAG) || data == EMBED_FLAG;
    let shared = if data.is_empty() || data == EMBED_FLAG {
        None
    } else {
        Some(decode(data))
    };
    Fragment { shared, embed }
}

/// The page address with `fragment` (`v1.…`) and optionally the embed query.
pub fn share_url(page_url: &str, fragment: &str, embed: bool) -> String {
    let base = page_base(page_url);
    if embed {
        format!("{base}?embed=1#{fragment}")
    } else {
        format!("{base}#{fragment}")
    }
}

/// Whether the page's query string asks for the embedded view (`?embed=1`, `?embed`).
pub fn query_wants_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| matches!(pair, "embed" | "embed=1" | "embed=true"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::page::document::encode;
    use sessionscope_engine::scenario::{Engine, Scenario};

    #[test]
    fn the_allow_listed_parameters_are_read() {
        let params =
            PageParams::parse("?embed=1&theme=dark&step=4&autoplay=1&django=4.2&browser=firefox");
        assert_eq!(
            params,
            PageParams {
                embed: true,
                theme: Theme::Dark,
                step: Some(3),
                autoplay: true,
                django: Some(DjangoVersion::V4_2),
                browser: Some(BrowserProfile::Firefox),
            }
        );
        assert_eq!(PageParams::parse("browser=safari").browser, None);
        assert_eq!(params.query(), "?embed=1&theme=dark&step=4&autoplay=1");
        assert_eq!(
            PageParams::parse("django=6.1").django,
            Some(DjangoVersion::V6_1)
        );
        assert_eq!(PageParams::parse("theme=LIGHT").theme, Theme::Light);
        assert_eq!(PageParams::parse("?theme=auto").theme, Theme::Auto);
        assert_eq!(PageParams::parse(""), PageParams::default());
    }

    #[test]
    fn unknown_parameters_and_values_are_ignored() {
        let params = PageParams::parse(
            "?utm_source=docs&theme=purple&step=x&foo&autoplay=0&django=5.0&django=",
        );
        assert_eq!(params, PageParams::default());
        for bad in ["0", "-1", "1e3", "9999999", "", "+2", "٣"] {
            assert_eq!(
                PageParams::parse(&format!("step={bad}")).step,
                None,
                "step={bad}"
            );
        }
        assert_eq!(PageParams::parse("step=1").step, Some(0));
        assert_eq!(PageParams::parse("step=999999").step, Some(999_998));
    }

    #[test]
    fn the_query_writes_back_what_it_read_without_the_defaults() {
        for query in [
            "",
            "?embed=1",
            "?theme=dark&step=2",
            "?embed=1&theme=light&step=12&autoplay=1",
        ] {
            assert_eq!(PageParams::parse(query).query(), query);
        }
        assert_eq!(
            PageParams::parse("?step=3&junk=1&theme=auto").query(),
            "?step=3"
        );
        assert_eq!(PageParams::parse("?embed=1&django=4.2").query(), "?embed=1");
    }

    #[test]
    fn the_playground_address_keeps_the_theme_and_replaces_the_step_and_fragment() {
        let page = "https://example.org/docs/sessionscope/?theme=dark&step=2&x=1#v1.old&embed";
        assert_eq!(
            playground_address(page, "v1.new", Some(4)),
            "https://example.org/docs/sessionscope/?theme=dark&step=5#v1.new"
        );
        assert_eq!(
            playground_address("http://h/p/index.html#v1.old", "v1.new", None),
            "http://h/p/index.html#v1.new"
        );
        assert_eq!(page_base("http://h/a/?q#f"), "http://h/a/");
    }

    #[test]
    fn a_step_outside_the_scenario_opens_nowhere_special() {
        let params = PageParams::parse("step=3");
        assert_eq!(opening_step(&params, 3), Some(2));
        assert_eq!(opening_step(&params, 2), None);
        assert_eq!(opening_step(&PageParams::default(), 2), None);
    }

    #[test]
    fn fragments_carry_flags() {
        let data = encode(&Scenario::new("x", Engine::Cache), 1, true);
        let fragment = parse_fragment(&format!("#{data}&embed"));
        assert!(fragment.embed);
        assert_eq!(
            fragment.shared.unwrap().unwrap().scenario.engine,
            Engine::Cache
        );
        assert_eq!(
            parse_fragment(""),
            Fragment {
                shared: None,
                embed: false
            }
        );
        assert!(parse_fragment("#embed").embed);
        assert!(matches!(
            parse_fragment("#garbage").shared,
            Some(Err(ShareError::NotAShareLink))
        ));
    }

    #[test]
    fn urls_and_snippets() {
        let page = "https://example.org/play/?embed=1#v1.old";
        assert_eq!(
            share_url(page, "v1.abc", false),
            "https://example.org/play/#v1.abc"
        );
        assert_eq!(
            share_url(page, "v1.abc", true),
            "https://example.org/play/?embed=1#v1.abc"
        );
        assert!(query_wants_embed("?embed=1"));
        assert!(query_wants_embed("?a=b&embed"));
        assert!(!query_wants_embed("?embedded=1"));
    }
}
