// Faults are built in `ok_or_else` closures, not `ok_or`: an eager `Fault`
// is built and dropped on every successful call (measured on the hot path).
#![allow(clippy::unnecessary_lazy_evaluations)]

use core::ops::Range;

use crate::abi::{Fault, Scratch, Source, pack, unpack};

/// A body's length as the `u32` the wire carries.
pub(crate) fn wire_len(len: usize) -> Result<u32, Fault> {
    u32::try_from(len).map_err(|_| Fault::TooLong(len))
}

/// The packed value of an empty body: no block, pointer 1 (never dereferenced).
pub(crate) fn empty() -> i64 {
    pack(1, 0)
}

/// Checks that `ptr..ptr + len` lies inside a memory of `size` bytes.
#[inline]
pub(crate) fn region(size: usize, ptr: u32, len: u32) -> Result<Range<usize>, Fault> {
    let end = ptr.checked_add(len).ok_or_else(|| Fault::Overflow { ptr, len })?;
    if end as usize > size {
        return Err(Fault::OutOfBounds { start: ptr, end: end.into(), size });
    }
    Ok(ptr as usize..end as usize)
}

/// Borrows `len` bytes at `ptr`, checked.
#[inline]
pub(crate) fn slice(memory: &[u8], ptr: u32, len: u32) -> Result<&[u8], Fault> {
    let range = region(memory.len(), ptr, len)?;
    memory.get(range).ok_or_else(|| Fault::OutOfBounds { start: ptr, end: 0, size: memory.len() })
}

/// The bytes of a record a plugin exports by address: a `u32` LE length at
/// `addr` (at most `cap`), then that many bytes; `None` when out of bounds.
pub(crate) fn length_prefixed(memory: &[u8], addr: u32, cap: u32) -> Option<&[u8]> {
    let len = u32::from_le_bytes(slice(memory, addr, 4).ok()?.try_into().ok()?);
    slice(memory, addr.checked_add(4)?, len.min(cap)).ok()
}

/// Copies `bytes` to `ptr`, checked.
#[inline]
pub(crate) fn write(memory: &mut [u8], ptr: u32, bytes: &[u8]) -> Result<(), Fault> {
    let size = memory.len();
    let range = region(size, ptr, wire_len(bytes.len())?)?;
    let target = memory.get_mut(range).ok_or_else(|| Fault::OutOfBounds { start: ptr, end: 0, size })?;
    target.copy_from_slice(bytes);
    Ok(())
}

/// A plugin's linear memory as a [`Source`]: every `(ptr, len)` it is asked
/// for is bounds-checked, and borrowed values point straight into it.
///
/// ```
/// use wasmbind::abi::{Budget, Lift, pack};
/// use wasmbind::host::GuestMemory;
/// let memory = b"..hello..";
/// let text = <&str>::lift(pack(2, 5), &mut GuestMemory(memory), &mut Budget::default()).unwrap();
/// assert_eq!(text, "hello");
/// let err = <&str>::lift(pack(7, 5), &mut GuestMemory(memory), &mut Budget::default()).unwrap_err();
/// assert_eq!(err.to_string(), "bytes 7..12 are out of bounds of memory (9 bytes)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct GuestMemory<'a>(pub &'a [u8]);

impl<'a> Source<'a> for GuestMemory<'a> {
    #[inline]
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault> {
        let (ptr, len) = unpack(packed);
        slice(self.0, ptr, len)
    }
}

/// A host function's view of the plugin's memory for its arguments: a
/// [`GuestMemory`] plus the call's [`Scratch`] for `&[T]` arguments that
/// cannot be borrowed in place.
pub(crate) struct ArgMemory<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) scratch: &'a Scratch,
}

impl<'a> Source<'a> for ArgMemory<'a> {
    #[inline]
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault> {
        GuestMemory(self.bytes).get(packed)
    }
    fn scratch(&mut self) -> Option<&'a Scratch> {
        Some(self.scratch)
    }
}
