//! The plugin's memory and allocator: what every boundary call needs from
//! the plugin on the other side. Looked up once per instance (by
//! [`Plugin`](crate::host::Plugin)) and reached by host functions through the
//! call session, never by name on a hot path.

use wasmtime::{AsContext, AsContextMut, Extern, Memory, TypedFunc};

use super::error::{causes, limit_of};
use super::exports::{Lookup, Own};
use super::memory::{empty, wire_len, write};
use crate::abi::{DecodeLimits, Fault, Sink, pack};
use wasmbind_shared::{ALLOC_EXPORT, MEMORY_EXPORT};

/// The plugin's allocator: `(size, align) -> ptr`.
type Alloc = TypedFunc<(i32, i32), i32>;

/// A plugin's `memory` and `wasmbind_alloc` exports, and the limits its
/// values decode within.
#[derive(Clone)]
pub(crate) struct Callee {
    pub(crate) memory: Option<Memory>,
    pub(crate) alloc: Option<Alloc>,
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
        exports: Lookup,
        limits: DecodeLimits,
    ) -> Result<Self, wasmtime::Error> {
        let memory = exports.own(&mut store, Own::Memory).and_then(Extern::into_memory);
        let alloc = match exports.own(&mut store, Own::Alloc).and_then(Extern::into_func) {
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
        let (alloc, memory, size) = self.alloc_for(body.len())?;
        let ptr = alloc.call(&mut store, (size as i32, 1));
        write_block(memory.data_mut(&mut store), ptr, body)
    }

    /// [`Callee::alloc_write`] for a store whose plugins run on fibers
    /// (async calls): the allocator is awaited.
    pub(crate) async fn alloc_write_async<T: Send + 'static>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        body: &[u8],
    ) -> Result<i64, Fault> {
        if body.is_empty() {
            return Ok(empty());
        }
        let (alloc, memory, size) = self.alloc_for(body.len())?;
        let ptr = alloc.call_async(&mut store, (size as i32, 1)).await;
        write_block(memory.data_mut(&mut store), ptr, body)
    }

    /// The allocator, the memory and the wire length of a body of `len` bytes.
    fn alloc_for(&self, len: usize) -> Result<(&Alloc, Memory, u32), Fault> {
        let Some(alloc) = &self.alloc else { return Err(Fault::Missing(ALLOC_EXPORT)) };
        Ok((alloc, self.memory()?, wire_len(len)?))
    }
}

/// Why the allocator could not be called, and what to do about wasmtime's
/// refusal of a blocking call on a fiber.
#[cold]
fn no_sync_alloc(error: &wasmtime::Error) -> String {
    let text = causes(error);
    let hint = match text.contains("async") {
        true => {
            " (in an async store, enter plugins with the handles' `_async` methods, and register host traits with `add_to_linker_async`: a host function registered synchronously can return only what fits the plugin's 256-byte result area there)"
        }
        false => "",
    };
    format!("{text}{hint}")
}

/// Checks the block the allocator returned and copies `body` into it.
fn write_block(memory: &mut [u8], ptr: wasmtime::Result<i32>, body: &[u8]) -> Result<i64, Fault> {
    let ptr = ptr.map_err(|e| match (limit_of(&e), e.downcast_ref::<wasmtime::Trap>()) {
        (Some(limit), _) => Fault::AllocLimit { size: body.len(), limit },
        (None, Some(_)) => Fault::AllocTrapped { size: body.len(), message: causes(&e) },
        // Refused before the plugin ran (a sync host function's result in an
        // async call, say): the plugin is as it was.
        (None, None) => Fault::AllocFailed { size: body.len(), message: no_sync_alloc(&e) },
    })? as u32;
    if ptr == 0 {
        return Err(Fault::AllocFailed { size: body.len(), message: "it returned 0".into() });
    }
    write(memory, ptr, body).map_err(|detail| Fault::BadAlloc { size: body.len(), ptr, detail: Box::new(detail) })?;
    Ok(pack(ptr, body.len() as u32))
}

/// Lowering a value into a plugin whose allocator must be awaited (an async
/// call): [`Sink::put_slice`] cannot wait, so the value is lowered twice:
/// first collecting the bodies it puts, then (after each is copied into a
/// block awaited from the allocator) handing out those blocks in order.
/// Lowering is a function of the value, so both passes put the same bodies.
#[derive(Debug)]
pub(crate) enum TwoPass {
    /// The first pass: the bodies, in order.
    Collect(Vec<Vec<u8>>),
    /// The second: each body's length and where it was placed.
    Place(std::vec::IntoIter<(usize, i64)>),
}

impl TwoPass {
    /// Runs the first pass: what `lower` returns and the bodies it put.
    pub(crate) fn collect<C, E>(lower: impl FnOnce(&mut Self) -> Result<C, E>) -> Result<(C, Vec<Vec<u8>>), E> {
        let mut sink = Self::Collect(Vec::new());
        let core = lower(&mut sink)?;
        let bodies = match sink {
            Self::Collect(bodies) => bodies,
            Self::Place(_) => Vec::new(),
        };
        Ok((core, bodies))
    }
}

impl Sink for TwoPass {
    fn put_slice(&mut self, body: &[u8]) -> Result<i64, Fault> {
        match self {
            Self::Collect(bodies) => {
                bodies.push(body.to_vec());
                Ok(empty())
            }
            Self::Place(placed) => place(placed, body.len()),
        }
    }
    fn put_vec(&mut self, body: Vec<u8>) -> Result<i64, Fault> {
        match self {
            Self::Collect(bodies) => {
                bodies.push(body);
                Ok(empty())
            }
            Self::Place(placed) => place(placed, body.len()),
        }
    }
}

fn place(placed: &mut std::vec::IntoIter<(usize, i64)>, len: usize) -> Result<i64, Fault> {
    match placed.next() {
        Some((placed_len, packed)) if placed_len == len => Ok(packed),
        _ => Err(Fault::AllocFailed { size: len, message: "the value lowered differently the second time".into() }),
    }
}

impl Callee {
    /// Copies each body into a block awaited from the allocator: the
    /// second pass of a [`TwoPass`] lowering. `Err` names the body.
    pub(crate) async fn place_async<T: Send + 'static>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        bodies: Vec<Vec<u8>>,
    ) -> Result<TwoPass, (usize, Fault)> {
        let mut placed = Vec::with_capacity(bodies.len());
        for (index, body) in bodies.into_iter().enumerate() {
            let packed = self.alloc_write_async(&mut store, &body).await.map_err(|fault| (index, fault))?;
            placed.push((body.len(), packed));
        }
        Ok(TwoPass::Place(placed.into_iter()))
    }
}
