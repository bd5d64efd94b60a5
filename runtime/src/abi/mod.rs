//! The wire ABI shared by hosts and plugins (version [`ABI_VERSION`]).
//!
//! Every Rust type that crosses a boundary travels either as one core wasm
//! value (scalars) or as a `(ptr, len)` pair pointing at its *wire encoding*
//! in the plugin's linear memory, packed into one `i64` (see [`pack`]).
//! The encoding is explicit and little-endian, so a 64-bit host and a 32-bit
//! plugin agree by construction. `docs/ABI.md` is the normative description.

use core::fmt;
use std::collections::TryReserveError;

/// Version of the wire ABI described in `docs/ABI.md`.
pub const ABI_VERSION: u32 = 1;

/// Name of the plugin export that allocates: `(size: i32, align: i32) -> i32`.
pub const ALLOC_EXPORT: &str = "wasmbind_alloc";
/// Name of the plugin export that frees: `(ptr: i32, size: i32, align: i32)`.
pub const FREE_EXPORT: &str = "wasmbind_free";
/// Name of the plugin export holding the address of its instance key: a
/// `u64` the host writes when it wraps the instance and every import passes
/// back as its last argument (docs/ABI.md section 5).
pub const KEY_EXPORT: &str = "wasmbind_key";
/// Name of the plugin export `() -> ()` the host calls once before its
/// first call into the plugin (it installs the panic hook).
pub const INIT_EXPORT: &str = "wasmbind_init";
/// Name of the plugin export holding the address of its panic record: a
/// `u32` length then up to [`PANIC_CAPACITY`] bytes of
/// `file:line:col`, a newline, and the panic message (docs/ABI.md section 3).
pub const PANIC_EXPORT: &str = "wasmbind_panic";
/// Bytes of text a panic record holds; longer messages are cut.
pub const PANIC_CAPACITY: usize = 1020;
/// Capacity of the result area a plugin passes to every host import that has a result.
pub const RESULT_AREA: usize = 256;

/// Packs a memory region into the single `i64` core value used on the wire:
/// `len` in the high 32 bits, `ptr` in the low 32 bits.
///
/// ```
/// assert_eq!(wasmbind::abi::pack(8, 3), (3i64 << 32) | 8);
/// assert_eq!(wasmbind::abi::unpack(wasmbind::abi::pack(8, 3)), (8, 3));
/// ```
#[inline]
pub const fn pack(ptr: u32, len: u32) -> i64 {
    (((len as u64) << 32) | ptr as u64) as i64
}

/// Splits a packed `i64` into `(ptr, len)`; the inverse of [`pack`].
#[inline]
pub const fn unpack(value: i64) -> (u32, u32) {
    (value as u64 as u32, ((value as u64) >> 32) as u32)
}

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
    /// Memory for the value could not be reserved.
    TooLarge {
        /// The size asked for.
        len: usize,
    },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Truncated { needed, offset, available } => write!(
                f,
                "encoding is truncated: needs {needed} bytes at offset {offset}, {available} left"
            ),
            Self::TrailingBytes { count } => write!(f, "{count} unexpected bytes after the value"),
            Self::Utf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 after byte {valid_up_to}")
            }
            Self::Bool(b) => write!(f, "bool value {b} is neither 0 nor 1"),
            Self::Char(c) => write!(f, "char value {c:#x} is not a Unicode scalar value"),
            Self::Tag { type_name, tag } => write!(f, "tag {tag} is not valid for {type_name}"),
            Self::Ragged { len, element_size } => write!(
                f,
                "length {len} is not a multiple of the element size {element_size}"
            ),
            Self::Size { expected, found } => {
                write!(f, "expected {expected} bytes, found {found}")
            }
            Self::DuplicateKey => f.write_str("a map holds the same key twice"),
            Self::TooLarge { len } => write!(f, "cannot reserve {len} bytes"),
        }
    }
}

impl std::error::Error for WireError {}

impl From<TryReserveError> for WireError {
    fn from(_: TryReserveError) -> Self {
        Self::TooLarge { len: usize::MAX }
    }
}

/// A cursor over an encoding; every read is bounds-checked.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading `bytes` at offset 0.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, offset: 0 }
    }

    /// Takes the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let rest = self.bytes.get(self.offset..).unwrap_or_default();
        let Some((head, _)) = rest.split_at_checked(n) else {
            return Err(WireError::Truncated {
                needed: n,
                offset: self.offset,
                available: rest.len(),
            });
        };
        self.offset += n;
        Ok(head)
    }

    /// Takes exactly `N` bytes as an array.
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
    pub fn is_empty(&self) -> bool {
        self.offset == self.bytes.len()
    }

    /// Fails unless every byte has been read.
    pub fn finish(self) -> Result<(), WireError> {
        match self.bytes.len().saturating_sub(self.offset) {
            0 => Ok(()),
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

/// Proof that a type's memory layout is its wire body on a little-endian
/// target: `#[repr(C)]`, integers and floats only (every bit pattern
/// valid), no padding. Slices of such a type encode and decode as one copy.
/// Only `unsafe` code can make one: `#[derive(WasmType)]` does, after
/// checking those conditions at compile time.
#[derive(Clone, Copy, Debug)]
pub struct PodLayout(());

impl PodLayout {
    /// # Safety
    /// The type this is stored in (`WasmType::POD`) must be `#[repr(C)]`,
    /// have no padding (`size_of` equals its fixed wire size), and consist
    /// only of types that are themselves `POD`.
    pub const unsafe fn assert() -> Self {
        Self(())
    }
}

/// `Some` when every field is POD, the type is `#[repr(C)]` and its size is
/// its wire size; for `#[derive(WasmType)]`.
#[doc(hidden)]
pub const fn pod_if<T>(repr_c: bool, fields: &[bool], fixed: Option<usize>) -> Option<PodLayout> {
    let mut i = 0;
    while i < fields.len() {
        if !fields[i] {
            return None;
        }
        i += 1;
    }
    match fixed {
        // SAFETY: repr(C), all fields POD, and no padding: the conditions of `PodLayout::assert`.
        Some(size) if repr_c && size == size_of::<T>() => Some(unsafe { PodLayout::assert() }),
        _ => None,
    }
}

fn pod_bytes<T: WasmType>(items: &[T]) -> &[u8] {
    // SAFETY: callers check `T::POD`: no padding, so every byte of the
    // slice is initialized, and `u8` has no alignment requirement.
    unsafe { core::slice::from_raw_parts(items.as_ptr().cast::<u8>(), size_of_val(items)) }
}

fn pod_vec<T: WasmType>(bytes: &[u8], size: usize) -> Result<Vec<T>, WireError> {
    let count = bytes.len() / size;
    let mut items = Vec::<T>::new();
    items.try_reserve_exact(count)?;
    // SAFETY: `T::POD` (checked by the caller) makes every bit pattern a
    // valid `T` of exactly `size` bytes; `count` items were reserved and
    // `bytes.len() == count * size` (checked by the caller).
    unsafe {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), items.as_mut_ptr().cast::<u8>(), bytes.len());
        items.set_len(count);
    }
    Ok(items)
}

const LITTLE_ENDIAN: bool = cfg!(target_endian = "little");

/// Reads one POD value from exactly its bytes, if `T` is POD here.
#[inline]
pub(crate) fn pod_read<T: WasmType>(bytes: &[u8]) -> Option<T> {
    if T::POD.is_none() || !LITTLE_ENDIAN || bytes.len() != size_of::<T>() {
        return None;
    }
    // SAFETY: `T::POD` makes every bit pattern of `size_of::<T>()` bytes a
    // valid `T`, and the length was just checked; the read is unaligned.
    Some(unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

/// The bytes of one POD value, if `T` is POD here.
#[inline]
pub(crate) fn pod_slice<T: WasmType>(value: &T) -> Option<&[u8]> {
    T::slice_as_body(core::slice::from_ref(value))
}

/// True when `T` travels inside its `i64` core value instead of through
/// memory: a fixed-size body of at most 8 bytes.
pub const fn is_inline<T: WasmType>() -> bool {
    matches!(T::FIXED_SIZE, Some(size) if size <= 8)
}

/// A type that can cross the wasm boundary through linear memory.
///
/// Implemented for the scalars, `String`, `Vec<T>`, `Option<T>`, `[T; N]` and
/// for structs with `#[derive(wasmbind::WasmType)]`. The *body* of a value is
/// its wire encoding; [`encode_nested`] and [`decode_nested`] add the `u32`
/// byte-length prefix that a variable-size value carries inside another.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` does not implement `wasmbind::WasmType`",
    note = "derive it: `#[derive(wasmbind::WasmType)]` on a struct or enum whose fields are scalars, `String`, `Vec`, `Option`, `Result`, tuples, arrays, maps or other `WasmType` types"
)]
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
    const POD: Option<PodLayout> = None;

    /// Appends the body of `self` to `out`.
    fn encode<B: Buf>(&self, out: &mut B);

    /// Decodes a body that spans exactly `bytes`.
    fn decode(bytes: &[u8]) -> Result<Self, WireError>;

    /// The body as one contiguous slice, when the value already is one
    /// (`String`, `Vec<u8>`): lets callers copy it once instead of encoding.
    #[doc(hidden)]
    fn as_body(&self) -> Option<&[u8]> {
        None
    }

    /// Decodes a body the caller already owns; `String` and `Vec<u8>` adopt it.
    #[doc(hidden)]
    fn decode_owned(bytes: Vec<u8>) -> Result<Self, WireError> {
        Self::decode(&bytes)
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
        (Self::POD.is_some() && LITTLE_ENDIAN).then(|| pod_bytes(items))
    }

    /// Decodes an owned body of `Vec<Self>` (`u8` adopts it).
    #[doc(hidden)]
    fn vec_from_owned(bytes: Vec<u8>) -> Result<Vec<Self>, WireError> {
        Self::decode_vec(&bytes)
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

    /// Decodes the body of `Vec<Self>` (overridden by `u8` to copy at once).
    #[doc(hidden)]
    fn decode_vec(bytes: &[u8]) -> Result<Vec<Self>, WireError> {
        let mut items = Vec::new();
        if let Some(size) = Self::FIXED_SIZE.filter(|&s| s > 0) {
            if bytes.len() % size != 0 {
                return Err(WireError::Ragged { len: bytes.len(), element_size: size });
            }
            if Self::POD.is_some() && LITTLE_ENDIAN {
                return pod_vec(bytes, size);
            }
            items.try_reserve_exact(bytes.len() / size)?;
            for chunk in bytes.chunks_exact(size) {
                items.push(Self::decode(chunk)?);
            }
            return Ok(items);
        }
        let mut reader = Reader::new(bytes);
        while !reader.is_empty() {
            items.push(reader.progress(decode_nested)?);
        }
        Ok(items)
    }
}

/// Marker for the types that travel through linear memory as a packed `(ptr, len)`.
///
/// Everything that implements [`WasmType`] except the scalars; derived
/// structs get it from `#[derive(WasmType)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` does not implement `wasmbind::WasmType`",
    note = "derive it: `#[derive(wasmbind::WasmType)]` on a struct or enum whose fields are scalars, `String`, `Vec`, `Option`, `Result`, tuples, arrays, maps or other `WasmType` types"
)]
pub trait MemoryType: WasmType {}

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

/// Appends an enum tag (`u32` little-endian), for `#[derive(WasmType)]`.
#[doc(hidden)]
#[inline]
pub fn encode_tag<B: Buf>(tag: u32, out: &mut B) {
    out.put(&tag.to_le_bytes());
}

/// Reads an enum tag written by [`encode_tag`].
#[doc(hidden)]
#[inline]
pub fn decode_tag(reader: &mut Reader<'_>) -> Result<u32, WireError> {
    Ok(u32::from_le_bytes(reader.array()?))
}

/// Reads a field or element written by [`encode_nested`].
pub fn decode_nested<T: WasmType>(reader: &mut Reader<'_>) -> Result<T, WireError> {
    let len = match T::FIXED_SIZE {
        Some(size) => size,
        None => u32::from_le_bytes(reader.array()?) as usize,
    };
    T::decode(reader.take(len)?)
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

/// An interface record as the bytes a plugin exports: a `u32` LE length,
/// then the text. `N` is the text's length plus 4.
#[doc(hidden)]
pub const fn record<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    let len = (bytes.len() as u32).to_le_bytes();
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < 4 { len[i] } else { bytes[i - 4] };
        i += 1;
    }
    out
}

/// Encodes a whole value as a top-level body.
pub fn to_body<T: WasmType>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(T::FIXED_SIZE.unwrap_or(16));
    value.encode(&mut out);
    out
}

/// The one core wasm value a type occupies in a function signature:
/// `i32`, `i64`, `f32` or `f64` for scalars, a packed `i64` for memory types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` does not implement `wasmbind::WasmType`",
    note = "derive it: `#[derive(wasmbind::WasmType)]`; `usize`, `isize`, references other than `&str`/`&[u8]` and raw pointers never cross"
)]
pub trait WasmAbi {
    /// The core value type.
    type Core: Copy;
    /// Whether the value's body travels through linear memory.
    const MEMORY: bool = false;
}

impl<T: MemoryType> WasmAbi for T {
    type Core = i64;
    const MEMORY: bool = !is_inline::<T>();
}
impl WasmAbi for &str {
    type Core = i64;
    const MEMORY: bool = true;
}
impl<T: WasmType> WasmAbi for &[T] {
    type Core = i64;
    const MEMORY: bool = true;
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

macro_rules! le_bytes {
    ($($ty:ty),*) => {$(
        impl WasmType for $ty {
            const FIXED_SIZE: Option<usize> = Some(size_of::<$ty>());
            const ALIGN: usize = size_of::<$ty>();
            // SAFETY: a primitive number: no padding, every bit pattern valid.
            const POD: Option<PodLayout> = Some(unsafe { PodLayout::assert() });
            #[inline]
            fn encode<B: Buf>(&self, out: &mut B) {
                out.put(&self.to_le_bytes());
            }
            #[inline]
            fn decode(bytes: &[u8]) -> Result<Self, WireError> {
                Ok(<$ty>::from_le_bytes(fixed(bytes)?))
            }
        }
    )*};
}
le_bytes!(i8, i16, u16, i32, u32, i64, u64, f32, f64);

/// `u8` is its own body, so `Vec<u8>` copies in one go.
impl WasmType for u8 {
    const FIXED_SIZE: Option<usize> = Some(1);
    // SAFETY: a byte: every bit pattern valid.
    const POD: Option<PodLayout> = Some(unsafe { PodLayout::assert() });
    const VEC_OWNS_BODY: bool = true;
    #[inline]
    fn encode<B: Buf>(&self, out: &mut B) {
        out.put(&[*self]);
    }
    #[inline]
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        Ok(u8::from_le_bytes(fixed(bytes)?))
    }
    #[inline]
    fn slice_as_body(items: &[Self]) -> Option<&[u8]> {
        Some(items)
    }
    #[inline]
    fn encode_slice<B: Buf>(items: &[Self], out: &mut B) {
        out.put(items);
    }
    #[inline]
    fn decode_vec(bytes: &[u8]) -> Result<Vec<Self>, WireError> {
        let mut items = Vec::new();
        items.try_reserve_exact(bytes.len())?;
        items.extend_from_slice(bytes);
        Ok(items)
    }
    #[inline]
    fn vec_from_owned(bytes: Vec<u8>) -> Result<Vec<Self>, WireError> {
        Ok(bytes)
    }
    #[inline]
    fn vec_into_body(items: Vec<Self>) -> Vec<u8> {
        items
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], WireError> {
    bytes.try_into().map_err(|_| WireError::Size { expected: N, found: bytes.len() })
}

macro_rules! scalars {
    ($($ty:ty => $core:ty),*) => {$(
        impl Scalar for $ty {
            type Core = $core;
            #[inline]
            fn to_core(self) -> $core {
                self as $core
            }
            #[inline]
            fn from_core(core: $core) -> Result<Self, WireError> {
                Ok(core as $ty)
            }
        }
        impl WasmAbi for $ty {
            type Core = $core;
        }
    )*};
}

scalars! {
    i8 => i32, u8 => i32, i16 => i32, u16 => i32, i32 => i32, u32 => i32,
    i64 => i64, u64 => i64, f32 => f32, f64 => f64
}

impl WasmType for bool {
    const FIXED_SIZE: Option<usize> = Some(1);
    fn encode<B: Buf>(&self, out: &mut B) {
        out.put(&[u8::from(*self)]);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        Self::from_core(i32::from(u8::decode(bytes)?))
    }
}
impl Scalar for bool {
    type Core = i32;
    fn to_core(self) -> i32 {
        i32::from(self)
    }
    fn from_core(core: i32) -> Result<Self, WireError> {
        match core {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(WireError::Bool(other)),
        }
    }
}
impl WasmAbi for bool {
    type Core = i32;
}

impl WasmType for char {
    const FIXED_SIZE: Option<usize> = Some(4);
    const ALIGN: usize = 4;
    fn encode<B: Buf>(&self, out: &mut B) {
        (*self as u32).encode(out);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        Self::from_core(u32::decode(bytes)? as i32)
    }
}
impl Scalar for char {
    type Core = i32;
    fn to_core(self) -> i32 {
        self as i32
    }
    fn from_core(core: i32) -> Result<Self, WireError> {
        char::from_u32(core as u32).ok_or(WireError::Char(core as u32))
    }
}
impl WasmAbi for char {
    type Core = i32;
}

impl WasmType for String {
    const FIXED_SIZE: Option<usize> = None;
    const OWNS_BODY: bool = true;
    #[inline]
    fn encode<B: Buf>(&self, out: &mut B) {
        out.put(self.as_bytes());
    }
    #[inline]
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        Ok(str_from(bytes)?.to_owned())
    }
    #[inline]
    fn as_body(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
    #[inline]
    fn into_body(self) -> Vec<u8> {
        self.into_bytes()
    }
    #[inline]
    fn decode_owned(bytes: Vec<u8>) -> Result<Self, WireError> {
        String::from_utf8(bytes)
            .map_err(|e| WireError::Utf8 { valid_up_to: e.utf8_error().valid_up_to() })
    }
}
impl MemoryType for String {}

/// Validates UTF-8, reporting where it stops being valid.
#[inline]
pub fn str_from(bytes: &[u8]) -> Result<&str, WireError> {
    core::str::from_utf8(bytes).map_err(|e| WireError::Utf8 { valid_up_to: e.valid_up_to() })
}

impl<T: WasmType> WasmType for Vec<T> {
    const FIXED_SIZE: Option<usize> = None;
    const OWNS_BODY: bool = T::VEC_OWNS_BODY;
    fn encode<B: Buf>(&self, out: &mut B) {
        const { assert!(!matches!(T::FIXED_SIZE, Some(0)), "a Vec of zero-sized elements cannot cross: its length would be lost") };
        T::encode_slice(self, out);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        T::decode_vec(bytes)
    }
    fn as_body(&self) -> Option<&[u8]> {
        T::slice_as_body(self)
    }
    fn decode_owned(bytes: Vec<u8>) -> Result<Self, WireError> {
        T::vec_from_owned(bytes)
    }
    fn into_body(self) -> Vec<u8> {
        T::vec_into_body(self)
    }
}
impl<T: WasmType> MemoryType for Vec<T> {}

impl<T: WasmType> WasmType for Option<T> {
    const FIXED_SIZE: Option<usize> = None;
    fn encode<B: Buf>(&self, out: &mut B) {
        match self {
            None => out.put(&[0]),
            Some(value) => {
                out.put(&[1]);
                encode_nested(value, out);
            }
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let value = match u8::from_le_bytes(reader.array()?) {
            0 => None,
            1 => Some(decode_nested(&mut reader)?),
            tag => return Err(WireError::Tag { type_name: "Option", tag: tag.into() }),
        };
        reader.finish()?;
        Ok(value)
    }
}
impl<T: WasmType> MemoryType for Option<T> {}

impl<T: WasmType, const N: usize> WasmType for [T; N] {
    const FIXED_SIZE: Option<usize> = match T::FIXED_SIZE {
        Some(size) => Some(size * N),
        None => None,
    };
    const ALIGN: usize = T::ALIGN;
    // SAFETY: an array of POD elements has no padding between them.
    const POD: Option<PodLayout> = match T::POD {
        Some(_) => Some(unsafe { PodLayout::assert() }),
        None => None,
    };
    fn encode<B: Buf>(&self, out: &mut B) {
        for item in self {
            encode_nested(item, out);
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let mut items = Vec::with_capacity(N);
        for _ in 0..N {
            items.push(decode_nested(&mut reader)?);
        }
        reader.finish()?;
        items.try_into().map_err(|_| WireError::Size { expected: N, found: 0 })
    }
}
impl<T: WasmType, const N: usize> MemoryType for [T; N] {}

impl<T: WasmType, E: WasmType> WasmType for Result<T, E> {
    const FIXED_SIZE: Option<usize> = None;
    fn encode<B: Buf>(&self, out: &mut B) {
        match self {
            Ok(value) => {
                out.put(&[0]);
                encode_nested(value, out);
            }
            Err(error) => {
                out.put(&[1]);
                encode_nested(error, out);
            }
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let value = match u8::from_le_bytes(reader.array()?) {
            0 => Ok(decode_nested(&mut reader)?),
            1 => Err(decode_nested(&mut reader)?),
            tag => return Err(WireError::Tag { type_name: "Result", tag: tag.into() }),
        };
        reader.finish()?;
        Ok(value)
    }
}
impl<T: WasmType, E: WasmType> MemoryType for Result<T, E> {}

impl<T: WasmType> WasmType for Box<T> {
    const FIXED_SIZE: Option<usize> = T::FIXED_SIZE;
    const ALIGN: usize = T::ALIGN;
    fn encode<B: Buf>(&self, out: &mut B) {
        (**self).encode(out);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        T::decode(bytes).map(Box::new)
    }
}
impl<T: WasmType> MemoryType for Box<T> {}

macro_rules! tuples {
    ($(($($name:ident $index:tt),+))*) => {$(
        impl<$($name: WasmType),+> WasmType for ($($name,)+) {
            const FIXED_SIZE: Option<usize> = fixed_size(&[$($name::FIXED_SIZE),+]);
            const ALIGN: usize = max_align(&[$($name::ALIGN),+]);
            fn encode<Out: Buf>(&self, out: &mut Out) {
                $(encode_nested(&self.$index, out);)+
            }
            fn decode(bytes: &[u8]) -> Result<Self, WireError> {
                let mut reader = Reader::new(bytes);
                let value = ($(decode_nested::<$name>(&mut reader)?,)+);
                reader.finish()?;
                Ok(value)
            }
        }
        impl<$($name: WasmType),+> MemoryType for ($($name,)+) {}
    )*};
}
tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// Encodes map entries as key, value, key, value, ... (each nested).
fn encode_entries<'a, K: WasmType + 'a, V: WasmType + 'a, B: Buf>(entries: impl Iterator<Item = (&'a K, &'a V)>, out: &mut B) {
    for (key, value) in entries {
        encode_nested(key, out);
        encode_nested(value, out);
    }
}

/// Decodes map entries, refusing a repeated key.
fn decode_entries<K: WasmType, V: WasmType>(
    bytes: &[u8],
    mut insert: impl FnMut(K, V) -> bool,
) -> Result<(), WireError> {
    let mut reader = Reader::new(bytes);
    while !reader.is_empty() {
        let (key, value) = reader.progress(|r| Ok((decode_nested(r)?, decode_nested(r)?)))?;
        if !insert(key, value) {
            return Err(WireError::DuplicateKey);
        }
    }
    Ok(())
}

impl<K, V, S> WasmType for std::collections::HashMap<K, V, S>
where
    K: WasmType + Eq + core::hash::Hash,
    V: WasmType,
    S: core::hash::BuildHasher + Default,
{
    const FIXED_SIZE: Option<usize> = None;
    fn encode<B: Buf>(&self, out: &mut B) {
        encode_entries(self.iter(), out);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let mut map = Self::default();
        decode_entries(bytes, |k, v| map.insert(k, v).is_none())?;
        Ok(map)
    }
}
impl<K, V, S> MemoryType for std::collections::HashMap<K, V, S>
where
    K: WasmType + Eq + core::hash::Hash,
    V: WasmType,
    S: core::hash::BuildHasher + Default,
{
}

impl<K: WasmType + Ord, V: WasmType> WasmType for std::collections::BTreeMap<K, V> {
    const FIXED_SIZE: Option<usize> = None;
    fn encode<B: Buf>(&self, out: &mut B) {
        encode_entries(self.iter(), out);
    }
    fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let mut map = Self::new();
        decode_entries(bytes, |k, v| map.insert(k, v).is_none())?;
        Ok(map)
    }
}
impl<K: WasmType + Ord, V: WasmType> MemoryType for std::collections::BTreeMap<K, V> {}

mod boundary;
mod guest_ptr;
pub use boundary::{Fault, HostResult, Lift, Lower, Scratch, Sink, Source, Trap};
pub use guest_ptr::GuestPtr;

#[cfg(test)]
mod tests;
