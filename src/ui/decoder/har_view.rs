//! A pasted or dropped HAR, read as its session cookie's story: the engine's timeline, each
//! value sent or set diagnosed at the time of its request.

use sessionscope_engine::decoder::{diagnose, DecodeOptions, Diagnosis, HarTimeline};

/// The timeline (or why there is none) and a diagnosis per event, with what the diagnoses
/// tried.
#[derive(Clone, Debug, PartialEq)]
pub struct HarView {
    /// The engine's timeline, or why the HAR has none (no cookies, not a HAR).
    pub timeline: Result<HarTimeline, String>,
    /// One per event: the diagnosis of its value (with keys, for events with a value).
    pub diagnoses: Vec<Option<Diagnosis>>,
    /// The salt asked for.
    pub salt: Option<String>,
    /// How many fallbacks were tried.
    pub fallbacks: usize,
}

impl HarView {
    /// Diagnoses every value of `timeline` with the form's options, each at its request's
    /// time (the form's time when the HAR has none).
    pub fn new(timeline: Result<HarTimeline, String>, options: &DecodeOptions) -> HarView {
        let diagnoses = match (&timeline, &options.keys) {
            (Ok(timeline), Some(keys)) => timeline
                .events
                .iter()
                .map(|event| {
                    let value = event.value.as_deref()?;
                    Some(diagnose(
                        value,
                        keys,
                        options.salt.as_deref(),
                        options.age_limit,
                        event.at.unwrap_or(options.now),
                    ))
                })
                .collect(),
            (Ok(timeline), None) => vec![None; timeline.events.len()],
            (Err(_), _) => Vec::new(),
        };
        HarView {
            timeline,
            diagnoses,
            salt: options.salt.clone(),
            fallbacks: options.keys.as_ref().map_or(0, |k| k.fallbacks.len()),
        }
    }
}
