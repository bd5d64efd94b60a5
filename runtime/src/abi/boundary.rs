//! How each type is lowered to its core value and lifted back, once for
//! every boundary direction.
//!
//! A type implements [`Lower`] and [`Lift`] against an abstract [`Sink`]
//! (where variable-size bodies go) and [`Source`] (where they come from).
//! Each direction supplies its own: the host's sink allocates in the plugin,
//! a plugin's import sink points at its own memory, and so on.

use core::fmt;

use super::pod;
use super::{Budget, Buf, Inline, MemoryType, Scalar, Scratch, WasmAbi, WasmType, WireError, is_inline, str_from};

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
    /// The plugin's allocator returned 0.
    AllocFailed {
        /// The size asked for.
        size: usize,
        /// What went wrong.
        message: String,
    },
    /// The plugin's allocator hit a limit the host set (its fuel, a
    /// deadline, its memory limit) and was stopped: a [`Limit`] error for
    /// the call, and the plugin is poisoned as after any trap there.
    AllocLimit {
        /// The size asked for.
        size: usize,
        /// Which limit.
        limit: Limit,
    },
    /// The plugin's allocator trapped (it may have stopped halfway through
    /// updating its lists, so the plugin is poisoned).
    AllocTrapped {
        /// The size asked for.
        size: usize,
        /// The trap.
        message: String,
    },
    /// An argument is longer than its host function declares it may be
    /// (`#[host_fn(max_len = ..)]`); refused before it is read.
    Oversized {
        /// Its length in bytes.
        len: u32,
        /// The declared `max_len`.
        max: u32,
    },
    /// A body is larger than 4 GiB and cannot be addressed by a plugin.
    TooLong(usize),
    /// The host returned a result in the plugin's result area that is
    /// longer than the area (a longer result belongs in a block from
    /// `wasmbind_alloc`, docs/ABI.md section 5).
    AreaOverrun {
        /// The result's length.
        len: u32,
        /// The area's capacity.
        capacity: u32,
    },
    /// A typed pointer into a plugin running in-process names no `Shared`
    /// static it handed out (it has no linear memory to read instead).
    NoSharedValue {
        /// The pointer.
        ptr: u32,
    },
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Wire(e) => e.fmt(f),
            Self::Overflow { ptr, len } => write!(f, "pointer {ptr} + length {len} overflows the 32-bit address space"),
            Self::OutOfBounds { start, end, size } => {
                write!(f, "bytes {start}..{end} are out of bounds of memory ({size} bytes)")
            }
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
            Self::AllocLimit { size, limit } => write!(f, "allocator wasmbind_alloc({size}, 1) {limit}"),
            Self::AllocTrapped { size, message } => {
                write!(f, "allocator wasmbind_alloc({size}, 1) trapped: {message}")
            }
            Self::Oversized { len, max } => write!(f, "{len} bytes are more than its max_len of {max}"),
            Self::TooLong(len) => write!(f, "{len} bytes do not fit in a plugin's memory"),
            Self::AreaOverrun { len, capacity } => write!(
                f,
                "the host returned {len} bytes in a result area of {capacity} (a longer result goes in a block from wasmbind_alloc)"
            ),
            Self::NoSharedValue { ptr } => {
                write!(f, "pointer {ptr:#x} names no `Shared` static of the in-process plugin")
            }
        }
    }
}

impl std::error::Error for Fault {}

/// A limit that stopped a plugin ([`ErrorKind::Limit`](crate::host::ErrorKind::Limit)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// The store's fuel ran out (`Config::consume_fuel`, `Store::set_fuel`).
    Fuel,
    /// The store's epoch deadline passed (`Config::epoch_interruption`,
    /// `Store::set_epoch_deadline`).
    Deadline,
    /// The call was not made: it would have been nested in `max` calls
    /// into plugins already in progress ([`Linker::set_max_depth`](crate::Linker::set_max_depth)).
    Depth {
        /// The linker's limit.
        max: u32,
    },
    /// The plugin tried to grow a memory past a [`MemoryLimit`](crate::host::MemoryLimit).
    Memory {
        /// The size it asked for, in bytes.
        desired: usize,
        /// The limit, in bytes.
        max: usize,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fuel => f.write_str("ran out of fuel"),
            Self::Deadline => f.write_str("passed its deadline"),
            Self::Depth { max } => {
                write!(f, "not called: {max} calls into plugins were in progress, the linker's max_depth")
            }
            Self::Memory { desired, max } => {
                write!(f, "tried to grow its memory to {desired} bytes, over its limit of {max}")
            }
        }
    }
}

impl std::error::Error for Limit {}

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

crossing_trait! {
    /// Turns a value into its core value, placing any body in a [`Sink`].
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
}

crossing_trait! {
    /// Builds a value from its core value, reading any body from a [`Source`]
    /// and decoding it within the call's [`Budget`].
    pub trait Lift<'a>: WasmAbi + Sized {
        /// Lifts and validates.
        fn lift<S: Source<'a>>(core: Self::Core, source: &mut S, budget: &mut Budget) -> Result<Self, Fault>;
    }
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
            fn lift<S: Source<'a>>(core: Self::Core, _: &mut S, _: &mut Budget) -> Result<Self, Fault> {
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
    fn lift<S: Source<'a>>(_: (), _: &mut S, _: &mut Budget) -> Result<(), Fault> {
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
    fn lift<S: Source<'a>>(core: i64, source: &mut S, _: &mut Budget) -> Result<Self, Fault> {
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
    fn lift<S: Source<'a>>(core: i64, source: &mut S, budget: &mut Budget) -> Result<Self, Fault> {
        let bytes = source.get(core)?;
        if let Some(items) = pod::borrow_slice(T::POD, bytes) {
            return Ok(items?);
        }
        let items = T::decode_vec(bytes, budget)?;
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
            match pod::as_bytes(T::POD, core::slice::from_ref(self)) {
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
    fn lift<S: Source<'a>>(core: i64, source: &mut S, budget: &mut Budget) -> Result<Self, Fault> {
        if let Some(size) = T::FIXED_SIZE.filter(|_| is_inline::<T>()) {
            if size < 8 && (core as u64) >> (size * 8) != 0 {
                return Err(WireError::InlinePadding { size }.into());
            }
            let bytes = core.to_le_bytes();
            let body = bytes.get(..size).unwrap_or_default();
            return match pod::read(T::POD, body) {
                Some(value) => Ok(value),
                None => Ok(T::decode_with(body, budget)?),
            };
        }
        if T::OWNS_BODY {
            // Charged before the copy is made, not after.
            budget.charge_block(super::unpack(core).1 as usize)?;
            return Ok(T::decode_owned(source.take(core)?, budget)?);
        }
        Ok(T::decode_with(source.get(core)?, budget)?)
    }
}
