//! The byte scale both charts share: logarithmic, so a 41-byte cookie and a 4096-byte one are
//! both readable on the same axis, with zero ("no cookie", "nothing on the server") on its own
//! baseline under the first decade, since a logarithm has no zero.

use super::model::COOKIE_LIMIT;

/// The scale's domain: powers of ten from `low` to `high`, and zero below them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ByteScale {
    /// The first decade (a power of ten at or below the smallest non-zero value).
    pub low: usize,
    /// The last decade (a power of ten at or above the largest value, and above the cookie
    /// limit, so the limit always shows with room above it for refused cookies).
    pub high: usize,
}

/// The share of the plot's height between zero and the first decade.
const ZERO_BAND: f64 = 0.09;

impl ByteScale {
    /// A scale holding every value in `values` (zeros included).
    pub fn covering(values: impl IntoIterator<Item = usize>) -> ByteScale {
        let (mut smallest, mut largest) = (usize::MAX, 0);
        for value in values.into_iter().filter(|v| *v > 0) {
            smallest = smallest.min(value);
            largest = largest.max(value);
        }
        let high = power_of_ten_at_or_above(largest.max(COOKIE_LIMIT + 1));
        let low = power_of_ten_at_or_below(smallest.min(high / 10)).max(1);
        ByteScale { low, high }
    }

    /// Where `bytes` sits, from 0.0 (zero, the bottom) to 1.0 (`high`, the top).
    pub fn fraction(&self, bytes: usize) -> f64 {
        if bytes == 0 {
            return 0.0;
        }
        let (low, high) = ((self.low as f64).log10(), (self.high as f64).log10());
        let t = ((bytes as f64).log10() - low) / (high - low);
        ZERO_BAND + (1.0 - ZERO_BAND) * t.clamp(0.0, 1.0)
    }

    /// The gridlines: zero, then every power of ten from `low` to `high`.
    pub fn ticks(&self) -> Vec<usize> {
        let mut ticks = vec![0];
        let mut decade = self.low;
        while decade <= self.high {
            ticks.push(decade);
            decade *= 10;
        }
        ticks
    }
}

fn power_of_ten_at_or_above(n: usize) -> usize {
    let mut power = 1;
    while power < n {
        power *= 10;
    }
    power
}

fn power_of_ten_at_or_below(n: usize) -> usize {
    let mut power = 1;
    while power * 10 <= n {
        power *= 10;
    }
    power
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_one_bytes_and_the_limit_share_one_readable_scale() {
        let scale = ByteScale::covering([0, 41, 312, 3900]);
        assert_eq!((scale.low, scale.high), (10, 10_000));
        assert_eq!(scale.ticks(), vec![0, 10, 100, 1000, 10_000]);
        assert_eq!(scale.fraction(0), 0.0);
        assert_eq!(scale.fraction(10), ZERO_BAND);
        assert_eq!(scale.fraction(10_000), 1.0);
        // 41 B sits a fifth of the way up, the limit over four fifths: both readable.
        assert!(scale.fraction(41) > 0.25 && scale.fraction(41) < 0.35);
        assert!(scale.fraction(COOKIE_LIMIT) > 0.85);
        assert!(
            scale.fraction(42) > scale.fraction(41),
            "strictly increasing"
        );
    }

    #[test]
    fn the_scale_grows_past_the_limit_and_down_to_single_bytes() {
        let scale = ByteScale::covering([5, 41, 60_000]);
        assert_eq!((scale.low, scale.high), (1, 100_000));
        assert_eq!(ByteScale::covering([]).high, 10_000);
        assert_eq!(ByteScale::covering([]).low, 1000);
        assert_eq!(ByteScale::covering([9_000]).low, 1000);
    }
}
