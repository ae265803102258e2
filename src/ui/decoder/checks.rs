//! The signature checks of one decode, made a slice at a time so the page keeps painting.
//!
//! Django tries each salt and, for each, `SECRET_KEY` then every fallback
//! ([`signature_checks`]); every check is an HMAC over the whole value, so a 933 KB value with
//! 1,000 fallbacks and three salts is 2.8 GB of hashing, about 14 s in the browser. The page
//! makes the checks in slices ([`CheckRun::run_slice`]) between which it paints "Checking the
//! signature… N of M" and reads a Stop or an edit, and remembers what each (salt, key) gave
//! for the value ([`CheckMemo`]), so an edit that leaves the value and keys alone (another
//! `max_age`, a key added) does not hash again what it already hashed.

use std::collections::HashMap;

use sessionscope_engine::decoder::{
    check_bytes, key_text, salts_tried, signature_checks, signature_matches, DecodeOptions,
    SignatureCheck,
};
use sessionscope_engine::signing::SigningKeys;

use crate::ui::limits::thousands;

/// The most a slice hashes, whatever the clock says: about 25 ms of HMAC-SHA256 in the
/// browser (the slice also stops after [`SLICE_MS`]).
pub const SLICE_BYTES: usize = 4 * 1024 * 1024;

/// How long a slice runs before the page paints again, in milliseconds (one check, at most
/// a 2 MiB value, takes about 10 ms).
pub const SLICE_MS: f64 = 30.0;

/// What each (salt, key) gave for one value: whether it made the signature.
#[derive(Clone, Debug, Default)]
pub struct CheckMemo {
    value: String,
    made_signature: HashMap<(String, String), bool>,
}

impl CheckMemo {
    /// Forgets everything unless it was for `value`.
    fn keep_only_for(&mut self, value: &str) {
        if self.value != value {
            self.value = value.to_owned();
            self.made_signature.clear();
        }
    }

    fn recall(&self, salt: &str, key: &str) -> Option<bool> {
        self.made_signature
            .get(&(salt.to_owned(), key.to_owned()))
            .copied()
    }

    fn remember(&mut self, salt: &str, key: &str, matched: bool) {
        self.made_signature
            .insert((salt.to_owned(), key.to_owned()), matched);
    }

    /// How many checks are remembered.
    pub fn len(&self) -> usize {
        self.made_signature.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.made_signature.is_empty()
    }
}

/// How far a run got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckProgress {
    /// Checks made (or recalled).
    pub made: usize,
    /// Checks Django would make if none matched.
    pub total: usize,
    /// How many keys (`SECRET_KEY` and the fallbacks).
    pub keys: usize,
    /// How many salts.
    pub salts: usize,
}

impl CheckProgress {
    /// "1,200 of 3,003 (1,001 keys × 3 salts)".
    pub fn words(&self) -> String {
        format!(
            "{} of {} ({} × {})",
            thousands(self.made),
            thousands(self.total),
            plural(self.keys, "key"),
            plural(self.salts, "salt")
        )
    }
}

/// "1 key", "1,001 keys".
pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// The checks of one value against one set of keys and salts, in Django's order, and how
/// far they got.
#[derive(Clone, Debug)]
pub struct CheckRun {
    value: String,
    keys: SigningKeys,
    checks: Vec<SignatureCheck>,
    salts: usize,
    next: usize,
    first_match: Option<usize>,
}

impl CheckRun {
    /// The checks `signing.loads` makes on `value` with `keys` and `options`' salts.
    pub fn new(value: &str, keys: SigningKeys, options: &DecodeOptions) -> CheckRun {
        CheckRun {
            value: value.to_owned(),
            checks: signature_checks(&keys, options),
            salts: salts_tried(options).len(),
            keys,
            next: 0,
            first_match: None,
        }
    }

    /// Whether a check matched or every check was made.
    pub fn is_done(&self) -> bool {
        self.first_match.is_some() || self.next >= self.checks.len()
    }

    /// The first check that matched, once found.
    pub fn first_match(&self) -> Option<&SignatureCheck> {
        self.first_match.map(|index| &self.checks[index])
    }

    /// How far the run got.
    pub fn progress(&self) -> CheckProgress {
        CheckProgress {
            made: self.next,
            total: self.checks.len(),
            keys: 1 + self.keys.fallbacks.len(),
            salts: self.salts,
        }
    }

    /// The bytes the checks not yet made would hash, leaving out those `memo` remembers:
    /// the work ahead, estimated before it runs.
    pub fn bytes_left(&self, memo: &CheckMemo) -> usize {
        let same_value = memo.value == self.value;
        self.checks[self.next.min(self.checks.len())..]
            .iter()
            .filter(|check| !same_value || self.recalled(memo, check).is_none())
            .map(|check| check_bytes(&self.value, &self.keys, check))
            .sum()
    }

    fn recalled(&self, memo: &CheckMemo, check: &SignatureCheck) -> Option<bool> {
        memo.recall(&check.salt, key_text(&self.keys, check.key)?)
    }

    /// Makes checks in order until one matches, all are made, or `keep_going` (asked with
    /// the bytes hashed so far in this slice, after at least one check that hashes) says
    /// stop. Checks `memo` remembers for this value cost nothing; new ones are remembered.
    pub fn run_slice(&mut self, memo: &mut CheckMemo, mut keep_going: impl FnMut(usize) -> bool) {
        memo.keep_only_for(&self.value);
        let mut hashed = 0;
        while !self.is_done() {
            let check = &self.checks[self.next];
            let matched = match self.recalled(memo, check) {
                Some(matched) => matched,
                None => {
                    if hashed > 0 && !keep_going(hashed) {
                        return;
                    }
                    let matched = signature_matches(&self.value, &self.keys, check);
                    if let Some(key) = key_text(&self.keys, check.key) {
                        memo.remember(&check.salt, key, matched);
                    }
                    hashed += check_bytes(&self.value, &self.keys, check);
                    matched
                }
            };
            if matched {
                self.first_match = Some(self.next);
            }
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::decoder::AgeLimit;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::session::STORE_SALT;
    use sessionscope_engine::signing::{dumps, VerifyingKey};

    const NOW: f64 = 1_700_000_000.0;

    fn options() -> DecodeOptions {
        DecodeOptions {
            keys: None,
            salt: None,
            age_limit: AgeLimit::Unlimited,
            now: NOW,
        }
    }

    fn keys(fallbacks: usize) -> SigningKeys {
        SigningKeys {
            secret: "secret".into(),
            fallbacks: (0..fallbacks).map(|i| format!("fallback-{i}")).collect(),
        }
    }

    fn value_signed_by(key: &str) -> String {
        dumps(&Value::from("x".repeat(1000)), key, STORE_SALT, false, NOW)
    }

    /// Runs slices of at most `slice_bytes` until done; returns how many slices it took.
    fn run_all(run: &mut CheckRun, memo: &mut CheckMemo, slice_bytes: usize) -> usize {
        let mut slices = 0;
        while !run.is_done() {
            run.run_slice(memo, |hashed| hashed < slice_bytes);
            slices += 1;
        }
        slices
    }

    #[test]
    fn slices_hash_about_their_budget_and_find_the_first_match() {
        let keys = keys(20);
        let value = value_signed_by("fallback-14");
        let mut run = CheckRun::new(&value, keys.clone(), &options());
        assert_eq!(run.progress().total, 3 * 21);
        let one_check = check_bytes(&value, &keys, &signature_checks(&keys, &options())[0]);
        let every_check: usize = signature_checks(&keys, &options())
            .iter()
            .map(|check| check_bytes(&value, &keys, check))
            .sum();
        assert_eq!(run.bytes_left(&CheckMemo::default()), every_check);
        assert!(every_check > 63 * value.len());
        let mut memo = CheckMemo::default();
        // Slices of about four checks: each stops at the first check that takes it to its
        // budget, so it hashes at least the budget and less than the budget and one check.
        let budget = 4 * one_check;
        let mut slices = Vec::new();
        while !run.is_done() {
            let mut hashed_when_stopped = None;
            run.run_slice(&mut memo, |hashed| {
                let go_on = hashed < budget;
                if !go_on {
                    hashed_when_stopped = Some(hashed);
                }
                go_on
            });
            slices.push(hashed_when_stopped);
        }
        let last = slices.pop().unwrap();
        assert_eq!(last, None, "the last slice ends with the match");
        for hashed in slices.iter().map(|h| h.unwrap()) {
            assert!(
                hashed >= budget && hashed < budget + 2 * one_check,
                "{hashed}"
            );
        }
        assert!((8..=10).contains(&(slices.len() + 1)), "{}", slices.len());
        // The signed_cookies salt's 21 checks, then the store salt's first 16.
        let found = run.first_match().unwrap();
        assert_eq!(
            (found.salt.as_str(), found.key),
            (STORE_SALT, VerifyingKey::Fallback(14))
        );
        assert_eq!(run.progress().made, 21 + 16);
        assert_eq!(memo.len(), 21 + 16);
    }

    #[test]
    fn a_slice_makes_at_least_one_check() {
        let mut run = CheckRun::new(&value_signed_by("other"), keys(2), &options());
        let mut memo = CheckMemo::default();
        run.run_slice(&mut memo, |_| false);
        assert_eq!(run.progress().made, 1);
        assert_eq!(run_all(&mut run, &mut memo, 0), 8);
        assert!(run.first_match().is_none());
        assert_eq!(run.progress().words(), "9 of 9 (3 keys × 3 salts)");
    }

    #[test]
    fn checks_made_for_the_same_value_are_not_made_again() {
        let value = value_signed_by("nobody");
        let mut memo = CheckMemo::default();
        let mut first = CheckRun::new(&value, keys(10), &options());
        run_all(&mut first, &mut memo, usize::MAX);
        // One more fallback: only its three checks are left to hash.
        let mut more = CheckRun::new(&value, keys(11), &options());
        let new_key: usize = signature_checks(&keys(11), &options())
            .iter()
            .filter(|check| check.key == VerifyingKey::Fallback(10))
            .map(|check| check_bytes(&value, &keys(11), check))
            .sum();
        assert_eq!(more.bytes_left(&memo), new_key);
        let mut hashing_slices = 0;
        while !more.is_done() {
            more.run_slice(&mut memo, |_| false);
            hashing_slices += 1;
        }
        assert_eq!(
            hashing_slices, 3,
            "one check a slice, only the new ones hash"
        );
        // Another value: nothing is recalled.
        let other = value_signed_by("someone else");
        let fresh = CheckRun::new(&other, keys(11), &options());
        assert_eq!(
            fresh.bytes_left(&memo),
            fresh.bytes_left(&CheckMemo::default())
        );
        let mut fresh = fresh;
        fresh.run_slice(&mut memo, |_| true);
        assert_eq!(memo.len(), 36);
    }

    #[test]
    fn a_match_remembered_is_found_without_hashing() {
        let value = value_signed_by("fallback-3");
        let mut memo = CheckMemo::default();
        let mut first = CheckRun::new(&value, keys(5), &options());
        run_all(&mut first, &mut memo, usize::MAX);
        let mut again = CheckRun::new(&value, keys(5), &options());
        again.run_slice(&mut memo, |_| panic!("nothing to hash"));
        assert_eq!(again.first_match(), first.first_match());
    }
}
