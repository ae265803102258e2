//! Deflate's fixed tables (RFC 1951 §3.2.5–3.2.7); mirrors the tables `tr_static_init`
//! builds in zlib's trees.c (`_length_code`, `_dist_code`, `base_length`, `base_dist`,
//! `static_ltree`, `static_dtree`, `extra_*bits`, `bl_order`).

/// Shortest match deflate can code (zlib's `MIN_MATCH`).
pub(crate) const MIN_MATCH: usize = 3;
/// Longest match deflate can code (zlib's `MAX_MATCH`).
pub(crate) const MAX_MATCH: usize = 258;
/// Number of literal byte codes (zlib's `LITERALS`).
pub(crate) const LITERALS: usize = 256;
/// The end-of-block code (zlib's `END_BLOCK`).
pub(crate) const END_BLOCK: usize = 256;
/// Number of length codes, not counting the special END_BLOCK code (zlib's `LENGTH_CODES`).
pub(crate) const LENGTH_CODES: usize = 29;
/// Number of literal/length codes (zlib's `L_CODES`).
pub(crate) const L_CODES: usize = LITERALS + 1 + LENGTH_CODES;
/// Number of distance codes (zlib's `D_CODES`).
pub(crate) const D_CODES: usize = 30;
/// Number of codes used to transfer the bit lengths (zlib's `BL_CODES`).
pub(crate) const BL_CODES: usize = 19;
/// Longest code of the literal/length and distance trees (zlib's `MAX_BITS`).
pub(crate) const MAX_BITS: usize = 15;
/// Longest code of the bit-length tree (zlib's `MAX_BL_BITS`).
pub(crate) const MAX_BL_BITS: usize = 7;
/// Bit-length symbol: repeat the previous length 3–6 times, 2 extra bits (zlib's `REP_3_6`).
pub(crate) const REP_3_6: usize = 16;
/// Bit-length symbol: repeat a zero length 3–10 times, 3 extra bits (zlib's `REPZ_3_10`).
pub(crate) const REPZ_3_10: usize = 17;
/// Bit-length symbol: repeat a zero length 11–138 times, 7 extra bits (zlib's `REPZ_11_138`).
pub(crate) const REPZ_11_138: usize = 18;

/// Extra bits of each length code (zlib's `extra_lbits`).
pub(crate) const EXTRA_LBITS: [u8; LENGTH_CODES] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// Extra bits of each distance code (zlib's `extra_dbits`).
pub(crate) const EXTRA_DBITS: [u8; D_CODES] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Extra bits of each bit-length code (zlib's `extra_blbits`).
pub(crate) const EXTRA_BLBITS: [u8; BL_CODES] =
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];

/// The order in which bit-length code lengths are sent (zlib's `bl_order`).
pub(crate) const BL_ORDER: [usize; BL_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// First `length - MIN_MATCH` of each length code (zlib's `base_length`).
pub(crate) const BASE_LENGTH: [u8; LENGTH_CODES] = build_base_length();

/// First `distance - 1` of each distance code (zlib's `base_dist`).
pub(crate) const BASE_DIST: [u16; D_CODES] = build_base_dist();

/// Length code (0..29) of each `length - MIN_MATCH` (zlib's `_length_code`).
pub(crate) const LENGTH_CODE: [u8; 256] = build_length_code();

/// Distance code of `distance - 1`: the first 256 entries for distances up to 256, the next
/// 256 indexed by `(distance - 1) >> 7` (zlib's `_dist_code` and `d_code`).
const DIST_CODE: [u8; 512] = build_dist_code();

/// Bit lengths of the fixed literal/length code (zlib's `static_ltree[].Len`).
pub(crate) const STATIC_LTREE_LEN: [u8; L_CODES + 2] = build_static_ltree_len();
/// Bit-reversed codes of the fixed literal/length code (zlib's `static_ltree[].Code`).
pub(crate) const STATIC_LTREE_CODE: [u16; L_CODES + 2] = build_static_ltree_code();
/// Bit lengths of the fixed distance code: all 5 (zlib's `static_dtree[].Len`).
pub(crate) const STATIC_DTREE_LEN: [u8; D_CODES] = [5; D_CODES];
/// Bit-reversed codes of the fixed distance code (zlib's `static_dtree[].Code`).
pub(crate) const STATIC_DTREE_CODE: [u16; D_CODES] = build_static_dtree_code();

/// The distance code of a match distance minus one (zlib's `d_code` macro).
#[inline]
pub(crate) fn d_code(dist_minus_one: usize) -> usize {
    let index = if dist_minus_one < 256 {
        dist_minus_one
    } else {
        256 + ((dist_minus_one >> 7) & 0xFF)
    };
    DIST_CODE[index] as usize
}

/// Reverses the low `len` bits of `code` (zlib's `bi_reverse`).
pub(crate) const fn bit_reverse(code: u16, len: u8) -> u16 {
    let mut out = 0u16;
    let mut c = code;
    let mut i = 0;
    while i < len {
        out = (out << 1) | (c & 1);
        c >>= 1;
        i += 1;
    }
    out
}

const fn build_base_length() -> [u8; LENGTH_CODES] {
    let mut base = [0u8; LENGTH_CODES];
    let mut length = 0usize;
    let mut code = 0;
    while code < LENGTH_CODES - 1 {
        base[code] = length as u8;
        length += 1 << EXTRA_LBITS[code];
        code += 1;
    }
    // Code 285 stands for length 258 alone (`length - MIN_MATCH` = 255) and has no extra bits.
    base[LENGTH_CODES - 1] = 255;
    base
}

const fn build_length_code() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut code = 0;
    let mut length = 0usize;
    while code < LENGTH_CODES - 1 {
        let mut n = 0;
        while n < (1 << EXTRA_LBITS[code]) {
            table[length] = code as u8;
            length += 1;
            n += 1;
        }
        code += 1;
    }
    // Length 258 can be coded as 284 + 31 or as 285; 285 is shorter.
    table[255] = (LENGTH_CODES - 1) as u8;
    table
}

const fn build_base_dist() -> [u16; D_CODES] {
    let mut base = [0u16; D_CODES];
    let mut dist = 0u32;
    let mut code = 0;
    while code < D_CODES {
        base[code] = dist as u16;
        dist += 1 << EXTRA_DBITS[code];
        code += 1;
    }
    base
}

const fn build_dist_code() -> [u8; 512] {
    let mut table = [0u8; 512];
    // Distances 1..=256 (dist - 1 < 256) index the table directly.
    let mut code = 0;
    let mut dist = 0usize;
    while code < 16 {
        let mut n = 0;
        while n < (1 << EXTRA_DBITS[code]) {
            table[dist] = code as u8;
            dist += 1;
            n += 1;
        }
        code += 1;
    }
    // Longer distances are indexed by (dist - 1) >> 7.
    dist >>= 7;
    while code < D_CODES {
        let mut n = 0;
        while n < (1 << (EXTRA_DBITS[code] - 7)) {
            table[256 + dist] = code as u8;
            dist += 1;
            n += 1;
        }
        code += 1;
    }
    table
}

const fn build_static_ltree_len() -> [u8; L_CODES + 2] {
    let mut len = [0u8; L_CODES + 2];
    let mut n = 0;
    while n < L_CODES + 2 {
        len[n] = if n <= 143 {
            8
        } else if n <= 255 {
            9
        } else if n <= 279 {
            7
        } else {
            8
        };
        n += 1;
    }
    len
}

const fn build_static_ltree_code() -> [u16; L_CODES + 2] {
    let len = build_static_ltree_len();
    let mut bl_count = [0u16; MAX_BITS + 1];
    let mut n = 0;
    while n < L_CODES + 2 {
        bl_count[len[n] as usize] += 1;
        n += 1;
    }
    let mut next_code = [0u16; MAX_BITS + 1];
    let mut code = 0u16;
    let mut bits = 1;
    while bits <= MAX_BITS {
        code = (code + bl_count[bits - 1]) << 1;
        next_code[bits] = code;
        bits += 1;
    }
    let mut codes = [0u16; L_CODES + 2];
    n = 0;
    while n < L_CODES + 2 {
        let l = len[n] as usize;
        codes[n] = bit_reverse(next_code[l], len[n]);
        next_code[l] += 1;
        n += 1;
    }
    codes
}

const fn build_static_dtree_code() -> [u16; D_CODES] {
    let mut codes = [0u16; D_CODES];
    let mut n = 0;
    while n < D_CODES {
        codes[n] = bit_reverse(n as u16, 5);
        n += 1;
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_codes_cover_3_to_258() {
        // RFC 1951 §3.2.5: code 257 is length 3, 264 is 10, 265 is 11–12, 284 is 227–257.
        assert_eq!(LENGTH_CODE[0], 0);
        assert_eq!(LENGTH_CODE[7], 7);
        assert_eq!(LENGTH_CODE[8], 8);
        assert_eq!(LENGTH_CODE[9], 8);
        assert_eq!(LENGTH_CODE[224], 27);
        assert_eq!(LENGTH_CODE[254], 27);
        assert_eq!(LENGTH_CODE[255], 28);
        for (lc, &code) in LENGTH_CODE.iter().enumerate().take(255) {
            let code = code as usize;
            let base = BASE_LENGTH[code] as usize;
            assert!(lc >= base && lc - base < (1 << EXTRA_LBITS[code]));
        }
    }

    #[test]
    fn distance_codes_cover_1_to_32768() {
        for dist in 1..=32_768usize {
            let code = d_code(dist - 1);
            let base = BASE_DIST[code] as usize;
            assert!(
                dist > base && dist - 1 - base < (1 << EXTRA_DBITS[code]),
                "{dist}"
            );
        }
        assert_eq!(d_code(0), 0);
        assert_eq!(d_code(32_767), 29);
    }

    #[test]
    fn fixed_codes_match_rfc_1951() {
        // 0 → 00110000 (8 bits), 144 → 110010000 (9), 256 → 0000000 (7), 280 → 11000000 (8).
        assert_eq!(STATIC_LTREE_CODE[0], bit_reverse(0b0011_0000, 8));
        assert_eq!(STATIC_LTREE_CODE[144], bit_reverse(0b1_1001_0000, 9));
        assert_eq!(STATIC_LTREE_CODE[256], 0);
        assert_eq!(STATIC_LTREE_CODE[280], bit_reverse(0b1100_0000, 8));
        assert_eq!(STATIC_DTREE_CODE[1], 0b10000);
    }
}
