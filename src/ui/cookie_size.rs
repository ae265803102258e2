//! The size meter: a cookie against the browser's 4096-byte limit.
//!
//! Browsers (and the simulated one) ignore a `Set-Cookie` whose name plus value is longer
//! than 4096 bytes (RFC 6265 §6.1's minimum, which is also what Chromium and Firefox enforce).

/// The limit on `len(name) + len(value)`.
pub const BROWSER_COOKIE_LIMIT: usize = 4096;

/// How full the meter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Comfortably under the limit.
    Ok,
    /// Three quarters of the limit or more.
    Warn,
    /// Over the limit: the browser drops the cookie.
    Over,
}

impl Fill {
    /// The CSS class for the meter.
    pub fn css_class(self) -> &'static str {
        match self {
            Fill::Ok => "size-meter",
            Fill::Warn => "size-meter warn",
            Fill::Over => "size-meter over",
        }
    }
}

/// The sizes of one cookie, in bytes (UTF-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookieSize {
    pub name_bytes: usize,
    pub value_bytes: usize,
    /// The whole `Set-Cookie: …` header line, attributes included, when known.
    pub header_bytes: Option<usize>,
}

impl CookieSize {
    /// The sizes of a cookie `name=value`, optionally with the header line that set it.
    pub fn of(name: &str, value: &str, header: Option<&str>) -> CookieSize {
        CookieSize {
            name_bytes: name.len(),
            value_bytes: value.len(),
            header_bytes: header.map(str::len),
        }
    }

    /// What the browser counts against the limit.
    pub fn counted_bytes(&self) -> usize {
        self.name_bytes + self.value_bytes
    }

    /// Whether the browser would drop it.
    pub fn is_over_limit(&self) -> bool {
        self.counted_bytes() > BROWSER_COOKIE_LIMIT
    }

    /// Bytes left before the limit (0 when over).
    pub fn headroom(&self) -> usize {
        BROWSER_COOKIE_LIMIT.saturating_sub(self.counted_bytes())
    }

    /// The meter's filled share, 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        (self.counted_bytes() as f64 / BROWSER_COOKIE_LIMIT as f64).min(1.0)
    }

    /// The meter's colour.
    pub fn fill(&self) -> Fill {
        if self.is_over_limit() {
            Fill::Over
        } else if self.counted_bytes() * 4 >= BROWSER_COOKIE_LIMIT * 3 {
            Fill::Warn
        } else {
            Fill::Ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_and_value_but_not_attributes() {
        let size = CookieSize::of(
            "sessionid",
            "abc",
            Some("Set-Cookie: sessionid=abc; Path=/"),
        );
        assert_eq!(size.counted_bytes(), 12);
        assert_eq!(size.header_bytes, Some(33));
        assert_eq!(size.headroom(), 4084);
        assert_eq!(size.fill(), Fill::Ok);
    }

    #[test]
    fn exactly_the_limit_is_kept_one_more_byte_is_dropped() {
        let at_limit = CookieSize::of("n", &"v".repeat(4095), None);
        assert!(!at_limit.is_over_limit());
        assert_eq!(at_limit.fraction(), 1.0);
        assert_eq!(at_limit.fill(), Fill::Warn);
        let over = CookieSize::of("n", &"v".repeat(4096), None);
        assert!(over.is_over_limit());
        assert_eq!(over.headroom(), 0);
        assert_eq!(over.fill(), Fill::Over);
        assert_eq!(over.fraction(), 1.0);
    }

    #[test]
    fn counts_utf8_bytes_not_characters() {
        assert_eq!(CookieSize::of("é", "€", None).counted_bytes(), 5);
    }

    #[test]
    fn warns_from_three_quarters() {
        assert_eq!(CookieSize::of("", &"v".repeat(3071), None).fill(), Fill::Ok);
        assert_eq!(
            CookieSize::of("", &"v".repeat(3072), None).fill(),
            Fill::Warn
        );
    }
}
