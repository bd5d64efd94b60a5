use core::fmt;
use core::marker::PhantomData;

use super::{Budget, Buf, Fault, Lift, Lower, Sink, Source, WasmAbi, WasmType, WireError};

/// A typed address in a plugin's linear memory.
///
/// A plugin hands one out (for example to one of its statics, see
/// `wasmbind::guest::Shared`); the host reads and writes through it with
/// every access bounds- and alignment-checked (`GuestPtr::read` and
/// `GuestPtr::write` on the host). It travels as one `i32`.
///
/// ```
/// use wasmbind::abi::GuestPtr;
/// let p: GuestPtr<u32> = GuestPtr::new(1024);
/// assert_eq!(p.addr(), 1024);
/// ```
#[repr(transparent)]
pub struct GuestPtr<T> {
    addr: u32,
    _type: PhantomData<fn() -> T>,
}

impl<T> GuestPtr<T> {
    /// A pointer to `addr` in the plugin's memory.
    pub const fn new(addr: u32) -> Self {
        Self { addr, _type: PhantomData }
    }

    /// The address.
    pub const fn addr(self) -> u32 {
        self.addr
    }
}

impl<T> Clone for GuestPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for GuestPtr<T> {}
impl<T> PartialEq for GuestPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        self.addr == other.addr
    }
}
impl<T> Eq for GuestPtr<T> {}
impl<T> fmt::Debug for GuestPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GuestPtr({:#x})", self.addr)
    }
}

impl<T> WasmAbi for GuestPtr<T> {
    type Core = i32;
}

impl<T> WasmType for GuestPtr<T> {
    const FIXED_SIZE: Option<usize> = Some(4);
    const ALIGN: usize = 4;
    fn encode<B: Buf>(&self, out: &mut B) {
        self.addr.encode(out);
    }
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        u32::decode_with(bytes, budget).map(Self::new)
    }
}

impl<T> Lower for GuestPtr<T> {
    fn lower<S: Sink>(&self, _: &mut S) -> Result<i32, Fault> {
        Ok(self.addr as i32)
    }
}

impl<'a, T> Lift<'a> for GuestPtr<T> {
    fn lift<S: Source<'a>>(core: i32, _: &mut S, _: &mut Budget) -> Result<Self, Fault> {
        Ok(Self::new(core as u32))
    }
}
