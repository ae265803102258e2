//! The stage's drawn parts as HTML text (one `inner_html` each, see [`crate::ui::markup`]):
//! the envelope on the wire, a shelf of records, the scale legend and a setting's before and
//! after. Each is redrawn whole when its data changes, which also restarts its CSS animation.

use super::actors::Shelf;
use super::beats::{Envelope, Motion};
use super::effect::SettingEffect;
use super::scale::{bytes_text, legend, width_px, LEGEND_SAMPLES};
use crate::ui::event_text::StageLane;
use crate::ui::markup::Markup;

/// The centre of a column on the wire, in tenths of a percent of its width.
pub fn column_centre(lane: StageLane) -> u32 {
    match lane {
        StageLane::Browser => 167,
        StageLane::Django => 500,
        StageLane::Store => 833,
    }
}

/// Tenths of a percent as CSS: `16.7%`.
fn percent(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// How an envelope is placed: where its flight starts and ends (percentages of the wire)
/// and the CSS class of its motion. A parked envelope stays in `column`.
pub fn flight(envelope: &Envelope, column: StageLane, parked: bool) -> (u32, u32, &'static str) {
    if parked {
        let at = column_centre(column);
        return (at, at, "parked");
    }
    match envelope.motion {
        Motion::Travel { from, to } => (column_centre(from), column_centre(to), "travel"),
        Motion::Land => {
            let jar = column_centre(StageLane::Browser);
            (jar, jar, "land")
        }
        Motion::Bounce => (
            column_centre(StageLane::Django) - 120,
            column_centre(StageLane::Browser),
            "bounce",
        ),
        Motion::Work => {
            let at = column_centre(column);
            (at, at, "work")
        }
    }
}

/// The envelope on the wire: its flight (`--from`, `--to`, `--dur`) and its width (`--w`).
pub fn envelope_html(
    envelope: &Envelope,
    column: StageLane,
    motion_ms: u32,
    parked: bool,
) -> String {
    let (from, to, motion) = flight(envelope, column, parked);
    let style = format!(
        "--from:{};--to:{};--w:{}px;--dur:{motion_ms}ms",
        percent(from),
        percent(to),
        envelope.width_px
    );
    let preview: String = envelope.text.chars().take(160).collect();
    let bytes = envelope.bytes.to_string();
    let mut m = Markup::new();
    m.element(
        "div",
        &[("class", &format!("flight {motion}")), ("style", &style)],
        |m| {
            let class = format!("envelope {}", envelope.cargo.css_class());
            let attributes = [
                ("class", class.as_str()),
                ("data-testid", "envelope"),
                ("data-bytes", bytes.as_str()),
                ("title", envelope.text.as_str()),
            ];
            m.element("div", &attributes, |m| {
                let bytes = bytes_text(envelope.bytes);
                m.text_element("span", &[("class", "env-bytes")], &bytes);
                m.text_element("strong", &[], &envelope.title);
                m.text_element("code", &[("class", "env-text")], &preview);
                if let Some(note) = &envelope.note {
                    m.text_element(
                        "span",
                        &[("class", "env-note"), ("data-testid", "env-note")],
                        note,
                    );
                }
            });
        },
    );
    m.into_string()
}

/// A step that is not a request, as a card in the middle of the wire.
pub fn world_html(label: &str) -> String {
    let mut m = Markup::new();
    let style = format!("--from:{0};--to:{0};--w:140px;--dur:400ms", percent(500));
    m.element("div", &[("class", "flight work"), ("style", &style)], |m| {
        m.element(
            "div",
            &[("class", "envelope world"), ("data-testid", "world-step")],
            |m| {
                m.text_element("strong", &[], label);
            },
        );
    });
    m.into_string()
}

/// A shelf: its title, what the bars measure, and a row per record.
pub fn shelf_html(shelf: &Shelf) -> String {
    let mut m = Markup::new();
    m.element("div", &[("class", "shelf-title")], |m| {
        m.text_element("span", &[], &shelf.title);
        m.text_element("small", &[], &format!("bar: {}", shelf.measures));
    });
    if shelf.records.is_empty() {
        m.text_element("p", &[("class", "shelf-empty")], &shelf.empty);
        return m.into_string();
    }
    m.element("ul", &[("class", "records")], |m| {
        for record in &shelf.records {
            let class = match record.touch {
                Some(touch) => format!("record {}", touch.css_class()),
                None => "record".to_owned(),
            };
            let bytes = record.bytes.to_string();
            let attributes = [
                ("class", class.as_str()),
                ("title", record.full_name.as_str()),
                ("data-bytes", bytes.as_str()),
            ];
            m.element("li", &attributes, |m| {
                m.text_element("span", &[("class", "record-name")], &record.name);
                m.text_element(
                    "span",
                    &[("class", "record-bytes")],
                    &bytes_text(record.bytes),
                );
                let bar = format!("width:{}px", record.width_px);
                m.text_element("span", &[("class", "record-bar"), ("style", &bar)], "");
                m.text_element("span", &[("class", "record-note")], &record.note);
                if let Some(why) = &record.held_back {
                    m.text_element(
                        "span",
                        &[("class", "held-back"), ("data-testid", "held-back")],
                        why,
                    );
                }
            });
        }
        if shelf.hidden > 0 {
            m.text_element(
                "li",
                &[("class", "record more")],
                &format!("+ {} more", shelf.hidden),
            );
        }
    });
    m.into_string()
}

/// The scale, said in words with a sample bar for 40 B, 400 B and 4 KB.
pub fn legend_html() -> String {
    let mut m = Markup::new();
    m.text_element("span", &[], &format!("Real sizes: {}:", legend()));
    for bytes in LEGEND_SAMPLES {
        m.element("span", &[("class", "sample")], |m| {
            let bar = format!("width:{}px", width_px(bytes));
            m.text_element("span", &[("class", "sample-bar"), ("style", &bar)], "");
            m.text(&bytes_text(bytes));
        });
    }
    m.into_string()
}

/// A setting's effect: the bytes before and after, side by side.
pub fn before_after_html(effect: &SettingEffect) -> String {
    let mut m = Markup::new();
    for (class, label, lines) in [
        ("before", "before ", &effect.before),
        ("after", "after  ", &effect.after),
    ] {
        m.element("pre", &[("class", class)], |m| {
            m.text_element("b", &[], label);
            m.text(&lines.join("\n"));
        });
    }
    m.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stage::actors::{Record, Touch};
    use crate::ui::stage::beats::Cargo;

    fn envelope(motion: Motion, text: &str) -> Envelope {
        Envelope {
            motion,
            cargo: Cargo::Request,
            title: "Cookie".into(),
            text: text.into(),
            bytes: text.len(),
            width_px: 99,
            note: None,
        }
    }

    #[test]
    fn a_request_flies_from_the_browser_to_django_with_its_bytes_escaped() {
        let motion = Motion::Travel {
            from: StageLane::Browser,
            to: StageLane::Django,
        };
        let html = envelope_html(&envelope(motion, "a=<b>"), StageLane::Django, 700, false);
        assert!(html.starts_with("<div class=\"flight travel\" data-style=\"--from:16.7%;--to:50.0%;--w:99px;--dur:700ms\">"), "{html}");
        assert!(html.contains("data-bytes=\"5\""));
        assert!(html.contains("a=&lt;b&gt;"));
        assert!(html.contains("5 B"));
    }

    #[test]
    fn a_parked_envelope_stays_in_its_column() {
        let motion = Motion::Travel {
            from: StageLane::Browser,
            to: StageLane::Django,
        };
        let (from, to, class) = flight(&envelope(motion, ""), StageLane::Django, true);
        assert_eq!((from, to, class), (500, 500, "parked"));
        let (from, to, _) = flight(&envelope(Motion::Bounce, ""), StageLane::Browser, false);
        assert!(from > to, "a bounce comes from Django's side");
    }

    #[test]
    fn shelves_draw_each_record_with_its_bar_and_mark_the_touched_one() {
        let shelf = Shelf {
            title: "django_session".into(),
            measures: "session_data",
            records: vec![Record {
                name: "abc".into(),
                full_name: "abcdef".into(),
                bytes: 74,
                width_px: 104,
                note: "expire_date 2026-12-11 16:10".into(),
                touch: Some(Touch::Write),
                held_back: None,
            }],
            hidden: 2,
            empty: "No rows.".into(),
        };
        let html = shelf_html(&shelf);
        assert!(
            html.contains("<li class=\"record touch-write\" title=\"abcdef\" data-bytes=\"74\">")
        );
        assert!(html.contains("data-style=\"width:104px\""));
        assert!(html.contains("+ 2 more"));
        let empty = Shelf {
            records: Vec::new(),
            hidden: 0,
            ..shelf
        };
        assert!(shelf_html(&empty).contains("<p class=\"shelf-empty\">No rows.</p>"));
        assert!(legend_html().contains("4096 B"));
        assert!(world_html("+1 h").contains("<strong>+1 h</strong>"));
    }
}
