//! How an inflate fails: zlib's return codes, with `Z_DATA_ERROR`'s messages (`strm->msg` in
//! `inflate.c` and `inftrees.c`) as a one-byte enum so that the decoding loop's results stay
//! small.

use std::fmt;

/// Why an inflate failed: zlib's return code and message, or the output limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// `Z_DATA_ERROR` (-3) with zlib's message ([`DataError::message`]).
    Data(DataError),
    /// `Z_NEED_DICT` (2): the header asks for a preset dictionary (FDICT).
    NeedsDictionary,
    /// `Z_BUF_ERROR` (-5) at the end of the input: the stream stops before its end.
    Truncated,
    /// The output would pass the caller's limit.
    TooLarge,
}

/// zlib's messages for malformed streams, in the order `inflate()` can meet them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataError {
    /// `"incorrect header check"`
    IncorrectHeaderCheck,
    /// `"unknown compression method"`
    UnknownCompressionMethod,
    /// `"invalid window size"`
    InvalidWindowSize,
    /// `"invalid block type"`
    InvalidBlockType,
    /// `"invalid stored block lengths"`
    InvalidStoredBlockLengths,
    /// `"too many length or distance symbols"`
    TooManyLengthOrDistanceSymbols,
    /// `"invalid code lengths set"`
    InvalidCodeLengthsSet,
    /// `"invalid bit length repeat"`
    InvalidBitLengthRepeat,
    /// `"invalid code -- missing end-of-block"`
    MissingEndOfBlock,
    /// `"invalid literal/lengths set"`
    InvalidLiteralLengthsSet,
    /// `"invalid distances set"`
    InvalidDistancesSet,
    /// `"invalid literal/length code"`
    InvalidLiteralLengthCode,
    /// `"invalid distance code"`
    InvalidDistanceCode,
    /// `"invalid distance too far back"`
    InvalidDistanceTooFarBack,
    /// `"incorrect data check"`
    IncorrectDataCheck,
}

impl DataError {
    /// zlib's `strm->msg` for this error.
    pub fn message(self) -> &'static str {
        match self {
            DataError::IncorrectHeaderCheck => "incorrect header check",
            DataError::UnknownCompressionMethod => "unknown compression method",
            DataError::InvalidWindowSize => "invalid window size",
            DataError::InvalidBlockType => "invalid block type",
            DataError::InvalidStoredBlockLengths => "invalid stored block lengths",
            DataError::TooManyLengthOrDistanceSymbols => "too many length or distance symbols",
            DataError::InvalidCodeLengthsSet => "invalid code lengths set",
            DataError::InvalidBitLengthRepeat => "invalid bit length repeat",
            DataError::MissingEndOfBlock => "invalid code -- missing end-of-block",
            DataError::InvalidLiteralLengthsSet => "invalid literal/lengths set",
            DataError::InvalidDistancesSet => "invalid distances set",
            DataError::InvalidLiteralLengthCode => "invalid literal/length code",
            DataError::InvalidDistanceCode => "invalid distance code",
            DataError::InvalidDistanceTooFarBack => "invalid distance too far back",
            DataError::IncorrectDataCheck => "incorrect data check",
        }
    }
}

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InflateError::Data(error) => f.write_str(error.message()),
            InflateError::NeedsDictionary => f.write_str("a preset dictionary is needed"),
            InflateError::Truncated => f.write_str("incomplete or truncated stream"),
            InflateError::TooLarge => f.write_str("the output passes the limit"),
        }
    }
}

impl std::error::Error for InflateError {}
