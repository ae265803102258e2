//! The stage's size scale: how wide an envelope (or a jar cookie, or a store record's bar) is
//! drawn for the bytes it carries. Width grows with the logarithm of the size, so 40 B and
//! 4 KB are both readable on one stage: every doubling of the bytes adds the same width.

/// Width of anything carrying [`SMALLEST_SCALED`] bytes or fewer.
pub const MIN_WIDTH_PX: u32 = 72;
/// Width added each time the bytes double.
pub const PX_PER_DOUBLING: u32 = 22;
/// Sizes up to this many bytes share the minimum width.
pub const SMALLEST_SCALED: usize = 16;
/// Sizes past this many bytes share the maximum width (twice a browser's 4096-byte limit).
pub const LARGEST_SCALED: usize = 8_192;

/// The width in pixels drawn for `bytes`: [`PX_PER_DOUBLING`] times log2(bytes / 16), in
/// integers (between two powers of two the logarithm is taken as linear, off by at most 3 px).
pub fn width_px(bytes: usize) -> u32 {
    let ratio = (bytes.clamp(SMALLEST_SCALED, LARGEST_SCALED) / SMALLEST_SCALED) as u32;
    let scaled = (bytes.clamp(SMALLEST_SCALED, LARGEST_SCALED) * 1_000 / SMALLEST_SCALED) as u32;
    let whole = ratio.ilog2();
    let base = 1_000u32 << whole;
    // The fraction of the next doubling, in thousandths.
    let fraction = (scaled - base) * 1_000 / base;
    MIN_WIDTH_PX + whole * PX_PER_DOUBLING + (fraction * PX_PER_DOUBLING + 500) / 1_000
}

/// The widest anything is drawn.
pub fn max_width_px() -> u32 {
    width_px(LARGEST_SCALED)
}

/// The legend's words for the scale.
pub fn legend() -> String {
    format!("+{PX_PER_DOUBLING} px per doubling of the bytes")
}

/// The sizes the legend draws as samples.
pub const LEGEND_SAMPLES: [usize; 3] = [40, 400, 4_096];

/// `bytes` as a label: always the exact count (`42 B`, `4090 B`), never rounded.
pub fn bytes_text(bytes: usize) -> String {
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_doubling_adds_the_same_width() {
        assert_eq!(width_px(16), MIN_WIDTH_PX);
        assert_eq!(width_px(32), MIN_WIDTH_PX + PX_PER_DOUBLING);
        assert_eq!(width_px(4_096) - width_px(2_048), PX_PER_DOUBLING);
        assert_eq!(width_px(0), MIN_WIDTH_PX, "nothing still draws an envelope");
        assert_eq!(width_px(1_000_000), max_width_px());
        let widths: Vec<u32> = (0..9_000).map(width_px).collect();
        assert!(
            widths.windows(2).all(|w| w[0] <= w[1]),
            "never narrower for more bytes"
        );
        let exact = MIN_WIDTH_PX as f64 + PX_PER_DOUBLING as f64 * (100.0f64 / 16.0).log2();
        assert!((f64::from(width_px(100)) - exact).abs() <= 3.0);
    }

    #[test]
    fn a_signed_cookie_is_visibly_wider_than_a_session_key() {
        // `sessionid=` + 32 characters, against a small signed session (~120 B) and a 4 KB one.
        let key = width_px(42);
        let signed = width_px(120);
        let full = width_px(4_090);
        assert!(signed >= key + 25, "{key} vs {signed}");
        assert!(full >= signed + 80, "{signed} vs {full}");
        assert!(full <= 260, "a 4 KB envelope still fits a column: {full}");
    }

    #[test]
    fn labels_give_the_exact_count() {
        assert_eq!(bytes_text(0), "0 B");
        assert_eq!(bytes_text(4_090), "4090 B");
        assert!(legend().contains("doubling"));
    }
}
