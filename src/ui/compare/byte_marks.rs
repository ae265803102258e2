//! Where two renderings of the same field part: the text split into what both share and what
//! differs, so a view can mark every differing character. The two sides keep their common
//! beginning and end unmarked; everything between is marked (for a header that gained
//! `, Cookie`, only `, Cookie`; for an `expires` one second later, the digits that changed).

/// A piece of one side's text, and whether it differs from the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether it is not in the other side.
    pub differs: bool,
}

/// `left` and `right` cut into pieces: the common beginning, the part that differs, the
/// common end (empty pieces left out). Cuts fall between characters, never inside one.
pub fn mark_differences(left: &str, right: &str) -> (Vec<Piece>, Vec<Piece>) {
    let l: Vec<char> = left.chars().collect();
    let r: Vec<char> = right.chars().collect();
    let prefix = l.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let most_suffix = l.len().min(r.len()) - prefix;
    let suffix = l
        .iter()
        .rev()
        .zip(r.iter().rev())
        .take(most_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let pieces = |chars: &[char]| {
        let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        let end = chars.len() - suffix;
        [
            Piece {
                text: text(0, prefix),
                differs: false,
            },
            Piece {
                text: text(prefix, end),
                differs: true,
            },
            Piece {
                text: text(end, chars.len()),
                differs: false,
            },
        ]
        .into_iter()
        .filter(|piece| !piece.text.is_empty())
        .collect::<Vec<Piece>>()
    };
    (pieces(&l), pieces(&r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.differs {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn only_the_part_that_differs_is_marked() {
        // 4.2 and 6.1 on a view that set Vary: Accept-Encoding (SESSION_SAVE_EVERY_REQUEST).
        let (l, r) = mark_differences("Accept-Encoding", "Accept-Encoding, Cookie");
        assert_eq!(marked(&l), "Accept-Encoding");
        assert_eq!(marked(&r), "Accept-Encoding[, Cookie]");
        let (l, r) = mark_differences(
            "expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly",
            "expires=Tue, 28 Nov 2023 22:13:30 GMT; HttpOnly",
        );
        assert_eq!(
            marked(&l),
            "expires=Tue, 28 Nov 2023 22:13:[2]0 GMT; HttpOnly"
        );
        assert_eq!(
            marked(&r),
            "expires=Tue, 28 Nov 2023 22:13:[3]0 GMT; HttpOnly"
        );
    }

    #[test]
    fn a_repeated_letter_is_not_counted_twice_and_text_is_cut_between_characters() {
        // "aa" against "aaa": the shared prefix takes both letters; the suffix may not overlap it.
        let (l, r) = mark_differences("aa", "aaa");
        assert_eq!(marked(&l), "aa");
        assert_eq!(marked(&r), "aa[a]");
        let (l, r) = mark_differences("café!", "cafè!");
        assert_eq!(marked(&l), "caf[é]!");
        assert_eq!(marked(&r), "caf[è]!");
        let (l, r) = mark_differences("same", "same");
        assert_eq!(marked(&l), "same");
        assert!(l.iter().chain(&r).all(|p| !p.differs));
        let (l, r) = mark_differences("", "Cookie");
        assert!(l.is_empty());
        assert_eq!(marked(&r), "[Cookie]");
    }
}
