//! Keeping an instance sound after a trap.
//!
//! A Rust plugin keeps its stack frames in linear memory below a global,
//! `__stack_pointer`, that each function's epilogue moves back. A trap
//! skips the epilogues, so every trap would leave the pointer a few frames
//! lower, until the stack runs into the plugin's statics. Where the trap
//! happened decides what the host does:
//!
//! - At a boundary (a host function the plugin called returned an error,
//!   or the plugin's panic hook recorded a panic): the plugin's memory is
//!   as consistent as at any call into an import, so the host moves the
//!   stack pointer back to where the call found it and the plugin stays
//!   usable. A plugin on wasmbind's guest runtime that does not export its
//!   stack pointer cannot be repaired and is poisoned instead; one without
//!   that runtime (hand-written, another language) is left as it is.
//! - Anywhere (fuel, a deadline, a memory limit inside `memory.grow`, an
//!   out-of-bounds access, a stack overflow, the plugin's allocator
//!   failing): the plugin may have stopped halfway through updating its
//!   memory (its allocator's lists, say), so it is poisoned. Every later
//!   call is refused with [`ErrorKind::Poisoned`](super::ErrorKind::Poisoned).

use wasmtime::{AsContextMut, Extern, Global, Instance, Mutability, Val, ValType};

use super::error::{BadValue, Error, ErrorKind, Limit};
use crate::abi::{Fault, STACK_EXPORT};

/// The plugin's exported stack pointer and its value between calls.
#[derive(Debug)]
pub(crate) struct Stack {
    global: Global,
    rest: i32,
}

impl Stack {
    /// The exported stack pointer of a new instance (no call in progress).
    pub(crate) fn find(mut store: impl AsContextMut, instance: Instance) -> Option<Self> {
        let Some(Extern::Global(global)) = instance.get_export(&mut store, STACK_EXPORT) else { return None };
        let ty = global.ty(&store);
        if ty.mutability() != Mutability::Var || !matches!(ty.content(), ValType::I32) {
            return None;
        }
        let rest = global.get(&mut store).i32()?;
        Some(Self { global, rest })
    }

    /// The pointer as a call finds it: its value between calls for a call
    /// made while no other is in progress on this thread (no read), else
    /// read now (a call from inside a host function).
    #[inline]
    pub(crate) fn at_entry(&self, store: impl AsContextMut, outermost: bool) -> i32 {
        match outermost {
            true => self.rest,
            false => self.read(store),
        }
    }

    #[cold]
    fn read(&self, mut store: impl AsContextMut) -> i32 {
        self.global.get(&mut store).i32().unwrap_or(self.rest)
    }

    /// Moves the pointer back to `to`.
    #[cold]
    pub(crate) fn reset(&self, mut store: impl AsContextMut, to: i32) -> bool {
        self.global.set(&mut store, Val::I32(to)).is_ok()
    }
}

/// Whether a failed call stopped the plugin at a boundary (see the module
/// documentation), from the error it was classified as.
pub(crate) fn at_boundary(error: &Error) -> bool {
    match error.kind() {
        // The allocator trapped while the host placed a result.
        ErrorKind::BadValue(BadValue { fault: Fault::AllocTrapped { .. } | Fault::AllocLimit { .. }, .. }) => false,
        ErrorKind::BadValue(_) | ErrorKind::HostTrap { .. } | ErrorKind::Panic { .. } => true,
        ErrorKind::Linked { .. } | ErrorKind::Dispatch { .. } | ErrorKind::Absent { .. } => true,
        ErrorKind::WrongStore { .. } => true,
        // A host function's own error, not a trap of the plugin's code.
        ErrorKind::Call { source, .. } => source.downcast_ref::<wasmtime::Trap>().is_none(),
        // Refused before the call was made.
        ErrorKind::Limit { limit: Limit::Depth { .. }, .. } => true,
        // Fuel a host function's declared limits took: stopped at the call.
        ErrorKind::Limit { limit: Limit::Fuel, source, .. } => source.downcast_ref::<Limit>().is_some(),
        ErrorKind::Limit { .. } | ErrorKind::Poisoned { .. } | ErrorKind::Interface { .. } | ErrorKind::Load { .. } => {
            false
        }
    }
}
