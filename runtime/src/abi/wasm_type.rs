//! The traits a type implements to cross: [`WasmType`] (its body),
//! [`MemoryType`] (it travels through memory or inline) and [`WasmAbi`]
//! (the one core value it occupies in a signature).

use super::budget::Budget;
use super::pod::{self, PodLayout};
use super::wire::{Buf, Reader};
use super::wire_error::WireError;

/// True when `T` travels inside its `i64` core value instead of through
/// memory: a fixed-size body of at most 8 bytes.
pub const fn is_inline<T: WasmType>() -> bool {
    matches!(T::FIXED_SIZE, Some(size) if size <= 8)
}

crossing_trait! {
    /// A type that can cross the wasm boundary through linear memory.
    ///
    /// Implemented for the scalars, `String`, `Vec<T>`, `Option<T>`, `[T; N]` and
    /// for structs with `#[derive(wasmbind::WasmType)]`. The *body* of a value is
    /// its wire encoding; [`encode_nested`] and [`decode_nested`] add the `u32`
    /// byte-length prefix that a variable-size value carries inside another.
    pub trait WasmType: Sized {
        /// The body size when every value has the same size, e.g. `Some(8)` for
        /// `Point { x: i32, y: i32 }`; `None` for variable-size types.
        const FIXED_SIZE: Option<usize>;
        /// Natural alignment of the type in a plugin's memory (1 for variable-size types).
        const ALIGN: usize = 1;
        /// The body *is* the value's buffer (`String`, `Vec<u8>`), so lifting
        /// adopts an owned body instead of copying it.
        #[doc(hidden)]
        const OWNS_BODY: bool = false;
        /// `Vec<Self>` owns its body (only `u8`).
        #[doc(hidden)]
        const VEC_OWNS_BODY: bool = false;
        /// Present when the memory layout is the wire body (see [`PodLayout`]).
        #[doc(hidden)]
        const POD: Option<PodLayout<Self>> = None;

        /// Appends the body of `self` to `out`.
        fn encode<B: Buf>(&self, out: &mut B);

        /// Decodes a body that spans exactly `bytes`, drawing on `budget`
        /// for nesting and memory (what every nested decode calls).
        fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError>;

        /// Decodes a body that spans exactly `bytes` within the default
        /// [`DecodeLimits`](super::DecodeLimits).
        fn decode(bytes: &[u8]) -> Result<Self, WireError> {
            Self::decode_with(bytes, &mut Budget::default())
        }

        /// The body as one contiguous slice, when the value already is one
        /// (`String`, `Vec<u8>`): lets callers copy it once instead of encoding.
        #[doc(hidden)]
        fn as_body(&self) -> Option<&[u8]> {
            None
        }

        /// Decodes a body the caller already owns and has charged to the
        /// budget; `String` and `Vec<u8>` adopt it. Called only when
        /// `OWNS_BODY` holds.
        #[doc(hidden)]
        fn decode_owned(bytes: Vec<u8>, budget: &mut Budget) -> Result<Self, WireError> {
            Self::decode_with(&bytes, budget)
        }

        /// Consumes the value into its body; `String` and `Vec<u8>` give up their buffer.
        #[doc(hidden)]
        fn into_body(self) -> Vec<u8> {
            to_body(&self)
        }

        /// `Vec<Self>` into its body (`u8` gives up the buffer).
        #[doc(hidden)]
        fn vec_into_body(items: Vec<Self>) -> Vec<u8> {
            let mut out = Vec::new();
            Self::encode_slice(&items, &mut out);
            out
        }

        /// A slice of `Self` as its own body (POD types on little-endian targets).
        #[doc(hidden)]
        fn slice_as_body(items: &[Self]) -> Option<&[u8]> {
            pod::as_bytes(Self::POD, items)
        }

        /// Decodes an owned body of `Vec<Self>` (`u8` adopts it); as
        /// [`decode_owned`](Self::decode_owned).
        #[doc(hidden)]
        fn vec_from_owned(bytes: Vec<u8>, budget: &mut Budget) -> Result<Vec<Self>, WireError> {
            Self::decode_vec(&bytes, budget)
        }

        /// Encodes a slice as the body of `Vec<Self>` (overridden by `u8` to copy at once).
        #[doc(hidden)]
        fn encode_slice<B: Buf>(items: &[Self], out: &mut B) {
            if let Some(body) = Self::slice_as_body(items) {
                return out.put(body);
            }
            for item in items {
                encode_nested(item, out);
            }
        }

        /// Decodes the body of `Vec<Self>` (overridden by `u8` to copy at
        /// once), charging its blocks as they are taken; a sequence of
        /// variable-size elements is one level of nesting.
        #[doc(hidden)]
        fn decode_vec(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Self>, WireError> {
            let mut items = Vec::new();
            if let Some(size) = Self::FIXED_SIZE.filter(|&s| s > 0) {
                if !bytes.len().is_multiple_of(size) {
                    return Err(WireError::Ragged { len: bytes.len(), element_size: size });
                }
                let count = bytes.len() / size;
                budget.charge_items::<Self>(count)?;
                if let Some(items) = pod::vec_from_bytes(Self::POD, bytes) {
                    return items;
                }
                items.try_reserve_exact(count)?;
                for chunk in bytes.chunks_exact(size) {
                    items.push(Self::decode_with(chunk, budget)?);
                }
                return Ok(items);
            }
            let mut reader = Reader::nested(bytes, budget)?;
            while !reader.is_empty() {
                super::budget::grow(&mut items, reader.budget())?;
                items.push(reader.progress(decode_nested)?);
            }
            reader.finish()?;
            Ok(items)
        }
    }
}

crossing_trait! {
    /// Marker for the types that travel through linear memory as a packed `(ptr, len)`.
    ///
    /// Everything that implements [`WasmType`] except the scalars; derived
    /// structs get it from `#[derive(WasmType)]`.
    pub trait MemoryType: WasmType {}
}

crossing_trait! {
    /// The one core wasm value a type occupies in a function signature:
    /// `i32`, `i64`, `f32` or `f64` for scalars, a packed `i64` for memory types.
    pub trait WasmAbi {
        /// The core value type.
        type Core: Copy + Send;
        /// Whether the value's body travels through linear memory.
        const MEMORY: bool = false;
        /// The length of the body a core value points at (0 for values
        /// that travel inside it): what a host function's declared
        /// `max_len` and `fuel_per_byte` measure, before anything is read.
        #[inline]
        fn body_len(_core: Self::Core) -> u32 {
            0
        }
    }
}

impl<T: MemoryType> WasmAbi for T {
    type Core = i64;
    const MEMORY: bool = !is_inline::<T>();
    #[inline]
    fn body_len(core: i64) -> u32 {
        if Self::MEMORY { super::unpack(core).1 } else { 0 }
    }
}
impl WasmAbi for &str {
    type Core = i64;
    const MEMORY: bool = true;
    #[inline]
    fn body_len(core: i64) -> u32 {
        super::unpack(core).1
    }
}
impl<T: WasmType> WasmAbi for &[T] {
    type Core = i64;
    const MEMORY: bool = true;
    #[inline]
    fn body_len(core: i64) -> u32 {
        super::unpack(core).1
    }
}
impl WasmAbi for () {
    type Core = ();
}

/// Scalars that travel as one core value, and their conversions.
pub trait Scalar: WasmType + Copy {
    /// The core value type.
    type Core: Copy;
    /// Converts to the core value (always succeeds).
    fn to_core(self) -> Self::Core;
    /// Converts from the core value, validating `bool` and `char`.
    fn from_core(core: Self::Core) -> Result<Self, WireError>;
}

/// Encodes a whole value as a top-level body.
pub fn to_body<T: WasmType>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(T::FIXED_SIZE.unwrap_or(16));
    value.encode(&mut out);
    out
}

/// Appends `value` as a field or element: its body, preceded by a `u32`
/// byte length when the type is variable-size.
pub fn encode_nested<T: WasmType, B: Buf>(value: &T, out: &mut B) {
    if T::FIXED_SIZE.is_some() {
        return value.encode(out);
    }
    let start = out.written();
    out.put(&[0; 4]);
    value.encode(out);
    let len = u32::try_from(out.written() - start - 4).unwrap_or(u32::MAX);
    out.set_u32(start, len);
}

/// Reads a field or element written by [`encode_nested`].
#[inline]
pub fn decode_nested<T: WasmType>(reader: &mut Reader<'_, '_>) -> Result<T, WireError> {
    let len = match T::FIXED_SIZE {
        Some(size) => size,
        None => u32::from_le_bytes(reader.array()?) as usize,
    };
    let body = reader.take(len)?;
    T::decode_with(body, reader.budget())
}
