//! Types whose memory layout *is* their wire body ("plain old data"), and
//! every `unsafe` operation that relies on it. Nothing outside this file
//! reinterprets bytes as values or values as bytes.
//!
//! A type is POD here when its `WasmType::POD` holds a [`PodLayout`]:
//! `#[repr(C)]`, numbers only (every bit pattern valid), no padding. On a
//! little-endian target such values and slices of them copy as one block,
//! and a `&[T]` argument can borrow the plugin's memory in place.

use core::marker::PhantomData;

use super::WireError;

const LITTLE_ENDIAN: bool = cfg!(target_endian = "little");

/// Proof that `T`'s memory layout is its wire body on a little-endian
/// target: `#[repr(C)]`, integers and floats only (every bit pattern
/// valid), no padding. Only `unsafe` code can make one (`#[derive(WasmType)]`
/// does, after checking those conditions), and a proof for one type is not
/// one for another.
pub struct PodLayout<T>(PhantomData<fn() -> T>);

impl<T> PodLayout<T> {
    /// # Safety
    /// `T` must be `#[repr(C)]`, have no padding (`size_of` equals its
    /// fixed wire size), and consist only of types that are themselves POD.
    pub const unsafe fn assert() -> Self {
        Self(PhantomData)
    }
}

impl<T> Clone for PodLayout<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for PodLayout<T> {}
impl<T> core::fmt::Debug for PodLayout<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PodLayout")
    }
}

/// The primitive integers and floats: no padding, every bit pattern valid.
pub(crate) trait Number {}
impl Number for i8 {}
impl Number for u8 {}
impl Number for i16 {}
impl Number for u16 {}
impl Number for i32 {}
impl Number for u32 {}
impl Number for i64 {}
impl Number for u64 {}
impl Number for f32 {}
impl Number for f64 {}

/// The proof for a primitive number type.
pub(crate) const fn number<T: Number>() -> Option<PodLayout<T>> {
    // SAFETY: `Number` types have no padding and every bit pattern is valid.
    Some(unsafe { PodLayout::assert() })
}

/// The proof for `[T; N]` given `T`'s: an array of POD elements has no
/// padding between them.
pub(crate) const fn array<T, const N: usize>(element: Option<PodLayout<T>>) -> Option<PodLayout<[T; N]>> {
    match element {
        // SAFETY: `[T; N]` is laid out as `N` `T`s back to back, without padding.
        Some(_) => Some(unsafe { PodLayout::assert() }),
        None => None,
    }
}

/// `Some` when every field is POD, the type is `#[repr(C)]` and its size is
/// its wire size; for `#[derive(WasmType)]`.
///
/// # Safety
/// `repr_c` must be true only when `T` is `#[repr(C)]`; the function checks
/// the rest (all `fields` POD, `size_of::<T>()` equal to `fixed`).
#[doc(hidden)]
pub const unsafe fn pod_if<T>(repr_c: bool, fields: &[bool], fixed: Option<usize>) -> Option<PodLayout<T>> {
    let mut i = 0;
    while i < fields.len() {
        if !fields[i] {
            return None;
        }
        i += 1;
    }
    match fixed {
        // SAFETY: repr(C) (the caller's promise), all fields POD, and no
        // padding: the conditions of `PodLayout::assert`.
        Some(size) if repr_c && size == size_of::<T>() => Some(unsafe { PodLayout::assert() }),
        _ => None,
    }
}

/// True when `proof` vouches for `T` and bytes can stand for values here.
fn usable<T>(proof: Option<PodLayout<T>>) -> bool {
    proof.is_some() && LITTLE_ENDIAN && size_of::<T>() > 0
}

/// The bytes of a POD slice, which are its body; `None` for other types.
#[inline]
pub(crate) fn as_bytes<T>(proof: Option<PodLayout<T>>, items: &[T]) -> Option<&[u8]> {
    if !usable(proof) {
        return None;
    }
    // SAFETY: POD: no padding, so every byte of the slice is initialized,
    // and `u8` has no alignment requirement.
    Some(unsafe { core::slice::from_raw_parts(items.as_ptr().cast::<u8>(), size_of_val(items)) })
}

/// Reads one POD value from exactly its bytes; `None` for other types or
/// another length.
#[inline]
pub(crate) fn read<T>(proof: Option<PodLayout<T>>, bytes: &[u8]) -> Option<T> {
    if !usable(proof) || bytes.len() != size_of::<T>() {
        return None;
    }
    // SAFETY: POD makes every bit pattern of `size_of::<T>()` bytes a valid
    // `T`, and the length was just checked; the read is unaligned.
    Some(unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

/// Decodes a body of POD elements with one copy; `None` for other types.
pub(crate) fn vec_from_bytes<T>(proof: Option<PodLayout<T>>, bytes: &[u8]) -> Option<Result<Vec<T>, WireError>> {
    if !usable(proof) {
        return None;
    }
    Some(copy_vec(bytes))
}

fn copy_vec<T>(bytes: &[u8]) -> Result<Vec<T>, WireError> {
    let size = size_of::<T>();
    if !bytes.len().is_multiple_of(size) {
        return Err(WireError::Ragged { len: bytes.len(), element_size: size });
    }
    let count = bytes.len() / size;
    let mut items = Vec::<T>::new();
    items.try_reserve_exact(count)?;
    // SAFETY: POD (the proof, checked by `vec_from_bytes`) makes every bit pattern a
    // valid `T` of exactly `size` bytes; `count` items were reserved and
    // `bytes.len() == count * size`.
    unsafe {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), items.as_mut_ptr().cast::<u8>(), bytes.len());
        items.set_len(count);
    }
    Ok(items)
}

/// Borrows a body of POD elements in place when it is aligned for `T`:
/// `None` for other types or a misaligned body, which the caller decodes
/// into a copy instead.
pub(crate) fn borrow_slice<T>(proof: Option<PodLayout<T>>, bytes: &[u8]) -> Option<Result<&[T], WireError>> {
    if !usable(proof) {
        return None;
    }
    if !bytes.len().is_multiple_of(size_of::<T>()) {
        return Some(Err(WireError::Ragged { len: bytes.len(), element_size: size_of::<T>() }));
    }
    if !bytes.as_ptr().cast::<T>().is_aligned() {
        return None;
    }
    // SAFETY: POD: every bit pattern is a valid `T` and it has no padding;
    // the pointer is aligned for `T`, the length is a whole number of `T`s,
    // and the slice borrows `bytes` for the same lifetime.
    Some(Ok(unsafe { core::slice::from_raw_parts(bytes.as_ptr().cast::<T>(), bytes.len() / size_of::<T>()) }))
}
