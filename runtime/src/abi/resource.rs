use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;

use super::{Budget, Buf, Fault, Lift, Lower, Sink, Source, WasmAbi, WasmType, WireError};

/// An opaque handle to a host-owned object of kind `M`: a table, a file, a
/// session. The host keeps the object in a table
/// (`wasmbind::host::resources::Resources<M, V>`) and gives the plugin only this
/// handle; the plugin passes it back to host functions and never sees a host
/// pointer.
///
/// `M` is a marker declared in the API crate (`pub enum Table {}`), so a
/// table handle cannot be passed where a file handle is expected, and the
/// interface records tell them apart at load (`Resource<Table>`).
///
/// The host checks every handle it is given: a forged, stale, closed or
/// other plugin's handle is an error, never another object. It travels as
/// one `i64` (8 bytes in a body).
///
/// ```
/// use wasmbind::Resource;
/// pub enum Table {}
///
/// let handle: Resource<Table> = Resource::from_bits(0x0000_0001_0000_0007);
/// assert_eq!(handle.bits(), 0x0000_0001_0000_0007);
/// assert_eq!(wasmbind::abi::to_body(&handle), 0x0000_0001_0000_0007u64.to_le_bytes());
/// ```
#[repr(transparent)]
pub struct Resource<M> {
    bits: u64,
    _kind: PhantomData<fn() -> M>,
}

impl<M> Resource<M> {
    /// The handle with this wire value. Anyone can make one; only the host
    /// table that issued a value resolves it.
    pub const fn from_bits(bits: u64) -> Self {
        Self { bits, _kind: PhantomData }
    }

    /// The wire value.
    pub const fn bits(self) -> u64 {
        self.bits
    }
}

impl<M> Clone for Resource<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Resource<M> {}
impl<M> PartialEq for Resource<M> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<M> Eq for Resource<M> {}
impl<M> Hash for Resource<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<M> fmt::Debug for Resource<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Resource<{}>({:#018x})", kind_name::<M>(), self.bits)
    }
}

/// The last path segment of `M`'s name (`Table` for `kv_api::Table`).
pub(crate) fn kind_name<M>() -> &'static str {
    let name = core::any::type_name::<M>();
    let base = name.split('<').next().unwrap_or(name);
    base.rsplit("::").next().unwrap_or(base)
}

impl<M> WasmAbi for Resource<M> {
    type Core = i64;
}

impl<M> WasmType for Resource<M> {
    const FIXED_SIZE: Option<usize> = Some(8);
    const ALIGN: usize = 8;
    fn encode<B: Buf>(&self, out: &mut B) {
        self.bits.encode(out);
    }
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        u64::decode_with(bytes, budget).map(Self::from_bits)
    }
}

impl<M> Lower for Resource<M> {
    #[inline]
    fn lower<S: Sink>(&self, _: &mut S) -> Result<i64, Fault> {
        Ok(self.bits as i64)
    }
}

impl<'a, M> Lift<'a> for Resource<M> {
    #[inline]
    fn lift<S: Source<'a>>(core: i64, _: &mut S, _: &mut Budget) -> Result<Self, Fault> {
        Ok(Self::from_bits(core as u64))
    }
}

/// A kind of host object that a plugin closes through a host function:
/// `#[host_fn(close)]` on that function implements it for the kind, so that
/// an [`Owned`] handle of the kind closes itself when dropped.
pub trait Close: Sized {
    /// Closes `handle` (calls the kind's `#[host_fn(close)]` function).
    fn close(handle: Resource<Self>);
}

/// A handle the plugin owns: closed, through the host function of its
/// kind marked `#[host_fn(close)]`, when it is dropped. It derefs to the
/// [`Resource`] it holds, so the kind's methods (`kv::TableMethods`,
/// generated for the host functions that take the handle first) and every
/// function taking the handle work on it.
///
/// ```
/// use std::cell::Cell;
/// use wasmbind::abi::{Close, Owned};
/// use wasmbind::Resource;
///
/// pub enum Table {}
/// thread_local!(static CLOSED: Cell<u64> = const { Cell::new(0) });
/// // What `#[host_fn(close)] fn close(.., table: Resource<Table>)` generates, calling the host.
/// impl Close for Table {
///     fn close(handle: Resource<Table>) {
///         CLOSED.set(handle.bits());
///     }
/// }
///
/// let table = Owned::new(Resource::<Table>::from_bits(7));
/// assert_eq!(table.bits(), 7);
/// drop(table);
/// assert_eq!(CLOSED.get(), 7, "dropping it closed it");
///
/// let kept = Owned::new(Resource::<Table>::from_bits(8)).into_inner();
/// assert_eq!((kept.bits(), CLOSED.get()), (8, 7), "handed on, not closed");
/// ```
pub struct Owned<M: Close> {
    handle: Resource<M>,
}

impl<M: Close> Owned<M> {
    /// Takes ownership of `handle`: dropping the result closes it.
    pub fn new(handle: Resource<M>) -> Self {
        Self { handle }
    }

    /// The handle, still owned here.
    pub fn handle(&self) -> Resource<M> {
        self.handle
    }

    /// Gives up ownership without closing: for a host function that takes
    /// the object over, or to keep it open past this value.
    pub fn into_inner(self) -> Resource<M> {
        let handle = self.handle;
        core::mem::forget(self);
        handle
    }

    /// Closes it now (what dropping it does).
    pub fn close(self) {
        drop(self);
    }
}

impl<M: Close> core::ops::Deref for Owned<M> {
    type Target = Resource<M>;
    fn deref(&self) -> &Resource<M> {
        &self.handle
    }
}

impl<M: Close> Drop for Owned<M> {
    fn drop(&mut self) {
        M::close(self.handle);
    }
}

impl<M: Close> fmt::Debug for Owned<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Owned").field(&self.handle).finish()
    }
}
