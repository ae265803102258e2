//! Each limit of the page, a plain number, and [`LimitError`], which names the one exceeded.

use std::fmt;

use sessionscope_engine::compress::MAX_DECOMPRESSED_LEN;

/// The most steps a scenario may have.
pub const MAX_STEPS: usize = 500;

/// The most data (as JSON) one step may carry: a session value, a default, a cookie text.
pub const MAX_STEP_DATA: usize = 16 * 1024;

/// The largest session (as JSON) the steps may build in one browser.
pub const MAX_SESSION_BYTES: usize = 16 * 1024;

/// The most session and key bytes all the requests together may encode, sign and verify.
pub const MAX_WORK_BYTES: usize = 1024 * 1024;

/// The most cookie bytes the steps may carry together: every cookie of every browser's jar
/// counted at every step, and again when a request sends it. A session cookie of 4 KB in one
/// browser over 500 steps counts about 4 MB.
pub const MAX_COOKIE_BYTES: usize = 8 * 1024 * 1024;

/// The longest scenario text (compact JSON, as share links and the saved state write it, its
/// session keys included): its document, with the fields around the scenario and secrets
/// withheld (each rotated key then becomes a placeholder of up to 24 characters), fits
/// [`MAX_DOCUMENT_BYTES`] with room to spare, so the page opens the link of every scenario it
/// accepts, or lets its buttons make; the link's length is bounded in turn
/// ([`MAX_FRAGMENT_LEN`] fits even a document that does not compress at all). Measured: a
/// document of 992 KiB of long request paths loaded in 1.5–2.1 s, this one in about half.
///
/// [`MAX_FRAGMENT_LEN`]: crate::ui::page::document::MAX_FRAGMENT_LEN
pub const MAX_SCENARIO_TEXT: usize = 512 * 1024;

/// The most cookie bytes Compare runs, all its engines together (see [`MAX_COOKIE_BYTES`]).
pub const MAX_COMPARE_COOKIE_BYTES: usize = 2 * MAX_COOKIE_BYTES;

/// The most work Compare runs, all its engines together (see [`MAX_WORK_BYTES`]).
pub const MAX_COMPARE_WORK_BYTES: usize = 3 * MAX_WORK_BYTES;

/// Above this many steps a re-run waits for the next frame, so the page first says it is
/// re-running (it takes about a millisecond per step), and quick changes share one re-run.
pub const DEFER_RERUN_ABOVE_STEPS: usize = 100;

/// The most bytes a share link's document or the saved playground may inflate to: the
/// engine's inflate limit, and never more than 1 MiB.
pub const MAX_DOCUMENT_BYTES: usize = if MAX_DECOMPRESSED_LEN < 1024 * 1024 {
    MAX_DECOMPRESSED_LEN
} else {
    1024 * 1024
};

/// Which limit a scenario is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    /// More than [`MAX_STEPS`] steps.
    TooManySteps { steps: usize },
    /// Step `step` (0-based) carries more than [`MAX_STEP_DATA`].
    StepTooLarge { step: usize, bytes: usize },
    /// A session over [`MAX_SESSION_BYTES`] by step `step` (0-based).
    SessionTooLarge { step: usize, bytes: usize },
    /// More than [`MAX_WORK_BYTES`] of work over `requests` requests.
    TooMuchWork { bytes: usize, requests: usize },
    /// More than [`MAX_COOKIE_BYTES`] of cookies over `steps` steps.
    TooManyCookieBytes { bytes: usize, steps: usize },
    /// A scenario text over [`MAX_SCENARIO_TEXT`].
    ScenarioTooLong { bytes: usize },
    /// Compare would run more than [`MAX_COMPARE_COOKIE_BYTES`] of cookies or
    /// [`MAX_COMPARE_WORK_BYTES`] of work on `engines` engines.
    CompareTooLarge {
        engines: usize,
        cookie_bytes: usize,
        work: usize,
    },
    /// A document over [`MAX_DOCUMENT_BYTES`] (its size, or `None` when inflating stopped at
    /// the limit).
    DocumentTooLarge { bytes: Option<usize> },
}

impl LimitError {
    /// The limit in words ("500 steps").
    pub fn limit(&self) -> String {
        match self {
            LimitError::TooManySteps { .. } => format!("{} steps", thousands(MAX_STEPS)),
            LimitError::StepTooLarge { .. } => format!("{} per step", bytes_text(MAX_STEP_DATA)),
            LimitError::SessionTooLarge { .. } => {
                format!("{} per session", bytes_text(MAX_SESSION_BYTES))
            }
            LimitError::TooMuchWork { .. } => bytes_text(MAX_WORK_BYTES),
            LimitError::TooManyCookieBytes { .. } => {
                format!("{} of cookies", bytes_text(MAX_COOKIE_BYTES))
            }
            LimitError::ScenarioTooLong { .. } => {
                format!("{} of scenario text", bytes_text(MAX_SCENARIO_TEXT))
            }
            LimitError::CompareTooLarge { cookie_bytes, .. } => {
                if *cookie_bytes > MAX_COMPARE_COOKIE_BYTES {
                    format!("{} of cookies", bytes_text(MAX_COMPARE_COOKIE_BYTES))
                } else {
                    format!(
                        "{} of sessions and keys",
                        bytes_text(MAX_COMPARE_WORK_BYTES)
                    )
                }
            }
            LimitError::DocumentTooLarge { .. } => bytes_text(MAX_DOCUMENT_BYTES),
        }
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::TooManySteps { steps } => write!(
                f,
                "the scenario has {} steps, and this page runs at most {}",
                thousands(*steps),
                self.limit()
            ),
            LimitError::StepTooLarge { step, bytes } => write!(
                f,
                "step {} carries {} of data, and this page takes at most {}",
                step + 1,
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::SessionTooLarge { step, bytes } => {
                // A planted cookie is inflated no further than just past the limit.
                let size = if *bytes == MAX_SESSION_BYTES + 1 {
                    format!("more than {}", bytes_text(MAX_SESSION_BYTES))
                } else {
                    format!("about {}", bytes_text(*bytes))
                };
                write!(
                    f,
                    "by step {} a session holds {size} of data, and this page takes at most {}",
                    step + 1,
                    self.limit()
                )
            }
            LimitError::TooMuchWork { bytes, requests } => write!(
                f,
                "its {} requests would encode and sign about {} of sessions and keys, and this \
                 page re-runs at most {} (say 250 requests of 4 KiB, or 60 of 16 KiB)",
                thousands(*requests),
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::TooManyCookieBytes { bytes, steps } => write!(
                f,
                "its {} steps would carry about {} of cookies (every cookie in every jar, at \
                 every step and again with every request that sends it), and this page runs at \
                 most {}",
                thousands(*steps),
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::ScenarioTooLong { bytes } => write!(
                f,
                "its text is {} (steps, request paths, cookie texts, session keys), and this \
                 page takes at most {}, so that its share link opens again",
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::CompareTooLarge {
                engines,
                cookie_bytes,
                work,
            } => {
                let (what, bytes) = if *cookie_bytes > MAX_COMPARE_COOKIE_BYTES {
                    ("cookies", *cookie_bytes)
                } else {
                    ("sessions and keys", *work)
                };
                write!(
                    f,
                    "run on {engines} engines, this scenario would carry about {} of {what}, \
                     and Compare runs at most {}; pick fewer engines or shorten the scenario",
                    bytes_text(bytes),
                    self.limit()
                )
            }
            LimitError::DocumentTooLarge { bytes: Some(bytes) } => write!(
                f,
                "it is {} once inflated, and this page reads at most {}",
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::DocumentTooLarge { bytes: None } => write!(
                f,
                "it inflates to more than {}, the most this page reads",
                self.limit()
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A size in bytes, KiB or MiB, as a person reads it.
pub fn bytes_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    if bytes >= KIB * KIB && bytes.is_multiple_of(KIB * KIB) {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB * KIB {
        format!("{:.1} MiB", bytes as f64 / (KIB * KIB) as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes >= KIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}
