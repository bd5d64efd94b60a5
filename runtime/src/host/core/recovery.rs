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
//!   stack pointer back to where the call found it (through the exported
//!   global, or the `wasmbind_stack_get`/`wasmbind_stack_set` functions the
//!   guest runtime links into every plugin) and the plugin stays usable. A
//!   plugin on wasmbind's guest runtime with neither (built against an
//!   older wasmbind) cannot be repaired and is poisoned instead, the error
//!   saying why; one without that runtime (hand-written, another language)
//!   is left as it is.
//! - Anywhere (fuel, a deadline, a memory limit inside `memory.grow`, an
//!   out-of-bounds access, a stack overflow, the plugin's allocator
//!   failing): the plugin may have stopped halfway through updating its
//!   memory (its allocator's lists, say), so it is poisoned. Every later
//!   call is refused with [`ErrorKind::Poisoned`](crate::host::ErrorKind::Poisoned).

use wasmtime::{AsContextMut, Extern, Global, Mutability, TypedFunc, Val, ValType};

use super::error::{BadValue, Error, ErrorKind, Limit};
use super::exports::{Lookup, Own};
use crate::abi::Fault;

/// The plugin's stack pointer, as it can be reached, and its value between calls.
#[derive(Debug)]
pub(crate) struct Stack {
    access: Access,
    /// `None` when it could not be read at instantiation (a store that
    /// only takes async calls cannot call `wasmbind_stack_get` from outside
    /// one; its calls read the pointer at entry instead).
    rest: Option<i32>,
}

/// How the host reaches a plugin's stack pointer.
enum Access {
    /// The `__stack_pointer` global, exported by plugins `wasmbind-build` builds.
    Global(Global),
    /// `wasmbind_stack_get` and `wasmbind_stack_set`, which wasmbind's guest
    /// runtime links into every plugin (`runtime/guest-stack`), however it
    /// was built.
    Functions(TypedFunc<(), i32>, TypedFunc<i32, ()>),
}

/// Why a plugin on wasmbind's guest runtime cannot be repaired after a
/// trap, and what to do about it.
pub(crate) const UNREPAIRABLE: &str = "it exports neither `__stack_pointer` nor `wasmbind_stack_set`, so the stack \
     pointer a trap leaves behind cannot be moved back: rebuild it against this version of wasmbind";

impl core::fmt::Debug for Access {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Global(_) => "Global",
            Self::Functions(..) => "Functions",
        })
    }
}

impl Stack {
    /// The stack pointer of a new instance (no call in progress).
    pub(crate) fn find(mut store: impl AsContextMut, exports: Lookup) -> Option<Self> {
        let access = match exports.own(&mut store, Own::Stack) {
            Some(Extern::Global(global)) => {
                let ty = global.ty(&store);
                if ty.mutability() != Mutability::Var || !matches!(ty.content(), ValType::I32) {
                    return None;
                }
                Access::Global(global)
            }
            _ => {
                let get = exports.own(&mut store, Own::StackGet)?.into_func()?.typed(&store).ok()?;
                let set = exports.own(&mut store, Own::StackSet)?.into_func()?.typed(&store).ok()?;
                Access::Functions(get, set)
            }
        };
        let mut stack = Self { access, rest: None };
        stack.rest = stack.read(&mut store);
        match (&stack.access, stack.rest) {
            (Access::Global(_), None) => None,
            _ => Some(stack),
        }
    }

    /// The pointer between calls, if it could be read at instantiation.
    pub(crate) fn rest(&self) -> Option<i32> {
        self.rest
    }

    /// The pointer as an async call finds it (read now, awaiting
    /// `wasmbind_stack_get` where the store takes only async calls).
    pub(crate) async fn at_entry_async<T: Send>(&self, mut store: impl AsContextMut<Data = T>) -> Option<i32> {
        match &self.access {
            Access::Functions(get, _) => get.call_async(&mut store, ()).await.ok(),
            Access::Global(_) => self.read(store),
        }
    }

    /// The pointer now.
    #[cold]
    pub(crate) fn read(&self, mut store: impl AsContextMut) -> Option<i32> {
        match &self.access {
            Access::Global(global) => global.get(&mut store).i32(),
            // A blocking call, which an async store may refuse.
            Access::Functions(get, _) => get.call(&mut store, ()).ok(),
        }
    }

    /// Moves the pointer back to its value between calls.
    #[cold]
    pub(crate) fn reset_to_rest(&self, store: impl AsContextMut) -> bool {
        self.rest.is_some_and(|rest| self.reset(store, rest))
    }

    /// [`Stack::reset`] for a store that takes only async calls.
    #[cold]
    pub(crate) async fn reset_async<T: Send>(&self, mut store: impl AsContextMut<Data = T>, to: i32) -> bool {
        match &self.access {
            Access::Functions(_, set) => set.call_async(&mut store, to).await.is_ok(),
            Access::Global(_) => self.reset(store, to),
        }
    }

    /// Moves the pointer back to `to`.
    #[cold]
    pub(crate) fn reset(&self, mut store: impl AsContextMut, to: i32) -> bool {
        match &self.access {
            Access::Global(global) => global.set(&mut store, Val::I32(to)).is_ok(),
            Access::Functions(_, set) => set.call(&mut store, to).is_ok(),
        }
    }
}

/// What to do with a plugin after a failed call.
pub(crate) enum Repair<'s> {
    /// Nothing: it stopped at a boundary and keeps no stack in memory.
    Nothing,
    /// Move its stack pointer back to this value (it stopped at a boundary).
    Reset(&'s Stack, i32),
    /// Poison it; `unrepairable` when it stopped at a boundary but nothing
    /// reaches its stack pointer (the error then says so).
    Poison {
        /// It stopped at a boundary but cannot be reached.
        unrepairable: bool,
    },
}

/// What [`Repair`] a failed call with `error` needs, for a plugin with
/// `stack` (if any), entered at `entry`, on wasmbind's guest runtime or not.
pub(crate) fn repair<'s>(
    error: &Error,
    stack: Option<&'s Stack>,
    entry: Option<i32>,
    guest_runtime: bool,
) -> Repair<'s> {
    match (at_boundary(error), stack, entry) {
        (false, ..) | (true, Some(_), None) => Repair::Poison { unrepairable: false },
        (true, Some(stack), Some(to)) => Repair::Reset(stack, to),
        // wasmbind's guest runtime keeps a stack in memory; a plugin without it may not.
        (true, None, _) if guest_runtime => Repair::Poison { unrepairable: true },
        (true, None, _) => Repair::Nothing,
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
        ErrorKind::WrongStore { .. } | ErrorKind::ForeignObject { .. } => true,
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
