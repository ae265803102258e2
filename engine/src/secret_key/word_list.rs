//! A word list of candidate keys, one per line, read a piece at a time: the caller (the
//! command line reading a file, the page reading a pasted list) hands over pieces that end at
//! a line end ([`piece_end`]); [`GuessTarget::check_lines`] checks each line of a piece.
//!
//! A line is a key as written, without its line end (`\n` or `\r\n`). Empty lines are
//! skipped (Django refuses an empty `SECRET_KEY`), and a UTF-8 byte order mark before the
//! first line is not part of its key. A line that ends in spaces or tabs is tried as written
//! (a `SECRET_KEY` may hold them) and then without them (what a list copied from a page often
//! carries by mistake); the result says which matched.

use super::guess::GuessTarget;

/// One key to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The line it is on, from 1.
    pub line: u64,
    /// The key's bytes.
    pub key: &'a [u8],
    /// The line as written ends in spaces or tabs, and this is the key without them.
    pub without_trailing_space: bool,
}

/// The candidates of `piece`, whose first line is `first_line` (1 for a file's start).
pub fn candidates(piece: &[u8], first_line: u64) -> impl Iterator<Item = Candidate<'_>> {
    let piece = match (first_line, piece.strip_prefix(b"\xef\xbb\xbf")) {
        (1, Some(rest)) => rest,
        _ => piece,
    };
    let piece = piece.strip_suffix(b"\n").unwrap_or(piece);
    piece
        .split(|&b| b == b'\n')
        .zip(first_line..)
        .flat_map(|(line, number)| {
            let key = line.strip_suffix(b"\r").unwrap_or(line);
            let trimmed = trim_trailing_space(key);
            let as_written = (!key.is_empty()).then_some(Candidate {
                line: number,
                key,
                without_trailing_space: false,
            });
            let without =
                (trimmed.len() != key.len() && !trimmed.is_empty()).then_some(Candidate {
                    line: number,
                    key: trimmed,
                    without_trailing_space: true,
                });
            as_written.into_iter().chain(without)
        })
}

fn trim_trailing_space(key: &[u8]) -> &[u8] {
    let end = key
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |last| last + 1);
    &key[..end]
}

/// How many lines `piece` holds (a last line without a line end counts).
pub fn line_count(piece: &[u8]) -> u64 {
    let ends = piece.iter().filter(|&&b| b == b'\n').count() as u64;
    ends + u64::from(!piece.is_empty() && !piece.ends_with(b"\n"))
}

/// Where the piece that starts `text` should end: after the last line end within `max_bytes`
/// (all of `text` when it is no longer, or when `at_end` and it is the last line; a line
/// longer than `max_bytes` is one piece up to its own end). `None` when `text` holds no
/// complete line yet and more may come (`at_end` false).
pub fn piece_end(text: &[u8], max_bytes: usize, at_end: bool) -> Option<usize> {
    if at_end && text.len() <= max_bytes {
        return Some(text.len());
    }
    let window = &text[..text.len().min(max_bytes)];
    if let Some(last) = window.iter().rposition(|&b| b == b'\n') {
        return Some(last + 1);
    }
    match text[window.len()..].iter().position(|&b| b == b'\n') {
        Some(offset) => Some(window.len() + offset + 1),
        None => at_end.then_some(text.len()),
    }
}

/// A key found in a word list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundKey {
    /// The line, from 1.
    pub line: u64,
    /// The key (bytes that are not UTF-8 shown as U+FFFD).
    pub key: String,
    /// The salt that verified.
    pub salt: String,
    /// The line ends in spaces or tabs that the key does not have.
    pub without_trailing_space: bool,
}

/// What checking a piece gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PieceOutcome {
    /// Keys checked (a line with trailing spaces can be two).
    pub tried: u64,
    /// Lines that end in spaces or tabs.
    pub trailing_space_lines: u64,
    /// The first key that verifies, if any (the piece is not read further).
    pub found: Option<FoundKey>,
}

impl GuessTarget {
    /// Checks every line of `piece` (see [`candidates`]) until one is the key.
    pub fn check_lines(&self, piece: &[u8], first_line: u64) -> PieceOutcome {
        let mut outcome = PieceOutcome::default();
        for candidate in candidates(piece, first_line) {
            outcome.tried += 1;
            if candidate.without_trailing_space {
                outcome.trailing_space_lines += 1;
            }
            if let Some(salt) = self.check(candidate.key) {
                outcome.found = Some(FoundKey {
                    line: candidate.line,
                    key: String::from_utf8_lossy(candidate.key).into_owned(),
                    salt: self.salts().nth(salt).unwrap_or_default().to_owned(),
                    without_trailing_space: candidate.without_trailing_space,
                });
                break;
            }
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;
    use crate::session::SIGNED_COOKIE_SALT;
    use crate::signing::dumps;

    fn keys_of(piece: &[u8], first_line: u64) -> Vec<(u64, &[u8], bool)> {
        candidates(piece, first_line)
            .map(|c| (c.line, c.key, c.without_trailing_space))
            .collect()
    }

    #[test]
    fn lines_lose_their_line_ends_and_empty_ones_are_skipped() {
        let list = b"\xef\xbb\xbfalpha\r\n\r\nbeta\n\n  gamma \ndelta\t\nlast";
        assert_eq!(
            keys_of(list, 1),
            [
                (1, &b"alpha"[..], false),
                (3, b"beta", false),
                (5, b"  gamma ", false),
                (5, b"  gamma", true),
                (6, b"delta\t", false),
                (6, b"delta", true),
                (7, b"last", false),
            ]
        );
        assert_eq!(line_count(list), 7);
        assert_eq!(line_count(b"a\nb\n"), 2);
        assert_eq!(line_count(b""), 0);
        // A byte order mark is only one before line 1; lines of spaces are keys as written.
        assert_eq!(
            keys_of(b"\xef\xbb\xbfx\n   \n", 10),
            [(10, &b"\xef\xbb\xbfx"[..], false), (11, b"   ", false)]
        );
    }

    #[test]
    fn pieces_end_at_line_ends() {
        let text = b"one\ntwo\nthree\nfour";
        assert_eq!(piece_end(text, 9, false), Some(8));
        assert_eq!(
            piece_end(text, 100, false),
            Some(14),
            "the last line may go on"
        );
        assert_eq!(piece_end(text, 100, true), Some(text.len()));
        assert_eq!(piece_end(b"a-very-long-line\nx", 4, false), Some(17));
        assert_eq!(piece_end(b"no-line-end-yet", 4, false), None);
        assert_eq!(piece_end(b"no-line-end", 4, true), Some(11));
        // Pieces cut this way cover every line once.
        let mut lines = Vec::new();
        let (mut start, mut line) = (0, 1);
        while start < text.len() {
            let end = start + piece_end(&text[start..], 5, true).unwrap();
            lines.extend(keys_of(&text[start..end], line).into_iter().map(|c| c.0));
            line += line_count(&text[start..end]);
            start = end;
        }
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn the_key_is_found_on_its_line_with_or_without_trailing_spaces() {
        let cookie = dumps(&Value::from(1), "hunter2", SIGNED_COOKIE_SALT, true, 1.7e9);
        let target = GuessTarget::new(&cookie, &[SIGNED_COOKIE_SALT]).unwrap();
        let outcome = target.check_lines(b"a\r\nb \r\nhunter2\r\nc\r\n", 41);
        assert_eq!(
            outcome,
            PieceOutcome {
                tried: 4,
                trailing_space_lines: 1,
                found: Some(FoundKey {
                    line: 43,
                    key: "hunter2".into(),
                    salt: SIGNED_COOKIE_SALT.into(),
                    without_trailing_space: false,
                }),
            }
        );
        let spaced = target.check_lines(b"x\nhunter2  \n", 1);
        assert_eq!(spaced.tried, 3);
        let found = spaced.found.unwrap();
        assert_eq!((found.line, found.without_trailing_space), (2, true));
        let missing = target.check_lines(b"x\ny\n", 1);
        assert_eq!((missing.tried, missing.found), (2, None));
    }
}
