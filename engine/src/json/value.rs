//! The value model of Python's `json` module: what `json.loads` returns and what session
//! dicts hold. Dict order is insertion order (Python 3.7+ `dict`), integers have arbitrary
//! size (Python `int`), floats are IEEE doubles (Python `float`).

use std::fmt;

/// A JSON value as Python sees it after `json.loads`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None` / `null`.
    Null,
    /// `True` / `False`.
    Bool(bool),
    /// A Python `int` of any size.
    Int(PyInt),
    /// A Python `float` (may be NaN or infinite: Python's `json` reads `NaN` and `Infinity`).
    Float(f64),
    /// A Python `str`.
    Str(String),
    /// A Python `list`.
    List(Vec<Value>),
    /// A Python `dict` with string keys, in insertion order.
    Dict(Dict),
}

impl Value {
    /// The dict inside, if this is a dict.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Value::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An empty dict, `{}`.
    pub fn empty_dict() -> Value {
        Value::Dict(Dict::new())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(PyInt::from(n))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

/// A Python `int` of arbitrary size, kept as its canonical decimal text
/// (optional `-`, no leading zeros, never `-0`). Texts of up to [`PyInt::INLINE_LEN`] bytes
/// (every `i64`) are stored in place, without a heap allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyInt(Digits);

/// The canonical text; `Inline` exactly when it is at most `PyInt::INLINE_LEN` bytes, so the
/// derived equality and hash compare numbers.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Digits {
    Inline {
        len: u8,
        bytes: [u8; PyInt::INLINE_LEN],
    },
    Heap(String),
}

impl PyInt {
    /// The longest text stored without allocating.
    pub const INLINE_LEN: usize = 22;

    /// Parses decimal digits with an optional leading `-` (leading zeros allowed and dropped).
    /// Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<PyInt> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            return Some(PyInt::from_canonical("0"));
        }
        if !negative {
            return Some(PyInt::from_canonical(trimmed));
        }
        let sign_len = 1;
        if trimmed.len() + sign_len <= Self::INLINE_LEN {
            let mut bytes = [0u8; Self::INLINE_LEN];
            bytes[0] = b'-';
            bytes[1..=trimmed.len()].copy_from_slice(trimmed.as_bytes());
            let len = (trimmed.len() + sign_len) as u8;
            return Some(PyInt(Digits::Inline { len, bytes }));
        }
        Some(PyInt(Digits::Heap(format!("-{trimmed}"))))
    }

    /// `text` must already be canonical.
    fn from_canonical(text: &str) -> PyInt {
        if text.len() <= Self::INLINE_LEN {
            let mut bytes = [0u8; Self::INLINE_LEN];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            PyInt(Digits::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            PyInt(Digits::Heap(text.to_owned()))
        }
    }

    /// The canonical decimal text, as Python's `repr(int)`.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ASCII digits and `-` are ever stored.
            Digits::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or("0")
            }
            Digits::Heap(text) => text,
        }
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.as_str().parse().ok()
    }

    /// The value as the nearest `f64` (Python's `float(int)` for ints that fit).
    pub fn to_f64(&self) -> f64 {
        super::float_parse::parse_float(self.as_str()).unwrap_or(f64::NAN)
    }
}

impl From<i64> for PyInt {
    fn from(n: i64) -> Self {
        PyInt::from_canonical(&n.to_string())
    }
}

impl fmt::Display for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PyInt").field(&self.as_str()).finish()
    }
}

/// A Python `dict` with `str` keys, preserving insertion order.
///
/// Assigning an existing key keeps its position (as `d[k] = v` does); removing a key and
/// inserting it again moves it to the end.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict {
    entries: Vec<(String, Value)>,
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of entries, `len(d)`.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `not d`.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `d.get(key)`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// `key in d`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// `d[key] = value`: replaces in place, or appends a new key at the end.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// `d.pop(key, None)`: removes and returns the value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// `d.clear()`.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Keys in order, `list(d)`.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// Entries in order, `d.items()`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// Like `dict(pairs)`: a repeated key keeps its first position and takes its last value.
impl FromIterator<(String, Value)> for Dict {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Dict::from_pairs(iter.into_iter().collect())
    }
}

impl Dict {
    /// Up to this many pairs, repeated keys are found by a linear scan; above, by hashing.
    const LINEAR_DEDUP_LIMIT: usize = 16;

    /// A quick screen: false only if all keys are certainly distinct (their 64-bit FNV-1a
    /// fingerprints are), which is the usual case and needs no hash map.
    fn may_repeat_keys(pairs: &[(String, Value)]) -> bool {
        let mut fingerprints: Vec<u64> = pairs
            .iter()
            .map(|(key, _)| {
                key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
                    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
                })
            })
            .collect();
        fingerprints.sort_unstable();
        fingerprints.windows(2).any(|pair| pair[0] == pair[1])
    }

    /// `dict(pairs)` in O(n) expected time (a JSON object with thousands of keys must not
    /// cost a quadratic number of comparisons).
    fn from_pairs(pairs: Vec<(String, Value)>) -> Dict {
        if pairs.len() <= Self::LINEAR_DEDUP_LIMIT {
            let mut dict = Dict::new();
            for (k, v) in pairs {
                dict.insert(k, v);
            }
            return dict;
        }
        if !Self::may_repeat_keys(&pairs) {
            return Dict { entries: pairs };
        }
        // For each key: the index of its first and of its last occurrence.
        let mut seen: std::collections::HashMap<&str, (usize, usize)> =
            std::collections::HashMap::with_capacity(pairs.len());
        for (index, (key, _)) in pairs.iter().enumerate() {
            seen.entry(key.as_str())
                .and_modify(|(_, last)| *last = index)
                .or_insert((index, index));
        }
        if seen.len() == pairs.len() {
            return Dict { entries: pairs };
        }
        let placement: Vec<Option<usize>> = pairs
            .iter()
            .enumerate()
            .map(|(index, (key, _))| match seen.get(key.as_str()) {
                Some(&(first, last)) if first == index => Some(last),
                _ => None,
            })
            .collect();
        let mut values: Vec<Option<Value>> = Vec::with_capacity(pairs.len());
        let mut keys: Vec<String> = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            keys.push(key);
            values.push(Some(value));
        }
        let entries = keys
            .into_iter()
            .zip(placement)
            .filter_map(|(key, last)| Some((key, values[last?].take()?)))
            .collect();
        Dict { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reinserting_a_key_keeps_its_position_but_remove_then_insert_moves_it_last() {
        let mut d = Dict::new();
        d.insert("a", Value::from(1));
        d.insert("b", Value::from(2));
        d.insert("a", Value::from(3));
        assert_eq!(d.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(d.get("a"), Some(&Value::from(3)));
        d.remove("a");
        d.insert("a", Value::from(4));
        assert_eq!(d.keys().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn collecting_pairs_behaves_like_python_dict_of_pairs() {
        for count in [3usize, 40] {
            let mut pairs: Vec<(String, Value)> = (0..count)
                .map(|i| (format!("k{i}"), Value::from(i as i64)))
                .collect();
            pairs.push(("k1".to_owned(), Value::from("last")));
            pairs.push(("k0".to_owned(), Value::Null));
            let dict: Dict = pairs.into_iter().collect();
            assert_eq!(dict.len(), count);
            assert_eq!(dict.keys().next(), Some("k0"));
            assert_eq!(dict.keys().nth(1), Some("k1"));
            assert_eq!(dict.get("k0"), Some(&Value::Null));
            assert_eq!(dict.get("k1"), Some(&Value::from("last")));
            assert_eq!(dict.get("k2"), Some(&Value::from(2)));
        }
    }

    #[test]
    fn py_int_equality_is_numeric_across_storage_sizes() {
        for text in ["0", "-1", "9223372036854775807", "-9223372036854775808"] {
            assert_eq!(
                PyInt::parse(text),
                Some(PyInt::from(text.parse::<i64>().unwrap()))
            );
        }
        let longest_inline = "1".repeat(PyInt::INLINE_LEN);
        let shortest_heap = "1".repeat(PyInt::INLINE_LEN + 1);
        for text in [longest_inline, shortest_heap] {
            let padded = format!("000{text}");
            assert_eq!(PyInt::parse(&padded).unwrap().as_str(), text);
            assert_eq!(PyInt::parse(&padded), PyInt::parse(&text));
            let negative = format!("-{text}");
            assert_eq!(PyInt::parse(&negative).unwrap().as_str(), negative);
        }
        assert_ne!(PyInt::parse("12"), PyInt::parse("120"));
        assert_eq!(format!("{:?}", PyInt::from(-5)), "PyInt(\"-5\")");
    }

    #[test]
    fn py_int_is_canonical() {
        assert_eq!(PyInt::parse("-000").unwrap().as_str(), "0");
        assert_eq!(PyInt::parse("007").unwrap().as_str(), "7");
        assert_eq!(PyInt::parse("-12").unwrap().as_str(), "-12");
        assert!(PyInt::parse("1.0").is_none());
        assert!(PyInt::parse("-").is_none());
    }
}
