//! The host side: wasmtime glue, checked guest-memory access, plugin
//! instances and typed handles. Only compiled off wasm.
//!
//! Its modules form layers, bottom first. A module uses modules of its own
//! layer and the layers below, never one above (`tests/tests/layers.rs`
//! reads this table and fails on an upward use or an import cycle):
//!
//! | layer | modules |
//! |---|---|
//! | core | `error`, `memory`, `engine`, `block`, `decl`, `callee`, `session`, `recovery` |
//! | load | `interface`, `linker` |
//! | backends | `in_process` |
//! | plugin | `plugin`, `dispatch`, `func`, `context`, `handle` |
//! | extras | `link`, `native`, `listeners`, `resources`, `pool`, `wasi` |
//!
//! - **core**: errors, checked memory access, the engine's settings, host
//!   function declarations, a plugin's callee (memory, allocator, limits),
//!   the call session and the repair of a trapped plugin's stack;
//! - **load**: interface records (and the exports they list) and their
//!   checks, and the linker that holds the host's declarations;
//! - **backends**: what runs a plugin other than a wasm instance: the
//!   in-process backend;
//! - **plugin**: instances, calls into plugins (typed, by name, async) and
//!   calls from them (host functions, contexts);
//! - **extras**: links between plugins, the adapters of
//!   natively compiled plugins, listeners, host-owned resources, pools,
//!   WASI.

mod block;
mod callee;
mod context;
mod decl;
mod dispatch;
mod engine;
mod error;
mod func;
mod handle;
mod in_process;
mod interface;
mod link;
mod linker;
mod listeners;
mod memory;
mod native;
mod plugin;
mod pool;
mod recovery;
mod resources;
mod session;
#[cfg(feature = "wasi")]
pub mod wasi;

pub use context::{Context, Lendable, Lender, Lent};
pub use engine::{MemoryLimit, config, pooling_config};
pub use error::{BadValue, Dispatch, Error, ErrorKind, HostTrap, Limit, MAX_DEBUG, MAX_MESSAGE, Place, Site};
pub use func::HostFn;
#[doc(hidden)]
pub use handle::present;
pub use handle::{Args, Binder, Call, Export, ExportSig, Handle};
pub use interface::Compatibility;
pub use interface::ExportInfo;
pub use linker::{DEFAULT_MAX_DEPTH, InstancePre, Linker};
pub use listeners::{Delivery, Fanout, Listener, Listeners};
pub use memory::GuestMemory;
pub use plugin::Plugin;
pub use pool::{Lease, Pool};
pub use resources::{DEFAULT_LIMIT, Misuse, ResourceError, Resources};

#[doc(hidden)]
pub use block::block_on;
#[doc(hidden)]
pub use context::{Span, host_lent};
#[doc(hidden)]
pub use decl::{HostFnInfo, HostLimits, Installer};
#[doc(hidden)]
pub use func::{
    CallerMemory, Get, HostArgs, Lifted, Params, host_arg, host_async, host_enter, host_limits, host_slice_arg,
};
#[doc(hidden)]
pub use in_process::Backend;
#[doc(hidden)]
pub use link::{Link, forward, linked};
#[doc(hidden)]
pub use native::{
    Direct, HostSlot, InStore, NativeLent, Static, installer, native_ret, needs_store, with_adapter, with_direct,
    with_static, with_store,
};
