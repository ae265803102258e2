//! Text to `f64`, correctly rounded (CPython's `float(str)` and Rust's `str::parse::<f64>`
//! round the same way: to nearest, ties to even).
//!
//! Rust's own parser carries a 10 KB table of powers of five (its fast path), static data that
//! the page's first visit would load whole; this one works on big integers and needs no table.
//! It is slower, and floats are rare in what the engine reads.

/// Significant digits kept: enough for any `f64` to round correctly (the longest decimal that
/// matters has 767 significant digits); the digits dropped only count as "more than zero".
const MAX_DIGITS: usize = 800;

/// Parses `text` as `str::parse::<f64>` does: an optional sign, then `inf`, `infinity` or `nan`
/// (any case), or digits with an optional `.` and fraction (at least one digit in all) and an
/// optional exponent (`e` or `E`, an optional sign, digits). `None` for anything else.
pub fn parse_float(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        parse_decimal(body.as_bytes())?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits[.digits][(e|E)[+-]digits]`, unsigned.
fn parse_decimal(bytes: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut exponent: i64 = 0;
    let mut seen_digit = false;
    let mut dropped_nonzero = false;
    let mut i = 0;
    let mut after_point = false;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => {
                seen_digit = true;
                let d = bytes[i] - b'0';
                if digits.is_empty() && d == 0 {
                    // A leading zero: only the point's place counts.
                    if after_point {
                        exponent -= 1;
                    }
                } else if digits.len() < MAX_DIGITS {
                    digits.push(d);
                    if after_point {
                        exponent -= 1;
                    }
                } else {
                    dropped_nonzero |= d != 0;
                    if !after_point {
                        exponent += 1;
                    }
                }
            }
            b'.' if !after_point => after_point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < bytes.len() {
        if bytes[i] != b'e' && bytes[i] != b'E' {
            return None;
        }
        i += 1;
        let negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i == bytes.len() {
            return None;
        }
        let mut written: i64 = 0;
        for &b in &bytes[i..] {
            if !b.is_ascii_digit() {
                return None;
            }
            written = written
                .saturating_mul(10)
                .saturating_add(i64::from(b - b'0'));
        }
        exponent = exponent.saturating_add(if negative { -written } else { written });
    }
    if dropped_nonzero {
        // Below every digit kept, so it only breaks a tie.
        digits.push(1);
        exponent -= 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    // The value is below 10^(exponent + len).
    let top = exponent.saturating_add(digits.len() as i64);
    if top > 310 {
        return Some(f64::INFINITY);
    }
    if top < -325 {
        return Some(0.0);
    }
    Some(round_ratio(&digits, exponent))
}

/// The nearest `f64` to `digits × 10^exponent` (digits without leading zeros, at least one).
fn round_ratio(digits: &[u8], exponent: i64) -> f64 {
    let mut num = Big::from_digits(digits);
    let mut den = Big::one();
    if exponent >= 0 {
        num.mul_pow10(exponent as u32);
    } else {
        den.mul_pow10((-exponent) as u32);
    }
    // q = floor(num × 2^k / den) with 2^53 <= q < 2^54.
    let mut k = 54 - (num.bits() as i64 - den.bits() as i64);
    let (q, rest) = loop {
        let (mut n, mut d) = (num.clone(), den.clone());
        if k >= 0 {
            n.shl(k as u32);
        } else {
            d.shl((-k) as u32);
        }
        let (q, rest) = n.div_small_quotient(&d);
        if q >= 1 << 54 {
            k -= 1;
        } else if q < 1 << 53 {
            k += 1;
        } else {
            break (q, rest);
        }
    };
    // The value is q × 2^-k; its last bit is worth 2^unit (53 bits, fewer below 2^-1022).
    let unit = (1 - k).max(-1074);
    let shift = unit + k;
    if shift >= 64 {
        return 0.0;
    }
    let shift = shift as u32;
    let mut m = q >> shift;
    let half = (q >> (shift - 1)) & 1 == 1;
    let sticky = q & ((1u64 << (shift - 1)) - 1) != 0 || rest;
    if half && (sticky || m & 1 == 1) {
        m += 1;
    }
    if unit > 1023 {
        return f64::INFINITY;
    }
    let scale = if unit >= -1022 {
        f64::from_bits(((unit + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (unit + 1074))
    };
    // Exact: m has at most 54 bits only when it is 2^53, and the product is representable or
    // beyond the largest finite value (then infinity, as rounding says).
    m as f64 * scale
}

/// An unsigned big integer, 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Self {
        Big(vec![1])
    }

    fn from_digits(digits: &[u8]) -> Self {
        let mut big = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let mut value = 0u32;
            for &d in chunk {
                value = value * 10 + u32::from(d);
            }
            big.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        big
    }

    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let wide = u64::from(*limb) * u64::from(factor) + carry;
            *limb = wide as u32;
            carry = wide >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut power: u32) {
        while power >= 9 {
            self.mul_add(1_000_000_000, 0);
            power -= 9;
        }
        self.mul_add(10u32.pow(power), 0);
    }

    fn trim(&mut self) {
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bits(&self) -> u32 {
        let top = self.0.len() - 1;
        top as u32 * 32 + (32 - self.0[top].leading_zeros())
    }

    fn shl(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits != 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if limbs != 0 {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
        self.trim();
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|&limb| limb == 0)
    }

    fn at_least(&self, other: &Big) -> bool {
        let len = self.0.len().max(other.0.len());
        for i in (0..len).rev() {
            let (a, b) = (
                self.0.get(i).copied().unwrap_or(0),
                other.0.get(i).copied().unwrap_or(0),
            );
            if a != b {
                return a > b;
            }
        }
        true
    }

    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let b = i64::from(other.0.get(i).copied().unwrap_or(0));
            let mut diff = i64::from(self.0[i]) - b - borrow;
            borrow = 0;
            if diff < 0 {
                diff += 1 << 32;
                borrow = 1;
            }
            self.0[i] = diff as u32;
        }
        self.trim();
    }

    /// `(self / den, self % den != 0)`, for a quotient below 2^56 (saturates above it).
    fn div_small_quotient(mut self, den: &Big) -> (u64, bool) {
        let mut q = 0u64;
        for bit in (0..56).rev() {
            let mut shifted = den.clone();
            shifted.shl(bit);
            if self.at_least(&shifted) {
                self.sub(&shifted);
                q |= 1 << bit;
            }
        }
        if self.at_least(&{
            let mut top = den.clone();
            top.shl(56);
            top
        }) {
            return (u64::MAX, true);
        }
        (q, !self.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let ours = parse_float(text);
        let rust = text.parse::<f64>().ok();
        match (ours, rust) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text:?}: {a:?} vs {b:?}"),
        }
    }

    #[test]
    fn agrees_with_rust_on_chosen_texts() {
        for text in [
            "0",
            "-0",
            "0.0",
            "1",
            "+1",
            "1.",
            ".5",
            "-.5",
            ".",
            "",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1e5",
            "1E5",
            "1.5e-3",
            "0.1",
            "0.2",
            "0.3",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "2e308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "3e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "1e-400",
            "1e400",
            "123456789012345678901234567890",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "inf",
            "-Infinity",
            "NaN",
            "nan",
            "INF",
            "infin",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "1e99999999999999999999",
            "1e-99999999999999999",
            "0.000000000000000000000000000001",
            "00001.2500",
            "3.14159265358979323846264338",
            "1..2",
            "1.2.3",
            "1e5.5",
            "--1",
            "+-1",
            "1e+5",
            "1e-5",
            "100e-2",
        ] {
            same(text);
        }
    }

    #[test]
    fn agrees_with_rust_on_long_and_random_texts() {
        // Halfway between 1 and the next f64, with many digits and a last nonzero digit far away.
        let mut tie = String::from("1.00000000000000011102230246251565404236316680908203125");
        same(&tie);
        tie.push_str(&"0".repeat(900));
        same(&tie);
        tie.push('1');
        same(&tie);
        same(&format!("0.{}1e-300", "0".repeat(1000)));
        same(&format!("{}e-1000", "9".repeat(1000)));
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let bits = next();
            let x = f64::from_bits(bits);
            if x.is_finite() {
                same(&format!("{x:e}"));
                same(&format!("{x}"));
            }
            let digits = next() % 10_000_000_000_000_000_000;
            let exp = (next() % 700) as i64 - 350;
            same(&format!("{digits}e{exp}"));
            same(&format!("0.{digits}e{exp}"));
        }
    }
}
