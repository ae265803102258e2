//! The static rendering of a scenario: its steps as a self-contained HTML fragment, with no
//! script and nothing fetched, for documentation read without JavaScript, printed or indexed.
//!
//! It is the playground stage's content without the motion: per step the request with its
//! exact `Cookie` header, what `SessionMiddleware`, the view and the store did (the trace's
//! events, with the SQL, cache keys and files they carried), the response's `Set-Cookie`
//! lines, the browsers' jars and the store afterwards, each with its size in bytes as the
//! stage draws it (the UTF-8 length of the exact text). Everything shown is read from the
//! engine's [`Trace`] ([`crate::scenario::run`]), so its bytes are the playground's.
//!
//! The fragment is one `<section class="sessionscope-static">` with its own `<style>` (every
//! selector under that class), light and dark through custom properties: `data-theme="auto"`
//! follows `prefers-color-scheme`, `light` and `dark` force one. The exact bytes sit in
//! elements marked for machines as well as readers: `data-cookie-header` (a request's
//! `Cookie` header value), `data-set-cookie` (a `Set-Cookie` header value, as
//! `Morsel.OutputString()` renders it), `data-jar-value`, and `data-stored` (a row's
//! `session_data`, a cache entry's value as JSON, a file's content).

mod markup;
mod state;
mod step;
mod style;

pub use markup::escape_html;

use crate::scenario::Trace;
use crate::version::DjangoVersion;

/// The colours the fragment uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The reader's system setting (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The name used on the command line and in `data-theme`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme called `name`.
    pub fn from_name(name: &str) -> Option<Theme> {
        [Theme::Auto, Theme::Light, Theme::Dark]
            .into_iter()
            .find(|theme| theme.name() == name)
    }
}

/// What to render and how.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenderOptions {
    /// Only this step, counted from 1 as the playground's step chips and `?step=` count.
    pub step: Option<usize>,
    /// The colours.
    pub theme: Theme,
    /// One caption per step (a guided tour's), shown above the step; missing ones are left
    /// out.
    pub captions: Vec<String>,
    /// The heading; the scenario's name when `None`.
    pub title: Option<String>,
}

/// Why nothing was rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// `step` is 0 or past the last step.
    NoSuchStep {
        /// The step asked for.
        step: usize,
        /// How many steps the scenario has.
        steps: usize,
    },
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::NoSuchStep { step, steps } => write!(
                f,
                "there is no step {step}: the scenario has {steps} step{} (counted from 1)",
                if *steps == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// The HTML fragment for `trace`.
pub fn render(trace: &Trace, options: &RenderOptions) -> Result<String, RenderError> {
    let total = trace.steps.len();
    let chosen: Vec<usize> = match options.step {
        Some(step) if step == 0 || step > total => {
            return Err(RenderError::NoSuchStep { step, steps: total })
        }
        Some(step) => vec![step - 1],
        None => (0..total).collect(),
    };
    let django = trace.django.unwrap_or(DjangoVersion::DEFAULT);
    let title = options.title.as_deref().unwrap_or(&trace.scenario);
    let mut html = format!(
        "<section class=\"sessionscope-static\" data-theme=\"{theme}\" data-engine=\"{engine}\" \
data-django=\"{django}\" aria-label=\"{label}\">",
        theme = options.theme.name(),
        engine = trace.engine.name(),
        django = django.name(),
        label = escape_html(&format!("Sessionscope: {title}, step by step")),
    );
    html.push_str(&style::style_element());
    html.push_str(&format!(
        "<header class=\"ss-head\"><p class=\"ss-title\">Sessionscope: {title}</p>\
<p class=\"ss-meta\">SESSION_ENGINE <code>django.contrib.sessions.backends.{engine}</code> · \
Django {release} · {count}</p></header>",
        title = escape_html(title),
        engine = trace.engine.name(),
        release = django.patch_release(),
        count = match options.step {
            Some(step) => format!("step {step} of {total}"),
            None => format!("{total} step{}", if total == 1 { "" } else { "s" }),
        },
    ));
    html.push_str("<ol class=\"ss-steps\">");
    for index in chosen {
        let caption = options.captions.get(index).map(String::as_str);
        html.push_str(&step::step_html(trace, index, caption));
    }
    html.push_str("</ol></section>\n");
    Ok(html)
}
