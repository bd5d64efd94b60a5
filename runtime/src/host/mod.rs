//! The host side: wasmtime glue, checked guest-memory access, plugin
//! instances and typed handles. Only compiled off wasm.
//!
//! Modules depend on each other in one direction: `error` and `memory` at
//! the bottom; `callee` (a plugin's memory and allocator) and `session`
//! (which plugin a host call serves) on them; `interface`, `linker`, then
//! `plugin` (with `dispatch`, calls by name), then `handle` (calls into
//! plugins), `func` and `context` (calls from plugins), and `link` (calls
//! from one plugin into another) on both. `listeners` (events) and
//! `resources` (host objects behind handles) build on `plugin`; `pool`
//! (warm instances for many threads) on `handle`.

mod callee;
mod context;
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
pub use dispatch::ExportInfo;
pub use engine::{MemoryLimit, config, pooling_config};
pub use error::{BadValue, Dispatch, Error, ErrorKind, HostTrap, Limit, MAX_DEBUG, MAX_MESSAGE, Place, Site};
pub use func::HostFn;
#[doc(hidden)]
pub use handle::present;
pub use handle::{Args, Binder, Call, Export, ExportSig, Handle};
pub use interface::Compatibility;
pub use linker::{DEFAULT_MAX_DEPTH, InstancePre, Linker};
pub use listeners::{Delivery, Fanout, Listener, Listeners};
pub use memory::GuestMemory;
pub use plugin::Plugin;
pub use pool::{Lease, Pool};
pub use resources::{DEFAULT_LIMIT, Misuse, ResourceError, Resources};

#[doc(hidden)]
pub use context::{Span, host_lent};
#[doc(hidden)]
pub use func::{
    CallerMemory, Get, HostArgs, HostFnInfo, HostLimits, Lifted, Params, host_arg, host_async, host_enter, host_limits,
    host_slice_arg,
};
#[doc(hidden)]
pub use in_process::{Backend, Installer, NativeCell, cell_address};
#[doc(hidden)]
pub use link::{Link, forward, linked};
#[doc(hidden)]
pub use native::{
    Direct, HostSlot, InStore, NativeLent, Static, block_on, installer, native_ret, needs_store, with_adapter,
    with_direct, with_static, with_store,
};
