//! Python 3 integer expressions, as `settings.py` or a call argument holds them:
//! `60 * 60 * 24 * 7 * 2` (how Django's `global_settings.py` writes `SESSION_COOKIE_AGE`),
//! `1_209_600`, `0x10`, `-(3 + 4)`, `True`.
//!
//! The subset read: integer literals as Python 3's tokenizer reads them (decimal without
//! leading zeros except for zero itself, `0x`/`0o`/`0b` in either case, `_` only between
//! digits or after the prefix), `True`/`False`, parentheses, unary `+ - ~`, and the binary
//! `** * // % + -` with Python's precedence (`**` binds tighter than a unary minus on its left
//! and groups right to left: `-2 ** 2 == -4`). Whitespace anywhere between tokens.
//!
//! What is not an int is refused with what Python would make of it: a float (`/`, `1.5 * 2`,
//! `2 ** -1`), a string, `None`, a tuple (`1,209,600`), an undefined name (`NameError`), a
//! division by zero (`ZeroDivisionError`), or a `SyntaxError`. Values beyond 64 bits are
//! refused too (Python has no limit; this playground has).

use std::fmt;

/// How deep parentheses and unary operators may nest (CPython's parser stops at 200 nested
/// parentheses; this keeps the recursion far from the stack's end).
const MAX_DEPTH: usize = 100;

/// An integer expression's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyInt {
    /// The value.
    pub value: i64,
    /// `Some(b)` when the expression is `True` or `False` itself (Python's `bool`, an `int`
    /// subclass); any arithmetic makes a plain `int` (`True + 0 == 1`).
    pub bool_literal: Option<bool>,
    /// Whether the text was one integer literal (`3600`, `0x10`, `1_000`) rather than an
    /// expression or a bool.
    pub literal: bool,
}

/// Why a text is not a 64-bit Python int.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing but whitespace.
    Empty,
    /// Python would make a float: true division, a float literal, a negative power.
    Float(String),
    /// A quoted string.
    Str,
    /// `None`.
    NoneValue,
    /// Commas make a tuple (`1,209,600` is `(1, 209, 600)`).
    Tuple,
    /// A name Python would look up and not find.
    Name(String),
    /// Python's `ZeroDivisionError`, with its message.
    ZeroDivision(&'static str),
    /// An int, but beyond 64 bits (or an intermediate result beyond 128 bits).
    Overflow,
    /// Python's `SyntaxError`, with its message.
    Syntax(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str("empty"),
            Refusal::Float(why) => write!(f, "a float in Python ({why})"),
            Refusal::Str => f.write_str("a string (str), not an int"),
            Refusal::NoneValue => f.write_str("None (NoneType), not an int"),
            Refusal::Tuple => f.write_str(
                "a tuple: commas separate items in Python (1,209,600 is (1, 209, 600)); write \
                 1_209_600 or 1209600",
            ),
            Refusal::Name(name) => write!(f, "NameError: name '{name}' is not defined"),
            Refusal::ZeroDivision(message) => write!(f, "ZeroDivisionError: {message}"),
            Refusal::Overflow => f.write_str(
                "beyond 64 bits: Python's ints have no limit, this playground's stop at \
                 9223372036854775807",
            ),
            Refusal::Syntax(message) => write!(f, "SyntaxError: {message}"),
        }
    }
}

impl std::error::Error for Refusal {}

/// `text` read as a Python 3 integer expression.
pub fn evaluate(text: &str) -> Result<PyInt, Refusal> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(Refusal::Empty);
    }
    let literal = tokens.len() == 1 && matches!(tokens[0], Token::Int(_));
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        depth: 0,
        failed: None,
    };
    let value = parser.tuple_or_expression()?;
    match parser.peek() {
        None => {}
        Some(Token::Close) => return Err(Refusal::Syntax("unmatched ')'".to_owned())),
        Some(_) => return Err(Refusal::Syntax("invalid syntax".to_owned())),
    }
    // Python compiles the whole text before it evaluates any of it: a SyntaxError anywhere
    // wins over the first error met while evaluating.
    if let Some(refusal) = parser.failed {
        return Err(refusal);
    }
    match value {
        Val::Int(n, is_bool) => Ok(PyInt {
            value: i64::try_from(n).map_err(|_| Refusal::Overflow)?,
            bool_literal: is_bool.then_some(n != 0),
            literal,
        }),
        Val::Tuple => Err(Refusal::Tuple),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Int(i128),
    /// An integer literal beyond 128 bits.
    BigInt,
    /// A float or complex literal, as typed.
    Float(String),
    Str,
    Name(String),
    Plus,
    Minus,
    Tilde,
    Star,
    Power,
    FloorDiv,
    Slash,
    Percent,
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<Token>, Refusal> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // Python's tokenizer skips spaces, tabs and form feeds (a non-ASCII space is an
        // "invalid non-printable character" to it, refused below).
        if matches!(c, ' ' | '\t' | '\x0c' | '\n' | '\r') {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            let (token, end) = number(&chars, i)?;
            tokens.push(token);
            i = end;
            continue;
        }
        // Names in ASCII only: Unicode's letter tables would weigh more than the rest of this
        // reader in the page, and no setting's value is a non-ASCII name (Python would say
        // NameError where this says invalid character).
        if c == '_' || c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i] == '_' || chars[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            if let Some(&quote @ ('"' | '\'')) = chars.get(i) {
                // A prefixed string: b"…", f"…", r"…".
                i = string_end(&chars, i, quote)?;
                tokens.push(Token::Str);
                continue;
            }
            tokens.push(Token::Name(name));
            continue;
        }
        let (token, width) = match (c, next) {
            ('*', Some('*')) => (Token::Power, 2),
            ('/', Some('/')) => (Token::FloorDiv, 2),
            ('*', _) => (Token::Star, 1),
            ('/', _) => (Token::Slash, 1),
            ('+', _) => (Token::Plus, 1),
            ('-', _) => (Token::Minus, 1),
            ('~', _) => (Token::Tilde, 1),
            ('%', _) => (Token::Percent, 1),
            ('(', _) => (Token::Open, 1),
            (')', _) => (Token::Close, 1),
            (',', _) => (Token::Comma, 1),
            ('"' | '\'', _) => {
                i = string_end(&chars, i, c)?;
                tokens.push(Token::Str);
                continue;
            }
            _ if c.is_ascii() => return Err(Refusal::Syntax("invalid syntax".to_owned())),
            _ => {
                return Err(Refusal::Syntax(format!(
                    "invalid character '{c}' (U+{:04X})",
                    u32::from(c)
                )))
            }
        };
        tokens.push(token);
        i += width;
    }
    Ok(tokens)
}

/// The number starting at `start`: an int token, or why not; and where it ends.
fn number(chars: &[char], start: usize) -> Result<(Token, usize), Refusal> {
    let prefix = chars.get(start + 1).map(char::to_ascii_lowercase);
    let (radix, kind, digits_from) = match (chars[start], prefix) {
        ('0', Some('x')) => (16, "hexadecimal", start + 2),
        ('0', Some('o')) => (8, "octal", start + 2),
        ('0', Some('b')) => (2, "binary", start + 2),
        _ => (10, "decimal", start),
    };
    let invalid = || Refusal::Syntax(format!("invalid {kind} literal"));
    let mut i = digits_from;
    let mut digits = String::new();
    // After a prefix Python allows one `_` before the first digit (`0x_ff`).
    let mut last_was_digit = radix != 10;
    while let Some(&c) = chars.get(i) {
        if c == '_' {
            if !last_was_digit {
                return Err(invalid());
            }
            last_was_digit = false;
        } else if c.is_digit(radix) {
            digits.push(c);
            last_was_digit = true;
        } else {
            break;
        }
        i += 1;
    }
    let after = chars.get(i).copied();
    if radix == 10 && matches!(after, Some('.' | 'e' | 'E' | 'j' | 'J')) {
        let is_float_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_');
        let mut end = i;
        while chars.get(end).is_some_and(|&c| {
            is_float_char(c) || (matches!(c, '+' | '-') && matches!(chars[end - 1], 'e' | 'E'))
        }) {
            end += 1;
        }
        return Ok((Token::Float(chars[start..end].iter().collect()), end));
    }
    if let Some(digit) = after.filter(|c| radix != 10 && c.is_ascii_digit()) {
        return Err(Refusal::Syntax(format!(
            "invalid digit '{digit}' in {kind} literal"
        )));
    }
    if !last_was_digit
        || digits.is_empty()
        || after.is_some_and(|c| c == '_' || c.is_ascii_alphanumeric())
    {
        return Err(invalid());
    }
    if radix == 10 && digits.len() > 1 && digits.starts_with('0') && digits.contains(|c| c != '0') {
        return Err(Refusal::Syntax(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for \
             octal integers"
                .to_owned(),
        ));
    }
    let token = i128::from_str_radix(&digits, radix).map_or(Token::BigInt, Token::Int);
    Ok((token, i))
}

/// Where the string literal opened by `quote` at `start` ends (one past its closing quote),
/// or Python's `SyntaxError` for a string left open. Triple quotes are read as three strings,
/// which gives the same end for this purpose.
fn string_end(chars: &[char], start: usize, quote: char) -> Result<usize, Refusal> {
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 2,
            _ if c == quote => return Ok(i + 1),
            '\n' => break,
            _ => i += 1,
        }
    }
    Err(Refusal::Syntax("unterminated string literal".to_owned()))
}

/// A value met while evaluating: an int (and whether it is a bare `True`/`False`), or a tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Int(i128, bool),
    Tuple,
}

impl Val {
    /// The int an operator works on (a bool counts as 0 or 1); a tuple is refused as one.
    fn int(self) -> Result<i128, Refusal> {
        match self {
            Val::Int(n, _) => Ok(n),
            Val::Tuple => Err(Refusal::Tuple),
        }
    }
}

/// Parses and evaluates at once. A `SyntaxError` stops it (`Err`); an error Python would meet
/// only while evaluating (`NameError`, `ZeroDivisionError`, a float, …) is kept in `failed`,
/// the first one in Python's left-to-right order, and parsing goes on to find syntax errors.
struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    depth: usize,
    failed: Option<Refusal>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.at += 1;
        }
        found
    }

    fn deeper(&mut self) -> Result<(), Refusal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Refusal::Syntax("too many nested parentheses".to_owned()));
        }
        Ok(())
    }

    /// The value of an evaluation step, or a stand-in after recording why it failed.
    fn value(&mut self, result: Result<i128, Refusal>) -> Val {
        match result {
            Ok(n) => Val::Int(n, false),
            Err(refusal) => {
                self.failed.get_or_insert(refusal);
                Val::Int(0, false)
            }
        }
    }

    /// `expression (',' expression)* [',']`: more than one item, or a trailing comma, is a tuple.
    fn tuple_or_expression(&mut self) -> Result<Val, Refusal> {
        let first = self.expression()?;
        if !self.eat(&Token::Comma) {
            return Ok(first);
        }
        while !matches!(self.peek(), None | Some(Token::Close)) {
            self.expression()?;
            if !self.eat(&Token::Comma) {
                break;
            }
        }
        Ok(Val::Tuple)
    }

    /// `term (('+' | '-') term)*`
    fn expression(&mut self) -> Result<Val, Refusal> {
        let mut left = self.term()?;
        loop {
            let add = match self.peek() {
                Some(Token::Plus) => true,
                Some(Token::Minus) => false,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.term()?;
            let result = left.int().and_then(|a| {
                let b = right.int()?;
                if add {
                    a.checked_add(b)
                } else {
                    a.checked_sub(b)
                }
                .ok_or(Refusal::Overflow)
            });
            left = self.value(result);
        }
    }

    /// `factor (('*' | '//' | '%' | '/') factor)*`
    fn term(&mut self) -> Result<Val, Refusal> {
        let mut left = self.factor()?;
        loop {
            let op = match self.peek() {
                Some(op @ (Token::Star | Token::FloorDiv | Token::Percent | Token::Slash)) => {
                    op.clone()
                }
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.factor()?;
            let result = left
                .int()
                .and_then(|a| Ok((a, right.int()?)))
                .and_then(|(a, b)| multiply(&op, a, b));
            left = self.value(result);
        }
    }

    /// `('+' | '-' | '~') factor | power`
    fn factor(&mut self) -> Result<Val, Refusal> {
        let op = match self.peek() {
            Some(op @ (Token::Plus | Token::Minus | Token::Tilde)) => op.clone(),
            _ => return self.power(),
        };
        self.at += 1;
        self.deeper()?;
        let operand = self.factor()?;
        self.depth -= 1;
        let result = operand.int().and_then(|n| match op {
            Token::Plus => Ok(n),
            Token::Minus => n.checked_neg().ok_or(Refusal::Overflow),
            _ => Ok(!n),
        });
        Ok(self.value(result))
    }

    /// `atom ['**' factor]`
    fn power(&mut self) -> Result<Val, Refusal> {
        let base = self.atom()?;
        if !self.eat(&Token::Power) {
            return Ok(base);
        }
        self.deeper()?;
        let exponent = self.factor()?;
        self.depth -= 1;
        let result = base
            .int()
            .and_then(|b| Ok((b, exponent.int()?)))
            .and_then(|(b, e)| power(b, e));
        Ok(self.value(result))
    }

    /// A literal, a name, or `( … )`.
    fn atom(&mut self) -> Result<Val, Refusal> {
        let Some(token) = self.peek().cloned() else {
            return Err(Refusal::Syntax("invalid syntax".to_owned()));
        };
        self.at += 1;
        let refused = |refusal| Ok(Err(refusal));
        let result: Result<Result<Val, Refusal>, Refusal> = match token {
            Token::Int(n) => Ok(Ok(Val::Int(n, false))),
            Token::BigInt => refused(Refusal::Overflow),
            Token::Float(text) => refused(Refusal::Float(format!(
                "{text} is a {} literal",
                if text.ends_with(['j', 'J']) {
                    "complex"
                } else {
                    "float"
                }
            ))),
            Token::Str => refused(Refusal::Str),
            Token::Name(name) => match name.as_str() {
                "True" => Ok(Ok(Val::Int(1, true))),
                "False" => Ok(Ok(Val::Int(0, true))),
                "None" => refused(Refusal::NoneValue),
                _ if is_keyword(&name) => Err(Refusal::Syntax("invalid syntax".to_owned())),
                _ => refused(Refusal::Name(name)),
            },
            Token::Open => {
                if self.eat(&Token::Close) {
                    // `()` is the empty tuple.
                    return Ok(Val::Tuple);
                }
                self.deeper()?;
                let inner = self.tuple_or_expression()?;
                self.depth -= 1;
                if !self.eat(&Token::Close) {
                    return Err(Refusal::Syntax(match self.peek() {
                        None => "'(' was never closed".to_owned(),
                        Some(_) => "invalid syntax".to_owned(),
                    }));
                }
                Ok(Ok(inner))
            }
            Token::Close => Err(Refusal::Syntax("unmatched ')'".to_owned())),
            _ => Err(Refusal::Syntax("invalid syntax".to_owned())),
        };
        match result? {
            Ok(value) => Ok(value),
            Err(refusal) => {
                self.failed.get_or_insert(refusal);
                Ok(Val::Int(0, false))
            }
        }
    }
}

/// `a * b`, `a // b`, `a % b` or `a / b` as Python computes them on ints.
fn multiply(op: &Token, a: i128, b: i128) -> Result<i128, Refusal> {
    match op {
        Token::Star => a.checked_mul(b).ok_or(Refusal::Overflow),
        Token::Slash if b == 0 => Err(Refusal::ZeroDivision("division by zero")),
        Token::Slash => Err(Refusal::Float(
            "/ is true division and always makes a float; // keeps an int".to_owned(),
        )),
        Token::FloorDiv if b == 0 => {
            Err(Refusal::ZeroDivision("integer division or modulo by zero"))
        }
        Token::FloorDiv => floor_div(a, b),
        _ if b == 0 => Err(Refusal::ZeroDivision("integer modulo by zero")),
        // Python's remainder has the divisor's sign: `7 % -3 == -2`.
        _ => a
            .checked_rem_euclid(b)
            .map(|r| if b < 0 && r != 0 { r + b } else { r })
            .ok_or(Refusal::Overflow),
    }
}

/// `base ** exponent` on ints: an int for a non-negative exponent, a float otherwise.
fn power(base: i128, exponent: i128) -> Result<i128, Refusal> {
    if exponent < 0 {
        return Err(if base == 0 {
            Refusal::ZeroDivision("0.0 cannot be raised to a negative power")
        } else {
            Refusal::Float(format!(
                "{base} ** {exponent}: a negative power makes a float"
            ))
        });
    }
    match base {
        0 | 1 if exponent == 0 => Ok(1),
        0 | 1 => Ok(base),
        -1 if exponent % 2 == 0 => Ok(1),
        -1 => Ok(-1),
        _ => u32::try_from(exponent)
            .ok()
            .and_then(|e| base.checked_pow(e))
            .ok_or(Refusal::Overflow),
    }
}

/// `a // b` rounded toward negative infinity, as Python does (`-7 // 2 == -4`); `b != 0`.
fn floor_div(a: i128, b: i128) -> Result<i128, Refusal> {
    let q = a.checked_div(b).ok_or(Refusal::Overflow)?;
    Ok(if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

/// Python's keywords other than `True`, `False` and `None`: a keyword where a value should be
/// is a `SyntaxError`, not a `NameError`.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> i64 {
        match evaluate(text) {
            Ok(n) => n.value,
            Err(refusal) => panic!("{text:?}: {refusal}"),
        }
    }

    fn refusal(text: &str) -> Refusal {
        match evaluate(text) {
            Ok(n) => panic!("{text:?} was read as {n:?}"),
            Err(refusal) => refusal,
        }
    }

    #[test]
    fn djangos_own_default_as_global_settings_writes_it() {
        assert_eq!(value("60 * 60 * 24 * 7 * 2"), 1_209_600);
        assert_eq!(value("1_209_600"), 1_209_600);
        assert_eq!(value("  1209600\n"), 1_209_600);
        assert!(evaluate("1209600").unwrap().literal);
        assert!(!evaluate("60*60").unwrap().literal);
    }

    /// Each row checked with CPython 3.11's `eval` (the messages are its `SyntaxError`s).
    #[test]
    fn python_3_integer_literals() {
        for (text, expected) in [
            ("0", 0),
            ("000", 0),
            ("0_0", 0),
            ("0x10", 16),
            ("0X_ff", 255),
            ("0o17", 15),
            ("0O17", 15),
            ("0b101", 5),
            ("0B_1_0", 2),
            ("1_000_000", 1_000_000),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(value(text), expected, "{text}");
        }
        for (text, message) in [
            (
                "012",
                "leading zeros in decimal integer literals are not permitted",
            ),
            ("1__0", "invalid decimal literal"),
            ("1_", "invalid decimal literal"),
            ("0x", "invalid hexadecimal literal"),
            ("0x__1", "invalid hexadecimal literal"),
            ("0b2", "invalid digit '2' in binary literal"),
            ("0o8", "invalid digit '8' in octal literal"),
            ("12abc", "invalid decimal literal"),
        ] {
            let refused = refusal(text);
            assert!(matches!(refused, Refusal::Syntax(_)), "{text}: {refused:?}");
            assert!(refused.to_string().contains(message), "{text}: {refused}");
        }
    }

    /// Each row checked with CPython 3.11's `eval`.
    #[test]
    fn operators_with_pythons_precedence() {
        for (text, expected) in [
            ("1 + 2 * 3", 7),
            ("(1 + 2) * 3", 9),
            ("2 ** 3 ** 2", 512),
            ("-2 ** 2", -4),
            ("(-2) ** 2", 4),
            ("2 ** -0", 1),
            ("-7 // 2", -4),
            ("7 // -2", -4),
            ("-7 % 3", 2),
            ("7 % -3", -2),
            ("10 - 3 - 2", 5),
            ("--5", 5),
            ("-+-5", 5),
            ("~0", -1),
            ("((((42))))", 42),
            ("True + True", 2),
            ("2 ** 62 + (2 ** 62 - 1)", i64::MAX),
            ("1 ** 100000000000", 1),
            ("(-1) ** 100000000001", -1),
        ] {
            assert_eq!(value(text), expected, "{text}");
        }
    }

    #[test]
    fn bools_are_ints_but_say_so() {
        let t = evaluate("True").unwrap();
        assert_eq!((t.value, t.bool_literal), (1, Some(true)));
        let f = evaluate(" (False) ").unwrap();
        assert_eq!((f.value, f.bool_literal), (0, Some(false)));
        assert_eq!(evaluate("True * 3600").unwrap().bool_literal, None);
        assert_eq!(evaluate("-True").unwrap().value, -1);
    }

    #[test]
    fn what_is_not_an_int_says_what_python_makes_of_it() {
        assert_eq!(refusal(""), Refusal::Empty);
        assert_eq!(refusal(" \t"), Refusal::Empty);
        assert_eq!(refusal("abc"), Refusal::Name("abc".to_owned()));
        assert_eq!(refusal("true"), Refusal::Name("true".to_owned()));
        assert_eq!(refusal("None"), Refusal::NoneValue);
        assert_eq!(refusal("\"3600\""), Refusal::Str);
        assert_eq!(refusal("b'1'"), Refusal::Str);
        assert_eq!(refusal("1,209,600"), Refusal::Tuple);
        assert_eq!(refusal("(3600,)"), Refusal::Tuple);
        assert_eq!(refusal("()"), Refusal::Tuple);
        assert!(matches!(refusal("3600 / 2"), Refusal::Float(_)));
        assert!(matches!(refusal("1.5 * 2"), Refusal::Float(_)));
        assert!(matches!(refusal("1e3 + 1"), Refusal::Float(_)));
        assert!(matches!(refusal("2 ** -1"), Refusal::Float(_)));
        assert_eq!(
            refusal("1 // 0"),
            Refusal::ZeroDivision("integer division or modulo by zero")
        );
        assert_eq!(
            refusal("1 % 0"),
            Refusal::ZeroDivision("integer modulo by zero")
        );
        assert_eq!(refusal("1 / 0"), Refusal::ZeroDivision("division by zero"));
        assert_eq!(refusal("2 ** 63"), Refusal::Overflow);
        assert_eq!(refusal("99999999999999999999"), Refusal::Overflow);
        assert_eq!(refusal("2 ** 1000"), Refusal::Overflow);
        assert_eq!(refusal("9".repeat(60).as_str()), Refusal::Overflow);
        assert_eq!(
            refusal("(1 + 2"),
            Refusal::Syntax("'(' was never closed".to_owned())
        );
        assert_eq!(
            refusal("1 + 2)"),
            Refusal::Syntax("unmatched ')'".to_owned())
        );
        assert_eq!(refusal("1 +"), Refusal::Syntax("invalid syntax".to_owned()));
        assert_eq!(refusal("1 2"), Refusal::Syntax("invalid syntax".to_owned()));
        assert_eq!(refusal("if"), Refusal::Syntax("invalid syntax".to_owned()));
        assert_eq!(
            refusal("1 $ 2"),
            Refusal::Syntax("invalid syntax".to_owned())
        );
        assert_eq!(
            refusal("1 × 2"),
            Refusal::Syntax("invalid character '×' (U+00D7)".to_owned())
        );
    }

    /// Odd inputs never panic: every prefix and suffix of a set of awkward texts, and deep
    /// nesting, each give a value or a refusal.
    /// Python compiles before it evaluates: a SyntaxError anywhere comes before a NameError or
    /// a ZeroDivisionError met on the way; among those, the first in evaluation order wins.
    #[test]
    fn syntax_errors_come_first_as_in_python() {
        assert_eq!(
            refusal("two weeks"),
            Refusal::Syntax("invalid syntax".to_owned())
        );
        assert_eq!(
            refusal("1 // 0 +"),
            Refusal::Syntax("invalid syntax".to_owned())
        );
        assert_eq!(
            refusal("1.5 * (2"),
            Refusal::Syntax("'(' was never closed".to_owned())
        );
        assert_eq!(
            refusal("\"3600"),
            Refusal::Syntax("unterminated string literal".to_owned())
        );
        assert_eq!(refusal("a + 1 // 0"), Refusal::Name("a".to_owned()));
        assert_eq!(
            refusal("1 // 0 + a"),
            Refusal::ZeroDivision("integer division or modulo by zero")
        );
        assert_eq!(refusal("2 ** 200 // 2 ** 190"), Refusal::Overflow);
        assert!(matches!(refusal("1j"), Refusal::Float(why) if why.contains("complex")));
    }

    #[test]
    fn no_input_panics() {
        let awkward = [
            "((((1))))**-(2)//0%~0x_f_F,(),0b,0o,.5e+_3j é 'x\" ",
            "-9223372036854775808 // -1 * -1 % -1 - 0X7FFFFFFFFFFFFFFF ** 2 ** 2",
            "170141183460469231731687303715884105727 + 1 - -170141183460469231731687303715884105728",
            "1e 1.e5 1_e5 0x.5 ._5 1__ 0_ 0b_ 0o_8 True.real None() -- ++ ~~",
        ];
        for text in awkward {
            let chars: Vec<char> = text.chars().collect();
            for start in 0..chars.len() {
                for end in start..=chars.len() {
                    let piece: String = chars[start..end].iter().collect();
                    let _ = evaluate(&piece);
                }
            }
        }
        for deep in [
            "(".repeat(100_000),
            "-".repeat(100_000) + "1",
            "2**".repeat(50_000) + "1",
        ] {
            assert!(
                matches!(evaluate(&deep), Err(Refusal::Syntax(_))),
                "{}",
                &deep[..10]
            );
        }
        assert_eq!(value(&format!("{}1{}", "(".repeat(90), ")".repeat(90))), 1);
    }
}
