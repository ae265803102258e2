//! `sessionscope decode --har FILE`: the session cookie of every request in a HAR, in order,
//! each value decoded at the time of its request.

use sessionscope_engine::decoder::words::date_words;
use sessionscope_engine::decoder::{har_timeline, is_session_key};

use super::text::{line, value_lines};
use super::{json_line, Request};
use crate::{Failure, Output};

/// Reads the HAR `text` for `request.cookie_name` and reports its story.
pub fn command(text: &str, request: &Request) -> Result<Output, Failure> {
    let timeline = har_timeline(text, &request.cookie_name).map_err(Failure::Input)?;
    let mut out = Vec::new();
    let mut rejected = false;
    if !request.json {
        out.push(line(
            "har",
            &format!(
                "{} requests; the cookie {}: {} events{}",
                timeline.entries,
                request.cookie_name,
                timeline.events.len(),
                if timeline.other_cookies.is_empty() {
                    String::new()
                } else {
                    format!("; other cookies: {}", timeline.other_cookies.join(", "))
                }
            ),
        ));
    }
    for event in &timeline.events {
        let at = event.at.unwrap_or(request.now);
        let diagnosis = event
            .value
            .as_deref()
            .and_then(|value| request.diagnose(value, at));
        if let (Some(diagnosis), Some(value)) = (&diagnosis, &event.value) {
            rejected |= diagnosis.verdict.is_rejection() && !is_session_key(value);
        }
        if request.json {
            if let Some(diagnosis) = &diagnosis {
                out.push(json_line(diagnosis).trim_end().to_owned());
            }
            continue;
        }
        out.push(String::new());
        out.push(format!(
            "#{} {}  {}{}: {}",
            event.entry,
            event
                .at
                .and_then(date_words)
                .unwrap_or_else(|| "(no time)".to_owned()),
            event.request,
            event.status.map_or(String::new(), |s| format!(" → {s}")),
            event.kind.words()
        ));
        if let Some(note) = &event.note {
            out.push(line("note", note));
        }
        for attribute in &event.attributes {
            out.push(line("attribute", attribute));
        }
        if let Some(value) = &event.value {
            out.extend(value_lines(value, diagnosis.as_ref(), request, at));
        }
    }
    Ok(Output {
        text: out.join("\n") + "\n",
        rejected,
    })
}
