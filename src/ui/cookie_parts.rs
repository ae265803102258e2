//! A signed value's pieces in coloured runs (`[.]payload:timestamp:signature`, split the way
//! Django splits it: the engine's `signing::inspect`), and the name of the key that verified
//! it. The value itself, taken apart and judged by `signing.loads`, is the engine's
//! (`sessionscope_engine::decoder`): the jar inspector asks it with the signed_cookies salt
//! and `max_age` (`loads_value`), the cookie decoder without knowing where a value came from
//! (`decode_cookie`); both colour the parts with [`parts_of`].

use sessionscope_engine::signing::{SignedParts, VerifyingKey};

/// What a piece of a cookie's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// The session key (server-side engines).
    SessionKey,
    /// The `.` announcing a zlib-compressed payload.
    CompressionMark,
    /// The base64 of the JSON (or of its zlib compression).
    Payload,
    /// The base62 signing time.
    Timestamp,
    /// The base64 HMAC-SHA256.
    Signature,
    /// A `:` between parts.
    Separator,
}

impl PartKind {
    /// The CSS class that colours this part.
    pub fn css_class(self) -> &'static str {
        match self {
            PartKind::SessionKey => "part-key",
            PartKind::CompressionMark | PartKind::Separator => "part-separator",
            PartKind::Payload => "part-payload",
            PartKind::Timestamp => "part-timestamp",
            PartKind::Signature => "part-signature",
        }
    }
}

/// A run of a cookie's value and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub text: String,
}

/// A signed value's pieces in coloured runs; concatenated they are exactly the value.
pub fn parts_of(split: &SignedParts) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut push = |kind, text: &str| {
        if !text.is_empty() {
            parts.push(Part {
                kind,
                text: text.to_owned(),
            });
        }
    };
    if split.compressed {
        push(PartKind::CompressionMark, ".");
    }
    push(PartKind::Payload, &split.payload);
    if let Some(timestamp) = &split.timestamp {
        push(PartKind::Separator, ":");
        push(PartKind::Timestamp, timestamp);
    }
    if let Some(signature) = &split.signature {
        push(PartKind::Separator, ":");
        push(PartKind::Signature, signature);
    }
    parts
}

/// The setting that holds `key`: `SECRET_KEY` or `SECRET_KEY_FALLBACKS[n]`.
pub fn key_name(key: VerifyingKey) -> String {
    match key {
        VerifyingKey::Current => "SECRET_KEY".to_owned(),
        VerifyingKey::Fallback(n) => format!("SECRET_KEY_FALLBACKS[{n}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::signing::inspect;

    fn joined(parts: &[Part]) -> String {
        parts.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn parts_concatenate_back_to_the_value() {
        let value = ".eJyrVg:1r31eq:c2lnbmF0dXJl";
        let parts = parts_of(&inspect(value));
        assert_eq!(joined(&parts), value);
        let kinds: Vec<PartKind> = parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PartKind::CompressionMark,
                PartKind::Payload,
                PartKind::Separator,
                PartKind::Timestamp,
                PartKind::Separator,
                PartKind::Signature
            ]
        );
        assert_eq!(joined(&parts_of(&inspect("no-separator"))), "no-separator");
    }

    #[test]
    fn keys_are_named_as_in_settings_py() {
        assert_eq!(key_name(VerifyingKey::Current), "SECRET_KEY");
        assert_eq!(
            key_name(VerifyingKey::Fallback(0)),
            "SECRET_KEY_FALLBACKS[0]"
        );
    }
}
