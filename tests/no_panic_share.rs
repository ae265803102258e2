//! Property test: the share-link decoder (`ui::page::document::decode`) never panics, whatever fragment
//! it is given, and every link `encode` writes decodes again. The cases are generated here
//! (the playground has no proptest): real links of the conformance scenarios, those links cut,
//! edited and spliced, random text after `v1.`, and base64 of zlib of mutated share documents
//! (so that decoding reaches the JSON and scenario stages).
//!
//! `PROPTEST_CASES` sets how many cases run (`scripts/long-checks.sh` sets 1,000,000); the
//! default is a quick 3,000.
#![cfg(not(target_arch = "wasm32"))]

use sessionscope::ui::page::document::{decode, encode};
use sessionscope_engine::compress::{zlib_compress, zlib_decompress};
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::signing::{b64_decode, b64_encode};
use sessionscope_engine::splitmix::SplitMix64;

fn cases() -> u64 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000)
}

/// SplitMix64: a small deterministic generator (the seed is printed on failure), with the
/// draws this test makes besides numbers.
trait Draw {
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str;
    fn char_from(&mut self, alphabet: &str) -> char;
}

impl Draw for SplitMix64 {
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn char_from(&mut self, alphabet: &str) -> char {
        let chars: Vec<char> = alphabet.chars().collect();
        chars[self.below(chars.len())]
    }
}

const BASE64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NOISE: &str = "v1.=+/&#%é\u{0}\u{7f}{}[]\":,0123456789abcxyzXYZ-_ \n";
const JSON_BITS: [&str; 14] = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\"engine\"",
    "\"steps\"",
    "\"\\ud800\"",
];

fn scenario_links() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/engine/tests/conformance/django-5.2/scenarios"
    );
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let scenario = Scenario::from_json(&text).unwrap();
        for (seed, secrets) in [(1, true), (0x5e55, false)] {
            let link = encode(&scenario, seed, secrets);
            assert!(decode(&link).is_ok(), "a link encode wrote does not decode");
            links.push(link);
        }
    }
    links.sort();
    links
}

/// The link with a few characters changed, removed or inserted, or cut short.
fn edited(link: &str, rng: &mut SplitMix64) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => chars[at] = rng.char_from(BASE64),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 => chars.insert(at, rng.char_from(NOISE)),
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// A share document's JSON, spliced with JSON fragments, compressed again.
fn recompressed(link: &str, rng: &mut SplitMix64) -> String {
    let data = link.strip_prefix("v1.").unwrap_or(link);
    let json = b64_decode(data.as_bytes())
        .ok()
        .and_then(|z| zlib_decompress(&z).ok())
        .unwrap_or_default();
    let mut text = String::from_utf8_lossy(&json).into_owned();
    for _ in 0..1 + rng.below(3) {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + rng.below(12)).min(text.len());
        let end = if text.is_char_boundary(end) { end } else { at };
        text.replace_range(at..end, rng.pick(&JSON_BITS));
    }
    format!("v1.{}", b64_encode(&zlib_compress(text.as_bytes())))
}

fn random_text(rng: &mut SplitMix64) -> String {
    let alphabet = if rng.below(2) == 0 { BASE64 } else { NOISE };
    let body: String = (0..rng.below(80))
        .map(|_| rng.char_from(alphabet))
        .collect();
    match rng.below(3) {
        0 => format!("v1.{body}"),
        1 => format!("v{}.{body}", rng.below(12)),
        _ => body,
    }
}

#[test]
fn share_links_decode_or_name_their_error() {
    let links = scenario_links();
    let mut rng = SplitMix64(0x5a4e);
    for case in 0..cases() {
        let link = &links[rng.below(links.len())];
        let fragment = match rng.below(4) {
            0 => edited(link, &mut rng),
            1 => recompressed(link, &mut rng),
            2 => random_text(&mut rng),
            _ => {
                let other = &links[rng.below(links.len())];
                let cut = rng.below(link.len().min(other.len()));
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| link.is_char_boundary(i) && other.is_char_boundary(i))
                    .unwrap_or(0);
                format!("{}{}", &link[..cut], &other[cut..])
            }
        };
        match decode(&fragment) {
            Ok(shared) => {
                // What decodes can be shared again and reads back the same.
                let again = encode(&shared.scenario, shared.key_seed, true);
                assert!(
                    decode(&again).is_ok(),
                    "case {case}: re-encoded link fails: {fragment}"
                );
            }
            Err(error) => assert!(!error.to_string().is_empty(), "case {case}: {fragment}"),
        }
    }
}
