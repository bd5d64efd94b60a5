//! The byte level of the wire: the bounds-checked reader, the buffers
//! `encode` writes to, enum tags and fixed sizes.

use super::budget::Budget;
use super::wire_error::WireError;

/// A cursor over an encoding; every read is bounds-checked. It carries the
/// call's [`Budget`], which the values read through it draw on.
#[derive(Debug)]
pub struct Reader<'a, 'b> {
    bytes: &'a [u8],
    offset: usize,
    budget: &'b mut Budget,
    nested: bool,
}

impl<'a, 'b> Reader<'a, 'b> {
    /// Starts reading `bytes` at offset 0, for a value that adds no level
    /// of nesting (`Option`, a tuple).
    #[inline]
    pub fn new(bytes: &'a [u8], budget: &'b mut Budget) -> Self {
        Self { bytes, offset: 0, budget, nested: false }
    }

    /// Starts reading a value that is one level of nesting deeper (a
    /// struct, an enum, a sequence); [`finish`](Self::finish) leaves the level.
    #[inline]
    pub fn nested(bytes: &'a [u8], budget: &'b mut Budget) -> Result<Self, WireError> {
        budget.enter()?;
        Ok(Self { bytes, offset: 0, budget, nested: true })
    }

    /// The budget, for decoding a value read from here.
    #[inline]
    pub fn budget(&mut self) -> &mut Budget {
        self.budget
    }

    /// Takes the next `n` bytes.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let rest = self.bytes.get(self.offset..).unwrap_or_default();
        let Some((head, _)) = rest.split_at_checked(n) else {
            return Err(WireError::Truncated { needed: n, offset: self.offset, available: rest.len() });
        };
        self.offset += n;
        Ok(head)
    }

    /// Takes exactly `N` bytes as an array.
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let head = self.take(N)?;
        let mut out = [0; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    /// Runs one element read; fails if it consumed nothing (a zero-sized
    /// element in a non-empty sequence would otherwise repeat forever).
    pub fn progress<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, WireError>) -> Result<T, WireError> {
        let start = self.offset;
        let value = read(self)?;
        if self.offset == start {
            return Err(WireError::TrailingBytes { count: self.bytes.len().saturating_sub(start) });
        }
        Ok(value)
    }

    /// True when every byte has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.offset == self.bytes.len()
    }

    /// Leaves the reader's level, skipping any bytes left: the fields of a
    /// newer version of an extensible struct, which this reader does not know.
    #[inline]
    pub fn finish_extensible(self) {
        if self.nested {
            self.budget.leave();
        }
    }

    /// Fails unless every byte has been read; leaves the reader's level.
    #[inline]
    pub fn finish(self) -> Result<(), WireError> {
        match self.bytes.len().saturating_sub(self.offset) {
            0 => {
                if self.nested {
                    self.budget.leave();
                }
                Ok(())
            }
            count => Err(WireError::TrailingBytes { count }),
        }
    }
}

/// Where `encode` writes: a `Vec<u8>`, or [`Inline`] for values that travel
/// inside their core value.
pub trait Buf {
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
    /// Bytes written so far.
    fn written(&self) -> usize;
    /// Overwrites the `u32` at `at` (a length prefix written as zeros first).
    fn set_u32(&mut self, at: usize, value: u32);
}

impl Buf for Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    #[inline]
    fn written(&self) -> usize {
        self.len()
    }
    fn set_u32(&mut self, at: usize, value: u32) {
        if let Some(slot) = self.get_mut(at..at + 4) {
            slot.copy_from_slice(&value.to_le_bytes());
        }
    }
}

/// Up to 8 bytes on the stack: the body of a value that travels inline.
#[derive(Default)]
pub struct Inline {
    bytes: [u8; 8],
    len: usize,
}

impl Inline {
    /// The bytes as the `i64` core value (little-endian, zero-padded).
    #[inline]
    pub fn to_core(&self) -> i64 {
        i64::from_le_bytes(self.bytes)
    }
}

impl Buf for Inline {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        // Only values whose fixed size is at most 8 use `Inline`.
        if let Some(slot) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
        self.len += bytes.len();
    }
    #[inline]
    fn written(&self) -> usize {
        self.len
    }
    fn set_u32(&mut self, _: usize, _: u32) {}
}

/// Appends an enum tag (`u32` little-endian), for `#[derive(WasmType)]`.
#[doc(hidden)]
#[inline]
pub fn encode_tag<B: Buf>(tag: u32, out: &mut B) {
    out.put(&tag.to_le_bytes());
}

/// Reads an enum tag written by [`encode_tag`].
#[doc(hidden)]
#[inline]
pub fn decode_tag(reader: &mut Reader<'_, '_>) -> Result<u32, WireError> {
    Ok(u32::from_le_bytes(reader.array()?))
}

/// The fixed size of a struct whose fields have these fixed sizes.
#[doc(hidden)]
pub const fn fixed_size(fields: &[Option<usize>]) -> Option<usize> {
    let mut total = 0;
    let mut i = 0;
    while i < fields.len() {
        match fields[i] {
            Some(size) => total += size,
            None => return None,
        }
        i += 1;
    }
    Some(total)
}

/// The largest of `aligns` (1 for none).
#[doc(hidden)]
pub const fn max_align(aligns: &[usize]) -> usize {
    let mut max = 1;
    let mut i = 0;
    while i < aligns.len() {
        if aligns[i] > max {
            max = aligns[i];
        }
        i += 1;
    }
    max
}
