//! The page address: the fragment (`#v1.<data>&embed`), the `?embed=1` query and the link to
//! share (the snippets for documentation are in `snippets`).

use super::{decode, ShareError, SharedState};

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
    let base = page_url.split('#').next().unwrap_or_default();
    let base = match base.split_once('?') {
        Some((path, _)) => path,
        None => base,
    };
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
    use crate::ui::share::encode;
    use sessionscope_engine::scenario::{Engine, Scenario};

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
