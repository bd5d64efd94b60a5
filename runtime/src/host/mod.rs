//! The host side: wasmtime glue, checked guest-memory access, plugin
//! instances and typed handles. Only compiled off wasm.
//!
//! Its modules form layers, one folder each, bottom first. A module uses
//! modules of its own layer and the layers below, never one above
//! (`tests/tests/layers.rs` reads this table, checks it lists each folder's
//! modules, and fails on an upward use or an import cycle):
//!
//! | layer | modules |
//! |---|---|
//! | core | `error`, `memory`, `engine`, `block`, `decl`, `callee`, `session`, `recovery` |
//! | load | `interface`, `linker` |
//! | backends | `in_process` |
//! | calls | `plugin`, `dispatch`, `func`, `context`, `handle` |
//! | extras | `link`, `native`, `listeners`, `resources`, `pool`, `wasi` |
//!
//! - **core**: errors, checked memory access, the engine's settings, host
//!   function declarations, a plugin's callee (memory, allocator, limits),
//!   the call session and the repair of a trapped plugin's stack;
//! - **load**: interface records (and the exports they list) and their
//!   checks, and the linker that holds the host's declarations;
//! - **backends**: what runs a plugin other than a wasm instance: the
//!   in-process backend;
//! - **calls**: instances, calls into plugins (typed, by name, async) and
//!   calls from them (host functions, contexts);
//! - **extras**: links between plugins, the adapters of
//!   natively compiled plugins, listeners, host-owned resources, pools,
//!   WASI.

mod backends;
mod calls;
mod core;
mod extras;
mod load;

#[cfg(feature = "wasi")]
pub use self::extras::wasi;

pub use self::calls::context::{Context, Lendable, Lender, Lent};
pub use self::calls::func::HostFn;
#[doc(hidden)]
pub use self::calls::handle::present;
pub use self::calls::handle::{Args, AsyncStore, Binder, Call, Export, ExportSig, Handle};
pub use self::calls::plugin::Plugin;
pub use self::core::engine::{MemoryLimit, config, pooling_config};
pub use self::core::error::{
    BadValue, Dispatch, Error, ErrorKind, HostTrap, Limit, MAX_DEBUG, MAX_MESSAGE, Place, Site,
};
pub use self::core::memory::GuestMemory;
pub use self::extras::listeners::{Delivery, Fanout, Listener, Listeners};
pub use self::extras::pool::{Lease, Pool};
pub use self::extras::resources::{DEFAULT_LIMIT, Misuse, ResourceError, Resources};
pub use self::load::interface::Compatibility;
pub use self::load::interface::ExportInfo;
pub use self::load::linker::{DEFAULT_MAX_DEPTH, InstancePre, Linker};

#[doc(hidden)]
pub use self::backends::in_process::Backend;
pub use self::backends::in_process::capture_panic_locations;
#[doc(hidden)]
pub use self::calls::context::{Span, host_lent};
#[doc(hidden)]
pub use self::calls::func::{
    CallerMemory, Get, HostArgs, Lifted, Params, host_arg, host_async, host_enter, host_limits, host_slice_arg,
};
#[doc(hidden)]
pub use self::core::block::block_on;
#[doc(hidden)]
pub use self::core::decl::{HostFnInfo, HostLimits, Installer};
#[doc(hidden)]
pub use self::extras::link::{Copied, Link, LinkedFuture, NoOut, Out, link_fn, link_fn_async};
#[doc(hidden)]
pub use self::extras::native::{
    Direct, HostSlot, InStore, NativeLent, Static, installer, native_ret, needs_store, with_adapter, with_direct,
    with_static, with_store,
};
