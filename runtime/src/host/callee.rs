//! The plugin's memory and allocator: what every boundary call needs from
//! the plugin on the other side. Looked up once per instance (by
//! [`Plugin`](super::Plugin)) and reached by host functions through the
//! call session, never by name on a hot path.

use wasmtime::{AsContext, AsContextMut, Instance, Memory, TypedFunc};

use super::memory::{empty, wire_len, write};
use crate::abi::{ALLOC_EXPORT, DecodeLimits, Fault, MEMORY_EXPORT, pack};

/// A plugin's `memory` and `wasmbind_alloc` exports, and the limits its
/// values decode within.
#[derive(Clone)]
pub(crate) struct Callee {
    pub(crate) memory: Option<Memory>,
    pub(crate) alloc: Option<TypedFunc<(i32, i32), i32>>,
    pub(crate) limits: DecodeLimits,
}

impl core::fmt::Debug for Callee {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Callee").field("memory", &self.memory).field("alloc", &self.alloc.is_some()).finish()
    }
}

impl Callee {
    /// Looks both up; `Err` names the allocator export when it has the wrong type.
    pub(crate) fn find(
        mut store: impl AsContextMut,
        instance: Instance,
        limits: DecodeLimits,
    ) -> Result<Self, wasmtime::Error> {
        let memory = instance.get_memory(&mut store, MEMORY_EXPORT);
        let alloc = match instance.get_func(&mut store, ALLOC_EXPORT) {
            None => None,
            Some(func) => Some(func.typed(&store).map_err(|e| e.context(format!("export `{ALLOC_EXPORT}`")))?),
        };
        Ok(Self { memory, alloc, limits })
    }

    /// The memory, or the fault of a plugin without one. (A `Fault` is
    /// built only on the error path: `ok_or(Fault::..)` builds and drops one
    /// per call, ~44 instructions on every argument, measured with callgrind.)
    #[inline]
    pub(crate) fn memory(&self) -> Result<Memory, Fault> {
        match self.memory {
            Some(memory) => Ok(memory),
            None => Err(Fault::Missing(MEMORY_EXPORT)),
        }
    }

    /// The memory's bytes (empty when there is none).
    pub(crate) fn bytes<'a>(&self, store: &'a impl AsContext) -> &'a [u8] {
        match self.memory {
            Some(memory) => memory.data(store),
            None => &[],
        }
    }

    /// Copies `body` into a fresh block from the plugin's allocator,
    /// checking the pointer it returns. Bodies are byte strings: blocks have
    /// alignment 1. An empty body needs no block.
    pub(crate) fn alloc_write(&self, mut store: impl AsContextMut, body: &[u8]) -> Result<i64, Fault> {
        if body.is_empty() {
            return Ok(empty());
        }
        let Some(alloc) = &self.alloc else { return Err(Fault::Missing(ALLOC_EXPORT)) };
        let memory = self.memory()?;
        let size = wire_len(body.len())?;
        let ptr = alloc
            .call(&mut store, (size as i32, 1))
            .map_err(|e| Fault::AllocTrapped { size: body.len(), message: format!("{e:#}") })? as u32;
        if ptr == 0 {
            return Err(Fault::AllocFailed { size: body.len(), message: "it returned 0".into() });
        }
        write(memory.data_mut(&mut store), ptr, body).map_err(|detail| Fault::BadAlloc {
            size: body.len(),
            ptr,
            detail: Box::new(detail),
        })?;
        Ok(pack(ptr, size))
    }
}
