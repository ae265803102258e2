//! Pickle protocol 5 for the values sessions hold, as Django 4.2's `PickleSerializer`
//! (`pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)`, CPython's C pickler) writes it, byte for
//! byte, and a reader that treats a pickle as **data**.
//!
//! [`dumps`] follows `tests/conformance/versions/README.md` ("Pickle protocol 5, byte by
//! byte"): PROTO 5, a FRAME around everything when it holds at least 4 bytes, the smallest
//! integer opcode, big-endian BINFLOAT, UTF-8 strings with MEMOIZE, batches of 1000 for lists
//! and dicts, and BINGET for the strings CPython shares (the empty string and one-character
//! strings below U+0100).
//!
//! [`loads`] never runs anything: it walks the opcodes with an allow-list of those that only
//! build `None`, booleans, ints, floats, strings, lists and dicts. An opcode that would make
//! Python import or call code (`GLOBAL`, `STACK_GLOBAL`, `REDUCE`, `BUILD`, `INST`, `OBJ`,
//! `NEWOBJ`, …) is refused with [`PickleError::Refused`], saying which one and where.
//! [`disassemble`] lists a pickle's opcodes (as `pickletools.dis` names them) without
//! interpreting them, so a forged pickle can be shown for what it would do.

use std::collections::HashMap;
use std::fmt;

use crate::json::{Dict, PyInt, Value};

/// The protocol Django 4.2 writes (`pickle.HIGHEST_PROTOCOL` on Python 3.8+).
pub const PROTOCOL: u8 = 5;

/// Frames are closed once they hold this many bytes (`_FRAME_SIZE_TARGET`).
const FRAME_SIZE_TARGET: usize = 64 * 1024;
/// A frame smaller than this gets no FRAME header (`_FRAME_SIZE_MIN`).
const FRAME_SIZE_MIN: usize = 4;
/// Items per APPENDS / SETITEMS batch (`_BATCHSIZE`).
const BATCH_SIZE: usize = 1000;
/// The longest int (in bytes) the reader accepts: about Python's 4300-digit `str(int)` limit.
const MAX_LONG_BYTES: usize = 1800;
/// How deep the reader lets containers nest.
const MAX_DEPTH: usize = 1000;

// The opcodes the writer uses.
const MARK: u8 = b'(';
const STOP: u8 = b'.';
const BININT: u8 = b'J';
const BININT1: u8 = b'K';
const BININT2: u8 = b'M';
const NONE: u8 = b'N';
const BINUNICODE: u8 = b'X';
const APPEND: u8 = b'a';
const EMPTY_DICT: u8 = b'}';
const APPENDS: u8 = b'e';
const BINGET: u8 = b'h';
const LONG_BINGET: u8 = b'j';
const EMPTY_LIST: u8 = b']';
const SETITEM: u8 = b's';
const SETITEMS: u8 = b'u';
const BINFLOAT: u8 = b'G';
const PROTO: u8 = 0x80;
const NEWTRUE: u8 = 0x88;
const NEWFALSE: u8 = 0x89;
const LONG1: u8 = 0x8a;
const LONG4: u8 = 0x8b;
const SHORT_BINUNICODE: u8 = 0x8c;
const BINUNICODE8: u8 = 0x8d;
const MEMOIZE: u8 = 0x94;
const FRAME: u8 = 0x95;

/// How a run writes and reads Django 4.2's `PickleSerializer` payloads (`pickle.dumps(obj,
/// pickle.HIGHEST_PROTOCOL)` / `pickle.loads`): the engine's own [`DataPickle`], or one its
/// caller supplies. The playground supplies one that loads this module's code on demand, so a
/// visit that never runs a pickle session never downloads it.
pub trait SessionPickle: std::fmt::Debug {
    /// `pickle.dumps(value, 5)`.
    fn dumps(&self, value: &Value) -> Vec<u8>;
    /// `pickle.loads(data)`, read as data: code is refused, never run.
    fn loads(&self, data: &[u8]) -> Result<Value, PickleError>;
}

/// The engine's pickle: [`dumps`] and [`loads`].
#[derive(Clone, Copy, Debug, Default)]
pub struct DataPickle;

impl SessionPickle for DataPickle {
    fn dumps(&self, value: &Value) -> Vec<u8> {
        dumps(value)
    }

    fn loads(&self, data: &[u8]) -> Result<Value, PickleError> {
        loads(data)
    }
}

/// Whether `data` starts like a pickle of protocol 2 or later (`80 02`…`80 05`).
pub fn looks_like_pickle(data: &[u8]) -> bool {
    matches!(data, [PROTO, 2..=5, ..])
}

// ---------------------------------------------------------------------------------------
// Writing

/// `pickle.dumps(value, 5)` as CPython writes it for a JSON value.
pub fn dumps(value: &Value) -> Vec<u8> {
    let mut writer = Writer::default();
    writer.out.extend_from_slice(&[PROTO, PROTOCOL]);
    writer.save(value);
    writer.frame.push(STOP);
    writer.commit_frame();
    writer.out
}

#[derive(Default)]
struct Writer {
    /// Committed bytes.
    out: Vec<u8>,
    /// The current frame's bytes.
    frame: Vec<u8>,
    /// Next memo index.
    memo_len: u32,
    /// Memo indexes of the strings CPython shares between occurrences.
    shared: HashMap<String, u32>,
}

/// CPython's interned singletons: `""` and every one-character string below U+0100.
fn is_shared_string(s: &str) -> bool {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (None, _) => true,
        (Some(c), None) => (c as u32) < 0x100,
        _ => false,
    }
}

impl Writer {
    fn commit_frame(&mut self) {
        if self.frame.len() >= FRAME_SIZE_MIN {
            self.out.push(FRAME);
            self.out
                .extend_from_slice(&(self.frame.len() as u64).to_le_bytes());
        }
        self.out.append(&mut self.frame);
    }

    fn memoize(&mut self) -> u32 {
        self.frame.push(MEMOIZE);
        self.memo_len += 1;
        self.memo_len - 1
    }

    fn save(&mut self, value: &Value) {
        if self.frame.len() >= FRAME_SIZE_TARGET {
            self.commit_frame();
        }
        match value {
            Value::Null => self.frame.push(NONE),
            Value::Bool(true) => self.frame.push(NEWTRUE),
            Value::Bool(false) => self.frame.push(NEWFALSE),
            Value::Int(n) => self.save_int(n),
            Value::Float(x) => {
                self.frame.push(BINFLOAT);
                self.frame.extend_from_slice(&x.to_be_bytes());
            }
            Value::Str(s) => self.save_str(s),
            Value::List(items) => {
                self.frame.push(EMPTY_LIST);
                self.memoize();
                match items.len() {
                    0 => {}
                    1 => {
                        self.save(&items[0]);
                        self.frame.push(APPEND);
                    }
                    _ => {
                        for batch in items.chunks(BATCH_SIZE) {
                            self.frame.push(MARK);
                            for item in batch {
                                self.save(item);
                            }
                            self.frame.push(APPENDS);
                        }
                    }
                }
            }
            Value::Dict(dict) => {
                self.frame.push(EMPTY_DICT);
                self.memoize();
                let pairs: Vec<(&str, &Value)> = dict.iter().collect();
                match pairs.len() {
                    0 => {}
                    1 => {
                        self.save_str(pairs[0].0);
                        self.save(pairs[0].1);
                        self.frame.push(SETITEM);
                    }
                    n => {
                        // `batch_dict_exact`: a full batch is always followed by another,
                        // possibly empty, one.
                        let mut start = 0;
                        loop {
                            let end = (start + BATCH_SIZE).min(n);
                            self.frame.push(MARK);
                            for (key, value) in &pairs[start..end] {
                                self.save_str(key);
                                self.save(value);
                            }
                            self.frame.push(SETITEMS);
                            if end - start < BATCH_SIZE {
                                break;
                            }
                            start = end;
                        }
                    }
                }
            }
        }
    }

    fn save_str(&mut self, s: &str) {
        // Dict keys are saved here directly: the same frame boundary as `save`.
        if self.frame.len() >= FRAME_SIZE_TARGET {
            self.commit_frame();
        }
        if let Some(&index) = self.shared.get(s) {
            if index < 256 {
                self.frame.extend_from_slice(&[BINGET, index as u8]);
            } else {
                self.frame.push(LONG_BINGET);
                self.frame.extend_from_slice(&index.to_le_bytes());
            }
            return;
        }
        let bytes = s.as_bytes();
        let mut header = Vec::with_capacity(9);
        if bytes.len() <= 0xff {
            header.extend_from_slice(&[SHORT_BINUNICODE, bytes.len() as u8]);
        } else if bytes.len() as u64 > 0xffff_ffff {
            header.push(BINUNICODE8);
            header.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        } else {
            header.push(BINUNICODE);
            header.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        }
        if bytes.len() >= FRAME_SIZE_TARGET {
            // `_Pickler_write_bytes`: large payloads go outside any frame.
            self.commit_frame();
            self.out.extend_from_slice(&header);
            self.out.extend_from_slice(bytes);
        } else {
            self.frame.extend_from_slice(&header);
            self.frame.extend_from_slice(bytes);
        }
        let index = self.memoize();
        if is_shared_string(s) {
            self.shared.insert(s.to_owned(), index);
        }
    }

    fn save_int(&mut self, n: &PyInt) {
        if let Some(v) = n.to_i64() {
            if (0..=0xff).contains(&v) {
                self.frame.extend_from_slice(&[BININT1, v as u8]);
                return;
            }
            if (0..=0xffff).contains(&v) {
                self.frame.push(BININT2);
                self.frame.extend_from_slice(&(v as u16).to_le_bytes());
                return;
            }
            if (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&v) {
                self.frame.push(BININT);
                self.frame.extend_from_slice(&(v as i32).to_le_bytes());
                return;
            }
        }
        let bytes = long_to_bytes(n.as_str());
        if bytes.len() < 256 {
            self.frame.extend_from_slice(&[LONG1, bytes.len() as u8]);
        } else {
            self.frame.push(LONG4);
            self.frame
                .extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        }
        self.frame.extend_from_slice(&bytes);
    }
}

/// `save_long`'s bytes: little-endian two's complement of `(bit_length(|n|) >> 3) + 1`
/// bytes, one fewer for a negative number whose top byte is only sign bits.
fn long_to_bytes(decimal: &str) -> Vec<u8> {
    let (negative, digits) = match decimal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, decimal),
    };
    // Magnitude, little-endian base 256.
    let mut magnitude: Vec<u8> = Vec::new();
    for d in digits.bytes() {
        let mut carry = u32::from(d - b'0');
        for byte in magnitude.iter_mut() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            magnitude.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    while magnitude.last() == Some(&0) {
        magnitude.pop();
    }
    let bits = match magnitude.last() {
        None => 0,
        Some(top) => (magnitude.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
    };
    let mut nbytes = (bits >> 3) + 1;
    let mut out = magnitude.clone();
    out.resize(nbytes, 0);
    if negative {
        // Two's complement: invert and add one.
        let mut carry = 1u16;
        for byte in out.iter_mut() {
            let v = u16::from(!*byte) + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        if nbytes > 1 && out[nbytes - 1] == 0xff && out[nbytes - 2] & 0x80 != 0 {
            nbytes -= 1;
            out.truncate(nbytes);
        }
    }
    out
}

/// Little-endian two's complement bytes to decimal text (`decode_long`).
fn bytes_to_long(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "0".to_owned();
    }
    let negative = bytes[bytes.len() - 1] & 0x80 != 0;
    let mut magnitude = bytes.to_vec();
    if negative {
        let mut carry = 1u16;
        for byte in magnitude.iter_mut() {
            let v = u16::from(!*byte) + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
    }
    // Repeated division by 10 of the little-endian magnitude.
    let mut digits = Vec::new();
    let mut limbs = magnitude;
    while limbs.iter().any(|&b| b != 0) {
        let mut remainder = 0u32;
        for byte in limbs.iter_mut().rev() {
            let v = (remainder << 8) | u32::from(*byte);
            *byte = (v / 10) as u8;
            remainder = v % 10;
        }
        digits.push(b'0' + remainder as u8);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    if digits.is_empty() {
        return "0".to_owned();
    }
    if negative {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_else(|_| "0".to_owned())
}

// ---------------------------------------------------------------------------------------
// The opcode table (pickletools' names)

/// How an opcode's argument is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    None,
    U1,
    U2,
    I4,
    U4,
    U8,
    Long1,
    Long4,
    Float8,
    /// A length (1, 4 or 8 bytes, little-endian) then that many bytes.
    Counted(usize),
    /// A signed 4-byte length then bytes (`BINSTRING`).
    CountedI4,
    /// Text up to a newline.
    Line,
    /// Two newline-terminated lines (`GLOBAL`, `INST`: module and name).
    TwoLines,
}

/// What reading an opcode does, for the reader's allow-list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Builds data the reader supports.
    Data,
    /// Valid pickle that builds data of a kind sessions never hold (tuples, bytes, sets…) or
    /// the text forms of protocol 0; the reader does not support it.
    Unsupported,
    /// Would make Python import, look up or call code.
    Code,
}

fn opcode(byte: u8) -> Option<(&'static str, Arg, Kind)> {
    use Arg as A;
    use Kind::*;
    Some(match byte {
        b'(' => ("MARK", A::None, Data),
        b'.' => ("STOP", A::None, Data),
        b'0' => ("POP", A::None, Unsupported),
        b'1' => ("POP_MARK", A::None, Unsupported),
        b'2' => ("DUP", A::None, Unsupported),
        b'F' => ("FLOAT", A::Line, Unsupported),
        b'I' => ("INT", A::Line, Unsupported),
        b'J' => ("BININT", A::I4, Data),
        b'K' => ("BININT1", A::U1, Data),
        b'L' => ("LONG", A::Line, Unsupported),
        b'M' => ("BININT2", A::U2, Data),
        b'N' => ("NONE", A::None, Data),
        b'P' => ("PERSID", A::Line, Code),
        b'Q' => ("BINPERSID", A::None, Code),
        b'R' => ("REDUCE", A::None, Code),
        b'S' => ("STRING", A::Line, Unsupported),
        b'T' => ("BINSTRING", A::CountedI4, Unsupported),
        b'U' => ("SHORT_BINSTRING", A::Counted(1), Unsupported),
        b'V' => ("UNICODE", A::Line, Unsupported),
        b'X' => ("BINUNICODE", A::Counted(4), Data),
        b'a' => ("APPEND", A::None, Data),
        b'b' => ("BUILD", A::None, Code),
        b'c' => ("GLOBAL", A::TwoLines, Code),
        b'd' => ("DICT", A::None, Data),
        b'}' => ("EMPTY_DICT", A::None, Data),
        b'e' => ("APPENDS", A::None, Data),
        b'g' => ("GET", A::Line, Unsupported),
        b'h' => ("BINGET", A::U1, Data),
        b'i' => ("INST", A::TwoLines, Code),
        b'j' => ("LONG_BINGET", A::U4, Data),
        b'l' => ("LIST", A::None, Data),
        b']' => ("EMPTY_LIST", A::None, Data),
        b'o' => ("OBJ", A::None, Code),
        b'p' => ("PUT", A::Line, Unsupported),
        b'q' => ("BINPUT", A::U1, Data),
        b'r' => ("LONG_BINPUT", A::U4, Data),
        b's' => ("SETITEM", A::None, Data),
        b't' => ("TUPLE", A::None, Unsupported),
        b')' => ("EMPTY_TUPLE", A::None, Unsupported),
        b'u' => ("SETITEMS", A::None, Data),
        b'G' => ("BINFLOAT", A::Float8, Data),
        0x80 => ("PROTO", A::U1, Data),
        0x81 => ("NEWOBJ", A::None, Code),
        0x82 => ("EXT1", A::U1, Code),
        0x83 => ("EXT2", A::U2, Code),
        0x84 => ("EXT4", A::I4, Code),
        0x85 => ("TUPLE1", A::None, Unsupported),
        0x86 => ("TUPLE2", A::None, Unsupported),
        0x87 => ("TUPLE3", A::None, Unsupported),
        0x88 => ("NEWTRUE", A::None, Data),
        0x89 => ("NEWFALSE", A::None, Data),
        0x8a => ("LONG1", A::Long1, Data),
        0x8b => ("LONG4", A::Long4, Data),
        b'B' => ("BINBYTES", A::Counted(4), Unsupported),
        b'C' => ("SHORT_BINBYTES", A::Counted(1), Unsupported),
        0x8c => ("SHORT_BINUNICODE", A::Counted(1), Data),
        0x8d => ("BINUNICODE8", A::Counted(8), Data),
        0x8e => ("BINBYTES8", A::Counted(8), Unsupported),
        0x8f => ("EMPTY_SET", A::None, Unsupported),
        0x90 => ("ADDITEMS", A::None, Unsupported),
        0x91 => ("FROZENSET", A::None, Unsupported),
        0x92 => ("NEWOBJ_EX", A::None, Code),
        0x93 => ("STACK_GLOBAL", A::None, Code),
        0x94 => ("MEMOIZE", A::None, Data),
        0x95 => ("FRAME", A::U8, Data),
        0x96 => ("BYTEARRAY8", A::Counted(8), Unsupported),
        0x97 => ("NEXT_BUFFER", A::None, Unsupported),
        0x98 => ("READONLY_BUFFER", A::None, Unsupported),
        _ => return None,
    })
}

/// An opcode's decoded argument.
#[derive(Clone, Debug, PartialEq)]
enum ArgValue {
    None,
    Uint(u64),
    Int(i64),
    Long(Vec<u8>),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Pair(String, String),
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], PickleError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
            .ok_or(PickleError::Truncated)?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn uint(&mut self, n: usize) -> Result<u64, PickleError> {
        let bytes = self.take(n)?;
        Ok(bytes
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn line(&mut self) -> Result<String, PickleError> {
        let rest = &self.data[self.pos..];
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or(PickleError::Truncated)?;
        let text = String::from_utf8_lossy(&rest[..end]).into_owned();
        self.pos += end + 1;
        Ok(text)
    }

    fn arg(&mut self, arg: Arg) -> Result<ArgValue, PickleError> {
        Ok(match arg {
            Arg::None => ArgValue::None,
            Arg::U1 => ArgValue::Uint(self.uint(1)?),
            Arg::U2 => ArgValue::Uint(self.uint(2)?),
            Arg::U4 => ArgValue::Uint(self.uint(4)?),
            Arg::U8 => ArgValue::Uint(self.uint(8)?),
            Arg::I4 => ArgValue::Int(i64::from(self.uint(4)? as u32 as i32)),
            Arg::Long1 | Arg::Long4 => {
                let n = self.uint(if arg == Arg::Long1 { 1 } else { 4 })? as usize;
                if n > MAX_LONG_BYTES {
                    return Err(PickleError::TooLarge);
                }
                ArgValue::Long(self.take(n)?.to_vec())
            }
            Arg::Float8 => {
                let bytes: [u8; 8] = self
                    .take(8)?
                    .try_into()
                    .map_err(|_| PickleError::Truncated)?;
                ArgValue::Float(f64::from_be_bytes(bytes))
            }
            Arg::Counted(width) => {
                let n = usize::try_from(self.uint(width)?).map_err(|_| PickleError::Truncated)?;
                ArgValue::Bytes(self.take(n)?.to_vec())
            }
            Arg::CountedI4 => {
                let n = self.uint(4)? as u32 as i32;
                let n = usize::try_from(n).map_err(|_| {
                    PickleError::Malformed("BINSTRING pickle has negative byte count".to_owned())
                })?;
                ArgValue::Bytes(self.take(n)?.to_vec())
            }
            Arg::Line => ArgValue::Text(self.line()?),
            Arg::TwoLines => {
                let module = self.line()?;
                ArgValue::Pair(module, self.line()?)
            }
        })
    }
}

// ---------------------------------------------------------------------------------------
// Disassembly

/// One opcode of a pickle, as `pickletools.dis` would list it.
#[derive(Clone, Debug, PartialEq)]
pub struct PickleOp {
    /// Byte offset of the opcode.
    pub offset: usize,
    /// The opcode byte.
    pub code: u8,
    /// `pickletools`' name (`"SHORT_BINUNICODE"`).
    pub name: &'static str,
    /// The argument, as text (`'cart'`, `2`, `'os system'`); empty when there is none.
    pub arg: String,
    /// Whether this opcode would make Python import or call code.
    pub runs_code: bool,
}

impl fmt::Display for PickleOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:5}: {}", self.offset, self.name)?;
        if !self.arg.is_empty() {
            write!(f, " {}", self.arg)?;
        }
        Ok(())
    }
}

/// The opcodes of `data` up to `STOP`, never interpreted; `Err` says why the listing stopped
/// early (with the opcodes read so far).
pub fn disassemble(data: &[u8]) -> (Vec<PickleOp>, Option<PickleError>) {
    let mut ops = Vec::new();
    let mut cursor = Cursor { data, pos: 0 };
    loop {
        let offset = cursor.pos;
        let Some(&code) = data.get(offset) else {
            return (ops, Some(PickleError::Truncated));
        };
        let Some((name, arg_kind, kind)) = opcode(code) else {
            return (ops, Some(PickleError::InvalidLoadKey(code)));
        };
        cursor.pos += 1;
        let arg = match cursor.arg(arg_kind) {
            Ok(arg) => arg,
            Err(error) => return (ops, Some(error)),
        };
        ops.push(PickleOp {
            offset,
            code,
            name,
            arg: arg_text(&arg, name),
            runs_code: kind == Kind::Code,
        });
        if code == STOP {
            return (ops, None);
        }
    }
}

fn arg_text(arg: &ArgValue, name: &str) -> String {
    match arg {
        ArgValue::None => String::new(),
        ArgValue::Uint(n) => n.to_string(),
        ArgValue::Int(n) => n.to_string(),
        ArgValue::Long(bytes) => bytes_to_long(bytes),
        ArgValue::Float(x) => crate::json::python_float_repr(*x),
        ArgValue::Bytes(bytes) if name.contains("UNICODE") => {
            crate::json::python_str_repr(&String::from_utf8_lossy(bytes))
        }
        ArgValue::Bytes(bytes) => format!("{bytes:02x?}"),
        ArgValue::Text(text) => crate::json::python_str_repr(text),
        ArgValue::Pair(module, name) => crate::json::python_str_repr(&format!("{module} {name}")),
    }
}

// ---------------------------------------------------------------------------------------
// Reading, as data

/// Why a pickle was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickleError {
    /// The byte is not a pickle opcode (Python: `invalid load key, '{'.`). JSON data read as a
    /// pickle fails this way.
    InvalidLoadKey(u8),
    /// The data ends before `STOP` or inside an argument.
    Truncated,
    /// The caller's [`SessionPickle`] has no pickle code at hand (the playground's, before it
    /// has loaded): nothing was read.
    Unavailable,
    /// An opcode that would make Python import or call code: refused, never run.
    Refused {
        /// Its offset.
        offset: usize,
        /// Its name (`"GLOBAL"`, `"REDUCE"`…).
        opcode: &'static str,
        /// Its argument as text (the module and name for `GLOBAL`).
        arg: String,
    },
    /// A valid opcode building something sessions never hold (tuples, bytes, sets…).
    Unsupported {
        /// Its offset.
        offset: usize,
        /// Its name.
        opcode: &'static str,
    },
    /// Structurally wrong (stack underflow, a missing MARK, a memo index never set, a dict key
    /// that is not a string, a protocol above 5…).
    Malformed(String),
    /// An integer or nesting too large for this reader.
    TooLarge,
}

impl fmt::Display for PickleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PickleError::InvalidLoadKey(byte) => {
                let c = char::from(*byte);
                let shown = if byte.is_ascii_graphic() || *byte == b' ' {
                    format!("'{c}'")
                } else {
                    format!("'\\x{byte:02x}'")
                };
                write!(f, "_pickle.UnpicklingError: invalid load key, {shown}.")
            }
            PickleError::Truncated => f.write_str("_pickle.UnpicklingError: pickle data was truncated"),
            PickleError::Unavailable => f.write_str("the pickle reader has not loaded yet"),
            PickleError::Refused { offset, opcode, arg } => write!(
                f,
                "refused: opcode {opcode}{}{arg} at offset {offset} would make Python import or call code; it was not run",
                if arg.is_empty() { "" } else { " " }
            ),
            PickleError::Unsupported { offset, opcode } => write!(
                f,
                "opcode {opcode} at offset {offset} builds a value session data never holds (not read)"
            ),
            PickleError::Malformed(why) => write!(f, "malformed pickle: {why}"),
            PickleError::TooLarge => f.write_str("pickle too large for this reader"),
        }
    }
}

impl std::error::Error for PickleError {}

/// An object under construction: containers are referenced by index so that the memo and
/// the stack can share them, as Python's objects are.
#[derive(Clone, Debug)]
enum Obj {
    Scalar(Value),
    List(Vec<usize>),
    Dict(Vec<(String, usize)>),
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Object(usize),
    Mark,
}

/// `pickle.loads(data)` for JSON-like values, without running anything (see the module doc).
pub fn loads(data: &[u8]) -> Result<Value, PickleError> {
    let mut objects: Vec<Obj> = Vec::new();
    let mut stack: Vec<Slot> = Vec::new();
    let mut memo: HashMap<u64, usize> = HashMap::new();
    let mut cursor = Cursor { data, pos: 0 };
    let malformed = |why: &str| PickleError::Malformed(why.to_owned());
    loop {
        let offset = cursor.pos;
        let Some(&code) = data.get(offset) else {
            return Err(PickleError::Truncated);
        };
        let (name, arg_kind, kind) = opcode(code).ok_or(PickleError::InvalidLoadKey(code))?;
        cursor.pos += 1;
        let arg = cursor.arg(arg_kind)?;
        match kind {
            Kind::Code => {
                return Err(PickleError::Refused {
                    offset,
                    opcode: name,
                    arg: arg_text(&arg, name),
                })
            }
            Kind::Unsupported => {
                return Err(PickleError::Unsupported {
                    offset,
                    opcode: name,
                })
            }
            Kind::Data => {}
        }
        let push_new = |objects: &mut Vec<Obj>, stack: &mut Vec<Slot>, obj: Obj| {
            objects.push(obj);
            stack.push(Slot::Object(objects.len() - 1));
        };
        let pop_object = |stack: &mut Vec<Slot>| match stack.pop() {
            Some(Slot::Object(id)) => Ok(id),
            _ => Err(malformed("unpickling stack underflow")),
        };
        let pop_mark = |stack: &mut Vec<Slot>| -> Result<Vec<usize>, PickleError> {
            let at = stack
                .iter()
                .rposition(|s| matches!(s, Slot::Mark))
                .ok_or_else(|| malformed("could not find MARK"))?;
            let items = stack[at + 1..]
                .iter()
                .filter_map(|s| match s {
                    Slot::Object(id) => Some(*id),
                    Slot::Mark => None,
                })
                .collect();
            stack.truncate(at);
            Ok(items)
        };
        match (code, arg) {
            (PROTO, ArgValue::Uint(p)) => {
                if p > u64::from(PROTOCOL) {
                    return Err(PickleError::Malformed(format!(
                        "unsupported pickle protocol: {p}"
                    )));
                }
            }
            (FRAME, _) => {}
            (STOP, _) => {
                let root = pop_object(&mut stack)?;
                return materialize(&objects, root, 0);
            }
            (MARK, _) => stack.push(Slot::Mark),
            (NONE, _) => push_new(&mut objects, &mut stack, Obj::Scalar(Value::Null)),
            (NEWTRUE, _) => push_new(&mut objects, &mut stack, Obj::Scalar(Value::Bool(true))),
            (NEWFALSE, _) => push_new(&mut objects, &mut stack, Obj::Scalar(Value::Bool(false))),
            (_, ArgValue::Uint(n)) if matches!(code, BININT1 | BININT2) => {
                push_new(&mut objects, &mut stack, Obj::Scalar(Value::from(n as i64)))
            }
            (BININT, ArgValue::Int(n)) => {
                push_new(&mut objects, &mut stack, Obj::Scalar(Value::from(n)))
            }
            (LONG1 | LONG4, ArgValue::Long(bytes)) => {
                let text = bytes_to_long(&bytes);
                let n = PyInt::parse(&text).ok_or_else(|| malformed("bad LONG"))?;
                push_new(&mut objects, &mut stack, Obj::Scalar(Value::Int(n)))
            }
            (BINFLOAT, ArgValue::Float(x)) => {
                push_new(&mut objects, &mut stack, Obj::Scalar(Value::Float(x)))
            }
            (SHORT_BINUNICODE | BINUNICODE | BINUNICODE8, ArgValue::Bytes(bytes)) => {
                // Python decodes with "surrogatepass"; a Rust string cannot hold a lone
                // surrogate, which becomes U+FFFD (as the JSON reader does).
                let text = String::from_utf8(bytes.clone())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
                push_new(&mut objects, &mut stack, Obj::Scalar(Value::Str(text)))
            }
            (EMPTY_LIST, _) => push_new(&mut objects, &mut stack, Obj::List(Vec::new())),
            (EMPTY_DICT, _) => push_new(&mut objects, &mut stack, Obj::Dict(Vec::new())),
            (b'l', _) => {
                let items = pop_mark(&mut stack)?;
                push_new(&mut objects, &mut stack, Obj::List(items))
            }
            (b'd', _) => {
                let items = pop_mark(&mut stack)?;
                let pairs = pairs(&objects, &items)?;
                push_new(&mut objects, &mut stack, Obj::Dict(pairs))
            }
            (APPEND, _) => {
                let item = pop_object(&mut stack)?;
                let list = top(&stack)?;
                match &mut objects[list] {
                    Obj::List(items) => items.push(item),
                    _ => return Err(malformed("APPEND to something that is not a list")),
                }
            }
            (APPENDS, _) => {
                let items = pop_mark(&mut stack)?;
                let list = top(&stack)?;
                match &mut objects[list] {
                    Obj::List(existing) => existing.extend(items),
                    _ => return Err(malformed("APPENDS to something that is not a list")),
                }
            }
            (SETITEM | SETITEMS, _) => {
                let items = if code == SETITEM {
                    let value = pop_object(&mut stack)?;
                    let key = pop_object(&mut stack)?;
                    vec![key, value]
                } else {
                    pop_mark(&mut stack)?
                };
                let new_pairs = pairs(&objects, &items)?;
                let dict = top(&stack)?;
                match &mut objects[dict] {
                    Obj::Dict(existing) => {
                        for (key, value) in new_pairs {
                            match existing.iter_mut().find(|(k, _)| *k == key) {
                                Some(slot) => slot.1 = value,
                                None => existing.push((key, value)),
                            }
                        }
                    }
                    _ => return Err(malformed("SETITEM(S) on something that is not a dict")),
                }
            }
            (MEMOIZE, _) => {
                let id = top(&stack)?;
                let index = memo.len() as u64;
                memo.insert(index, id);
            }
            (b'q' | b'r', ArgValue::Uint(index)) => {
                let id = top(&stack)?;
                memo.insert(index, id);
            }
            (BINGET | LONG_BINGET, ArgValue::Uint(index)) => {
                let id = *memo.get(&index).ok_or_else(|| {
                    PickleError::Malformed(format!("Memo value not found at index {index}"))
                })?;
                stack.push(Slot::Object(id));
            }
            _ => return Err(malformed("unexpected opcode argument")),
        }
    }
}

fn top(stack: &[Slot]) -> Result<usize, PickleError> {
    match stack.last() {
        Some(Slot::Object(id)) => Ok(*id),
        _ => Err(PickleError::Malformed(
            "unpickling stack underflow".to_owned(),
        )),
    }
}

fn pairs(objects: &[Obj], items: &[usize]) -> Result<Vec<(String, usize)>, PickleError> {
    if !items.len().is_multiple_of(2) {
        return Err(PickleError::Malformed(
            "odd number of items for SETITEMS".to_owned(),
        ));
    }
    items
        .chunks(2)
        .map(|pair| match &objects[pair[0]] {
            Obj::Scalar(Value::Str(key)) => Ok((key.clone(), pair[1])),
            _ => Err(PickleError::Malformed(
                "a dict key that is not a string (session data has string keys only)".to_owned(),
            )),
        })
        .collect()
}

fn materialize(objects: &[Obj], id: usize, depth: usize) -> Result<Value, PickleError> {
    if depth > MAX_DEPTH {
        return Err(PickleError::TooLarge);
    }
    Ok(match &objects[id] {
        Obj::Scalar(value) => value.clone(),
        Obj::List(items) => Value::List(
            items
                .iter()
                .map(|&item| materialize(objects, item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Obj::Dict(pairs) => {
            let mut dict = Dict::new();
            for (key, value) in pairs {
                dict.insert(key.clone(), materialize(objects, *value, depth + 1)?);
            }
            Value::Dict(dict)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_python_json;

    fn hex(text: &str) -> Vec<u8> {
        text.split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).unwrap())
            .collect()
    }

    fn value(json: &str) -> Value {
        parse_python_json(json).unwrap()
    }

    #[test]
    fn worked_example_1() {
        let v = value(r#"{"cart": {"sku-1": 2}, "n": 1}"#);
        let bytes = dumps(&v);
        assert_eq!(
            crate::signing::b64_encode(&bytes),
            "gAWVHwAAAAAAAAB9lCiMBGNhcnSUfZSMBXNrdS0xlEsCc4wBbpRLAXUu"
        );
        assert_eq!(loads(&bytes), Ok(v));
    }

    #[test]
    fn worked_example_2() {
        let v = value(
            r#"{"cart": ["é", "é"], "total": 9.5, "ok": true, "note": null, "n": -2, "big": 1099511627776, "qty": 300}"#,
        );
        let expected = hex("80 05 95 56 00 00 00 00 00 00 00 7d 94 28 8c 04 63 61 72 74 94 5d 94 28 8c 02 c3 a9 94 68 03 65
            8c 05 74 6f 74 61 6c 94 47 40 23 00 00 00 00 00 00 8c 02 6f 6b 94 88 8c 04 6e 6f 74 65 94 4e 8c
            01 6e 94 4a fe ff ff ff 8c 03 62 69 67 94 8a 06 00 00 00 00 00 01 8c 03 71 74 79 94 4d 2c 01 75
            2e");
        assert_eq!(dumps(&v), expected);
        assert_eq!(loads(&expected), Ok(v));
    }

    #[test]
    fn the_empty_dict_has_no_frame() {
        assert_eq!(dumps(&value("{}")), hex("80 05 7d 94 2e"));
    }

    #[test]
    fn longs_match_cpython() {
        let long = |n: &str| long_to_bytes(n);
        assert_eq!(long("1180591620717411303424"), {
            let mut v = vec![0u8; 8];
            v.push(0x40);
            v
        });
        assert_eq!(long("-9223372036854775808"), {
            let mut v = vec![0u8; 7];
            v.push(0x80);
            v
        });
        assert_eq!(long("-9223372036854775809").len(), 9);
        assert_eq!(long("-1"), vec![0xff]);
        assert_eq!(long("255"), vec![0xff, 0x00]);
        for n in [
            "0",
            "1",
            "-1",
            "255",
            "-128",
            "-129",
            "9223372036854775807",
            "-9223372036854775809",
            "123456789012345678901234567890",
        ] {
            assert_eq!(bytes_to_long(&long_to_bytes(n)), n, "{n}");
        }
    }

    #[test]
    fn a_full_dict_batch_is_followed_by_an_empty_one() {
        let mut dict = Dict::new();
        for i in 0..1000 {
            dict.insert(format!("k{i}"), Value::Null);
        }
        let bytes = dumps(&Value::Dict(dict.clone()));
        assert!(bytes.ends_with(&[SETITEMS, MARK, SETITEMS, STOP]));
        assert_eq!(loads(&bytes), Ok(Value::Dict(dict)));
    }

    #[test]
    fn code_is_refused_never_run() {
        // pickle.dumps of os.system("echo pwned") via __reduce__, protocol 0.
        let forged = b"cos\nsystem\n(S'echo pwned'\ntR.";
        match loads(forged) {
            Err(PickleError::Refused { opcode, arg, .. }) => {
                assert_eq!(opcode, "GLOBAL");
                assert_eq!(arg, "'os system'");
            }
            other => panic!("{other:?}"),
        }
        let (ops, error) = disassemble(forged);
        assert!(error.is_none());
        assert!(ops.iter().any(|op| op.name == "REDUCE" && op.runs_code));
        assert_eq!(loads(b"{\"a\": 1}"), Err(PickleError::InvalidLoadKey(b'{')));
        assert_eq!(
            PickleError::InvalidLoadKey(b'{').to_string(),
            "_pickle.UnpicklingError: invalid load key, '{'."
        );
    }
}
