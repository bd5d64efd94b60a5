//! [`WasmType`] for the scalars and the standard library's types.

use super::budget::Budget;
use super::pod::{self, PodLayout};
use super::wire::{Buf, Reader, fixed_size, max_align};
use super::wire_error::WireError;
use super::{MemoryType, Scalar, WasmAbi, WasmType, decode_nested, encode_nested};

macro_rules! le_bytes {
    ($($ty:ty),*) => {$(
        impl WasmType for $ty {
            const FIXED_SIZE: Option<usize> = Some(size_of::<$ty>());
            const ALIGN: usize = size_of::<$ty>();
            const POD: Option<PodLayout<Self>> = pod::number();
            #[inline]
            fn encode<B: Buf>(&self, out: &mut B) {
                out.put(&self.to_le_bytes());
            }
            #[inline]
            fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> {
                Ok(<$ty>::from_le_bytes(fixed(bytes)?))
            }
        }
    )*};
}
le_bytes!(i8, i16, u16, i32, u32, i64, u64, f32, f64);

/// `u8` is its own body, so `Vec<u8>` copies in one go.
impl WasmType for u8 {
    const FIXED_SIZE: Option<usize> = Some(1);
    const POD: Option<PodLayout<Self>> = pod::number();
    const VEC_OWNS_BODY: bool = true;
    #[inline]
    fn encode<B: Buf>(&self, out: &mut B) {
        out.put(&[*self]);
    }
    #[inline]
    fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> {
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
    fn decode_vec(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Self>, WireError> {
        budget.charge_block(bytes.len())?;
        let mut items = Vec::new();
        items.try_reserve_exact(bytes.len())?;
        items.extend_from_slice(bytes);
        Ok(items)
    }
    #[inline]
    fn vec_from_owned(bytes: Vec<u8>, _: &mut Budget) -> Result<Vec<Self>, WireError> {
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        Self::from_core(i32::from(u8::decode_with(bytes, budget)?))
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        Self::from_core(u32::decode_with(bytes, budget)? as i32)
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        budget.charge_block(bytes.len())?;
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
    fn decode_owned(bytes: Vec<u8>, _: &mut Budget) -> Result<Self, WireError> {
        String::from_utf8(bytes).map_err(|e| WireError::Utf8 { valid_up_to: e.utf8_error().valid_up_to() })
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
        const {
            assert!(
                !matches!(T::FIXED_SIZE, Some(0)),
                "a Vec of zero-sized elements cannot cross: its length would be lost"
            )
        };
        T::encode_slice(self, out);
    }
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        T::decode_vec(bytes, budget)
    }
    fn as_body(&self) -> Option<&[u8]> {
        T::slice_as_body(self)
    }
    fn decode_owned(bytes: Vec<u8>, budget: &mut Budget) -> Result<Self, WireError> {
        T::vec_from_owned(bytes, budget)
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes, budget);
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
    const POD: Option<PodLayout<Self>> = pod::array(T::POD);
    fn encode<B: Buf>(&self, out: &mut B) {
        for item in self {
            encode_nested(item, out);
        }
    }
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes, budget);
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes, budget);
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        budget.charge_items::<T>(1)?;
        T::decode_with(bytes, budget).map(Box::new)
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
            fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
                let mut reader = Reader::new(bytes, budget);
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
fn encode_entries<'a, K: WasmType + 'a, V: WasmType + 'a, B: Buf>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    out: &mut B,
) {
    for (key, value) in entries {
        encode_nested(key, out);
        encode_nested(value, out);
    }
}

/// Decodes map entries, refusing a repeated key: one level of nesting;
/// `insert` charges what the map takes for an entry and says whether the
/// key was new.
fn decode_entries<K: WasmType, V: WasmType>(
    bytes: &[u8],
    budget: &mut Budget,
    mut insert: impl FnMut(K, V, &mut Budget) -> Result<bool, WireError>,
) -> Result<(), WireError> {
    let mut reader = Reader::nested(bytes, budget)?;
    while !reader.is_empty() {
        let (key, value) = reader.progress(|r| Ok((decode_nested(r)?, decode_nested(r)?)))?;
        if !insert(key, value, reader.budget())? {
            return Err(WireError::DuplicateKey);
        }
    }
    reader.finish()
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut map = Self::default();
        decode_entries(bytes, budget, |k, v, budget| {
            super::budget::grow_map(&mut map, budget)?;
            Ok(map.insert(k, v).is_none())
        })?;
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
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut map = Self::new();
        decode_entries(bytes, budget, |k, v, budget| {
            super::budget::charge_tree_entry::<K, V>(map.len(), budget)?;
            Ok(map.insert(k, v).is_none())
        })?;
        Ok(map)
    }
}
impl<K: WasmType + Ord, V: WasmType> MemoryType for std::collections::BTreeMap<K, V> {}

/// `()` has an empty body: `Result<(), E>` and `Option<()>` cross like any
/// other value. (As a whole result, `()` is no result at all.)
impl WasmType for () {
    const FIXED_SIZE: Option<usize> = Some(0);
    #[inline]
    fn encode<B: Buf>(&self, _: &mut B) {}
    #[inline]
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        Reader::new(bytes, budget).finish()
    }
}
