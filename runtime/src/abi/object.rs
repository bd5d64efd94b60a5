//! [`Object`]: an object a plugin owns (`#[plugin_export(object)]`), as it
//! crosses: its index in the plugin's table of objects of its type.

use core::fmt;
use core::marker::PhantomData;

use wasmbind_shared::Shape;

use super::budget::Budget;
use super::describe::Describe;
use super::wasm_type::{MemoryType, WasmType};
use super::wire::Buf;
use super::wire_error::WireError;

/// An object of kind `K` that a plugin owns, as it crosses: the object's
/// *rep*, its index in the plugin's table of objects of its type, a `u32`
/// (docs/ABI.md section 6). Generated code makes and reads them: the host
/// holds an object through its generated handle (`ParserObject`), which
/// only the plugin's constructor makes, so no rep the host did not receive
/// from the plugin, or has given back, reaches it.
#[doc(hidden)]
pub struct Object<K: ?Sized> {
    rep: u32,
    _kind: PhantomData<fn() -> *const K>,
}

impl<K: ?Sized> Object<K> {
    /// The object `rep`.
    pub const fn from_rep(rep: u32) -> Self {
        Self { rep, _kind: PhantomData }
    }

    /// Its rep.
    pub const fn rep(self) -> u32 {
        self.rep
    }
}

impl<K: ?Sized> Clone for Object<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: ?Sized> Copy for Object<K> {}

impl<K: ?Sized> fmt::Debug for Object<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Object({})", self.rep)
    }
}

impl<K: ?Sized> WasmType for Object<K> {
    const FIXED_SIZE: Option<usize> = Some(4);
    const ALIGN: usize = 4;

    fn encode<B: Buf>(&self, out: &mut B) {
        out.put(&self.rep.to_le_bytes());
    }

    fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> {
        let rep: [u8; 4] = bytes.try_into().map_err(|_| WireError::Size { expected: 4, found: bytes.len() })?;
        Ok(Self::from_rep(u32::from_le_bytes(rep)))
    }
}

impl<K: ?Sized> MemoryType for Object<K> {}

impl<K: ?Sized> Describe for Object<K> {
    const SHAPE: &'static Shape = &Shape::Resource("_");
}
