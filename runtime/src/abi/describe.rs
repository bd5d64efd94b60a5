//! [`Describe`]: the shape a type has in interface records, so that a
//! plugin's records describe every struct and enum they mention
//! (docs/ABI.md section 8, *Type lines*).

use std::collections::{BTreeMap, HashMap};

use wasmbind_shared::Shape;

use super::{GuestPtr, Resource, Trap};

/// The shape of a type as interface records describe it: what a host in
/// another language needs to encode and decode it.
///
/// `#[derive(WasmType)]` implements it; the standard types that cross
/// have it. A type that implements [`WasmType`](super::WasmType) by hand
/// implements it too, to appear in a boundary signature.
///
/// ```
/// use wasmbind::abi::{Body, Describe, Fields, Shape};
///
/// #[derive(wasmbind::WasmType)]
/// struct Point { x: i32, y: i32 }
///
/// let Shape::Vec(Shape::Named(point)) = <Vec<Point>>::SHAPE else { panic!() };
/// assert_eq!(point.get().name, "Point");
/// assert!(matches!(point.get().body, Body::Struct(Fields::Named([("x", Shape::I32), ("y", Shape::I32)]))));
/// assert_eq!(<Vec<Point>>::SHAPE.to_string(), "Vec<Point>");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary",
    label = "`{Self}` has no shape for interface records (`wasmbind::abi::Describe`)",
    note = "`#[derive(wasmbind::WasmType)]` implements `Describe`; a type with a hand-written `WasmType` impl needs `impl Describe` as well"
)]
pub trait Describe {
    /// The type's shape.
    const SHAPE: &'static Shape;
}

macro_rules! leaves {
    ($($ty:ty => $shape:ident),* $(,)?) => {$(
        impl Describe for $ty {
            const SHAPE: &'static Shape = &Shape::$shape;
        }
    )*};
}
leaves!(
    bool => Bool, i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32, u32 => U32, i64 => I64, u64 => U64,
    f32 => F32, f64 => F64, char => Char, () => Unit, String => String, &str => Str, Trap => Trap,
);

impl<T: Describe> Describe for Vec<T> {
    const SHAPE: &'static Shape = &Shape::Vec(T::SHAPE);
}
impl<T: Describe> Describe for &[T] {
    const SHAPE: &'static Shape = &Shape::Slice(T::SHAPE);
}
impl<T: Describe> Describe for Option<T> {
    const SHAPE: &'static Shape = &Shape::Option(T::SHAPE);
}
impl<T: Describe> Describe for Box<T> {
    const SHAPE: &'static Shape = &Shape::Box(T::SHAPE);
}
impl<T: Describe> Describe for GuestPtr<T> {
    const SHAPE: &'static Shape = &Shape::GuestPtr(T::SHAPE);
}
impl<M> Describe for Resource<M> {
    const SHAPE: &'static Shape = &Shape::Resource("_");
}
impl<T: Describe, E: Describe> Describe for Result<T, E> {
    const SHAPE: &'static Shape = &Shape::Result(T::SHAPE, E::SHAPE);
}
impl<K: Describe, V: Describe, S> Describe for HashMap<K, V, S> {
    const SHAPE: &'static Shape = &Shape::HashMap(K::SHAPE, V::SHAPE);
}
impl<K: Describe, V: Describe> Describe for BTreeMap<K, V> {
    const SHAPE: &'static Shape = &Shape::BTreeMap(K::SHAPE, V::SHAPE);
}
impl<T: Describe, const N: usize> Describe for [T; N] {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE, {
        assert!(N <= u32::MAX as usize, "an array that crosses has at most u32::MAX elements");
        N as u32
    });
}

macro_rules! tuples {
    ($(($($name:ident),+))*) => {$(
        impl<$($name: Describe),+> Describe for ($($name,)+) {
            const SHAPE: &'static Shape = &Shape::Tuple(&[$($name::SHAPE),+]);
        }
    )*};
}
tuples!((A)(A, B)(A, B, C)(A, B, C, D)(A, B, C, D, E)(A, B, C, D, E, F)(A, B, C, D, E, F, G)(A, B, C, D, E, F, G, H));
