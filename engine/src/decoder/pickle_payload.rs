//! A signed payload that is a pickle (Django 4.2's `PickleSerializer`) rather than JSON, taken
//! apart as data: listed opcode by opcode and read by an allow-list, never run.

use crate::json::Value;
use crate::pickle::{self, PickleError, PickleOp};

/// Which Django versions write a pickle session payload.
pub const PICKLE_WRITERS: &str = "Django 4.2 and earlier, with SESSION_SERIALIZER = \
     \"django.contrib.sessions.serializers.PickleSerializer\" (deprecated in 4.1, removed in 5.0: \
     Django 5.0 and later cannot read it)";

/// A pickle payload, taken apart without running it.
#[derive(Clone, Debug, PartialEq)]
pub struct PicklePayload {
    /// The opcodes up to `STOP`, as `pickletools.dis` names them.
    pub ops: Vec<PickleOp>,
    /// Why the listing stopped before `STOP`, if it did.
    pub listing_error: Option<PickleError>,
    /// What the data-only reader made of it ([`pickle::loads`]): the value, or why it refused
    /// (an opcode that would import or call code is refused, never run).
    pub read: Result<Value, PickleError>,
}

impl PicklePayload {
    /// Whether any opcode would make Python import or call code.
    pub fn runs_code(&self) -> bool {
        self.ops.iter().any(|op| op.runs_code)
    }
}

/// Reads a signed payload's bytes as a pickle, if they are one (`80 02`..`80 05`): the
/// function the decoder (and the playground's) uses. Never runs anything.
pub fn read_pickle_payload(bytes: &[u8]) -> Option<PicklePayload> {
    if !pickle::looks_like_pickle(bytes) {
        return None;
    }
    let (ops, listing_error) = pickle::disassemble(bytes);
    Some(PicklePayload {
        ops,
        listing_error,
        read: pickle::loads(bytes),
    })
}

/// A decoding error's text without the "the signature verified but" it starts with when
/// `loads` reports it.
pub(super) fn pickle_reason(error: &PickleError) -> String {
    format!("the payload is a pickle ({PICKLE_WRITERS}) that this reader does not accept: {error}")
}
