//! How each type is lowered to its core value and lifted back, once for
//! every boundary direction.
//!
//! A type implements [`Lower`] and [`Lift`] against an abstract [`Sink`]
//! (where variable-size bodies go) and [`Source`] (where they come from).
//! Each direction supplies its own: the host's sink allocates in the plugin,
//! a plugin's import sink points at its own memory, and so on.

use core::fmt;

use super::{Buf, Inline, MemoryType, Scalar, WasmAbi, WasmType, WireError, is_inline, pod_read, pod_slice, str_from};

/// Why a value could not cross: the reason part of every boundary error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The encoding was malformed.
    Wire(WireError),
    /// `ptr + len` does not fit in the 32-bit address space.
    Overflow {
        /// The pointer.
        ptr: u32,
        /// The length.
        len: u32,
    },
    /// The region lies outside linear memory.
    OutOfBounds {
        /// First byte of the region.
        start: u32,
        /// One past its last byte.
        end: u64,
        /// The memory's size in bytes.
        size: usize,
    },
    /// A typed pointer is not aligned for its type.
    Misaligned {
        /// The pointer.
        ptr: u32,
        /// The alignment its type needs.
        align: usize,
    },
    /// The plugin does not export the memory or allocator the value needs.
    Missing(&'static str),
    /// The plugin's allocator returned an unusable block.
    BadAlloc {
        /// The size asked for.
        size: usize,
        /// What the allocator returned.
        ptr: u32,
        /// What is wrong with it.
        detail: Box<Fault>,
    },
    /// The plugin's allocator trapped or failed.
    AllocFailed {
        /// The size asked for.
        size: usize,
        /// What went wrong.
        message: String,
    },
    /// A body is larger than 4 GiB and cannot be addressed by a plugin.
    TooLong(usize),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Wire(e) => e.fmt(f),
            Self::Overflow { ptr, len } => write!(
                f,
                "pointer {ptr} + length {len} overflows the 32-bit address space"
            ),
            Self::OutOfBounds { start, end, size } => write!(
                f,
                "bytes {start}..{end} are out of bounds of memory ({size} bytes)"
            ),
            Self::Misaligned { ptr, align } => {
                write!(f, "pointer {ptr} is not aligned to {align} bytes")
            }
            Self::Missing(what) => write!(f, "the plugin does not export `{what}`"),
            Self::BadAlloc { size, ptr, detail } => {
                write!(f, "allocator wasmbind_alloc({size}, 1) returned {ptr}: {detail}")
            }
            Self::AllocFailed { size, message } => {
                write!(f, "allocator wasmbind_alloc({size}, 1) failed: {message}")
            }
            Self::TooLong(len) => write!(f, "{len} bytes do not fit in a plugin's memory"),
        }
    }
}

impl std::error::Error for Fault {}

impl From<WireError> for Fault {
    fn from(e: WireError) -> Self {
        Self::Wire(e)
    }
}

/// Where the bodies of lowered values go.
pub trait Sink {
    /// Places a body the caller keeps; returns its packed `(ptr, len)`.
    fn put_slice(&mut self, body: &[u8]) -> Result<i64, Fault>;
    /// Places a body the sink may keep.
    fn put_vec(&mut self, body: Vec<u8>) -> Result<i64, Fault> {
        self.put_slice(&body)
    }
}

/// Where the bodies of lifted values come from.
pub trait Source<'a> {
    /// Borrows the body at a packed `(ptr, len)`.
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault>;
    /// Takes the body at a packed `(ptr, len)` as an owned buffer.
    fn take(&mut self, packed: i64) -> Result<Vec<u8>, Fault> {
        Ok(self.get(packed)?.to_vec())
    }
    /// Where a `&'a [T]` that cannot borrow the body in place keeps its
    /// decoded copy for the call; `None` where borrowed slices never occur.
    fn scratch(&mut self) -> Option<&'a Scratch> {
        None
    }
}

/// Storage for one call's decoded copies of `&[T]` arguments that cannot
/// be borrowed in place (misaligned, or `T`'s memory layout is not its wire
/// layout). Lives as long as the call; only grows.
///
/// Every boundary call creates one, so an unused scratch must cost nothing:
/// it is one null pointer, and dropping it is one branch.
#[derive(Default)]
pub struct Scratch {
    kept: core::cell::Cell<Option<Box<Kept>>>,
}

/// One kept copy, in a list from the newest.
struct Kept {
    _items: Box<dyn core::any::Any>,
    next: Option<Box<Kept>>,
}

impl Scratch {
    /// Empty.
    #[inline]
    pub const fn new() -> Self {
        Self { kept: core::cell::Cell::new(None) }
    }

    /// Keeps `items` until the scratch is dropped and lends them out.
    #[cold]
    pub fn keep<T: 'static>(&self, items: Vec<T>) -> &[T] {
        let boxed: Box<[T]> = items.into_boxed_slice();
        let slice: *const [T] = &*boxed;
        let next = self.kept.take();
        self.kept.set(Some(Box::new(Kept { _items: Box::new(boxed), next })));
        // SAFETY: the elements live in the heap allocation of `boxed`, which
        // moving the box into the list does not move; the list only grows
        // and is dropped with `self`, which the returned borrow of `self`
        // cannot outlive.
        unsafe { &*slice }
    }
}

impl Drop for Scratch {
    #[inline]
    fn drop(&mut self) {
        if let Some(kept) = self.kept.get_mut().take() {
            drop_kept(kept);
        }
    }
}

/// Drops the list without recursing once per element.
#[cold]
#[inline(never)]
fn drop_kept(mut kept: Box<Kept>) {
    while let Some(next) = kept.next.take() {
        kept = next;
    }
}

impl fmt::Debug for Scratch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}

/// Turns a value into its core value, placing any body in a [`Sink`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` does not implement `wasmbind::WasmType`",
    note = "derive it: `#[derive(wasmbind::WasmType)]`"
)]
pub trait Lower: WasmAbi {
    /// Lowers a borrowed value.
    fn lower<S: Sink>(&self, sink: &mut S) -> Result<Self::Core, Fault>;
    /// Lowers an owned value; a `String` hands over its buffer.
    fn lower_owned<S: Sink>(self, sink: &mut S) -> Result<Self::Core, Fault>
    where
        Self: Sized,
    {
        self.lower(sink)
    }
}

/// Builds a value from its core value, reading any body from a [`Source`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` does not implement `wasmbind::WasmType`",
    note = "derive it: `#[derive(wasmbind::WasmType)]`"
)]
pub trait Lift<'a>: WasmAbi + Sized {
    /// Lifts and validates.
    fn lift<S: Source<'a>>(core: Self::Core, source: &mut S) -> Result<Self, Fault>;
}

macro_rules! scalar_boundary {
    ($($ty:ty),*) => {$(
        impl Lower for $ty {
            #[inline]
            fn lower<S: Sink>(&self, _: &mut S) -> Result<Self::Core, Fault> {
                Ok(self.to_core())
            }
        }
        impl<'a> Lift<'a> for $ty {
            #[inline]
            fn lift<S: Source<'a>>(core: Self::Core, _: &mut S) -> Result<Self, Fault> {
                Ok(<$ty as Scalar>::from_core(core)?)
            }
        }
    )*};
}
scalar_boundary!(bool, char, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64);

impl Lower for () {
    #[inline]
    fn lower<S: Sink>(&self, _: &mut S) -> Result<(), Fault> {
        Ok(())
    }
}

impl<'a> Lift<'a> for () {
    #[inline]
    fn lift<S: Source<'a>>(_: (), _: &mut S) -> Result<(), Fault> {
        Ok(())
    }
}

impl Lower for &str {
    #[inline]
    fn lower<S: Sink>(&self, sink: &mut S) -> Result<i64, Fault> {
        sink.put_slice(self.as_bytes())
    }
}

impl<'a> Lift<'a> for &'a str {
    #[inline]
    fn lift<S: Source<'a>>(core: i64, source: &mut S) -> Result<Self, Fault> {
        Ok(str_from(source.get(core)?)?)
    }
}

/// `&[T]` as a host function's or export's parameter: the elements are read
/// in place (zero-copy) when `T`'s memory layout is its wire layout (a
/// `#[repr(C)]` struct of numbers without padding, or a number) and the
/// address is aligned for `T` (a slice from a wasmbind plugin always is);
/// otherwise they are decoded into the call's [`Scratch`].
impl<T: WasmType> Lower for &[T] {
    #[inline]
    fn lower<S: Sink>(&self, sink: &mut S) -> Result<i64, Fault> {
        match T::slice_as_body(self) {
            Some(body) => sink.put_slice(body),
            None => {
                let mut body = Vec::new();
                T::encode_slice(self, &mut body);
                sink.put_vec(body)
            }
        }
    }
}

impl<'a, T: WasmType + 'static> Lift<'a> for &'a [T] {
    #[inline]
    fn lift<S: Source<'a>>(core: i64, source: &mut S) -> Result<Self, Fault> {
        let bytes = source.get(core)?;
        if T::POD.is_some() && super::LITTLE_ENDIAN && size_of::<T>() > 0 {
            if bytes.len() % size_of::<T>() != 0 {
                return Err(WireError::Ragged { len: bytes.len(), element_size: size_of::<T>() }.into());
            }
            if bytes.as_ptr().cast::<T>().is_aligned() {
                // SAFETY: `T::POD`: every bit pattern is a valid `T` and it has
                // no padding; the pointer is aligned for `T`, the length is a
                // whole number of `T`s, and the slice borrows `bytes` for the
                // same lifetime.
                return Ok(unsafe { core::slice::from_raw_parts(bytes.as_ptr().cast::<T>(), bytes.len() / size_of::<T>()) });
            }
        }
        let items = T::decode_vec(bytes)?;
        match source.scratch() {
            Some(scratch) => Ok(scratch.keep(items)),
            None => Err(Fault::Misaligned { ptr: super::unpack(core).0, align: align_of::<T>() }),
        }
    }
}

impl<T: MemoryType> Lower for T {
    #[inline]
    fn lower<S: Sink>(&self, sink: &mut S) -> Result<i64, Fault> {
        if is_inline::<T>() {
            let mut inline = Inline::default();
            match pod_slice(self) {
                Some(bytes) => inline.put(bytes),
                None => self.encode(&mut inline),
            }
            return Ok(inline.to_core());
        }
        match self.as_body() {
            Some(body) => sink.put_slice(body),
            None => sink.put_vec(super::to_body(self)),
        }
    }
    #[inline]
    fn lower_owned<S: Sink>(self, sink: &mut S) -> Result<i64, Fault> {
        if is_inline::<T>() {
            return self.lower(sink);
        }
        sink.put_vec(self.into_body())
    }
}

impl<'a, T: MemoryType> Lift<'a> for T {
    #[inline]
    fn lift<S: Source<'a>>(core: i64, source: &mut S) -> Result<Self, Fault> {
        if let Some(size) = T::FIXED_SIZE.filter(|_| is_inline::<T>()) {
            let bytes = core.to_le_bytes();
            let body = bytes.get(..size).unwrap_or_default();
            return match pod_read(body) {
                Some(value) => Ok(value),
                None => Ok(T::decode(body)?),
            };
        }
        if T::OWNS_BODY {
            return Ok(T::decode_owned(source.take(core)?)?);
        }
        Ok(T::decode(source.get(core)?)?)
    }
}

/// A host function's failure that stops the plugin instead of returning a
/// value: return `Result<T, Trap>` from a host function and an `Err` traps
/// the plugin, carrying the message to whoever called into the plugin
/// (`ErrorKind::HostTrap`). For failures the plugin should handle, return
/// `Result<T, E>` with a wire type `E` instead: that `Err` is a value.
///
/// In the plugin, the import keeps the declared `Result<T, Trap>` type and
/// always returns `Ok`: on `Err` the plugin never resumes.
///
/// ```
/// fn parse(text: &str) -> Result<u32, wasmbind::Trap> {
///     Ok(text.parse::<u32>()?) // any `std::error::Error` converts
/// }
/// assert_eq!(parse("7"), Ok(7));
/// assert_eq!(parse("x").unwrap_err().message(), "invalid digit found in string");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    message: String,
}

impl Trap {
    /// A trap with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

// `Trap` is deliberately not `std::error::Error`, so that every error converts into it.
impl<E: std::error::Error> From<E> for Trap {
    fn from(error: E) -> Self {
        Self::new(error.to_string())
    }
}

impl<T: WasmAbi> WasmAbi for Result<T, Trap> {
    type Core = T::Core;
    const MEMORY: bool = T::MEMORY;
}

impl<'a, T: Lift<'a>> Lift<'a> for Result<T, Trap> {
    #[inline]
    fn lift<S: Source<'a>>(core: T::Core, source: &mut S) -> Result<Self, Fault> {
        T::lift(core, source).map(Ok)
    }
}

/// What a host function may return: a value to lower, or a result whose
/// `Err` stops the plugin ([`Trap`]; on the host also `wasmtime::Error`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by a host function",
    label = "return a wire type, `Result<T, E>` with wire types (an `Err` the plugin handles), or `Result<T, wasmbind::Trap>` (an `Err` that stops the plugin)"
)]
pub trait HostResult {
    /// The value lowered on success.
    type Value: Lower;
    /// The value, or why the plugin must stop.
    fn into_value(self) -> Result<Self::Value, String>;
}

impl<T: Lower> HostResult for T {
    type Value = T;
    #[inline]
    fn into_value(self) -> Result<T, String> {
        Ok(self)
    }
}

impl<T: Lower> HostResult for Result<T, Trap> {
    type Value = T;
    #[inline]
    fn into_value(self) -> Result<T, String> {
        self.map_err(|trap| trap.message)
    }
}
