//! One decode as a series of pieces of work, each short enough to run between two paints:
//! read the value (base64, inflate, JSON), make the signature checks a slice at a time
//! ([`super::checks`]), then reach the verdict. The page runs one piece per task and can stop
//! between any two; [`super::decode_prepared`] runs them all at once.

use sessionscope_engine::decoder::{
    diagnose, read_cookie, verdict_after_checks, DecodeOptions, DecodedCookie, Diagnosis,
};

use super::checks::{CheckMemo, CheckProgress, CheckRun};
use super::har_view::HarView;
use super::input::{prepare, Checked, Decoded, DecoderInput, Outcome, Prepared};

/// The longest value diagnosed: the diagnosis repeats the checks with SHA-1 and the other
/// salts, cheap for a cookie (at most 4096 bytes) but not for a megabyte of `session_data`.
pub const DIAGNOSIS_MAX_BYTES: usize = 64 * 1024;

/// What a piece of work left.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// The value is read; the signature checks come next (the reading can be shown, with how
    /// many checks there are).
    Read(Box<Decoded>),
    /// A slice of checks was made.
    Checked(CheckProgress),
    /// The decode is over.
    Finished(Outcome),
}

/// A decode under way.
#[derive(Clone, Debug)]
pub struct DecodeJob {
    prepared: Prepared,
    options: DecodeOptions,
    bad_seconds: Option<String>,
    reading: Option<DecodedCookie>,
    run: Option<CheckRun>,
}

impl DecodeJob {
    /// A decode of `prepared` with the form's keys, salt and `max_age` at `now`.
    pub fn new(prepared: Prepared, input: &DecoderInput, now: f64) -> DecodeJob {
        let (age_limit, bad_seconds) = match input.age_limit() {
            Ok(limit) => (limit, None),
            Err(message) => (
                sessionscope_engine::decoder::AgeLimit::Unlimited,
                Some(message),
            ),
        };
        // Seconds that do not read leave the signature unchecked.
        let keys = if bad_seconds.is_some() {
            None
        } else {
            input.keys()
        };
        DecodeJob {
            prepared,
            options: DecodeOptions {
                keys,
                salt: input.salt(),
                age_limit,
                now,
            },
            bad_seconds,
            reading: None,
            run: None,
        }
    }

    /// Does the next piece of work. A slice of checks stops when `keep_going` (asked with
    /// the bytes hashed so far) says so; checks `memo` remembers are not made again.
    pub fn next_piece(
        &mut self,
        memo: &mut CheckMemo,
        keep_going: impl FnMut(usize) -> bool,
    ) -> Piece {
        if let Err(refusal) = &self.prepared.size {
            return Piece::Finished(Outcome::Refused(refusal.clone()));
        }
        if let Some(timeline) = &self.prepared.har {
            return Piece::Finished(Outcome::Har(Box::new(HarView::new(
                timeline.clone(),
                &self.options,
            ))));
        }
        let Some(reading) = &self.reading else {
            return self.read();
        };
        let Some(run) = &mut self.run else {
            return Piece::Finished(self.outcome(reading.clone(), Checked::All));
        };
        if !run.is_done() {
            run.run_slice(memo, keep_going);
            if !run.is_done() {
                return Piece::Checked(run.progress());
            }
        }
        let mut cookie = reading.clone();
        let mut diagnosis = None;
        if let Some(keys) = &self.options.keys {
            cookie.verdict =
                verdict_after_checks(&cookie.value, keys, &self.options, run.first_match());
            diagnosis = self.diagnosis(&cookie.value);
        }
        let mut decoded = self.decoded(cookie, Checked::All);
        decoded.diagnosis = diagnosis;
        Piece::Finished(Outcome::Decoded(Box::new(decoded)))
    }

    /// The reading so far with the checks left unmade: what Stop shows (`None` before the
    /// value was read).
    pub fn stop(&self) -> Option<Outcome> {
        let reading = self.reading.clone()?;
        let progress = self.run.as_ref()?.progress();
        Some(self.outcome(reading, Checked::Stopped(progress)))
    }

    /// The bytes the checks left would hash (0 before the value is read or without keys).
    pub fn check_bytes_left(&self, memo: &CheckMemo) -> usize {
        self.run.as_ref().map_or(0, |run| run.bytes_left(memo))
    }

    fn read(&mut self) -> Piece {
        let reading = read_cookie(&self.prepared.value, self.options.now);
        self.run = match (&self.options.keys, &reading.signed) {
            (Some(keys), Some(_)) => {
                Some(CheckRun::new(&reading.value, keys.clone(), &self.options))
            }
            _ => None,
        };
        let checked = match &self.run {
            Some(run) => Checked::UnderWay(run.progress()),
            None => Checked::All,
        };
        let shown = self.decoded(reading.clone(), checked);
        self.reading = Some(reading);
        Piece::Read(Box::new(shown))
    }

    /// The diagnosis of `value` with the form's keys, salt and `max_age`.
    fn diagnosis(&self, value: &str) -> Option<Diagnosis> {
        let keys = self.options.keys.as_ref()?;
        (value.len() <= DIAGNOSIS_MAX_BYTES).then(|| {
            diagnose(
                value,
                keys,
                self.options.salt.as_deref(),
                self.options.age_limit,
                self.options.now,
            )
        })
    }

    fn outcome(&self, cookie: DecodedCookie, checked: Checked) -> Outcome {
        Outcome::Decoded(Box::new(self.decoded(cookie, checked)))
    }

    fn decoded(&self, cookie: DecodedCookie, checked: Checked) -> Decoded {
        Decoded {
            cleaned: self.prepared.cleaned.clone(),
            found: self.prepared.found.clone(),
            cookie,
            diagnosis: None,
            bad_seconds: self.bad_seconds.clone(),
            options: self.options.clone(),
            checked,
        }
    }
}

/// Decodes a prepared paste with the form's keys, salt and `max_age` at `now` (Unix
/// seconds), every piece of work at once (the page runs them one per task: [`DecodeJob`]).
pub fn decode_prepared(prepared: &Prepared, input: &DecoderInput, now: f64) -> Outcome {
    let mut job = DecodeJob::new(prepared.clone(), input, now);
    let mut memo = CheckMemo::default();
    loop {
        if let Piece::Finished(outcome) = job.next_piece(&mut memo, |_| true) {
            return outcome;
        }
    }
}

/// [`prepare`] then [`decode_prepared`]; `None` for an empty paste.
pub fn decode(input: &DecoderInput, now: f64) -> Option<Outcome> {
    prepare(input, now).map(|prepared| decode_prepared(&prepared, input, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::decoder::{decode, prepare};
    use sessionscope_engine::decoder::{decode_cookie, Verdict};
    use sessionscope_engine::json::Value;
    use sessionscope_engine::session::SIGNED_COOKIE_SALT;
    use sessionscope_engine::signing::dumps;

    const NOW: f64 = 1_700_000_000.0;

    fn input(value: &str, fallbacks: usize) -> DecoderInput {
        DecoderInput {
            value: value.to_owned(),
            secret_key: "secret".into(),
            fallbacks: (0..fallbacks)
                .map(|i| format!("fallback-{i}"))
                .collect::<Vec<_>>()
                .join("\n"),
            ..DecoderInput::default()
        }
    }

    fn value_signed_by(key: &str) -> String {
        dumps(
            &Value::from("x".repeat(10_000)),
            key,
            SIGNED_COOKIE_SALT,
            false,
            NOW,
        )
    }

    #[test]
    fn the_pieces_read_then_check_in_slices_then_give_the_engines_verdict() {
        let form = input(&value_signed_by("fallback-40"), 50);
        let mut job = DecodeJob::new(prepare(&form, NOW).unwrap(), &form, NOW + 60.0);
        let mut memo = CheckMemo::default();
        let Piece::Read(shown) = job.next_piece(&mut memo, |_| true) else {
            panic!("reading comes first");
        };
        assert_eq!(
            shown.checked,
            Checked::UnderWay(CheckProgress {
                made: 0,
                total: 153,
                keys: 51,
                salts: 3
            })
        );
        assert!(job.check_bytes_left(&memo) > 153 * 10_000);
        let mut slices = 0;
        let outcome = loop {
            match job.next_piece(&mut memo, |_| false) {
                Piece::Checked(progress) => {
                    slices += 1;
                    assert_eq!(progress.made, slices);
                }
                Piece::Finished(outcome) => break outcome,
                Piece::Read(_) => panic!("read twice"),
            }
        };
        assert_eq!(slices, 41, "one check a slice until fallback 40 matches");
        let Outcome::Decoded(decoded) = outcome else {
            panic!()
        };
        let whole = decode_cookie(&form.value, &decoded.options);
        assert_eq!(decoded.cookie, whole);
        assert!(matches!(decoded.cookie.verdict, Verdict::Valid { .. }));
        assert_eq!(decoded.checked, Checked::All);
        assert_eq!(decode(&form, NOW + 60.0), Some(Outcome::Decoded(decoded)));
    }

    #[test]
    fn stop_keeps_the_reading_and_says_how_far_the_checks_got() {
        let form = input(&value_signed_by("nobody"), 9);
        let mut job = DecodeJob::new(prepare(&form, NOW).unwrap(), &form, NOW);
        let mut memo = CheckMemo::default();
        assert_eq!(job.stop(), None);
        job.next_piece(&mut memo, |_| false);
        job.next_piece(&mut memo, |_| false);
        job.next_piece(&mut memo, |_| false);
        let Some(Outcome::Decoded(stopped)) = job.stop() else {
            panic!()
        };
        assert_eq!(
            stopped.checked,
            Checked::Stopped(CheckProgress {
                made: 2,
                total: 30,
                keys: 10,
                salts: 3
            })
        );
        assert_eq!(stopped.cookie.verdict, Verdict::NotVerified);
        assert!(stopped.cookie.signed.is_some());
    }

    #[test]
    fn without_keys_there_is_nothing_to_check() {
        let mut form = input(&value_signed_by("k"), 0);
        form.secret_key.clear();
        let mut job = DecodeJob::new(prepare(&form, NOW).unwrap(), &form, NOW);
        let mut memo = CheckMemo::default();
        assert!(
            matches!(job.next_piece(&mut memo, |_| true), Piece::Read(shown) if shown.checked == Checked::All)
        );
        assert_eq!(job.check_bytes_left(&memo), 0);
        assert!(
            matches!(job.next_piece(&mut memo, |_| true), Piece::Finished(Outcome::Decoded(d)) if d.cookie.verdict == Verdict::NotVerified)
        );
    }
}
