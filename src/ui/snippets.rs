//! The snippets that embed a scenario in documentation, one per kind of page:
//!
//! - **HTML**: the `<iframe>` and the optional auto-height script (`embed.js`, shipped with
//!   the build), for any page that takes HTML;
//! - **Markdown** (MkDocs, Docusaurus, GitHub Pages' Jekyll): raw HTML is allowed in
//!   Markdown, but Docusaurus reads it as JSX (MDX), where a `style="…"` string, a comment or
//!   a `<script>` breaks the page; so this one is the bare `<iframe>` with plain attributes,
//!   and the script is added once in the site's configuration;
//! - **reStructuredText** (Sphinx): the HTML snippet indented under `.. raw:: html`.
//!
//! Every `<iframe>` has a `title` (screen readers announce frames by it) and
//! `loading="lazy"`, and no colour of its own: its border, when it has one, is drawn from the
//! surrounding text colour, so it suits a light and a dark documentation theme alike.

use super::markup::escape;
use super::page::address::{page_base, share_url};

/// The height an embed is given before the auto-height script (if any) sizes it: the stage
/// and its player fit it at every width from 320 to 800 pixels.
pub const DEFAULT_HEIGHT: u32 = 480;

/// The file name of the auto-height script in the build.
pub const AUTO_HEIGHT_SCRIPT: &str = "embed.js";

/// The kinds of documentation page a snippet is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnippetFormat {
    /// Plain HTML (any site generator that takes HTML, a hand-written page).
    Html,
    /// Markdown with raw HTML: MkDocs, Docusaurus (MDX), Jekyll.
    Markdown,
    /// reStructuredText: Sphinx, with `.. raw:: html`.
    RestructuredText,
}

impl SnippetFormat {
    /// Every format, in the order the Share panel offers them.
    pub const ALL: [SnippetFormat; 3] = [
        SnippetFormat::Html,
        SnippetFormat::Markdown,
        SnippetFormat::RestructuredText,
    ];

    /// The format's name on its tab.
    pub fn label(self) -> &'static str {
        match self {
            SnippetFormat::Html => "HTML",
            SnippetFormat::Markdown => "Markdown",
            SnippetFormat::RestructuredText => "reStructuredText",
        }
    }

    /// A short id (test ids, element ids).
    pub fn id(self) -> &'static str {
        match self {
            SnippetFormat::Html => "html",
            SnippetFormat::Markdown => "markdown",
            SnippetFormat::RestructuredText => "rst",
        }
    }

    /// Where the snippet goes, in one sentence.
    pub fn hint(self) -> &'static str {
        match self {
            SnippetFormat::Html => {
                "Paste it into any HTML page. The script makes each frame as tall as its content; without it the frame keeps its height."
            }
            SnippetFormat::Markdown => {
                "MkDocs, Docusaurus and Jekyll take this raw HTML as it is. For auto-height, add embed.js once to the site's scripts (MkDocs: extra_javascript; Docusaurus: scripts)."
            }
            SnippetFormat::RestructuredText => {
                "For Sphinx: the raw directive passes the HTML through to the page."
            }
        }
    }
}

/// The `<iframe>` alone, on one line.
pub fn iframe_tag(page_url: &str, fragment: &str, title: &str, styled: bool) -> String {
    let src = share_url(page_url, fragment, true);
    let style = if styled {
        // No colour of its own: a faint line in the text colour of the page around it.
        " style=\"border:1px solid color-mix(in srgb,currentColor 25%,transparent);border-radius:8px\""
    } else {
        ""
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{DEFAULT_HEIGHT}\" loading=\"lazy\"{style}></iframe>",
        escape(&src),
        escape(title)
    )
}

/// The address of the auto-height script next to the page at `page_url`.
pub fn script_url(page_url: &str) -> String {
    let base = page_base(page_url);
    let directory = match base.rfind('/') {
        Some(slash) => &base[..=slash],
        None => base,
    };
    format!("{directory}{AUTO_HEIGHT_SCRIPT}")
}

/// The auto-height script's tag.
fn script_tag(page_url: &str) -> String {
    format!(
        "<script src=\"{}\" defer></script>",
        escape(&script_url(page_url))
    )
}

/// The snippet in `format` that embeds the scenario `fragment` (`v1.…`) of the page at
/// `page_url`, titled `title`.
pub fn snippet(format: SnippetFormat, page_url: &str, fragment: &str, title: &str) -> String {
    match format {
        SnippetFormat::Html => format!(
            "{}\n{}",
            iframe_tag(page_url, fragment, title, true),
            script_tag(page_url)
        ),
        SnippetFormat::Markdown => iframe_tag(page_url, fragment, title, false),
        SnippetFormat::RestructuredText => format!(
            ".. raw:: html\n\n   {}\n   {}",
            iframe_tag(page_url, fragment, title, true),
            script_tag(page_url)
        ),
    }
}

/// The HTML snippet (kept for the callers that want just one).
pub fn iframe_snippet(page_url: &str, fragment: &str, title: &str) -> String {
    snippet(SnippetFormat::Html, page_url, fragment, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://example.org/docs/sessionscope/?step=2#v1.old";

    #[test]
    fn every_snippet_has_a_title_lazy_loading_and_the_embed_address() {
        for format in SnippetFormat::ALL {
            let text = snippet(format, PAGE, "v1.abc", "Bob's \"cart\" <tour>");
            assert!(
                text.contains(
                    "src=\"https://example.org/docs/sessionscope/?embed=1#v1.abc\" \
                     title=\"Bob&#39;s &quot;cart&quot; &lt;tour&gt;\""
                ),
                "{format:?}: {text}"
            );
            assert!(text.contains("loading=\"lazy\""), "{format:?}");
            if let Some(style) = text.split("style=\"").nth(1) {
                let style = style.split('"').next().unwrap();
                assert!(
                    !style.contains('#') && !style.contains("rgb(") && !style.contains("white"),
                    "no colour of its own: {style}"
                );
                assert!(style.contains("currentColor"), "{style}");
            }
        }
    }

    #[test]
    fn markdown_is_jsx_safe_for_docusaurus() {
        let text = snippet(SnippetFormat::Markdown, PAGE, "v1.abc", "T");
        assert!(!text.contains("style="), "{text}");
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("<!--"), "{text}");
        assert!(!text.contains('\n'), "{text}");
        assert!(text.ends_with("></iframe>"), "{text}");
    }

    #[test]
    fn html_and_rst_bring_the_auto_height_script_from_beside_the_page() {
        let html = snippet(SnippetFormat::Html, PAGE, "v1.abc", "T");
        assert!(html.ends_with(
            "\n<script src=\"https://example.org/docs/sessionscope/embed.js\" defer></script>"
        ));
        let rst = snippet(SnippetFormat::RestructuredText, PAGE, "v1.abc", "T");
        assert!(rst.starts_with(".. raw:: html\n\n   <iframe src="), "{rst}");
        assert!(
            rst.lines().skip(2).all(|line| line.starts_with("   ")),
            "every line of the directive's content is indented: {rst}"
        );
        assert_eq!(
            script_url("http://h/a/index.html?embed=1#x"),
            "http://h/a/embed.js"
        );
    }
}
