//! Why bytes did not decode: the error of every decoder, below both the
//! reader (`wire`) and the budget it draws on (`budget`).

use core::fmt;
use std::collections::TryReserveError;

/// Why bytes did not decode as the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The encoding ended early.
    Truncated {
        /// Bytes the next read needed.
        needed: usize,
        /// Where the read started.
        offset: usize,
        /// Bytes that were left.
        available: usize,
    },
    /// Bytes were left over after the value.
    TrailingBytes {
        /// How many bytes were left over.
        count: usize,
    },
    /// A string was not UTF-8.
    Utf8 {
        /// Length of the valid prefix.
        valid_up_to: usize,
    },
    /// A `bool` was not 0 or 1.
    Bool(i32),
    /// A `char` was not a Unicode scalar value.
    Char(u32),
    /// An enum or `Option` tag was out of range.
    Tag {
        /// The type whose tag it was.
        type_name: &'static str,
        /// The tag read.
        tag: u32,
    },
    /// A set of flags had a bit set that names no flag of its type.
    Flags {
        /// The flags type.
        type_name: &'static str,
        /// The set's bits.
        bits: u64,
    },
    /// A sequence of fixed-size elements had a length that is not a multiple of the size.
    Ragged {
        /// The sequence's length in bytes.
        len: usize,
        /// The element size.
        element_size: usize,
    },
    /// A fixed-size value had the wrong length.
    Size {
        /// The type's size.
        expected: usize,
        /// The bytes given.
        found: usize,
    },
    /// A map held the same key twice.
    DuplicateKey,
    /// A value that travels inside its `i64` core value had non-zero bytes
    /// above its body (docs/ABI.md section 1).
    InlinePadding {
        /// The body's size in bytes.
        size: usize,
    },
    /// Memory for the value could not be reserved.
    TooLarge {
        /// The size asked for.
        len: usize,
    },
    /// Values nested deeper than the [`DecodeLimits`](super::DecodeLimits) allow.
    TooDeep {
        /// The deepest nesting allowed.
        limit: u32,
    },
    /// The call's values would take more memory than the
    /// [`DecodeLimits`](super::DecodeLimits) allow.
    OverBudget {
        /// The bytes allowed per call.
        limit: usize,
    },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Truncated { needed, offset, available } => {
                write!(f, "encoding is truncated: needs {needed} bytes at offset {offset}, {available} left")
            }
            Self::TrailingBytes { count } => write!(f, "{count} unexpected bytes after the value"),
            Self::Utf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 after byte {valid_up_to}")
            }
            Self::Bool(b) => write!(f, "bool value {b} is neither 0 nor 1"),
            Self::Char(c) => write!(f, "char value {c:#x} is not a Unicode scalar value"),
            Self::Tag { type_name, tag } => write!(f, "tag {tag} is not valid for {type_name}"),
            Self::Flags { type_name, bits } => write!(f, "flags {bits:#x} set a bit that names no flag of {type_name}"),
            Self::Ragged { len, element_size } => {
                write!(f, "length {len} is not a multiple of the element size {element_size}")
            }
            Self::Size { expected, found } => {
                write!(f, "expected {expected} bytes, found {found}")
            }
            Self::DuplicateKey => f.write_str("a map holds the same key twice"),
            Self::InlinePadding { size } => {
                write!(f, "non-zero bytes above the {size}-byte value in its i64 (they must be zero)")
            }
            Self::TooLarge { len } => write!(f, "cannot reserve {len} bytes"),
            Self::TooDeep { limit } => write!(f, "values nest deeper than {limit} levels (the nesting limit)"),
            Self::OverBudget { limit } => {
                write!(f, "decoding takes more than {limit} bytes of memory (the per-call allocation budget)")
            }
        }
    }
}

impl std::error::Error for WireError {}

impl From<TryReserveError> for WireError {
    fn from(_: TryReserveError) -> Self {
        Self::TooLarge { len: usize::MAX }
    }
}
