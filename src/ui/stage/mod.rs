//! The stage's plain logic, for the animated sequence stage in `components::stage`:
//!
//! - [`beats`]: the choreography, what each engine event does on the stage (an envelope
//!   travelling between the browser, Django and the store, landing in or bouncing off the jar,
//!   or a part of Django at work; how long it lasts is the player's pacing,
//!   [`crate::ui::pacing`]);
//! - [`scale`]: the size scale that turns bytes into an envelope's width;
//! - [`actors`]: the cookie jar and the session store drawn with their contents;
//! - [`effect`]: what a setting changed mid-scenario did to the bytes on the wire;
//! - [`chips`]: distinct short labels for the step chips;
//! - [`reasons`]: one line on why a cookie was refused or kept back (rules browsers);
//! - [`html`]: the envelope, the shelves, the legend and a setting's before/after as HTML.
//!
//! Everything here is computed from the engine's trace; the components only draw it.

pub mod actors;
pub mod beats;
pub mod chips;
pub mod effect;
pub mod html;
pub mod reasons;
pub mod scale;
